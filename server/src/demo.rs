//! Realistic, deterministic demo data: makers across several countries and
//! techniques, their pieces with materials, and illustrations drawn by code.
//!
//! The same seed always yields the same makers, pieces, slugs and pictures, so
//! browser tests and screenshots can rely on them.

use app::makers::{CommissionTerms, Location, NewMaker, Technique};
use app::pieces::{
    Fineness, Metal, MetalComponent, NewPiece, Percent, PieceStatus, Price, Sourcing, StoneKind,
    StoneSummary,
};
use app::provenance::{
    AssayOffice, Claim, Disclosure, Edition, Evidence, GrowthMethod, Hallmark, Maker, Making,
    MakingStep, Markets, MetalDisclosure, Milligrams, SchemeCertificate, StoneDisclosure,
    StoneHistory, StoneNature, StoneOrigin, Surface, TreatmentKind, Treatments,
};
use app::shared::{Country, Currency, Money, Slug, capitalised, hex};
use app::store::{Media, Store, StoreError};
use sha2::{Digest, Sha256};
use std::fmt::Write;

mod commissions;
mod custody;

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
    pub fn next(&mut self) -> u64 {
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

struct MakerSeed {
    name: &'static str,
    tagline: &'static str,
    story: &'static str,
    country: &'static str,
    region: &'static str,
    city: &'static str,
    techniques: &'static [Technique],
    open: bool,
    lead_weeks: u16,
    currency: Currency,
    /// Commission range in major units.
    price_range: (i64, i64),
    metals: &'static [(Metal, u16, u8)],
    stones: &'static [(&'static str, StoneKind)],
    motifs: &'static [&'static str],
}

const MAKERS: &[MakerSeed] = &[
    MakerSeed {
        name: "Aurelia Lind",
        tagline: "Forged gold rings with the hammer marks left in",
        story: "Aurelia forges every band from recycled gold ingots she alloys herself in her Leith studio, then sets Scottish and Montana sapphires in hand-cut bezels.",
        country: "GB",
        region: "Scotland",
        city: "Edinburgh",
        techniques: &[
            Technique::Forging,
            Technique::HandFabrication,
            Technique::BezelSetting,
        ],
        open: true,
        lead_weeks: 8,
        currency: Currency::GBP,
        price_range: (900, 7_500),
        metals: &[
            (Metal::YellowGold, 750, 100),
            (Metal::RoseGold, 750, 100),
            (Metal::Platinum, 950, 60),
        ],
        stones: &[
            ("sapphire", StoneKind::Natural),
            ("diamond", StoneKind::Natural),
            ("spinel", StoneKind::Natural),
        ],
        motifs: &["Tide", "Harbour", "Skerry", "Haar", "Firth"],
    },
    MakerSeed {
        name: "Kenji Morimoto",
        tagline: "Chased and engraved metalwork in the Kyoto tradition",
        story: "Kenji trained for eleven years under a kazari-shokunin master. He raises and chases silver and shakudō by hand and engraves with chisels he tempers himself.",
        country: "JP",
        region: "Kansai",
        city: "Kyoto",
        techniques: &[
            Technique::ChasingRepousse,
            Technique::HandEngraving,
            Technique::Granulation,
        ],
        open: true,
        lead_weeks: 12,
        currency: Currency::JPY,
        price_range: (120_000, 1_200_000),
        metals: &[
            (Metal::Silver, 999, 0),
            (Metal::YellowGold, 916, 0),
            (Metal::Copper, 0, 80),
        ],
        stones: &[],
        motifs: &["Moon", "Maple", "Crane", "Wave", "Pine"],
    },
    MakerSeed {
        name: "Adaeze Okafor",
        tagline: "Lost-wax cast bronze and gold shaped by Igbo forms",
        story: "Adaeze carves every model in wax by hand and casts it in her own Lagos foundry, using bronze and recycled gold from old family jewellery brought by clients.",
        country: "NG",
        region: "Lagos State",
        city: "Lagos",
        techniques: &[
            Technique::LostWaxCasting,
            Technique::HandFabrication,
            Technique::ProngSetting,
        ],
        open: true,
        lead_weeks: 6,
        currency: Currency::USD,
        price_range: (350, 4_800),
        metals: &[
            (Metal::Bronze, 0, 70),
            (Metal::YellowGold, 585, 100),
            (Metal::Silver, 925, 90),
        ],
        stones: &[
            ("garnet", StoneKind::Natural),
            ("tourmaline", StoneKind::Natural),
        ],
        motifs: &["Uli", "Nkisi", "River", "Okpu", "Ada"],
    },
    MakerSeed {
        name: "Lucía Ferrer",
        tagline: "Oaxacan filigree, one silver thread at a time",
        story: "Lucía learnt filigrana from her grandmother in Oaxaca. She draws and twists fine silver wire herself and solders each cell under the torch.",
        country: "MX",
        region: "Oaxaca",
        city: "Oaxaca de Juárez",
        techniques: &[
            Technique::Filigree,
            Technique::WireWrapping,
            Technique::HandFabrication,
        ],
        open: true,
        lead_weeks: 5,
        currency: Currency::MXN,
        price_range: (2_500, 38_000),
        metals: &[
            (Metal::Silver, 925, 100),
            (Metal::Silver, 999, 100),
            (Metal::YellowGold, 417, 0),
        ],
        stones: &[("opal", StoneKind::Natural), ("garnet", StoneKind::Natural)],
        motifs: &["Colibrí", "Milpa", "Luna", "Mariposa", "Flor"],
    },
    MakerSeed {
        name: "Saoirse Byrne",
        tagline: "Enamel colour fired onto hand-raised silver",
        story: "Saoirse fires champlevé and plique-à-jour enamel in a small kiln by Galway Bay. Each colour is ground and washed by hand before firing.",
        country: "IE",
        region: "Connacht",
        city: "Galway",
        techniques: &[
            Technique::Enamelling,
            Technique::HandFabrication,
            Technique::Stamping,
        ],
        open: false,
        lead_weeks: 10,
        currency: Currency::EUR,
        price_range: (280, 2_400),
        metals: &[(Metal::Silver, 925, 100), (Metal::Silver, 999, 100)],
        stones: &[("moonstone", StoneKind::Natural)],
        motifs: &["Currach", "Machair", "Atlantic", "Dulse", "Kelp"],
    },
    MakerSeed {
        name: "Ingrid Solberg",
        tagline: "Forged and stamped silver from a fjord-side smithy",
        story: "Ingrid forges heavy silver cuffs and rings at the anvil and stamps them with punches she cuts herself, inspired by Viking-age hoards.",
        country: "NO",
        region: "Vestland",
        city: "Bergen",
        techniques: &[
            Technique::Forging,
            Technique::Stamping,
            Technique::HandEngraving,
        ],
        open: true,
        lead_weeks: 4,
        currency: Currency::NOK,
        price_range: (2_800, 24_000),
        metals: &[
            (Metal::Silver, 925, 100),
            (Metal::Silver, 830, 100),
            (Metal::YellowGold, 585, 100),
        ],
        stones: &[("labradorite", StoneKind::Natural)],
        motifs: &["Fjord", "Rune", "Hoard", "Nordlys", "Skjold"],
    },
    MakerSeed {
        name: "Priya Raman",
        tagline: "Laboratory-grown diamonds in pavé and claw settings",
        story: "Priya designs in CAD, prints and casts her mounts in Jaipur, and sets laboratory-grown diamonds and sapphires by hand under the microscope.",
        country: "IN",
        region: "Rajasthan",
        city: "Jaipur",
        techniques: &[
            Technique::CadCasting,
            Technique::PaveSetting,
            Technique::ProngSetting,
        ],
        open: true,
        lead_weeks: 5,
        currency: Currency::INR,
        price_range: (45_000, 650_000),
        metals: &[
            (Metal::WhiteGold, 750, 50),
            (Metal::YellowGold, 585, 50),
            (Metal::Platinum, 950, 0),
        ],
        stones: &[
            ("diamond", StoneKind::LabGrown),
            ("sapphire", StoneKind::LabGrown),
            ("emerald", StoneKind::LabGrown),
        ],
        motifs: &["Jharokha", "Lotus", "Chandra", "Amber Fort", "Kiran"],
    },
    MakerSeed {
        name: "Mateo Rossi",
        tagline: "Florentine hand engraving on cast gold",
        story: "Mateo engraves rigato and telato textures with a burin at his bench near the Ponte Vecchio, on pieces he casts from his own carved waxes.",
        country: "IT",
        region: "Tuscany",
        city: "Florence",
        techniques: &[
            Technique::HandEngraving,
            Technique::LostWaxCasting,
            Technique::FlushSetting,
        ],
        open: true,
        lead_weeks: 9,
        currency: Currency::EUR,
        price_range: (750, 9_000),
        metals: &[
            (Metal::YellowGold, 750, 100),
            (Metal::WhiteGold, 750, 100),
            (Metal::Silver, 925, 100),
        ],
        stones: &[
            ("emerald", StoneKind::Natural),
            ("diamond", StoneKind::Natural),
            ("tourmaline", StoneKind::Natural),
        ],
        motifs: &["Rigato", "Giglio", "Arno", "Telato", "Duomo"],
    },
    MakerSeed {
        name: "Hannah Whitaker",
        tagline: "Engagement rings designed with you in the Jewellery Quarter",
        story: "Hannah designs every ring with her client, models it in CAD and works with a named Jewellery Quarter caster before setting and finishing by hand.",
        country: "GB",
        region: "West Midlands",
        city: "Birmingham",
        techniques: &[
            Technique::CadCasting,
            Technique::ProngSetting,
            Technique::ChannelSetting,
        ],
        open: true,
        lead_weeks: 7,
        currency: Currency::GBP,
        price_range: (1_200, 12_000),
        metals: &[
            (Metal::Platinum, 950, 95),
            (Metal::YellowGold, 750, 100),
            (Metal::Palladium, 950, 0),
        ],
        stones: &[
            ("diamond", StoneKind::Natural),
            ("diamond", StoneKind::LabGrown),
            ("sapphire", StoneKind::Natural),
        ],
        motifs: &["Quarter", "Canal", "Foundry", "Assay", "Vyse"],
    },
    MakerSeed {
        name: "Tamsin Greaves",
        tagline: "Reclaimed silver and Cornish stones, wrapped and set by hand",
        story: "Tamsin reclaims silver from old cutlery and sets beach-found and Cornish-mined stones, wrapping wire and raising bezels at her Penzance bench.",
        country: "GB",
        region: "Cornwall",
        city: "Penzance",
        techniques: &[
            Technique::WireWrapping,
            Technique::BezelSetting,
            Technique::HandFabrication,
        ],
        open: false,
        lead_weeks: 3,
        currency: Currency::GBP,
        price_range: (120, 1_400),
        metals: &[(Metal::Silver, 925, 100), (Metal::Copper, 0, 100)],
        stones: &[
            ("tourmaline", StoneKind::Natural),
            ("aquamarine", StoneKind::Natural),
        ],
        motifs: &["Mousehole", "Lamorna", "Granite", "Tin", "Pilchard"],
    },
    MakerSeed {
        name: "Élodie Marchand",
        tagline: "Granulated gold in the Etruscan manner",
        story: "Élodie makes each grain of gold herself and fuses the granules without solder, a technique she rebuilt from museum pieces in Lyon.",
        country: "FR",
        region: "Auvergne-Rhône-Alpes",
        city: "Lyon",
        techniques: &[
            Technique::Granulation,
            Technique::BezelSetting,
            Technique::HandFabrication,
        ],
        open: false,
        lead_weeks: 14,
        currency: Currency::EUR,
        price_range: (1_100, 15_000),
        metals: &[(Metal::YellowGold, 916, 100), (Metal::YellowGold, 750, 100)],
        stones: &[
            ("garnet", StoneKind::Natural),
            ("sapphire", StoneKind::Natural),
        ],
        motifs: &["Étrusque", "Soleil", "Rhône", "Grenade", "Fibule"],
    },
    MakerSeed {
        name: "Noah Kealoha",
        tagline: "Hand-stamped island rings in silver and gold",
        story: "Noah cuts, forms and stamps every band on Hawaiʻi Island, with motifs drawn from the reef and the ʻōhiʻa forest.",
        country: "US",
        region: "Hawaii",
        city: "Hilo",
        techniques: &[
            Technique::Stamping,
            Technique::HandFabrication,
            Technique::HandEngraving,
        ],
        open: true,
        lead_weeks: 4,
        currency: Currency::USD,
        price_range: (180, 2_600),
        metals: &[
            (Metal::Silver, 925, 100),
            (Metal::YellowGold, 585, 100),
            (Metal::Titanium, 0, 0),
        ],
        stones: &[],
        motifs: &["Honu", "Lehua", "Nalu", "Koa", "Mauna"],
    },
    MakerSeed {
        name: "Sipho Ndlovu",
        tagline: "Forged Fairtrade gold from a Cape Town studio",
        story: "Sipho forges Fairtrade gold and Kimberley-warranted diamonds into bold, architectural rings and cuffs.",
        country: "ZA",
        region: "Western Cape",
        city: "Cape Town",
        techniques: &[
            Technique::Forging,
            Technique::FlushSetting,
            Technique::HandFabrication,
        ],
        open: true,
        lead_weeks: 6,
        currency: Currency::ZAR,
        price_range: (6_500, 85_000),
        metals: &[(Metal::YellowGold, 750, 0), (Metal::Silver, 925, 100)],
        stones: &[
            ("diamond", StoneKind::Natural),
            ("tourmaline", StoneKind::Natural),
        ],
        motifs: &["Table", "Fynbos", "Protea", "Karoo", "Lion's Head"],
    },
    MakerSeed {
        name: "Mira Novak",
        tagline: "Electroformed leaves and enamel from Ljubljana",
        story: "Mira grows copper and silver around real leaves by electroforming, then enamels them; every piece keeps the leaf's veins.",
        country: "SI",
        region: "Central Slovenia",
        city: "Ljubljana",
        techniques: &[
            Technique::Electroforming,
            Technique::Enamelling,
            Technique::WireWrapping,
        ],
        open: true,
        lead_weeks: 5,
        currency: Currency::EUR,
        price_range: (150, 1_800),
        metals: &[
            (Metal::Copper, 0, 100),
            (Metal::Silver, 999, 100),
            (Metal::Brass, 0, 50),
        ],
        stones: &[
            ("labradorite", StoneKind::Natural),
            ("moonstone", StoneKind::Natural),
        ],
        motifs: &["Linden", "Karst", "Ljubljanica", "Birch", "Fern"],
    },
    MakerSeed {
        name: "Olivia Tremblay",
        tagline: "Channel-set bands and stacking rings from Montréal",
        story: "Olivia designs stacking rings in CAD, casts in recycled gold with a Montréal caster and channel-sets each stone herself.",
        country: "CA",
        region: "Quebec",
        city: "Montréal",
        techniques: &[
            Technique::CadCasting,
            Technique::ChannelSetting,
            Technique::PaveSetting,
        ],
        open: true,
        lead_weeks: 6,
        currency: Currency::CAD,
        price_range: (650, 8_500),
        metals: &[
            (Metal::YellowGold, 585, 100),
            (Metal::WhiteGold, 585, 100),
            (Metal::RoseGold, 585, 100),
        ],
        stones: &[
            ("sapphire", StoneKind::Natural),
            ("diamond", StoneKind::LabGrown),
            ("spinel", StoneKind::LabGrown),
        ],
        motifs: &["Plateau", "Mile End", "Érable", "Verdun", "Fleuve"],
    },
    MakerSeed {
        name: "Aroha Ngata",
        tagline: "Pounamu-inspired forms in forged silver and gold",
        story: "Aroha forges and fabricates in Wellington, drawing on Māori forms, and sources pounamu-coloured stones with their full history.",
        country: "NZ",
        region: "Wellington",
        city: "Wellington",
        techniques: &[
            Technique::Forging,
            Technique::HandFabrication,
            Technique::BezelSetting,
        ],
        open: false,
        lead_weeks: 8,
        currency: Currency::NZD,
        price_range: (400, 5_200),
        metals: &[(Metal::Silver, 925, 100), (Metal::YellowGold, 375, 100)],
        stones: &[
            ("nephrite jade", StoneKind::Natural),
            ("opal", StoneKind::Natural),
        ],
        motifs: &["Koru", "Hei Matau", "Manaia", "Tui", "Harbour"],
    },
];

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
                name: maker.display_name.clone(),
                slug: maker.slug.to_string(),
                currency: seed.currency,
                country: maker.location.country,
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

/// The usual treatment of a natural stone of this species, if any.
fn treatment_of(species: &str, kind: StoneKind) -> Option<TreatmentKind> {
    match (species, kind) {
        ("sapphire" | "ruby", StoneKind::Natural) => Some(TreatmentKind::Heating),
        ("emerald", StoneKind::Natural) => Some(TreatmentKind::Oiling),
        _ => None,
    }
}

/// Where natural stones of this species on the demo come from.
fn origin_of(species: &str) -> Option<&'static str> {
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

struct DisclosureSeed<'a> {
    maker: &'a MakerSeed,
    maker_index: usize,
    piece_index: usize,
    form: Form,
    metal: &'a MetalComponent,
    stone: Option<(&'a str, StoneKind)>,
    treatment: Option<TreatmentKind>,
    techniques: &'a [Technique],
    sourcing: &'a [Sourcing],
    made: jiff::Timestamp,
    made_to_order: bool,
}

/// A plausible, compliant disclosure with a mix of evidence levels.
fn disclosure(seed: &DisclosureSeed) -> Result<Disclosure, StoreError> {
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

fn claim<T>(value: T, evidence: Evidence) -> Claim<T> {
    Claim { value, evidence }
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

fn svg_media(svg: String, width: u32, height: u32) -> Media {
    let digest = Sha256::digest(svg.as_bytes());
    let key = hex(&digest[..16]) + ".svg";
    Media {
        key,
        content_type: "image/svg+xml".into(),
        width,
        height,
        bytes: svg.into_bytes(),
        private: false,
        maker: None,
    }
}

fn metal_colours(metal: Metal) -> (&'static str, &'static str) {
    match metal {
        Metal::YellowGold => ("#b8862b", "#f4d57e"),
        Metal::WhiteGold => ("#9ea4a8", "#eef1f3"),
        Metal::RoseGold => ("#b66d5a", "#f0b7a4"),
        Metal::Silver => ("#8f969c", "#e9ecee"),
        Metal::Platinum => ("#a3a6a8", "#f2f2f0"),
        Metal::Palladium => ("#969a9d", "#e2e4e5"),
        Metal::Titanium => ("#55595e", "#a9adb2"),
        Metal::Bronze => ("#7d5a2c", "#c9a066"),
        Metal::Brass => ("#94782c", "#e0c66a"),
        Metal::Copper => ("#8a4b24", "#dd9461"),
    }
}

fn stone_colour(species: &str) -> &'static str {
    match species {
        "sapphire" => "#1f4fa3",
        "diamond" => "#e6f3fb",
        "emerald" => "#1c8c5a",
        "garnet" => "#7b1e2b",
        "tourmaline" => "#d0587e",
        "opal" => "#bfe3dc",
        "moonstone" => "#dfe7ef",
        "aquamarine" => "#7fc7d9",
        "spinel" => "#c2185b",
        "labradorite" => "#4d6a7a",
        "nephrite jade" => "#3f7d4e",
        _ => "#9aa5b1",
    }
}

/// A simple, recognisable drawing of the piece: form, metal colour and stone.
fn illustration(form: Form, metal: Metal, stone: Option<&str>, dice: &mut Dice) -> Media {
    let (dark, light) = metal_colours(metal);
    let backgrounds = ["#f4efe6", "#eef0ea", "#f1ece9", "#e9eef0", "#f3efe2"];
    let background = dice.pick(&backgrounds);
    let tilt = dice.below(30) as i32 - 15;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 800\" width=\"800\" height=\"800\">\
         <defs><linearGradient id=\"m\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{light}\"/><stop offset=\"0.55\" stop-color=\"{dark}\"/>\
         <stop offset=\"1\" stop-color=\"{light}\"/></linearGradient>\
         <radialGradient id=\"s\" cx=\"0.35\" cy=\"0.3\" r=\"0.8\"><stop offset=\"0\" stop-color=\"#ffffff\"/>\
         <stop offset=\"0.35\" stop-color=\"{stone_fill}\"/><stop offset=\"1\" stop-color=\"{stone_fill}\"/></radialGradient></defs>\
         <rect width=\"800\" height=\"800\" fill=\"{background}\"/>\
         <ellipse cx=\"400\" cy=\"690\" rx=\"230\" ry=\"26\" fill=\"#000\" fill-opacity=\"0.07\"/>\
         <g transform=\"rotate({tilt} 400 400)\">",
        stone_fill = stone.map(stone_colour).unwrap_or(dark),
    );
    let gem = |svg: &mut String, x: i32, y: i32, r: i32| {
        if stone.is_some() {
            let _ = write!(
                svg,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"{}\" fill=\"url(#m)\"/>\
                 <circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"url(#s)\" stroke=\"#00000033\" stroke-width=\"2\"/>\
                 <path d=\"M{} {y} L{x} {} L{} {y} L{x} {} Z\" fill=\"none\" stroke=\"#ffffff66\" stroke-width=\"2\"/>",
                r + 12,
                x - r / 2,
                y - r / 2,
                x + r / 2,
                y + r / 2
            );
        }
    };
    match form {
        Form::Ring => {
            svg.push_str("<ellipse cx=\"400\" cy=\"440\" rx=\"190\" ry=\"200\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"46\"/>");
            gem(&mut svg, 400, 236, 58);
        }
        Form::Pendant => {
            svg.push_str("<path d=\"M170 90 Q400 430 630 90\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"7\"/>\
                          <path d=\"M400 330 C300 430 310 590 400 640 C490 590 500 430 400 330 Z\" fill=\"url(#m)\"/>");
            gem(&mut svg, 400, 520, 52);
        }
        Form::Earrings => {
            for x in [280, 520] {
                let _ = write!(
                    svg,
                    "<path d=\"M{x} 150 q-30 40 0 70\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"8\"/>\
                     <path d=\"M{x} 230 C{l} 330 {l} 480 {x} 540 C{r} 480 {r} 330 {x} 230 Z\" fill=\"url(#m)\"/>",
                    l = x - 70,
                    r = x + 70
                );
                gem(&mut svg, x, 420, 36);
            }
        }
        Form::Cuff => {
            svg.push_str("<path d=\"M170 520 C170 210 630 210 630 520\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"90\" stroke-linecap=\"round\"/>\
                          <path d=\"M215 500 C230 270 570 270 585 500\" fill=\"none\" stroke=\"#ffffff55\" stroke-width=\"6\"/>");
            gem(&mut svg, 400, 290, 40);
        }
        Form::Brooch => {
            for i in 0..12 {
                let _ = write!(
                    svg,
                    "<rect x=\"392\" y=\"170\" width=\"16\" height=\"130\" rx=\"8\" fill=\"url(#m)\" transform=\"rotate({} 400 400)\"/>",
                    i * 30
                );
            }
            svg.push_str("<circle cx=\"400\" cy=\"400\" r=\"120\" fill=\"url(#m)\"/>");
            gem(&mut svg, 400, 400, 64);
        }
    }
    svg.push_str("</g></svg>");
    svg_media(svg, 800, 800)
}

/// A maker's studio mark: their initials stamped in their main metal.
fn studio_mark(name: &str, metal: Metal) -> Media {
    let (dark, light) = metal_colours(metal);
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 400\" width=\"400\" height=\"400\">\
         <defs><linearGradient id=\"m\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{light}\"/><stop offset=\"1\" stop-color=\"{dark}\"/></linearGradient></defs>\
         <rect width=\"400\" height=\"400\" fill=\"#2a241d\"/>\
         <rect x=\"70\" y=\"110\" width=\"260\" height=\"180\" rx=\"36\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"10\"/>\
         <text x=\"200\" y=\"235\" text-anchor=\"middle\" font-family=\"Georgia, serif\" font-size=\"104\" \
         letter-spacing=\"8\" fill=\"url(#m)\">{initials}</text></svg>"
    );
    svg_media(svg, 400, 400)
}

#[cfg(test)]
mod tests {
    use super::*;

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
