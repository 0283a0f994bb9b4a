//! The scaled-out shape, run whole: nginx balancing two app server processes on
//! one PostgreSQL database, photos in an S3-compatible object store (moto in
//! server mode), mail delivered to an SMTP server that keeps it (aiosmtpd). All on
//! loopback, started here from what `make tools-cluster` installed; PostgreSQL is
//! the machine's (`DATABASE_URL_TEST_PG`), in a database of this test's own.
//!
//! Everything a person does goes through nginx: a maker signs up (the
//! confirmation read back from the SMTP server), opens a studio, uploads photos
//! and publishes; 200 buyers race for one consultation slot; then, under steady
//! load, one app server is killed and started again, and both are restarted in
//! turn. The report at the end gives the requests each server answered (nginx's
//! log), the errors the load saw, mails sent and received, and photos each server
//! read from the object store (its `/metrics`).
//!
//! `make cluster` runs it alone; `make test` runs it after the other tests.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

#[path = "integration/support/mod.rs"]
mod support;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support::{PASSWORD, TestApp, Visitor};

const BUCKET: &str = "touchstone";
const MAKER_EMAIL: &str = "ines@cluster.example";
const MAKER_SLUG: &str = "ines-duarte";
/// Clients of the steady load: at most this many requests are in flight when a
/// server is killed.
const LOAD_WORKERS: usize = 6;
/// Shared by both app servers, as a deployment shares them.
const PASSPORT_KEY: &str = "6d1f0c5e3a9b2847c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8";
const LINK_KEY: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A program `make tools-cluster` installs, or a failure saying so: this test
/// never skips.
fn tool(path: PathBuf) -> PathBuf {
    assert!(
        path.exists(),
        "{} is missing: `make tools-cluster` installs the cluster test's tools",
        path.display()
    );
    path
}

fn project_tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools")
}

fn log_file(path: &Path) -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap(),
    )
}

/// A process this test started; killed with the test, however it ends.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(command: &mut Command, log: &Path) -> Process {
    let child = command
        .stdin(Stdio::null())
        .stdout(log_file(log))
        .stderr(log_file(log))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    Process(child)
}

async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "{what} never listened on {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One Touchstone app server: the same binary, configuration and keys as the
/// other, its own port and its own (unshared) data directory.
struct AppServer {
    port: u16,
    metrics_port: u16,
    data_dir: PathBuf,
    env: Vec<(String, String)>,
    process: Option<Process>,
}

impl AppServer {
    fn start(&mut self) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TOUCHSTONE_ADDRESS", format!("127.0.0.1:{}", self.port))
            .env(
                "TOUCHSTONE_METRICS_ADDRESS",
                format!("127.0.0.1:{}", self.metrics_port),
            )
            .env("TOUCHSTONE_DATA_DIR", &self.data_dir)
            .env("TOUCHSTONE_SITE_ROOT", self.data_dir.join("site"))
            .current_dir(&self.data_dir)
            .arg("serve");
        self.process = Some(spawn(&mut command, &self.data_dir.join("server.log")));
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn wait_until_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(answer) = client.get(self.url("/readyz")).send().await
                && answer.status().is_success()
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the app server on {} never became ready: see {}",
                self.port,
                self.data_dir.join("server.log").display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Until the balancer sends it requests again (after the failures it saw
    /// while the server was down, nginx waits `fail_timeout` before trying it).
    async fn wait_until_in_rotation(&self, base: &str) {
        let client = reqwest::Client::new();
        let me = format!("127.0.0.1:{}", self.port);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = client.get(format!("{base}/healthz")).send().await.unwrap();
            if answer.headers()["x-upstream"].to_str().unwrap() == me {
                return;
            }
            assert!(Instant::now() < deadline, "nginx never sent {me} a request");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(&mut self) {
        drop(self.process.take());
    }

    /// SIGTERM, then waits while it finishes the requests in flight and exits.
    async fn terminate(&mut self) {
        let Some(mut process) = self.process.take() else {
            return;
        };
        let status = Command::new("kill")
            .args(["-TERM", &process.0.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        while process.0.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "the server did not stop after SIGTERM"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn metrics(&self) -> String {
        support::body_of(
            &reqwest::Client::new(),
            &format!("http://127.0.0.1:{}/metrics", self.metrics_port),
        )
        .await
    }
}

/// The value of a counter or gauge (summed over its labels) in a scrape.
fn metric(scrape: &str, name: &str) -> f64 {
    scrape
        .lines()
        .filter(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('{'))
        })
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .fold(0.0, |sum, value| sum + value)
}

/// nginx in front, round-robin, passing the client's address in `X-Real-IP`
/// (set by nginx, whatever the client sent) and naming the server that
/// answered in `X-Upstream`.
fn nginx_config(dir: &Path, port: u16, upstreams: &[u16]) -> String {
    let servers: String = upstreams
        .iter()
        .map(|p| format!("    server 127.0.0.1:{p} max_fails=1 fail_timeout=1s;\n"))
        .collect();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    let dir = dir.display();
    format!(
        "{user}worker_processes 1;\n\
         pid {dir}/nginx.pid;\n\
         error_log {dir}/nginx-error.log warn;\n\
         daemon off;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
           log_format upstreams '$status|$upstream_addr';\n\
           access_log {dir}/nginx-access.log upstreams;\n\
           client_body_temp_path {dir}/nginx-body;\n\
           proxy_temp_path {dir}/nginx-proxy;\n\
           fastcgi_temp_path {dir}/nginx-fastcgi;\n\
           uwsgi_temp_path {dir}/nginx-uwsgi;\n\
           scgi_temp_path {dir}/nginx-scgi;\n\
           client_max_body_size 64m;\n\
           upstream touchstone {{\n{servers}  }}\n\
           server {{\n\
             listen 127.0.0.1:{port};\n\
             location / {{\n\
               proxy_pass http://touchstone;\n\
               proxy_set_header Host $http_host;\n\
               proxy_set_header X-Real-IP $remote_addr;\n\
               proxy_next_upstream error timeout;\n\
               proxy_connect_timeout 2s;\n\
               add_header X-Upstream $upstream_addr always;\n\
             }}\n\
           }}\n\
         }}\n",
        user = if root { "user root;\n" } else { "" },
    )
}

/// A mail as the SMTP server kept it.
struct Received {
    to: String,
    message_id: String,
    body: String,
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The body of a single-part mail, undone from its transfer encoding.
fn decoded_body(head: &str, body: &str) -> String {
    match header(head, "content-transfer-encoding") {
        Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            String::from_utf8_lossy(
                &base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default(),
            )
            .into_owned()
        }
        Some(encoding) if encoding.eq_ignore_ascii_case("quoted-printable") => {
            let joined = body.replace("=\r\n", "").replace("=\n", "");
            let mut bytes = Vec::new();
            let raw = joined.as_bytes();
            let mut at = 0;
            while at < raw.len() {
                let hex = raw
                    .get(at + 1..at + 3)
                    .and_then(|pair| std::str::from_utf8(pair).ok())
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok());
                match (raw[at], hex) {
                    (b'=', Some(byte)) => {
                        bytes.push(byte);
                        at += 3;
                    }
                    (byte, _) => {
                        bytes.push(byte);
                        at += 1;
                    }
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => body.to_owned(),
    }
}

fn received_mail(maildir: &Path) -> Vec<Received> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .map(|text| {
            let text = text.replace("\r\n", "\n");
            let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
            Received {
                to: header(head, "to").unwrap_or_default().to_owned(),
                message_id: header(head, "message-id").unwrap_or_default().to_owned(),
                body: decoded_body(head, body),
            }
        })
        .collect()
}

async fn mail_to(maildir: &Path, to: &str) -> Received {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(mail) = received_mail(maildir)
            .into_iter()
            .find(|mail| mail.to.contains(to))
        {
            return mail;
        }
        assert!(Instant::now() < deadline, "no mail to {to} arrived");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// What the steady load saw.
#[derive(Default)]
struct Load {
    requests: u64,
    errors: Vec<String>,
    /// Drafts whose creation was answered with their page.
    acknowledged: Vec<i64>,
}

/// `LOAD_WORKERS` clients through nginx until `stop`: three in four requests read
/// a public page, one in four creates a draft as the signed-in maker.
async fn steady_load(base: String, cookie: String, page: String, stop: Arc<AtomicBool>) -> Load {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..LOAD_WORKERS {
        let (client, base, cookie, page, stop) = (
            client.clone(),
            base.clone(),
            cookie.clone(),
            page.clone(),
            stop.clone(),
        );
        workers.spawn(async move {
            let mut load = Load::default();
            let mut n = 0_u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                load.requests += 1;
                if n.is_multiple_of(4) {
                    let title = format!("Load ring {worker}-{n}");
                    let sent = client
                        .post(format!("{base}/api/studio/new-piece"))
                        .header("origin", &base)
                        .header("accept", "text/html")
                        .header("cookie", &cookie)
                        .form(&[("title", title.as_str())])
                        .send()
                        .await;
                    match sent {
                        Ok(answer) => {
                            let to = answer
                                .headers()
                                .get("location")
                                .and_then(|l| l.to_str().ok())
                                .and_then(|l| l.strip_prefix("/studio/pieces/"))
                                .and_then(|id| id.parse().ok());
                            match to {
                                Some(id) => load.acknowledged.push(id),
                                None => load.errors.push(format!("new draft: {}", answer.status())),
                            }
                        }
                        Err(error) => load.errors.push(format!("new draft: {error}")),
                    }
                } else {
                    let path = if n.is_multiple_of(2) {
                        "/"
                    } else {
                        page.as_str()
                    };
                    match client.get(format!("{base}{path}")).send().await {
                        Ok(answer) if answer.status().is_success() => {
                            // Read the whole page: a response cut short is an error too.
                            if let Err(error) = answer.bytes().await {
                                load.errors.push(format!("GET {path}: {error}"));
                            }
                        }
                        Ok(answer) => load.errors.push(format!("GET {path}: {}", answer.status())),
                        Err(error) => load.errors.push(format!("GET {path}: {error}")),
                    }
                }
            }
            load
        });
    }
    let mut total = Load::default();
    while let Some(done) = workers.join_next().await {
        let done = done.unwrap();
        total.requests += done.requests;
        total.errors.extend(done.errors);
        total.acknowledged.extend(done.acknowledged);
    }
    total
}

/// Answers through nginx until both app servers have answered `path`; each
/// answer is checked by `check`. Returns the servers that answered.
async fn from_both_servers(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: Option<&str>,
    mut check: impl FnMut(reqwest::StatusCode, &str),
) -> HashSet<String> {
    let mut answered = HashSet::new();
    for _ in 0..20 {
        let mut request = client.get(format!("{base}{path}"));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let answer = request.send().await.unwrap();
        let upstream = answer.headers()["x-upstream"].to_str().unwrap().to_owned();
        let status = answer.status();
        check(status, &answer.text().await.unwrap());
        answered.insert(upstream);
        if answered.len() == 2 {
            break;
        }
    }
    answered
}

struct DropDatabase {
    admin_url: String,
    name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .arg(&self.admin_url)
            .args([
                "-qc",
                &format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name),
            ])
            .status();
    }
}

/// Everything the test started. Fields drop in order: the app servers first,
/// then the other processes, the database, and last their folder.
struct Cluster {
    servers: Vec<AppServer>,
    _processes: Vec<Process>,
    _database: DropDatabase,
    database_url: String,
    /// nginx's address: `http://127.0.0.1:port`.
    base: String,
    nginx_port: u16,
    moto_port: u16,
    maildir: PathBuf,
    dir: tempfile::TempDir,
}

impl Cluster {
    async fn start(admin_url: &str) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let venv = project_tools().join("venv/bin");
        let (moto, smtpd) = (tool(venv.join("moto_server")), tool(venv.join("aiosmtpd")));
        let nginx = tool(PathBuf::from("/usr/sbin/nginx"));
        let mut processes = Vec::new();

        // The object store, with its bucket.
        let moto_port = free_port();
        processes.push(spawn(
            Command::new(moto).args(["-H", "127.0.0.1", "-p", &moto_port.to_string()]),
            &root.join("moto.log"),
        ));
        wait_for_port(moto_port, "moto").await;
        let bucket = reqwest::Client::new()
            .put(format!("http://127.0.0.1:{moto_port}/{BUCKET}"))
            .send()
            .await
            .unwrap();
        assert!(bucket.status().is_success(), "{}", bucket.status());

        // The SMTP server, keeping each mail as a file.
        let maildir = root.join("maildir");
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        let smtp_port = free_port();
        processes.push(spawn(
            Command::new(smtpd)
                .args(["-n", "-l", &format!("127.0.0.1:{smtp_port}")])
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(&maildir),
            &root.join("smtpd.log"),
        ));
        wait_for_port(smtp_port, "aiosmtpd").await;

        // Two app servers on a database neither has seen: both create and migrate
        // it at once, taking turns under PostgreSQL's advisory lock.
        let name = format!("touchstone_cluster_{}", std::process::id());
        let database = DropDatabase {
            admin_url: admin_url.to_owned(),
            name: name.clone(),
        };
        let database_url = support::with_database(admin_url, &name);
        let nginx_port = free_port();
        let base = format!("http://127.0.0.1:{nginx_port}");
        let shared: Vec<(String, String)> = [
            ("DATABASE_URL", database_url.clone()),
            ("TOUCHSTONE_PUBLIC_BASE_URL", base.clone()),
            ("TOUCHSTONE_TRUSTED_PROXIES", "127.0.0.1".into()),
            ("TOUCHSTONE_CLIENT_IP_HEADER", "x-real-ip".into()),
            ("TOUCHSTONE_PASSPORT_KEY", PASSPORT_KEY.into()),
            ("TOUCHSTONE_LINK_KEYS", LINK_KEY.into()),
            (
                "TOUCHSTONE_SMTP_URL",
                format!("smtp://127.0.0.1:{smtp_port}"),
            ),
            (
                "TOUCHSTONE_MAIL_FROM",
                "Touchstone <hello@touchstone.example>".into(),
            ),
            ("TOUCHSTONE_MEDIA_URL", format!("s3://{BUCKET}/media")),
            ("AWS_ACCESS_KEY_ID", "cluster-test".into()),
            ("AWS_SECRET_ACCESS_KEY", "cluster-test-secret".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT", format!("http://127.0.0.1:{moto_port}")),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("RUST_LOG", "info".into()),
            ("NO_COLOR", "1".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let mut servers: Vec<AppServer> = (0..2)
            .map(|n| {
                let data_dir = root.join(format!("app-{n}"));
                std::fs::create_dir_all(&data_dir).unwrap();
                AppServer {
                    port: free_port(),
                    metrics_port: free_port(),
                    data_dir,
                    env: shared.clone(),
                    process: None,
                }
            })
            .collect();
        for server in &mut servers {
            server.start();
        }
        for server in &servers {
            server.wait_until_ready().await;
        }

        let conf = root.join("nginx.conf");
        let ports: Vec<u16> = servers.iter().map(|s| s.port).collect();
        std::fs::write(&conf, nginx_config(root, nginx_port, &ports)).unwrap();
        processes.push(spawn(
            Command::new(nginx)
                .arg("-p")
                .arg(root)
                .arg("-c")
                .arg(&conf)
                .arg("-e")
                .arg(root.join("nginx-error.log")),
            &root.join("nginx.log"),
        ));
        wait_for_port(nginx_port, "nginx").await;
        Cluster {
            servers,
            _processes: processes,
            _database: database,
            database_url,
            base,
            nginx_port,
            moto_port,
            maildir,
            dir,
        }
    }

    /// A harness app whose address is nginx's, with the test's own view of the
    /// database (for checks only).
    async fn app(&self) -> TestApp {
        let media_dir = self.dir.path().join("test-media");
        let store = touchstone_server::store::SqlStore::connect(
            &self.database_url,
            2,
            touchstone_server::files::MediaFiles::local(&media_dir).unwrap(),
        )
        .await
        .unwrap();
        TestApp {
            address: format!("127.0.0.1:{}", self.nginx_port).parse().unwrap(),
            database_url: self.database_url.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            store: Arc::new(store),
            data_dir: tempfile::tempdir().unwrap(),
            metrics: None,
        }
    }

    fn nginx_errors(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("nginx-error.log")).unwrap_or_default()
    }

    /// Requests answered by each app server, from nginx's log.
    fn requests_by_server(&self) -> BTreeMap<String, u64> {
        let access = std::fs::read_to_string(self.dir.path().join("nginx-access.log")).unwrap();
        let mut by_server: BTreeMap<String, u64> = BTreeMap::new();
        for line in access.lines() {
            // A retried request names each server tried; the last one answered.
            let upstreams = line.split_once('|').map(|(_, u)| u).unwrap_or_default();
            let answered = upstreams.rsplit(", ").next().unwrap_or_default();
            *by_server.entry(answered.to_owned()).or_default() += 1;
        }
        by_server
    }

    async fn outbox_count(&self, query: &str) -> i64 {
        use sqlx::Connection;
        let mut db = sqlx::PgConnection::connect(&self.database_url)
            .await
            .unwrap();
        sqlx::query_scalar::<_, i64>(query)
            .fetch_one(&mut db)
            .await
            .unwrap()
    }

    /// `metric` on each app server, in order.
    async fn metric_by_server(&self, name: &str) -> Vec<f64> {
        let mut values = Vec::new();
        for server in &self.servers {
            values.push(metric(&server.metrics().await, name));
        }
        values
    }
}

/// A maker signs up through nginx, confirms by the mail the SMTP server
/// received, and opens her studio; her session works on both servers.
async fn maker_signs_up_by_mail<'a>(cluster: &Cluster, app: &'a TestApp) -> Visitor<'a> {
    let mut ines = Visitor::new(app);
    let (to, _) = ines
        .submit(
            "/api/accounts/sign-up",
            &[
                ("email", MAKER_EMAIL),
                ("display_name", "Inês Duarte"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(to, "/sign-in");
    let confirmation = mail_to(&cluster.maildir, MAKER_EMAIL).await;
    let link = "/account/confirm?token=";
    let at = confirmation.body.find(link).expect("a confirmation link") + link.len();
    let token = confirmation.body[at..at + 64].to_owned();
    ines.submit("/api/accounts/confirm-email", &[("token", &token)])
        .await;
    ines.submit(
        "/api/accounts/sign-in",
        &[("email", MAKER_EMAIL), ("password", PASSWORD)],
    )
    .await;
    let (to, page) = ines
        .submit(
            "/api/studio/open",
            &[
                ("display_name", "Inês Duarte"),
                ("slug", MAKER_SLUG),
                ("country", "PT"),
                ("city", "Porto"),
                ("tagline", "Filigree in recycled silver"),
            ],
        )
        .await;
    assert_eq!(to, "/studio", "{}", page.body);
    let cookie = ines.cookie.clone().unwrap();
    let answered = from_both_servers(
        &app.client,
        &cluster.base,
        "/studio",
        Some(&cookie),
        |status, body| {
            assert_eq!(status, reqwest::StatusCode::OK);
            assert!(body.contains("Inês Duarte — your studio"), "{body}");
        },
    )
    .await;
    assert_eq!(answered.len(), 2, "both servers know her session");
    ines
}

/// She publishes a piece with a photo: the photo is in the bucket (on neither
/// server's disk), and the piece page, search and her profile show it from both
/// servers at once, each serving the photo. The piece page's path.
async fn published_on_both_servers(
    cluster: &Cluster,
    app: &TestApp,
    ines: &mut Visitor<'_>,
) -> String {
    let piece = support::studio::published_piece(app, ines, MAKER_EMAIL, MAKER_SLUG).await;
    for server in &cluster.servers {
        assert!(
            !server.data_dir.join("media").exists(),
            "no photo lands on an app server's disk"
        );
    }
    let listing = support::body_of(
        &app.client,
        &format!(
            "http://127.0.0.1:{}/{BUCKET}?prefix=media/",
            cluster.moto_port
        ),
    )
    .await;
    assert!(listing.contains("<Key>media/"), "{listing}");

    let slug = app
        .store
        .studio_piece(
            support::studio::maker_of(app, MAKER_EMAIL).await,
            app::pieces::PieceId(piece),
        )
        .await
        .unwrap()
        .unwrap()
        .slug;
    let piece_page = format!("/pieces/{slug}");
    let mut photo = None;
    let profile = format!("/makers/{MAKER_SLUG}");
    for path in [piece_page.as_str(), "/search?q=Tidal", profile.as_str()] {
        let answered = from_both_servers(&app.client, &cluster.base, path, None, |status, body| {
            assert_eq!(status, reqwest::StatusCode::OK, "{path}");
            assert!(
                body.contains("Tidal ring"),
                "{path} does not show the piece"
            );
            if photo.is_none() {
                photo = support::media_urls(body).into_iter().next();
            }
        })
        .await;
        assert_eq!(answered.len(), 2, "{path} from both servers");
    }
    let photo = photo.expect("the piece page shows its photo");
    let answered = from_both_servers(&app.client, &cluster.base, &photo, None, |status, _| {
        assert_eq!(status, reqwest::StatusCode::OK, "{photo}");
    })
    .await;
    assert_eq!(answered.len(), 2, "both servers serve the photo");
    piece_page
}

/// Waits for the outbox to empty, then checks each mail arrived exactly once:
/// (sent, received).
async fn mail_delivered_once(cluster: &Cluster) -> (usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while cluster
        .outbox_count("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
        .await
        > 0
    {
        assert!(Instant::now() < deadline, "the outbox never emptied");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let sent = cluster
        .outbox_count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")
        .await;
    let sent = usize::try_from(sent).unwrap();
    // The SMTP server writes each mail's file as it accepts it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = received_mail(&cluster.maildir);
    let distinct: HashSet<&str> = received.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(
        (received.len(), distinct.len()),
        (sent, sent),
        "each outbox mail received exactly once"
    );
    (sent, received.len())
}

/// Runs `disruption` under steady load through nginx and returns what the
/// load saw, after checking every draft it was told was created is stored.
async fn under_load<F: std::future::Future<Output = ()>>(
    base: &str,
    app: &TestApp,
    cookie: &str,
    page: &str,
    disruption: F,
) -> Load {
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn(steady_load(
        base.to_owned(),
        cookie.to_owned(),
        page.to_owned(),
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    disruption.await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    stop.store(true, Ordering::Relaxed);
    let load = load.await.unwrap();
    assert!(!load.acknowledged.is_empty(), "the load wrote");
    let maker = support::studio::maker_of(app, MAKER_EMAIL).await;
    for id in &load.acknowledged {
        let stored = app
            .store
            .studio_piece(maker, app::pieces::PieceId(*id))
            .await
            .unwrap();
        assert!(stored.is_some(), "acknowledged draft {id} is stored");
    }
    load
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "starts nginx, moto and aiosmtpd: `make cluster` (part of `make test`) runs it"]
async fn two_app_servers_behind_nginx_share_postgres_s3_and_smtp() {
    let admin_url = std::env::var(support::PG_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "the cluster test needs PostgreSQL: set {}",
            support::PG_URL_VAR
        )
    });
    let mut cluster = Cluster::start(&admin_url).await;
    let app = cluster.app().await;

    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), reqwest::StatusCode::OK);
    assert_eq!(
        ready.text().await.unwrap(),
        "database: ok\nmigrations: ok\nmedia: ok\n"
    );
    let public_metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(
        public_metrics.status(),
        reqwest::StatusCode::NOT_FOUND,
        "metrics are served on their own address only"
    );

    let mut ines = maker_signs_up_by_mail(&cluster, &app).await;
    let cookie = ines.cookie.clone().unwrap();
    let piece_page = published_on_both_servers(&cluster, &app, &mut ines).await;
    let media_reads = cluster
        .metric_by_server("touchstone_media_reads_total")
        .await;
    assert!(
        media_reads.iter().all(|&reads| reads > 0.0),
        "every server reads photos from the object store: {media_reads:?}"
    );

    // 200 buyers race for one consultation slot: one gets it.
    let slot = support::booking::open_slot(
        app.store.as_ref(),
        support::studio::maker_of(&app, MAKER_EMAIL).await,
        MAKER_SLUG,
    )
    .await;
    let nginx = format!("127.0.0.1:{}", cluster.nginx_port);
    assert_eq!(
        support::booking::two_hundred_buyers_race_for(&slot, &[nginx]).await,
        (1, 199)
    );

    // 200 signed-in buyers press Buy for the one-of-one at once, through both
    // servers: one hold, 199 told someone else is buying it.
    let (_, terms) = ines
        .submit(
            "/api/orders/save-terms",
            &[
                ("delivery_fee", ""),
                ("collection", "From the studio in Porto, by appointment"),
                ("returns", "Within 14 days, unworn."),
                (
                    "payment_instructions",
                    "IBAN PT50 0002 0123 1234 5678 9015 4",
                ),
            ],
        )
        .await;
    assert!(
        terms.body.contains("terms of sale are saved"),
        "{}",
        terms.body
    );
    let piece = piece_page.trim_start_matches("/pieces/");
    assert_eq!(
        support::orders::buyers_race_for(&app, piece, 200).await,
        (1, 199)
    );

    // Sixty notifications queued at once (as a busy hour would queue them; the
    // per-client mail limits keep one test client from causing that many), for
    // both servers' outbox loops to deliver.
    support::behind_the_apps_back(
        &cluster.database_url,
        &["INSERT INTO outbox (recipient, subject, body, created_at) \
           SELECT 'reader' || n || '@cluster.example', 'Notice ' || n, 'Hello.', now() \
           FROM generate_series(1, 60) AS n"],
    )
    .await;

    // Every mail delivered once, although both servers run the outbox.
    let (sent, received) = mail_delivered_once(&cluster).await;
    let mail_by_server = cluster.metric_by_server("touchstone_mail_sent_total").await;

    // One server killed mid-request and started again.
    let base = cluster.base.clone();
    let killed = under_load(&base, &app, &cookie, &piece_page, async {
        let server = &mut cluster.servers[0];
        server.kill();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.start();
        server.wait_until_ready().await;
    })
    .await;
    assert!(
        killed.errors.len() <= LOAD_WORKERS,
        "only requests in flight on the killed server may fail: {:?}\nnginx said:\n{}",
        killed.errors,
        cluster.nginx_errors()
    );

    // A rolling restart: each server stopped with SIGTERM, started, and back in
    // nginx's rotation before the next.
    let rolled = under_load(&base, &app, &cookie, &piece_page, async {
        for server in &mut cluster.servers {
            server.terminate().await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            server.start();
            server.wait_until_ready().await;
            server.wait_until_in_rotation(&base).await;
        }
    })
    .await;
    assert!(
        rolled.errors.is_empty(),
        "a rolling restart fails no request: {:?}\nnginx said:\n{}",
        rolled.errors,
        cluster.nginx_errors()
    );

    for server in &cluster.servers {
        let scrape = server.metrics().await;
        for name in [
            "touchstone_http_requests_total",
            "touchstone_http_request_duration_seconds_bucket",
            "touchstone_db_pool_connections",
            "touchstone_outbox_pending",
            "touchstone_jobs_due",
            "touchstone_render_cache_requests_total",
        ] {
            assert!(scrape.contains(name), "{name} missing from /metrics");
        }
    }
    let by_server = cluster.requests_by_server();
    assert!(
        by_server.len() == 2 && by_server.values().all(|&n| n > 0),
        "both servers answered: {by_server:?}"
    );
    let received_by_the_end = received_mail(&cluster.maildir).len();
    assert_eq!(received_by_the_end, received, "no mail sent twice");
    eprintln!(
        "\ncluster report\n\
         requests answered, by server (nginx log): {by_server:?}\n\
         steady load with one server killed: {} requests, {} errors {:?}\n\
         rolling restart: {} requests, {} errors\n\
         mail: {sent} sent by the outbox ({mail_by_server:?} by server), {received} received, \
         each once; {received_by_the_end} by the end\n\
         photos read from S3 by each server: {media_reads:?}",
        killed.requests,
        killed.errors.len(),
        killed.errors,
        rolled.requests,
        rolled.errors.len(),
    );
}
