//! Card payments through Stripe: PaymentIntents created and read over its HTTP
//! API under our own idempotency keys, refunds, and the check of the signature
//! its webhooks carry. The buyer's browser shows Stripe's own card form
//! (Stripe.js), so card numbers never reach Touchstone.

use domain::payments::{
    CardForm, CardIntent, CardPayments, CardState, PaymentError, PaymentRequest,
};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a webhook's timestamp may be from now, in seconds (Stripe's own
/// libraries use the same): an old signed event can't be played again later.
pub const WEBHOOK_TOLERANCE_SECS: i64 = 300;

/// What the settings say about Stripe; card payments are on when the secret
/// key, the publishable key and the webhook secret are all set.
#[derive(Clone, Debug)]
pub struct StripeSettings {
    pub secret_key: String,
    pub publishable_key: String,
    pub webhook_secret: String,
    /// `https://api.stripe.com`, or a test server (localstripe).
    pub api_base: String,
    /// Stripe.js: `https://js.stripe.com/v3/`, or the test server's.
    pub script: String,
}

pub struct Stripe {
    client: reqwest::Client,
    settings: StripeSettings,
}

impl Stripe {
    pub fn new(settings: StripeSettings) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()?;
        Ok(Stripe { client, settings })
    }

    pub fn webhook_secret(&self) -> &str {
        &self.settings.webhook_secret
    }

    /// The origins the buyer's browser talks to for the card form: the script's
    /// and the API's (for the page's content security policy).
    pub fn browser_origins(&self) -> Vec<String> {
        [&self.settings.script, &self.settings.api_base]
            .into_iter()
            .filter_map(|url| origin_of(url))
            .collect()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.api_base.trim_end_matches('/'))
    }

    /// Sends a call with the secret key; the answer's JSON, or why not.
    async fn call(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<serde_json::Value, PaymentError> {
        let unavailable = |error: reqwest::Error| PaymentError::Unavailable(error.to_string());
        let response = request
            .bearer_auth(&self.settings.secret_key)
            .send()
            .await
            .map_err(unavailable)?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.map_err(unavailable)?;
        if status.is_success() {
            return Ok(body);
        }
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or("no message")
            .to_owned();
        if status.is_server_error() || status.as_u16() == 429 {
            Err(PaymentError::Unavailable(format!("{status}: {message}")))
        } else {
            Err(PaymentError::Refused(format!("{status}: {message}")))
        }
    }

    fn intent(body: &serde_json::Value) -> Result<CardIntent, PaymentError> {
        intent_of(body).ok_or_else(|| {
            PaymentError::Unavailable("Stripe answered without a payment intent".into())
        })
    }
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// A PaymentIntent as Stripe sends it, in an answer or in an event.
pub fn intent_of(object: &serde_json::Value) -> Option<CardIntent> {
    let state = match object["status"].as_str()? {
        "succeeded" => CardState::Succeeded,
        "canceled" => CardState::Canceled,
        "requires_payment_method" => match object["last_payment_error"]["message"].as_str() {
            Some(message) => CardState::Refused(message.to_owned()),
            None => CardState::AwaitingCard,
        },
        // requires_confirmation, requires_action (3-D Secure), processing.
        _ => CardState::AwaitingCard,
    };
    Some(CardIntent {
        reference: object["id"].as_str()?.to_owned(),
        client_secret: object["client_secret"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        state,
    })
}

#[async_trait::async_trait]
impl CardPayments for Stripe {
    fn form(&self) -> CardForm {
        CardForm {
            publishable_key: self.settings.publishable_key.clone(),
            script: self.settings.script.clone(),
        }
    }

    async fn start(&self, request: &PaymentRequest) -> Result<CardIntent, PaymentError> {
        let form = [
            ("amount", request.amount.minor().to_string()),
            (
                "currency",
                request.amount.currency().code().to_ascii_lowercase(),
            ),
            ("payment_method_types[]", "card".to_owned()),
            ("metadata[purpose]", request.purpose.clone()),
        ];
        let body = self
            .call(
                self.client
                    .post(self.url("/v1/payment_intents"))
                    .header("Idempotency-Key", &request.idempotency_key)
                    .form(&form),
            )
            .await?;
        Self::intent(&body)
    }

    async fn check(&self, reference: &str) -> Result<CardIntent, PaymentError> {
        let reference: String = reference
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let body = self
            .call(
                self.client
                    .get(self.url(&format!("/v1/payment_intents/{reference}"))),
            )
            .await?;
        Self::intent(&body)
    }

    async fn refund(
        &self,
        reference: &str,
        minor: i64,
        idempotency_key: &str,
    ) -> Result<(), PaymentError> {
        let form = [
            ("payment_intent", reference.to_owned()),
            ("amount", minor.to_string()),
        ];
        self.call(
            self.client
                .post(self.url("/v1/refunds"))
                .header("Idempotency-Key", idempotency_key)
                .form(&form),
        )
        .await
        .map(|_| ())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing or malformed")]
    Malformed,
    #[error("the signed timestamp is too far from now")]
    Stale,
    #[error("no signature matches the payload")]
    Mismatch,
}

/// Checks a webhook's `Stripe-Signature` (`t=…,v1=…[,v1=…]`): an HMAC-SHA256
/// with the webhook secret over `t.payload`, compared in constant time, with `t`
/// within `WEBHOOK_TOLERANCE_SECS` of `now` (Unix seconds).
pub fn verify_signature(
    header: &str,
    payload: &[u8],
    secret: &str,
    now: i64,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.extend(hex_bytes(value)),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - timestamp).abs() > WEBHOOK_TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    let signed = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| SignatureError::Malformed)?
        .chain_update(timestamp.to_string())
        .chain_update(b".")
        .chain_update(payload);
    if signatures
        .iter()
        .any(|signature| signed.clone().verify_slice(signature).is_ok())
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// A `Stripe-Signature` header for `payload` at `timestamp`, as Stripe signs it.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(payload);
    format!(
        "t={timestamp},v1={}",
        domain::shared::hex(&mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_touchstone";
    const PAYLOAD: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;

    #[test]
    fn a_signature_made_with_the_secret_within_the_tolerance_verifies() {
        let header = sign(PAYLOAD, SECRET, 1_800_000_000);
        assert_eq!(
            verify_signature(&header, PAYLOAD, SECRET, 1_800_000_100),
            Ok(())
        );
        let rotated = format!("{},v1={}", header, "00".repeat(32));
        assert_eq!(
            verify_signature(&rotated, PAYLOAD, SECRET, 1_800_000_000),
            Ok(()),
            "any of several signatures may match"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        let header = sign(PAYLOAD, SECRET, 1_800_000_000);
        let changed = br#"{"id":"evt_1","type":"payment_intent.succeeded" }"#;
        assert_eq!(
            verify_signature(&header, changed, SECRET, 1_800_000_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(&header, PAYLOAD, "whsec_other", 1_800_000_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(&header, PAYLOAD, SECRET, 1_800_000_301),
            Err(SignatureError::Stale),
            "a replay five minutes later"
        );
        let moved = header.replace("t=1800000000", "t=1800000200");
        assert_eq!(
            verify_signature(&moved, PAYLOAD, SECRET, 1_800_000_200),
            Err(SignatureError::Mismatch),
            "the timestamp is signed too"
        );
        for malformed in [
            "",
            "t=1800000000",
            "v1=abcd",
            "t=x,v1=zz",
            "t=1800000000,v1=abc",
        ] {
            assert_eq!(
                verify_signature(malformed, PAYLOAD, SECRET, 1_800_000_000),
                Err(SignatureError::Malformed),
                "{malformed}"
            );
        }
    }

    #[test]
    fn intents_read_as_their_state() {
        let intent = |status: &str, error: Option<&str>| {
            intent_of(&serde_json::json!({
                "id": "pi_1",
                "client_secret": "pi_1_secret_2",
                "status": status,
                "last_payment_error": error.map(|message| serde_json::json!({ "message": message })),
            }))
            .map(|intent| intent.state)
        };
        assert_eq!(intent("succeeded", None), Some(CardState::Succeeded));
        assert_eq!(
            intent("requires_action", None),
            Some(CardState::AwaitingCard)
        );
        assert_eq!(
            intent("requires_payment_method", Some("Your card was declined.")),
            Some(CardState::Refused("Your card was declined.".into()))
        );
        assert_eq!(intent("canceled", None), Some(CardState::Canceled));
        assert_eq!(intent_of(&serde_json::json!({ "id": "pi_1" })), None);
        assert_eq!(
            origin_of("http://127.0.0.1:8420/js.stripe.com/v3/").as_deref(),
            Some("http://127.0.0.1:8420")
        );
    }
}
