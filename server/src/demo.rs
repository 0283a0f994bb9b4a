//! Realistic, deterministic demo data: makers across several countries and
//! techniques, their pieces with materials, and illustrations drawn by code.
//!
//! The same seed always yields the same makers, pieces, slugs and pictures, so
//! browser tests and screenshots can rely on them.

use app::makers::{CommissionTerms, Location, MakerEdit, NewMaker, Technique};
use app::pieces::{
    Fineness, MetalComponent, NewPiece, Percent, PieceStatus, Price, Sourcing, StoneKind,
    StoneSummary,
};
use app::provenance::{
    AssayOffice, Claim, Disclosure, Edition, Evidence, GrowthMethod, Hallmark, Maker, Making,
    MakingStep, Markets, MetalDisclosure, Milligrams, SchemeCertificate, StoneDisclosure,
    StoneHistory, StoneNature, StoneOrigin, Surface, TreatmentKind, Treatments,
};
use app::shared::{Country, Money, Slug, capitalised, hex};
use app::store::{Store, StoreError};
use sha2::{Digest, Sha256};

mod commissions;
mod custody;
mod disclosures;
mod makers;
mod pictures;

use disclosures::{DisclosureSeed, disclosure, treatment_of};
use makers::{MAKERS, MakerSeed};
use pictures::{illustration, studio_mark};

pub use commissions::{DEMO_BUYER, DEMO_PASSWORD};

pub struct SeedReport {
    pub makers: usize,
    pub pieces: usize,
    pub commissions: usize,
}

/// Adds the demo data when there are no makers yet; returns `None` otherwise.
/// The notary signs the demo commissions' design agreements and the passport of
/// their finished piece, which names itself on `site`.
pub async fn seed_if_empty(
    store: &dyn Store,
    notary: &dyn app::provenance::Notary,
    site: &str,
    fee_basis_points: u32,
) -> Result<Option<SeedReport>, StoreError> {
    if store.maker_count().await? > 0 {
        return Ok(None);
    }
    seed(store, notary, site, fee_basis_points).await.map(Some)
}

/// A small, stable pseudo-random generator (SplitMix64): demo data (and the
/// benches' catalogues) must not change when a dependency's generator does.
pub struct Dice(pub u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy)]
enum Form {
    Ring,
    Pendant,
    Earrings,
    Cuff,
    Brooch,
}

impl Form {
    const ALL: [Form; 5] = [
        Form::Ring,
        Form::Pendant,
        Form::Earrings,
        Form::Cuff,
        Form::Brooch,
    ];

    /// A typical weight of the metal, in milligrams.
    fn weight_mg(self) -> u32 {
        match self {
            Form::Ring => 4_500,
            Form::Pendant => 6_000,
            Form::Earrings => 5_200,
            Form::Cuff => 28_000,
            Form::Brooch => 11_500,
        }
    }

    fn dimensions(self) -> &'static str {
        match self {
            Form::Ring => "Made in your ring size; band 2.5 mm wide, 1.6 mm thick",
            Form::Pendant => "Pendant 22 × 14 mm, on a 45 cm chain",
            Form::Earrings => "Drops 28 mm long and 9 mm wide, on hook wires",
            Form::Cuff => "62 mm inner width, 12 mm tall; adjusts slightly",
            Form::Brooch => "48 × 30 mm, with a locking pin",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Form::Ring => "ring",
            Form::Pendant => "pendant",
            Form::Earrings => "earrings",
            Form::Cuff => "cuff",
            Form::Brooch => "brooch",
        }
    }
}

const PIECES_PER_MAKER: usize = 5;

async fn seed(
    store: &dyn Store,
    notary: &dyn app::provenance::Notary,
    site: &str,
    fee_basis_points: u32,
) -> Result<SeedReport, StoreError> {
    let mut dice = Dice(0x70C4_5709_E5EE_D001);
    let mut gallery_dice = Dice(0x6A11_E2E7_0000_0002);
    let newest = jiff::Timestamp::from_second(1_793_700_000).map_err(backend)?; // 2026-11-03
    let mut pieces = 0;
    let mut open_makers = Vec::new();
    for (maker_index, seed) in MAKERS.iter().enumerate() {
        let portrait = studio_mark(seed.name, seed.metals[0].0);
        store.put_media(&portrait).await?;
        let money = |major: i64| {
            Money::from_minor(
                major * 10_i64.pow(seed.currency.minor_digits()),
                seed.currency,
            )
            .map_err(backend)
        };
        let maker = NewMaker {
            profile: MakerEdit {
                slug: Slug::from_title(seed.name).map_err(backend)?,
                display_name: seed.name.to_owned(),
                tagline: seed.tagline.to_owned(),
                story: seed.story.to_owned(),
                studio: format!(
                    "{} works from a small studio in {}, {}: {} at one bench, with the metal \
                     bought as recycled grain or sheet from a refiner.",
                    seed.name,
                    seed.city,
                    seed.region,
                    seed.techniques
                        .iter()
                        .map(|t| t.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                making_policy: if seed.techniques.contains(&Technique::CadCasting) {
                    format!(
                        "Every piece is designed by {}. Waxes are printed and cast by a casting house; \
                         the cleaning up, setting and polishing are done by hand in the studio.",
                        seed.name
                    )
                } else {
                    format!(
                        "Every piece is designed and made by {} in the studio, from raw metal to the \
                         final polish. Nothing is outsourced.",
                        seed.name
                    )
                },
                location: Location {
                    country: Country::parse(seed.country).map_err(backend)?,
                    region: Some(seed.region.to_owned()),
                    city: Some(seed.city.to_owned()),
                },
                techniques: seed.techniques.to_vec(),
                commissions: CommissionTerms {
                    open: seed.open,
                    lead_time_weeks: Some(seed.lead_weeks),
                    price_from: Some(money(seed.price_range.0)?),
                    price_to: Some(money(seed.price_range.1)?),
                },
            },
            portrait_key: Some(portrait.key.clone()),
            published_at: Some(newest),
            created_at: newest
                .checked_sub(jiff::SignedDuration::from_hours(
                    24 * (400 - 20 * maker_index as i64),
                ))
                .map_err(backend)?,
        };
        let maker_id = store.create_maker(&maker).await?;
        if seed.open {
            open_makers.push(commissions::OpenMaker {
                id: maker_id,
                name: maker.profile.display_name.clone(),
                slug: maker.profile.slug.to_string(),
                currency: seed.currency,
                country: maker.profile.location.country,
            });
        }
        offer_consultations(store, maker_id, seed, newest).await?;
        write_sales_terms(store, maker_id, seed, newest).await?;

        for piece_index in 0..PIECES_PER_MAKER {
            let form = Form::ALL[(maker_index + piece_index) % Form::ALL.len()];
            let &(metal, fineness, recycled) = dice.pick(seed.metals);
            let stone =
                (!seed.stones.is_empty() && dice.below(4) != 0).then(|| dice.pick(seed.stones));
            let motif = seed.motifs[piece_index % seed.motifs.len()];
            let title = match stone {
                Some((species, StoneKind::LabGrown)) => {
                    format!("{motif} {} with laboratory-grown {species}", form.noun())
                }
                Some((species, _)) => format!("{motif} {species} {}", form.noun()),
                None => format!("{motif} {} {}", metal.label(), form.noun()),
            };
            let metal = MetalComponent {
                metal,
                fineness: (fineness > 0)
                    .then(|| Fineness::new(fineness))
                    .transpose()
                    .map_err(backend)?,
                recycled: Some(Percent::new(recycled).map_err(backend)?),
            };
            let stones: Vec<StoneSummary> = stone
                .map(|(species, kind)| StoneSummary {
                    species: (*species).to_owned(),
                    kind: *kind,
                })
                .into_iter()
                .collect();
            let materials = app::pieces::materials_summary(std::slice::from_ref(&metal), &stones);
            let treatment = stone.and_then(|(species, kind)| treatment_of(species, *kind));
            let mut description = format!(
                "{} by {} in {}, {}. Made in {}: {}.",
                capitalised(form.noun()),
                seed.name,
                seed.city,
                seed.techniques[piece_index % seed.techniques.len()]
                    .label()
                    .to_lowercase(),
                seed.city,
                materials,
            );
            if let (Some((species, _)), Some(treatment)) = (stone, treatment) {
                description.push_str(&format!(
                    " The {species} is {}, as is usual for {species}.",
                    treatment.label()
                ));
            }
            let (low, high) = seed.price_range;
            let price_major = low + (high - low) * (dice.below(60) as i64 + 5) / 100;
            let price = if seed.open && matches!(form, Form::Ring) && piece_index % 2 == 0 {
                Price::MadeToOrder {
                    from: Some(money(round_price(price_major))?),
                }
            } else {
                Price::Fixed(money(round_price(price_major))?)
            };
            let illustration = illustration(
                form,
                metal.metal,
                stone.map(|(species, _)| *species),
                &mut dice,
            );
            store.put_media(&illustration).await?;
            // Second views come from their own generator, so the rest of the demo stays put.
            let second_view = self::illustration(
                form,
                metal.metal,
                stone.map(|(species, _)| *species),
                &mut gallery_dice,
            );
            store.put_media(&second_view).await?;
            let technique = seed.techniques[piece_index % seed.techniques.len()];
            let mut techniques = vec![technique];
            if stone.is_some()
                && let Some(setting) = seed.techniques.iter().find(|t| {
                    matches!(
                        t,
                        Technique::BezelSetting
                            | Technique::ProngSetting
                            | Technique::FlushSetting
                            | Technique::PaveSetting
                            | Technique::ChannelSetting
                    )
                })
                && *setting != technique
            {
                techniques.push(*setting);
            }
            let mut sourcing = Vec::new();
            if metal.metal.is_precious() && maker_index % 4 == 1 {
                sourcing.push(Sourcing::Fairmined);
            }
            if metal.metal.is_gold() && maker_index % 5 == 2 {
                sourcing.push(Sourcing::Fairtrade);
            }
            if maker_index % 6 == 3 {
                sourcing.push(Sourcing::RjcChainOfCustody);
            }
            if matches!(stone, Some(("diamond", StoneKind::Natural))) {
                sourcing.push(Sourcing::ConflictFreeWarranty);
            }
            let created_at = newest
                .checked_sub(jiff::SignedDuration::from_hours(
                    (maker_index * 7 + piece_index * 29) as i64 + 2,
                ))
                .map_err(backend)?;
            // The last piece of every third maker is still a draft: never listed.
            let draft = piece_index == PIECES_PER_MAKER - 1 && maker_index % 3 == 0;
            let disclosure = disclosure(&DisclosureSeed {
                maker: seed,
                maker_index,
                piece_index,
                form,
                metal: &metal,
                stone: stone.map(|(species, kind)| (*species, *kind)),
                treatment,
                techniques: &techniques,
                sourcing: &sourcing,
                made: created_at,
                made_to_order: matches!(price, Price::MadeToOrder { .. }),
            })?;
            let piece_id = store
                .create_piece(&NewPiece {
                    maker: maker_id,
                    slug: Slug::from_title(&format!("{title} {}", seed.name)).map_err(backend)?,
                    image_alt: format!("Illustration of the {} in {}", form.noun(), materials),
                    title,
                    description,
                    price,
                    dimensions: form.dimensions().to_owned(),
                    techniques,
                    metals: vec![metal],
                    stones,
                    sourcing,
                    gallery: vec![(
                        second_view.key,
                        format!("Another view of the {}", form.noun()),
                    )],
                    disclosure: Some(disclosure.clone()),
                    image_key: Some(illustration.key),
                    status: if draft {
                        PieceStatus::Draft
                    } else {
                        PieceStatus::Published
                    },
                    created_at,
                    published_at: (!draft).then_some(created_at),
                })
                .await?;
            attach_demo_documents(
                store,
                maker_id,
                piece_id,
                &disclosure,
                (seed.name, piece_index),
                created_at,
            )
            .await?;
            pieces += 1;
        }
    }
    let commissions = commissions::seed(
        store,
        &open_makers,
        notary,
        site,
        fee_basis_points,
        jiff::Timestamp::now(),
    )
    .await?;
    Ok(SeedReport {
        makers: MAKERS.len(),
        pieces,
        commissions,
    })
}

/// Every demo studio sells its priced pieces: insured delivery, collection from
/// the studio, its returns terms and (made-up) bank details.
async fn write_sales_terms(
    store: &dyn Store,
    maker: app::makers::MakerId,
    seed: &MakerSeed,
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    let delivery_major = if seed.currency.minor_digits() == 0 {
        2_000
    } else {
        15
    };
    let terms = app::orders::SalesTerms {
        delivery_fee: Some(
            Money::from_minor(
                delivery_major * 10_i64.pow(seed.currency.minor_digits()),
                seed.currency,
            )
            .map_err(backend)?,
        ),
        collection: Some(format!("From the studio in {}, by appointment", seed.city)),
        returns: "Returns within 14 days of delivery, unworn and in the original packaging: \
                  the price is refunded once the piece is back with me. Engraved and \
                  resized pieces can't be returned."
            .into(),
        payment_instructions: format!(
            "Account name: {}. Sort code 04-00-04, account number 12345678. (Demo details: \
             please don't send money.)",
            seed.name
        ),
    };
    store.set_sales_terms(maker, &terms, now).await
}

/// Every demo maker can be booked: a free video consultation, confirmed at once,
/// and a studio visit they accept or decline; weekdays 10:00–16:00 in their zone.
async fn offer_consultations(
    store: &dyn Store,
    maker: app::makers::MakerId,
    seed: &MakerSeed,
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    use app::booking::{AvailabilityRules, Format, NewConsultation};
    let country = Country::parse(seed.country).map_err(backend)?;
    let zone = app::booking::zones::zone_of_country(country);
    let rules = AvailabilityRules {
        buffer_after_minutes: 15,
        notice_minutes: 24 * 60,
        per_day: Some(4),
        ..AvailabilityRules::same_hours(zone, 5, "10:00", "16:00", 60)
    };
    store.set_availability_rules(maker, &rules, now).await?;
    let offers = [
        (
            "Design consultation",
            45,
            Format::VideoCall,
            "We talk through what you have in mind, stones and metals, and a budget; \
             I sketch as we go.",
            false,
        ),
        (
            "Studio visit",
            60,
            Format::StudioVisit,
            "Come to the bench: see metals and stones in hand and try sizes.",
            true,
        ),
    ];
    for (name, minutes, format, description, needs_approval) in offers {
        store
            .create_consultation(&NewConsultation {
                maker,
                name: name.to_owned(),
                minutes,
                format,
                description: description.to_owned(),
                price: None,
                needs_approval,
            })
            .await?;
    }
    Ok(())
}

/// The kinds of document the demo's claims rest on.
const DEMO_DOCUMENTS: [&str; 5] = [
    "certificate",
    "hallmark photo",
    "refiner certificate",
    "supplier invoice",
    "invoice",
];

/// A small PDF standing for one of a demo piece's documents.
fn demo_document(what: &str, maker: &str, piece_index: usize) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% Touchstone demo: {what} for {maker}, piece {}\n%%EOF\n",
        piece_index + 1
    )
    .into_bytes()
}

/// Stores the documents a demo piece's claims rest on.
async fn attach_demo_documents(
    store: &dyn Store,
    maker: app::makers::MakerId,
    piece: app::pieces::PieceId,
    disclosure: &Disclosure,
    seed: (&str, usize),
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    let claims = disclosure.claims();
    for what in DEMO_DOCUMENTS {
        let bytes = demo_document(what, seed.0, seed.1);
        let sha256 = hex(&Sha256::digest(&bytes));
        if claims
            .iter()
            .any(|c| c.evidence.document() == Some(sha256.as_str()))
        {
            let document = app::provenance::NewDocument {
                sha256,
                file_name: format!("{}.pdf", what.replace(' ', "-")),
                kind: app::provenance::DocumentKind::Pdf,
                public: true,
                bytes,
            };
            store.add_document(maker, piece, &document, now).await?;
        }
    }
    Ok(())
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .collect()
}

fn backend(error: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("demo data: {error}"))
}

/// Prices makers actually quote: two significant figures.
fn round_price(major: i64) -> i64 {
    let magnitude = 10_i64.pow((major.max(1).ilog10()).saturating_sub(1));
    (major / magnitude) * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::pieces::Metal;

    #[test]
    fn the_generator_is_stable() {
        let mut dice = Dice(42);
        let first: Vec<u64> = (0..3).map(|_| dice.next()).collect();
        let mut again = Dice(42);
        assert_eq!(first, (0..3).map(|_| again.next()).collect::<Vec<_>>());
    }

    #[test]
    fn prices_are_rounded_to_two_figures() {
        assert_eq!(round_price(7_431), 7_400);
        assert_eq!(round_price(98), 98);
        assert_eq!(round_price(123_456), 120_000);
    }

    #[test]
    fn the_demo_covers_many_countries_and_techniques() {
        let countries: std::collections::HashSet<_> = MAKERS.iter().map(|m| m.country).collect();
        let techniques: std::collections::HashSet<_> =
            MAKERS.iter().flat_map(|m| m.techniques.iter()).collect();
        assert!(MAKERS.len() >= 12);
        assert!(MAKERS.len() * PIECES_PER_MAKER >= 60 + MAKERS.len() / 3);
        assert!(countries.len() >= 10, "{countries:?}");
        assert!(techniques.len() >= 12);
        for maker in MAKERS {
            assert!(Country::parse(maker.country).is_ok(), "{}", maker.country);
            for (metal, fineness, _) in maker.metals {
                assert!(
                    !metal.is_precious() || *fineness > 0,
                    "{} {metal:?} needs a fineness",
                    maker.name
                );
            }
        }
    }

    #[test]
    fn illustrations_are_content_addressed_svg() {
        let mut dice = Dice(7);
        let a = illustration(Form::Ring, Metal::YellowGold, Some("sapphire"), &mut dice);
        assert!(a.key.ends_with(".svg") && a.key.len() == 36);
        assert!(
            String::from_utf8(a.bytes.clone())
                .unwrap()
                .starts_with("<svg")
        );
        let b = illustration(
            Form::Ring,
            Metal::YellowGold,
            Some("sapphire"),
            &mut Dice(7),
        );
        assert_eq!(a, b);
    }
}
