//! Design consultations: when a maker can meet, and a buyer booking a time.

#[cfg(feature = "ssr")]
pub mod availability;
mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
mod store;
pub use rules::*;
#[cfg(feature = "ssr")]
pub use store::*;
