//! The maker's studio: what its pages show, the profile and piece forms with their
//! parsing, and the studio's storage port.

mod commissioned;
mod piece_form;
pub mod profile_form;
mod store;

/// A commission's finished piece is written up in its maker's studio.
pub use crate::commissions::CommissionId;
pub use crate::makers::MakerEdit;
pub use commissioned::{Commissioned, commissioned_piece};
pub use piece_form::*;
pub use profile_form::ProfileForm;
pub use store::{PieceUpdate, StudioMaker, StudioStore};

use crate::pieces::PieceStatus;
use crate::shared::{ImageRef, Slug};
use serde::{Deserialize, Serialize};

/// One line of the maker's list of pieces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioPieceRow {
    pub id: i64,
    pub slug: Slug,
    pub title: String,
    pub status: PieceStatus,
    pub cover: Option<ImageRef>,
    /// `YYYY-MM-DD`.
    pub updated_on: String,
}

/// The signed-in maker's profile, as the studio names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioMakerView {
    pub slug: Slug,
    pub display_name: String,
    pub published: bool,
}

/// The studio's front page: the profile (none until the studio is opened) and pieces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioOverview {
    pub maker: Option<StudioMakerView>,
    /// The account's name and a suggested address, to open a studio with.
    pub suggested_name: String,
    pub suggested_slug: String,
    pub pieces: Vec<StudioPieceRow>,
}

/// A photo row of the photos form: which photo, and its description.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhotoRow {
    pub key: String,
    pub alt: String,
}

/// Most photos one piece shows.
pub const MAX_PHOTOS: usize = 12;
/// Longest description of a photo.
pub const MAX_ALT_CHARS: usize = 300;
