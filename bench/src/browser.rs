//! The browser's view of the public pages, against the release server on SQLite
//! with the demo data: the JS, wasm and CSS a page loads (raw, gzip and brotli,
//! from chromium's network log and then fetched as sent), and Lighthouse's mobile
//! preset (medians of three runs). Both run in Debian's chromium from
//! `bench/web` (`npm ci` there installs them).
//!
//! Needs the release binary (`make build`); prints tables and writes
//! `bench/results/browser.json`.

use std::process::Command;
use touchstone_bench::release_server::DemoServer;

use touchstone_bench::Error;

/// The brotli JS + wasm a public page may load (issue 7's target).
const JS_WASM_BROTLI_TARGET: u64 = 100 * 1024;

/// Runs a script of `bench/web` against the server's pages; its JSON.
fn node(script: &str, server: &DemoServer, paths: &[String]) -> Result<serde_json::Value, Error> {
    let output = Command::new("node")
        .arg(format!("bench/web/{script}"))
        .arg(format!("http://{}", server.address))
        .args(paths)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "{script} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

fn number(value: &serde_json::Value, pointer: &str) -> f64 {
    value
        .pointer(pointer)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or(f64::NAN)
}

fn main() -> Result<(), Error> {
    let server = DemoServer::start()?;
    let pages = server.public_pages()?;
    let paths: Vec<String> = pages.iter().map(|(_, path)| path.clone()).collect();
    let weight = node("page-weight.mjs", &server, &paths)?;
    let lighthouse = node("lighthouse.mjs", &server, &paths)?;
    drop(server);

    println!(
        "\n{:<12} {:>10} {:>10} {:>10} {:>9} {:>9} {:>9}",
        "page", "JS+wasm", "gzip", "brotli", "CSS", "gzip", "brotli"
    );
    let mut heaviest = 0_u64;
    for (index, (name, _)) in pages.iter().enumerate() {
        let at = |field: &str| number(&weight, &format!("/pages/{index}/{field}"));
        heaviest = heaviest.max(at("js_wasm/brotli") as u64);
        println!(
            "{:<12} {:>10.0} {:>10.0} {:>10.0} {:>9.0} {:>9.0} {:>9.0}",
            name,
            at("js_wasm/raw"),
            at("js_wasm/gzip"),
            at("js_wasm/brotli"),
            at("css/raw"),
            at("css/gzip"),
            at("css/brotli"),
        );
    }
    println!(
        "heaviest JS + wasm, brotli: {heaviest} B (target ≤ {JS_WASM_BROTLI_TARGET} B: {})",
        if heaviest <= JS_WASM_BROTLI_TARGET {
            "met"
        } else {
            "MISSED"
        }
    );

    println!(
        "\nLighthouse, mobile preset, median of {} runs:",
        number(&lighthouse, "/pages/0/runs")
    );
    println!(
        "{:<12} {:>6} {:>6} {:>6} {:>5} {:>9} {:>7} {:>8}",
        "page", "perf", "a11y", "best", "SEO", "LCP ms", "CLS", "TBT ms"
    );
    for (index, (name, _)) in pages.iter().enumerate() {
        let at = |field: &str| number(&lighthouse, &format!("/pages/{index}/{field}"));
        println!(
            "{:<12} {:>6.0} {:>6.0} {:>6.0} {:>5.0} {:>9.0} {:>7.3} {:>8.0}",
            name,
            at("performance"),
            at("accessibility"),
            at("best_practices"),
            at("seo"),
            at("lcp_ms"),
            at("cls"),
            at("tbt_ms"),
        );
        if let Some(failing) = lighthouse
            .pointer(&format!("/pages/{index}/failing_audits"))
            .and_then(serde_json::Value::as_array)
            .filter(|failing| !failing.is_empty())
        {
            println!("             failing audits: {failing:?}");
        }
    }
    let json = serde_json::json!({
        "pages": pages.iter().map(|(name, path)| serde_json::json!({ "page": name, "path": path })).collect::<Vec<_>>(),
        "page_weight": weight,
        "js_wasm_brotli_target_bytes": JS_WASM_BROTLI_TARGET,
        "lighthouse": lighthouse,
    });
    touchstone_bench::write_results("browser", &json)
}
