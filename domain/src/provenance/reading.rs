//! A disclosure put into words a buyer reads at a glance: one summary line, then
//! the details, claim by claim, each with how sure anyone can be of it.

use super::disclosure::*;
use crate::materials::{Fineness, Metal, MetalComponent};
use crate::shared::capitalised;

/// One statement of the disclosure; `evidence` is `None` for facts that are not
/// claims (the edition, the month it was made).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub label: String,
    pub text: String,
    pub evidence: Option<Evidence>,
}

/// The statements about one part of the piece: its making, a metal, a stone, care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub heading: String,
    pub statements: Vec<Statement>,
}

/// How many claims rest on each level of evidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvidenceTally {
    pub verified: usize,
    pub documented: usize,
    pub declared: usize,
}

impl EvidenceTally {
    pub fn total(self) -> usize {
        self.verified + self.documented + self.declared
    }
}

fn statement<T>(label: &str, claim: &Claim<T>, text: String) -> Statement {
    Statement {
        label: label.to_owned(),
        text,
        evidence: Some(claim.evidence.clone()),
    }
}

fn fact(label: &str, text: String) -> Statement {
    Statement {
        label: label.to_owned(),
        text,
        evidence: None,
    }
}

fn metal_name(metal: Metal, fineness: Option<Fineness>) -> String {
    MetalComponent {
        metal,
        fineness,
        recycled: None,
    }
    .to_string()
}

fn gold(fineness: Fineness) -> String {
    match fineness.karat() {
        Some(karat) => format!("{karat}k gold"),
        None => format!("{} gold", fineness.parts_per_thousand()),
    }
}

fn per_mille(share: u16) -> String {
    match share % 10 {
        0 => format!("{}%", share / 10),
        tenth => format!("{}.{tenth}%", share / 10),
    }
}

fn surface(metal: &MetalDisclosure) -> String {
    let base = metal_name(metal.metal, metal.fineness.as_ref().map(|f| f.value));
    match &metal.surface.value {
        Surface::Solid => format!("Solid {base}"),
        Surface::Plated {
            plating,
            plating_fineness,
            thickness,
        } => format!(
            "{base}, plated with {} {thickness} thick",
            metal_name(*plating, *plating_fineness)
        ),
        Surface::Vermeil {
            gold_fineness,
            thickness,
        } => format!(
            "Vermeil: {} {thickness} thick over {base}",
            gold(*gold_fineness)
        ),
        Surface::GoldFilled {
            gold_fineness,
            gold_per_mille,
        } => format!(
            "Gold-filled: {} bonded to {base}, {} of the weight",
            gold(*gold_fineness),
            per_mille(*gold_per_mille)
        ),
        Surface::RolledGoldPlate {
            gold_fineness,
            gold_per_mille,
        } => format!(
            "Rolled gold plate: {} on {base}, {} of the weight",
            gold(*gold_fineness),
            per_mille(*gold_per_mille)
        ),
    }
}

/// "18k yellow gold", "sterling silver vermeil", "brass plated with 18k gold".
fn metal_short(metal: &MetalDisclosure) -> String {
    let base = metal_name(metal.metal, metal.fineness.as_ref().map(|f| f.value));
    match &metal.surface.value {
        Surface::Solid => base,
        Surface::Plated {
            plating,
            plating_fineness,
            ..
        } => format!(
            "{base} plated with {}",
            metal_name(*plating, *plating_fineness)
        ),
        Surface::Vermeil { gold_fineness, .. } => {
            format!("{} vermeil on {base}", gold(*gold_fineness))
        }
        Surface::GoldFilled { gold_fineness, .. } => {
            format!("{}-filled {base}", gold(*gold_fineness))
        }
        Surface::RolledGoldPlate { gold_fineness, .. } => {
            format!("{} rolled plate on {base}", gold(*gold_fineness))
        }
    }
}

fn nature(stone: &StoneDisclosure) -> String {
    match &stone.nature.value {
        StoneNature::Natural => format!("Natural {}", stone.species),
        StoneNature::LaboratoryGrown { method } => match method {
            Some(method) => format!(
                "Laboratory-grown {}, {}",
                stone.species,
                growth_method(*method)
            ),
            None => format!("Laboratory-grown {}", stone.species),
        },
        StoneNature::Imitation => format!("Imitation {}", stone.species),
    }
}

fn growth_method(method: GrowthMethod) -> &'static str {
    match method {
        GrowthMethod::Cvd => "grown by chemical vapour deposition (CVD)",
        GrowthMethod::Hpht => "grown at high pressure and temperature (HPHT)",
        GrowthMethod::Flux => "flux-grown",
        GrowthMethod::Hydrothermal => "grown hydrothermally",
        GrowthMethod::FlameFusion => "grown by flame fusion",
    }
}

fn stone_short(stone: &StoneDisclosure) -> String {
    let kind = match &stone.nature.value {
        StoneNature::Natural => "natural",
        StoneNature::LaboratoryGrown { .. } => "laboratory-grown",
        StoneNature::Imitation => "imitation",
    };
    match &stone.treatments.value {
        Treatments::Treated { kinds } if !kinds.is_empty() => format!(
            "{kind} {} ({})",
            stone.species,
            kinds
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("{kind} {}", stone.species),
    }
}

fn treatments(value: &Treatments) -> String {
    match value {
        Treatments::Untreated => "Not treated".to_owned(),
        Treatments::Treated { kinds } => {
            let kinds: Vec<_> = kinds.iter().map(|k| k.label()).collect();
            format!("Treated: {}", kinds.join(", "))
        }
        Treatments::NotKnown => "Not known".to_owned(),
    }
}

fn edition(edition: Edition) -> String {
    match edition {
        Edition::OneOfOne => "One of one".to_owned(),
        Edition::Limited { number, of } => format!("Number {number} of {of}"),
        Edition::MadeToOrder => "Made to order".to_owned(),
    }
}

fn history(history: StoneHistory) -> Option<&'static str> {
    match history {
        StoneHistory::New => None,
        StoneHistory::Vintage => Some("Vintage"),
        StoneHistory::Reclaimed => Some("Reclaimed from an earlier piece"),
        StoneHistory::ClientSupplied => Some("Supplied by the client"),
    }
}

fn assay_office(office: AssayOffice) -> &'static str {
    match office {
        AssayOffice::London => "London",
        AssayOffice::Birmingham => "Birmingham",
        AssayOffice::Sheffield => "Sheffield",
        AssayOffice::Edinburgh => "Edinburgh",
    }
}

fn who(by: &Maker, designer: &str) -> String {
    match by {
        Maker::TheMaker => designer.to_owned(),
        Maker::Partner { name } => format!("{name} (production partner)"),
    }
}

/// The one line a buyer reads first: edition, who made it where, the metals, the
/// stones.
pub fn summary(disclosure: &Disclosure) -> String {
    let making = &disclosure.making;
    let partners = making
        .steps
        .iter()
        .any(|step| matches!(step.value.by, Maker::Partner { .. }));
    let mut parts = vec![format!(
        "{}, designed by {} and made in {}{}",
        edition(making.edition),
        making.designed_by.value,
        making.made_in.value.name(),
        if partners {
            " with a production partner"
        } else {
            ""
        }
    )];
    let metals: Vec<_> = disclosure
        .metals
        .iter()
        .map(|metal| {
            let name = metal_short(metal);
            match metal.recycled.as_ref().map(|r| r.value.value()) {
                Some(share) if share > 0 => format!("{name}, {share}% recycled"),
                _ => name,
            }
        })
        .collect();
    if !metals.is_empty() {
        parts.push(metals.join("; "));
    }
    let stones: Vec<_> = disclosure.stones.iter().map(stone_short).collect();
    parts.push(if stones.is_empty() {
        "no stones".to_owned()
    } else {
        stones.join("; ")
    });
    capitalised(&parts.join(" · "))
}

/// Every statement, grouped by the part of the piece it is about.
pub fn parts(disclosure: &Disclosure) -> Vec<Part> {
    let making = &disclosure.making;
    let designer = &making.designed_by.value;
    let mut making_statements = vec![statement(
        "Designed by",
        &making.designed_by,
        designer.clone(),
    )];
    making_statements.extend(making.steps.iter().map(|step| {
        statement(
            step.value.technique.label(),
            step,
            who(&step.value.by, designer),
        )
    }));
    making_statements.push(statement(
        "Made in",
        &making.made_in,
        making.made_in.value.name().to_owned(),
    ));
    if let Some(month) = &making.made_on {
        making_statements.push(fact("Made", month.clone()));
    }
    making_statements.push(fact("Edition", edition(making.edition)));
    let mut parts = vec![Part {
        heading: "Who made it and how".to_owned(),
        statements: making_statements,
    }];

    for metal in &disclosure.metals {
        let mut statements = vec![statement("Metal", &metal.surface, surface(metal))];
        if let Some(fineness) = &metal.fineness {
            let ppt = fineness.value.parts_per_thousand();
            statements.push(statement(
                "Fineness",
                fineness,
                match fineness.value.karat().filter(|_| metal.metal.is_gold()) {
                    Some(karat) => format!("{ppt} parts per thousand ({karat} karat)"),
                    None => format!("{ppt} parts per thousand"),
                },
            ));
        }
        if let Some(weight) = &metal.weight {
            statements.push(statement("Weight", weight, weight.value.to_string()));
        }
        if let Some(hallmark) = &metal.hallmark {
            let marks = &hallmark.value;
            statements.push(statement(
                "Hallmark",
                hallmark,
                format!(
                    "Sponsor's mark {}, fineness {}, {} Assay Office{}",
                    marks.sponsor_mark,
                    marks.fineness_mark.parts_per_thousand(),
                    assay_office(marks.assay_office),
                    marks
                        .date_letter
                        .as_ref()
                        .map(|letter| format!(", date letter {letter}"))
                        .unwrap_or_default()
                ),
            ));
        }
        if let Some(recycled) = &metal.recycled {
            statements.push(statement(
                "Recycled content",
                recycled,
                format!("{}% of the metal's mass", recycled.value.value()),
            ));
        }
        if let Some(scheme) = &metal.scheme {
            statements.push(statement(
                "Sourcing",
                scheme,
                format!(
                    "{}, certificate {}",
                    scheme.value.scheme.label(),
                    scheme.value.certificate
                ),
            ));
        }
        parts.push(Part {
            heading: capitalised(&metal_short(metal)),
            statements,
        });
    }

    for stone in &disclosure.stones {
        let mut statements = vec![statement("Stone", &stone.nature, nature(stone))];
        statements.push(statement(
            "Treatments",
            &stone.treatments,
            treatments(&stone.treatments.value),
        ));
        if let Some(origin) = &stone.origin {
            statements.push(statement(
                "Origin",
                origin,
                match &origin.value.source {
                    Some(source) => format!("{}, {source}", origin.value.country.name()),
                    None => origin.value.country.name().to_owned(),
                },
            ));
        }
        if let Some(history) = history(stone.history) {
            statements.push(fact("History", history.to_owned()));
        }
        if let Some(report) = &stone.report {
            let grades: Vec<String> = [
                report
                    .value
                    .carat_hundredths
                    .map(|c| format!("{}.{:02} ct", c / 100, c % 100)),
                report.value.colour.as_ref().map(|c| format!("colour {c}")),
                report
                    .value
                    .clarity
                    .as_ref()
                    .map(|c| format!("clarity {c}")),
                report.value.cut.as_ref().map(|c| format!("cut {c}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            let mut text = format!(
                "{} report {}, {}",
                report.value.lab, report.value.number, report.value.date
            );
            if !grades.is_empty() {
                text.push_str(&format!(": {}", grades.join(", ")));
            }
            statements.push(statement("Grading report", report, text));
        }
        if let Some(warranty) = &stone.warranty {
            statements.push(statement(
                "Conflict-free warranty",
                warranty,
                warranty.value.clone(),
            ));
        }
        parts.push(Part {
            heading: capitalised(&stone_short(stone)),
            statements,
        });
    }

    if let Some(care) = &disclosure.care {
        parts.push(Part {
            heading: "Care".to_owned(),
            statements: vec![fact("How to look after it", care.clone())],
        });
    }
    parts
}

/// How many of a disclosure's claims rest on each level of evidence.
pub fn evidence_tally(disclosure: &Disclosure) -> EvidenceTally {
    tally(&parts(disclosure))
}

/// How many claims rest on each level of evidence.
pub fn tally(parts: &[Part]) -> EvidenceTally {
    parts
        .iter()
        .flat_map(|part| &part.statements)
        .filter_map(|statement| statement.evidence.as_ref())
        .fold(EvidenceTally::default(), |mut tally, evidence| {
            match evidence {
                Evidence::Verified { .. } => tally.verified += 1,
                Evidence::DocumentBacked { .. } => tally.documented += 1,
                Evidence::SelfDeclared => tally.declared += 1,
            }
            tally
        })
}

#[cfg(test)]
mod tests;
