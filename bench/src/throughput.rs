//! Throughput against the limit: the release server on SQLite with the demo data,
//! loaded by `oha` (installed from crates.io when missing). For the home, a maker
//! and a piece page, the maker directory and a search — sent from the render cache,
//! and by a second server with the cache off — and, in the same run, from the same
//! server, each page's own bytes sent from memory (the way `/pkg` serves the
//! compiled site: the fastest path the server has, so the limit that page is
//! measured against) and the home page's from disk (the fallback file handler):
//! requests per second and p50 / p99 latency at the highest rate 32 connections
//! reach, the ratio page ÷ its bytes from memory, p99 at a constant half of each
//! page's highest rate (each figure the median of three runs), the JavaScript and
//! wasm each page makes a browser fetch, and both servers' resident memory idle and
//! after a sustained load (`TOUCHSTONE_BENCH_SOAK_SECONDS`, 300 by default).
//!
//! Needs the release binary (`make build`); prints a table and writes
//! `bench/results/throughput.json`.

use std::process::Command;
use touchstone_bench::release_server::DemoServer;

use touchstone_bench::Error;

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

/// The JavaScript and wasm a page makes the browser fetch, in bytes as sent to a
/// browser that accepts brotli: the scripts and preloads its HTML names under `/pkg`.
fn code_bytes_sent(server: &DemoServer, page: &str) -> Result<u64, Error> {
    let mut total = 0;
    for asset in page.split("\"/pkg/").skip(1) {
        let Some(name) = asset.split('"').next() else {
            continue;
        };
        if !(name.ends_with(".js") || name.ends_with(".wasm")) {
            continue;
        }
        let output = Command::new("curl")
            .args(["-sf", "-o", "/dev/null", "-w", "%{size_download}"])
            .args(["-H", "accept-encoding: br"])
            .arg(format!("http://{}/pkg/{name}", server.address))
            .output()?;
        if !output.status.success() {
            return Err(format!("/pkg/{name} failed").into());
        }
        total += String::from_utf8(output.stdout)?.trim().parse::<u64>()?;
    }
    Ok(total)
}

/// One measured path: on which server, at what rate, what it sent.
struct Row {
    name: String,
    path: String,
    /// The same bytes sent from memory or disk, not a page.
    baseline: bool,
    render_cache: bool,
    most: Load,
    steady: Load,
    /// Requests per second over those of the page's bytes sent from memory.
    ratio_to_memory: f64,
    page_bytes: usize,
    has_island: bool,
    code_bytes: u64,
}

fn measure(
    oha: &str,
    server: &DemoServer,
    name: &str,
    path: &str,
    render_cache: bool,
) -> Result<Row, Error> {
    let page = server.get(path)?;
    let url = format!("http://{}{path}", server.address);
    let most = median_load(oha, &url, None)?;
    let steady = median_load(oha, &url, Some(most.per_second / 2.0))?;
    eprintln!("{name}: {:.0} requests/s", most.per_second);
    Ok(Row {
        name: name.to_owned(),
        path: path.to_owned(),
        baseline: false,
        render_cache,
        ratio_to_memory: 1.0,
        most,
        steady,
        page_bytes: page.len(),
        has_island: page.contains("<leptos-island"),
        code_bytes: code_bytes_sent(server, &page)?,
    })
}

/// How long the memory figure's load runs, in seconds (`TOUCHSTONE_BENCH_SOAK_SECONDS`).
fn soak_seconds() -> u32 {
    std::env::var("TOUCHSTONE_BENCH_SOAK_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or(300)
}

fn main() -> Result<(), Error> {
    let oha = oha()?;
    let mut cached = DemoServer::start()?;
    let uncached = DemoServer::start_with(&[("TOUCHSTONE_RENDER_CACHE_BYTES", "0")])?;
    let pages = cached.public_pages()?;
    // Each page's bytes, to send as they are: `/pkg` is read into memory at start.
    let mut bytes_of = Vec::new();
    for (index, (_, path)) in pages.iter().enumerate() {
        let page = cached.get(path)?;
        let name = format!("static-like-page-{index}.css");
        std::fs::write(cached.site().join("pkg").join(&name), &page)?;
        bytes_of.push((format!("/pkg/{name}"), page.len()));
    }
    let home = cached.get("/")?;
    std::fs::write(cached.site().join("static-like-home.html"), &home)?;
    cached.restart()?;
    let idle = [cached.resident_megabytes()?, uncached.resident_megabytes()?];
    let mut rows = Vec::new();
    let mut baseline = |name: String, path: &str, bytes: usize| -> Result<f64, Error> {
        if cached.get(path)?.len() != bytes {
            return Err(format!("{name} aren't served whole").into());
        }
        let mut row = measure(&oha, &cached, &name, path, false)?;
        row.baseline = true;
        let rate = row.most.per_second;
        rows.push(row);
        Ok(rate)
    };
    let from_disk = baseline(
        "the home page's bytes, from disk".into(),
        "/static-like-home.html",
        home.len(),
    )?;
    let mut limits = Vec::new();
    for ((page, _), (path, bytes)) in pages.iter().zip(&bytes_of) {
        limits.push(baseline(
            format!("the {page}'s bytes, from memory"),
            path,
            *bytes,
        )?);
    }
    // The home page comes first: its bytes from disk against the same from memory.
    rows[0].ratio_to_memory = from_disk / limits[0];
    for ((name, path), limit) in pages.iter().zip(limits) {
        for (server, render_cache) in [(&cached, true), (&uncached, false)] {
            let state = if render_cache { "cached" } else { "uncached" };
            let mut row = measure(
                &oha,
                server,
                &format!("{name}, {state}"),
                path,
                render_cache,
            )?;
            row.ratio_to_memory = row.most.per_second / limit;
            rows.push(row);
        }
    }

    // Resident memory after a sustained load of every public page on each server.
    let soak = soak_seconds();
    eprintln!("memory: {soak} s of load on each server…");
    let mut loaded = [0.0; 2];
    for (index, server) in [&cached, &uncached].into_iter().enumerate() {
        let each = (soak / u32::try_from(pages.len())?).max(1);
        for (_, path) in &pages {
            let url = format!("http://{}{path}", server.address);
            Command::new(&oha)
                .args([
                    "-z",
                    &format!("{each}s"),
                    "-c",
                    "32",
                    "--no-tui",
                    "--output-format",
                    "json",
                ])
                .arg(&url)
                .output()?;
        }
        loaded[index] = server.resident_megabytes()?;
    }
    drop((cached, uncached));

    println!(
        "\n{:<40} {:>10} {:>8} {:>8} {:>14} {:>12} {:>10} {:>12}",
        "target", "req/s", "p50 ms", "p99 ms", "÷ from memory", "p99 @ 50%", "page B", "JS+wasm B"
    );
    for row in &rows {
        println!(
            "{:<40} {:>10.0} {:>8.2} {:>8.2} {:>14.2} {:>9.2} ms {:>10} {:>12}",
            row.name,
            row.most.per_second,
            row.most.p50_ms,
            row.most.p99_ms,
            row.ratio_to_memory,
            row.steady.p99_ms,
            row.page_bytes,
            row.code_bytes,
        );
    }
    println!(
        "\nresident memory, idle → after {soak} s of load: render cache on {:.1} → {:.1} MB, \
         off {:.1} → {:.1} MB",
        idle[0], loaded[0], idle[1], loaded[1]
    );
    let json = serde_json::json!({
        "seconds_per_run": SECONDS,
        "runs_per_figure": ROUNDS,
        "connections": 32,
        "targets": rows.iter().map(|row| serde_json::json!({
            "target": row.name, "path": row.path,
            "baseline": row.baseline,
            "render_cache": row.render_cache,
            "requests_per_second": row.most.per_second,
            "p50_ms": row.most.p50_ms, "p99_ms": row.most.p99_ms,
            "ratio_to_memory": row.ratio_to_memory,
            "p99_ms_at_half_rate": row.steady.p99_ms,
            "page_bytes": row.page_bytes,
            "has_island": row.has_island,
            "js_wasm_bytes_sent": row.code_bytes,
        })).collect::<Vec<_>>(),
        "memory": {
            "load_seconds": soak,
            "cached_idle_mb": idle[0], "cached_loaded_mb": loaded[0],
            "uncached_idle_mb": idle[1], "uncached_loaded_mb": loaded[1],
        },
    });
    touchstone_bench::write_results("throughput", &json)
}
