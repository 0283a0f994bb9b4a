//! A buyer's request: to a published maker who takes commissions, at most
//! `REQUESTS_PER_HOUR` an hour, once per maker while it waits, carrying the
//! consultation's brief and reference pictures when it follows one.

use super::desk::{CommissionDesk, to_page, written};
use super::letters;
use super::{
    CommissionId, CommissionPicture, MAX_BRIEF, NewCommission, Party, RequestForm, RequestStart,
    Stage,
};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::booking::BookingId;
use crate::shared::Next;

/// Commission requests one buyer may send in an hour.
pub const REQUESTS_PER_HOUR: u32 = 10;

impl CommissionDesk<'_> {
    /// A signed-in buyer asks a published maker who takes commissions to make
    /// something; the maker hears of it by email.
    pub async fn request(
        &self,
        viewer: Option<&StoredAccount>,
        form: &RequestForm,
    ) -> Result<Next, ServiceError> {
        let buyer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let slug = form.maker.trim();
        let (maker, _) = self.open_maker(slug).await?;
        if self
            .studios
            .studio_of(buyer.id)
            .await?
            .is_some_and(|studio| studio.id == maker)
        {
            return Err(ServiceError::Invalid(
                "This is your own studio: buyers commission you from here.".into(),
            ));
        }
        let brief = written(
            &form.brief,
            MAX_BRIEF,
            &format!(
                "Please describe what you would like made, in at most {MAX_BRIEF} characters."
            ),
        )?;
        self.allow_request(buyer).await?;
        // A second click, or a second tab, doesn't ask twice.
        if let Some(waiting) = self
            .commissions
            .buyer_commissions(buyer.id)
            .await?
            .into_iter()
            .find(|open| open.maker == maker && open.state.stage == Stage::Requested)
        {
            return Ok(to_page(
                waiting.id,
                format!(
                    "You have asked {} already: your request waits for their proposal here.",
                    waiting.maker_name
                ),
            ));
        }
        let booking = self.booking_of(buyer, maker, &form.booking).await?;
        let id = self
            .commissions
            .create_commission(&NewCommission {
                maker,
                buyer: buyer.id,
                booking,
                brief: brief.to_owned(),
                created_at: self.now,
            })
            .await?;
        if let Some(booking) = booking {
            self.carry_booking_pictures(id, booking).await?;
        }
        let record = self.record(id).await?;
        self.send(
            record.maker_email.as_deref(),
            letters::requested(&record, &letters::page_link(self.site, &record)),
        )
        .await?;
        Ok(to_page(
            id,
            format!(
                "Your request is with {}: you'll hear by email when the proposal is ready.",
                record.maker_name
            ),
        ))
    }

    /// A buyer may ask for `REQUESTS_PER_HOUR` commissions an hour: each emails a
    /// maker, and a signed-in account is no licence to email every studio.
    async fn allow_request(&self, buyer: &StoredAccount) -> Result<(), ServiceError> {
        let key = [format!("commission-request:{}", buyer.id.0)];
        let since = self
            .now
            .checked_sub(jiff::SignedDuration::from_hours(1))
            .map_err(ServiceError::internal)?;
        let forget_before = self
            .now
            .checked_sub(jiff::SignedDuration::from_hours(24))
            .map_err(ServiceError::internal)?;
        // Recorded before counting, so requests in parallel can't all slip under it.
        self.throttle
            .record_login_failure(&key, self.now, forget_before)
            .await?;
        if self.throttle.login_failures_since(&key[0], since).await? > REQUESTS_PER_HOUR {
            return Err(ServiceError::Invalid(
                "You have asked for several commissions in the last hour. Please wait for the \
                 makers' answers, or try again later."
                    .into(),
            ));
        }
        Ok(())
    }

    /// A published maker who takes commissions, by address.
    async fn open_maker(
        &self,
        slug: &str,
    ) -> Result<(crate::makers::MakerId, domain::catalogue::MakerProfile), ServiceError> {
        let (Some((maker, _)), Some(profile)) = (
            self.bookings.published_maker(slug).await?,
            self.catalogue.maker_profile(slug).await?,
        ) else {
            return Err(ServiceError::NotFound);
        };
        if !profile.card.commissions.open {
            return Err(ServiceError::Invalid(format!(
                "{} isn't taking commissions at the moment.",
                profile.card.display_name
            )));
        }
        Ok((maker, profile))
    }

    /// What the request page starts from: the maker, and the brief of the
    /// visitor's own consultation with them when the address names one.
    pub async fn request_start(
        &self,
        viewer: Option<&StoredAccount>,
        slug: &str,
        booking: &str,
    ) -> Result<RequestStart, ServiceError> {
        let slug = slug.trim();
        let (maker, profile) = self.open_maker(slug).await?;
        let mut brief = String::new();
        if let Some(viewer) = viewer
            && let Some(id) = self.booking_of(viewer, maker, booking).await?
            && let Some(booked) = self.bookings.booking(id).await?
        {
            let said: crate::booking::Brief =
                serde_json::from_str(&booked.brief).unwrap_or_default();
            brief = said
                .lines()
                .into_iter()
                .map(|(label, text)| format!("{label}: {text}"))
                .collect::<Vec<_>>()
                .join("\n");
        }
        Ok(RequestStart {
            maker: profile.card.display_name,
            signed_in: viewer.is_some(),
            brief,
        })
    }

    /// The reference pictures of the consultation a commission follows, shown
    /// to the maker again as the buyer's first message, each with its file's
    /// SHA-256.
    async fn carry_booking_pictures(
        &self,
        id: CommissionId,
        booking: BookingId,
    ) -> Result<(), ServiceError> {
        let Some(booked) = self.bookings.booking(booking).await? else {
            return Ok(());
        };
        let said: crate::booking::Brief = serde_json::from_str(&booked.brief).unwrap_or_default();
        let mut pictures = Vec::new();
        for image in said.pictures {
            if let Some(file) = self.catalogue.media(&image.key).await? {
                use sha2::Digest;
                pictures.push(CommissionPicture {
                    sha256: crate::shared::hex(&sha2::Sha256::digest(&file.bytes)),
                    image,
                });
            }
        }
        if !pictures.is_empty() {
            self.threads
                .post_message(
                    crate::threads::Thread::Commission(id),
                    Party::Buyer,
                    "The reference pictures from our consultation.",
                    &pictures,
                    self.now,
                )
                .await?;
        }
        Ok(())
    }

    /// The buyer's own consultation with this maker, when the form names one.
    async fn booking_of(
        &self,
        buyer: &StoredAccount,
        maker: crate::makers::MakerId,
        raw: &str,
    ) -> Result<Option<BookingId>, ServiceError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let Ok(id) = raw.parse::<i64>().map(BookingId) else {
            return Ok(None);
        };
        // Someone else's booking (or a guest's) is simply not linked.
        Ok(self
            .bookings
            .booking(id)
            .await?
            .filter(|booking| booking.maker == maker && booking.account == Some(buyer.id))
            .map(|_| id))
    }
}
