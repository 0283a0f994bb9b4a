//! Messages between the two sides of a commission, and the batched email that
//! tells the other side of them.

use super::desk::{CommissionDesk, written};
use super::letters;
use super::{CommissionId, CommissionPicture, MAX_MESSAGE, MAX_STEP_PICTURES, MessageForm, Party};
use crate::ServiceError;
use crate::accounts::{OutgoingMail, StoredAccount};
use crate::shared::Next;

/// How long a message waits before it is emailed, so that a conversation's
/// messages go out together.
pub const MESSAGE_MAIL_DELAY: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// The outbox topic of the pending email to `reader` about a commission's messages.
pub(super) fn message_topic(id: CommissionId, reader: Party) -> String {
    format!("commission-{}-messages-to-{}", id.0, reader.slug())
}

/// A message's text: some words, or pictures without them; at most
/// `MAX_STEP_PICTURES` pictures.
pub fn message_body(form: &MessageForm, pictures: usize) -> Result<&str, ServiceError> {
    if pictures > MAX_STEP_PICTURES {
        return Err(ServiceError::Invalid(format!(
            "A message carries at most {MAX_STEP_PICTURES} pictures."
        )));
    }
    if pictures > 0 && form.body.trim().is_empty() {
        return Ok("");
    }
    written(
        &form.body,
        MAX_MESSAGE,
        &format!("Please write a message of at most {MAX_MESSAGE} characters."),
    )
}

impl CommissionDesk<'_> {
    /// A message to the other side. They hear of it by email, batched: a message
    /// replaces the email not yet sent with one holding every message they haven't
    /// read, sent `MESSAGE_MAIL_DELAY` after the first of them (and withdrawn if
    /// they read the page first).
    pub async fn message(
        &self,
        viewer: Option<&StoredAccount>,
        form: &MessageForm,
        mut pictures: Vec<CommissionPicture>,
    ) -> Result<Next, ServiceError> {
        let (record, party) = self.seen_by(&form.commission, viewer).await?;
        let body = message_body(form, pictures.len())?;
        for (n, picture) in pictures.iter_mut().enumerate() {
            picture.image.alt = format!("Picture {} from {}", n + 1, record.name_of(party));
            picture.image.access.clear();
        }
        self.commissions
            .post_message(record.id, party, body, &pictures, self.now)
            .await?;
        let reader = party.other();
        if let Some(to) = record.email_of(reader) {
            let read = self.commissions.read_up_to(record.id, reader).await?;
            let unread: Vec<_> = self
                .commissions
                .messages(record.id)
                .await?
                .into_iter()
                .filter(|message| message.party == party && message.id > read)
                .collect();
            // Within `MESSAGE_MAIL_DELAY` of the first message they haven't read,
            // however many follow.
            let not_before = unread
                .first()
                .and_then(|first| first.at.checked_add(MESSAGE_MAIL_DELAY).ok())
                .map(|due| due.max(self.now));
            let letter = letters::messages(
                &record,
                party,
                &unread,
                &letters::page_link(self.site, &record),
            );
            let topic = message_topic(record.id, reader);
            self.outbox.withdraw_mail(&topic).await?;
            self.outbox
                .queue_outgoing(
                    &OutgoingMail {
                        to: to.to_owned(),
                        subject: letter.subject,
                        body: letter.body,
                        attachment: None,
                        not_before,
                        topic: Some(topic),
                    },
                    self.now,
                )
                .await?;
        }
        Ok(Next {
            path: format!("/commissions/{}#messages", record.id.0),
            form: "commission",
            notice: Some("Message sent.".into()),
        })
    }

    /// Whether the viewer may write on this commission, before their pictures are
    /// read: the studio their pictures count towards (none for the buyer's).
    pub async fn message_room(
        &self,
        viewer: Option<&StoredAccount>,
        raw_id: &str,
    ) -> Result<Option<crate::makers::MakerId>, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        Ok((party == Party::Maker).then_some(record.maker))
    }
}
