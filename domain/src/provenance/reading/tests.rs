use super::*;
use crate::makers::Technique;
use crate::materials::Percent;
use crate::shared::Country;

fn vermeil_ring_with_lab_diamond() -> Disclosure {
    Disclosure {
        making: Making {
            designed_by: Claim::declared("Ana Ruiz".into()),
            steps: vec![
                Claim::declared(MakingStep {
                    technique: Technique::ProngSetting,
                    by: Maker::TheMaker,
                }),
                Claim {
                    value: MakingStep {
                        technique: Technique::CadCasting,
                        by: Maker::Partner {
                            name: "Cast & Co".into(),
                        },
                    },
                    evidence: Evidence::Verified {
                        by: "operator".into(),
                        on: "2026-10-02".into(),
                        sha256: None,
                        public: false,
                    },
                },
            ],
            made_in: Claim::declared(Country::parse("ES").unwrap()),
            made_on: Some("2026-09".into()),
            edition: Edition::OneOfOne,
        },
        metals: vec![MetalDisclosure {
            metal: Metal::Silver,
            fineness: Some(Claim::declared(Fineness::STERLING)),
            surface: Claim::declared(Surface::Vermeil {
                gold_fineness: Fineness::from_karat(18).unwrap(),
                thickness: Micrometres::hundredths(300),
            }),
            weight: Some(Claim::declared(Milligrams(4_200))),
            hallmark: None,
            recycled: Some(Claim {
                value: Percent::new(80).unwrap(),
                evidence: Evidence::DocumentBacked {
                    sha256: "ab".repeat(32),
                    public: true,
                },
            }),
            scheme: None,
        }],
        stones: vec![StoneDisclosure {
            species: "diamond".into(),
            nature: Claim::declared(StoneNature::LaboratoryGrown {
                method: Some(GrowthMethod::Cvd),
            }),
            treatments: Claim::declared(Treatments::Untreated),
            origin: None,
            history: StoneHistory::New,
            report: Some(Claim::declared(GradingReport {
                lab: "IGI".into(),
                number: "LG512345678".into(),
                date: "2026-08-14".into(),
                carat_hundredths: Some(52),
                colour: Some("E".into()),
                clarity: None,
                cut: None,
            })),
            warranty: None,
        }],
        care: None,
        markets: Markets {
            united_kingdom: false,
        },
    }
}

#[test]
fn the_summary_names_edition_maker_metal_and_stone() {
    assert_eq!(
        summary(&vermeil_ring_with_lab_diamond()),
        "One of one, designed by Ana Ruiz and made in Spain with a production partner \
         · 18k gold vermeil on sterling silver, 80% recycled · laboratory-grown diamond"
    );
}

#[test]
fn details_say_who_did_each_step_and_how_sure_each_claim_is() {
    let parts = parts(&vermeil_ring_with_lab_diamond());
    let headings: Vec<_> = parts.iter().map(|p| p.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Who made it and how",
            "18k gold vermeil on sterling silver",
            "Laboratory-grown diamond"
        ]
    );
    let casting = &parts[0].statements[2];
    assert_eq!(casting.text, "Cast & Co (production partner)");
    assert_eq!(
        casting.evidence.as_ref().map(Evidence::label),
        Some("Verified")
    );
    let surface = &parts[1].statements[0];
    assert_eq!(
        surface.text,
        "Vermeil: 18k gold 3 µm thick over sterling silver"
    );
    let report = parts[2]
        .statements
        .iter()
        .find(|s| s.label == "Grading report")
        .unwrap();
    assert_eq!(
        report.text,
        "IGI report LG512345678, 2026-08-14: 0.52 ct, colour E"
    );
    assert_eq!(
        tally(&parts),
        EvidenceTally {
            verified: 1,
            documented: 1,
            declared: 9
        }
    );
}

#[test]
fn treated_stones_and_partial_gold_shares_read_naturally() {
    let mut disclosure = vermeil_ring_with_lab_diamond();
    disclosure.stones[0].nature.value = StoneNature::Natural;
    disclosure.stones[0].species = "sapphire".into();
    disclosure.stones[0].treatments.value = Treatments::Treated {
        kinds: vec![TreatmentKind::Heating],
    };
    disclosure.metals[0].surface.value = Surface::GoldFilled {
        gold_fineness: Fineness::from_karat(14).unwrap(),
        gold_per_mille: 75,
    };
    let parts = parts(&disclosure);
    assert_eq!(parts[2].heading, "Natural sapphire (heated)");
    assert_eq!(
        parts[1].statements[0].text,
        "Gold-filled: 14k gold bonded to sterling silver, 7.5% of the weight"
    );
}
