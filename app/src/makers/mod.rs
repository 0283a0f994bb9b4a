//! Makers: who they are, where they work, how they make, and whether they take commissions.

mod card;
mod directory;
mod domain;
mod profile;

pub use card::MakerCardView;
pub use directory::MakerDirectoryPage;
pub use domain::{CommissionTerms, Location, MakerCard, MakerProfile, Technique};
#[cfg(feature = "ssr")]
pub use domain::{MakerId, NewMaker};
pub use profile::MakerProfilePage;
