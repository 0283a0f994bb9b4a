//! What accounts need from the database, as four narrow ports: the accounts and
//! their emailed tokens, the outbox every feature sends mail through, the counted
//! events that limits are checked against, and the sessions.

use super::{
    AccountId, Email, Mail, NewAccount, NewToken, OutgoingMail, PendingMail, StoredAccount,
    TokenPurpose,
};
use crate::shared::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// After this many failed deliveries a mail stays in the outbox, unsent.
pub const MAX_DELIVERY_ATTEMPTS: i64 = 8;

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Fails with `Duplicate(EmailAddress)` when the address is taken.
    async fn create_account(&self, account: &NewAccount) -> Result<AccountId, StoreError>;

    async fn account_by_email(&self, email: &Email) -> Result<Option<StoredAccount>, StoreError>;

    async fn account(&self, id: AccountId) -> Result<Option<StoredAccount>, StoreError>;

    /// Replaces the password hash and moves the session epoch, which signs out
    /// every session made before.
    async fn set_password(&self, id: AccountId, password_hash: &str) -> Result<(), StoreError>;

    /// Gives the account a role (an operator, from the command line); `false` when
    /// there is no such account.
    async fn set_role(&self, id: AccountId, role: super::Role) -> Result<bool, StoreError>;

    async fn mark_email_verified(&self, id: AccountId, at: Timestamp) -> Result<(), StoreError>;

    async fn create_token(&self, token: &NewToken) -> Result<(), StoreError>;

    /// Uses up a token: the account it was for and when the token would have
    /// expired, if it exists, is for this purpose and has not expired; a token is
    /// taken at most once, even by racing requests.
    async fn take_token(
        &self,
        digest: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> Result<Option<(AccountId, Timestamp)>, StoreError>;

    /// Every emailed link of the account stops working.
    async fn delete_tokens(&self, account: AccountId) -> Result<(), StoreError>;
}

/// Mail waiting to go out, sent by whichever app server claims it first.
#[async_trait]
pub trait Outbox: Send + Sync {
    async fn queue_mail(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mail = OutgoingMail {
            to: to.to_owned(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            attachment: None,
            not_before: None,
            topic: None,
        };
        self.queue_outgoing(&mail, at).await
    }

    async fn queue_outgoing(&self, mail: &OutgoingMail, at: Timestamp) -> Result<(), StoreError>;

    /// Withdraws the unsent mail queued with this topic; the number withdrawn.
    async fn withdraw_mail(&self, topic: &str) -> Result<u64, StoreError>;

    /// The newest mail first.
    async fn recent_mail(&self, limit: u32) -> Result<Vec<Mail>, StoreError>;

    /// Claims up to `limit` unsent mails (oldest first) for delivery until
    /// `lease_until`; a mail claimed by another server is skipped until its lease
    /// ends, and one that failed `MAX_DELIVERY_ATTEMPTS` times is given up.
    async fn claim_mail(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<PendingMail>, StoreError>;

    async fn mark_mail_sent(&self, id: i64, at: Timestamp) -> Result<(), StoreError>;

    /// Counts a failed delivery and holds the mail back until `retry_at`; returns
    /// the failures so far.
    async fn mark_mail_failed(&self, id: i64, retry_at: Timestamp) -> Result<i64, StoreError>;
}

/// Events counted per key within a window, shared by every app server: failed
/// sign-ins, mails sent, anonymous sessions opened.
#[async_trait]
pub trait Throttle: Send + Sync {
    /// Records one throttled event against each key — a failed sign-in against an
    /// account and a client address, a mail sent to an address — forgetting events
    /// older than `forget_before`.
    async fn record_login_failure(
        &self,
        keys: &[String],
        at: Timestamp,
        forget_before: Timestamp,
    ) -> Result<(), StoreError>;

    async fn login_failures_since(&self, key: &str, since: Timestamp) -> Result<u32, StoreError>;

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError>;

    /// Forgets the one event recorded against `key` at `at`.
    async fn forget_login_failure(&self, key: &str, at: Timestamp) -> Result<(), StoreError>;
}

/// Sessions, kept in the database so any app server can answer any request.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a new session; `false` when the id is already in use.
    async fn insert_session(
        &self,
        id: &str,
        data: &str,
        expires_at: Timestamp,
    ) -> Result<bool, StoreError>;

    async fn save_session(
        &self,
        id: &str,
        data: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;

    /// The session's data, unless it is missing or expired.
    async fn load_session(&self, id: &str, now: Timestamp) -> Result<Option<String>, StoreError>;

    async fn delete_session(&self, id: &str) -> Result<(), StoreError>;

    /// Removes expired sessions; the number removed.
    async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError>;
}
