//! Makers: who they are, where they work, how they make, and whether they take commissions.

mod card;
mod domain;
mod open_filter;

pub use card::MakerCardView;
pub use domain::{CommissionTerms, Location, MakerCard, Technique};
#[cfg(feature = "ssr")]
pub use domain::{MakerId, NewMaker};
pub use open_filter::OpenForCommissionsFilter;
