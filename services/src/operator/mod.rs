//! Operators reviewing makers' evidence documents.

pub use domain::operator::*;

pub mod review;
