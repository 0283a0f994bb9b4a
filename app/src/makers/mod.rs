//! Makers: who they are, where they work, how they make, and whether they take commissions.

mod card;
mod directory;
mod profile;

pub use card::MakerCardView;
pub use directory::MakerDirectoryPage;
pub use domain::catalogue::MakerProfile;
pub use domain::makers::*;
pub use profile::MakerProfilePage;
