//! The check a disclosure passes before a piece is published.
//!
//! Each rule names the standard it comes from and says how to fix what it finds.
//! Refusals block publishing; warnings point at what would make the disclosure
//! more complete.

use super::disclosure::{
    Disclosure, Maker, MetalDisclosure, Milligrams, StoneDisclosure, StoneNature, Surface,
    Treatments,
};
use crate::materials::{Fineness, Metal};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// Publishing is refused until it is fixed.
    Refusal,
    /// Publishing may go ahead; the disclosure is less complete.
    Warning,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    PreciousMetalWithoutFineness,
    VermeilOutOfSpecification,
    GoldFilledTooLittleGold,
    LabGrownWithoutQualifier,
    TreatedStoneCalledNatural,
    TreatmentWithoutCare,
    UkHallmarkMissing,
    HandmadeWithoutMaking,
    PlatingThin,
    WeightMissingForUk,
    RecycledShareMissing,
    StoneOriginMissing,
    TreatmentsNotKnown,
    DiamondWithoutWarranty,
}

impl Rule {
    /// Where the rule comes from.
    pub fn standard(self) -> &'static str {
        match self {
            Rule::PreciousMetalWithoutFineness => {
                "US FTC Jewelry Guides, 16 CFR 23.4 and 23.6; UK Hallmarking Act 1973"
            }
            Rule::VermeilOutOfSpecification => "US FTC Jewelry Guides, 16 CFR 23.5",
            Rule::GoldFilledTooLittleGold | Rule::PlatingThin => {
                "US FTC Jewelry Guides, 16 CFR 23.4"
            }
            Rule::LabGrownWithoutQualifier => "US FTC Jewelry Guides, 16 CFR 23.23",
            Rule::TreatedStoneCalledNatural
            | Rule::TreatmentWithoutCare
            | Rule::TreatmentsNotKnown => "US FTC Jewelry Guides, 16 CFR 23.22",
            Rule::UkHallmarkMissing | Rule::WeightMissingForUk => {
                "UK Hallmarking Act 1973 (as amended), weight exemptions"
            }
            Rule::HandmadeWithoutMaking => "US FTC Jewelry Guides, 16 CFR 23.3",
            Rule::RecycledShareMissing => "Touchstone disclosure: recycled content",
            Rule::StoneOriginMissing => "Touchstone disclosure: stone origin",
            Rule::DiamondWithoutWarranty => "Kimberley Process System of Warranties",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::PlatingThin
            | Rule::WeightMissingForUk
            | Rule::RecycledShareMissing
            | Rule::StoneOriginMissing
            | Rule::TreatmentsNotKnown
            | Rule::DiamondWithoutWarranty => Severity::Warning,
            _ => Severity::Refusal,
        }
    }
}

/// Something the check found, with what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub standard: &'static str,
}

/// The words a buyer reads next to the disclosure.
#[derive(Clone, Copy, Debug)]
pub struct ListingText<'a> {
    pub title: &'a str,
    pub description: &'a str,
}

impl ListingText<'_> {
    fn lowercase(&self) -> String {
        format!("{}\n{}", self.title, self.description).to_lowercase()
    }
}

/// The hallmarking thresholds: articles above these weights need a hallmark to be
/// described as precious metal in the UK.
fn uk_exemption_weight(metal: Metal) -> Option<Milligrams> {
    match metal {
        Metal::Silver => Some(Milligrams(7_780)),
        Metal::YellowGold | Metal::WhiteGold | Metal::RoseGold | Metal::Palladium => {
            Some(Milligrams(1_000))
        }
        Metal::Platinum => Some(Milligrams(500)),
        _ => None,
    }
}

/// The thinnest electroplate that may be called "plated" with a precious metal.
const THINNEST_PLATE: u32 = 18;
/// Vermeil: at least 2.5 µm of at least 10-karat gold on sterling silver.
const THINNEST_VERMEIL: u32 = 250;
/// Gold-filled: at least 1/20 of the weight in karat gold.
const LEAST_GOLD_FILLED_PER_MILLE: u16 = 50;

const LAB_GROWN_WORDS: [&str; 7] = [
    "laboratory-grown",
    "laboratory grown",
    "laboratory-created",
    "laboratory created",
    "lab-grown",
    "lab-created",
    "-created",
];
const HANDMADE_WORDS: [&str; 4] = ["handmade", "hand-made", "hand made", "handcrafted"];

/// Runs every rule over a disclosure and the listing's words.
pub fn check(disclosure: &Disclosure, text: &ListingText) -> Vec<Finding> {
    let words = text.lowercase();
    let mut findings = Vec::new();
    let mut find = |rule: Rule, message: String| {
        findings.push(Finding {
            rule,
            severity: rule.severity(),
            message,
            standard: rule.standard(),
        });
    };
    for metal in &disclosure.metals {
        check_metal(metal, disclosure.markets.united_kingdom, &mut find);
    }
    for stone in &disclosure.stones {
        check_stone(stone, &words, &mut find);
    }
    let needs_care = disclosure
        .stones
        .iter()
        .any(|stone| match &stone.treatments.value {
            Treatments::Treated { kinds } => kinds.iter().any(|k| k.needs_care()),
            _ => false,
        });
    if needs_care
        && disclosure
            .care
            .as_deref()
            .is_none_or(|c| c.trim().is_empty())
    {
        find(
            Rule::TreatmentWithoutCare,
            "A stone's treatment needs special care (no heat, solvents or ultrasonic cleaning): \
             add care instructions."
                .into(),
        );
    }
    let maker_made_something = disclosure
        .making
        .steps
        .iter()
        .any(|step| step.value.by == Maker::TheMaker);
    if HANDMADE_WORDS.iter().any(|w| words.contains(w)) && !maker_made_something {
        find(
            Rule::HandmadeWithoutMaking,
            "The text says \"handmade\" but no making step is done by you: record the steps you \
             did, or take \"handmade\" out."
                .into(),
        );
    }
    findings
}

fn check_metal(metal: &MetalDisclosure, uk: bool, find: &mut impl FnMut(Rule, String)) {
    let name = metal.metal.label();
    let fineness = metal.fineness.as_ref().map(|f| f.value);
    if metal.metal.is_precious() && fineness.is_none() {
        find(
            Rule::PreciousMetalWithoutFineness,
            format!(
                "Say the fineness of the {name}, e.g. 750 (18k) for gold or 925 for sterling \
                 silver: \"{name}\" alone is not an acceptable claim."
            ),
        );
    }
    match &metal.surface.value {
        Surface::Vermeil {
            gold_fineness,
            thickness,
        } => {
            if metal.metal != Metal::Silver || fineness.is_some_and(|f| f < Fineness::STERLING) {
                find(
                    Rule::VermeilOutOfSpecification,
                    "Vermeil is gold over sterling silver: the base must be 925 silver or finer, \
                     otherwise call it gold plated."
                        .into(),
                );
            }
            if thickness.hundredths < THINNEST_VERMEIL {
                find(
                    Rule::VermeilOutOfSpecification,
                    format!(
                        "Vermeil needs at least 2.5 µm of gold; this is {thickness}. Call it gold \
                         plated, or have it plated thicker."
                    ),
                );
            }
            if gold_fineness.parts_per_thousand() < 417 {
                find(
                    Rule::VermeilOutOfSpecification,
                    "Vermeil needs gold of at least 10 karat (417).".into(),
                );
            }
        }
        Surface::GoldFilled { gold_per_mille, .. }
            if *gold_per_mille < LEAST_GOLD_FILLED_PER_MILLE =>
        {
            find(
                Rule::GoldFilledTooLittleGold,
                "Gold-filled needs at least 1/20 of the weight in karat gold: call it rolled gold \
                 plate or gold plated instead."
                    .into(),
            );
        }
        Surface::Plated {
            plating, thickness, ..
        } if plating.is_precious() && thickness.hundredths < THINNEST_PLATE => {
            find(
                Rule::PlatingThin,
                format!(
                    "{thickness} of {} is a flash coat: \"plated\" needs at least 0.18 µm.",
                    plating.label()
                ),
            );
        }
        _ => {}
    }
    let solid_precious = matches!(metal.surface.value, Surface::Solid)
        .then(|| uk_exemption_weight(metal.metal))
        .flatten();
    if let (true, Some(threshold)) = (uk, solid_precious) {
        match metal.weight.as_ref().map(|w| w.value) {
            Some(weight) if weight > threshold && metal.hallmark.is_none() => find(
                Rule::UkHallmarkMissing,
                format!(
                    "Sold in the UK, {name} over {threshold} must be hallmarked by an assay \
                     office ({weight} here): add the hallmark, or don't describe it as {name}."
                ),
            ),
            None => find(
                Rule::WeightMissingForUk,
                format!(
                    "Add the weight of the {name}: UK law requires a hallmark above {threshold}."
                ),
            ),
            _ => {}
        }
    }
    if metal.recycled.is_none() {
        find(
            Rule::RecycledShareMissing,
            format!("Say how much of the {name} is recycled, even if none."),
        );
    }
}

fn check_stone(stone: &StoneDisclosure, words: &str, find: &mut impl FnMut(Rule, String)) {
    let species = &stone.species;
    match &stone.nature.value {
        StoneNature::LaboratoryGrown { .. } => {
            if !LAB_GROWN_WORDS.iter().any(|w| words.contains(w)) {
                find(
                    Rule::LabGrownWithoutQualifier,
                    format!(
                        "The {species} is laboratory-grown: say \"laboratory-grown {species}\" \
                         (or laboratory-created) in the title or description, as prominently as \
                         the word {species}."
                    ),
                );
            }
        }
        StoneNature::Natural => {
            let called_natural = words.contains(&format!("natural {}", species.to_lowercase()))
                || words.contains("untreated");
            match &stone.treatments.value {
                Treatments::Treated { kinds } if called_natural => {
                    let named = kinds.iter().any(|k| {
                        let label = k.label();
                        words.contains(label) || words.contains(&label.replace('-', " "))
                    });
                    if !named || words.contains("untreated") {
                        let treatments = kinds
                            .iter()
                            .map(|k| k.label())
                            .collect::<Vec<_>>()
                            .join(", ");
                        find(
                            Rule::TreatedStoneCalledNatural,
                            format!(
                                "The {species} is described as natural or untreated but is \
                                 {treatments}: say so in the description."
                            ),
                        );
                    }
                }
                Treatments::NotKnown if words.contains("untreated") => find(
                    Rule::TreatedStoneCalledNatural,
                    format!(
                        "The text says untreated, but the {species}'s treatments are not known: \
                         record them, or take \"untreated\" out."
                    ),
                ),
                _ => {}
            }
            if stone.origin.is_none() {
                find(
                    Rule::StoneOriginMissing,
                    format!("Say where the {species} was mined, if you know."),
                );
            }
            if species.eq_ignore_ascii_case("diamond") && stone.warranty.is_none() {
                find(
                    Rule::DiamondWithoutWarranty,
                    "Add the System of Warranties statement from the diamond's invoice.".into(),
                );
            }
        }
        StoneNature::Imitation => {}
    }
    if stone.treatments.value == Treatments::NotKnown {
        find(
            Rule::TreatmentsNotKnown,
            format!("Say whether the {species} is treated; ask your supplier if unsure."),
        );
    }
}

/// Publishing may go ahead when nothing was refused.
pub fn may_publish(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity == Severity::Warning)
}

/// How much of what applies to this piece's materials is disclosed, in per cent:
/// a piece without stones is not marked down for missing stone fields.
pub fn completeness(disclosure: &Disclosure) -> u8 {
    let (mut applicable, mut filled) = (0_u32, 0_u32);
    let mut field = |present: bool| {
        applicable += 1;
        filled += u32::from(present);
    };
    let making = &disclosure.making;
    field(!making.designed_by.value.trim().is_empty());
    field(!making.steps.is_empty());
    field(making.made_on.is_some());
    for metal in &disclosure.metals {
        if metal.metal.is_precious() {
            field(metal.fineness.is_some());
        }
        field(metal.weight.is_some());
        field(metal.recycled.is_some());
        let solid_precious = matches!(metal.surface.value, Surface::Solid)
            && uk_exemption_weight(metal.metal).is_some();
        if disclosure.markets.united_kingdom && solid_precious {
            field(metal.hallmark.is_some());
        }
    }
    let mut needs_care = false;
    for stone in &disclosure.stones {
        field(stone.treatments.value != Treatments::NotKnown);
        if let Treatments::Treated { kinds } = &stone.treatments.value {
            needs_care |= kinds.iter().any(|k| k.needs_care());
        }
        let diamond = stone.species.eq_ignore_ascii_case("diamond");
        match &stone.nature.value {
            StoneNature::Natural => {
                field(stone.origin.is_some());
                if diamond {
                    field(stone.warranty.is_some());
                    field(stone.report.is_some());
                }
            }
            StoneNature::LaboratoryGrown { method } => {
                field(method.is_some());
                if diamond {
                    field(stone.report.is_some());
                }
            }
            StoneNature::Imitation => {}
        }
    }
    if needs_care {
        field(disclosure.care.is_some());
    }
    u8::try_from(filled * 100 / applicable.max(1)).unwrap_or(100)
}

#[cfg(test)]
mod tests;
