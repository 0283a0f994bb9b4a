//! Test harness: a fresh database per test (SQLite file or PostgreSQL database),
//! and the real application on port 0 talking HTTP.
#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod booking;
pub mod orders;
pub mod process;
pub mod stripe;
pub mod studio;

use app::store::Store;
use sqlx::Connection;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use touchstone_server::config::Settings;
use touchstone_server::files::MediaFiles;
use touchstone_server::startup::Application;
use touchstone_server::store::SqlStore;

/// The PostgreSQL server the PostgreSQL half of the suite runs against, as an
/// admin URL (`postgres://postgres@127.0.0.1:5432/postgres`).
pub const PG_URL_VAR: &str = "DATABASE_URL_TEST_PG";

pub enum TestDb {
    Sqlite {
        store: Arc<SqlStore>,
        _dir: tempfile::TempDir,
    },
    Postgres {
        store: Arc<SqlStore>,
        admin_url: String,
        name: String,
        media_dir: tempfile::TempDir,
    },
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let media = MediaFiles::local(&dir.path().join("media")).expect("media directory");
        let store = SqlStore::connect(&url, 4, media)
            .await
            .expect("SQLite store");
        TestDb::Sqlite {
            store: Arc::new(store),
            _dir: dir,
        }
    }

    /// A new, migrated database on the test PostgreSQL server. `None` (with a notice)
    /// only when the variable is unset; set but unreachable is a failure.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var(PG_URL_VAR) else {
            eprintln!("SKIPPED: {PG_URL_VAR} is not set, so the PostgreSQL half did not run");
            return None;
        };
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "touchstone_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or_default()
        );
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("{PG_URL_VAR} is set but PostgreSQL is unreachable: {e}"));
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .await
            .expect("create the test database");
        let media_dir = tempfile::tempdir().expect("temporary directory");
        let media = MediaFiles::local(media_dir.path()).expect("media directory");
        let store = SqlStore::connect(&with_database(&admin_url, &name), 4, media)
            .await
            .expect("PostgreSQL store");
        Some(TestDb::Postgres {
            store: Arc::new(store),
            admin_url,
            name,
            media_dir,
        })
    }

    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            TestDb::Sqlite { store, .. } => store.clone(),
            TestDb::Postgres { store, .. } => store.clone(),
        }
    }

    /// The photo files of this database, for a second server sharing both.
    pub fn media(&self) -> MediaFiles {
        let dir = match self {
            TestDb::Sqlite { _dir, .. } => _dir.path().join("media"),
            TestDb::Postgres { media_dir, .. } => media_dir.path().to_owned(),
        };
        MediaFiles::local(&dir).expect("media directory")
    }

    pub fn url(&self) -> String {
        match self {
            TestDb::Sqlite { _dir, .. } => {
                format!("sqlite://{}", _dir.path().join("test.db").display())
            }
            TestDb::Postgres {
                admin_url, name, ..
            } => with_database(admin_url, name),
        }
    }
}

impl Drop for TestDb {
    /// Drops the PostgreSQL test database even when the test panicked.
    fn drop(&mut self) {
        if let TestDb::Postgres {
            admin_url, name, ..
        } = self
        {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                runtime.block_on(async {
                    let mut admin = sqlx::PgConnection::connect(&admin_url)
                        .await
                        .map_err(std::io::Error::other)?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                        .map_err(std::io::Error::other)?;
                    Ok::<_, std::io::Error>(())
                })
            })
            .join();
        }
    }
}

/// The admin URL with its database replaced by `name`.
pub fn with_database(admin_url: &str, name: &str) -> String {
    let (scheme, rest) = admin_url
        .split_once("://")
        .unwrap_or(("postgres", admin_url));
    let (rest, query) = rest
        .split_once('?')
        .map_or((rest, None), |(r, q)| (r, Some(q)));
    let authority = rest.split('/').next().unwrap_or(rest);
    let mut url = format!("{scheme}://{authority}/{name}");
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// The tests that race hundreds of requests at once take turns: on a 2-core
/// machine two of them side by side (each with its Argon2 sign-ins) starve each
/// other's pools past their acquire timeout, which tests the machine, not the app.
pub async fn one_race_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static RACES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    RACES.lock().await
}

/// The running application and an HTTP client for it.
pub struct TestApp {
    pub address: std::net::SocketAddr,
    /// Where its data is: another app server started on it shares everything.
    pub database_url: String,
    pub client: reqwest::Client,
    pub store: Arc<dyn Store>,
    pub data_dir: tempfile::TempDir,
    /// Where `/metrics` is served, when the settings ask for it.
    pub metrics: Option<std::net::SocketAddr>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The body of a GET of `path`, as a signed-out visitor reads it.
    pub async fn text(&self, path: &str) -> String {
        body_of(&self.client, &self.url(path)).await
    }
}

pub fn test_settings(data_dir: &std::path::Path, extra: &[(&str, &str)]) -> Settings {
    let mut env: HashMap<String, String> = [
        ("TOUCHSTONE_ADDRESS", "127.0.0.1:0".to_owned()),
        ("TOUCHSTONE_DATA_DIR", data_dir.display().to_string()),
        (
            "TOUCHSTONE_SITE_ROOT",
            data_dir.join("site").display().to_string(),
        ),
        ("TOUCHSTONE_LOG_FILTER", "warn".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for (key, value) in extra {
        env.insert((*key).to_owned(), (*value).to_owned());
    }
    Settings::from_sources(None, &env).expect("test settings")
}

/// The body of a GET of `url`.
pub async fn body_of(client: &reqwest::Client, url: &str) -> String {
    client
        .get(url)
        .send()
        .await
        .expect("a response")
        .text()
        .await
        .expect("a body")
}

/// Starts the application on a fresh SQLite database with the demo data.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary directory");
    let settings = test_settings(data_dir.path(), extra);
    let database_url = settings.database_url.clone();
    let app = Application::build(settings).await.expect("application");
    let store = app.store();
    touchstone_server::demo::seed_if_empty(store.as_ref(), app.notary().as_ref(), app.site(), 800)
        .await
        .expect("demo data");
    app.issue_missing_passports()
        .await
        .expect("passports for the demo pieces");
    let address = app.address();
    let metrics = app.metrics_address();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    TestApp {
        address,
        database_url,
        client,
        store,
        data_dir,
        metrics,
    }
}

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

/// A browser: one cookie (the session), forms posted from the site itself.
pub struct Visitor<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
    /// What its requests say in `X-Forwarded-For`: as a trusted proxy in front
    /// of the app would put it, or as a stranger forges it.
    pub forwarded_for: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub body: String,
}

impl<'a> Visitor<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Visitor {
            app,
            cookie: None,
            forwarded_for: None,
        }
    }

    /// A browser at `address` behind the app's proxy (an app trusting 127.0.0.1).
    pub fn behind_proxy(app: &'a TestApp, address: &str) -> Self {
        Visitor {
            forwarded_for: Some(address.to_owned()),
            ..Visitor::new(app)
        }
    }

    /// The session cookie's value: the stored session's id.
    pub fn session_id(&self) -> Option<&str> {
        self.cookie
            .as_deref()
            .and_then(|cookie| cookie.split_once('='))
            .map(|(_, id)| id)
    }

    pub async fn send(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let request = match &self.cookie {
            Some(cookie) => request.header(COOKIE, cookie),
            None => request,
        };
        let request = match &self.forwarded_for {
            Some(address) => request.header("x-forwarded-for", address),
            None => request,
        };
        let response = request.send().await.unwrap();
        let set_cookie = response
            .headers()
            .get(SET_COOKIE)
            .map(|value| value.to_str().unwrap().to_owned());
        if let Some(set) = &set_cookie {
            let pair = set.split(';').next().unwrap().to_owned();
            // An emptied cookie (signing out) is forgotten, as a browser does.
            self.cookie = (!pair.ends_with('=')).then_some(pair);
        }
        Answer {
            status: response.status(),
            location: response
                .headers()
                .get(LOCATION)
                .map(|value| value.to_str().unwrap().to_owned()),
            set_cookie,
            body: response.text().await.unwrap(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let request = self.app.client.get(self.app.url(path));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let request = self
            .app
            .client
            .post(self.app.url(path))
            .header("accept", "text/html")
            .header("origin", format!("http://{}", self.app.address))
            .form(fields);
        self.send(request).await
    }

    /// Posts a form, expects the redirect, and returns the page it leads to.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> (String, Answer) {
        let answer = self.post(path, fields).await;
        assert_eq!(answer.status, StatusCode::FOUND, "{}", answer.body);
        let to = answer.location.unwrap();
        let page = self.get(&to).await;
        (to, page)
    }
}

/// The real server binary, started as one more app server on a database.
pub struct ServerProcess {
    pub child: std::process::Child,
    /// `127.0.0.1:port`, as the server logged it.
    pub address: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // A test that killed it already finds nothing left to kill.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server binary on `database_url` with its files in `data_dir`, and
/// waits until it serves.
pub fn start_server_process(data_dir: &std::path::Path, database_url: &str) -> ServerProcess {
    start_server_process_with(data_dir, database_url, &[])
}

/// `start_server_process` with more settings (`TOUCHSTONE_…` variables).
pub fn start_server_process_with(
    data_dir: &std::path::Path,
    database_url: &str,
    settings: &[(&str, String)],
) -> ServerProcess {
    use std::io::{BufRead, BufReader};
    let mut child = process::server_command(data_dir)
        .envs(settings.iter().map(|(key, value)| (*key, value.as_str())))
        .env("DATABASE_URL", database_url)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let mut log = BufReader::new(child.stderr.take().expect("the server's log"));
    let address = process::served_address(&mut log);
    // Keep reading the log, or the server would block on a full pipe.
    std::thread::spawn(move || for _ in log.lines() {});
    ServerProcess { child, address }
}

/// Every address under `/media/` a page names (in `src`, `srcset` and links), as
/// it names them.
pub fn media_urls(body: &str) -> Vec<String> {
    body.match_indices("/media/")
        .map(|(at, _)| {
            body[at..]
                .split(['"', ' ', ',', '<', '\''])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// A file under `/media/` as a browser fetches it: its status and `Cache-Control`.
pub async fn fetch_media(app: &TestApp, url: &str) -> (StatusCode, String) {
    let response = app.client.get(app.url(url)).send().await.unwrap();
    let caching = response
        .headers()
        .get(reqwest::header::CACHE_CONTROL)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), caching)
}

/// The same address with its pass's last digit changed.
pub fn tampered(url: &str) -> String {
    let mut url = url.to_owned();
    let last = url.pop().unwrap();
    url.push(if last == '0' { '1' } else { '0' });
    url
}

/// The password of every account the tests make.
pub const PASSWORD: &str = "velvet orbit lantern";

/// A confirmed account made directly in the store.
pub async fn confirmed_account(app: &TestApp, email: &str) -> app::accounts::AccountId {
    let parsed = app::accounts::Email::parse(email).unwrap();
    let hash = app::accounts::passwords::hash_password(
        app::accounts::Password::parse(PASSWORD, &parsed).unwrap(),
    )
    .await
    .unwrap();
    account_with_hash(app, email, hash).await
}

/// A confirmed account at `email` whose password hashes to `hash` (one hash may
/// serve many test accounts: Argon2 is slow on purpose).
pub async fn account_with_hash(
    app: &TestApp,
    email: &str,
    hash: String,
) -> app::accounts::AccountId {
    let id = app
        .store
        .create_account(&app::accounts::NewAccount {
            email: app::accounts::Email::parse(email).unwrap(),
            display_name: app::accounts::DisplayName::parse("Ben Okafor").unwrap(),
            password_hash: hash,
            role: app::accounts::Role::Buyer,
            created_at: jiff::Timestamp::now(),
        })
        .await
        .unwrap();
    app.store
        .mark_email_verified(id, jiff::Timestamp::now())
        .await
        .unwrap();
    id
}

#[test]
fn database_urls_swap_their_database() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database("postgres://u:p@h", "t2"),
        "postgres://u:p@h/t2"
    );
    assert_eq!(
        with_database("postgres://h/db?sslmode=disable", "t3"),
        "postgres://h/t3?sslmode=disable"
    );
}

/// A PNG photo of `width` × `height` with a gradient, so each size is a new file.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let photo = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(photo)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("a PNG");
    bytes
}

/// Whether a response body gives away an internal detail: the database, a panic,
/// a source path or a file of the machine.
pub fn leaks(body: &str) -> bool {
    [
        "sqlx",
        "SQLITE",
        "syntax error",
        "constraint",
        "panicked",
        "RUST_BACKTRACE",
        "/src/",
        "/work/",
        "/tmp/",
    ]
    .iter()
    .any(|needle| body.contains(needle))
}

/// The addresses (slugs) of the first `count` published pieces whose page
/// offers Buy, in the sitemap's order.
pub async fn pieces_for_sale(app: &TestApp, count: usize) -> Vec<String> {
    let sitemap = app.text("/sitemap.xml").await;
    let mut for_sale = Vec::new();
    for path in sitemap
        .split("<loc>")
        .filter_map(|loc| loc.split("</loc>").next())
        .filter_map(|url| url.find("/pieces/").map(|at| url[at..].to_owned()))
    {
        if for_sale.len() == count {
            break;
        }
        if app
            .text(&path)
            .await
            .contains(&format!("href=\"{path}/buy\""))
        {
            for_sale.push(path.trim_start_matches("/pieces/").to_owned());
        }
    }
    assert_eq!(for_sale.len(), count, "pieces for sale in the demo");
    for_sale
}

/// Fails the test, showing the page, unless it has `text` in it.
#[track_caller]
pub fn assert_shows(page: &Answer, text: &str) {
    assert!(page.body.contains(text), "not shown: {text}\n{}", page.body);
}

/// A browser signed in to a new, confirmed account at `email`.
pub async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Visitor<'a> {
    confirmed_account(app, email).await;
    sign_in(app, email).await
}

/// A browser signed in to the account at `email`, whose password is `PASSWORD`.
pub async fn sign_in<'a>(app: &'a TestApp, email: &str) -> Visitor<'a> {
    let mut visitor = Visitor::new(app);
    visitor
        .submit(
            "/api/accounts/sign-in",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    visitor
}

/// Posts `files` as the multipart field `field` to `path`, from this site, as a
/// browser's upload form does.
pub async fn post_files(
    visitor: &mut Visitor<'_>,
    path: &str,
    field: &'static str,
    files: Vec<(&str, Vec<u8>)>,
) -> Answer {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in files {
        form = form.part(
            field,
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    let request = visitor
        .app
        .client
        .post(visitor.app.url(path))
        .header("origin", format!("http://{}", visitor.app.address))
        .multipart(form);
    visitor.send(request).await
}

/// Runs `statements` on the app's database directly, as someone with access to
/// the database (not the app) would: for tests of what the app notices.
pub async fn behind_the_apps_back(database_url: &str, statements: &[&str]) {
    use sqlx::{Connection, Executor};
    if database_url.starts_with("sqlite:") {
        let mut raw = sqlx::SqliteConnection::connect(database_url).await.unwrap();
        for statement in statements {
            raw.execute(*statement).await.unwrap();
        }
    } else {
        let mut raw = sqlx::PgConnection::connect(database_url).await.unwrap();
        for statement in statements {
            raw.execute(*statement).await.unwrap();
        }
    }
}
