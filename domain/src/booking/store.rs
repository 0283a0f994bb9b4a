//! What booking needs from the database. The database itself refuses two
//! consultations of one maker whose blocked times overlap (PostgreSQL: an
//! exclusion constraint; SQLite: a write transaction that checks, and a unique
//! index as a second guard), so no two app servers can ever double-book a maker.

use super::availability::{Busy, Interval};
use crate::accounts::AccountId;
use crate::makers::MakerId;
use crate::shared::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsultationId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BookingId(pub i64);

/// How a consultation is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    VideoCall,
    StudioVisit,
    Phone,
}

impl Format {
    pub fn slug(self) -> &'static str {
        match self {
            Format::VideoCall => "video-call",
            Format::StudioVisit => "studio-visit",
            Format::Phone => "phone",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [Format::VideoCall, Format::StudioVisit, Format::Phone]
            .into_iter()
            .find(|format| format.slug() == slug)
    }
}

/// A kind of consultation a maker offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewConsultation {
    pub maker: MakerId,
    pub name: String,
    pub minutes: u16,
    pub format: Format,
    pub description: String,
    /// In minor units of `currency`; `None` when free.
    pub price: Option<crate::shared::Money>,
    /// Requests wait for the maker's answer; otherwise they are confirmed at once.
    pub needs_approval: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consultation {
    pub id: ConsultationId,
    pub offer: NewConsultation,
    /// No longer offered; bookings made for it stand.
    pub retired: bool,
}

/// Where a booking stands. Pending and confirmed ones keep their time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingStatus {
    Pending,
    Confirmed,
    Declined,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Pending => "pending",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Declined => "declined",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [
            BookingStatus::Pending,
            BookingStatus::Confirmed,
            BookingStatus::Declined,
            BookingStatus::Cancelled,
        ]
        .into_iter()
        .find(|status| status.as_str() == slug)
    }
}

/// A booking to make. `idempotency_key` comes with the form: the same submission
/// twice is the same booking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBooking {
    pub consultation: ConsultationId,
    pub busy: Busy,
    /// The IANA zone the buyer chose the time in, for their emails and invites.
    pub buyer_zone: String,
    pub guest_name: String,
    pub guest_email: String,
    pub account: Option<AccountId>,
    /// The brief, as JSON.
    pub brief: String,
    pub status: BookingStatus,
    /// A signed-in buyer's address is known; a guest's is confirmed by an emailed
    /// link, and until then the time is held only until `hold_until`.
    pub email_confirmed: bool,
    pub hold_until: Option<Timestamp>,
    pub idempotency_key: String,
    pub created_at: Timestamp,
}

/// Whose bookings to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingsOf {
    /// A maker's diary: the soonest meeting first.
    Maker(MakerId),
    /// What a buyer booked from their account (not as a guest under its
    /// address): the latest meeting first.
    Account(AccountId),
}

/// A booking as kept, with the consultation and maker it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingRecord {
    pub id: BookingId,
    pub maker: MakerId,
    pub maker_name: String,
    pub maker_slug: String,
    /// Where the maker hears of requests; `None` for a maker without an account.
    pub maker_email: Option<String>,
    pub consultation: Consultation,
    pub meeting: Interval,
    pub buyer_zone: String,
    pub guest_name: String,
    pub guest_email: String,
    pub account: Option<AccountId>,
    pub brief: String,
    pub status: BookingStatus,
    pub email_confirmed: bool,
    /// What the maker said when declining or cancelling.
    pub maker_message: String,
    /// The iCalendar SEQUENCE of its invite: moves on with each change.
    pub sequence: i32,
    /// The maker suggested this time and the buyer hasn't accepted it yet.
    pub awaiting_buyer: bool,
    pub created_at: Timestamp,
}

/// A booking moved to another time, by its buyer or its maker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingMove {
    pub maker: MakerId,
    pub booking: BookingId,
    /// Where the booking stood when the move was asked for: a booking that has
    /// changed since (another request moved it first) is left alone.
    pub from_status: BookingStatus,
    pub from_start: Timestamp,
    /// The new time, with the buffers it blocks.
    pub to: Busy,
    pub status: BookingStatus,
    /// The maker suggested the new time: it waits for the buyer to accept.
    pub awaiting_buyer: bool,
    /// What the maker said with the suggestion; empty when the buyer moved it.
    pub message: String,
    /// The signed link the buyer moved it by, spent with the move.
    pub link: Option<UsedLink>,
}

impl BookingMove {
    /// `before` moved to `to` with the status it then has: saved only where
    /// it still stands as it stood (`before`'s status and start).
    pub fn of(before: &BookingRecord, to: Busy, status: BookingStatus) -> Self {
        BookingMove {
            maker: before.maker,
            booking: before.id,
            from_status: before.status,
            from_start: before.meeting.start,
            to,
            status,
            awaiting_buyer: false,
            message: String::new(),
            link: None,
        }
    }
}

/// A single-use link an action came with: spent in the same transaction as the
/// change it makes, so a change that doesn't happen leaves it usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsedLink {
    /// `links::used_digest` of the link.
    pub digest: String,
    pub at: Timestamp,
}

/// What booking did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Booked {
    New(BookingId),
    /// This submission had already made this booking.
    Again(BookingId),
}

#[async_trait]
pub trait BookingStore: Send + Sync {
    async fn create_consultation(
        &self,
        offer: &NewConsultation,
    ) -> Result<ConsultationId, StoreError>;

    /// A published maker by their address: id and name.
    async fn published_maker(&self, slug: &str) -> Result<Option<(MakerId, String)>, StoreError>;

    /// The consultations the maker offers now (not those retired).
    async fn consultations(&self, maker: MakerId) -> Result<Vec<Consultation>, StoreError>;

    /// Stops offering a consultation; `false` when it isn't one of the maker's.
    async fn retire_consultation(
        &self,
        maker: MakerId,
        consultation: ConsultationId,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// The consultation with this id, whichever maker offers it, retired or not.
    async fn consultation(&self, id: ConsultationId) -> Result<Option<Consultation>, StoreError>;

    /// The maker's availability; `None` until they set it.
    async fn availability_rules(
        &self,
        maker: MakerId,
    ) -> Result<Option<super::AvailabilityRules>, StoreError>;

    async fn set_availability_rules(
        &self,
        maker: MakerId,
        rules: &super::AvailabilityRules,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// The booking an earlier submission with this key made.
    async fn booking_by_key(&self, idempotency_key: &str) -> Result<Option<BookingId>, StoreError>;

    /// Books the time, or `Duplicate(Time)` when the maker's blocked
    /// time overlaps another pending or confirmed booking.
    async fn book(&self, booking: &NewBooking) -> Result<Booked, StoreError>;

    /// The maker's pending and confirmed bookings whose blocked time meets
    /// `within`, but for guests' holds that ran out before `now`.
    async fn busy(
        &self,
        maker: MakerId,
        within: Interval,
        now: Timestamp,
    ) -> Result<Vec<Busy>, StoreError>;

    /// Moves a booking from `from` to `to`, with the maker's message (declining or
    /// cancelling), and moves its invite's sequence on; declining or cancelling
    /// frees its time. Moving a booking back to pending or confirmed is
    /// `Duplicate(Time)` when its time was taken meanwhile. `false` when
    /// there is no such booking of this maker in `from` (another request moved it
    /// first: of two racing changes, one wins). `Duplicate(Link)` when
    /// `link` was used already; nothing changes then.
    async fn set_booking_status(
        &self,
        maker: MakerId,
        booking: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        message: &str,
        link: Option<&UsedLink>,
    ) -> Result<bool, StoreError>;

    /// Moves a booking to another time and moves its invite's sequence on.
    /// `Duplicate(Time)` when the new time overlaps another pending or
    /// confirmed booking of the maker (the database refuses it as it refuses a
    /// double booking); `false` when the booking is no longer where the move found
    /// it; `Duplicate(Link)` when its link was used already.
    async fn move_booking(&self, change: &BookingMove) -> Result<bool, StoreError>;

    async fn booking(&self, booking: BookingId) -> Result<Option<BookingRecord>, StoreError>;

    /// Replaces the brief (as JSON) if it is still `was`; `false` when another
    /// request changed it first.
    async fn replace_brief(
        &self,
        booking: BookingId,
        was: &str,
        brief: &str,
    ) -> Result<bool, StoreError>;

    /// Whose bookings, of those whose buyer's address is confirmed: see
    /// [`BookingsOf`] for which and in what order.
    async fn bookings_of(&self, whose: BookingsOf) -> Result<Vec<BookingRecord>, StoreError>;

    /// A guest confirmed their address: the booking stands. `false` when it was
    /// cancelled, released, or confirmed already.
    async fn confirm_booking_email(
        &self,
        booking: BookingId,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Cancels guests' bookings whose address was not confirmed in time, which
    /// frees their times; the number released.
    async fn release_expired_holds(&self, now: Timestamp) -> Result<u64, StoreError>;

    /// Records a single-use link as used; `false` when it had been already.
    async fn use_booking_link(&self, digest: &str, now: Timestamp) -> Result<bool, StoreError>;

    /// Whether the link with this digest (`links::used_digest`) has been used.
    async fn booking_link_used(&self, digest: &str) -> Result<bool, StoreError>;
}
