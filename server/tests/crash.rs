//! Crash durability: a maker keeps writing new pieces and buyers keep booking
//! consultations (through the real server binary, several at once) while the
//! server is killed with SIGKILL at a varying moment, again and again. After every
//! kill every write a client saw acknowledged is there — each booking at the time
//! it was booked for — and a SQLite database passes `PRAGMA integrity_check`.
//!
//! The database runs in WAL mode with `synchronous = FULL`: a commit is on disk
//! before the response leaves, so it survives a killed process (this test) and a
//! power cut alike. `TOUCHSTONE_CRASH_ROUNDS` sets the number of kills (20 by
//! default; `make soak` runs 100).
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

#[path = "integration/support/mod.rs"]
mod support;

use std::time::Duration;

const PASSWORD: &str = "velvet orbit lantern";
const WRITERS: usize = 6;
const BOOKERS: usize = 3;

/// Pseudo-random but repeatable: a failing round can be replayed.
fn pause_before_kill(round: u64) -> Duration {
    let mixed = round
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    Duration::from_millis(40 + (mixed >> 33) % 360)
}

async fn sign_in(client: &reqwest::Client, address: &str, email: &str) -> String {
    let response = client
        .post(format!("http://{address}/api/accounts/sign-in"))
        .header("origin", format!("http://{address}"))
        .header("accept", "text/html")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Where an answer sends the browser: the new piece's or booking's page.
fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Creates drafts until the server stops answering; returns what was acknowledged.
async fn write_until_killed(
    client: reqwest::Client,
    address: String,
    cookie: String,
    writer: usize,
    round: u64,
) -> Vec<(i64, String)> {
    let mut acknowledged = Vec::new();
    for n in 0.. {
        let title = format!("Crash ring {round}-{writer}-{n}");
        let sent = client
            .post(format!("http://{address}/api/studio/new-piece"))
            .header("origin", format!("http://{address}"))
            .header("accept", "text/html")
            .header("cookie", &cookie)
            .form(&[("title", title.as_str())])
            .send()
            .await;
        let Ok(response) = sent else {
            return acknowledged;
        };
        let location = location(&response);
        match location.strip_prefix("/studio/pieces/") {
            Some(id) => acknowledged.push((id.parse().unwrap(), title)),
            None => panic!("a write was refused: {} → {location}", response.status()),
        }
    }
    acknowledged
}

/// The times left to book, shared by the booking writers.
struct FreeTimes {
    starts: Vec<String>,
    next: std::sync::atomic::AtomicUsize,
}

impl FreeTimes {
    /// The next free time, and a key for booking it.
    fn take(&self) -> (String, String) {
        let at = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let start = self
            .starts
            .get(at)
            .expect("enough free times for every round");
        (start.clone(), format!("crash-{at}"))
    }
}

/// Books free times until the server stops answering; returns what was
/// acknowledged: the booking and its start.
async fn book_until_killed(
    client: reqwest::Client,
    address: String,
    cookie: String,
    consultation: i64,
    times: std::sync::Arc<FreeTimes>,
) -> Vec<(i64, String)> {
    let mut acknowledged = Vec::new();
    loop {
        let (start, key) = times.take();
        let sent = client
            .post(format!("http://{address}/api/booking/request"))
            .header("origin", format!("http://{address}"))
            .header("accept", "text/html")
            .header("cookie", &cookie)
            .form(&[
                ("slug", "maya"),
                ("consultation", consultation.to_string().as_str()),
                ("zone", "UTC"),
                ("start", start.as_str()),
                ("key", key.as_str()),
                ("notes", "A ring for every round."),
            ])
            .send()
            .await;
        let Ok(response) = sent else {
            return acknowledged;
        };
        let location = location(&response);
        match location.strip_prefix("/bookings/") {
            Some(id) => acknowledged.push((id.parse().unwrap(), start)),
            None => panic!("a booking was refused: {} → {location}", response.status()),
        }
    }
}

/// An account with a confirmed address, made directly in the database.
async fn confirmed_account(
    store: &dyn app::store::Store,
    email: &str,
    name: &str,
) -> app::accounts::AccountId {
    let email = app::accounts::Email::parse(email).unwrap();
    let hash = app::accounts::passwords::hash_password(
        app::accounts::Password::parse(PASSWORD, &email).unwrap(),
    )
    .await
    .unwrap();
    let account = store
        .create_account(&app::accounts::NewAccount {
            email,
            display_name: app::accounts::DisplayName::parse(name).unwrap(),
            password_hash: hash,
            role: app::accounts::Role::Buyer,
            created_at: jiff::Timestamp::now(),
        })
        .await
        .unwrap();
    store
        .mark_email_verified(account, jiff::Timestamp::now())
        .await
        .unwrap();
    account
}

/// Kills the server `TOUCHSTONE_CRASH_ROUNDS` times (20 by default) while makers
/// write to the database `db` names, checking after every kill.
async fn kill_repeatedly(db: &support::TestDb) {
    use sqlx::Connection;
    let rounds: u64 = std::env::var("TOUCHSTONE_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let url = db.url();
    let sqlite = url.starts_with("sqlite:");
    let mut server = support::start_server_process(dir.path(), &url);

    // A published maker with a studio, open around the clock for quarter-hour
    // consultations, and a buyer; made directly in the database.
    let store = db.store();
    let account = confirmed_account(store.as_ref(), "maya@example.com", "Maya Lindqvist").await;
    let profile = app::studio::ProfileForm {
        display_name: "Maya Lindqvist".into(),
        slug: "maya".into(),
        country: "SE".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let maker = store
        .open_studio(account, &profile, jiff::Timestamp::now())
        .await
        .unwrap();
    store
        .set_profile_published(maker, Some(jiff::Timestamp::now()))
        .await
        .unwrap();
    let hours = app::booking::AvailabilityForm {
        zone: "UTC".into(),
        hours: app::booking::WEEKDAYS
            .iter()
            .map(|(weekday, _)| app::booking::HoursRow {
                weekday: (*weekday).into(),
                start: "00:00".into(),
                end: "23:45".into(),
            })
            .collect(),
        buffer_before: "0".into(),
        buffer_after: "0".into(),
        notice_hours: "0".into(),
        horizon_days: "366".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    store
        .set_availability_rules(maker, &hours, jiff::Timestamp::now())
        .await
        .unwrap();
    let consultation = store
        .create_consultation(&app::booking::NewConsultation {
            maker,
            name: "Quick call".into(),
            minutes: 15,
            format: app::booking::Format::Phone,
            description: String::new(),
            price: None,
            needs_approval: false,
        })
        .await
        .unwrap();
    let tomorrow = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    let times = std::sync::Arc::new(FreeTimes {
        starts: app::booking::slots::Slots {
            store: store.as_ref(),
            now: jiff::Timestamp::now(),
        }
        .free_slots(consultation)
        .await
        .unwrap()
        .into_iter()
        .filter(|slot| slot.start > tomorrow)
        .map(|slot| slot.start.to_string())
        .collect(),
        next: std::sync::atomic::AtomicUsize::new(0),
    });
    confirmed_account(store.as_ref(), "ben@example.com", "Ben Okafor").await;
    let email = app::accounts::Email::parse("maya@example.com").unwrap();

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let cookie = sign_in(&client, &server.address, email.as_str()).await;
    let buyer = sign_in(&client, &server.address, "ben@example.com").await;
    let mut acknowledged: Vec<(i64, String)> = Vec::new();
    let mut booked: Vec<(i64, String)> = Vec::new();
    for round in 0..rounds {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                tokio::spawn(write_until_killed(
                    client.clone(),
                    server.address.clone(),
                    cookie.clone(),
                    writer,
                    round,
                ))
            })
            .collect();
        let bookers: Vec<_> = (0..BOOKERS)
            .map(|_| {
                tokio::spawn(book_until_killed(
                    client.clone(),
                    server.address.clone(),
                    buyer.clone(),
                    consultation.0,
                    times.clone(),
                ))
            })
            .collect();
        tokio::time::sleep(pause_before_kill(round)).await;
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        for writer in writers {
            acknowledged.extend(writer.await.unwrap());
        }
        for booker in bookers {
            booked.extend(booker.await.unwrap());
        }

        if sqlite {
            let mut raw = sqlx::SqliteConnection::connect(&url).await.unwrap();
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&mut raw)
                .await
                .unwrap();
            assert_eq!(integrity, "ok", "round {round}");
            raw.close().await.unwrap();
        }
        for (id, title) in &acknowledged {
            let stored = store
                .studio_piece(maker, app::pieces::PieceId(*id))
                .await
                .unwrap()
                .map(|piece| piece.edit.title);
            assert_eq!(
                stored.as_ref(),
                Some(title),
                "round {round}: piece {id} was lost"
            );
        }
        for (id, start) in &booked {
            let kept = store
                .booking(app::booking::BookingId(*id))
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("round {round}: booking {id} was lost"));
            assert_eq!(&kept.meeting.start.to_string(), start, "round {round}");
            assert_eq!(kept.status, app::booking::BookingStatus::Confirmed);
        }
        server = support::start_server_process(dir.path(), &url);
    }
    let written = acknowledged.len();
    // Slots are slower than drafts (and share SQLite's one writer with them):
    // a few per round are enough to mean something.
    assert!(
        booked.len() as u64 >= rounds / 4,
        "the buyers got too little booked to mean anything: {} bookings",
        booked.len()
    );
    assert!(
        written as u64 >= rounds,
        "the writers got too little done to mean anything: {written} writes"
    );
    eprintln!(
        "{rounds} kills, {written} acknowledged pieces and {} bookings, none lost",
        booked.len()
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_the_server_being_killed_on_sqlite() {
    kill_repeatedly(&support::TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_the_server_being_killed_on_postgres() {
    let Some(db) = support::TestDb::postgres().await else {
        return;
    };
    kill_repeatedly(&db).await;
}
