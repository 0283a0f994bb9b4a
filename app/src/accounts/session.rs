//! The session of the request being served, from the request context: the port
//! the server provides (so the app never knows which session library or cookie
//! carries it), where the request came from, and the signed-in account.

use super::{SessionPort, StoredAccount, signed_in_account};
use crate::error::AppError;
use leptos::prelude::use_context;
use std::sync::Arc;

/// The session of the request being served.
#[derive(Clone)]
pub struct CurrentSession(pub Arc<dyn SessionPort>);

/// Where the request came from, for throttling, and how it was made.
#[derive(Clone, Debug)]
pub struct RequestOrigin {
    /// The client's address as the server trusts it.
    pub client: String,
    /// A browser posted a form (it accepts HTML): answers are redirects, which a
    /// browser only follows with a 3xx status.
    pub form_post: bool,
}

pub(crate) fn session() -> Result<Arc<dyn SessionPort>, AppError> {
    use_context::<CurrentSession>()
        .map(|CurrentSession(port)| port)
        .ok_or_else(|| AppError::internal("no session in the request context"))
}

/// Whether the request is a plain form post from a browser.
pub(crate) fn is_form_post() -> bool {
    use_context::<RequestOrigin>().is_some_and(|origin| origin.form_post)
}

pub(crate) fn client_address() -> String {
    use_context::<RequestOrigin>()
        .map(|origin| origin.client)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The signed-in account, if anyone is signed in.
pub async fn current_account() -> Result<Option<StoredAccount>, AppError> {
    let store = crate::shared::store()?;
    Ok(signed_in_account(session()?.as_ref(), store.as_ref(), jiff::Timestamp::now()).await?)
}

/// The signed-in account, or `Unauthenticated`.
pub async fn require_account() -> Result<StoredAccount, AppError> {
    current_account().await?.ok_or(AppError::Unauthenticated)
}
