//! The signed-in session, behind a port the server provides per request, so
//! nothing here knows which session library or cookie carries it.

use super::{AccountId, AccountStore, StoredAccount};
use crate::ServiceError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A person's session: values by key, and the two things that change its identity.
#[async_trait]
pub trait SessionPort: Send + Sync {
    async fn get_value(&self, key: &str) -> Result<Option<serde_json::Value>, ServiceError>;
    async fn set_value(&self, key: &str, value: serde_json::Value) -> Result<(), ServiceError>;
    async fn remove_value(&self, key: &str) -> Result<(), ServiceError>;
    /// Gives the session a new id, keeping its data (on signing in).
    async fn rotate_id(&self) -> Result<(), ServiceError>;
    /// Deletes the session on the server and forgets its cookie (on signing out).
    async fn end(&self) -> Result<(), ServiceError>;
    /// Whether the server keeps this session already: setting a value in one it
    /// doesn't keep stores a new session.
    async fn is_stored(&self) -> Result<bool, ServiceError>;
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
pub async fn is_signed_in(session: &dyn SessionPort) -> Result<bool, ServiceError> {
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
) -> Result<(), ServiceError> {
    session.rotate_id().await?;
    let signed_in = SignedIn {
        account: account.id.0,
        epoch: account.session_epoch,
        since: now.as_second(),
    };
    session
        .set_value(
            SIGNED_IN,
            serde_json::to_value(signed_in).map_err(ServiceError::internal)?,
        )
        .await
}

/// The account signed in on this session, if the sign-in is still good: not past
/// the absolute lifetime, and no password change since.
pub async fn signed_in_account(
    session: &dyn SessionPort,
    accounts: &dyn AccountStore,
    now: jiff::Timestamp,
) -> Result<Option<StoredAccount>, ServiceError> {
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
