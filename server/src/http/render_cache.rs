//! The render cache: a public catalogue page, as a signed-out visitor sees it, is
//! rendered once per catalogue version and then sent from memory.
//!
//! - **What is cached**: `GET` of the home page, the maker directory and search
//!   (keyed by the listing the query asks for), and maker and piece pages (keyed by
//!   path: they read no query), answered 200 with HTML and no cookie. Anything a
//!   signed-in person asks for, every other page and every form is rendered as usual.
//! - **Exact across servers**: the catalogue version moves in the same transaction
//!   as every write a public page shows, and each request reads it (one indexed
//!   row) before using the cache; entries of an older version are dropped. A write
//!   through any app server therefore shows on every server's next request.
//! - **The CSP nonce**: a cached page is kept cut at the nonce it was rendered
//!   with, and joined with each response's own nonce when sent.
//! - **Bounded**: least recently used pages go first once the pages' bytes pass
//!   the configured budget; hits and misses are counted.

use super::CspNonce;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::search::ListingQuery;
use domain::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Says whether a page came from the cache (`hit`) or was rendered for it (`miss`).
pub const CACHE_STATUS_HEADER: &str = "x-render-cache";

/// Larger than any page; a larger one is sent as rendered and not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// What an entry costs beyond its page's bytes (key, headers, bookkeeping).
const ENTRY_OVERHEAD_BYTES: usize = 256;

/// A rendered page, cut where its nonce was.
#[derive(Clone, Debug)]
struct CachedPage {
    headers: HeaderMap,
    /// The page's bytes between the occurrences of the nonce it was rendered with.
    between_nonces: Arc<[Bytes]>,
    bytes: usize,
}

impl CachedPage {
    fn new(headers: HeaderMap, html: &Bytes, nonce: Option<&str>) -> CachedPage {
        let between_nonces: Vec<Bytes> = match nonce.filter(|nonce| !nonce.is_empty()) {
            Some(nonce) => split_at_every(html, nonce.as_bytes()),
            None => vec![html.clone()],
        };
        CachedPage {
            headers,
            bytes: html.len(),
            between_nonces: between_nonces.into(),
        }
    }

    /// The page with `nonce` wherever the rendering's nonce was.
    fn with_nonce(&self, nonce: &str) -> Bytes {
        match &*self.between_nonces {
            [only] => only.clone(),
            parts => {
                let mut page = Vec::with_capacity(self.bytes + parts.len() * nonce.len());
                for (index, part) in parts.iter().enumerate() {
                    if index > 0 {
                        page.extend_from_slice(nonce.as_bytes());
                    }
                    page.extend_from_slice(part);
                }
                page.into()
            }
        }
    }
}

fn split_at_every(haystack: &Bytes, needle: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + needle.len() <= haystack.len() {
        if &haystack[at..at + needle.len()] == needle {
            parts.push(haystack.slice(start..at));
            at += needle.len();
            start = at;
        } else {
            at += 1;
        }
    }
    parts.push(haystack.slice(start..));
    parts
}

struct Entry {
    page: CachedPage,
    last_used: u64,
}

/// The pages of one catalogue version, least recently used first in `recency`.
#[derive(Default)]
struct Pages {
    version: i64,
    entries: HashMap<String, Entry>,
    recency: BTreeMap<u64, String>,
    bytes: usize,
    clock: u64,
}

impl Pages {
    /// Forgets everything older than `version`; false when `version` is itself
    /// older than what is kept (a request that read the version before a write).
    fn at(&mut self, version: i64) -> bool {
        if version > self.version {
            self.entries.clear();
            self.recency.clear();
            self.bytes = 0;
            self.version = version;
        }
        version == self.version
    }

    fn touch(&mut self, key: &str) -> Option<CachedPage> {
        self.clock += 1;
        let now = self.clock;
        let entry = self.entries.get_mut(key)?;
        self.recency.remove(&entry.last_used);
        entry.last_used = now;
        self.recency.insert(now, key.to_owned());
        Some(entry.page.clone())
    }

    fn remove(&mut self, key: &str) {
        if let Some(old) = self.entries.remove(key) {
            self.recency.remove(&old.last_used);
            self.bytes -= cost(key, &old.page);
        }
    }

    fn insert(&mut self, key: String, page: CachedPage, budget: usize) {
        self.remove(&key);
        let size = cost(&key, &page);
        if size > budget {
            return;
        }
        while self.bytes + size > budget {
            let Some((_, oldest)) = self.recency.pop_first() else {
                break;
            };
            if let Some(evicted) = self.entries.remove(&oldest) {
                self.bytes -= cost(&oldest, &evicted.page);
            }
        }
        self.clock += 1;
        self.recency.insert(self.clock, key.clone());
        self.bytes += size;
        self.entries.insert(
            key,
            Entry {
                page,
                last_used: self.clock,
            },
        );
    }
}

fn cost(key: &str, page: &CachedPage) -> usize {
    page.bytes + key.len() + ENTRY_OVERHEAD_BYTES
}

/// How the cache has done since the server started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub pages: usize,
    pub bytes: usize,
}

pub struct RenderCache {
    budget_bytes: usize,
    pages: Mutex<Pages>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl RenderCache {
    /// A cache holding at most `budget_bytes` of pages; 0 turns it off.
    pub fn new(budget_bytes: usize) -> RenderCache {
        RenderCache {
            budget_bytes,
            pages: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn enabled(&self) -> bool {
        self.budget_bytes > 0
    }

    fn pages(&self) -> std::sync::MutexGuard<'_, Pages> {
        // The pages are consistent after every statement, so a panic elsewhere
        // while the lock was held leaves nothing half-done.
        self.pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, key: &str, version: i64) -> Option<CachedPage> {
        let found = {
            let mut pages = self.pages();
            if pages.at(version) {
                pages.touch(key)
            } else {
                None
            }
        };
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn put(&self, key: String, version: i64, page: CachedPage) {
        let mut pages = self.pages();
        if pages.at(version) {
            pages.insert(key, page, self.budget_bytes);
        }
    }

    pub fn stats(&self) -> CacheStats {
        let pages = self.pages();
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            pages: pages.entries.len(),
            bytes: pages.bytes,
        }
    }
}

/// The cache and where the catalogue version is read.
#[derive(Clone)]
pub struct CacheState {
    pub cache: Arc<RenderCache>,
    pub store: Arc<dyn Store>,
}

/// The cache's key for a request, when the page is one a signed-out visitor
/// may be sent from memory.
fn cache_key(request: &Request) -> Option<String> {
    if request.method() != axum::http::Method::GET
        || request
            .extensions()
            .get::<app::accounts::Viewer>()
            .is_some()
    {
        return None;
    }
    let path = request.uri().path();
    let single_segment = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
    };
    match path {
        "/" => Some(path.to_owned()),
        "/makers" | "/search" => {
            let query = request.uri().query().unwrap_or_default();
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect();
            let listing = ListingQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            // One entry per listing the page shows, whatever order or tracking
            // parameters its address has.
            serde_json::to_string(&listing)
                .ok()
                .map(|listing| format!("{path}?{listing}"))
        }
        _ if single_segment("/makers/") || single_segment("/pieces/") => Some(path.to_owned()),
        _ => None,
    }
}

pub async fn serve_public_pages_from_memory(
    State(state): State<CacheState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = cache_key(&request).filter(|_| state.cache.enabled()) else {
        return next.run(request).await;
    };
    let version = match state.store.catalogue_version().await {
        Ok(version) => version,
        // Logged by the store; rendering says what the visitor should see.
        Err(_) => return next.run(request).await,
    };
    let nonce = request
        .extensions()
        .get::<CspNonce>()
        .map(|CspNonce(nonce)| nonce.clone())
        .unwrap_or_default();
    if let Some(page) = state.cache.get(&key, version) {
        let mut response = Body::from(page.with_nonce(&nonce)).into_response();
        *response.headers_mut() = page.headers;
        mark(&mut response, "hit");
        return response;
    }

    let response = next.run(request).await;
    let keep = response.status() == StatusCode::OK
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().starts_with(b"text/html"))
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING);
    if !keep {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(html) => html,
        Err(error) => {
            tracing::error!(%error, "a page could not be read for the render cache");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    state.cache.put(
        key,
        version,
        CachedPage::new(parts.headers.clone(), &html, Some(&nonce)),
    );
    let mut response = Response::from_parts(parts, Body::from(html));
    mark(&mut response, "miss");
    response
}

fn mark(response: &mut Response, status: &'static str) {
    response
        .headers_mut()
        .insert(CACHE_STATUS_HEADER, HeaderValue::from_static(status));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &'static str, nonce: Option<&str>) -> CachedPage {
        CachedPage::new(
            HeaderMap::new(),
            &Bytes::from_static(html.as_bytes()),
            nonce,
        )
    }

    #[test]
    fn each_response_gets_its_own_nonce_wherever_the_rendering_had_one() {
        let cached = page(
            "<script nonce=\"AAA\">1</script><p>AA</p><script nonce=\"AAA\">2</script>",
            Some("AAA"),
        );
        assert_eq!(
            cached.with_nonce("fresh"),
            "<script nonce=\"fresh\">1</script><p>AA</p><script nonce=\"fresh\">2</script>"
        );
        assert_eq!(
            page("<p>none</p>", Some("AAA")).with_nonce("x"),
            "<p>none</p>"
        );
        assert_eq!(page("<p>none</p>", None).with_nonce("x"), "<p>none</p>");
        assert_eq!(page("AAA", Some("AAA")).with_nonce("x"), "x");
    }

    #[test]
    fn a_newer_catalogue_version_drops_every_page_and_an_older_one_is_never_kept() {
        let cache = RenderCache::new(1 << 20);
        cache.put("/".into(), 7, page("<p>seven</p>", None));
        assert!(cache.get("/", 7).is_some());
        assert!(cache.get("/", 8).is_none(), "a write happened since");
        cache.put("/".into(), 7, page("<p>seven, late</p>", None));
        assert!(cache.get("/", 8).is_none(), "rendered before the write");
        assert!(
            cache.get("/", 7).is_none(),
            "an old reader gets no stale page"
        );
        assert_eq!(
            cache.stats(),
            CacheStats {
                hits: 1,
                misses: 3,
                pages: 0,
                bytes: 0
            }
        );
    }

    #[test]
    fn the_least_recently_used_pages_go_first_once_past_the_budget() {
        let html = "x".repeat(1_000);
        let one_page = 1_000 + 2 + ENTRY_OVERHEAD_BYTES;
        let cache = RenderCache::new(3 * one_page);
        let put = |key: &str| {
            cache.put(
                key.into(),
                1,
                CachedPage::new(HeaderMap::new(), &Bytes::from(html.clone()), None),
            )
        };
        put("/a");
        put("/b");
        put("/c");
        assert!(cache.get("/a", 1).is_some(), "/a used again: /b is oldest");
        put("/d");
        assert!(cache.get("/b", 1).is_none());
        for kept in ["/a", "/c", "/d"] {
            assert!(cache.get(kept, 1).is_some(), "{kept}");
        }
        assert_eq!(cache.stats().pages, 3);
        assert_eq!(cache.stats().bytes, 3 * one_page);

        put("/a");
        assert_eq!(cache.stats().bytes, 3 * one_page, "replaced, not added");
        let huge = RenderCache::new(100);
        huge.put(
            "/".into(),
            1,
            page(
                "more than a hundred bytes of page, which is more than the budget",
                None,
            ),
        );
        assert_eq!(huge.stats().pages, 0);
    }

    fn request(uri: &str) -> Request {
        Request::builder().uri(uri).body(Body::empty()).unwrap()
    }

    #[test]
    fn public_pages_are_keyed_by_what_they_show() {
        let key = |uri: &str| cache_key(&request(uri));
        assert_eq!(key("/").as_deref(), Some("/"));
        assert_eq!(
            key("/pieces/moon-ring?utm_source=x").as_deref(),
            Some("/pieces/moon-ring")
        );
        assert_eq!(key("/makers/ana").as_deref(), Some("/makers/ana"));
        assert_eq!(
            key("/search?metal=silver&q=ring&utm_source=x"),
            key("/search?q=ring&metal=silver"),
            "the same listing"
        );
        assert_ne!(key("/search?q=ring"), key("/search?q=rings"));
        assert_ne!(key("/search?q=ring"), key("/makers?q=ring"));
        assert_ne!(
            key("/search?metal=tin"),
            key("/search"),
            "the page says what it ignored"
        );
        for private in [
            "/studio",
            "/account",
            "/bookings/1",
            "/makers/ana/consultations/1",
            "/passport/abc",
            "/pieces/",
            "/api/search-pieces",
        ] {
            assert_eq!(key(private), None, "{private}");
        }
        let mut posted = request("/");
        *posted.method_mut() = axum::http::Method::POST;
        assert_eq!(cache_key(&posted), None);
        let mut signed_in = request("/");
        signed_in.extensions_mut().insert(app::accounts::Viewer {
            display_name: "Ana".into(),
            email: "ana@example.com".into(),
            role: app::accounts::Role::Buyer,
        });
        assert_eq!(
            cache_key(&signed_in),
            None,
            "the header names who is signed in"
        );
    }
}
