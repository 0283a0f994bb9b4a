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

/// Sends the browser elsewhere once this request is done; the server provides it.
#[derive(Clone)]
pub struct Redirector(Arc<dyn Fn(&str) + Send + Sync>);

impl Redirector {
    pub fn new(redirect: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Redirector(Arc::new(redirect))
    }

    pub fn provide(self) {
        provide_context(self);
    }
}

/// Redirects to a path of this site (a no-op outside a request).
pub fn redirect(path: &str) {
    if let Some(Redirector(redirect)) = use_context::<Redirector>() {
        redirect(path);
    }
}
