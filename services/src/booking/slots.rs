//! The times a maker offers and a request for one, in plain Rust the server
//! functions call and tests reach: a request is for one of the times on offer, or
//! it is refused in words; the same submission twice is one booking; a time taken
//! meanwhile is a clear "just taken", never an error.

use super::availability::{Availability, Busy, Interval, Length};
use super::{
    Booked, BookingRecord, BookingStatus, BookingStore, Consultation, ConsultationId, NewBooking,
};
use crate::ServiceError;
use crate::accounts::AccountId;
use crate::store::{Conflict, StoreError};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// The longest brief, in characters of its JSON.
pub const MAX_BRIEF_CHARS: usize = 20_000;

/// How long a guest's time is held while they confirm their address.
pub const GUEST_HOLD_MINUTES: i64 = 30;

pub struct Slots<'a> {
    pub store: &'a dyn BookingStore,
    pub now: Timestamp,
}

/// What a buyer asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsultationRequest {
    pub consultation: ConsultationId,
    pub start: Timestamp,
    /// The IANA zone the buyer chose the time in.
    pub buyer_zone: String,
    pub guest_name: String,
    pub guest_email: String,
    pub account: Option<AccountId>,
    /// The brief, as JSON.
    pub brief: String,
    /// From the form: the same submission sent twice carries the same key.
    pub idempotency_key: String,
}

impl Slots<'_> {
    /// The consultation and the availability it is booked under.
    async fn setting(
        &self,
        consultation: ConsultationId,
    ) -> Result<(Consultation, Availability, Length), ServiceError> {
        let consultation = self
            .store
            .consultation(consultation)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let rules = self
            .store
            .availability_rules(consultation.offer.maker)
            .await?
            .ok_or_else(|| {
                ServiceError::Invalid("This maker isn't taking consultation bookings yet.".into())
            })?;
        let availability = rules.availability().map_err(ServiceError::internal)?;
        let length = Length::minutes(consultation.offer.minutes).map_err(ServiceError::internal)?;
        Ok((consultation, availability, length))
    }

    /// The maker's pending and confirmed bookings from a day ago to past the horizon.
    async fn busy(
        &self,
        consultation: &Consultation,
        availability: &Availability,
    ) -> Result<Vec<Busy>, ServiceError> {
        let ahead = SignedDuration::from_hours(24 * (i64::from(availability.horizon_days) + 2));
        let within = Interval {
            start: self.now - SignedDuration::from_hours(24),
            end: self.now + ahead,
        };
        self.store
            .busy(consultation.offer.maker, within, self.now)
            .await
            .map_err(ServiceError::from)
    }

    /// The times a buyer can choose now.
    pub async fn free_slots(
        &self,
        consultation: ConsultationId,
    ) -> Result<Vec<Interval>, ServiceError> {
        let (consultation, availability, length) = self.setting(consultation).await?;
        let busy = self.busy(&consultation, &availability).await?;
        Ok(availability.free_slots(length, &busy, self.now))
    }

    /// The time starting at `start`, with its buffers, if the maker offers it and
    /// it is free; else why not, in words.
    fn slot_at(
        &self,
        availability: &Availability,
        length: Length,
        start: Timestamp,
        busy: &[Busy],
    ) -> Result<Busy, ServiceError> {
        if !availability.offers(length, start, busy, self.now) {
            let taken = availability.offers(length, start, &[], self.now);
            return Err(if taken {
                ServiceError::Conflict(
                    "That time was just taken. Please choose another one.".into(),
                )
            } else {
                ServiceError::Invalid(
                    "That time isn't one the maker offers. Please choose one of the times shown."
                        .into(),
                )
            });
        }
        let meeting = Interval {
            start,
            end: start + length.duration(),
        };
        let blocked = meeting
            .widened(availability.buffer_before, availability.buffer_after)
            .ok_or_else(|| ServiceError::internal("a booking's buffers overflowed"))?;
        Ok(Busy { meeting, blocked })
    }

    /// The maker's busy times but for `record`'s own, so its time and its
    /// neighbours can be chosen when it moves.
    async fn busy_but(
        &self,
        record: &BookingRecord,
    ) -> Result<(Availability, Length, Vec<Busy>), ServiceError> {
        let (consultation, availability, length) = self.setting(record.consultation.id).await?;
        let mut busy = self.busy(&consultation, &availability).await?;
        busy.retain(|other| other.meeting != record.meeting);
        Ok((availability, length, busy))
    }

    /// The times a booking can move to: free ones, other than its own.
    pub async fn free_slots_for_move(
        &self,
        record: &BookingRecord,
    ) -> Result<Vec<Interval>, ServiceError> {
        let (availability, length, busy) = self.busy_but(record).await?;
        Ok(availability
            .free_slots(length, &busy, self.now)
            .into_iter()
            .filter(|slot| *slot != record.meeting)
            .collect())
    }

    /// The time a booking moves to, checked as a request's is: one the maker
    /// offers and free (the booking's own time aside), or refused in words.
    pub async fn new_time(
        &self,
        record: &BookingRecord,
        start: Timestamp,
    ) -> Result<Busy, ServiceError> {
        self.store.release_expired_holds(self.now).await?;
        let (availability, length, busy) = self.busy_but(record).await?;
        if start == record.meeting.start {
            return Err(ServiceError::Invalid(
                "That is the time it has now. Please choose another one.".into(),
            ));
        }
        self.slot_at(&availability, length, start, &busy)
    }

    /// Books a consultation: pending until the maker accepts when they approve
    /// each request, confirmed at once otherwise.
    pub async fn request(&self, request: &ConsultationRequest) -> Result<Booked, ServiceError> {
        let key = request.idempotency_key.trim();
        if key.is_empty()
            || key.len() > 100
            || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(ServiceError::Invalid(
                "Please book from the consultation page.".into(),
            ));
        }
        if let Some(id) = self.store.booking_by_key(key).await? {
            return Ok(Booked::Again(id));
        }
        if TimeZone::get(request.buyer_zone.trim()).is_err() {
            return Err(ServiceError::Invalid(
                "Please choose your time zone from the list.".into(),
            ));
        }
        if request.brief.chars().count() > MAX_BRIEF_CHARS {
            return Err(ServiceError::Invalid(format!(
                "Please keep the brief under {MAX_BRIEF_CHARS} characters."
            )));
        }
        let (consultation, availability, length) = self.setting(request.consultation).await?;
        if consultation.retired {
            return Err(ServiceError::Invalid(
                "The maker doesn't offer this consultation any more. Please choose another.".into(),
            ));
        }
        // A guest who never confirmed their address gives their time back.
        self.store.release_expired_holds(self.now).await?;
        let busy = self.busy(&consultation, &availability).await?;
        let booking = NewBooking {
            consultation: consultation.id,
            busy: self.slot_at(&availability, length, request.start, &busy)?,
            buyer_zone: request.buyer_zone.trim().to_owned(),
            guest_name: request.guest_name.clone(),
            guest_email: request.guest_email.clone(),
            account: request.account,
            brief: request.brief.clone(),
            status: if consultation.offer.needs_approval {
                BookingStatus::Pending
            } else {
                BookingStatus::Confirmed
            },
            email_confirmed: request.account.is_some(),
            hold_until: request
                .account
                .is_none()
                .then(|| self.now + SignedDuration::from_mins(GUEST_HOLD_MINUTES)),
            idempotency_key: key.to_owned(),
            created_at: self.now,
        };
        match self.store.book(&booking).await {
            Ok(booked) => Ok(booked),
            Err(StoreError::Duplicate(Conflict::Time)) => Err(ServiceError::Conflict(
                "That time was just taken. Please choose another one.".into(),
            )),
            Err(error) => Err(error.into()),
        }
    }
}
