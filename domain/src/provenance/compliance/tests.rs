use super::super::disclosure::*;
use super::*;
use crate::makers::Technique;
use crate::materials::Percent;
use crate::shared::Country;

fn sterling(weight_mg: u32) -> MetalDisclosure {
    MetalDisclosure {
        metal: Metal::Silver,
        fineness: Some(Claim::declared(Fineness::STERLING)),
        surface: Claim::declared(Surface::Solid),
        weight: Some(Claim::declared(Milligrams(weight_mg))),
        hallmark: None,
        recycled: Some(Claim::declared(Percent::new(100).unwrap())),
        scheme: None,
    }
}

fn stone(species: &str, nature: StoneNature, treatments: Treatments) -> StoneDisclosure {
    StoneDisclosure {
        species: species.into(),
        nature: Claim::declared(nature),
        treatments: Claim::declared(treatments),
        origin: Some(Claim::declared(StoneOrigin {
            country: Country::parse("LK").unwrap(),
            source: None,
        })),
        history: StoneHistory::New,
        report: None,
        warranty: None,
    }
}

fn disclosure(metals: Vec<MetalDisclosure>, stones: Vec<StoneDisclosure>) -> Disclosure {
    Disclosure {
        making: Making {
            designed_by: Claim::declared("Ada Smith".into()),
            steps: vec![Claim::declared(MakingStep {
                technique: Technique::HandFabrication,
                by: Maker::TheMaker,
            })],
            made_in: Claim::declared(Country::parse("GB").unwrap()),
            made_on: None,
            edition: Edition::OneOfOne,
        },
        metals,
        stones,
        care: None,
        markets: Markets {
            united_kingdom: false,
        },
    }
}

const PLAIN: ListingText = ListingText {
    title: "Ring",
    description: "A ring.",
};

fn rules(findings: &[Finding]) -> Vec<Rule> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn a_complete_honest_disclosure_passes() {
    let findings = check(&disclosure(vec![sterling(5_000)], vec![]), &PLAIN);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn precious_metal_needs_its_fineness() {
    let mut gold = sterling(2_000);
    gold.metal = Metal::YellowGold;
    gold.fineness = None;
    let findings = check(&disclosure(vec![gold.clone()], vec![]), &PLAIN);
    assert_eq!(rules(&findings), vec![Rule::PreciousMetalWithoutFineness]);
    assert!(!may_publish(&findings));
    assert!(findings[0].message.contains("750"));
    gold.fineness = Some(Claim::declared(Fineness::from_karat(18).unwrap()));
    assert!(check(&disclosure(vec![gold], vec![]), &PLAIN).is_empty());
    let mut brass = sterling(2_000);
    brass.metal = Metal::Brass;
    brass.fineness = None;
    assert!(check(&disclosure(vec![brass], vec![]), &PLAIN).is_empty());
}

#[test]
fn vermeil_is_thick_karat_gold_on_sterling() {
    let vermeil = |thickness, karat| {
        let mut part = sterling(3_000);
        part.surface = Claim::declared(Surface::Vermeil {
            gold_fineness: Fineness::from_karat(karat).unwrap(),
            thickness: Micrometres::hundredths(thickness),
        });
        part
    };
    assert!(check(&disclosure(vec![vermeil(250, 14)], vec![]), &PLAIN).is_empty());
    let thin = check(&disclosure(vec![vermeil(100, 14)], vec![]), &PLAIN);
    assert_eq!(rules(&thin), vec![Rule::VermeilOutOfSpecification]);
    assert!(thin[0].message.contains("1 µm"));
    let low_karat = check(&disclosure(vec![vermeil(300, 9)], vec![]), &PLAIN);
    assert_eq!(rules(&low_karat), vec![Rule::VermeilOutOfSpecification]);
    let mut on_brass = vermeil(300, 14);
    on_brass.metal = Metal::Brass;
    on_brass.fineness = None;
    assert_eq!(
        rules(&check(&disclosure(vec![on_brass], vec![]), &PLAIN)),
        vec![Rule::VermeilOutOfSpecification]
    );
}

#[test]
fn gold_filled_is_at_least_a_twentieth_gold() {
    let filled = |per_mille| {
        let mut part = sterling(3_000);
        part.metal = Metal::Brass;
        part.fineness = None;
        part.surface = Claim::declared(Surface::GoldFilled {
            gold_fineness: Fineness::from_karat(14).unwrap(),
            gold_per_mille: per_mille,
        });
        part
    };
    assert!(check(&disclosure(vec![filled(50)], vec![]), &PLAIN).is_empty());
    assert_eq!(
        rules(&check(&disclosure(vec![filled(30)], vec![]), &PLAIN)),
        vec![Rule::GoldFilledTooLittleGold]
    );
}

#[test]
fn a_flash_coat_is_only_a_warning() {
    let mut plated = sterling(3_000);
    plated.metal = Metal::Brass;
    plated.fineness = None;
    plated.surface = Claim::declared(Surface::Plated {
        plating: Metal::YellowGold,
        plating_fineness: None,
        thickness: Micrometres::hundredths(5),
    });
    let findings = check(&disclosure(vec![plated], vec![]), &PLAIN);
    assert_eq!(rules(&findings), vec![Rule::PlatingThin]);
    assert!(may_publish(&findings));
}

#[test]
fn lab_grown_stones_are_named_so_in_the_text() {
    let lab = stone(
        "sapphire",
        StoneNature::LaboratoryGrown {
            method: Some(GrowthMethod::FlameFusion),
        },
        Treatments::Untreated,
    );
    let piece = disclosure(vec![sterling(3_000)], vec![lab]);
    let silent = ListingText {
        title: "Sapphire ring",
        description: "A blue sapphire.",
    };
    assert_eq!(
        rules(&check(&piece, &silent)),
        vec![Rule::LabGrownWithoutQualifier]
    );
    let honest = ListingText {
        title: "Ring with laboratory-grown sapphire",
        description: "A blue sapphire.",
    };
    assert!(check(&piece, &honest).is_empty());
}

#[test]
fn a_treated_stone_called_natural_must_say_how_it_was_treated() {
    let heated = stone(
        "sapphire",
        StoneNature::Natural,
        Treatments::Treated {
            kinds: vec![TreatmentKind::Heating],
        },
    );
    let piece = disclosure(vec![sterling(3_000)], vec![heated]);
    let hiding = ListingText {
        title: "Natural sapphire ring",
        description: "",
    };
    assert_eq!(
        rules(&check(&piece, &hiding)),
        vec![Rule::TreatedStoneCalledNatural]
    );
    let honest = ListingText {
        title: "Natural sapphire ring",
        description: "The sapphire is heated, as most are.",
    };
    assert!(check(&piece, &honest).is_empty());
    let false_claim = ListingText {
        title: "Untreated sapphire ring",
        description: "Heated.",
    };
    assert!(rules(&check(&piece, &false_claim)).contains(&Rule::TreatedStoneCalledNatural));
}

#[test]
fn treatments_that_need_care_need_care_instructions() {
    let filled = stone(
        "emerald",
        StoneNature::Natural,
        Treatments::Treated {
            kinds: vec![TreatmentKind::Oiling],
        },
    );
    let mut piece = disclosure(vec![sterling(3_000)], vec![filled]);
    assert_eq!(
        rules(&check(&piece, &PLAIN)),
        vec![Rule::TreatmentWithoutCare]
    );
    piece.care = Some("No ultrasonic cleaners or solvents; wipe with a soft cloth.".into());
    assert!(check(&piece, &PLAIN).is_empty());
}

#[test]
fn heavy_precious_metal_sold_in_the_uk_is_hallmarked() {
    let mut piece = disclosure(vec![sterling(12_000)], vec![]);
    piece.markets.united_kingdom = true;
    let findings = check(&piece, &PLAIN);
    assert_eq!(rules(&findings), vec![Rule::UkHallmarkMissing]);
    assert!(findings[0].message.contains("7.78 g"));
    piece.metals[0].hallmark = Some(Claim::declared(Hallmark {
        sponsor_mark: "AS".into(),
        fineness_mark: Fineness::STERLING,
        assay_office: AssayOffice::Edinburgh,
        date_letter: Some("z".into()),
    }));
    assert!(check(&piece, &PLAIN).is_empty());
    let mut light = disclosure(vec![sterling(7_000)], vec![]);
    light.markets.united_kingdom = true;
    assert!(
        check(&light, &PLAIN).is_empty(),
        "under the exemption weight"
    );
    let mut unweighed = disclosure(vec![sterling(0)], vec![]);
    unweighed.metals[0].weight = None;
    unweighed.markets.united_kingdom = true;
    assert_eq!(
        rules(&check(&unweighed, &PLAIN)),
        vec![Rule::WeightMissingForUk]
    );
}

#[test]
fn handmade_needs_a_step_made_by_the_maker() {
    let mut piece = disclosure(vec![sterling(3_000)], vec![]);
    let handmade = ListingText {
        title: "Handmade ring",
        description: "",
    };
    assert!(check(&piece, &handmade).is_empty());
    piece.making.steps = vec![Claim::declared(MakingStep {
        technique: Technique::CadCasting,
        by: Maker::Partner {
            name: "A casting house".into(),
        },
    })];
    assert_eq!(
        rules(&check(&piece, &handmade)),
        vec![Rule::HandmadeWithoutMaking]
    );
    assert!(check(&piece, &PLAIN).is_empty());
}

#[test]
fn completeness_counts_only_what_applies() {
    let mut plain = disclosure(vec![sterling(3_000)], vec![]);
    plain.making.made_on = Some("2026-10".into());
    assert_eq!(completeness(&plain), 100, "no stones, nothing missing");
    let mut diamond = stone("diamond", StoneNature::Natural, Treatments::Untreated);
    diamond.origin = None;
    let with_diamond = disclosure(vec![sterling(3_000)], vec![diamond]);
    // 10 fields apply (3 making, 3 metal, 4 stone); made_on, origin, warranty and
    // report are missing.
    assert_eq!(completeness(&with_diamond), 60);
}

#[test]
fn missing_optional_fields_are_warnings_that_name_their_standard() {
    let mut metal = sterling(3_000);
    metal.recycled = None;
    let mut diamond = stone("diamond", StoneNature::Natural, Treatments::NotKnown);
    diamond.origin = None;
    let findings = check(&disclosure(vec![metal], vec![diamond]), &PLAIN);
    assert_eq!(
        rules(&findings),
        vec![
            Rule::RecycledShareMissing,
            Rule::StoneOriginMissing,
            Rule::DiamondWithoutWarranty,
            Rule::TreatmentsNotKnown,
        ]
    );
    assert!(may_publish(&findings));
    assert!(findings.iter().all(|f| !f.standard.is_empty()));
}
