//! Every claim of a disclosure by its place in it, so that evidence can be attached
//! to the very claim a document backs: `making.designed-by`, `making.step.2`,
//! `metal.1.hallmark`, `stone.1.report`.

use super::{Disclosure, Evidence};
use crate::shared::capitalised;
use serde::{Deserialize, Serialize};

/// One claim of a disclosure, named for the maker who attaches evidence to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimEntry {
    pub path: String,
    pub label: String,
    pub evidence: Evidence,
}

impl Disclosure {
    /// Calls `visit` with the place, a label and the evidence of every claim.
    fn visit_evidence(&mut self, visit: &mut dyn FnMut(String, String, &mut Evidence)) {
        let making = &mut self.making;
        visit(
            "making.designed-by".into(),
            "Designed by".into(),
            &mut making.designed_by.evidence,
        );
        for (index, step) in making.steps.iter_mut().enumerate() {
            visit(
                format!("making.step.{}", index + 1),
                format!(
                    "Making step {}: {}",
                    index + 1,
                    step.value.technique.label()
                ),
                &mut step.evidence,
            );
        }
        visit(
            "making.made-in".into(),
            "Made in".into(),
            &mut making.made_in.evidence,
        );
        for (index, metal) in self.metals.iter_mut().enumerate() {
            let number = index + 1;
            let name = capitalised(metal.metal.label());
            let mut claim = |what: &str, label: &str, evidence: &mut Evidence| {
                visit(
                    format!("metal.{number}.{what}"),
                    format!("Metal {number} ({name}): {label}"),
                    evidence,
                );
            };
            claim("surface", "what it is", &mut metal.surface.evidence);
            let optional = [
                (
                    "fineness",
                    "fineness",
                    metal.fineness.as_mut().map(|c| &mut c.evidence),
                ),
                (
                    "weight",
                    "weight",
                    metal.weight.as_mut().map(|c| &mut c.evidence),
                ),
                (
                    "hallmark",
                    "hallmark",
                    metal.hallmark.as_mut().map(|c| &mut c.evidence),
                ),
                (
                    "recycled",
                    "recycled content",
                    metal.recycled.as_mut().map(|c| &mut c.evidence),
                ),
                (
                    "scheme",
                    "sourcing certificate",
                    metal.scheme.as_mut().map(|c| &mut c.evidence),
                ),
            ];
            for (what, label, evidence) in optional {
                if let Some(evidence) = evidence {
                    claim(what, label, evidence);
                }
            }
        }
        for (index, stone) in self.stones.iter_mut().enumerate() {
            let number = index + 1;
            let name = capitalised(&stone.species);
            let mut claim = |what: &str, label: &str, evidence: &mut Evidence| {
                visit(
                    format!("stone.{number}.{what}"),
                    format!("Stone {number} ({name}): {label}"),
                    evidence,
                );
            };
            claim(
                "nature",
                "natural or laboratory-grown",
                &mut stone.nature.evidence,
            );
            claim("treatments", "treatments", &mut stone.treatments.evidence);
            let optional = [
                (
                    "origin",
                    "origin",
                    stone.origin.as_mut().map(|c| &mut c.evidence),
                ),
                (
                    "report",
                    "grading report",
                    stone.report.as_mut().map(|c| &mut c.evidence),
                ),
                (
                    "warranty",
                    "conflict-free warranty",
                    stone.warranty.as_mut().map(|c| &mut c.evidence),
                ),
            ];
            for (what, label, evidence) in optional {
                if let Some(evidence) = evidence {
                    claim(what, label, evidence);
                }
            }
        }
    }

    /// Every claim, in the order the piece page shows them.
    pub fn claims(&self) -> Vec<ClaimEntry> {
        let mut claims = Vec::new();
        self.clone().visit_evidence(&mut |path, label, evidence| {
            claims.push(ClaimEntry {
                path,
                label,
                evidence: evidence.clone(),
            });
        });
        claims
    }

    /// Backs the claims at `paths` by the document with this digest; a path that
    /// names no claim is skipped. Returns how many claims it now backs.
    pub fn back_by_document(&mut self, paths: &[String], sha256: &str, public: bool) -> usize {
        let mut backed = 0;
        self.visit_evidence(&mut |path, _, evidence| {
            if paths.contains(&path) {
                *evidence = Evidence::DocumentBacked {
                    sha256: sha256.to_owned(),
                    public,
                };
                backed += 1;
            }
        });
        backed
    }

    /// The claims the document with this digest backs (or an operator verified
    /// against it) now rest on the maker's word again, or show it to buyers or
    /// not: what `change` makes of them.
    pub fn rebacked(&mut self, sha256: &str, change: DocumentChange) -> usize {
        let mut changed = 0;
        self.visit_evidence(&mut |_, _, evidence| {
            if evidence.document() != Some(sha256) {
                return;
            }
            match (change, &mut *evidence) {
                (DocumentChange::Withdrawn, _) => *evidence = Evidence::SelfDeclared,
                (DocumentChange::Shown(shown), Evidence::DocumentBacked { public, .. })
                | (DocumentChange::Shown(shown), Evidence::Verified { public, .. }) => {
                    *public = shown
                }
                (DocumentChange::Shown(_), Evidence::SelfDeclared) => {}
            }
            changed += 1;
        });
        changed
    }

    /// The claims at `paths` that the document with this digest backs, as an
    /// operator found them: verified against it, or not shown by it (back to the
    /// maker's word). Returns the paths changed.
    pub fn reviewed(&mut self, sha256: &str, outcomes: &[(String, ReviewOutcome)]) -> Vec<String> {
        let mut changed = Vec::new();
        self.visit_evidence(&mut |path, _, evidence| {
            let Evidence::DocumentBacked {
                sha256: backing,
                public,
            } = evidence
            else {
                return;
            };
            if backing != sha256 {
                return;
            }
            let Some((_, outcome)) = outcomes.iter().find(|(named, _)| *named == path) else {
                return;
            };
            *evidence = match outcome {
                ReviewOutcome::Verified { by, on } => Evidence::Verified {
                    by: by.clone(),
                    on: on.clone(),
                    sha256: Some(sha256.to_owned()),
                    public: *public,
                },
                ReviewOutcome::NotShown => Evidence::SelfDeclared,
            };
            changed.push(path);
        });
        changed
    }

    /// The claims resting on the document with this digest and still awaiting an
    /// operator's review.
    pub fn awaiting_review(&self, sha256: &str) -> Vec<ClaimEntry> {
        self.claims()
            .into_iter()
            .filter(|claim| {
                matches!(&claim.evidence, Evidence::DocumentBacked { sha256: backing, .. } if backing == sha256)
            })
            .collect()
    }

    /// Every claim back to the maker's word: for a copy, which is another object.
    pub fn forget_evidence(&mut self) {
        self.visit_evidence(&mut |_, _, evidence| *evidence = Evidence::SelfDeclared);
    }
}

/// What happens to the claims a document backs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentChange {
    Withdrawn,
    Shown(bool),
}

/// What an operator found of a claim, comparing it with its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// The document shows it: verified by this operator on this day (`YYYY-MM-DD`).
    Verified { by: String, on: String },
    /// The document doesn't show it.
    NotShown,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::makers::Technique;
    use crate::materials::{Fineness, Metal};
    use crate::provenance::{Claim, Edition, Maker, Making, MakingStep, Markets, MetalDisclosure};
    use crate::provenance::{StoneDisclosure, StoneHistory, StoneNature, Surface, Treatments};
    use crate::shared::Country;

    fn disclosure() -> Disclosure {
        Disclosure {
            making: Making {
                designed_by: Claim::declared("Ada".into()),
                steps: vec![Claim::declared(MakingStep {
                    technique: Technique::LostWaxCasting,
                    by: Maker::TheMaker,
                })],
                made_in: Claim::declared(Country::parse("GB").unwrap()),
                made_on: None,
                edition: Edition::OneOfOne,
            },
            metals: vec![MetalDisclosure {
                metal: Metal::Silver,
                fineness: Some(Claim::declared(Fineness::new(925).unwrap())),
                surface: Claim::declared(Surface::Solid),
                weight: None,
                hallmark: None,
                recycled: None,
                scheme: None,
            }],
            stones: vec![StoneDisclosure {
                species: "sapphire".into(),
                nature: Claim::declared(StoneNature::Natural),
                treatments: Claim::declared(Treatments::Untreated),
                origin: None,
                history: StoneHistory::New,
                report: None,
                warranty: None,
            }],
            care: None,
            markets: Markets {
                united_kingdom: true,
            },
        }
    }

    #[test]
    fn every_present_claim_has_a_place_and_a_label() {
        let paths: Vec<String> = disclosure().claims().into_iter().map(|c| c.path).collect();
        assert_eq!(
            paths,
            [
                "making.designed-by",
                "making.step.1",
                "making.made-in",
                "metal.1.surface",
                "metal.1.fineness",
                "stone.1.nature",
                "stone.1.treatments"
            ]
        );
        let labels: Vec<String> = disclosure().claims().into_iter().map(|c| c.label).collect();
        assert_eq!(labels[4], "Metal 1 (Silver): fineness");
    }

    #[test]
    fn a_document_backs_the_claims_named_and_no_others() {
        let mut disclosure = disclosure();
        let sha = "ab".repeat(32);
        let named = ["metal.1.fineness".to_owned(), "metal.9.hallmark".to_owned()];
        assert_eq!(disclosure.back_by_document(&named, &sha, false), 1);
        let backed: Vec<_> = disclosure
            .claims()
            .into_iter()
            .filter(|c| matches!(c.evidence, Evidence::DocumentBacked { .. }))
            .map(|c| c.path)
            .collect();
        assert_eq!(backed, ["metal.1.fineness"]);

        assert_eq!(disclosure.rebacked(&sha, DocumentChange::Shown(true)), 1);
        assert_eq!(
            disclosure.metals[0].fineness.as_ref().unwrap().evidence,
            Evidence::DocumentBacked {
                sha256: sha.clone(),
                public: true
            }
        );
        assert_eq!(
            disclosure.rebacked(&"cd".repeat(32), DocumentChange::Withdrawn),
            0
        );
        assert_eq!(disclosure.rebacked(&sha, DocumentChange::Withdrawn), 1);
        assert_eq!(disclosure, self::disclosure());
    }

    #[test]
    fn an_operator_verifies_some_claims_and_returns_others_to_the_makers_word() {
        let mut disclosure = disclosure();
        let sha = "ab".repeat(32);
        let named = [
            "metal.1.fineness".to_owned(),
            "metal.1.surface".to_owned(),
            "stone.1.nature".to_owned(),
        ];
        disclosure.back_by_document(&named, &sha, true);
        let waiting: Vec<_> = disclosure
            .awaiting_review(&sha)
            .into_iter()
            .map(|c| c.path)
            .collect();
        assert_eq!(
            waiting,
            ["metal.1.surface", "metal.1.fineness", "stone.1.nature"]
        );

        let verified = ReviewOutcome::Verified {
            by: "Ines".into(),
            on: "2026-11-23".into(),
        };
        let changed = disclosure.reviewed(
            &sha,
            &[
                ("metal.1.fineness".into(), verified),
                ("stone.1.nature".into(), ReviewOutcome::NotShown),
                ("making.designed-by".into(), ReviewOutcome::NotShown),
            ],
        );
        assert_eq!(changed, ["metal.1.fineness", "stone.1.nature"]);
        let fineness = disclosure.metals[0].fineness.clone().unwrap().evidence;
        assert_eq!(
            fineness,
            Evidence::Verified {
                by: "Ines".into(),
                on: "2026-11-23".into(),
                sha256: Some(sha.clone()),
                public: true
            }
        );
        assert_eq!(disclosure.stones[0].nature.evidence, Evidence::SelfDeclared);
        assert_eq!(
            disclosure.making.designed_by.evidence,
            Evidence::SelfDeclared
        );
        let waiting: Vec<_> = disclosure
            .awaiting_review(&sha)
            .into_iter()
            .map(|c| c.path)
            .collect();
        assert_eq!(waiting, ["metal.1.surface"]);

        // Hiding the document hides it behind the verified claim too; removing it
        // takes the verification with it.
        assert_eq!(disclosure.rebacked(&sha, DocumentChange::Shown(false)), 2);
        assert!(matches!(
            disclosure.metals[0].fineness.clone().unwrap().evidence,
            Evidence::Verified { public: false, .. }
        ));
        assert_eq!(disclosure.rebacked(&sha, DocumentChange::Withdrawn), 2);
        assert_eq!(disclosure, self::disclosure());
    }

    #[test]
    fn a_verified_claim_reads_back_the_same_and_old_passports_still_parse() {
        let old = r#"{"level":"verified","by":"Touchstone","on":"2026-01-02"}"#;
        let evidence: Evidence = serde_json::from_str(old).unwrap();
        assert_eq!(serde_json::to_string(&evidence).unwrap(), old);
    }
}
