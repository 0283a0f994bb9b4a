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

pub use crate::links::LinkKeys;

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

/// Version 3 of the booking links: the booking, the purpose, the booking's
/// version and the expiry.
const KIND: &str = "touchstone-booking-link/3";

/// A signed token for the link.
pub fn sign_link(
    keys: &dyn LinkKeys,
    booking: BookingId,
    version: u32,
    purpose: LinkPurpose,
    expires: Timestamp,
) -> String {
    crate::links::sign(
        keys,
        KIND,
        &[
            &booking.0.to_string(),
            purpose.slug(),
            &version.to_string(),
            &expires.as_second().to_string(),
        ],
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
    let [booking, slug, version, expires] =
        crate::links::verified(keys, KIND, token).ok_or_else(refused)?;
    if slug != purpose.slug() {
        return Err(refused());
    }
    let booking = booking.parse::<i64>().map_err(|_| refused())?;
    let version = version.parse::<u32>().map_err(|_| refused())?;
    let expires = expires.parse::<i64>().map_err(|_| refused())?;
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
