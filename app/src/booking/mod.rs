//! Design consultations: what a maker offers and when they can meet, a buyer
//! booking a time in their own time zone, and everything that follows — the
//! emails with their calendar invites, the maker's answer, cancellation.

mod book_page;
mod booking_page;
mod consultations_page;
mod inbox_page;
mod list_page;
mod move_page;
mod slot_picker;
mod thread_page;
mod views;
mod zone_detect;

pub use book_page::{BookConsultationPage, OfferedConsultations};
pub use booking_page::{BookingPage, CheckYourEmailPage, ConfirmBookingPage};
pub use consultations_page::StudioConsultationsPage;
pub use domain::booking::*;
pub use inbox_page::StudioBookingsPage;
pub use list_page::BuyerBookingsPage;
pub use move_page::{BuyerMovePage, MakerMovePage};
#[cfg(feature = "ssr")]
pub use services::booking::{
    InviteMethod, desk, invite, invite_uid, links, maker, slots, views::booking_view,
};
pub use thread_page::StudioBookingPage;
pub use views::*;

#[cfg(feature = "ssr")]
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;

/// A booking's number from an address or a form; anything else is a booking
/// that isn't there.
#[cfg(feature = "ssr")]
pub(crate) fn booking_number(raw: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// What a booking's page shows, or why not: a bad or expired link is "not
/// found", which says nothing of whether the booking exists.
#[cfg(feature = "ssr")]
pub(crate) fn as_page<T>(outcome: Result<T, services::ServiceError>) -> Result<T, AppError> {
    match outcome.map_err(AppError::from) {
        Err(AppError::Invalid(_)) => Err(AppError::NotFound),
        outcome => outcome,
    }
}

/// What a buyer reads of their booking, by their account or by the signed
/// `key` of the link they came with, as its page shows it.
#[cfg(feature = "ssr")]
pub(crate) async fn read_as_buyer<T>(
    booking: &str,
    key: &str,
    read: impl AsyncFnOnce(
        desk::BookingDesk<'_>,
        i64,
        Option<&str>,
        Option<&crate::accounts::StoredAccount>,
    ) -> Result<T, services::ServiceError>,
) -> Result<T, AppError> {
    let request = BookingRequest::from_context().await?;
    let id = booking_number(booking)?;
    let key = Some(key).filter(|key| !key.is_empty());
    as_page(read(request.desk(), id, key, request.viewer.as_ref()).await)
}

/// The services a booking server function works with.
#[cfg(feature = "ssr")]
pub(crate) struct BookingRequest {
    pub viewer: Option<crate::accounts::StoredAccount>,
    services: crate::shared::Services,
}

#[cfg(feature = "ssr")]
impl crate::shared::FromRequest for BookingRequest {
    async fn from_context() -> Result<Self, AppError> {
        let services = crate::shared::Services::from_context()?;
        let viewer = crate::accounts::current_account().await?;
        Ok(BookingRequest { viewer, services })
    }
}

#[cfg(feature = "ssr")]
impl BookingRequest {
    pub(crate) fn desk(&self) -> desk::BookingDesk<'_> {
        desk::BookingDesk::new(
            self.services.store.as_ref(),
            self.services.link_keys.as_ref(),
            self.services.notary.as_ref(),
            &self.services.site,
            jiff::Timestamp::now(),
        )
    }

    pub(crate) fn store(&self) -> &dyn crate::store::Store {
        self.services.store.as_ref()
    }
}
