//! Messages between the two sides of a commission: its thread, and the batched
//! email that tells the other side.

use super::desk::CommissionDesk;
use super::{CommissionPicture, MessageForm, Party, letters};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::shared::Next;
use crate::threads::{self, Posting, Thread, message_body};

impl CommissionDesk<'_> {
    /// A message to the other side, who hears of it by email, batched
    /// (`threads::post`).
    pub async fn message(
        &self,
        viewer: Option<&StoredAccount>,
        form: &MessageForm,
        mut pictures: Vec<CommissionPicture>,
    ) -> Result<Next, ServiceError> {
        let (record, party) = self.seen_by(&form.commission, viewer).await?;
        let body = message_body(&form.body, pictures.len())?;
        for (n, picture) in pictures.iter_mut().enumerate() {
            picture.image.alt = format!("Picture {} from {}", n + 1, record.name_of(party));
            picture.image.access.clear();
        }
        let link = letters::page_link(self.site, &record);
        threads::post(
            self.threads,
            self.outbox,
            Posting {
                thread: Thread::Commission(record.id),
                from: party,
                body,
                pictures: &pictures,
                reader_email: record.email_of(party.other()),
            },
            |unread| {
                let letter = letters::messages(&record, party, unread, &link);
                (letter.subject, letter.body)
            },
            self.now,
        )
        .await?;
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
