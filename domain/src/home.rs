//! What the home page lists.

use crate::makers::MakerCard;
use crate::pieces::PieceCard;
use serde::{Deserialize, Serialize};

/// The lists on the home page, all read at one catalogue version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontPage {
    /// Publicly listed makers, those with the most recently published work first.
    pub featured: Vec<MakerCard>,
    /// The first makers of the directory's "open for commissions" listing.
    pub open_for_commissions: Vec<MakerCard>,
    /// How many makers that listing holds in all.
    pub open_total: u64,
    /// Published pieces, newest first.
    pub pieces: Vec<PieceCard>,
}

impl FrontPage {
    pub const FEATURED_MAKERS: u32 = 8;
    pub const OPEN_MAKERS: usize = 4;
    pub const RECENT_PIECES: u32 = 12;
}
