//! What the public pages show of a maker or a piece: the records that bring
//! makers, pieces and provenance together.

mod document;

pub use document::{DOCUMENT_FORMAT, provenance_document};

use crate::makers::{MakerCard, Technique};
use crate::pieces::{MetalComponent, PieceCard, Price, Sourcing, StoneSummary, materials_summary};
use crate::provenance::{Disclosure, Edition};
use crate::shared::{ImageRef, Slug};
use serde::{Deserialize, Serialize};

/// Everything a maker's public page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakerProfile {
    pub card: MakerCard,
    pub story: String,
    /// The studio: where and with what the work is done.
    pub studio: String,
    /// Who designs and who makes: "every piece designed and made by me", or what is outsourced.
    pub making_policy: String,
    /// Published pieces, newest first (the latest 120).
    pub portfolio: Vec<PieceCard>,
}

/// Everything a piece's public page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceDetail {
    pub slug: Slug,
    pub title: String,
    pub description: String,
    pub maker: MakerCard,
    pub price: Price,
    pub dimensions: String,
    pub techniques: Vec<Technique>,
    pub metals: Vec<MetalComponent>,
    pub stones: Vec<StoneSummary>,
    pub sourcing: Vec<Sourcing>,
    /// The cover first, then the rest of the gallery.
    pub images: Vec<ImageRef>,
    /// The day it was published, `YYYY-MM-DD`.
    pub published_on: String,
    /// The full provenance disclosure, when the maker has made one.
    pub disclosure: Option<Disclosure>,
    /// The id of its provenance passport, once issued.
    pub passport: Option<String>,
    /// Units paid for so far.
    pub sold_units: u32,
    /// Whether its studio has written its terms of sale.
    pub sells_online: bool,
}

/// What a buyer can do about a piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sale {
    /// Buy one of the `left` units still for sale.
    Buy { left: u32 },
    /// Every unit is sold.
    Sold,
    /// Made to order: commission one like it.
    Commission,
    /// Priced, but its studio doesn't sell on Touchstone yet.
    Enquire,
}

impl PieceDetail {
    pub fn sale(&self) -> Sale {
        let units = self
            .disclosure
            .as_ref()
            .map_or(Edition::OneOfOne, |disclosure| disclosure.making.edition)
            .units_for_sale();
        match self.price {
            Price::MadeToOrder { .. } => Sale::Commission,
            Price::Fixed(_) if units == 0 => Sale::Commission,
            Price::Fixed(_) if self.sold_units >= units => Sale::Sold,
            Price::Fixed(_) if !self.sells_online => Sale::Enquire,
            Price::Fixed(_) => Sale::Buy {
                left: units - self.sold_units,
            },
        }
    }

    pub fn materials(&self) -> String {
        materials_summary(&self.metals, &self.stones)
    }
}
