//! The maker's studio: opening one, the public profile, pieces from draft to
//! published to archived with their provenance disclosure, and their photos.

mod dashboard_page;
mod delete_page;
pub(crate) mod fields;
mod piece_page;
mod profile_page;
mod reorder;
mod upload;

pub use dashboard_page::StudioPage;
pub use delete_page::DeletePiecePage;
pub use domain::studio::*;
pub use piece_page::StudioPiecePage;
pub use profile_page::StudioProfilePage;
#[cfg(feature = "ssr")]
pub use services::studio::service;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// What a studio server function works with: the signed-in account and the
/// request's services.
#[cfg(feature = "ssr")]
pub(crate) struct StudioRequest {
    pub account: crate::accounts::StoredAccount,
    services: crate::shared::Services,
}

#[cfg(feature = "ssr")]
impl crate::shared::FromRequest for StudioRequest {
    async fn from_context() -> Result<Self, AppError> {
        Ok(StudioRequest {
            account: crate::accounts::require_account().await?,
            services: crate::shared::Services::from_context()?,
        })
    }
}

#[cfg(feature = "ssr")]
impl StudioRequest {
    pub(crate) fn store(&self) -> &dyn crate::store::Store {
        self.services.store.as_ref()
    }

    /// Where a maker records work on a piece, on its passport.
    pub(crate) fn piece_work(&self) -> services::studio::work::PieceWork<'_> {
        services::studio::work::PieceWork {
            studios: self.services.store.as_ref(),
            passports: self.services.store.as_ref(),
            notary: self.services.notary.as_ref(),
            now: jiff::Timestamp::now(),
        }
    }

    pub(crate) fn studio(&self) -> service::Studio<'_> {
        service::Studio::new(
            self.services.store.as_ref(),
            self.services.notary.as_ref(),
            &self.services.site,
            jiff::Timestamp::now(),
        )
    }
}

/// A piece id from a form or address; anything else is a piece that isn't there.
#[cfg(feature = "ssr")]
pub(crate) fn piece_id(raw: &str) -> Result<crate::pieces::PieceId, AppError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(crate::pieces::PieceId)
        .ok_or(AppError::NotFound)
}

/// A studio page's refusal for `layout::when_loaded`: `StudioRefusal` under
/// `heading`, with `link` onwards.
pub(crate) fn refusal(
    heading: &'static str,
    link: (&'static str, &'static str),
) -> impl Fn(crate::error::AppError) -> leptos::prelude::AnyView + Copy + Send + Sync + 'static {
    use leptos::prelude::*;
    move |error| view! { <StudioRefusal error heading link/> }.into_any()
}

/// What a studio page shows when its data is refused. Signed out goes to the
/// sign-in page and no studio yet to the studio's front page (a redirect without
/// JavaScript); anything else keeps its status, a stranger's piece a 404.
#[leptos::component]
pub(crate) fn StudioRefusal(
    error: crate::error::AppError,
    heading: &'static str,
    link: (&'static str, &'static str),
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    #[cfg(feature = "ssr")]
    match &error {
        AppError::Unauthenticated => crate::shared::redirect("/sign-in"),
        AppError::Invalid(_) => crate::shared::redirect("/studio"),
        other => crate::shared::set_status(other.status()),
    }
    let (href, text) = link;
    view! {
        <section class="form-page">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p><a href=href>{text}</a></p>
        </section>
    }
}
