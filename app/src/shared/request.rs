//! What the server hands a page or server function for the request being served.

use crate::{error::AppError, store::Store};
use leptos::prelude::{provide_context, use_context};
use std::sync::Arc;

/// Lets pages and server functions set the response status without knowing the
/// HTTP framework underneath; the server provides it for every request.
#[derive(Clone)]
pub struct ResponseStatus(Arc<dyn Fn(u16) + Send + Sync>);

impl ResponseStatus {
    pub fn new(set: impl Fn(u16) + Send + Sync + 'static) -> Self {
        ResponseStatus(Arc::new(set))
    }

    pub fn provide(self) {
        provide_context(self);
    }
}

/// Sets the status of the response being rendered (a no-op outside a request).
pub fn set_status(code: u16) {
    if let Some(ResponseStatus(set)) = use_context::<ResponseStatus>() {
        set(code);
    }
}

/// The storage port for this request.
pub fn store() -> Result<Arc<dyn Store>, AppError> {
    use_context::<Arc<dyn Store>>()
        .ok_or_else(|| AppError::internal("no store in the request context"))
}
