//! Accounts: sign-up, sign-in, passwords, the mail outbox and its limits.

pub use domain::accounts::*;

pub mod limits;
pub mod passwords;
pub mod service;
mod session;

pub use session::{
    ABSOLUTE_SESSION_SECONDS, SessionPort, is_signed_in, sign_in, signed_in_account,
    values_are_signed_in,
};
