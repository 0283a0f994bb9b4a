//! A consultation booking's thread: its buyer (by account, or by the link their
//! emails carry) and its maker write to each other, before the meeting and
//! after; each hears of the other's messages by a batched email.

use super::BookingDesk;
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::booking::{BookingId, BookingRecord};
use crate::makers::MakerId;
use crate::shared::Next;
use crate::threads::{
    self, BookingThread, CommissionPicture, Conversation, Party, Posting, Thread, message_body,
};

impl BookingDesk<'_> {
    /// The booking and the viewer's side of it: its maker (through their studio),
    /// or its buyer by account or link; "not found" for anyone else.
    async fn side(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<(BookingRecord, Party), ServiceError> {
        if let Some(account) = viewer
            && let Some(studio) = self.studios.studio_of(account.id).await?
        {
            let record = self.record(BookingId(booking)).await?;
            if record.maker == studio.id && record.email_confirmed {
                return Ok((record, Party::Maker));
            }
        }
        let access = self.buyer_access(booking, key, viewer).await?;
        Ok((access.record, Party::Buyer))
    }

    fn name_of(record: &BookingRecord, party: Party) -> String {
        match party {
            Party::Maker => record.maker_name.clone(),
            _ => record.guest_name.clone(),
        }
    }

    /// The thread as the viewer reads it; reading marks it seen.
    pub async fn thread(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<BookingThread, ServiceError> {
        let (record, party) = self.side(booking, key, viewer).await?;
        let (messages, read_up_to) =
            threads::read(self.threads, self.outbox, Thread::Booking(record.id), party).await?;
        Ok(BookingThread {
            booking: record.id.0,
            as_maker: party == Party::Maker,
            with: Self::name_of(&record, party.other()),
            about: format!(
                "{}, {}",
                record.consultation.offer.name,
                threads::when(record.meeting.start)
            ),
            messages: threads::message_views(
                &messages,
                read_up_to,
                party,
                |side| Self::name_of(&record, side),
                &crate::MediaPass::of(self.notary),
                self.now,
            ),
        })
    }

    /// A message to the other side, who hears of it by email, batched. The
    /// buyer's email carries the link to their booking's page; the maker's, the
    /// booking's page in the studio.
    pub async fn message(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
        body: &str,
        mut pictures: Vec<CommissionPicture>,
    ) -> Result<Next, ServiceError> {
        let (record, party) = self.side(booking, key, viewer).await?;
        let body = message_body(body, pictures.len())?;
        for (n, picture) in pictures.iter_mut().enumerate() {
            picture.image.alt = format!("Picture {} from {}", n + 1, Self::name_of(&record, party));
            picture.image.access.clear();
        }
        let (reader_email, link) = match party {
            Party::Maker => (Some(record.guest_email.as_str()), self.manage_link(&record)),
            _ => (
                record.maker_email.as_deref(),
                format!("{}/studio/bookings/{}", self.site, record.id.0),
            ),
        };
        let (writer, reader) = (
            Self::name_of(&record, party),
            Self::name_of(&record, party.other()),
        );
        threads::post(
            self.threads,
            self.outbox,
            Posting {
                thread: Thread::Booking(record.id),
                from: party,
                body,
                pictures: &pictures,
                reader_email,
            },
            |unread| {
                threads::messages_letter(
                    &Conversation {
                        writer: &writer,
                        reader: &reader,
                        about: "your consultation",
                        page: "the booking's page",
                    },
                    unread,
                    &link,
                )
            },
            self.now,
        )
        .await?;
        Ok(Next {
            path: thread_page(&record, party, key),
            form: "booking",
            notice: Some("Message sent.".into()),
        })
    }

    /// Whether the viewer may write on this booking, before their pictures are
    /// read: the studio their pictures count towards (none for the buyer's).
    pub async fn message_room(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<Option<MakerId>, ServiceError> {
        let (record, party) = self.side(booking, key, viewer).await?;
        Ok((party == Party::Maker).then_some(record.maker))
    }
}

/// Where each side reads the thread: the maker in their studio, the buyer on
/// their booking's page (by the link they came with, if that is how).
pub fn thread_page(record: &BookingRecord, party: Party, key: Option<&str>) -> String {
    match (party, key) {
        (Party::Maker, _) => format!("/studio/bookings/{}#messages", record.id.0),
        (_, Some(key)) => format!(
            "/bookings/{}?key={}#messages",
            record.id.0,
            crate::shared::url_encode(key)
        ),
        (_, None) => format!("/bookings/{}#messages", record.id.0),
    }
}
