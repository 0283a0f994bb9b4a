//! The repeated rows of the form (making steps, metals, stones): read from a
//! disclosure to be shown, parsed back into one when posted.

use super::choices::{NATURES, TREATMENTS};
use crate::pieces::{Fineness, Metal, Percent};
use crate::provenance::{
    Claim, MetalDisclosure, Micrometres, Milligrams, StoneDisclosure, StoneHistory, StoneNature,
    StoneOrigin, Surface, TreatmentKind, Treatments,
};
use crate::studio::profile_form::{Problems, parse_country};
use serde::{Deserialize, Serialize};

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

pub(super) fn treatment_kind(slug: &str) -> Option<TreatmentKind> {
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
pub(super) fn treatment_slug(treatments: &Treatments) -> &'static str {
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

pub(super) fn nature_slug(nature: &StoneNature) -> &'static str {
    match nature {
        StoneNature::Natural => "natural",
        StoneNature::LaboratoryGrown { .. } => "lab-grown",
        StoneNature::Imitation => "imitation",
    }
}

pub(super) fn history_slug(history: StoneHistory) -> &'static str {
    match history {
        StoneHistory::New => "new",
        StoneHistory::Vintage => "vintage",
        StoneHistory::Reclaimed => "reclaimed",
        StoneHistory::ClientSupplied => "client-supplied",
    }
}

/// `18k` for gold in a karat grade, else parts per thousand.
pub(super) fn fineness_text(metal: Metal, fineness: Fineness) -> String {
    match fineness.karat() {
        Some(karat) if metal.is_gold() => format!("{karat}k"),
        _ => fineness.parts_per_thousand().to_string(),
    }
}

/// Hundredths as a decimal without trailing zeros: 250 → `2.5`.
pub(super) fn hundredths_text(hundredths: u32) -> String {
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

pub(super) fn grams_text(weight: Milligrams) -> String {
    let text = format!("{}.{:03}", weight.0 / 1_000, weight.0 % 1_000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A decimal with at most `places` places, scaled to an integer: `2.5`, 2 → 250.
pub(super) fn scaled_decimal(text: &str, places: u32) -> Option<u32> {
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

pub(super) fn parse_fineness(problems: &mut Problems, label: &str, text: &str) -> Option<Fineness> {
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

pub(super) fn choice(
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
    pub(super) fn is_blank(&self) -> bool {
        self.technique.trim().is_empty() && self.partner.trim().is_empty()
    }
}

impl MetalRow {
    pub(super) fn is_blank(&self) -> bool {
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

    pub(super) fn of(metal: &MetalDisclosure) -> Self {
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

    pub(super) fn parse(&self, problems: &mut Problems, row: usize) -> Option<MetalDisclosure> {
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
    pub(super) fn is_blank(&self) -> bool {
        self.species.trim().is_empty() && self.origin.trim().is_empty()
    }

    pub(super) fn of(stone: &StoneDisclosure) -> Self {
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

    pub(super) fn parse(&self, problems: &mut Problems, row: usize) -> Option<StoneDisclosure> {
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
