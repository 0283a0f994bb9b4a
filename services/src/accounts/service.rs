//! Signing up, in and out, and the emailed links, as plain Rust over the storage
//! and session ports: the server functions are thin wrappers around these.

use super::limits::{FailureKeys, allow_mail};
use super::passwords::{hash_password, new_token, password_matches, token_digest};
use super::session::{SessionPort, sign_in, signed_in_account};
use super::{
    AccountId, AccountInputError, AccountStore, DisplayName, Email, NewAccount, NewToken, Outbox,
    Password, Role, StoredAccount, Throttle, TokenPurpose,
};
use crate::ServiceError;
use crate::shared::Next;
use crate::store::StoreError;
use jiff::{SignedDuration, Timestamp};

pub const VERIFY_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(48);
pub const RESET_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(1);
pub const EXPIRED_RESET_LINK: &str =
    "That link has expired or was already used. Ask for a new one below.";

/// What the account flows need: the accounts and their tokens, the outbox, the
/// counted events the limits read, the session, the site's address.
pub struct Accounts<'a> {
    pub accounts: &'a dyn AccountStore,
    pub outbox: &'a dyn Outbox,
    pub throttle: &'a dyn Throttle,
    pub session: &'a dyn SessionPort,
    /// `https://touchstone.example`, for links in emails.
    pub site: &'a str,
    pub now: Timestamp,
}

impl From<AccountInputError> for ServiceError {
    fn from(error: AccountInputError) -> Self {
        ServiceError::Invalid(error.to_string())
    }
}

impl Accounts<'_> {
    /// Throttle events older than a day are forgotten as new ones are recorded.
    fn forget_before(&self) -> Result<Timestamp, ServiceError> {
        self.now
            .checked_sub(SignedDuration::from_hours(24))
            .map_err(ServiceError::internal)
    }

    async fn send(&self, to: &Email, subject: &str, body: String) -> Result<(), ServiceError> {
        self.outbox
            .queue_mail(to.as_str(), subject, &body, self.now)
            .await
            .map_err(ServiceError::from)
    }

    async fn issue_token(
        &self,
        account: &StoredAccount,
        purpose: TokenPurpose,
        lifetime: SignedDuration,
    ) -> Result<String, ServiceError> {
        let (token, digest) = new_token();
        let expires_at = self
            .now
            .checked_add(lifetime)
            .map_err(ServiceError::internal)?;
        self.accounts
            .create_token(&NewToken {
                digest,
                account: account.id,
                purpose,
                expires_at,
            })
            .await?;
        Ok(token)
    }

    async fn allow_mail(&self, to: &Email, client: &str) -> Result<(), ServiceError> {
        allow_mail(self.throttle, self.now, to, client).await
    }

    async fn send_verification(&self, account: &StoredAccount) -> Result<(), ServiceError> {
        let token = self
            .issue_token(account, TokenPurpose::VerifyEmail, VERIFY_LINK_LIFETIME)
            .await?;
        self.send(
            &account.email,
            "Confirm your email address for Touchstone",
            format!(
                "Hello,\n\nTo finish signing up to Touchstone, confirm your email \
                 address by opening this link within 48 hours:\n\n{site}/account/confirm?token={token}\n\n\
                 If you did not sign up, ignore this email: nothing happens without the link.\n",
                site = self.site,
            ),
        )
        .await
    }

    /// Creates a buyer account and emails a confirmation link. An address that is
    /// already registered gets an email saying so instead; the person at the form
    /// sees the same answer either way, so the form never reveals who has an account.
    pub async fn sign_up(
        &self,
        email: &str,
        display_name: &str,
        password: &str,
        client: &str,
    ) -> Result<Next, ServiceError> {
        let email = Email::parse(email)?;
        let display_name = DisplayName::parse(display_name)?;
        let password = Password::parse(password, &email)?;
        self.allow_mail(&email, client).await?;
        let password_hash = hash_password(password).await?;
        let created = self
            .accounts
            .create_account(&NewAccount {
                email: email.clone(),
                display_name,
                password_hash,
                role: Role::Buyer,
                created_at: self.now,
            })
            .await;
        match created {
            Ok(id) => {
                let account = self
                    .accounts
                    .account(id)
                    .await?
                    .ok_or_else(|| ServiceError::internal("a new account vanished"))?;
                self.send_verification(&account).await?;
            }
            Err(StoreError::Duplicate(_)) => {
                self.send(
                    &email,
                    "You already have a Touchstone account",
                    format!(
                        "Hello,\n\nSomeone, hopefully you, tried to sign up to Touchstone with \
                         this address, which already has an account.\n\nSign in: {site}/sign-in\n\
                         Forgotten your password? Choose a new one: {site}/account/reset\n\n\
                         If it wasn't you, ignore this email: your account is unchanged.\n",
                        site = self.site,
                    ),
                )
                .await?;
            }
            Err(error) => return Err(error.into()),
        }
        Ok(Next {
            path: "/sign-in".into(),
            form: "sign-in",
            notice: Some(format!(
                "Almost done: we've sent an email to {email}. Open the link in it within 48 \
                 hours to confirm your address, then you're signed in."
            )),
        })
    }

    /// Uses a confirmation link: the address is confirmed and the person signed in,
    /// and every other link of the account stops working. A link for an address
    /// already confirmed signs nobody in.
    pub async fn confirm_email(&self, token: &str) -> Result<Next, ServiceError> {
        let (account, _) = self
            .take_token(token, TokenPurpose::VerifyEmail)
            .await?
            .ok_or_else(|| {
                ServiceError::Invalid(
                    "That confirmation link has expired or was already used. Sign in to get \
                     a new one."
                        .into(),
                )
            })?;
        if account.email_verified {
            return Ok(Next {
                path: "/sign-in".into(),
                form: "sign-in",
                notice: Some("Your email address is already confirmed: please sign in.".into()),
            });
        }
        self.accounts
            .mark_email_verified(account.id, self.now)
            .await?;
        self.accounts.delete_tokens(account.id).await?;
        sign_in(self.session, &account, self.now).await?;
        Ok(Next {
            path: "/account".into(),
            form: "account",
            notice: Some(format!(
                "Your email address is confirmed. Welcome to Touchstone, {}.",
                account.display_name.as_str()
            )),
        })
    }

    async fn take_token(
        &self,
        token: &str,
        purpose: TokenPurpose,
    ) -> Result<Option<(StoredAccount, Timestamp)>, ServiceError> {
        let token = token.trim();
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let Some((id, expires_at)) = self
            .accounts
            .take_token(&token_digest(token), purpose, self.now)
            .await?
        else {
            return Ok(None);
        };
        Ok(self
            .accounts
            .account(id)
            .await?
            .map(|account| (account, expires_at)))
    }

    /// Signs in, refusing (with the same words whether or not the account exists)
    /// once an account or a client address has failed too often.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &str,
    ) -> Result<Next, ServiceError> {
        let too_many = || {
            ServiceError::Invalid(
                "Too many failed sign-in attempts. Wait 15 minutes and try again, or choose a \
                 new password with “Forgotten your password?”."
                    .into(),
            )
        };
        let mismatch = || {
            ServiceError::Invalid(
                "That email address and password don't match an account. Check them and try \
                 again."
                    .into(),
            )
        };
        let email = Email::parse(email)?;
        let keys = FailureKeys::new(&email, client);
        // The attempt is recorded before it is counted, so parallel guesses each see
        // those before them: at most the limit ever reach the password check.
        let forget_before = self.forget_before()?;
        self.throttle
            .record_login_failure(&keys.all(), self.now, forget_before)
            .await?;
        if self.failures_over_limits(&keys, 0).await? {
            return Err(too_many());
        }
        let account = self.accounts.account_by_email(&email).await?;
        let hash = account.as_ref().map(|a| a.password_hash.clone());
        let matches = password.chars().count() <= super::MAX_PASSWORD_CHARS
            && password_matches(password, hash).await?;
        let account = match account {
            Some(account) if matches => account,
            _ => return Err(mismatch()),
        };
        // The right password: this attempt was no failure after all, nor were this
        // client's earlier tries at the account. Other clients' failures stay
        // counted: signing in must not hand a spread-out guesser a fresh budget.
        self.throttle
            .clear_login_failures(&keys.account_and_client)
            .await?;
        for key in [&keys.account, &keys.client] {
            self.throttle.forget_login_failure(key, self.now).await?;
        }
        if !account.email_verified {
            self.send_verification(&account).await?;
            return Err(ServiceError::Invalid(format!(
                "Please confirm your email address first: we've sent a new link to {}.",
                account.email
            )));
        }
        sign_in(self.session, &account, self.now).await?;
        Ok(Next {
            path: "/account".into(),
            form: "account",
            notice: None,
        })
    }

    /// Always answers the same, so the form never reveals who has an account.
    pub async fn request_reset(&self, email: &str, client: &str) -> Result<Next, ServiceError> {
        let email = Email::parse(email)?;
        self.allow_mail(&email, client).await?;
        if let Some(account) = self.accounts.account_by_email(&email).await? {
            let token = self
                .issue_token(&account, TokenPurpose::ResetPassword, RESET_LINK_LIFETIME)
                .await?;
            self.send(
                &email,
                "Choose a new password for Touchstone",
                format!(
                    "Hello,\n\nTo choose a new password, open this link within an \
                     hour:\n\n{site}/account/new-password?token={token}\n\nIf you didn't ask \
                     for this, ignore this email: your password stays as it is.\n",
                    site = self.site,
                ),
            )
            .await?;
        } else {
            // The owner of an address without an account learns why no link came
            // (another address, perhaps); and both answers do the same work.
            self.send(
                &email,
                "Choose a new password for Touchstone",
                format!(
                    "Hello,\n\nSomeone asked to reset the Touchstone password for {email}, \
                     but there is no Touchstone account with this address. If you have an \
                     account, it may use another address: ask there. To open an account, go \
                     to {site}/sign-up.\n\nIf you didn't ask for this, ignore this email.\n",
                    site = self.site,
                ),
            )
            .await?;
        }
        Ok(Next {
            path: "/account/reset".into(),
            form: "reset",
            notice: Some(format!(
                "If an account uses {email}, we've sent it a link to choose a new password. \
                 The link works for one hour."
            )),
        })
    }

    /// Sets a new password from a reset link; every other session is signed out.
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<Next, ServiceError> {
        let (account, expires_at) = self
            .take_token(token, TokenPurpose::ResetPassword)
            .await?
            .ok_or_else(|| ServiceError::Invalid(EXPIRED_RESET_LINK.into()))?;
        let password = match Password::parse(password, &account.email) {
            Ok(password) => password,
            Err(error) => {
                // The link is used up atomically before the password is known to be
                // acceptable; a refused password re-arms it, with its own expiry, so
                // it can be corrected but never kept alive.
                self.accounts
                    .create_token(&NewToken {
                        digest: token_digest(token.trim()),
                        account: account.id,
                        purpose: TokenPurpose::ResetPassword,
                        expires_at,
                    })
                    .await?;
                return Err(error.into());
            }
        };
        // Following the emailed link proved the address, too.
        self.accounts
            .mark_email_verified(account.id, self.now)
            .await?;
        self.replace_password(account.id, password).await?;
        Ok(Next {
            path: "/account".into(),
            form: "account",
            notice: Some(
                "Your new password is set, and you're signed in. Any other device signed in \
                 to your account has been signed out."
                    .into(),
            ),
        })
    }

    /// Sets a new password, signing out every session (this one then signs in
    /// again) and withdrawing every emailed link sent before.
    async fn replace_password(
        &self,
        id: AccountId,
        password: Password,
    ) -> Result<(), ServiceError> {
        let hash = hash_password(password).await?;
        self.accounts.set_password(id, &hash).await?;
        self.accounts.delete_tokens(id).await?;
        let account = self
            .accounts
            .account(id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        sign_in(self.session, &account, self.now).await
    }

    /// Changes the password of the signed-in account after checking the current one.
    pub async fn change_password(
        &self,
        current: &str,
        new_password: &str,
        client: &str,
    ) -> Result<Next, ServiceError> {
        let account = signed_in_account(self.session, self.accounts, self.now)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let keys = FailureKeys::new(&account.email, client);
        // Nothing is recorded before this check: counting this attempt as pending
        // puts the limits where they are for signing in.
        if self.failures_over_limits(&keys, 1).await? {
            return Err(ServiceError::Invalid(
                "Too many wrong passwords. Wait 15 minutes and try again.".into(),
            ));
        }
        if !(current.chars().count() <= super::MAX_PASSWORD_CHARS
            && password_matches(current, Some(account.password_hash.clone())).await?)
        {
            let forget_before = self.forget_before()?;
            self.throttle
                .record_login_failure(&keys.all(), self.now, forget_before)
                .await?;
            return Err(ServiceError::Invalid(
                "Your current password isn't right. Check it and try again.".into(),
            ));
        }
        let password = Password::parse(new_password, &account.email)?;
        self.replace_password(account.id, password).await?;
        Ok(Next {
            path: "/account".into(),
            form: "account",
            notice: Some(
                "Your password is changed. Any other device signed in to your account has \
                 been signed out."
                    .into(),
            ),
        })
    }
}
