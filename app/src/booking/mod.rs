//! Design consultations: when a maker can meet, and a buyer booking a time.

#[cfg(feature = "ssr")]
pub mod availability;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub use store::*;
