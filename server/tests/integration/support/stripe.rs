//! A real (fake) Stripe: localstripe (PyPI), started on a loopback port as a
//! process of its own — it is GPL, so it is run, never linked or bundled —
//! from the virtual environment `make tools-test` makes. Its webhooks are signed
//! as Stripe signs them. The tests play Stripe.js's part (a card number typed
//! into Stripe's own form) by calling it with the test key.

use super::TestApp;
use std::process::{Child, Command, Stdio};

pub const SECRET_KEY: &str = "sk_test_touchstone";
pub const PUBLISHABLE_KEY: &str = "pk_test_touchstone";
pub const WEBHOOK_SECRET: &str = "whsec_touchstone_test";

/// Cards as localstripe knows them.
pub const CARD: &str = "4242424242424242";
pub const DECLINED: &str = "4000000000000341";
pub const THREE_D_SECURE: &str = "4000000000003220";

pub struct FakeStripe {
    process: Child,
    pub base: String,
    client: reqwest::Client,
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl FakeStripe {
    /// Starts localstripe, or fails saying how to install it: this never skips.
    pub async fn start() -> FakeStripe {
        let program = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tools/localstripe/bin/localstripe");
        assert!(
            program.exists(),
            "{} is missing: `make tools-test` installs localstripe",
            program.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new(program)
            .args(["--port", &port.to_string(), "--from-scratch"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("localstripe starts");
        let stripe = FakeStripe {
            process,
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
        };
        for _ in 0..150 {
            let answer = stripe
                .client
                .get(format!("{}/v1/customers", stripe.base))
                .bearer_auth(SECRET_KEY)
                .send()
                .await;
            if answer.is_ok_and(|answer| answer.status().is_success()) {
                return stripe;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("localstripe didn't answer on port {port}");
    }

    /// The app's settings for card payments through this server.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("TOUCHSTONE_STRIPE_SECRET_KEY", SECRET_KEY.to_owned()),
            (
                "TOUCHSTONE_STRIPE_PUBLISHABLE_KEY",
                PUBLISHABLE_KEY.to_owned(),
            ),
            (
                "TOUCHSTONE_STRIPE_WEBHOOK_SECRET",
                WEBHOOK_SECRET.to_owned(),
            ),
            ("TOUCHSTONE_STRIPE_API_BASE", self.base.clone()),
            (
                "TOUCHSTONE_STRIPE_JS_URL",
                format!("{}/js.stripe.com/v3/", self.base),
            ),
        ]
    }

    /// Our adapter, talking to this server.
    pub fn adapter(&self) -> touchstone_server::stripe::Stripe {
        touchstone_server::stripe::Stripe::new(touchstone_server::stripe::StripeSettings {
            secret_key: SECRET_KEY.into(),
            publishable_key: PUBLISHABLE_KEY.into(),
            webhook_secret: WEBHOOK_SECRET.into(),
            api_base: self.base.clone(),
            script: String::new(),
        })
        .expect("the Stripe adapter")
    }

    /// From now on its events go to the app's webhook.
    pub async fn send_webhooks_to(&self, app: &TestApp) {
        self.send_webhooks_to_url(&app.url("/webhooks/stripe"))
            .await;
    }

    /// From now on its events go to `url`.
    pub async fn send_webhooks_to_url(&self, url: &str) {
        let answer = self
            .client
            .post(format!("{}/_config/webhooks/touchstone", self.base))
            .form(&[("url", url), ("secret", WEBHOOK_SECRET)])
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let answer = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(SECRET_KEY)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or_default())
    }

    async fn get(&self, path: &str) -> serde_json::Value {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(SECRET_KEY)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The payment intent as Stripe has it.
    pub async fn intent(&self, id: &str) -> serde_json::Value {
        self.get(&format!("/v1/payment_intents/{id}")).await
    }

    /// What Stripe.js does with the card typed into its form: a payment method,
    /// attached to the intent, then the intent confirmed. Returns the confirm's
    /// status and body (402 for a declined card).
    pub async fn pay(&self, intent: &str, number: &str) -> (u16, serde_json::Value) {
        let (status, method) = self
            .post(
                "/v1/payment_methods",
                &[
                    ("type", "card"),
                    ("card[number]", number),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2031"),
                    ("card[cvc]", "123"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{method}");
        let method = method["id"].as_str().unwrap().to_owned();
        let (status, attached) = self
            .post(
                &format!("/v1/payment_intents/{intent}"),
                &[("payment_method", method.as_str())],
            )
            .await;
        assert_eq!(status, 200, "{attached}");
        self.post(&format!("/v1/payment_intents/{intent}/confirm"), &[])
            .await
    }

    /// The buyer's bank's 3-D Secure check, passed or failed, as Stripe.js
    /// reports it with the intent's client secret.
    pub async fn authenticate(&self, intent: &str, client_secret: &str, success: bool) -> u16 {
        self.client
            .post(format!(
                "{}/v1/payment_intents/{intent}/_authenticate?success={success}",
                self.base
            ))
            .form(&[("key", PUBLISHABLE_KEY), ("client_secret", client_secret)])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// The refunds Stripe made of a payment intent, in minor units.
    pub async fn refunded(&self, intent: &str) -> i64 {
        let refunds = self
            .get(&format!("/v1/refunds?payment_intent={intent}"))
            .await;
        refunds["data"]
            .as_array()
            .map(|refunds| refunds.iter().filter_map(|r| r["amount"].as_i64()).sum())
            .unwrap_or_default()
    }
}
