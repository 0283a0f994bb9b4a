//! The maker's studio: pieces, photos, evidence.

pub use domain::studio::*;

pub mod service;
pub mod work;
