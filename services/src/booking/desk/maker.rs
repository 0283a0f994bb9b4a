//! What a maker does to the bookings of their studio.

use super::{BookingDesk, letters};
use crate::MediaPass;
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::booking::availability::Interval;
use crate::booking::invite::{InviteMethod, invite};
use crate::booking::views::booking_view;
use crate::booking::{BookingId, BookingMove, BookingRecord, BookingStatus, BookingsOf};
use crate::booking::{BookingView, MAX_ANSWER_CHARS};
use crate::shared::Next;
use jiff::Timestamp;

impl BookingDesk<'_> {
    /// A booking of the maker's studio whose buyer confirmed their address, or not found.
    async fn maker_record(
        &self,
        account: &StoredAccount,
        booking: i64,
    ) -> Result<BookingRecord, ServiceError> {
        let maker = self
            .studios
            .studio_of(account.id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let record = self.record(BookingId(booking)).await?;
        if record.maker != maker.id || !record.email_confirmed {
            return Err(ServiceError::NotFound);
        }
        Ok(record)
    }

    /// A maker's booking to move (only one still to come) in the maker's zone,
    /// and the times it can move to.
    pub async fn maker_move_offer(
        &self,
        account: &StoredAccount,
        booking: i64,
    ) -> Result<(BookingView, Vec<Interval>), ServiceError> {
        let record = self.maker_record(account, booking).await?;
        Self::movable_by_maker(&record, self.now)?;
        let zone = self.maker_zone(&record).await?;
        let slots = self.slots().free_slots_for_move(&record).await?;
        Ok((
            booking_view(
                &record,
                &zone,
                &record.buyer_zone,
                self.now,
                &MediaPass::of(self.notary),
            ),
            slots,
        ))
    }

    fn movable_by_maker(record: &BookingRecord, now: Timestamp) -> Result<(), ServiceError> {
        if matches!(
            record.status,
            BookingStatus::Pending | BookingStatus::Confirmed
        ) && record.meeting.start > now
        {
            Ok(())
        } else {
            Err(ServiceError::Invalid(
                "This booking can't be moved any more.".into(),
            ))
        }
    }

    /// The maker suggests another time; it waits for the buyer to accept it (the
    /// old time is given up at once, the new one held).
    pub async fn suggest_time(
        &self,
        account: &StoredAccount,
        booking: i64,
        start: Timestamp,
        message: &str,
    ) -> Result<Next, ServiceError> {
        let message = message_for_buyer(message)?;
        let before = self.maker_record(account, booking).await?;
        Self::movable_by_maker(&before, self.now)?;
        let to = self.slots().new_time(&before, start).await?;
        let record = self
            .relocate(&BookingMove {
                awaiting_buyer: true,
                message: message.to_owned(),
                ..BookingMove::of(&before, to, BookingStatus::Pending)
            })
            .await?;
        let attachment = (before.status == BookingStatus::Confirmed)
            .then(|| invite(&record, InviteMethod::Cancel, self.site));
        self.post(
            &record.guest_email,
            letters::suggested(&record, before.meeting, message, &self.manage_link(&record)),
            attachment,
        )
        .await?;
        let zone = self.maker_zone(&record).await?;
        Ok(Next {
            path: "/studio/bookings".into(),
            form: "bookings",
            notice: Some(format!(
                "Suggested {}: {} has been asked to accept it.",
                crate::booking::when(record.meeting, &zone),
                record.guest_name
            )),
        })
    }

    /// The maker's bookings, in their zone.
    pub async fn inbox(&self, account: &StoredAccount) -> Result<Vec<BookingView>, ServiceError> {
        let maker = self
            .studios
            .studio_of(account.id)
            .await?
            .ok_or_else(|| ServiceError::Invalid("Please open your studio first.".into()))?;
        let zone = self
            .bookings
            .availability_rules(maker.id)
            .await?
            .map(|rules| rules.zone)
            .unwrap_or_else(|| "UTC".into());
        let pass = MediaPass::of(self.notary);
        Ok(self
            .bookings
            .bookings_of(BookingsOf::Maker(maker.id))
            .await?
            .iter()
            .map(|record| booking_view(record, &zone, &record.buyer_zone, self.now, &pass))
            .collect())
    }

    /// `accept`, `decline` or `cancel`, with a message for the buyer.
    pub async fn answer(
        &self,
        account: &StoredAccount,
        booking: i64,
        action: &str,
        message: &str,
    ) -> Result<Next, ServiceError> {
        let message = message_for_buyer(message)?;
        let record = self.maker_record(account, booking).await?;
        let upcoming = record.meeting.start > self.now;
        let (status, notice) = match (action, record.status) {
            ("accept", BookingStatus::Pending) if upcoming && !record.awaiting_buyer => (
                BookingStatus::Confirmed,
                format!("Accepted: {} has the invite.", record.guest_name),
            ),
            ("decline", BookingStatus::Pending) => (
                BookingStatus::Declined,
                format!("Declined: {} has been told.", record.guest_name),
            ),
            ("cancel", BookingStatus::Confirmed) if upcoming => (
                BookingStatus::Cancelled,
                format!("Cancelled: {} has been told.", record.guest_name),
            ),
            _ => {
                return Err(ServiceError::Invalid(
                    "That can't be done to this booking now. The page shows what can.".into(),
                ));
            }
        };
        if status != BookingStatus::Confirmed && message.is_empty() {
            return Err(ServiceError::Invalid(
                "Please write the buyer a few words: they'll read them in the email.".into(),
            ));
        }
        self.change(&record, status, message, None).await?;
        Ok(Next {
            path: "/studio/bookings".into(),
            form: "bookings",
            notice: Some(notice),
        })
    }
}

/// The maker's message to the buyer, trimmed, within its length.
fn message_for_buyer(message: &str) -> Result<&str, ServiceError> {
    let message = message.trim();
    if message.chars().count() > MAX_ANSWER_CHARS {
        return Err(ServiceError::Invalid(format!(
            "Please keep the message under {MAX_ANSWER_CHARS} characters."
        )));
    }
    Ok(message)
}
