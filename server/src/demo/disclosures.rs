//! The demo pieces' provenance disclosures: who made each piece and how, its
//! metals and stones, and the evidence level of every claim, varied as real
//! makers' are.

use super::*;

/// The usual treatment of a natural stone of this species, if any.
pub(super) fn treatment_of(species: &str, kind: StoneKind) -> Option<TreatmentKind> {
    match (species, kind) {
        ("sapphire" | "ruby", StoneKind::Natural) => Some(TreatmentKind::Heating),
        ("emerald", StoneKind::Natural) => Some(TreatmentKind::Oiling),
        _ => None,
    }
}

/// Where natural stones of this species on the demo come from.
pub(super) fn origin_of(species: &str) -> Option<&'static str> {
    Some(match species {
        "sapphire" | "moonstone" => "LK",
        "opal" => "AU",
        "garnet" => "MZ",
        "labradorite" => "FI",
        "emerald" => "CO",
        "diamond" => "BW",
        "tourmaline" => "BR",
        "ruby" => "MZ",
        _ => return None,
    })
}

pub(super) struct DisclosureSeed<'a> {
    pub(super) maker: &'a MakerSeed,
    pub(super) maker_index: usize,
    pub(super) piece_index: usize,
    pub(super) form: Form,
    pub(super) metal: &'a MetalComponent,
    pub(super) stone: Option<(&'a str, StoneKind)>,
    pub(super) treatment: Option<TreatmentKind>,
    pub(super) techniques: &'a [Technique],
    pub(super) sourcing: &'a [Sourcing],
    pub(super) made: jiff::Timestamp,
    pub(super) made_to_order: bool,
}

/// A plausible, compliant disclosure with a mix of evidence levels.
pub(super) fn disclosure(seed: &DisclosureSeed) -> Result<Disclosure, StoreError> {
    // Most documents were reviewed already; a few pieces' still await an operator.
    let awaiting_review = (seed.maker_index + seed.piece_index).is_multiple_of(7);
    let document = |what: &str| {
        let sha256 = hex(&Sha256::digest(demo_document(
            what,
            seed.maker.name,
            seed.piece_index,
        )));
        if awaiting_review {
            Evidence::DocumentBacked {
                sha256,
                public: true,
            }
        } else {
            Evidence::Verified {
                by: "Touchstone provenance team".into(),
                on: "2026-11-02".into(),
                sha256: Some(sha256),
                public: true,
            }
        }
    };
    let verified = Evidence::Verified {
        by: "Touchstone provenance team".into(),
        on: "2026-11-01".into(),
        sha256: None,
        public: false,
    };
    let country = Country::parse(seed.maker.country).map_err(backend)?;
    let uk = seed.maker.country == "GB";
    let steps = seed
        .techniques
        .iter()
        .map(|technique| {
            let by = if *technique == Technique::CadCasting {
                Maker::Partner {
                    name: "a casting house".into(),
                }
            } else {
                Maker::TheMaker
            };
            Claim::declared(MakingStep {
                technique: *technique,
                by,
            })
        })
        .collect();
    let weight = Milligrams(seed.form.weight_mg());
    let metal = seed.metal;
    let hallmarked = uk && metal.metal.is_precious();
    let scheme = seed.sourcing.first().map(|scheme| {
        let prefix = match scheme {
            Sourcing::Fairmined => "FM",
            Sourcing::Fairtrade => "FT",
            Sourcing::RjcChainOfCustody => "RJC-CoC",
            _ => "CERT",
        };
        claim(
            SchemeCertificate {
                scheme: *scheme,
                certificate: format!("{prefix}-{:05}", 1_000 + seed.maker_index * 37),
            },
            document("certificate"),
        )
    });
    let metals = vec![MetalDisclosure {
        metal: metal.metal,
        fineness: metal.fineness.map(|f| {
            claim(
                f,
                if hallmarked {
                    verified.clone()
                } else {
                    Evidence::SelfDeclared
                },
            )
        }),
        surface: Claim::declared(Surface::Solid),
        weight: Some(Claim::declared(weight)),
        hallmark: hallmarked
            .then(|| {
                metal.fineness.map(|fineness| {
                    claim(
                        Hallmark {
                            sponsor_mark: initials(seed.maker.name),
                            fineness_mark: fineness,
                            assay_office: if seed.maker.region == "Scotland" {
                                AssayOffice::Edinburgh
                            } else {
                                AssayOffice::London
                            },
                            date_letter: Some("b".into()),
                        },
                        document("hallmark photo"),
                    )
                })
            })
            .flatten(),
        recycled: metal.recycled.map(|share| {
            let evidence = if share.value() == 100 && seed.maker_index.is_multiple_of(2) {
                document("refiner certificate")
            } else {
                Evidence::SelfDeclared
            };
            claim(share, evidence)
        }),
        scheme,
    }];
    let stones = seed
        .stone
        .map(|(species, kind)| {
            let nature = match kind {
                StoneKind::Natural => StoneNature::Natural,
                StoneKind::LabGrown => StoneNature::LaboratoryGrown {
                    method: Some(if species == "diamond" {
                        GrowthMethod::Cvd
                    } else {
                        GrowthMethod::FlameFusion
                    }),
                },
                StoneKind::Imitation => StoneNature::Imitation,
            };
            let natural = kind == StoneKind::Natural;
            let origin = natural
                .then(|| origin_of(species))
                .flatten()
                .map(|code| {
                    Country::parse(code).map(|country| {
                        Claim::declared(StoneOrigin {
                            country,
                            source: None,
                        })
                    })
                })
                .transpose()
                .map_err(backend)?;
            Ok::<_, StoreError>(StoneDisclosure {
                species: species.to_owned(),
                nature: claim(nature, document("supplier invoice")),
                treatments: Claim::declared(match seed.treatment {
                    Some(treatment) => Treatments::Treated {
                        kinds: vec![treatment],
                    },
                    None => Treatments::Untreated,
                }),
                origin,
                history: StoneHistory::New,
                report: None,
                warranty: (natural && species == "diamond").then(|| {
                    claim(
                        "The diamonds herein invoiced have been purchased from legitimate \
                         sources not involved in funding conflict and in compliance with \
                         United Nations resolutions."
                            .to_owned(),
                        document("invoice"),
                    )
                }),
            })
        })
        .transpose()?
        .into_iter()
        .collect();
    Ok(Disclosure {
        making: Making {
            designed_by: Claim::declared(seed.maker.name.to_owned()),
            steps,
            made_in: Claim::declared(country),
            made_on: Some(seed.made.strftime("%Y-%m").to_string()),
            edition: if seed.made_to_order {
                Edition::MadeToOrder
            } else {
                Edition::OneOfOne
            },
        },
        metals,
        stones,
        care: (seed.treatment == Some(TreatmentKind::Oiling)).then(|| {
            "The emerald is oiled: no ultrasonic or steam cleaning and no solvents; wipe it with \
             a soft, damp cloth."
                .to_owned()
        }),
        markets: Markets { united_kingdom: uk },
    })
}

pub(super) fn claim<T>(value: T, evidence: Evidence) -> Claim<T> {
    Claim { value, evidence }
}
