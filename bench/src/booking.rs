//! Booking throughput and contention, on SQLite and on PostgreSQL.
//!
//! - Distinct slots: bookings of one maker's consecutive hours, by 1 and by 8
//!   concurrent writers, through the store (the database's overlap guard) and
//!   through the booking service (which also computes the maker's free slots
//!   over the whole horizon for every request).
//! - Contention: 200 concurrent attempts at one slot, five times: how long until
//!   all are answered, and that exactly one won each time.
//!
//! Prints a table and writes `bench/results/booking.json`. PostgreSQL is measured
//! when `DATABASE_URL_TEST_PG` names a server (its `touchstone_booking_bench`
//! database is dropped and recreated).

use app::booking::availability::{Busy, Interval};
use app::booking::slots::{ConsultationRequest, Slots};
use app::booking::{
    AvailabilityRules, Booked, BookingStatus, ConsultationId, Format, NewBooking, NewConsultation,
};
use app::makers::MakerId;
use app::store::{Conflict, Store, StoreError};
use jiff::{SignedDuration, Timestamp};
use sqlx::migrate::MigrateDatabase;
use std::sync::Arc;
use std::time::Instant;

use touchstone_bench::Error;

const STORE_BOOKINGS: usize = 2_000;
const SERVICE_BOOKINGS: usize = 500;
const CONTENDERS: usize = 200;

/// Monday 4 January 2027, 00:00 UTC: the hours booked start here.
fn hour(n: usize) -> Timestamp {
    Timestamp::from_second(1_799_020_800 + n as i64 * 3_600).unwrap_or(Timestamp::UNIX_EPOCH)
}

struct Row {
    backend: &'static str,
    what: String,
    writers: usize,
    count: usize,
    per_second: f64,
}

async fn maker(store: &dyn Store, n: usize) -> Result<(MakerId, ConsultationId), Error> {
    let email = app::accounts::Email::parse(&format!("bench{n}@example.com"))?;
    let account = store
        .create_account(&app::accounts::NewAccount {
            email,
            display_name: app::accounts::DisplayName::parse("Bench Maker")?,
            password_hash: "unused".into(),
            role: app::accounts::Role::Buyer,
            created_at: Timestamp::now(),
        })
        .await?;
    let profile = app::studio::ProfileForm {
        display_name: "Bench Maker".into(),
        slug: format!("bench-maker-{n}"),
        country: "GB".into(),
        ..Default::default()
    }
    .parse()?;
    let maker = store
        .open_studio(account, &profile, Timestamp::now())
        .await?;
    let consultation = store
        .create_consultation(&NewConsultation {
            maker,
            name: "Consultation".into(),
            minutes: 60,
            format: Format::VideoCall,
            description: String::new(),
            price: None,
            needs_approval: true,
        })
        .await?;
    Ok((maker, consultation))
}

fn booking(consultation: ConsultationId, slot: usize, key: String) -> NewBooking {
    let meeting = Interval {
        start: hour(slot),
        end: hour(slot + 1),
    };
    NewBooking {
        consultation,
        busy: Busy {
            meeting,
            blocked: meeting,
        },
        buyer_zone: "America/New_York".into(),
        guest_name: "Bench Buyer".into(),
        guest_email: "buyer@example.com".into(),
        account: None,
        brief: "{}".into(),
        status: BookingStatus::Pending,
        email_confirmed: true,
        hold_until: None,
        idempotency_key: key,
        created_at: Timestamp::now(),
    }
}

/// `count` distinct hours of one maker, by `writers` tasks at once, through the store.
async fn distinct_through_store(
    store: &Arc<dyn Store>,
    n: usize,
    writers: usize,
) -> Result<f64, Error> {
    let (_, consultation) = maker(store.as_ref(), n).await?;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for writer in 0..writers {
        let store = store.clone();
        tasks.spawn(async move {
            for slot in (0..STORE_BOOKINGS).filter(|s| s % writers == writer) {
                let key = format!("store-{n}-{slot}");
                match store.book(&booking(consultation, slot, key)).await? {
                    Booked::New(_) => {}
                    Booked::Again(_) => return Err("a distinct booking was a repeat".into()),
                }
            }
            Ok::<_, Error>(())
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    Ok(STORE_BOOKINGS as f64 / started.elapsed().as_secs_f64())
}

/// `count` distinct hours through the booking service, which checks each request
/// against the maker's free slots (open all day, every day, a year ahead).
async fn distinct_through_service(
    store: &Arc<dyn Store>,
    n: usize,
    writers: usize,
) -> Result<f64, Error> {
    let (maker, consultation) = maker(store.as_ref(), n).await?;
    let now = hour(0) - SignedDuration::from_hours(1);
    let rules = AvailabilityRules::same_hours("UTC", 7, "00:00", "23:00", 366);
    store.set_availability_rules(maker, &rules, now).await?;
    // Hours 00:00–22:00 of each day: 23 slots a day.
    let slot_hour = |slot: usize| (slot / 23) * 24 + slot % 23;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for writer in 0..writers {
        let store = store.clone();
        tasks.spawn(async move {
            let bookings = Slots {
                store: store.as_ref(),
                now,
            };
            for slot in (0..SERVICE_BOOKINGS).filter(|s| s % writers == writer) {
                let request = ConsultationRequest {
                    consultation,
                    start: hour(slot_hour(slot)),
                    buyer_zone: "America/New_York".into(),
                    guest_name: "Bench Buyer".into(),
                    guest_email: "buyer@example.com".into(),
                    account: None,
                    brief: "{}".into(),
                    idempotency_key: format!("service-{n}-{slot}"),
                };
                bookings
                    .request(&request)
                    .await
                    .map_err(|e| format!("slot {slot}: {e}"))?;
            }
            Ok::<_, Error>(())
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    Ok(SERVICE_BOOKINGS as f64 / started.elapsed().as_secs_f64())
}

/// 200 attempts at one slot at once; the milliseconds until all were answered.
async fn contention(store: &Arc<dyn Store>, n: usize, round: usize) -> Result<f64, Error> {
    let (_, consultation) = maker(store.as_ref(), n).await?;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for contender in 0..CONTENDERS {
        let store = store.clone();
        tasks.spawn(async move {
            store
                .book(&booking(
                    consultation,
                    round,
                    format!("contend-{n}-{contender}"),
                ))
                .await
        });
    }
    let (mut won, mut taken) = (0, 0);
    while let Some(result) = tasks.join_next().await {
        match result? {
            Ok(Booked::New(_)) => won += 1,
            Err(StoreError::Duplicate(Conflict::Time)) => taken += 1,
            other => return Err(format!("unexpected answer: {other:?}").into()),
        }
    }
    let took = started.elapsed();
    if (won, taken) != (1, CONTENDERS - 1) {
        return Err(format!("{won} won and {taken} were told it was taken").into());
    }
    Ok(took.as_secs_f64() * 1_000.0)
}

async fn run_backend(
    backend: &'static str,
    store: Arc<dyn Store>,
    rows: &mut Vec<Row>,
    contention_ms: &mut Vec<(&'static str, Vec<f64>)>,
) -> Result<(), Error> {
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    for writers in [1, 8] {
        let per_second = distinct_through_store(&store, next(), writers).await?;
        rows.push(Row {
            backend,
            what: "distinct slots, store".into(),
            writers,
            count: STORE_BOOKINGS,
            per_second,
        });
        let per_second = distinct_through_service(&store, next(), writers).await?;
        rows.push(Row {
            backend,
            what: "distinct slots, service".into(),
            writers,
            count: SERVICE_BOOKINGS,
            per_second,
        });
    }
    let mut times = Vec::new();
    for round in 0..5 {
        times.push(contention(&store, next(), round).await?);
    }
    times.sort_by(f64::total_cmp);
    contention_ms.push((backend, times));
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut rows = Vec::new();
    let mut contention_ms = Vec::new();
    let dir = tempfile::tempdir()?;
    let media = touchstone_server::files::MediaFiles::local(&dir.path().join("media"))?;
    let sqlite_url = format!("sqlite://{}/bench.db", dir.path().display());
    let sqlite = touchstone_server::store::connect(&sqlite_url, 8, media.clone()).await?;
    run_backend("sqlite", sqlite, &mut rows, &mut contention_ms).await?;

    if let Some(url) = touchstone_bench::fresh_postgres("touchstone_booking_bench").await? {
        let postgres = touchstone_server::store::connect(&url, 8, media).await?;
        run_backend("postgres", postgres, &mut rows, &mut contention_ms).await?;
        sqlx::Postgres::force_drop_database(&url).await?;
    }

    println!(
        "\n{:<9} {:<26} {:>7} {:>8} {:>12}",
        "backend", "bookings", "writers", "count", "per second"
    );
    for row in &rows {
        println!(
            "{:<9} {:<26} {:>7} {:>8} {:>12.0}",
            row.backend, row.what, row.writers, row.count, row.per_second
        );
    }
    println!("\n{CONTENDERS} concurrent attempts at one slot, 5 rounds (exactly one won each):");
    for (backend, times) in &contention_ms {
        println!(
            "{backend:<9} median {:.1} ms, slowest {:.1} ms until every attempt was answered",
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
    let json = serde_json::json!({
        "throughput": rows.iter().map(|r| serde_json::json!({
            "backend": r.backend, "bookings": r.what, "writers": r.writers,
            "count": r.count, "per_second": r.per_second,
        })).collect::<Vec<_>>(),
        "contention": contention_ms.iter().map(|(backend, times)| serde_json::json!({
            "backend": backend, "attempts": CONTENDERS, "winners_per_round": 1,
            "answered_all_ms": times,
        })).collect::<Vec<_>>(),
    });
    touchstone_bench::write_results("booking", &json)
}
