//! Signing up, in and out, and the emailed links, as plain Rust over the storage
//! and session ports: the server functions are thin wrappers around these.

use super::session::{SessionPort, sign_in, signed_in_account};
use super::{
    AccountId, AccountInputError, DisplayName, Email, NewAccount, NewToken, Password, Role,
    StoredAccount, TokenPurpose,
};
use crate::error::AppError;
use crate::shared::{Next, hex};
use crate::store::{Store, StoreError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

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
pub const VERIFY_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(48);
pub const RESET_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(1);
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
pub const EXPIRED_RESET_LINK: &str =
    "That link has expired or was already used. Ask for a new one below.";

/// What the rest of the request needs: the store, the session, the site's address.
pub struct Accounts<'a> {
    pub store: &'a dyn Store,
    pub session: &'a dyn SessionPort,
    /// `https://touchstone.example`, for links in emails.
    pub site: &'a str,
    pub now: Timestamp,
}

impl From<AccountInputError> for AppError {
    fn from(error: AccountInputError) -> Self {
        AppError::Invalid(error.to_string())
    }
}

/// Argon2id at the OWASP minimum of 19 MiB and two passes.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashing takes tens of milliseconds of CPU: off the async threads.
pub async fn hash_password(password: Password) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// Checks a password against a stored hash; with no account, against a dummy hash,
/// so that a missing account takes as long to refuse as a wrong password.
async fn password_matches(password: &str, hash: Option<String>) -> Result<bool, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed = PasswordHash::new(&hash).map_err(AppError::internal)?;
        Ok(hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

/// The hash of a random password nobody knows, with the same parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6Y2sTnEkq0l5E2yz8sSVzGDTAsd1RS1yT2bcPfQ+4ps";

fn new_token() -> (String, String) {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let digest = token_digest(&token);
    (token, digest)
}

pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn store_error(error: StoreError) -> AppError {
    AppError::internal(error)
}

impl Accounts<'_> {
    /// Throttle events older than a day are forgotten as new ones are recorded.
    fn forget_before(&self) -> Result<Timestamp, AppError> {
        self.now
            .checked_sub(SignedDuration::from_hours(24))
            .map_err(AppError::internal)
    }

    async fn send(&self, to: &Email, subject: &str, body: String) -> Result<(), AppError> {
        self.store
            .queue_mail(to.as_str(), subject, &body, self.now)
            .await
            .map_err(store_error)
    }

    async fn issue_token(
        &self,
        account: &StoredAccount,
        purpose: TokenPurpose,
        lifetime: SignedDuration,
    ) -> Result<String, AppError> {
        let (token, digest) = new_token();
        let expires_at = self.now.checked_add(lifetime).map_err(AppError::internal)?;
        self.store
            .create_token(&NewToken {
                digest,
                account: account.id,
                purpose,
                expires_at,
            })
            .await
            .map_err(store_error)?;
        Ok(token)
    }

    async fn allow_mail(&self, to: &Email, client: &str) -> Result<(), AppError> {
        allow_mail(self.store, self.now, to, client).await
    }

    async fn send_verification(&self, account: &StoredAccount) -> Result<(), AppError> {
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
    ) -> Result<Next, AppError> {
        let email = Email::parse(email)?;
        let display_name = DisplayName::parse(display_name)?;
        let password = Password::parse(password, &email)?;
        self.allow_mail(&email, client).await?;
        let password_hash = hash_password(password).await?;
        let created = self
            .store
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
                    .store
                    .account(id)
                    .await
                    .map_err(store_error)?
                    .ok_or_else(|| AppError::internal("a new account vanished"))?;
                self.send_verification(&account).await?;
            }
            Err(StoreError::Duplicate { .. }) => {
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
            Err(error) => return Err(store_error(error)),
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
    pub async fn confirm_email(&self, token: &str) -> Result<Next, AppError> {
        let (account, _) = self
            .take_token(token, TokenPurpose::VerifyEmail)
            .await?
            .ok_or_else(|| {
                AppError::Invalid(
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
        self.store
            .mark_email_verified(account.id, self.now)
            .await
            .map_err(store_error)?;
        self.store
            .delete_tokens(account.id)
            .await
            .map_err(store_error)?;
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
    ) -> Result<Option<(StoredAccount, Timestamp)>, AppError> {
        let token = token.trim();
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let Some((id, expires_at)) = self
            .store
            .take_token(&token_digest(token), purpose, self.now)
            .await
            .map_err(store_error)?
        else {
            return Ok(None);
        };
        Ok(self
            .store
            .account(id)
            .await
            .map_err(store_error)?
            .map(|account| (account, expires_at)))
    }

    /// Signs in, refusing (with the same words whether or not the account exists)
    /// once an account or a client address has failed too often.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &str,
    ) -> Result<Next, AppError> {
        let too_many = || {
            AppError::Invalid(
                "Too many failed sign-in attempts. Wait 15 minutes and try again, or choose a \
                 new password with “Forgotten your password?”."
                    .into(),
            )
        };
        let mismatch = || {
            AppError::Invalid(
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
        self.store
            .record_login_failure(&keys.all(), self.now, forget_before)
            .await
            .map_err(store_error)?;
        if self.failures_over_limits(&keys, 0).await? {
            return Err(too_many());
        }
        let account = self
            .store
            .account_by_email(&email)
            .await
            .map_err(store_error)?;
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
        self.store
            .clear_login_failures(&keys.account_and_client)
            .await
            .map_err(store_error)?;
        for key in [&keys.account, &keys.client] {
            self.store
                .forget_login_failure(key, self.now)
                .await
                .map_err(store_error)?;
        }
        if !account.email_verified {
            self.send_verification(&account).await?;
            return Err(AppError::Invalid(format!(
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
    pub async fn request_reset(&self, email: &str, client: &str) -> Result<Next, AppError> {
        let email = Email::parse(email)?;
        self.allow_mail(&email, client).await?;
        if let Some(account) = self
            .store
            .account_by_email(&email)
            .await
            .map_err(store_error)?
        {
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
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<Next, AppError> {
        let (account, expires_at) = self
            .take_token(token, TokenPurpose::ResetPassword)
            .await?
            .ok_or_else(|| AppError::Invalid(EXPIRED_RESET_LINK.into()))?;
        let password = match Password::parse(password, &account.email) {
            Ok(password) => password,
            Err(error) => {
                // The link is used up atomically before the password is known to be
                // acceptable; a refused password re-arms it, with its own expiry, so
                // it can be corrected but never kept alive.
                self.store
                    .create_token(&NewToken {
                        digest: token_digest(token.trim()),
                        account: account.id,
                        purpose: TokenPurpose::ResetPassword,
                        expires_at,
                    })
                    .await
                    .map_err(store_error)?;
                return Err(error.into());
            }
        };
        // Following the emailed link proved the address, too.
        self.store
            .mark_email_verified(account.id, self.now)
            .await
            .map_err(store_error)?;
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
    async fn replace_password(&self, id: AccountId, password: Password) -> Result<(), AppError> {
        let hash = hash_password(password).await?;
        self.store
            .set_password(id, &hash)
            .await
            .map_err(store_error)?;
        self.store.delete_tokens(id).await.map_err(store_error)?;
        let account = self
            .store
            .account(id)
            .await
            .map_err(store_error)?
            .ok_or(AppError::Unauthenticated)?;
        sign_in(self.session, &account, self.now).await
    }

    /// Changes the password of the signed-in account after checking the current one.
    pub async fn change_password(
        &self,
        current: &str,
        new_password: &str,
        client: &str,
    ) -> Result<Next, AppError> {
        let account = signed_in_account(self.session, self.store, self.now)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let keys = FailureKeys::new(&account.email, client);
        // Nothing is recorded before this check: counting this attempt as pending
        // puts the limits where they are for signing in.
        if self.failures_over_limits(&keys, 1).await? {
            return Err(AppError::Invalid(
                "Too many wrong passwords. Wait 15 minutes and try again.".into(),
            ));
        }
        if !(current.chars().count() <= super::MAX_PASSWORD_CHARS
            && password_matches(current, Some(account.password_hash.clone())).await?)
        {
            let forget_before = self.forget_before()?;
            self.store
                .record_login_failure(&keys.all(), self.now, forget_before)
                .await
                .map_err(store_error)?;
            return Err(AppError::Invalid(
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

/// The keys a failed password is counted under.
struct FailureKeys {
    account_and_client: String,
    account: String,
    client: String,
}

impl FailureKeys {
    fn new(email: &Email, client: &str) -> Self {
        FailureKeys {
            account_and_client: format!("account-client:{client} {email}"),
            account: format!("account:{email}"),
            client: format!("client:{client}"),
        }
    }

    fn all(&self) -> [String; 3] {
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
    async fn failures_over_limits(
        &self,
        keys: &FailureKeys,
        pending: u32,
    ) -> Result<bool, AppError> {
        let since = self
            .now
            .checked_sub(THROTTLE_WINDOW)
            .map_err(AppError::internal)?;
        for (key, limit) in [
            (&keys.account_and_client, FAILURES_PER_ACCOUNT_AND_CLIENT),
            (&keys.account, FAILURES_PER_ACCOUNT),
            (&keys.client, FAILURES_PER_CLIENT),
        ] {
            let failures = self
                .store
                .login_failures_since(key, since)
                .await
                .map_err(store_error)?;
            if failures.saturating_add(pending) > limit {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Forms that send mail may not be used to flood a mailbox, nor from one
/// connection to mail the world; the limit reads the same for every address.
pub(crate) async fn allow_mail(
    store: &dyn Store,
    now: Timestamp,
    to: &Email,
    client: &str,
) -> Result<(), AppError> {
    let keys = [
        format!("mail-address-client:{client} {to}"),
        format!("mail:{to}"),
        format!("mail-client:{client}"),
    ];
    let since = now.checked_sub(MAIL_WINDOW).map_err(AppError::internal)?;
    let forget_before = now
        .checked_sub(SignedDuration::from_hours(24))
        .map_err(AppError::internal)?;
    // Recorded before counting, so requests in parallel can't all slip under it.
    store
        .record_login_failure(&keys, now, forget_before)
        .await
        .map_err(store_error)?;
    for (key, limit) in keys.iter().zip([
        MAILS_PER_ADDRESS_AND_CLIENT,
        MAILS_PER_ADDRESS,
        MAILS_PER_CLIENT,
    ]) {
        if store
            .login_failures_since(key, since)
            .await
            .map_err(store_error)?
            > limit
        {
            return Err(AppError::Invalid(
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
pub(crate) async fn allow_anonymous_session(
    store: &dyn Store,
    now: Timestamp,
    client: &str,
) -> Result<bool, AppError> {
    let key = format!("anonymous-session:{client}");
    let since = now
        .checked_sub(ANONYMOUS_SESSION_WINDOW)
        .map_err(AppError::internal)?;
    // Only the window matters: older events go as each new one is recorded.
    store
        .record_login_failure(std::slice::from_ref(&key), now, since)
        .await
        .map_err(store_error)?;
    Ok(store
        .login_failures_since(&key, since)
        .await
        .map_err(store_error)?
        <= ANONYMOUS_SESSIONS_PER_CLIENT)
}
