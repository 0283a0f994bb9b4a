//! Cold start and memory of the release server on SQLite with the demo data.
//!
//! - Cold start: from spawning the process to the first 200 of `/healthz`, and of
//!   the home page (median of 5 starts).
//! - Resident memory (VmRSS) when idle after start, and after 5 000 page requests
//!   from 16 connections at once (home, maker, piece and search pages).
//!
//! Needs the release binary (`make build`); prints a table and writes
//! `bench/results/startup.json`.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use touchstone_bench::release_server::{self, SERVER, resident_megabytes};

use touchstone_bench::Error;

fn server(data_dir: &Path) -> Command {
    let mut command = Command::new(SERVER);
    command
        .env("TOUCHSTONE_DATA_DIR", data_dir)
        .env("TOUCHSTONE_ADDRESS", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1");
    command
}

/// Starts the server and returns it with its address, once it has said where.
fn start(data_dir: &Path) -> Result<(Child, String, Instant), Error> {
    let started = Instant::now();
    let (child, address) = release_server::spawn(server(data_dir))?;
    Ok((child, address, started))
}

/// Milliseconds from `started` until `path` answers 200.
async fn first_ok(
    client: &reqwest::Client,
    address: &str,
    path: &str,
    started: Instant,
) -> Result<f64, Error> {
    loop {
        if let Ok(response) = client.get(format!("http://{address}{path}")).send().await
            && response.status().is_success()
        {
            response.bytes().await?;
            return Ok(started.elapsed().as_secs_f64() * 1_000.0);
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err(format!("{path} did not answer within a minute").into());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    if !Path::new(SERVER).is_file() {
        return Err(format!("{SERVER} is missing: run `make build` first").into());
    }
    let dir = tempfile::tempdir()?;
    let seeded = server(dir.path()).arg("seed-demo").output()?;
    if !seeded.status.success() {
        return Err("seeding the demo data failed".into());
    }
    let client = reqwest::Client::new();

    let (mut health, mut home) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let (mut child, address, started) = start(dir.path())?;
        health.push(first_ok(&client, &address, "/healthz", started).await?);
        home.push(first_ok(&client, &address, "/", started).await?);
        child.kill()?;
        child.wait()?;
    }

    let (mut child, address, started) = start(dir.path())?;
    first_ok(&client, &address, "/", started).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = resident_megabytes(child.id())?;
    let paths = [
        "/",
        "/makers",
        "/search?q=ring",
        "/search?metal=silver&stone=sapphire",
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for connection in 0..16 {
        let client = client.clone();
        let address = address.clone();
        tasks.spawn(async move {
            for n in 0..5_000 / 16 {
                let path = paths[(connection + n) % paths.len()];
                client
                    .get(format!("http://{address}{path}"))
                    .send()
                    .await?
                    .bytes()
                    .await?;
            }
            Ok::<_, Error>(())
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    let loaded = resident_megabytes(child.id())?;
    child.kill()?;
    child.wait()?;

    let (health, home) = (median(health), median(home));
    println!("cold start to the first 200 of /healthz: {health:.0} ms (median of 5)");
    println!("cold start to the first 200 of the home page: {home:.0} ms (median of 5)");
    println!("resident memory: {idle:.1} MB idle, {loaded:.1} MB after 5 000 page requests");
    let json = serde_json::json!({
        "cold_start_healthz_ms": health,
        "cold_start_home_ms": home,
        "rss_idle_mb": idle,
        "rss_after_5000_pages_mb": loaded,
    });
    touchstone_bench::write_results("startup", &json)
}
