//! Consultations and bookings: the slots on offer, the buyer's and the maker's
//! side of a booking, signed links, calendar invites.

pub use domain::booking::*;

pub mod desk;
mod invite;
pub mod links;
pub mod maker;
pub mod slots;
pub mod views;

pub use invite::{InviteMethod, invite, invite_uid};

/// A fresh key that makes a booking form's submission one booking however often
/// it is sent.
pub fn idempotency_key() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0_u8; 16];
    OsRng.fill_bytes(&mut bytes);
    crate::shared::hex(&bytes)
}
