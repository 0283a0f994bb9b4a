//! Touchstone's pages, islands and server functions, over the `domain` crate (the
//! vocabulary, rules and ports) and, on the server, the `services` crate (the
//! workflows). Each feature module re-exports the domain's items under its name.
//!
//! Compiled twice: with `ssr` into the server (which renders every page) and with
//! `hydrate` into the browser's wasm (which only wakes up the `#[island]`s).
#![recursion_limit = "256"]

pub mod accounts;
pub mod booking;
pub mod commissions;
pub mod error;
pub mod home;
pub mod layout;
pub mod makers;
pub mod operator;
pub mod orders;
pub mod pieces;
pub mod provenance;
pub mod search;
pub mod shared;
pub mod studio;
pub mod threads;

mod shell;

/// The storage ports, from the domain.
pub use domain::store;

/// Money received, and the port it is taken through, from the domain.
pub use domain::payments;

pub use shell::{App, shell};
