//! The links in booking emails: signed with the link keys, so a buyer without an
//! account can confirm their address or manage their booking, and single-use, so
//! a link that was used (or leaked afterwards) does nothing more.
//!
//! `{booking}.{purpose}.{version}.{expires}.{key id}.{signature}`: the signature
//! covers the booking, the purpose, the booking's version (its invite's SEQUENCE)
//! and the expiry, so none can be changed. The version makes the link sent after
//! each change a new one, which spending an older link leaves usable; a link of an
//! older version opens nothing (see `desk`).

use super::BookingId;
use crate::ServiceError;
use jiff::Timestamp;

/// Signs booking links and checks them. Links have keys of their own, never the
/// passport key: a passport key stays trusted for old passports after it is
/// retired, while a link key that leaked must stop opening bookings the moment it
/// is rotated out. The server provides it.
pub trait LinkKeys: Send + Sync {
    /// The id of the key that signs.
    fn key_id(&self) -> &str;
    /// The signature, in lower-case hex.
    fn sign(&self, payload: &[u8]) -> String;
    /// Whether one of the current keys made this signature.
    fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool;
}

/// A link as read: which booking, at which of its versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadLink {
    pub booking: BookingId,
    pub version: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    /// A guest confirms the address the booking's emails go to.
    ConfirmEmail,
    /// The buyer cancels.
    Cancel,
}

impl LinkPurpose {
    fn slug(self) -> &'static str {
        match self {
            LinkPurpose::ConfirmEmail => "confirm",
            LinkPurpose::Cancel => "cancel",
        }
    }
}

fn payload(booking: BookingId, purpose: LinkPurpose, version: u32, expires: i64) -> String {
    format!(
        "touchstone-booking-link/3:{}:{}:{version}:{expires}",
        booking.0,
        purpose.slug()
    )
}

/// A signed token for the link.
pub fn sign_link(
    keys: &dyn LinkKeys,
    booking: BookingId,
    version: u32,
    purpose: LinkPurpose,
    expires: Timestamp,
) -> String {
    let expires = expires.as_second();
    let signature = keys.sign(payload(booking, purpose, version, expires).as_bytes());
    format!(
        "{}.{}.{version}.{expires}.{}.{signature}",
        booking.0,
        purpose.slug(),
        keys.key_id()
    )
}

/// A link's booking and version, if its token is one a current key signed for
/// this purpose and it has not expired. Whether it was used already is the
/// store's to say (`used_digest`).
pub fn read_link(
    keys: &dyn LinkKeys,
    token: &str,
    purpose: LinkPurpose,
    now: Timestamp,
) -> Result<ReadLink, ServiceError> {
    let refused = || {
        ServiceError::Invalid(
            "This link isn't valid: please use the newest link from your booking emails.".into(),
        )
    };
    if token.len() > 300 {
        return Err(refused());
    }
    let parts: Vec<&str> = token.trim().split('.').collect();
    let [booking, slug, version, expires, key_id, signature] = parts[..] else {
        return Err(refused());
    };
    let booking = booking.parse::<i64>().map_err(|_| refused())?;
    let version = version.parse::<u32>().map_err(|_| refused())?;
    let expires = expires.parse::<i64>().map_err(|_| refused())?;
    // One spelling per link: a used link can't come back as `05`, `+5` or upper
    // case, each of which would be a "new" token to the used-links record.
    let canonical = signature.len() == 64
        && signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && token.trim() == format!("{booking}.{slug}.{version}.{expires}.{key_id}.{signature}");
    if !canonical {
        return Err(refused());
    }
    if slug != purpose.slug()
        || !keys.verify(
            key_id,
            payload(BookingId(booking), purpose, version, expires).as_bytes(),
            signature,
        )
    {
        return Err(refused());
    }
    if now.as_second() > expires {
        return Err(ServiceError::Invalid(
            "This link has expired. Your booking emails have the newest one.".into(),
        ));
    }
    Ok(ReadLink {
        booking: BookingId(booking),
        version,
    })
}

/// What the store records of a used link: its digest, never the link itself.
pub fn used_digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::shared::hex(&Sha256::digest(token.trim().as_bytes()))
}
