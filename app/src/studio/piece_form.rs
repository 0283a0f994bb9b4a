//! A piece as a form: the listing and its provenance disclosure in one, since a
//! buyer reads them together. Rows of metals, stones and making steps are fixed in
//! number so the form works as a plain HTML post; blank rows are ignored.
//!
//! The form shows the claims a maker states themselves. Evidence (documents, a
//! verification) and the details only an assay office or a laboratory supplies
//! (hallmark, grading report) are kept from the saved disclosure for as long as the
//! claim they back is unchanged: changing a claim makes it self-declared again.

use super::profile_form::{Problems, parse_country, parse_currency};
use crate::makers::Technique;
use crate::pieces::{
    Fineness, Metal, MetalComponent, Percent, PieceStatus, Price, Sourcing, StoneKind, StoneSummary,
};
use crate::provenance::{
    Claim, Disclosure, Edition, Maker, Making, MakingStep, Markets, MetalDisclosure, Micrometres,
    Milligrams, StoneDisclosure, StoneHistory, StoneNature, StoneOrigin, Surface, TreatmentKind,
    Treatments,
};
use crate::shared::{Country, ImageRef, Money, Slug};
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
    /// Moves on with every saved edit; an edit is written over the revision it
    /// was made from (`StudioStore::update_piece`).
    pub revision: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepRow {
    pub technique: String,
    /// Blank when the maker did the step themselves.
    pub partner: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetalRow {
    pub metal: String,
    /// `18k`, `750`, `925`, `sterling`.
    pub fineness: String,
    /// `solid`, `plated`, `vermeil`, `gold-filled`, `rolled-gold-plate`.
    pub surface: String,
    /// The plating metal (plated only).
    pub layer_metal: String,
    /// The fineness of the gold layer.
    pub layer_fineness: String,
    /// Micrometres of plating or vermeil: `2.5`.
    pub layer_thickness: String,
    /// Gold-filled and rolled gold: parts per thousand of the weight that is gold.
    pub layer_share: String,
    pub recycled: String,
    /// Grams: `7.8`.
    pub weight: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoneRow {
    pub species: String,
    /// `natural`, `lab-grown`, `imitation`.
    pub nature: String,
    /// `untreated`, `not-known`, or a treatment.
    pub treatment: String,
    pub origin: String,
    /// `new`, `vintage`, `reclaimed`, `client-supplied`.
    pub history: String,
}

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

pub const SURFACES: [(&str, &str); 5] = [
    ("solid", "Solid"),
    ("plated", "Plated"),
    ("vermeil", "Vermeil"),
    ("gold-filled", "Gold-filled"),
    ("rolled-gold-plate", "Rolled gold plate"),
];

pub const TREATMENTS: [(&str, &str); 9] = [
    ("untreated", "Not treated"),
    ("not-known", "Not known"),
    ("heating", "Heated"),
    ("fracture-filling", "Fracture-filled"),
    ("irradiation", "Irradiated"),
    ("diffusion", "Diffusion-treated"),
    ("dyeing", "Dyed"),
    ("coating", "Coated"),
    ("oiling", "Oiled"),
];

pub const HISTORIES: [(&str, &str); 4] = [
    ("new", "New"),
    ("vintage", "Vintage"),
    ("reclaimed", "Reclaimed"),
    ("client-supplied", "Supplied by the client"),
];

pub const NATURES: [(&str, &str); 3] = [
    ("natural", "Natural"),
    ("lab-grown", "Laboratory-grown"),
    ("imitation", "Imitation"),
];

pub const EDITIONS: [(&str, &str); 3] = [
    ("one-of-one", "One of a kind"),
    ("limited", "Limited edition"),
    ("made-to-order", "Made to order"),
];

fn treatment_kind(slug: &str) -> Option<TreatmentKind> {
    Some(match slug {
        "heating" => TreatmentKind::Heating,
        "fracture-filling" => TreatmentKind::FractureFilling,
        "irradiation" => TreatmentKind::Irradiation,
        "diffusion" => TreatmentKind::Diffusion,
        "dyeing" => TreatmentKind::Dyeing,
        "coating" => TreatmentKind::Coating,
        "oiling" => TreatmentKind::Oiling,
        _ => return None,
    })
}

/// How the form shows a treatment record: its first treatment stands for it.
fn treatment_slug(treatments: &Treatments) -> &'static str {
    match treatments {
        Treatments::Untreated => "untreated",
        Treatments::NotKnown => "not-known",
        Treatments::Treated { kinds } => kinds
            .first()
            .and_then(|kind| {
                TREATMENTS
                    .iter()
                    .find(|(slug, _)| treatment_kind(slug) == Some(*kind))
            })
            .map_or("not-known", |(slug, _)| slug),
    }
}

fn nature_slug(nature: &StoneNature) -> &'static str {
    match nature {
        StoneNature::Natural => "natural",
        StoneNature::LaboratoryGrown { .. } => "lab-grown",
        StoneNature::Imitation => "imitation",
    }
}

fn history_slug(history: StoneHistory) -> &'static str {
    match history {
        StoneHistory::New => "new",
        StoneHistory::Vintage => "vintage",
        StoneHistory::Reclaimed => "reclaimed",
        StoneHistory::ClientSupplied => "client-supplied",
    }
}

/// `18k` for gold in a karat grade, else parts per thousand.
fn fineness_text(metal: Metal, fineness: Fineness) -> String {
    match fineness.karat() {
        Some(karat) if metal.is_gold() => format!("{karat}k"),
        _ => fineness.parts_per_thousand().to_string(),
    }
}

/// Hundredths as a decimal without trailing zeros: 250 → `2.5`.
fn hundredths_text(hundredths: u32) -> String {
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn grams_text(weight: Milligrams) -> String {
    let text = format!("{}.{:03}", weight.0 / 1_000, weight.0 % 1_000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A decimal with at most `places` places, scaled to an integer: `2.5`, 2 → 250.
fn scaled_decimal(text: &str, places: u32) -> Option<u32> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > places as usize
        || whole.len() > 6
    {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: u32 = format!("{fraction:0<width$}", width = places as usize)
        .parse()
        .ok()?;
    whole.checked_mul(10_u32.pow(places))?.checked_add(fraction)
}

fn parse_fineness(problems: &mut Problems, label: &str, text: &str) -> Option<Fineness> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return None;
    }
    if text == "sterling" {
        return Some(Fineness::STERLING);
    }
    let number = text
        .trim_end_matches("karat")
        .trim_end_matches("ct")
        .trim_end_matches("kt")
        .trim_end_matches('k')
        .trim();
    let fineness = match number.parse::<u16>() {
        Ok(karat) if karat <= 24 => Fineness::from_karat(karat as u8),
        Ok(ppt) if number.len() == text.len() => Fineness::new(ppt),
        _ => Fineness::new(0),
    };
    match fineness {
        Ok(fineness) => Some(fineness),
        Err(_) => {
            problems.add(format!(
                "{label}: write the fineness as a karat (18k) or in parts per thousand (750, 925)."
            ));
            None
        }
    }
}

fn choice(
    problems: &mut Problems,
    label: &str,
    value: &str,
    options: &[(&'static str, &str)],
) -> Option<&'static str> {
    let found = options.iter().find(|(slug, _)| *slug == value.trim());
    if found.is_none() {
        problems.add(format!("{label}: please choose from the list."));
    }
    found.map(|(slug, _)| *slug)
}

impl StepRow {
    fn is_blank(&self) -> bool {
        self.technique.trim().is_empty() && self.partner.trim().is_empty()
    }
}

impl MetalRow {
    fn is_blank(&self) -> bool {
        [
            &self.metal,
            &self.fineness,
            &self.layer_metal,
            &self.layer_fineness,
            &self.layer_thickness,
            &self.layer_share,
            &self.recycled,
            &self.weight,
        ]
        .iter()
        .all(|field| field.trim().is_empty())
    }

    fn of(metal: &MetalDisclosure) -> Self {
        let mut row = MetalRow {
            metal: metal.metal.slug().to_owned(),
            fineness: metal
                .fineness
                .as_ref()
                .map(|f| fineness_text(metal.metal, f.value))
                .unwrap_or_default(),
            surface: "solid".into(),
            recycled: metal
                .recycled
                .as_ref()
                .map(|r| r.value.value().to_string())
                .unwrap_or_default(),
            weight: metal
                .weight
                .as_ref()
                .map(|w| grams_text(w.value))
                .unwrap_or_default(),
            ..MetalRow::default()
        };
        match &metal.surface.value {
            Surface::Solid => {}
            Surface::Plated {
                plating,
                plating_fineness,
                thickness,
            } => {
                row.surface = "plated".into();
                row.layer_metal = plating.slug().to_owned();
                row.layer_fineness = plating_fineness
                    .map(|f| fineness_text(*plating, f))
                    .unwrap_or_default();
                row.layer_thickness = hundredths_text(thickness.hundredths);
            }
            Surface::Vermeil {
                gold_fineness,
                thickness,
            } => {
                row.surface = "vermeil".into();
                row.layer_fineness = fineness_text(Metal::YellowGold, *gold_fineness);
                row.layer_thickness = hundredths_text(thickness.hundredths);
            }
            Surface::GoldFilled {
                gold_fineness,
                gold_per_mille,
            }
            | Surface::RolledGoldPlate {
                gold_fineness,
                gold_per_mille,
            } => {
                row.surface = if matches!(metal.surface.value, Surface::GoldFilled { .. }) {
                    "gold-filled".into()
                } else {
                    "rolled-gold-plate".into()
                };
                row.layer_fineness = fineness_text(Metal::YellowGold, *gold_fineness);
                row.layer_share = gold_per_mille.to_string();
            }
        }
        row
    }

    fn parse(&self, problems: &mut Problems, row: usize) -> Option<MetalDisclosure> {
        let label = format!("Metal {row}");
        let Some(metal) = Metal::from_slug(self.metal.trim()) else {
            problems.add(format!(
                "{label}: please choose the metal, or clear the row."
            ));
            return None;
        };
        let fineness = parse_fineness(problems, &label, &self.fineness);
        let thickness = |problems: &mut Problems| match scaled_decimal(&self.layer_thickness, 2) {
            Some(hundredths) if hundredths > 0 && hundredths <= 100_000 => {
                Some(Micrometres::hundredths(hundredths))
            }
            _ => {
                problems.add(format!(
                    "{label}: give the layer's thickness in micrometres, like 2.5."
                ));
                None
            }
        };
        let layer_fineness = |problems: &mut Problems| {
            let fineness = parse_fineness(problems, &label, &self.layer_fineness);
            if fineness.is_none() && self.layer_fineness.trim().is_empty() {
                problems.add(format!("{label}: give the fineness of the gold layer."));
            }
            fineness
        };
        let surface = match self.surface.trim() {
            "" | "solid" => Some(Surface::Solid),
            "plated" => {
                let plating = Metal::from_slug(self.layer_metal.trim());
                if plating.is_none() {
                    problems.add(format!("{label}: choose the metal it is plated with."));
                }
                let plating_fineness = parse_fineness(problems, &label, &self.layer_fineness);
                let thickness = thickness(problems);
                plating
                    .zip(thickness)
                    .map(|(plating, thickness)| Surface::Plated {
                        plating,
                        plating_fineness,
                        thickness,
                    })
            }
            "vermeil" => {
                let gold_fineness = layer_fineness(problems);
                let thickness = thickness(problems);
                gold_fineness
                    .zip(thickness)
                    .map(|(gold_fineness, thickness)| Surface::Vermeil {
                        gold_fineness,
                        thickness,
                    })
            }
            kind @ ("gold-filled" | "rolled-gold-plate") => {
                let gold_fineness = layer_fineness(problems);
                let share = match self.layer_share.trim().parse::<u16>() {
                    Ok(share) if (1..=1_000).contains(&share) => Some(share),
                    _ => {
                        problems.add(format!(
                            "{label}: give the gold's share of the weight in parts per thousand, like 50."
                        ));
                        None
                    }
                };
                gold_fineness
                    .zip(share)
                    .map(|(gold_fineness, gold_per_mille)| {
                        if kind == "gold-filled" {
                            Surface::GoldFilled {
                                gold_fineness,
                                gold_per_mille,
                            }
                        } else {
                            Surface::RolledGoldPlate {
                                gold_fineness,
                                gold_per_mille,
                            }
                        }
                    })
            }
            _ => {
                problems.add(format!("{label}: please choose the surface from the list."));
                None
            }
        };
        let recycled = match self.recycled.trim() {
            "" => None,
            share => match share
                .trim_end_matches('%')
                .trim()
                .parse::<u8>()
                .ok()
                .map(Percent::new)
            {
                Some(Ok(share)) => Some(share),
                _ => {
                    problems.add(format!(
                        "{label}: recycled content is a whole percentage from 0 to 100."
                    ));
                    None
                }
            },
        };
        let weight = match self.weight.trim() {
            "" => None,
            grams => match scaled_decimal(grams.trim_end_matches('g').trim(), 3) {
                Some(milligrams) if milligrams > 0 && milligrams <= 5_000_000 => {
                    Some(Milligrams(milligrams))
                }
                _ => {
                    problems.add(format!("{label}: give the weight in grams, like 7.8."));
                    None
                }
            },
        };
        Some(MetalDisclosure {
            metal,
            fineness: fineness.map(Claim::declared),
            surface: Claim::declared(surface?),
            weight: weight.map(Claim::declared),
            hallmark: None,
            recycled: recycled.map(Claim::declared),
            scheme: None,
        })
    }
}

impl StoneRow {
    fn is_blank(&self) -> bool {
        self.species.trim().is_empty() && self.origin.trim().is_empty()
    }

    fn of(stone: &StoneDisclosure) -> Self {
        StoneRow {
            species: stone.species.clone(),
            nature: nature_slug(&stone.nature.value).to_owned(),
            treatment: treatment_slug(&stone.treatments.value).to_owned(),
            origin: stone
                .origin
                .as_ref()
                .map(|o| o.value.country.code().to_owned())
                .unwrap_or_default(),
            history: history_slug(stone.history).to_owned(),
        }
    }

    fn parse(&self, problems: &mut Problems, row: usize) -> Option<StoneDisclosure> {
        let label = format!("Stone {row}");
        let species = problems.text(&label, &self.species, 60, true);
        let nature = match choice(
            problems,
            &format!("{label}, natural or grown"),
            &self.nature,
            &NATURES,
        )? {
            "natural" => StoneNature::Natural,
            "lab-grown" => StoneNature::LaboratoryGrown { method: None },
            _ => StoneNature::Imitation,
        };
        let treatments = match choice(
            problems,
            &format!("{label}, treatment"),
            &self.treatment,
            &TREATMENTS,
        )? {
            "untreated" => Treatments::Untreated,
            "not-known" => Treatments::NotKnown,
            kind => Treatments::Treated {
                kinds: treatment_kind(kind).into_iter().collect(),
            },
        };
        let origin = match self.origin.trim() {
            "" => None,
            code => parse_country(problems, &format!("{label}, origin"), code),
        };
        let history = match self.history.trim() {
            "" | "new" => StoneHistory::New,
            "vintage" => StoneHistory::Vintage,
            "reclaimed" => StoneHistory::Reclaimed,
            "client-supplied" => StoneHistory::ClientSupplied,
            _ => {
                problems.add(format!("{label}, history: please choose from the list."));
                return None;
            }
        };
        Some(StoneDisclosure {
            species,
            nature: Claim::declared(nature),
            treatments: Claim::declared(treatments),
            origin: origin.map(|country| {
                Claim::declared(StoneOrigin {
                    country,
                    source: None,
                })
            }),
            history,
            report: None,
            warranty: None,
        })
    }
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

/// The saved claim when the maker left it as it was (keeping its evidence), else
/// the edited one, self-declared.
fn kept<T: Clone>(
    saved: Option<&Claim<T>>,
    edited: Claim<T>,
    same: impl Fn(&T, &T) -> bool,
) -> Claim<T> {
    match saved {
        Some(saved) if same(&saved.value, &edited.value) => saved.clone(),
        _ => edited,
    }
}

fn kept_option<T: Clone + PartialEq>(
    saved: Option<&Claim<T>>,
    edited: Option<Claim<T>>,
) -> Option<Claim<T>> {
    edited.map(|edited| kept(saved, edited, T::eq))
}

/// Merges an edited disclosure with the saved one: unchanged claims keep their
/// evidence, and what the form doesn't show (hallmarks, certificates, grading
/// reports, warranties, growth methods, stone sources) stays with the metal or
/// stone it belongs to, as long as the claim it rests on is unchanged.
pub fn revise(saved: Option<&Disclosure>, mut edited: Disclosure) -> Disclosure {
    let Some(saved) = saved else {
        return edited;
    };
    let making = &mut edited.making;
    making.designed_by = kept(
        Some(&saved.making.designed_by),
        making.designed_by.clone(),
        String::eq,
    );
    making.made_in = kept(
        Some(&saved.making.made_in),
        making.made_in.clone(),
        Country::eq,
    );
    for (index, step) in making.steps.iter_mut().enumerate() {
        *step = kept(saved.making.steps.get(index), step.clone(), MakingStep::eq);
    }
    for (index, metal) in edited.metals.iter_mut().enumerate() {
        let Some(before) = saved.metals.get(index).filter(|m| m.metal == metal.metal) else {
            continue;
        };
        let fineness_unchanged =
            metal.fineness.as_ref().map(|c| c.value) == before.fineness.as_ref().map(|c| c.value);
        metal.fineness = kept_option(before.fineness.as_ref(), metal.fineness.take());
        metal.surface = kept(Some(&before.surface), metal.surface.clone(), Surface::eq);
        metal.weight = kept_option(before.weight.as_ref(), metal.weight.take());
        metal.recycled = kept_option(before.recycled.as_ref(), metal.recycled.take());
        if fineness_unchanged {
            metal.hallmark = before.hallmark.clone();
        }
        metal.scheme = before.scheme.clone();
    }
    for (index, stone) in edited.stones.iter_mut().enumerate() {
        let Some(before) = saved
            .stones
            .get(index)
            .filter(|s| s.species.eq_ignore_ascii_case(&stone.species))
        else {
            continue;
        };
        let nature_unchanged =
            nature_slug(&before.nature.value) == nature_slug(&stone.nature.value);
        stone.nature = kept(Some(&before.nature), stone.nature.clone(), |a, b| {
            nature_slug(a) == nature_slug(b)
        });
        stone.treatments = kept(
            Some(&before.treatments),
            stone.treatments.clone(),
            |a, b| treatment_slug(a) == treatment_slug(b),
        );
        stone.origin = stone.origin.take().map(|origin| {
            kept(before.origin.as_ref(), origin, |a, b| {
                a.country == b.country
            })
        });
        if nature_unchanged {
            stone.report = before.report.clone();
            stone.warranty = before.warranty.clone();
        }
    }
    edited
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provenance::{AssayOffice, Evidence, GrowthMethod, Hallmark};
    use crate::shared::Currency;

    fn form() -> PieceForm {
        PieceForm {
            title: "Tidal band".into(),
            description: "A forged band.".into(),
            pricing: "fixed".into(),
            currency: "GBP".into(),
            price: "420".into(),
            dimensions: "4 mm wide".into(),
            ring_sizes: "UK J–P".into(),
            sourcing: vec!["fairmined".into()],
            designed_by: "Maya Lindqvist".into(),
            made_in: "GB".into(),
            made_on: "2026-03".into(),
            edition: "limited".into(),
            edition_number: "3".into(),
            edition_of: "25".into(),
            steps: vec![
                StepRow {
                    technique: "forging".into(),
                    partner: "".into(),
                },
                StepRow {
                    technique: "lost-wax-casting".into(),
                    partner: "Castings Ltd".into(),
                },
                StepRow::default(),
            ],
            metals: vec![
                MetalRow {
                    metal: "silver".into(),
                    fineness: "925".into(),
                    surface: "vermeil".into(),
                    layer_fineness: "18k".into(),
                    layer_thickness: "2.5".into(),
                    recycled: "100".into(),
                    weight: "7.8".into(),
                    ..MetalRow::default()
                },
                MetalRow {
                    metal: "brass".into(),
                    surface: "plated".into(),
                    layer_metal: "yellow-gold".into(),
                    layer_fineness: "14k".into(),
                    layer_thickness: "0.5".into(),
                    ..MetalRow::default()
                },
                MetalRow::default(),
            ],
            stones: vec![
                StoneRow {
                    species: "sapphire".into(),
                    nature: "lab-grown".into(),
                    treatment: "untreated".into(),
                    origin: "".into(),
                    history: "new".into(),
                },
                StoneRow {
                    species: "ruby".into(),
                    nature: "natural".into(),
                    treatment: "heating".into(),
                    origin: "lk".into(),
                    history: "reclaimed".into(),
                },
            ],
            care: "Avoid chlorine.".into(),
            uk_market: "on".into(),
        }
    }

    #[test]
    fn a_full_form_parses_and_reads_back_as_the_same_piece() {
        let piece = form().parse().unwrap();
        assert_eq!(
            piece.price,
            Price::Fixed(Money::from_minor(42_000, Currency::GBP).unwrap())
        );
        assert_eq!(
            piece.techniques(),
            vec![Technique::Forging, Technique::LostWaxCasting]
        );
        let making = &piece.disclosure.making;
        assert_eq!(making.edition, Edition::Limited { number: 3, of: 25 });
        assert_eq!(
            making.steps[1].value.by,
            Maker::Partner {
                name: "Castings Ltd".into()
            }
        );
        let silver = &piece.disclosure.metals[0];
        assert_eq!(
            silver.surface.value,
            Surface::Vermeil {
                gold_fineness: Fineness::from_karat(18).unwrap(),
                thickness: Micrometres::hundredths(250),
            }
        );
        assert_eq!(silver.weight.as_ref().unwrap().value, Milligrams(7_800));
        assert_eq!(piece.disclosure.metals.len(), 2, "the blank row is ignored");
        assert_eq!(
            piece.disclosure.stones[1]
                .origin
                .as_ref()
                .unwrap()
                .value
                .country
                .code(),
            "LK"
        );
        let again = PieceForm::of(&piece);
        assert_eq!(again.parse().unwrap(), piece);
        assert!(again.metals.len() >= piece.disclosure.metals.len() + SPARE_ROWS);
    }

    #[test]
    fn fineness_is_read_as_jewellers_write_it() {
        let mut problems = Problems::default();
        let read = |text: &str, problems: &mut Problems| {
            parse_fineness(problems, "Metal 1", text).map(Fineness::parts_per_thousand)
        };
        assert_eq!(read("18k", &mut problems), Some(750));
        assert_eq!(read("14 ct", &mut problems), Some(585));
        assert_eq!(read("925", &mut problems), Some(925));
        assert_eq!(read("Sterling", &mut problems), Some(925));
        assert!(problems.finish(()).is_ok());
        for bad in ["1000k", "1200", "15k", "gold", "0"] {
            let mut problems = Problems::default();
            assert_eq!(read(bad, &mut problems), None, "{bad}");
            assert!(problems.finish(()).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_problem_is_named_with_its_row() {
        let mut bad = form();
        bad.title = String::new();
        bad.price = "lots".into();
        bad.made_on = "March".into();
        bad.edition_number = "30".into();
        bad.steps[0].technique = "glue".into();
        bad.metals[0].layer_thickness = "thick".into();
        bad.metals[1].metal = String::new();
        bad.stones[0].nature = "magic".into();
        bad.stones[1].origin = "ZZ".into();
        bad.sourcing.push("recycled-metal".into());
        let message = bad.parse().unwrap_err();
        for expected in [
            "Title is required.",
            "Price:",
            "Made on:",
            "Edition:",
            "Making step 1",
            "Metal 1: give the layer",
            "Metal 2: please choose the metal",
            "Stone 1, natural or grown",
            "Stone 2, origin",
            "Sourcing",
        ] {
            assert!(message.contains(expected), "{expected} in {message}");
        }
        let mut too_many = form();
        too_many.metals = vec![MetalRow::default(); MAX_ROWS + 1];
        assert!(too_many.parse().is_err());
    }

    #[test]
    fn unchanged_claims_keep_their_evidence_and_changed_ones_lose_it() {
        let mut saved = form().parse().unwrap().disclosure;
        let verified = Evidence::Verified {
            by: "Touchstone".into(),
            on: "2026-04-01".into(),
            sha256: None,
            public: false,
        };
        saved.metals[0].fineness.as_mut().unwrap().evidence = verified.clone();
        saved.metals[0].recycled.as_mut().unwrap().evidence = verified.clone();
        saved.metals[0].hallmark = Some(Claim {
            value: Hallmark {
                sponsor_mark: "ML".into(),
                fineness_mark: Fineness::STERLING,
                assay_office: AssayOffice::London,
                date_letter: Some("a".into()),
            },
            evidence: verified.clone(),
        });
        saved.stones[0].nature = Claim {
            value: StoneNature::LaboratoryGrown {
                method: Some(GrowthMethod::Cvd),
            },
            evidence: verified.clone(),
        };
        let mut edit = form();
        edit.metals[0].recycled = "80".into();
        let revised = revise(Some(&saved), edit.parse().unwrap().disclosure);
        let silver = &revised.metals[0];
        assert_eq!(silver.fineness.as_ref().unwrap().evidence, verified);
        assert!(
            silver.hallmark.is_some(),
            "the hallmark stays with its metal"
        );
        let recycled = silver.recycled.as_ref().unwrap();
        assert_eq!(recycled.value.value(), 80);
        assert_eq!(recycled.evidence, Evidence::SelfDeclared);
        assert_eq!(
            revised.stones[0].nature.value,
            StoneNature::LaboratoryGrown {
                method: Some(GrowthMethod::Cvd)
            },
            "the growth method the form doesn't show is kept"
        );

        let mut refined = form();
        refined.metals[0].fineness = "958".into();
        let revised = revise(Some(&saved), refined.parse().unwrap().disclosure);
        assert!(
            revised.metals[0].hallmark.is_none(),
            "a new fineness voids the hallmark"
        );
        assert_eq!(
            revised.metals[0].fineness.as_ref().unwrap().evidence,
            Evidence::SelfDeclared
        );
        let mut swapped = form();
        swapped.stones.swap(0, 1);
        let revised = revise(Some(&saved), swapped.parse().unwrap().disclosure);
        assert_eq!(revised.stones[1].nature.evidence, Evidence::SelfDeclared);
    }
}
