//! Touchstone's domain: the jewellery vocabulary (makers, pieces, metals, stones,
//! provenance claims and their evidence), the rules over it (compliance, slots
//! from availability, listing queries) and the storage ports the services use.
//!
//! No web framework and no database here: the browser's wasm and the server both
//! compile this crate, and `cargo test -p domain` runs its rules in seconds.
//!
//! A feature imports only the features below it, bottom first (checked by
//! `tests/layers.rs`, where the order is written): `shared` → `accounts` →
//! `makers` → `materials` → `provenance` → `pieces` → `catalogue` → `search` →
//! `home` → `booking` → `payments` → `orders` → `commissions` → `threads` → `studio` → `operator` → `store` (the sum of
//! every port).

pub mod accounts;
pub mod booking;
pub mod catalogue;
pub mod commissions;
pub mod home;
pub mod makers;
pub mod materials;
pub mod operator;
pub mod orders;
pub mod payments;
pub mod pieces;
pub mod provenance;
pub mod search;
pub mod shared;
pub mod store;
pub mod studio;
pub mod threads;
