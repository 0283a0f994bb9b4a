//! Delivers the outbox over SMTP (lettre), from whichever app server claims a mail
//! first; with no `smtp_url`, mail stays in the outbox (and `/dev/mail` shows it).

use app::accounts::PendingMail;
use app::store::Store;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// How long a claimed mail is another server's before it may be tried again.
const LEASE: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);
const BATCH: u32 = 20;
const POLL: Duration = Duration::from_secs(5);

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
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse().map_err(|_| MailConfigError::From)?;
        Ok(Some(Mailer { transport, from }))
    }

    fn message(&self, mail: &PendingMail) -> Result<Message, String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
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
                }
                Err(error) => {
                    tracing::warn!(mail = mail.id, %error, "sending mail failed; will retry");
                    store.mark_mail_failed(mail.id).await?;
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
