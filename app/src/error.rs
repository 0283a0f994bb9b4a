//! The one error type every server function returns and every page can show.
//!
//! Its `Display` text is what a person reads, so it never carries internals: the
//! detail goes to the log where the error is made (see `AppError::internal`).

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
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

impl AppError {
    /// The HTTP status a response carrying this error should have.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid(_) => 400,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
        }
    }

    /// Logs `detail` for operators and returns the error a user may see.
    #[cfg(feature = "ssr")]
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        AppError::Internal
    }
}

/// A store failure a service did not turn into something a person can act on
/// (its conflicts it matches first): logged once here, shown as "went wrong".
#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(error: crate::store::StoreError) -> Self {
        AppError::internal(error)
    }
}

/// A service's refusal, as the same words and status.
#[cfg(feature = "ssr")]
impl From<services::ServiceError> for AppError {
    fn from(error: services::ServiceError) -> Self {
        use services::ServiceError as Refused;
        match error {
            Refused::NotFound => AppError::NotFound,
            Refused::Invalid(text) => AppError::Invalid(text),
            Refused::Unauthenticated => AppError::Unauthenticated,
            Refused::Forbidden => AppError::Forbidden,
            Refused::Conflict(text) => AppError::Conflict(text),
            Refused::Internal => AppError::Internal,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed: the client can fix it, and the
            // decoder's text (field names, byte offsets) is no use to a person.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::Invalid(
                "We couldn't read that request. Please check the form and try again.".into(),
            ),
            ServerFnErrorErr::Registration(_) => AppError::NotFound,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failure");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_fn_failures_never_expose_their_detail() {
        let leaked = "no such table: makers at /srv/touchstone/data";
        for error in [
            ServerFnErrorErr::ServerError(leaked.into()),
            ServerFnErrorErr::Request(leaked.into()),
            ServerFnErrorErr::Response(leaked.into()),
            ServerFnErrorErr::Args(leaked.into()),
            ServerFnErrorErr::Deserialization(leaked.into()),
        ] {
            let shown = AppError::from_server_fn_error(error).to_string();
            assert!(!shown.contains("makers"), "{shown}");
            assert!(!shown.contains("/srv"), "{shown}");
        }
    }

    #[test]
    fn each_error_maps_to_its_status() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Invalid("x".into()).status(), 400);
        assert_eq!(AppError::Conflict("x".into()).status(), 409);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn errors_survive_the_wire() {
        let error = AppError::Conflict("That time was just taken.".into());
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), error);
    }
}
