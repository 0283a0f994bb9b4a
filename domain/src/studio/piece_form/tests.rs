use super::revise::revise;
use super::rows::{MetalRow, StepRow, StoneRow, parse_fineness};
use super::{MAX_ROWS, PieceForm, SPARE_ROWS};
use crate::makers::Technique;
use crate::pieces::{Fineness, Price};
use crate::provenance::{AssayOffice, Evidence, GrowthMethod, Hallmark};
use crate::provenance::{Claim, Edition, Maker, Micrometres, Milligrams, StoneNature, Surface};
use crate::shared::Currency;
use crate::shared::Money;
use crate::studio::profile_form::Problems;

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
