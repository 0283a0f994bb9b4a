//! The piece a maker edits: its listing and disclosure, as stored.

use crate::makers::Technique;
use crate::pieces::{MetalComponent, PieceStatus, Price, Sourcing, StoneKind, StoneSummary};
use crate::provenance::{
    Claim, Disclosure, Edition, Maker, Making, MakingStep, Markets, MetalDisclosure,
    StoneDisclosure, StoneHistory, StoneNature, Surface, Treatments,
};
use crate::shared::{Country, ImageRef, Slug};
use serde::{Deserialize, Serialize};

/// What a maker may change about a piece: the listing and its disclosure.
/// Techniques, metals and stones for listings are read from the disclosure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceEdit {
    pub title: String,
    pub description: String,
    pub price: Price,
    pub dimensions: String,
    pub ring_sizes: String,
    /// The sourcing schemes the maker states (recycled metal is derived).
    pub sourcing: Vec<Sourcing>,
    pub disclosure: Disclosure,
}

impl PieceEdit {
    /// A new piece with nothing said about it yet but who designed it, and where.
    pub fn untitled(title: String, maker_name: &str, country: Country) -> Self {
        PieceEdit {
            title,
            description: String::new(),
            price: Price::MadeToOrder { from: None },
            dimensions: String::new(),
            ring_sizes: String::new(),
            sourcing: Vec::new(),
            disclosure: Disclosure {
                making: Making {
                    designed_by: Claim::declared(maker_name.to_owned()),
                    steps: Vec::new(),
                    made_in: Claim::declared(country),
                    made_on: None,
                    edition: Edition::OneOfOne,
                },
                metals: Vec::new(),
                stones: Vec::new(),
                care: None,
                markets: Markets {
                    united_kingdom: false,
                },
            },
        }
    }

    /// The metals as listings and search filter them.
    pub fn metals(&self) -> Vec<MetalComponent> {
        self.disclosure
            .metals
            .iter()
            .map(|metal| MetalComponent {
                metal: metal.metal,
                fineness: metal.fineness.as_ref().map(|claim| claim.value),
                recycled: metal.recycled.as_ref().map(|claim| claim.value),
            })
            .collect()
    }

    /// The stones as listings and search filter them.
    pub fn stones(&self) -> Vec<StoneSummary> {
        self.disclosure
            .stones
            .iter()
            .map(|stone| StoneSummary {
                species: stone.species.clone(),
                kind: match stone.nature.value {
                    StoneNature::Natural => StoneKind::Natural,
                    StoneNature::LaboratoryGrown { .. } => StoneKind::LabGrown,
                    StoneNature::Imitation => StoneKind::Imitation,
                },
            })
            .collect()
    }

    /// The making techniques, in the order of the steps.
    pub fn techniques(&self) -> Vec<Technique> {
        let mut techniques: Vec<Technique> = Vec::new();
        for step in &self.disclosure.making.steps {
            if !techniques.contains(&step.value.technique) {
                techniques.push(step.value.technique);
            }
        }
        techniques
    }
}

/// A disclosure for a piece saved before disclosures existed, from what its
/// listing says: every claim self-declared, treatments not known.
pub fn disclosure_from_listing(
    maker_name: &str,
    country: Country,
    techniques: &[Technique],
    metals: &[MetalComponent],
    stones: &[StoneSummary],
) -> Disclosure {
    let mut disclosure = PieceEdit::untitled(String::new(), maker_name, country).disclosure;
    disclosure.making.steps = techniques
        .iter()
        .map(|technique| {
            Claim::declared(MakingStep {
                technique: *technique,
                by: Maker::TheMaker,
            })
        })
        .collect();
    disclosure.metals = metals
        .iter()
        .map(|metal| MetalDisclosure {
            metal: metal.metal,
            fineness: metal.fineness.map(Claim::declared),
            surface: Claim::declared(Surface::Solid),
            weight: None,
            hallmark: None,
            recycled: metal.recycled.map(Claim::declared),
            scheme: None,
        })
        .collect();
    disclosure.stones = stones
        .iter()
        .map(|stone| StoneDisclosure {
            species: stone.species.clone(),
            nature: Claim::declared(match stone.kind {
                StoneKind::Natural => StoneNature::Natural,
                StoneKind::LabGrown => StoneNature::LaboratoryGrown { method: None },
                StoneKind::Imitation => StoneNature::Imitation,
            }),
            treatments: Claim::declared(Treatments::NotKnown),
            origin: None,
            history: StoneHistory::New,
            report: None,
            warranty: None,
        })
        .collect();
    disclosure
}

/// A piece as its maker sees it in the studio.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioPiece {
    pub id: i64,
    pub slug: Slug,
    pub status: PieceStatus,
    pub edit: PieceEdit,
    /// The cover first, then the rest of the gallery.
    pub photos: Vec<ImageRef>,
    /// `YYYY-MM-DD` of first publication, once published.
    pub published_on: Option<String>,
    /// The provenance passport, once issued.
    pub passport: Option<String>,
    /// Made for a commission: private to its buyer unless they agree to show it.
    pub commissioned: Option<super::super::Commissioned>,
    /// Moves on with every saved edit; an edit is written over the revision it
    /// was made from (`StudioStore::update_piece`).
    pub revision: i64,
}
