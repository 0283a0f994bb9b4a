//! Touchstone's services: the workflows over the domain (signing up and in,
//! booking and answering consultations, running a studio, reviewing evidence),
//! each taking only the storage ports it uses.
//!
//! Plain Rust: the app's server functions call in, the server's adapters
//! implement the ports, and `cargo test -p services` runs the rules here without
//! a web framework or a database.

pub mod accounts;
pub mod booking;
pub mod commissions;
pub mod error;
pub mod links;
mod media_pass;
pub mod operator;
pub mod orders;
mod passports;
pub mod studio;
pub mod threads;
pub mod till;

pub use error::ServiceError;
pub use media_pass::MediaPass;
pub use passports::{PassportSubject, issue_passport, issue_version};

// The domain's features, under the names the services' own modules use.
use domain::{makers, payments, pieces, provenance, shared, store};
