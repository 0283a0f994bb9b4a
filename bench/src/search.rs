//! Search and facets at scale, on SQLite and on PostgreSQL.
//!
//! Generates a catalogue of one maker per ten published pieces through the real
//! `Store` write path, growing it to 1 000, 10 000 and 100 000 pieces, and at each
//! size times the listing queries the pages make (directory, facets, full text,
//! sorts, deep pages) through the same `Store` calls. Prints a table and writes
//! `bench/results/search.json`.
//!
//! Usage: `search-bench [--quick]`; PostgreSQL is measured when
//! `DATABASE_URL_TEST_PG` names a server (its `touchstone_bench` database is
//! dropped and recreated).

use app::makers::{CommissionTerms, Location, MakerEdit, MakerId, NewMaker, Technique};
use app::pieces::{
    Fineness, Metal, MetalComponent, NewPiece, Percent, PieceStatus, Price, Sourcing, StoneKind,
    StoneSummary,
};
use app::search::ListingQuery;
use app::shared::{Country, Currency, Money, Slug};
use app::store::Store;
use sqlx::migrate::MigrateDatabase;
use std::sync::Arc;
use std::time::{Duration, Instant};

use touchstone_bench::Error;
use touchstone_server::demo::Dice;

const FIRST: &[&str] = &[
    "Ada", "Aiko", "Amara", "Bea", "Cyrus", "Dalia", "Elif", "Farah", "Gus", "Hana", "Ines",
    "Joss", "Kofi", "Lena", "Mateo", "Nia", "Oren", "Priya", "Quinn", "Rosa", "Sami", "Tove",
    "Uma", "Vik", "Wren", "Yara", "Zeno",
];
const LAST: &[&str] = &[
    "Lind", "Tanaka", "Okafor", "Byrne", "Haddad", "Moreau", "Silva", "Novak", "Kaur", "Berg",
    "Rossi", "Mensah", "Ito", "Kowalski", "Alvarez", "Nakamura", "Dubois", "Eriksen", "Reyes",
];
const PLACES: &[(&str, &str, Currency)] = &[
    ("GB", "London", Currency::GBP),
    ("GB", "Edinburgh", Currency::GBP),
    ("IE", "Galway", Currency::EUR),
    ("FR", "Lyon", Currency::EUR),
    ("DE", "Pforzheim", Currency::EUR),
    ("IT", "Vicenza", Currency::EUR),
    ("JP", "Kyoto", Currency::JPY),
    ("US", "Providence", Currency::USD),
    ("MX", "Taxco", Currency::MXN),
    ("IN", "Jaipur", Currency::INR),
    ("NO", "Bergen", Currency::NOK),
    ("ZA", "Cape Town", Currency::ZAR),
    ("CA", "Montreal", Currency::CAD),
    ("NZ", "Nelson", Currency::NZD),
];
const MOTIFS: &[&str] = &[
    "Tidal", "Ember", "Moth", "Lichen", "Harbour", "Thistle", "Comet", "Willow", "Basalt",
    "Saffron", "Orbit", "Fern", "Glacier", "Quill", "Meadow", "Ripple",
];
const FORMS: &[&str] = &[
    "ring", "pendant", "earrings", "cuff", "brooch", "signet", "bangle",
];
const STONES: &[(&str, StoneKind)] = &[
    ("sapphire", StoneKind::Natural),
    ("diamond", StoneKind::Natural),
    ("diamond", StoneKind::LabGrown),
    ("opal", StoneKind::Natural),
    ("garnet", StoneKind::Natural),
    ("emerald", StoneKind::LabGrown),
    ("moonstone", StoneKind::Natural),
    ("spinel", StoneKind::Imitation),
];
const METALS: &[(Metal, u16)] = &[
    (Metal::Silver, 925),
    (Metal::YellowGold, 750),
    (Metal::YellowGold, 585),
    (Metal::RoseGold, 750),
    (Metal::WhiteGold, 585),
    (Metal::Platinum, 950),
    (Metal::Bronze, 0),
    (Metal::Titanium, 0),
];

const PIECES_PER_MAKER: usize = 10;

fn at(second: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_700_000_000 + second).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn new_maker(index: usize) -> Result<NewMaker, Error> {
    let mut dice = Dice(index as u64 * 7919);
    let name = format!("{} {}", dice.pick(FIRST), dice.pick(LAST));
    let (country, city, currency) = *dice.pick(PLACES);
    let techniques: Vec<Technique> = (0..3).map(|_| *dice.pick(&Technique::ALL)).collect();
    let mut techniques_unique = techniques.clone();
    techniques_unique.sort();
    techniques_unique.dedup();
    let scale = 10_i64.pow(currency.minor_digits());
    let from = (200 + dice.below(2_000) as i64) * scale;
    Ok(NewMaker {
        profile: MakerEdit {
            slug: Slug::parse(&format!("maker-{index}"))?,
            display_name: name.clone(),
            tagline: format!("{} work from {city}", techniques_unique[0].label()),
            story: format!(
                "{name} trained at the bench in {city} and makes small runs and one-of-one pieces, \
                 most of them commissioned."
            ),
            studio: format!("A studio in {city}."),
            making_policy: "Designed and made in the studio.".into(),
            location: Location {
                country: Country::parse(country)?,
                region: None,
                city: Some(city.to_owned()),
            },
            techniques: techniques_unique,
            commissions: CommissionTerms {
                open: dice.below(3) != 0,
                lead_time_weeks: Some(2 + dice.below(10) as u16),
                price_from: Some(Money::from_minor(from, currency)?),
                price_to: Some(Money::from_minor(
                    from * (3 + dice.below(8) as i64),
                    currency,
                )?),
            },
        },
        portrait_key: None,
        created_at: at(index as i64),
        published_at: Some(at(index as i64)),
    })
}

fn new_piece(maker: MakerId, maker_index: usize, index: usize) -> Result<NewPiece, Error> {
    let mut dice = Dice(index as u64 * 104_729 + 17);
    let (_, _, currency) = PLACES[Dice(maker_index as u64 * 7919).below(PLACES.len())];
    let motif = *dice.pick(MOTIFS);
    let form = *dice.pick(FORMS);
    let metals: Vec<MetalComponent> = (0..1 + dice.below(2))
        .map(|_| {
            let (metal, fineness) = *dice.pick(METALS);
            Ok::<_, Error>(MetalComponent {
                metal,
                fineness: (fineness > 0)
                    .then(|| Fineness::new(fineness))
                    .transpose()?,
                recycled: Some(Percent::new(if dice.below(3) == 0 { 40 } else { 100 })?),
            })
        })
        .collect::<Result<_, _>>()?;
    let stones: Vec<StoneSummary> = (0..dice.below(3))
        .map(|_| {
            let (species, kind) = *dice.pick(STONES);
            StoneSummary {
                species: species.to_owned(),
                kind,
            }
        })
        .collect();
    let title = match stones.first() {
        Some(stone) => format!("{motif} {} {form}", stone.species),
        None => format!("{motif} {} {form}", metals[0].metal.label()),
    };
    let scale = 10_i64.pow(currency.minor_digits());
    let amount = Money::from_minor((80 + dice.below(6_000) as i64) * scale, currency)?;
    let sourcing = [
        Sourcing::Fairmined,
        Sourcing::Fairtrade,
        Sourcing::RjcChainOfCustody,
    ]
    .into_iter()
    .filter(|_| dice.below(5) == 0)
    .collect();
    Ok(NewPiece {
        maker,
        slug: Slug::parse(&format!("piece-{index}"))?,
        description: format!(
            "A {form} in {}, {} by hand. Each one is made to order and signed.",
            app::pieces::materials_summary(&metals, &stones),
            dice.pick(&Technique::ALL).label().to_lowercase()
        ),
        title,
        price: if dice.below(4) == 0 {
            Price::MadeToOrder { from: Some(amount) }
        } else {
            Price::Fixed(amount)
        },
        dimensions: String::new(),
        techniques: vec![*dice.pick(&Technique::ALL)],
        metals,
        stones,
        sourcing,
        image_key: None,
        image_alt: String::new(),
        gallery: Vec::new(),
        disclosure: None,
        status: PieceStatus::Published,
        created_at: at(index as i64),
        published_at: Some(at(index as i64)),
    })
}

/// Grows the catalogue from `from` to `to` pieces, writing from several tasks at once.
async fn grow(store: &Arc<dyn Store>, from: usize, to: usize) -> Result<Duration, Error> {
    const WRITERS: usize = 8;
    let started = Instant::now();
    let (first_maker, last_maker) = (from / PIECES_PER_MAKER, to / PIECES_PER_MAKER);
    let mut tasks = tokio::task::JoinSet::new();
    for writer in 0..WRITERS {
        let store = store.clone();
        tasks.spawn(async move {
            for maker_index in (first_maker..last_maker).filter(|m| m % WRITERS == writer) {
                let maker = store.create_maker(&new_maker(maker_index)?).await?;
                for piece in 0..PIECES_PER_MAKER {
                    let index = maker_index * PIECES_PER_MAKER + piece;
                    store
                        .create_piece(&new_piece(maker, maker_index, index)?)
                        .await?;
                }
            }
            Ok::<_, Error>(())
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    Ok(started.elapsed())
}

/// The listing queries the pages make, by name.
fn queries() -> Vec<(&'static str, bool, ListingQuery)> {
    let q = |pairs: &[(&str, &str)]| ListingQuery::parse(pairs.iter().copied()).0;
    vec![
        ("pieces: browse, newest", false, q(&[])),
        (
            "pieces: metal + stone",
            false,
            q(&[("metal", "silver"), ("stone", "natural")]),
        ),
        (
            "pieces: 3 facets, price sort",
            false,
            q(&[
                ("metal", "yellow-gold"),
                ("price", "250-1000"),
                ("open", "1"),
                ("sort", "price-low"),
            ]),
        ),
        ("pieces: page 40", false, q(&[("page", "40")])),
        ("pieces: text, common word", false, q(&[("q", "ring")])),
        (
            "pieces: text, two words",
            false,
            q(&[("q", "tidal sapphire")]),
        ),
        (
            "pieces: text + facet",
            false,
            q(&[("q", "opal"), ("country", "GB")]),
        ),
        ("makers: directory", true, q(&[])),
        (
            "makers: technique + open",
            true,
            q(&[("technique", "filigree"), ("open", "1")]),
        ),
        ("makers: text", true, q(&[("q", "kyoto")])),
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1_000.0
}

struct Row {
    backend: &'static str,
    pieces: usize,
    query: &'static str,
    p50_ms: f64,
    p95_ms: f64,
    results: u64,
}

async fn measure(
    backend: &'static str,
    store: &Arc<dyn Store>,
    pieces: usize,
    runs: usize,
    rows: &mut Vec<Row>,
) -> Result<f64, Error> {
    // The first listing after writes rebuilds this server's facet index: timed apart.
    let rebuild = Instant::now();
    store.search_pieces(&ListingQuery::default()).await?;
    let rebuild_ms = rebuild.elapsed().as_secs_f64() * 1_000.0;
    // One more piece by an existing maker: the next listing updates just that maker.
    let maker = store.create_maker(&new_maker(10_000_000 + pieces)?).await?;
    store
        .create_piece(&new_piece(maker, 0, 10_000_000 + pieces)?)
        .await?;
    let update = Instant::now();
    store.search_pieces(&ListingQuery::default()).await?;
    let update_ms = update.elapsed().as_secs_f64() * 1_000.0;
    rows.push(Row {
        backend,
        pieces,
        query: "first listing after a write",
        p50_ms: update_ms,
        p95_ms: update_ms,
        results: 1,
    });
    for (name, makers, query) in queries() {
        let mut times = Vec::with_capacity(runs);
        let mut results = 0;
        for _ in 0..runs {
            let started = Instant::now();
            results = if makers {
                store.search_makers(&query).await?.total
            } else {
                store.search_pieces(&query).await?.total
            };
            times.push(started.elapsed());
        }
        times.sort();
        rows.push(Row {
            backend,
            pieces,
            query: name,
            p50_ms: percentile(&times, 0.5),
            p95_ms: percentile(&times, 0.95),
            results,
        });
    }
    Ok(rebuild_ms)
}

async fn run_backend(
    backend: &'static str,
    store: Arc<dyn Store>,
    postgres_url: Option<&str>,
    sizes: &[usize],
    runs: usize,
    rows: &mut Vec<Row>,
    loads: &mut Vec<serde_json::Value>,
) -> Result<(), Error> {
    let mut have = 0;
    for &size in sizes {
        let took = grow(&store, have, size).await?;
        have = size;
        if let Some(url) = postgres_url {
            // Fresh statistics, as autovacuum would gather after a bulk load.
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect(url).await?;
            sqlx::query("ANALYZE").execute(&mut connection).await?;
        }
        let rebuild_ms = measure(backend, &store, size, runs, rows).await?;
        eprintln!(
            "{backend}: {size} pieces loaded (+{:.1} s), facet index rebuilt in {rebuild_ms:.1} ms",
            took.as_secs_f64()
        );
        loads.push(serde_json::json!({
            "backend": backend, "pieces": size, "makers": size / PIECES_PER_MAKER,
            "load_seconds": took.as_secs_f64(), "index_rebuild_ms": rebuild_ms,
        }));
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes: &[usize] = if quick {
        &[1_000, 10_000]
    } else {
        &[1_000, 10_000, 100_000]
    };
    let runs = if quick { 30 } else { 100 };
    let mut rows = Vec::new();
    let mut loads = Vec::new();

    let dir = tempfile::tempdir()?;
    let sqlite_url = format!("sqlite://{}/bench.db", dir.path().display());
    let media = touchstone_server::files::MediaFiles::local(&dir.path().join("media"))?;
    let sqlite = touchstone_server::store::connect(&sqlite_url, 8, media.clone()).await?;
    run_backend("sqlite", sqlite, None, sizes, runs, &mut rows, &mut loads).await?;

    if let Some(url) = touchstone_bench::fresh_postgres("touchstone_bench").await? {
        let postgres = touchstone_server::store::connect(&url, 8, media).await?;
        run_backend(
            "postgres",
            postgres,
            Some(&url),
            sizes,
            runs,
            &mut rows,
            &mut loads,
        )
        .await?;
        sqlx::Postgres::force_drop_database(&url).await?;
    }

    println!(
        "\n{:<9} {:>8}  {:<30} {:>9} {:>9} {:>8}",
        "backend", "pieces", "query", "p50 ms", "p95 ms", "results"
    );
    for row in &rows {
        println!(
            "{:<9} {:>8}  {:<30} {:>9.2} {:>9.2} {:>8}",
            row.backend, row.pieces, row.query, row.p50_ms, row.p95_ms, row.results
        );
    }
    let json = serde_json::json!({
        "runs_per_query": runs,
        "loads": loads,
        "queries": rows.iter().map(|r| serde_json::json!({
            "backend": r.backend, "pieces": r.pieces, "query": r.query,
            "p50_ms": r.p50_ms, "p95_ms": r.p95_ms, "results": r.results,
        })).collect::<Vec<_>>(),
    });
    touchstone_bench::write_results("search", &json)
}
