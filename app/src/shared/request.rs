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

/// What server functions work with beyond the session: the store, the notary
/// that signs passports, the keys that sign booking links, and the public site's
/// address for emails.
#[derive(Clone)]
pub struct Services {
    pub store: Arc<dyn Store>,
    pub notary: Arc<dyn crate::provenance::Notary>,
    pub link_keys: Arc<dyn crate::booking::links::LinkKeys>,
    pub site: String,
}

impl Services {
    pub fn from_context() -> Result<Self, AppError> {
        Ok(Services {
            store: store()?,
            notary: use_context::<Arc<dyn crate::provenance::Notary>>()
                .ok_or_else(|| AppError::internal("no notary in the request context"))?,
            link_keys: use_context::<Arc<dyn crate::booking::links::LinkKeys>>()
                .ok_or_else(|| AppError::internal("no link keys in the request context"))?,
            site: use_context::<crate::shared::SiteUrl>()
                .map(|site| site.0)
                .unwrap_or_default(),
        })
    }
}

/// A feature's view of the request a server function serves: who is signed in and
/// the services its desk works with, or why the function can't go on.
pub trait FromRequest: Sized {
    fn from_context() -> impl std::future::Future<Output = Result<Self, AppError>> + Send;
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
