//! Operators: Touchstone's people who check makers' evidence documents and
//! verify the claims they show. An account becomes one with
//! `server grant-operator EMAIL`; to everyone else these pages don't exist.

mod queue_page;
mod review_page;

pub use domain::operator::*;
pub use queue_page::EvidenceQueuePage;
pub use review_page::EvidenceReviewPage;
#[cfg(feature = "ssr")]
pub use services::operator::review;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// What an operator's server function works with: the signed-in operator and
/// the request's services.
#[cfg(feature = "ssr")]
pub(crate) struct OperatorRequest {
    pub operator: crate::accounts::StoredAccount,
    services: crate::shared::Services,
}

#[cfg(feature = "ssr")]
impl crate::shared::FromRequest for OperatorRequest {
    /// Anyone but an operator gets "not found": the pages don't say they exist.
    async fn from_context() -> Result<Self, AppError> {
        let operator = crate::accounts::require_account().await?;
        if operator.role != crate::accounts::Role::Operator {
            return Err(AppError::NotFound);
        }
        Ok(OperatorRequest {
            operator,
            services: crate::shared::Services::from_context()?,
        })
    }
}

#[cfg(feature = "ssr")]
impl OperatorRequest {
    pub(crate) fn review(&self) -> review::EvidenceReview<'_> {
        let store = self.services.store.as_ref();
        review::EvidenceReview {
            documents: store,
            studio: store,
            outbox: store,
            catalogue: store,
            passports: store,
            notary: self.services.notary.as_ref(),
            site: &self.services.site,
            now: jiff::Timestamp::now(),
        }
    }
}

/// What an operator's page shows when it is refused: signed out goes to the
/// sign-in page; everyone else who isn't an operator sees "not found".
fn refusal(error: crate::error::AppError) -> leptos::prelude::AnyView {
    #[cfg(feature = "ssr")]
    match &error {
        AppError::Unauthenticated => crate::shared::redirect("/sign-in"),
        other => crate::shared::set_status(other.status()),
    }
    crate::layout::error_page(error)
}
