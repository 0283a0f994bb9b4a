//! The HTTP face of the marketplace: Leptos pages and server functions, assets,
//! media, health, and the tower-http baseline every response goes through.

mod assets;
mod client;
mod encodings;
mod islands;
mod media;
pub mod metrics;
mod provenance;
pub mod render_cache;
mod rendered;
mod security;
mod seo;
mod sessions;
mod uploads;
pub mod webhooks;

pub use assets::Assets;
pub use security::{CspNonce, SecurityPolicy};

use crate::config::Settings;
use app::booking::links::LinkKeys;
use app::shared::{ResponseStatus, SiteUrl};
use app::store::Store;
use app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, ResponseOptions, generate_route_list};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub assets: Arc<Assets>,
    /// Where the marketplace is published, without a trailing slash.
    pub public_base_url: String,
    /// Signs and checks provenance passports.
    pub notary: Arc<dyn app::provenance::Notary>,
    /// Signs and checks the links in booking emails.
    pub link_keys: Arc<dyn LinkKeys>,
    /// Public pages as signed-out visitors see them, per catalogue version.
    pub render_cache: Arc<render_cache::RenderCache>,
    /// The same store, asked by `/readyz` what only the adapter knows.
    pub operations: Arc<crate::store::SqlStore>,
    /// Card payments, when Stripe is set up.
    pub cards: Option<Arc<crate::stripe::Stripe>>,
    /// What the platform keeps of each sale, in basis points.
    pub platform_fee: app::orders::PlatformFee,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Arc<dyn Store> {
    fn from_ref(state: &AppState) -> Self {
        state.store.clone()
    }
}

impl FromRef<AppState> for Arc<Assets> {
    fn from_ref(state: &AppState) -> Self {
        state.assets.clone()
    }
}

/// What the request context needs from the settings.
#[derive(Clone)]
struct ContextSettings {
    dev_mailbox: bool,
    platform_fee: app::orders::PlatformFee,
    cards: Option<app::orders::CardProcessor>,
    clients: client::ClientAddressing,
}

/// What every page render and server function call gets from the server.
fn request_context(
    store: Arc<dyn Store>,
    site: SiteUrl,
    notary: Arc<dyn app::provenance::Notary>,
    link_keys: Arc<dyn LinkKeys>,
    settings: ContextSettings,
) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(store.clone());
        provide_context(notary.clone());
        provide_context(link_keys.clone());
        provide_context(site.clone());
        provide_context(settings.platform_fee);
        if let Some(cards) = &settings.cards {
            provide_context(cards.clone());
        }
        if settings.dev_mailbox {
            provide_context(app::accounts::DevMailbox);
        }
        app::shared::Redirector::new(leptos_axum::redirect).provide();
        let parts = use_context::<http::request::Parts>();
        if let Some(parts) = &parts {
            if let Some(session) = parts.extensions.get::<tower_sessions::Session>() {
                provide_context(app::accounts::CurrentSession(Arc::new(
                    sessions::SessionHandle(session.clone()),
                )));
            }
            if let Some(viewer) = parts.extensions.get::<app::accounts::Viewer>() {
                provide_context(viewer.clone());
            }
            provide_context(app::accounts::RequestOrigin {
                client: settings.clients.client_key(parts),
                form_post: parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|accept| accept.to_str().ok())
                    .is_some_and(|accept| accept.contains("text/html")),
            });
        }
        if let Some(CspNonce(nonce)) = parts.as_ref().and_then(|p| p.extensions.get::<CspNonce>()) {
            provide_context(leptos::nonce::Nonce::from_value(nonce.as_str()));
        }
        let response = use_context::<ResponseOptions>();
        ResponseStatus::new(move |code| {
            if let (Some(response), Ok(status)) = (&response, StatusCode::from_u16(code)) {
                response.set_status(status);
            }
        })
        .provide();
    }
}

/// The app's routes. Discovering them renders the app with resource loading
/// switched off for the whole process (leptos' `SuppressResourceLoad`), which would
/// stall pages another server in the same process is rendering meanwhile (as in
/// the tests); so it happens once, before any page is served.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState, settings: &Settings) -> Router {
    let routes = route_list();
    let context = request_context(
        state.store.clone(),
        SiteUrl(state.public_base_url.clone()),
        state.notary.clone(),
        state.link_keys.clone(),
        ContextSettings {
            dev_mailbox: settings.dev_mailbox,
            platform_fee: state.platform_fee,
            cards: state.cards.clone().map(|stripe| {
                app::orders::CardProcessor(stripe as Arc<dyn app::payments::CardPayments>)
            }),
            clients: client::ClientAddressing::new(
                &settings.trusted_proxies,
                settings.forwarded_header(),
            ),
        },
    );
    let sessions = sessions::layer(state.store.clone(), settings.served_over_https());
    let store = state.store.clone();
    let policy = Arc::new(SecurityPolicy {
        public_origin: settings.public_base_url.clone(),
        hsts: settings.served_over_https(),
        // cargo-leptos sets LEPTOS_WATCH for the server it runs in `make dev`.
        live_reload_port: std::env::var_os("LEPTOS_WATCH")
            .is_some()
            .then_some(state.leptos_options.reload_port),
        card_origins: state
            .cards
            .as_ref()
            .map(|stripe| stripe.browser_origins())
            .unwrap_or_default(),
    });
    let card_webhooks = webhooks::routes(&state);
    let leptos_options = state.leptos_options.clone();
    let page_cache = render_cache::CacheState {
        cache: state.render_cache.clone(),
        store: state.store.clone(),
    };

    // Photo uploads are far larger than any form: they get their own body limit,
    // and stream through a per-file cap (see `uploads`).
    // One set of upload slots for photos and pictures of documents alike.
    let upload_state = uploads::UploadState::new(
        state.store.clone(),
        state.notary.clone(),
        state.link_keys.clone(),
        state.public_base_url.clone(),
        state.platform_fee,
        uploads::UploadLimits {
            slots: settings.upload_slots,
            maker_quota_bytes: settings.maker_storage_quota_bytes,
        },
    );
    let uploads = Router::new()
        .route("/studio/pieces/{id}/photos", post(uploads::piece_photos))
        .route("/studio/portrait", post(uploads::portrait))
        .with_state(upload_state.clone())
        .layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES));
    let pictures = Router::new()
        .route("/bookings/{id}/pictures", post(uploads::booking_pictures))
        .with_state(upload_state.clone())
        .layer(DefaultBodyLimit::max(uploads::MAX_PICTURES_UPLOAD_BYTES));
    let commission_steps = Router::new()
        .route("/commissions/{id}/step", post(uploads::commission_step))
        .route(
            "/commissions/{id}/message",
            post(uploads::commission_message),
        )
        .route("/bookings/{id}/message", post(uploads::booking_message))
        .route(
            "/commissions/{id}/custody",
            post(uploads::commission_custody),
        )
        .with_state(upload_state.clone())
        .layer(DefaultBodyLimit::max(uploads::MAX_STEP_UPLOAD_BYTES));
    let documents = Router::new()
        .route(
            "/studio/pieces/{id}/documents",
            post(uploads::piece_document),
        )
        .route(
            "/pieces/{slug}/documents/{sha256}",
            get(uploads::serve_document),
        )
        .with_state(upload_state)
        .layer(DefaultBodyLimit::max(uploads::MAX_DOCUMENT_UPLOAD_BYTES));

    let router = Router::new()
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/sitemaps/{file}", get(seo::sitemap_part))
        .route("/pkg/{name}", get(assets::serve_asset))
        .route("/media/{key}", get(media::serve_media))
        .route(
            "/pieces/{slug}/provenance.json",
            get(provenance::provenance_json),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state)
        .layer(DefaultBodyLimit::max(settings.body_limit_bytes))
        .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes))
        .merge(uploads)
        .merge(documents)
        .merge(pictures)
        .merge(commission_steps)
        .merge(card_webhooks)
        .layer(axum::middleware::from_fn(server_function_status))
        .layer(axum::middleware::from_fn(
            islands::only_the_wasm_a_page_needs,
        ))
        // Inside the viewer's look-up (only signed-out visitors are served from
        // memory) and outside the hydration stripping (done once per page kept).
        .layer(axum::middleware::from_fn_with_state(
            page_cache,
            render_cache::serve_public_pages_from_memory,
        ))
        .layer(axum::middleware::from_fn_with_state(
            store,
            sessions::load_viewer,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            policy.clone(),
            security::refuse_cross_site_requests,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(settings.request_timeout_secs),
        ))
        // Pages are compressed per response at a quick setting; /pkg assets and
        // pages from the render cache arrive already compressed and are left alone.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn_with_state(
            policy,
            security::security_headers,
        ))
        .layer(CatchPanicLayer::custom(|_| panic_response()))
        .layer(TraceLayer::new_for_http().make_span_with(request_span));
    if settings.metrics_address.is_some() {
        router.layer(axum::middleware::from_fn(metrics::count_requests))
    } else {
        router
    }
}

/// A request's span names its method and path only: query strings carry the
/// keys of emailed links (sign-up, password reset, bookings, guests' orders),
/// which must never reach a log.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// A server function's refusal keeps its own status. The server function
/// framework answers every error with 500 — even a request it couldn't read,
/// before our code runs — so the error it carries (`AppError`, as JSON) says
/// which status it really is.
async fn server_function_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let is_function = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are a sentence; anything larger isn't one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

async fn health(State(store): State<Arc<dyn Store>>) -> Response {
    match store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Whether this server should be sent traffic: its database answers with every
/// migration it carries applied, and its object store answers. The body names
/// each check; what went wrong is in the log.
async fn ready(State(state): State<AppState>) -> Response {
    let readiness = state.operations.readiness().await;
    let mark = |passed: bool| if passed { "ok" } else { "failing" };
    let body = format!(
        "database: {}\nmigrations: {}\nmedia: {}\n",
        mark(readiness.database),
        mark(readiness.migrations),
        mark(readiness.media),
    );
    let status = if readiness.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, body).into_response()
}

/// A panic is logged by the panic hook; the person sees an apology, never the message.
fn panic_response() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        Html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Something went wrong · Touchstone</title></head><body><main>\
             <h1>Something went wrong</h1><p>We're sorry: this page could not be shown \
             just now. Please try again in a moment.</p><p><a href=\"/\">Go to the home \
             page</a></p></main></body></html>",
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    /// What a subscriber wrote, for the test to read.
    #[derive(Clone, Default)]
    struct Written(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_request_is_logged_by_its_path_never_its_query() {
        let written = Written::default();
        let sink = written.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let request = axum::http::Request::get("/account/reset?token=5ec2e7")
                .body(())
                .unwrap();
            let span = super::request_span(&request);
            let _inside = span.enter();
            tracing::debug!("answered");
        });
        let log = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("path=/account/reset"), "{log}");
        assert!(log.contains("answered"), "{log}");
        assert!(!log.contains("5ec2e7"), "{log}");
    }
}
