//! Metrics in the Prometheus text format, served on their own address
//! (`metrics_address`) so they never face the public: requests by route,
//! the database pool, the outbox and job backlogs, the render cache and the
//! object store's reads.

use super::render_cache::RenderCache;
use crate::store::SqlStore;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

const REQUEST_SECONDS: &str = "touchstone_http_request_duration_seconds";

/// Seconds, from a static file's few hundred microseconds to a slow upload.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The process's recorder: installed once, shared by every application the
/// process builds (tests build several).
pub fn recorder() -> Result<PrometheusHandle, String> {
    static HANDLE: OnceLock<Result<PrometheusHandle, String>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), &LATENCY_BUCKETS)
                .map_err(|e| e.to_string())?
                .install_recorder()
                .map_err(|e| e.to_string())
        })
        .clone()
}

/// Counts and times every request under the route it matched (never the raw
/// path: one series per route, whatever the slugs and ids).
pub async fn count_requests(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(
        "touchstone_http_requests_total",
        "method" => method.clone(),
        "route" => route.clone(),
        "status" => status,
    )
    .increment(1);
    metrics::histogram!(REQUEST_SECONDS, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

#[derive(Clone)]
pub struct MetricsState {
    pub handle: PrometheusHandle,
    pub store: Arc<SqlStore>,
    pub render_cache: Arc<RenderCache>,
}

/// The router of the metrics address: `/metrics` only.
pub fn router(state: MetricsState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

/// Reads the gauges that live in the database and the render cache, then
/// renders everything recorded.
async fn scrape(State(state): State<MetricsState>) -> Response {
    match state.store.backlog(jiff::Timestamp::now()).await {
        Ok(backlog) => {
            let in_use = backlog.pool_connections.saturating_sub(backlog.pool_idle);
            metrics::gauge!("touchstone_db_pool_connections", "state" => "in_use")
                .set(f64::from(in_use));
            metrics::gauge!("touchstone_db_pool_connections", "state" => "idle")
                .set(f64::from(backlog.pool_idle));
            metrics::gauge!("touchstone_outbox_pending").set(backlog.outbox_pending as f64);
            metrics::gauge!("touchstone_jobs_due").set(backlog.jobs_due as f64);
        }
        Err(error) => tracing::warn!(%error, "metrics: the backlogs could not be read"),
    }
    let cache = state.render_cache.stats();
    metrics::counter!("touchstone_render_cache_requests_total", "outcome" => "hit")
        .absolute(cache.hits);
    metrics::counter!("touchstone_render_cache_requests_total", "outcome" => "miss")
        .absolute(cache.misses);
    metrics::gauge!("touchstone_render_cache_bytes").set(cache.bytes as f64);
    state.handle.run_upkeep();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.handle.render(),
    )
        .into_response()
}
