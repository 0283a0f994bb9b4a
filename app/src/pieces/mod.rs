//! Pieces: what a maker made, from which materials, and at what price.

mod card;
mod domain;
mod page;

pub use card::PieceCardView;
pub use domain::{
    Fineness, FinenessError, Metal, MetalComponent, Percent, PercentError, PieceCard, PieceDetail,
    PieceStatus, Price, Sourcing, StoneKind, StoneSummary, materials_summary,
};
#[cfg(feature = "ssr")]
pub use domain::{NewPiece, PieceId};
pub use page::PiecePage;
