//! Crash durability: makers keep writing (new pieces, through the real server
//! binary, several at once) while the server is killed with SIGKILL at a varying
//! moment, again and again. After every kill every write a client saw acknowledged
//! is there, and a SQLite database passes `PRAGMA integrity_check`.
//!
//! The database runs in WAL mode with `synchronous = FULL`: a commit is on disk
//! before the response leaves, so it survives a killed process (this test) and a
//! power cut alike. `TOUCHSTONE_CRASH_ROUNDS` sets the number of kills (20 by
//! default; `make soak` runs 100).
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

mod support;

use std::time::Duration;

const PASSWORD: &str = "velvet orbit lantern";
const WRITERS: usize = 6;

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
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        match location.strip_prefix("/studio/pieces/") {
            Some(id) => acknowledged.push((id.parse().unwrap(), title)),
            None => panic!("a write was refused: {} → {location}", response.status()),
        }
    }
    acknowledged
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

    // A maker with a studio, made directly in the database.
    let store = db.store();
    let email = app::accounts::Email::parse("maya@example.com").unwrap();
    let hash = app::accounts::service::hash_password(
        app::accounts::Password::parse(PASSWORD, &email).unwrap(),
    )
    .await
    .unwrap();
    let account = store
        .create_account(&app::accounts::NewAccount {
            email: email.clone(),
            display_name: app::accounts::DisplayName::parse("Maya Lindqvist").unwrap(),
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

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let cookie = sign_in(&client, &server.address, email.as_str()).await;
    let mut acknowledged: Vec<(i64, String)> = Vec::new();
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
        tokio::time::sleep(pause_before_kill(round)).await;
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        for writer in writers {
            acknowledged.extend(writer.await.unwrap());
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
        server = support::start_server_process(dir.path(), &url);
    }
    let written = acknowledged.len();
    assert!(
        written as u64 >= rounds,
        "the writers got too little done to mean anything: {written} writes"
    );
    eprintln!("{rounds} kills, {written} acknowledged writes, none lost");
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
