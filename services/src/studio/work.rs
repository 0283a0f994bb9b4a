//! A maker records work they did on a piece — anyone's piece, made by any maker —
//! on its passport, through the link its owner gave them.

use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::passports::record_work;
use crate::provenance::{
    Notary, PassportMaker, PassportPayload, PassportStore, WorkForm, WorkRefusal, WorkStart,
    consent_holds, parse_work,
};
use crate::shared::Next;
use crate::studio::StudioStore;

pub struct PieceWork<'a> {
    pub studios: &'a dyn StudioStore,
    pub passports: &'a dyn PassportStore,
    pub notary: &'a dyn Notary,
    pub now: jiff::Timestamp,
}

impl PieceWork<'_> {
    /// The signed-in maker, as a passport names them: only a maker whose profile
    /// is public records work, since the passport links to it.
    async fn maker(&self, viewer: Option<&StoredAccount>) -> Result<PassportMaker, ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let studio = self
            .studios
            .studio_of(viewer.id)
            .await?
            .ok_or(ServiceError::Forbidden)?;
        if !studio.published {
            return Err(ServiceError::Invalid(
                "Publish your studio's profile first: the passport names you and links to it, \
                 so whoever reads it can see who did the work."
                    .into(),
            ));
        }
        Ok(PassportMaker {
            name: studio.display_name.clone(),
            slug: studio.slug.as_str().to_owned(),
        })
    }

    /// What the work page shows, once the consent and the maker are checked.
    pub async fn start(
        &self,
        viewer: Option<&StoredAccount>,
        passport: &str,
        consent: &str,
    ) -> Result<WorkStart, ServiceError> {
        let maker = self.maker(viewer).await?;
        if !consent_holds(self.notary, passport.trim(), consent, self.now) {
            return Err(ServiceError::Invalid(WorkRefusal::Consent.to_string()));
        }
        let latest = self
            .passports
            .passport(passport.trim(), None)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let payload: PassportPayload = serde_json::from_str(&latest.payload).map_err(|error| {
            ServiceError::internal(format!("a passport can't be read: {error}"))
        })?;
        Ok(WorkStart {
            passport: latest.id,
            consent: consent.trim().to_owned(),
            piece: format!("{} by {}", payload.piece.title, payload.piece.maker.name),
            maker: maker.name,
            today: self
                .now
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string(),
        })
    }

    /// Adds the work to the passport as a new signed version.
    pub async fn record(
        &self,
        viewer: Option<&StoredAccount>,
        form: &WorkForm,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(viewer).await?;
        let work = parse_work(self.notary, form, maker, self.now)
            .map_err(|refusal| ServiceError::Invalid(refusal.to_string()))?;
        let passport = form.passport.trim();
        let version = record_work(self.passports, self.notary, passport, work, self.now)
            .await?
            .ok_or_else(|| {
                ServiceError::Conflict(
                    "Another version of the passport was issued just now: please send the work again."
                        .into(),
                )
            })?;
        Ok(Next {
            path: format!("/passport/{passport}"),
            form: "passport",
            notice: Some(format!(
                "The work is recorded on the passport, as its version {version}."
            )),
        })
    }
}
