//! Accounts: who a person is on Touchstone, parsed at the edge so that nothing
//! further in ever holds an email address without an `@` or a blank name.

mod store;

pub use crate::shared::AccountId;
pub use store::{AccountStore, MAX_DELIVERY_ATTEMPTS, Outbox, SessionStore, Throttle};

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a sign-up or password form was refused, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountInputError {
    #[error("Enter your email address, like name@example.com.")]
    Email,
    #[error("Enter the name people will see, up to 80 characters.")]
    DisplayName,
    #[error("Choose a password of at least {MIN_PASSWORD_CHARS} characters.")]
    PasswordTooShort,
    #[error("Choose a password of at most {MAX_PASSWORD_CHARS} characters.")]
    PasswordTooLong,
    #[error(
        "That password is one of the most common ones, so it is easy to guess. Choose another."
    )]
    PasswordCommon,
    #[error("Your password can't be your email address. Choose another.")]
    PasswordIsEmail,
}

pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest email address there can be (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_DISPLAY_NAME_CHARS: usize = 80;
/// Long enough for any passphrase or password manager; bounded so hashing is too.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// An email address, trimmed and lower-cased: one account per mailbox.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let email = raw.trim().to_lowercase();
        let (local, domain) = email.rsplit_once('@').ok_or(AccountInputError::Email)?;
        let valid = email.len() <= MAX_EMAIL_CHARS
            && !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c));
        if valid {
            Ok(Email(email))
        } else {
            Err(AccountInputError::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name other people see: 1–80 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if (1..=MAX_DISPLAY_NAME_CHARS).contains(&length) && !name.chars().any(char::is_control) {
            Ok(DisplayName(name))
        } else {
            Err(AccountInputError::DisplayName)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that passed the rules; it is only ever hashed, never stored or shown.
pub struct Password(String);

impl Password {
    /// Length in characters (not bytes), not among the most common passwords, not
    /// the email address itself.
    pub fn parse(raw: &str, email: &Email) -> Result<Self, AccountInputError> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD_CHARS {
            return Err(AccountInputError::PasswordTooShort);
        }
        if length > MAX_PASSWORD_CHARS {
            return Err(AccountInputError::PasswordTooLong);
        }
        let folded = raw.to_lowercase();
        if folded == email.as_str() || folded == email.as_str().split('@').next().unwrap_or("") {
            return Err(AccountInputError::PasswordIsEmail);
        }
        if is_common_password(&folded) {
            return Err(AccountInputError::PasswordCommon);
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The 5 000 most common passwords of 8 characters or more, from the zxcvbn
/// project's frequency list (MIT licence), lower-cased, most common first.
fn is_common_password(folded: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::LazyLock;
    static COMMON: LazyLock<HashSet<&'static str>> =
        LazyLock::new(|| include_str!("common-passwords.txt").lines().collect());
    COMMON.contains(folded)
}

/// What an account may do. Everyone starts as a buyer; creating a maker profile
/// makes a maker; operators are appointed from the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Buyer,
    Maker,
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Maker => "maker",
            Role::Operator => "operator",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "buyer" => Some(Role::Buyer),
            "maker" => Some(Role::Maker),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Buyer => "Buyer",
            Role::Maker => "Maker",
            Role::Operator => "Operator",
        }
    }
}

/// The signed-in person, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// Messages on their commissions they haven't read yet (filled in per request).
    #[serde(default)]
    pub unread_messages: u32,
    /// Messages on their consultation bookings they haven't read yet.
    #[serde(default)]
    pub unread_booking_messages: u32,
}

/// An account as stored, with the hash its password is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAccount {
    pub id: AccountId,
    pub email: Email,
    pub display_name: DisplayName,
    pub role: Role,
    pub password_hash: String,
    pub email_verified: bool,
    /// Moves on every password change: sessions of an older epoch are signed out.
    pub session_epoch: i64,
}

impl StoredAccount {
    pub fn viewer(&self) -> Viewer {
        Viewer {
            display_name: self.display_name.as_str().to_owned(),
            email: self.email.as_str().to_owned(),
            role: self.role,
            unread_messages: 0,
            unread_booking_messages: 0,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub email: Email,
    pub display_name: DisplayName,
    pub password_hash: String,
    pub role: Role,
    pub created_at: jiff::Timestamp,
}

/// What a single-use emailed link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify-email",
            TokenPurpose::ResetPassword => "reset-password",
        }
    }
}

/// A single-use link's token, stored only as its SHA-256 digest.
#[derive(Clone, Debug)]
pub struct NewToken {
    pub digest: String,
    pub account: AccountId,
    pub purpose: TokenPurpose,
    pub expires_at: jiff::Timestamp,
}

/// An email claimed from the outbox for delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
    /// Failed deliveries so far.
    pub attempts: i64,
}

/// A mail to queue: sent once `not_before` has passed (at once when `None`);
/// unsent mail with a `topic` can be withdrawn (a cancelled meeting's reminder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
    pub not_before: Option<jiff::Timestamp>,
    pub topic: Option<String>,
}

/// A text file sent with a mail, such as an iCalendar invite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub name: String,
    /// `text/calendar; method=REQUEST`.
    pub content_type: String,
    pub text: String,
}

/// An email waiting in (or sent from) the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// When it was queued, `YYYY-MM-DD HH:MM` UTC.
    pub queued: String,
    /// When it is sent, if later than queued: `YYYY-MM-DD HH:MM` UTC.
    pub not_before: Option<String>,
    pub attachment: Option<Attachment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ana.Ruiz+shop@Example.COM ")
                .unwrap()
                .as_str(),
            "ana.ruiz+shop@example.com"
        );
        assert_eq!(
            Email::parse("ñandú@correo.es").unwrap().as_str(),
            "ñandú@correo.es"
        );
    }

    #[test]
    fn nonsense_is_not_an_email_address() {
        for raw in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@example",
            "ana@.example.com",
            "ana@example..com",
            "ana @example.com",
            "ana@exa mple.com",
            "<script>@example.com",
            "ana@example.com\u{0}",
            &format!("{}@example.com", "a".repeat(65)),
            &format!("ana@{}.com", "a".repeat(260)),
        ] {
            assert_eq!(Email::parse(raw), Err(AccountInputError::Email), "{raw:?}");
        }
    }

    #[test]
    fn display_names_collapse_spaces_and_refuse_blank_or_control() {
        assert_eq!(
            DisplayName::parse("  Ana   Ruiz ").unwrap().as_str(),
            "Ana Ruiz"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
        assert!(DisplayName::parse("Ana\u{7}").is_err());
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
    }

    #[test]
    fn passwords_follow_the_rules() {
        let email = Email::parse("ana.ruiz@example.com").unwrap();
        assert!(Password::parse("correct horse battery staple", &email).is_ok());
        assert!(Password::parse(&"ü".repeat(MAX_PASSWORD_CHARS), &email).is_ok());
        let refused = |raw: &str| Password::parse(raw, &email).err();
        assert_eq!(refused("short"), Some(AccountInputError::PasswordTooShort));
        assert_eq!(
            refused(&"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Some(AccountInputError::PasswordTooLong)
        );
        assert_eq!(refused("password"), Some(AccountInputError::PasswordCommon));
        assert_eq!(refused("Baseball"), Some(AccountInputError::PasswordCommon));
        assert_eq!(refused("1qaz2wsx"), Some(AccountInputError::PasswordCommon));
        assert_eq!(
            refused("ANA.RUIZ@example.com"),
            Some(AccountInputError::PasswordIsEmail)
        );
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [Role::Buyer, Role::Maker, Role::Operator] {
            assert_eq!(Role::from_slug(role.as_str()), Some(role));
        }
        assert_eq!(Role::from_slug("admin"), None);
    }
}
