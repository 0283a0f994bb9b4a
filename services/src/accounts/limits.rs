//! How often a client, an account or an address may fail a sign-in, be mailed or
//! open a session: counted in the store, so the limits hold across app servers.

use super::Email;
use super::Throttle;
use super::service::Accounts;
use crate::ServiceError;
use jiff::{SignedDuration, Timestamp};

/// Failed sign-ins counted per account and client, per account and per client
/// within this window.
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// Guesses at one account from one client: a stranger who types wrong passwords
/// shuts out their own client, not the owner on theirs.
pub const FAILURES_PER_ACCOUNT_AND_CLIENT: u32 = 5;
/// Guesses at one account from every client together, against guessing spread
/// over many addresses; far above what the owner's own typing reaches.
pub const FAILURES_PER_ACCOUNT: u32 = 50;
/// Generous enough for a shared office or campus address.
pub const FAILURES_PER_CLIENT: u32 = 30;
/// Emails the sign-up and reset forms may send to one address at one client's
/// request, to one address at anyone's, and at one client's request to any
/// address, within `MAIL_WINDOW`: a stranger asking too often uses up their own
/// quota for the address, not its owner's.
pub const MAILS_PER_ADDRESS_AND_CLIENT: u32 = 5;
pub const MAILS_PER_ADDRESS: u32 = 20;
pub const MAILS_PER_CLIENT: u32 = 20;
pub const MAIL_WINDOW: SignedDuration = SignedDuration::from_hours(1);
/// New sessions the server keeps, within `ANONYMOUS_SESSION_WINDOW`, for a client
/// nobody signed in on: a browser keeps its one cookie, so only a client dropping
/// it (a script, mostly) makes more; room is left for many people behind one
/// address (a campus, a mobile carrier's NAT) posting a form for the first time.
pub const ANONYMOUS_SESSIONS_PER_CLIENT: u32 = 60;
pub const ANONYMOUS_SESSION_WINDOW: SignedDuration = SignedDuration::from_mins(1);

/// The keys a failed password is counted under.
pub(super) struct FailureKeys {
    pub(super) account_and_client: String,
    pub(super) account: String,
    pub(super) client: String,
}

impl FailureKeys {
    pub(super) fn new(email: &Email, client: &str) -> Self {
        FailureKeys {
            account_and_client: format!("account-client:{client} {email}"),
            account: format!("account:{email}"),
            client: format!("client:{client}"),
        }
    }

    pub(super) fn all(&self) -> [String; 3] {
        [
            self.account_and_client.clone(),
            self.account.clone(),
            self.client.clone(),
        ]
    }
}

impl Accounts<'_> {
    /// Whether any count of failures within the window, plus `pending` not yet
    /// recorded, is past its limit.
    pub(super) async fn failures_over_limits(
        &self,
        keys: &FailureKeys,
        pending: u32,
    ) -> Result<bool, ServiceError> {
        let since = self
            .now
            .checked_sub(THROTTLE_WINDOW)
            .map_err(ServiceError::internal)?;
        for (key, limit) in [
            (&keys.account_and_client, FAILURES_PER_ACCOUNT_AND_CLIENT),
            (&keys.account, FAILURES_PER_ACCOUNT),
            (&keys.client, FAILURES_PER_CLIENT),
        ] {
            let failures = self.throttle.login_failures_since(key, since).await?;
            if failures.saturating_add(pending) > limit {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Forms that send mail may not be used to flood a mailbox, nor from one
/// connection to mail the world; the limit reads the same for every address.
pub async fn allow_mail(
    throttle: &dyn Throttle,
    now: Timestamp,
    to: &Email,
    client: &str,
) -> Result<(), ServiceError> {
    let keys = [
        format!("mail-address-client:{client} {to}"),
        format!("mail:{to}"),
        format!("mail-client:{client}"),
    ];
    let since = now
        .checked_sub(MAIL_WINDOW)
        .map_err(ServiceError::internal)?;
    let forget_before = now
        .checked_sub(SignedDuration::from_hours(24))
        .map_err(ServiceError::internal)?;
    // Recorded before counting, so requests in parallel can't all slip under it.
    throttle
        .record_login_failure(&keys, now, forget_before)
        .await?;
    for (key, limit) in keys.iter().zip([
        MAILS_PER_ADDRESS_AND_CLIENT,
        MAILS_PER_ADDRESS,
        MAILS_PER_CLIENT,
    ]) {
        if throttle.login_failures_since(key, since).await? > limit {
            return Err(ServiceError::Invalid(
                "We've sent several emails for this address or from your connection in \
                 the last hour. Please check your inbox and spam folder, or try again later."
                    .into(),
            ));
        }
    }
    Ok(())
}

/// Whether the client may have one more anonymous session kept; counted across
/// app servers, recorded before it is counted like the other limits.
pub async fn allow_anonymous_session(
    throttle: &dyn Throttle,
    now: Timestamp,
    client: &str,
) -> Result<bool, ServiceError> {
    let key = format!("anonymous-session:{client}");
    let since = now
        .checked_sub(ANONYMOUS_SESSION_WINDOW)
        .map_err(ServiceError::internal)?;
    // Only the window matters: older events go as each new one is recorded.
    throttle
        .record_login_failure(std::slice::from_ref(&key), now, since)
        .await?;
    Ok(throttle.login_failures_since(&key, since).await? <= ANONYMOUS_SESSIONS_PER_CLIENT)
}
