//! Pieces: what a maker made, from which materials, and at what price.

mod card;
mod page;

pub use card::PieceCardView;
pub use domain::catalogue::{PieceDetail, Sale};
pub use domain::pieces::*;
pub use page::PiecePage;
