//! The maker's side of booking, in plain Rust the server functions call: the
//! consultations they offer and when they can meet.

use super::{
    AvailabilityForm, ConsultationForm, MAX_CONSULTATION_DESCRIPTION_CHARS,
    MAX_CONSULTATION_NAME_CHARS,
};
use super::{BookingStore, Consultation, ConsultationId, Format, NewConsultation};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::shared::{Currency, Money, Next};
use crate::studio::{StudioMaker, StudioStore};

pub struct MakerBookings<'a> {
    pub bookings: &'a dyn BookingStore,
    /// Which studio an account has.
    pub studios: &'a dyn StudioStore,
    pub now: jiff::Timestamp,
}

/// What the maker's consultations page shows.
pub struct ConsultationSettings {
    pub maker: StudioMaker,
    pub consultations: Vec<Consultation>,
    pub availability: AvailabilityForm,
    /// Whether buyers can book: availability set and a consultation offered.
    pub bookable: bool,
}

fn consultations_page(notice: String) -> Next {
    Next {
        path: "/studio/consultations".into(),
        form: "consultations",
        notice: Some(notice),
    }
}

impl MakerBookings<'_> {
    pub async fn maker(&self, account: &StoredAccount) -> Result<StudioMaker, ServiceError> {
        self.studios
            .studio_of(account.id)
            .await?
            .ok_or_else(|| ServiceError::Invalid("Please open your studio first.".into()))
    }

    pub async fn settings(
        &self,
        account: &StoredAccount,
    ) -> Result<ConsultationSettings, ServiceError> {
        let maker = self.maker(account).await?;
        let consultations = self.bookings.consultations(maker.id).await?;
        let rules = self.bookings.availability_rules(maker.id).await?;
        let zone = crate::booking::zones::zone_of_country(maker.country);
        Ok(ConsultationSettings {
            bookable: rules.is_some() && !consultations.is_empty(),
            availability: AvailabilityForm::of(rules.as_ref(), zone),
            consultations,
            maker,
        })
    }

    pub async fn offer(
        &self,
        account: &StoredAccount,
        form: &ConsultationForm,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        let invalid = |text: &str| ServiceError::Invalid(text.to_owned());
        let name = form.name.trim();
        if name.is_empty() || name.chars().count() > MAX_CONSULTATION_NAME_CHARS {
            return Err(invalid(&format!(
                "Please name the consultation in at most {MAX_CONSULTATION_NAME_CHARS} characters."
            )));
        }
        let minutes = form
            .minutes
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|m| (15..=240).contains(m) && m % 15 == 0)
            .ok_or_else(|| invalid("Please choose how long the consultation is."))?;
        let format = Format::from_slug(form.format.trim())
            .ok_or_else(|| invalid("Please choose how the consultation is held."))?;
        let description = form.description.trim();
        if description.chars().count() > MAX_CONSULTATION_DESCRIPTION_CHARS {
            return Err(invalid(&format!(
                "Please keep the description under {MAX_CONSULTATION_DESCRIPTION_CHARS} characters."
            )));
        }
        let price = if form.price.trim().is_empty() {
            None
        } else {
            let currency = Currency::parse(form.currency.trim())
                .map_err(|_| invalid("Please choose the price's currency."))?;
            let price = Money::parse(form.price.trim(), currency)
                .map_err(|_| invalid("Please give the price as an amount, such as 40 or 40.00."))?;
            Some(price).filter(|p| p.minor() > 0)
        };
        self.bookings
            .create_consultation(&NewConsultation {
                maker: maker.id,
                name: name.to_owned(),
                minutes,
                format,
                description: description.to_owned(),
                price,
                needs_approval: form.needs_approval.is_some(),
            })
            .await?;
        Ok(consultations_page(format!("“{name}” is offered now.")))
    }

    /// Buyers can't book it any more; bookings already made keep it.
    pub async fn retire(
        &self,
        account: &StoredAccount,
        consultation: ConsultationId,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        if !self
            .bookings
            .retire_consultation(maker.id, consultation, self.now)
            .await?
        {
            return Err(ServiceError::NotFound);
        }
        Ok(consultations_page(
            "That consultation isn't offered any more; bookings already made for it stand.".into(),
        ))
    }

    pub async fn save_availability(
        &self,
        account: &StoredAccount,
        form: &AvailabilityForm,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        let rules = form.parse().map_err(ServiceError::Invalid)?;
        rules.availability().map_err(ServiceError::Invalid)?;
        self.bookings
            .set_availability_rules(maker.id, &rules, self.now)
            .await?;
        Ok(consultations_page(
            "Availability saved: buyers see the new times now. Bookings already made stand.".into(),
        ))
    }
}
