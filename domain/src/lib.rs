//! Touchstone's domain: the jewellery vocabulary (makers, pieces, metals, stones,
//! provenance claims and their evidence), the rules over it (compliance, slots
//! from availability, listing queries) and the storage ports the services use.
//!
//! No web framework and no database here: the browser's wasm and the server both
//! compile this crate, and `cargo test -p domain` runs its rules in seconds.
//!
//! Features import only the features below them, in this order (checked by
//! `tests/layers.rs`): `shared` → `makers` → `pieces` → `provenance` → `search` →
//! `home` → `accounts` → `store` → `booking` → `studio` → `operator`.

pub mod accounts;
pub mod booking;
pub mod catalogue;
pub mod home;
pub mod makers;
pub mod materials;
pub mod operator;
pub mod pieces;
pub mod provenance;
pub mod search;
pub mod shared;
pub mod store;
pub mod studio;
