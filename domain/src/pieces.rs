//! Pieces: what a listing and the studio know of one, its price and status.

pub use crate::materials::*;
pub use crate::shared::PieceId;
use crate::shared::{ImageRef, Money, Slug};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a buyer pays: a fixed price, or a quote for a piece made to order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Price {
    Fixed(Money),
    MadeToOrder { from: Option<Money> },
}

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Price::Fixed(money) => write!(f, "{money}"),
            Price::MadeToOrder { from: Some(from) } => write!(f, "Made to order, from {from}"),
            Price::MadeToOrder { from: None } => f.write_str("Made to order"),
        }
    }
}

/// What a piece's card in a listing shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceCard {
    pub slug: Slug,
    pub title: String,
    pub maker_name: String,
    pub maker_slug: Slug,
    pub price: Price,
    pub materials: String,
    pub image: Option<ImageRef>,
}

/// Only published pieces are ever shown to buyers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PieceStatus {
    Draft,
    Published,
    Archived,
}

impl PieceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PieceStatus::Draft => "draft",
            PieceStatus::Published => "published",
            PieceStatus::Archived => "archived",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [
            PieceStatus::Draft,
            PieceStatus::Published,
            PieceStatus::Archived,
        ]
        .into_iter()
        .find(|status| status.as_str() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            PieceStatus::Draft => "Draft",
            PieceStatus::Published => "Published",
            PieceStatus::Archived => "Archived",
        }
    }
}

/// A piece as it is first stored.
#[derive(Clone, Debug)]
pub struct NewPiece {
    pub maker: crate::makers::MakerId,
    pub slug: Slug,
    pub title: String,
    pub description: String,
    pub price: Price,
    /// "Ring size N (UK); band 3 mm wide" — free text, as makers measure differently.
    pub dimensions: String,
    pub techniques: Vec<crate::makers::Technique>,
    pub metals: Vec<MetalComponent>,
    pub stones: Vec<StoneSummary>,
    /// The sourcing schemes the maker states (recycled metal is derived, not stated).
    pub sourcing: Vec<Sourcing>,
    pub image_key: Option<String>,
    pub image_alt: String,
    /// Further photos after the cover, in order: (media key, alt text).
    pub gallery: Vec<(String, String)>,
    pub disclosure: Option<crate::provenance::Disclosure>,
    pub status: PieceStatus,
    pub created_at: jiff::Timestamp,
    pub published_at: Option<jiff::Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::Currency;

    #[test]
    fn prices_name_made_to_order() {
        let from = Money::from_minor(120_000, Currency::GBP).unwrap();
        assert_eq!(
            Price::MadeToOrder { from: Some(from) }.to_string(),
            "Made to order, from £1,200"
        );
        assert_eq!(Price::Fixed(from).to_string(), "£1,200");
    }
}
