//! The custody log as the pages post and show it: the maker's intake and event
//! forms, parsed into entries, and the log worded for both sides.

use super::custody::{
    CustodyEvent, Happening, Hundredths, Intake, MAX_CUSTODY_FIELD, MAX_CUSTODY_NOTE,
    MAX_RISK_TERMS, Material, Metal, Stone,
};
use crate::shared::{ImageRef, form_text as text};
use serde::{Deserialize, Serialize};

/// What the custody forms post, every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustodyForm {
    pub commission: String,
    /// `stone`, `metal` (an intake), `event`, `correction`, or `acknowledge`.
    pub entry: String,
    pub species: String,
    pub shape: String,
    pub measurements: String,
    pub carats: String,
    pub colour: String,
    pub marks: String,
    pub description: String,
    pub grams: String,
    pub fineness: String,
    pub tested_how: String,
    pub condition: String,
    pub handed_over_by: String,
    pub handed_over_on: String,
    pub risk_terms: String,
    /// The intake an event or an acknowledgement is about (its entry number).
    pub item: String,
    pub happening: String,
    pub grams_after: String,
    pub corrects: String,
    pub note: String,
}

fn entry_number(value: &str, label: &str) -> Result<u32, String> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("Choose {label}."))
}

impl CustodyForm {
    /// The entry the form describes, or what is wrong with it, in words.
    pub fn parse(&self) -> Result<CustodyEvent, String> {
        match self.entry.as_str() {
            "stone" | "metal" => self.intake().map(CustodyEvent::Intake),
            "acknowledge" => Ok(CustodyEvent::Acknowledged {
                intake: entry_number(&self.item, "the intake record to acknowledge")?,
            }),
            "event" => {
                let happening =
                    Happening::from_slug(self.happening.trim()).ok_or("Choose what happened.")?;
                let grams_after = match self.grams_after.trim() {
                    "" => None,
                    typed => Some(Hundredths::parse(typed).ok_or(
                        "The weight after melting is grams, with at most two decimals \
                         (for example 4.41).",
                    )?),
                };
                Ok(CustodyEvent::Event {
                    item: entry_number(&self.item, "the item it happened to")?,
                    happening,
                    grams_after,
                    note: text(&self.note, "The note", MAX_CUSTODY_NOTE, false)?,
                })
            }
            "correction" => Ok(CustodyEvent::Correction {
                corrects: entry_number(&self.corrects, "the entry to correct")?,
                note: text(&self.note, "The correction", MAX_CUSTODY_NOTE, true)?,
            }),
            _ => Err("Choose what to record.".into()),
        }
    }

    fn intake(&self) -> Result<Intake, String> {
        let material = if self.entry == "stone" {
            let carats = match self.carats.trim() {
                "" => None,
                typed => Some(Hundredths::parse(typed).ok_or(
                    "The approximate weight is carats, with at most two decimals (for example 1.2).",
                )?),
            };
            Material::Stone(Stone {
                species: text(&self.species, "The stone", MAX_CUSTODY_FIELD, true)?,
                shape: text(&self.shape, "The shape", MAX_CUSTODY_FIELD, false)?,
                measurements: text(
                    &self.measurements,
                    "The measurements",
                    MAX_CUSTODY_FIELD,
                    true,
                )?,
                approx_carats: carats,
                colour: text(&self.colour, "The colour", MAX_CUSTODY_FIELD, false)?,
                visible_marks: text(&self.marks, "Inclusions or damage", MAX_CUSTODY_NOTE, false)?,
            })
        } else {
            Material::Metal(Metal {
                description: text(
                    &self.description,
                    "What the metal is",
                    MAX_CUSTODY_FIELD,
                    true,
                )?,
                grams: Hundredths::parse(&self.grams)
                    .ok_or("The weight is grams, with at most two decimals (for example 4.62).")?,
                tested_fineness: text(
                    &self.fineness,
                    "The tested fineness",
                    MAX_CUSTODY_FIELD,
                    true,
                )?,
                tested_how: text(
                    &self.tested_how,
                    "How it was tested",
                    MAX_CUSTODY_FIELD,
                    true,
                )?,
            })
        };
        let handed_over_on = self
            .handed_over_on
            .trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| "The day it was handed over is a date (YYYY-MM-DD).".to_owned())?;
        Ok(Intake {
            material,
            condition: text(&self.condition, "The condition", MAX_CUSTODY_NOTE, true)?,
            handed_over_by: text(
                &self.handed_over_by,
                "Who handed it over",
                MAX_CUSTODY_FIELD,
                true,
            )?,
            handed_over_on: handed_over_on.to_string(),
            risk_terms: text(&self.risk_terms, "The risk terms", MAX_RISK_TERMS, true)?,
        })
    }
}

/// One item the buyer handed over, as the commission's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyItemView {
    /// Its intake entry's number: what events and receipts name it by.
    pub seq: u32,
    /// "Sapphire", "18k wedding band".
    pub name: String,
    pub facts: Vec<(String, String)>,
    pub condition: String,
    pub risk_terms: String,
    /// When the buyer acknowledged the intake record.
    pub acknowledged: Option<String>,
    /// Where it is now: "With the maker", "Set into the piece" …
    pub status: String,
    /// Still in the maker's hands: events can be recorded.
    pub in_custody: bool,
    pub pictures: Vec<(ImageRef, String)>,
}

/// One entry of the log, worded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntryView {
    pub seq: u32,
    pub when: String,
    pub what: String,
    pub note: String,
    pub sha256: String,
    pub pictures: Vec<(ImageRef, String)>,
}

/// The custody part of a commission's page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyView {
    /// The maker may record intakes and events (the log verifies).
    pub may_record: bool,
    pub intact: bool,
    /// The first entry that no longer verifies.
    pub broken_at: Option<u32>,
    /// How many entries are stored, verified or not.
    pub recorded: usize,
    /// The SHA-256 of the last entry.
    pub head: Option<String>,
    pub items: Vec<CustodyItemView>,
    pub entries: Vec<CustodyEntryView>,
}

/// The printable receipt of one intake, for the buyer's records and insurer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyReceipt {
    pub commission: i64,
    pub maker: String,
    pub buyer: String,
    pub item: CustodyItemView,
    pub handed_over: String,
    /// The intake entry's SHA-256, and the log's head when printed.
    pub entry_sha256: String,
    pub head: String,
    pub intact: bool,
    pub key_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stone_form() -> CustodyForm {
        CustodyForm {
            entry: "stone".into(),
            species: " Sapphire ".into(),
            measurements: "6.5 × 6.1 × 4.0 mm".into(),
            carats: "1,2".into(),
            condition: "Worn facet edges.".into(),
            handed_over_by: "The client".into(),
            handed_over_on: "2026-11-30".into(),
            risk_terms: "Stones can crack during setting.".into(),
            ..CustodyForm::default()
        }
    }

    #[test]
    fn forms_become_entries_or_say_what_is_wrong() {
        let CustodyEvent::Intake(intake) = stone_form().parse().unwrap() else {
            panic!("an intake");
        };
        assert_eq!(intake.material.name(), "Sapphire");
        assert_eq!(intake.handed_over_on, "2026-11-30");

        let wrong = |change: fn(&mut CustodyForm)| {
            let mut form = stone_form();
            change(&mut form);
            form.parse().unwrap_err()
        };
        assert_eq!(wrong(|f| f.species.clear()), "The stone is needed.");
        assert!(wrong(|f| f.carats = "heavy".into()).contains("carats"));
        assert!(wrong(|f| f.handed_over_on = "last Tuesday".into()).contains("YYYY-MM-DD"));
        assert!(wrong(|f| f.condition = "x".repeat(MAX_CUSTODY_NOTE + 1)).contains("too long"));
        assert!(wrong(|f| f.marks = "a\u{0}b".into()).contains("can't be kept"));
        assert_eq!(wrong(|f| f.entry = "gift".into()), "Choose what to record.");

        let metal = CustodyForm {
            entry: "metal".into(),
            description: "Old wedding band".into(),
            grams: "4.62".into(),
            fineness: "750".into(),
            tested_how: "XRF".into(),
            ..stone_form()
        };
        assert!(matches!(
            metal.parse(),
            Ok(CustodyEvent::Intake(Intake {
                material: Material::Metal(Metal {
                    grams: Hundredths(462),
                    ..
                }),
                ..
            }))
        ));

        let event = CustodyForm {
            entry: "event".into(),
            item: "1".into(),
            happening: "melted".into(),
            grams_after: "4.41".into(),
            note: "<b>cast</b>".into(),
            ..CustodyForm::default()
        };
        assert_eq!(
            event.parse(),
            Ok(CustodyEvent::Event {
                item: 1,
                happening: Happening::Melted,
                grams_after: Some(Hundredths(441)),
                note: "<b>cast</b>".into(),
            })
        );
        let correction = CustodyForm {
            entry: "correction".into(),
            corrects: "0".into(),
            note: "It was 1.3 ct.".into(),
            ..CustodyForm::default()
        };
        assert_eq!(
            correction.parse(),
            Err("Choose the entry to correct.".into())
        );
    }
}
