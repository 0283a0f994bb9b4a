//! Delivers the outbox over SMTP (lettre), from whichever app server claims a mail
//! first; with no `smtp_url`, mail stays in the outbox (and `/dev/mail` shows it).

use app::accounts::PendingMail;
use app::store::Store;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

const BATCH: u32 = 20;
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a claimed batch is this server's: longer than sending all of it can take
/// (each SMTP step times out), so no other server sends the same mail meanwhile.
const LEASE: jiff::SignedDuration = jiff::SignedDuration::from_secs(BATCH as i64 * 3 * 20 + 60);
const POLL: Duration = Duration::from_secs(5);

/// After the n-th failure, wait 2^n minutes (2 minutes … about 4 hours).
fn backoff(failures: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_mins(1_i64 << failures.clamp(1, 8))
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("smtp_url is not a valid SMTP URL: {0}")]
    Url(String),
    #[error("mail_from is not a valid sender address (like `Touchstone <hello@example.com>`)")]
    From,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `None` when no SMTP server is configured.
    pub fn from_settings(smtp_url: &str, from: &str) -> Result<Option<Self>, MailConfigError> {
        if smtp_url.is_empty() {
            return Ok(None);
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailConfigError::Url(e.to_string()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from.parse().map_err(|_| MailConfigError::From)?;
        Ok(Some(Mailer { transport, from }))
    }

    fn message(&self, mail: &PendingMail) -> Result<Message, String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
        // One Message-ID per outbox entry: a mail sent twice (a server killed
        // between sending and recording it) is recognisably the same mail.
        let message_id = format!("<outbox-{}@{}>", mail.id, self.from.email.domain());
        let message = Message::builder()
            .message_id(Some(message_id))
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject);
        match &mail.attachment {
            None => message
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
            Some(attachment) => {
                let content_type = ContentType::parse(&attachment.content_type)
                    .map_err(|e| format!("attachment type: {e}"))?;
                message.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(
                            lettre::message::Attachment::new(attachment.name.clone())
                                .body(attachment.text.clone(), content_type),
                        ),
                )
            }
        }
        .map_err(|e| e.to_string())
    }

    /// Claims and sends what is waiting; the number sent.
    pub async fn deliver_pending(
        &self,
        store: &dyn Store,
    ) -> Result<usize, app::store::StoreError> {
        let now = jiff::Timestamp::now();
        let lease_until = now
            .checked_add(LEASE)
            .map_err(|e| app::store::StoreError::Backend(e.to_string()))?;
        let mut sent = 0;
        for mail in store.claim_mail(now, lease_until, BATCH).await? {
            let outcome = match self.message(&mail) {
                Ok(message) => self
                    .transport
                    .send(message)
                    .await
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error),
            };
            match outcome {
                Ok(_) => {
                    store
                        .mark_mail_sent(mail.id, jiff::Timestamp::now())
                        .await?;
                    sent += 1;
                    metrics::counter!("touchstone_mail_sent_total").increment(1);
                }
                Err(error) => {
                    let retry_at = jiff::Timestamp::now()
                        .checked_add(backoff(mail.attempts + 1))
                        .map_err(|e| app::store::StoreError::Backend(e.to_string()))?;
                    let attempts = store.mark_mail_failed(mail.id, retry_at).await?;
                    if attempts >= app::accounts::MAX_DELIVERY_ATTEMPTS {
                        tracing::error!(mail = mail.id, %error, "giving up sending mail");
                    } else {
                        tracing::warn!(mail = mail.id, %error, "sending mail failed; will retry");
                    }
                }
            }
        }
        Ok(sent)
    }

    /// Delivers every few seconds until the process stops.
    pub fn spawn(self, store: Arc<dyn Store>) {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(POLL);
            loop {
                ticks.tick().await;
                match self.deliver_pending(store.as_ref()).await {
                    Ok(0) => {}
                    Ok(sent) => tracing::info!(sent, "mail delivered"),
                    Err(error) => tracing::warn!(%error, "the outbox could not be read"),
                }
            }
        });
    }
}
