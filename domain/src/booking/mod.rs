//! Design consultations: what a maker offers, their availability and the slots it
//! gives, bookings and their briefs, and the booking port.

pub mod availability;
mod brief;
mod forms;
mod rules;
mod store;
mod summary;
mod views;
pub mod zones;

pub use brief::*;
pub use forms::*;
pub use rules::*;
pub use store::*;
pub use summary::*;
pub use views::*;
