//! One table of every figure `make bench` measured, beside its target, from the
//! JSON the benches wrote to `bench/results/` (a bench that hasn't run is left
//! out).

use serde_json::Value;

use touchstone_bench::Error;

fn read(name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(format!("bench/results/{name}.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The JS + wasm budget of a page with islands, as `make test` checks it.
fn js_wasm_budget_bytes() -> f64 {
    std::fs::read_to_string("scripts/asset-budget.json")
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .map_or(f64::NAN, |budget| number(&budget, "/js_wasm_brotli_bytes"))
}

fn number(value: &Value, pointer: &str) -> f64 {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN)
}

fn items<'v>(value: &'v Value, pointer: &str) -> &'v [Value] {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'v>(value: &'v Value, pointer: &str) -> &'v str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("?")
}

struct Table(Vec<[String; 3]>);

impl Table {
    fn row(&mut self, what: String, figure: String, target: &str) {
        self.0.push([what, figure, target.to_owned()]);
    }

    /// A figure against a target: `met`/`MISSED` beside it.
    fn against(&mut self, what: String, figure: f64, unit: &str, at_least: bool, target: f64) {
        let met = if at_least {
            figure >= target
        } else {
            figure <= target
        };
        let sign = if at_least { "≥" } else { "≤" };
        // Scores are whole numbers; ratios and times need their decimals.
        let shown = if figure.fract() == 0.0 {
            format!("{figure:.0}{unit}")
        } else {
            format!("{figure:.2}{unit}")
        };
        self.row(
            what,
            shown,
            &format!(
                "{sign} {target}{unit} {}",
                if met { "met" } else { "MISSED" }
            ),
        );
    }
}

fn main() -> Result<(), Error> {
    let mut table = Table(Vec::new());
    if let Some(throughput) = read("throughput") {
        for target in items(&throughput, "/targets") {
            let name = text(target, "/target");
            table.row(
                format!("{name}: requests/s (p50 / p99 ms)"),
                format!(
                    "{:.0} ({:.2} / {:.2})",
                    number(target, "/requests_per_second"),
                    number(target, "/p50_ms"),
                    number(target, "/p99_ms")
                ),
                "",
            );
            let flag = |field: &str| target.pointer(field).and_then(Value::as_bool) == Some(true);
            if !flag("/baseline") {
                if flag("/render_cache") {
                    table.against(
                        format!("{name}: ÷ its bytes from memory"),
                        number(target, "/ratio_to_memory"),
                        "",
                        true,
                        0.40,
                    );
                } else {
                    table.row(
                        format!("{name}: ÷ its bytes from memory"),
                        format!("{:.2}", number(target, "/ratio_to_memory")),
                        "reported",
                    );
                }
                table.against(
                    format!("{name}: p99 at half its rate"),
                    number(target, "/p99_ms_at_half_rate"),
                    " ms",
                    false,
                    10.0,
                );
                // None on a page without an island; within the budget on one with.
                table.against(
                    format!("{name}: JS + wasm as sent"),
                    number(target, "/js_wasm_bytes_sent"),
                    " B",
                    false,
                    if flag("/has_island") {
                        js_wasm_budget_bytes()
                    } else {
                        0.0
                    },
                );
            }
        }
        let memory = |field: &str| number(&throughput, &format!("/memory/{field}"));
        table.row(
            format!(
                "resident memory, idle → after {:.0} s of load",
                memory("load_seconds")
            ),
            format!(
                "cache on {:.1} → {:.1} MB, off {:.1} → {:.1} MB",
                memory("cached_idle_mb"),
                memory("cached_loaded_mb"),
                memory("uncached_idle_mb"),
                memory("uncached_loaded_mb")
            ),
            "reported",
        );
    }
    if let Some(browser) = read("browser") {
        for (index, page) in items(&browser, "/pages").iter().enumerate() {
            let name = text(page, "/page");
            let weight =
                |field: &str| number(&browser, &format!("/page_weight/pages/{index}/{field}"));
            table.against(
                format!("{name}: JS + wasm, brotli"),
                weight("js_wasm/brotli") / 1024.0,
                " KB",
                false,
                js_wasm_budget_bytes() / 1024.0,
            );
            table.row(
                format!("{name}: CSS raw / gzip / brotli"),
                format!(
                    "{:.0} / {:.0} / {:.0} B",
                    weight("css/raw"),
                    weight("css/gzip"),
                    weight("css/brotli")
                ),
                "",
            );
            let score =
                |field: &str| number(&browser, &format!("/lighthouse/pages/{index}/{field}"));
            table.against(
                format!("{name}: Lighthouse performance"),
                score("performance"),
                "",
                true,
                98.0,
            );
            table.against(
                format!("{name}: Lighthouse accessibility"),
                score("accessibility"),
                "",
                true,
                100.0,
            );
            table.against(
                format!("{name}: Lighthouse SEO"),
                score("seo"),
                "",
                true,
                100.0,
            );
            table.row(
                format!("{name}: best practices, LCP, CLS, TBT"),
                format!(
                    "{:.0}, {:.0} ms, {:.3}, {:.0} ms",
                    score("best_practices"),
                    score("lcp_ms"),
                    score("cls"),
                    score("tbt_ms")
                ),
                "",
            );
        }
    }
    if let Some(startup) = read("startup") {
        table.row(
            "cold start to first 200: /healthz, home".into(),
            format!(
                "{:.0} ms, {:.0} ms",
                number(&startup, "/cold_start_healthz_ms"),
                number(&startup, "/cold_start_home_ms")
            ),
            "",
        );
        table.row(
            "resident memory: idle, after 5 000 pages".into(),
            format!(
                "{:.1} MB, {:.1} MB",
                number(&startup, "/rss_idle_mb"),
                number(&startup, "/rss_after_5000_pages_mb")
            ),
            "",
        );
    }
    if let Some(booking) = read("booking") {
        for row in items(&booking, "/throughput") {
            table.row(
                format!(
                    "{}: {} bookings/s, {} writers",
                    text(row, "/backend"),
                    text(row, "/bookings"),
                    number(row, "/writers")
                ),
                format!("{:.0}", number(row, "/per_second")),
                "",
            );
        }
        for row in items(&booking, "/contention") {
            let mut times: Vec<f64> = items(row, "/answered_all_ms")
                .iter()
                .filter_map(Value::as_f64)
                .collect();
            times.sort_by(f64::total_cmp);
            let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
            table.row(
                format!(
                    "{}: {} attempts at one slot, all answered (median)",
                    text(row, "/backend"),
                    number(row, "/attempts")
                ),
                format!("{median:.1} ms"),
                "exactly one booked",
            );
        }
    }
    if let Some(search) = read("search") {
        let rows = items(&search, "/queries");
        let largest = rows
            .iter()
            .map(|row| number(row, "/pieces"))
            .fold(0.0, f64::max);
        /// Timed once, apart from the queries: the index catching up with a write.
        const AFTER_WRITE: &str = "first listing after a write";
        for backend in ["sqlite", "postgres"] {
            let at_largest = || {
                rows.iter().filter(|row| {
                    text(row, "/backend") == backend && number(row, "/pieces") == largest
                })
            };
            let slowest = at_largest()
                .filter(|row| text(row, "/query") != AFTER_WRITE)
                .map(|row| number(row, "/p95_ms"))
                .fold(f64::NAN, f64::max);
            if !slowest.is_nan() {
                table.against(
                    format!("{backend}: slowest search query p95 at {largest:.0} pieces"),
                    slowest,
                    " ms",
                    false,
                    50.0,
                );
            }
            if let Some(after_write) = at_largest().find(|row| text(row, "/query") == AFTER_WRITE) {
                table.row(
                    format!("{backend}: {AFTER_WRITE} at {largest:.0} pieces (once)"),
                    format!("{:.2} ms", number(after_write, "/p95_ms")),
                    "",
                );
            }
        }
    }
    if table.0.is_empty() {
        return Err("no results in bench/results: run `make bench`".into());
    }
    let width = table
        .0
        .iter()
        .map(|row| row[0].chars().count())
        .max()
        .unwrap_or(0);
    println!("\n{:<width$}  {:>28}  target", "figure", "measured");
    for [what, figure, target] in &table.0 {
        println!("{what:<width$}  {figure:>28}  {target}");
    }
    Ok(())
}
