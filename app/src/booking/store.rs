//! What booking needs from the database. The database itself refuses two
//! consultations of one maker whose blocked times overlap (PostgreSQL: an
//! exclusion constraint; SQLite: a write transaction that checks, and a unique
//! index as a second guard), so no two app servers can ever double-book a maker.

use super::availability::{Busy, Interval};
use crate::accounts::AccountId;
use crate::makers::MakerId;
use crate::store::StoreError;
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
    pub idempotency_key: String,
    pub created_at: Timestamp,
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

    async fn consultations(&self, maker: MakerId) -> Result<Vec<Consultation>, StoreError>;

    /// The consultation with this id, whichever maker offers it.
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

    /// Books the time, or `Duplicate { what: "time" }` when the maker's blocked
    /// time overlaps another pending or confirmed booking.
    async fn book(&self, booking: &NewBooking) -> Result<Booked, StoreError>;

    /// The maker's pending and confirmed bookings whose blocked time meets `within`.
    async fn busy(&self, maker: MakerId, within: Interval) -> Result<Vec<Busy>, StoreError>;

    /// Moves a booking on; declining or cancelling frees its time. Moving a booking
    /// back to pending or confirmed is `Duplicate { what: "time" }` when its time
    /// was taken meanwhile. `false` when there is no such booking of this maker.
    async fn set_booking_status(
        &self,
        maker: MakerId,
        booking: BookingId,
        status: BookingStatus,
    ) -> Result<bool, StoreError>;
}
