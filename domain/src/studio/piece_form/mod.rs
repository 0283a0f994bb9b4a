//! A piece as a form: the listing and its provenance disclosure in one, since a
//! buyer reads them together. Rows of metals, stones and making steps are fixed in
//! number so the form works as a plain HTML post; blank rows are ignored.
//!
//! The form shows the claims a maker states themselves. Evidence (documents, a
//! verification) and the details only an assay office or a laboratory supplies
//! (hallmark, grading report) are kept from the saved disclosure for as long as the
//! claim they back is unchanged: changing a claim makes it self-declared again.

mod choices;
mod edit;
mod revise;
mod rows;
#[cfg(test)]
mod tests;

pub use choices::{EDITIONS, HISTORIES, NATURES, SURFACES, TREATMENTS};
pub use edit::{PieceEdit, StudioPiece, disclosure_from_listing};
pub use revise::revise;
pub use rows::{MetalRow, StepRow, StoneRow};

use super::profile_form::{Problems, parse_country, parse_currency};
use crate::makers::Technique;
use crate::pieces::{Price, Sourcing};
use crate::provenance::{
    Claim, Disclosure, Edition, Maker, Making, MakingStep, Markets, MetalDisclosure,
    StoneDisclosure,
};
use crate::shared::Money;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_SHORT_CHARS: usize = 120;
pub const MAX_CARE_CHARS: usize = 2_000;
/// Rows the form offers beyond those in use.
const SPARE_ROWS: usize = 2;
const MIN_METAL_ROWS: usize = 2;
const MIN_STONE_ROWS: usize = 2;
const MIN_STEP_ROWS: usize = 3;
/// More rows than any real piece needs; a longer post is refused, not truncated.
pub const MAX_ROWS: usize = 12;

/// The piece form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PieceForm {
    pub title: String,
    pub description: String,
    /// `fixed` or `made-to-order`.
    pub pricing: String,
    pub currency: String,
    pub price: String,
    pub dimensions: String,
    pub ring_sizes: String,
    pub sourcing: Vec<String>,
    pub designed_by: String,
    pub made_in: String,
    /// `YYYY-MM`.
    pub made_on: String,
    /// `one-of-one`, `limited`, `made-to-order`.
    pub edition: String,
    pub edition_number: String,
    pub edition_of: String,
    pub steps: Vec<StepRow>,
    pub metals: Vec<MetalRow>,
    pub stones: Vec<StoneRow>,
    pub care: String,
    /// `"on"` when the piece is offered to buyers in the UK.
    pub uk_market: String,
}

/// `rows` padded with blank rows: spares to add more, and at least `min`.
fn padded<T: Default + Clone>(mut rows: Vec<T>, min: usize) -> Vec<T> {
    let wanted = (rows.len() + SPARE_ROWS).max(min).min(MAX_ROWS);
    rows.resize(wanted.max(rows.len()), T::default());
    rows
}

impl PieceForm {
    /// The form filled in with a saved piece.
    pub fn of(edit: &PieceEdit) -> Self {
        let disclosure = &edit.disclosure;
        let making = &disclosure.making;
        let (pricing, amount) = match &edit.price {
            Price::Fixed(money) => ("fixed", Some(*money)),
            Price::MadeToOrder { from } => ("made-to-order", *from),
        };
        let (edition, number, of) = match making.edition {
            Edition::OneOfOne => ("one-of-one", String::new(), String::new()),
            Edition::Limited { number, of } => ("limited", number.to_string(), of.to_string()),
            Edition::MadeToOrder => ("made-to-order", String::new(), String::new()),
        };
        PieceForm {
            title: edit.title.clone(),
            description: edit.description.clone(),
            pricing: pricing.into(),
            currency: amount
                .map(|m| m.currency().code().to_owned())
                .unwrap_or_default(),
            price: amount.map(|m| m.decimal()).unwrap_or_default(),
            dimensions: edit.dimensions.clone(),
            ring_sizes: edit.ring_sizes.clone(),
            sourcing: edit.sourcing.iter().map(|s| s.slug().to_owned()).collect(),
            designed_by: making.designed_by.value.clone(),
            made_in: making.made_in.value.code().to_owned(),
            made_on: making.made_on.clone().unwrap_or_default(),
            edition: edition.into(),
            edition_number: number,
            edition_of: of,
            steps: padded(
                making
                    .steps
                    .iter()
                    .map(|step| StepRow {
                        technique: step.value.technique.slug().to_owned(),
                        partner: match &step.value.by {
                            Maker::TheMaker => String::new(),
                            Maker::Partner { name } => name.clone(),
                        },
                    })
                    .collect(),
                MIN_STEP_ROWS,
            ),
            metals: padded(
                disclosure.metals.iter().map(MetalRow::of).collect(),
                MIN_METAL_ROWS,
            ),
            stones: padded(
                disclosure.stones.iter().map(StoneRow::of).collect(),
                MIN_STONE_ROWS,
            ),
            care: disclosure.care.clone().unwrap_or_default(),
            uk_market: if disclosure.markets.united_kingdom {
                "on".into()
            } else {
                String::new()
            },
        }
    }

    /// The piece the form describes, with every claim self-declared; see [`revise`].
    pub fn parse(&self) -> Result<PieceEdit, String> {
        let mut problems = Problems::default();
        if self.steps.len() > MAX_ROWS
            || self.metals.len() > MAX_ROWS
            || self.stones.len() > MAX_ROWS
        {
            return Err(format!(
                "A piece can list at most {MAX_ROWS} steps, metals or stones."
            ));
        }
        let title = problems.text("Title", &self.title, MAX_TITLE_CHARS, true);
        let description = problems.text(
            "Description",
            &self.description,
            MAX_DESCRIPTION_CHARS,
            false,
        );
        let dimensions = problems.text("Dimensions", &self.dimensions, MAX_SHORT_CHARS, false);
        let ring_sizes = problems.text("Ring sizes", &self.ring_sizes, MAX_SHORT_CHARS, false);
        let price = match self.pricing.trim() {
            "fixed" => {
                let currency = parse_currency(&mut problems, &self.currency, true);
                match currency.map(|c| Money::parse(&self.price, c)) {
                    Some(Ok(money)) => Some(Price::Fixed(money)),
                    Some(Err(error)) => {
                        problems.add(format!("Price: {error}"));
                        None
                    }
                    None => None,
                }
            }
            "made-to-order" | "" => {
                if self.price.trim().is_empty() {
                    Some(Price::MadeToOrder { from: None })
                } else {
                    let currency = parse_currency(&mut problems, &self.currency, true);
                    match currency.map(|c| Money::parse(&self.price, c)) {
                        Some(Ok(from)) => Some(Price::MadeToOrder { from: Some(from) }),
                        Some(Err(error)) => {
                            problems.add(format!("Price: {error}"));
                            None
                        }
                        None => None,
                    }
                }
            }
            _ => {
                problems.add("Price: choose a fixed price or made to order.");
                None
            }
        };
        let mut sourcing = Vec::new();
        for slug in self.sourcing.iter().filter(|s| !s.trim().is_empty()) {
            match Sourcing::from_slug(slug.trim()) {
                Some(Sourcing::RecycledMetal) | None => {
                    problems.add("Sourcing: please choose schemes from the list.")
                }
                Some(scheme) if !sourcing.contains(&scheme) => sourcing.push(scheme),
                Some(_) => {}
            }
        }
        let designed_by = problems.text("Designed by", &self.designed_by, MAX_SHORT_CHARS, true);
        let made_in = parse_country(&mut problems, "Made in", &self.made_in);
        let made_on = match self.made_on.trim() {
            "" => None,
            month => {
                let valid = month.len() == 7
                    && month.as_bytes()[4] == b'-'
                    && month[..4]
                        .parse::<u16>()
                        .is_ok_and(|y| (1800..=2100).contains(&y))
                    && month[5..]
                        .parse::<u8>()
                        .is_ok_and(|m| (1..=12).contains(&m));
                if !valid {
                    problems.add("Made on: give the year and month, like 2026-03.");
                }
                valid.then(|| month.to_owned())
            }
        };
        let edition = match self.edition.trim() {
            "" | "one-of-one" => Some(Edition::OneOfOne),
            "made-to-order" => Some(Edition::MadeToOrder),
            "limited" => {
                let number = self.edition_number.trim().parse::<u32>();
                let of = self.edition_of.trim().parse::<u32>();
                match (number, of) {
                    (Ok(number), Ok(of)) if number >= 1 && number <= of && of <= 100_000 => {
                        Some(Edition::Limited { number, of })
                    }
                    _ => {
                        problems.add(
                            "Edition: give this piece's number and the edition's size, like 3 of 25.",
                        );
                        None
                    }
                }
            }
            _ => {
                problems.add("Edition: please choose from the list.");
                None
            }
        };
        let mut steps = Vec::new();
        for (index, row) in self.steps.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
            let label = format!("Making step {}", index + 1);
            let partner = problems.text(&label, &row.partner, MAX_SHORT_CHARS, false);
            match Technique::from_slug(row.technique.trim()) {
                Some(technique) => steps.push(Claim::declared(MakingStep {
                    technique,
                    by: if partner.is_empty() {
                        Maker::TheMaker
                    } else {
                        Maker::Partner { name: partner }
                    },
                })),
                None => problems.add(format!("{label}: please choose the technique.")),
            }
        }
        let metals: Vec<MetalDisclosure> = self
            .metals
            .iter()
            .enumerate()
            .filter(|(_, row)| !row.is_blank())
            .filter_map(|(index, row)| row.parse(&mut problems, index + 1))
            .collect();
        let stones: Vec<StoneDisclosure> = self
            .stones
            .iter()
            .enumerate()
            .filter(|(_, row)| !row.is_blank())
            .filter_map(|(index, row)| row.parse(&mut problems, index + 1))
            .collect();
        let care = problems.optional("Care", &self.care, MAX_CARE_CHARS);
        let (Some(price), Some(made_in), Some(edition)) = (price, made_in, edition) else {
            return Err(problems.finish(()).err().unwrap_or_default());
        };
        problems.finish(PieceEdit {
            title,
            description,
            price,
            dimensions,
            ring_sizes,
            sourcing,
            disclosure: Disclosure {
                making: Making {
                    designed_by: Claim::declared(designed_by),
                    steps,
                    made_in: Claim::declared(made_in),
                    made_on,
                    edition,
                },
                metals,
                stones,
                care,
                markets: Markets {
                    united_kingdom: self.uk_market == "on",
                },
            },
        })
    }
}
