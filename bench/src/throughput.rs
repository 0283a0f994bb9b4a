//! Throughput against the limit: the release server on SQLite with the demo data,
//! loaded by `oha` (installed from crates.io when missing). For the home, a maker
//! and a piece page, and — in the same run, from the same server — the home page's
//! bytes sent from memory (the way `/pkg` serves the compiled site: the fastest
//! path the server has, so the limit the pages are measured against) and from
//! disk (the fallback file handler): requests per second and p50 / p99 latency at
//! the highest rate 32 connections reach, the ratio page ÷ bytes from memory, and
//! p99 at a constant half of each page's highest rate; each figure the median of
//! three runs.
//!
//! Needs the release binary (`make build`); prints a table and writes
//! `bench/results/throughput.json`.

use std::process::Command;
use touchstone_bench::release_server::DemoServer;
use touchstone_bench::{BYTES_FROM_DISK, BYTES_FROM_MEMORY};

type Error = Box<dyn std::error::Error + Send + Sync>;

const SECONDS: u32 = 10;
/// Each load runs this many times; the figures are their medians.
const ROUNDS: usize = 3;

struct Load {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn oha() -> Result<String, Error> {
    let installed = Command::new("oha").arg("--version").output();
    if installed.is_ok_and(|output| output.status.success()) {
        return Ok("oha".into());
    }
    let status = Command::new("cargo")
        .args(["install", "oha", "--locked"])
        .status()?;
    if !status.success() {
        return Err("installing oha failed".into());
    }
    Ok("oha".into())
}

/// Loads `url` for `SECONDS` from 32 connections, at most `rate` requests a second.
fn load(oha: &str, url: &str, rate: Option<f64>) -> Result<Load, Error> {
    let mut command = Command::new(oha);
    command.args([
        "-z",
        &format!("{SECONDS}s"),
        "-c",
        "32",
        "--no-tui",
        "--output-format",
        "json",
    ]);
    if let Some(rate) = rate {
        command.args(["-q", &format!("{rate:.0}")]);
    }
    let output = command.arg(url).output()?;
    if !output.status.success() {
        return Err(format!("oha failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let seconds = |pointer: &str| {
        report
            .pointer(pointer)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("oha's report has no {pointer}"))
    };
    let statuses = report
        .pointer("/statusCodeDistribution")
        .and_then(serde_json::Value::as_object)
        .ok_or("oha's report has no status codes")?;
    if statuses.keys().any(|status| status != "200") {
        return Err(format!("{url} answered {statuses:?}").into());
    }
    Ok(Load {
        per_second: seconds("/summary/requestsPerSec")?,
        p50_ms: seconds("/latencyPercentiles/p50")? * 1_000.0,
        p99_ms: seconds("/latencyPercentiles/p99")? * 1_000.0,
    })
}

/// The median of each figure over `ROUNDS` runs of the same load.
fn median_load(oha: &str, url: &str, rate: Option<f64>) -> Result<Load, Error> {
    let runs = (0..ROUNDS)
        .map(|_| load(oha, url, rate))
        .collect::<Result<Vec<_>, _>>()?;
    let median = |figure: fn(&Load) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(figure).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Ok(Load {
        per_second: median(|run| run.per_second),
        p50_ms: median(|run| run.p50_ms),
        p99_ms: median(|run| run.p99_ms),
    })
}

fn main() -> Result<(), Error> {
    let oha = oha()?;
    let mut server = DemoServer::start()?;
    let pages = server.public_pages()?;
    // The home page's bytes, to send as they are: `/pkg` is read into memory at start.
    let home = server.get("/")?;
    std::fs::write(server.site().join("pkg/static-like-home.css"), &home)?;
    std::fs::write(server.site().join("static-like-home.html"), &home)?;
    server.restart()?;
    let baselines = [
        (BYTES_FROM_MEMORY, "/pkg/static-like-home.css".to_owned()),
        (BYTES_FROM_DISK, "/static-like-home.html".to_owned()),
    ];
    for (name, path) in &baselines {
        if server.get(path)?.len() != home.len() {
            return Err(format!("the bytes {name} aren't served whole").into());
        }
    }

    let mut targets = baselines.to_vec();
    targets.extend(pages);
    let mut rows = Vec::new();
    for (name, path) in &targets {
        let url = format!("http://{}{path}", server.address);
        let most = median_load(&oha, &url, None)?;
        let steady = median_load(&oha, &url, Some(most.per_second / 2.0))?;
        eprintln!("{name}: {:.0} requests/s", most.per_second);
        rows.push((*name, path.clone(), most, steady));
    }
    drop(server);

    let limit = rows[0].2.per_second;
    println!(
        "\n{:<12} {:>10} {:>8} {:>8} {:>16} {:>12}",
        "target", "req/s", "p50 ms", "p99 ms", "÷ from memory", "p99 @ 50%"
    );
    for (name, _, most, steady) in &rows {
        println!(
            "{:<12} {:>10.0} {:>8.2} {:>8.2} {:>16.2} {:>9.2} ms",
            name,
            most.per_second,
            most.p50_ms,
            most.p99_ms,
            most.per_second / limit,
            steady.p99_ms
        );
    }
    let json = serde_json::json!({
        "seconds_per_run": SECONDS,
        "runs_per_figure": ROUNDS,
        "connections": 32,
        "home_page_bytes": home.len(),
        "targets": rows.iter().map(|(name, path, most, steady)| serde_json::json!({
            "target": name, "path": path,
            "requests_per_second": most.per_second,
            "p50_ms": most.p50_ms, "p99_ms": most.p99_ms,
            "ratio_to_memory": most.per_second / limit,
            "p99_ms_at_half_rate": steady.p99_ms,
        })).collect::<Vec<_>>(),
    });
    std::fs::create_dir_all("bench/results")?;
    std::fs::write(
        "bench/results/throughput.json",
        serde_json::to_string_pretty(&json)?,
    )?;
    println!("\nwritten to bench/results/throughput.json");
    Ok(())
}
