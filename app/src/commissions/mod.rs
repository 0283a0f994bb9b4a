//! Commissions: a buyer asks a maker to make a piece (`request_page`), both
//! follow it on one page with their own steps (`commission_page`), find theirs in
//! a list (`lists_page`) and read the signed design agreement (`agreement_page`);
//! the client's own stones and metal are logged in custody (`custody`).

mod agreement_page;
mod commission_page;
mod custody;
mod finished_piece;
mod lists_page;
mod request_page;

pub use agreement_page::AgreementPage;
pub use commission_page::CommissionPage;
pub use custody::CustodyReceiptPage;
pub use domain::commissions::*;
pub use lists_page::{BuyerCommissionsPage, StudioCommissionsPage};
pub use request_page::RequestCommissionPage;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// A step taken on a commission's page by the signed-in person, through the
/// desk: then on, or back to the page (at `anchor`) with the reason and the
/// `fields` typed in again.
#[cfg(feature = "ssr")]
pub(crate) async fn on_commission_page(
    commission: &str,
    anchor: &str,
    fields: Vec<(&'static str, String)>,
    step: impl AsyncFnOnce(CommissionRequest) -> Result<crate::shared::Next, AppError>,
) -> Result<(), AppError> {
    let digits: String = commission.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back::to(format!("/commissions/{digits}{anchor}"), "commission")
        .keeping(fields);
    crate::shared::conclude_step(step, back).await
}

/// The signed-in person and the desk they act through.
#[cfg(feature = "ssr")]
pub(crate) struct CommissionRequest {
    pub viewer: crate::accounts::StoredAccount,
    services: crate::shared::Services,
    cards: Option<std::sync::Arc<dyn domain::payments::CardPayments>>,
    fee: crate::orders::PlatformFee,
}

#[cfg(feature = "ssr")]
impl crate::shared::FromRequest for CommissionRequest {
    async fn from_context() -> Result<Self, AppError> {
        Ok(CommissionRequest {
            viewer: crate::accounts::require_account().await?,
            services: crate::shared::Services::from_context()?,
            cards: crate::orders::CardProcessor::from_context(),
            fee: crate::orders::PlatformFee::from_context()?,
        })
    }
}

#[cfg(feature = "ssr")]
impl CommissionRequest {
    pub(crate) fn desk(&self) -> services::commissions::desk::CommissionDesk<'_> {
        let mut desk = services::commissions::desk::CommissionDesk::new(
            self.services.store.as_ref(),
            self.services.notary.as_ref(),
            self.fee.0,
            &self.services.site,
            jiff::Timestamp::now(),
        );
        desk.till.cards = self.cards.as_deref();
        desk
    }
}
