//! Everything around a booking once it is asked for, split by who acts: the buyer
//! (`buyer`: asking, the guest's address confirmed by a signed link, cancelling,
//! moving, pictures) and the maker (`maker`: answering, suggesting another time);
//! both write to each other in the booking's thread (`messages`).
//! What both share is here: the booking's links, the status change that tells
//! whoever needs to know, the reminder. What the emails say is in `letters`.

mod buyer;
pub mod letters;
mod maker;
mod messages;
mod mine;

pub use messages::thread_page;

use crate::ServiceError;
use crate::accounts::{Outbox, OutgoingMail, Throttle};
use crate::booking::BookingStore;
use crate::booking::invite::{InviteMethod, invite};
use crate::booking::links::{LinkKeys, LinkPurpose, sign_link};
use crate::booking::slots::Slots;
use crate::booking::{BookingId, BookingMove, BookingRecord, BookingStatus, UsedLink};
use crate::provenance::Notary;
use crate::store::{Conflict, StoreError};
use crate::studio::StudioStore;
use jiff::{SignedDuration, Timestamp};
use letters::Letter;

pub struct BookingDesk<'a> {
    pub bookings: &'a dyn BookingStore,
    /// Which studio an account has: a maker's bookings are their studio's.
    pub studios: &'a dyn StudioStore,
    pub outbox: &'a dyn Outbox,
    /// Each booking's conversation.
    pub threads: &'a dyn crate::threads::ThreadStore,
    /// The mail limits a guest's booking is checked against.
    pub throttle: &'a dyn Throttle,
    pub link_keys: &'a dyn LinkKeys,
    /// Whose key passes to private pictures are made with (`MediaPass`).
    pub notary: &'a dyn Notary,
    /// The public site, for the links emails carry.
    pub site: &'a str,
    pub now: Timestamp,
}

impl<'a> BookingDesk<'a> {
    /// The desk over the parts of `store` it uses.
    pub fn new(
        store: &'a dyn crate::store::Store,
        link_keys: &'a dyn LinkKeys,
        notary: &'a dyn Notary,
        site: &'a str,
        now: Timestamp,
    ) -> Self {
        BookingDesk {
            bookings: store,
            studios: store,
            outbox: store,
            threads: store,
            throttle: store,
            link_keys,
            notary,
            site,
            now,
        }
    }
}

/// Of two requests changing one booking, this one came second.
fn changed_meanwhile() -> ServiceError {
    ServiceError::Conflict(
        "This booking changed meanwhile: the page shows where it stands now.".into(),
    )
}

/// A change the store refused: its time taken, or its link used already.
fn refused_change(error: StoreError) -> ServiceError {
    match error {
        StoreError::Duplicate(Conflict::Time) => {
            ServiceError::Conflict("That time was just taken. Please choose another one.".into())
        }
        StoreError::Duplicate(Conflict::Link) => {
            ServiceError::Invalid("This link has been used already.".into())
        }
        error => error.into(),
    }
}

/// A booking changed in the store, or the words for why it wasn't.
fn settled(changed: Result<bool, StoreError>) -> Result<(), ServiceError> {
    match changed {
        Ok(true) => Ok(()),
        Ok(false) => Err(changed_meanwhile()),
        Err(error) => Err(refused_change(error)),
    }
}

/// The booking's version, which its links carry.
fn version(record: &BookingRecord) -> u32 {
    u32::try_from(record.sequence).unwrap_or_default()
}

/// How long before the meeting the reminder goes.
const REMINDER_HOURS: i64 = 24;

impl BookingDesk<'_> {
    fn slots(&self) -> Slots<'_> {
        Slots {
            store: self.bookings,
            now: self.now,
        }
    }

    async fn record(&self, booking: BookingId) -> Result<BookingRecord, ServiceError> {
        self.bookings
            .booking(booking)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    async fn maker_zone(&self, record: &BookingRecord) -> Result<String, ServiceError> {
        Ok(self
            .bookings
            .availability_rules(record.maker)
            .await?
            .map(|rules| rules.zone)
            .unwrap_or_else(|| "UTC".into()))
    }

    /// The buyer's link to their booking page, from which they can cancel.
    fn manage_link(&self, record: &BookingRecord) -> String {
        let expires = record.meeting.end + SignedDuration::from_hours(24);
        format!(
            "{}/bookings/{}?key={}",
            self.site,
            record.id.0,
            sign_link(
                self.link_keys,
                record.id,
                version(record),
                LinkPurpose::Cancel,
                expires
            )
        )
    }

    /// Queues a letter to go out now.
    async fn post(
        &self,
        to: &str,
        letter: Letter,
        attachment: Option<crate::accounts::Attachment>,
    ) -> Result<(), ServiceError> {
        let mail = OutgoingMail {
            to: to.to_owned(),
            subject: letter.subject,
            body: letter.body,
            attachment,
            not_before: None,
            topic: None,
        };
        Ok(self.outbox.queue_outgoing(&mail, self.now).await?)
    }

    fn reminder_topic(booking: BookingId) -> String {
        format!("booking-{}-reminder", booking.0)
    }

    /// The reminder the day before, unless the meeting is sooner than that.
    async fn schedule_reminder(&self, record: &BookingRecord) -> Result<(), ServiceError> {
        let at = record.meeting.start - SignedDuration::from_hours(REMINDER_HOURS);
        if at <= self.now {
            return Ok(());
        }
        let letter = letters::reminder(record, &self.manage_link(record));
        let mail = OutgoingMail {
            to: record.guest_email.clone(),
            subject: letter.subject,
            body: letter.body,
            attachment: None,
            not_before: Some(at),
            topic: Some(Self::reminder_topic(record.id)),
        };
        Ok(self.outbox.queue_outgoing(&mail, self.now).await?)
    }

    /// Moves a booking in the store, turning a lost race into words.
    async fn relocate(&self, change: &BookingMove) -> Result<BookingRecord, ServiceError> {
        settled(self.bookings.move_booking(change).await)?;
        self.outbox
            .withdraw_mail(&Self::reminder_topic(change.booking))
            .await?;
        self.record(change.booking).await
    }

    /// Moves the booking on and tells whoever needs to know.
    async fn change(
        &self,
        record: &BookingRecord,
        status: BookingStatus,
        message: &str,
        link: Option<&UsedLink>,
    ) -> Result<(), ServiceError> {
        settled(
            self.bookings
                .set_booking_status(
                    record.maker,
                    record.id,
                    record.status,
                    status,
                    message,
                    link,
                )
                .await,
        )?;
        let record = self.record(record.id).await?;
        match status {
            BookingStatus::Confirmed => {
                self.post(
                    &record.guest_email,
                    letters::confirmed(&record, message, &self.manage_link(&record)),
                    Some(invite(&record, InviteMethod::Request, self.site)),
                )
                .await?;
                self.schedule_reminder(&record).await?;
            }
            BookingStatus::Declined | BookingStatus::Cancelled => {
                self.outbox
                    .withdraw_mail(&Self::reminder_topic(record.id))
                    .await?;
                self.post(
                    &record.guest_email,
                    letters::cancelled(&record, status, message, self.site),
                    Some(invite(&record, InviteMethod::Cancel, self.site)),
                )
                .await?;
                if let Some(maker_email) = &record.maker_email
                    && message.is_empty()
                {
                    let zone = self.maker_zone(&record).await?;
                    self.post(
                        maker_email,
                        letters::to_maker_cancelled(&record, &zone),
                        None,
                    )
                    .await?;
                }
            }
            BookingStatus::Pending => {}
        }
        Ok(())
    }
}
