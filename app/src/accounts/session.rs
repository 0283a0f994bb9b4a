//! The signed-in session, behind a port the server provides per request, so the
//! app never knows which session library or cookie carries it.

use super::{AccountId, AccountStore, StoredAccount};
use crate::error::AppError;
use async_trait::async_trait;
use leptos::prelude::use_context;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A person's session: values by key, and the two things that change its identity.
#[async_trait]
pub trait SessionPort: Send + Sync {
    async fn get_value(&self, key: &str) -> Result<Option<serde_json::Value>, AppError>;
    async fn set_value(&self, key: &str, value: serde_json::Value) -> Result<(), AppError>;
    async fn remove_value(&self, key: &str) -> Result<(), AppError>;
    /// Gives the session a new id, keeping its data (on signing in).
    async fn rotate_id(&self) -> Result<(), AppError>;
    /// Deletes the session on the server and forgets its cookie (on signing out).
    async fn end(&self) -> Result<(), AppError>;
    /// Whether the server keeps this session already: setting a value in one it
    /// doesn't keep stores a new session.
    async fn is_stored(&self) -> Result<bool, AppError>;
}

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

const SIGNED_IN: &str = "signed_in";
/// However active, a session lasts at most this long after signing in.
pub const ABSOLUTE_SESSION_SECONDS: i64 = 30 * 24 * 3600;

/// Whether a session's values say someone signed in on it (not whether that
/// sign-in still holds): such a session lasts; any other is short-lived.
pub fn values_are_signed_in(values: &std::collections::HashMap<String, serde_json::Value>) -> bool {
    values.contains_key(SIGNED_IN)
}

/// Whether someone signed in on this session (not whether that sign-in still holds).
pub async fn is_signed_in(session: &dyn SessionPort) -> Result<bool, AppError> {
    Ok(session.get_value(SIGNED_IN).await?.is_some())
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct SignedIn {
    account: i64,
    epoch: i64,
    /// Unix seconds of the sign-in.
    since: i64,
}

/// Marks the session as this account's, under a fresh id.
pub async fn sign_in(
    session: &dyn SessionPort,
    account: &StoredAccount,
    now: jiff::Timestamp,
) -> Result<(), AppError> {
    session.rotate_id().await?;
    let signed_in = SignedIn {
        account: account.id.0,
        epoch: account.session_epoch,
        since: now.as_second(),
    };
    session
        .set_value(
            SIGNED_IN,
            serde_json::to_value(signed_in).map_err(AppError::internal)?,
        )
        .await
}

/// The account signed in on this session, if the sign-in is still good: not past
/// the absolute lifetime, and no password change since.
pub async fn signed_in_account(
    session: &dyn SessionPort,
    accounts: &dyn AccountStore,
    now: jiff::Timestamp,
) -> Result<Option<StoredAccount>, AppError> {
    let Some(value) = session.get_value(SIGNED_IN).await? else {
        return Ok(None);
    };
    let Ok(signed_in) = serde_json::from_value::<SignedIn>(value) else {
        session.remove_value(SIGNED_IN).await?;
        return Ok(None);
    };
    let fresh = now.as_second() - signed_in.since <= ABSOLUTE_SESSION_SECONDS;
    let account = if fresh {
        accounts
            .account(AccountId(signed_in.account))
            .await?
            .filter(|account| account.session_epoch == signed_in.epoch)
    } else {
        None
    };
    if account.is_none() {
        session.remove_value(SIGNED_IN).await?;
    }
    Ok(account)
}

/// The signed-in account, or `Unauthenticated`.
pub async fn require_account() -> Result<StoredAccount, AppError> {
    let store = crate::shared::store()?;
    signed_in_account(session()?.as_ref(), store.as_ref(), jiff::Timestamp::now())
        .await?
        .ok_or(AppError::Unauthenticated)
}
