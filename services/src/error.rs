//! Why a service refused or failed, in words a person can read.
//!
//! The `Display` text is what a person sees, so it never carries internals: the
//! detail goes to the log where the error is made (`ServiceError::internal`).

use domain::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("We couldn't find that page.")]
    NotFound,
    /// A request we understood but cannot accept; the text says how to fix it.
    #[error("{0}")]
    Invalid(String),
    #[error("Please sign in to do that.")]
    Unauthenticated,
    #[error("You don't have permission to do that.")]
    Forbidden,
    #[error("{0}")]
    Conflict(String),
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
}

impl ServiceError {
    /// Logs `detail` for operators and returns the error a user may see.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        ServiceError::Internal
    }
}

/// A store failure a service did not turn into something a person can act on
/// (its conflicts it matches first): logged once here, shown as "went wrong".
impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        ServiceError::internal(error)
    }
}
