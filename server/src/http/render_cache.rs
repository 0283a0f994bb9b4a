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
//! - **Sealed, then compressed once**: a kept page carries no nonce. Its scripts
//!   are allowed by their hashes instead (sent in its policy), so its bytes are
//!   the same for every visitor and are kept brotli- and gzip-compressed, ready to
//!   send. A page showing its nonce anywhere else is not kept.
//! - **Bounded**: least recently used pages go first once the pages' bytes pass
//!   the configured budget; hits and misses are counted.

use super::encodings::{Effort, Encoded, accepted_encodings};
use super::rendered::{page_to_rewrite, script_nonce};
use super::security::ScriptHashes;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use domain::search::ListingQuery;
use domain::store::Store;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Says whether a page came from the cache (`hit`) or was rendered for it (`miss`).
pub const CACHE_STATUS_HEADER: &str = "x-render-cache";

/// What an entry costs beyond its page's bytes (key, headers, bookkeeping).
const ENTRY_OVERHEAD_BYTES: usize = 256;

/// A rendered page as kept: sealed and compressed.
#[derive(Clone, Debug)]
struct CachedPage {
    headers: HeaderMap,
    scripts: ScriptHashes,
    body: Encoded,
}

impl CachedPage {
    /// The page `html` rendered with `nonce`, sealed; `None` when it can't be.
    fn seal(headers: HeaderMap, html: &str, nonce: &str) -> Option<CachedPage> {
        let (page, hashes) = sealed(html, nonce)?;
        let body = match Encoded::new(page.into(), Effort::Page) {
            Ok(body) => body,
            Err(error) => {
                tracing::error!(%error, "a page could not be compressed for the render cache");
                return None;
            }
        };
        Some(CachedPage {
            headers,
            scripts: ScriptHashes(hashes.into()),
            body,
        })
    }

    fn response(&self, accepted_encodings: &str, status: &'static str) -> Response {
        let (body, encoding) = self.body.for_accepted(accepted_encodings);
        let mut response = Body::from(body).into_response();
        *response.headers_mut() = self.headers.clone();
        let headers = response.headers_mut();
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, encoding);
        }
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(CACHE_STATUS_HEADER, HeaderValue::from_static(status));
        response.extensions_mut().insert(self.scripts.clone());
        response
    }
}

/// The page without its nonce, and the hashes (base64 SHA-256) of the scripts
/// that carried it: the nonce leaves every `<script>` it was on, and a preload's
/// `crossorigin="{nonce}"` becomes `crossorigin=""` (the same anonymous mode).
/// `None` when the nonce shows anywhere else, or there is none to take out.
fn sealed(html: &str, nonce: &str) -> Option<(String, Vec<String>)> {
    if nonce.is_empty() {
        return None;
    }
    let html = html.replace(&format!(" crossorigin=\"{nonce}\""), " crossorigin=\"\"");
    let attribute = format!(" nonce=\"{nonce}\"");
    let mut page = String::with_capacity(html.len());
    let mut hashes = Vec::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find(&attribute) {
        let (before, after) = rest.split_at(at);
        let opening = &before[before.rfind('<')?..];
        if !opening.starts_with("<script") || opening.contains('>') {
            return None;
        }
        let after = &after[attribute.len()..];
        let content_start = after.find('>')? + 1;
        let content_end = content_start + after[content_start..].find("</script>")?;
        let hash = Sha256::digest(&after.as_bytes()[content_start..content_end]);
        let hash = base64::engine::general_purpose::STANDARD.encode(hash);
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
        page.push_str(before);
        rest = after;
    }
    page.push_str(rest);
    (!page.contains(nonce)).then_some((page, hashes))
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
    page.body.stored_bytes() + key.len() + ENTRY_OVERHEAD_BYTES
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
    if let Some(page) = state.cache.get(&key, version) {
        return page.response(accepted_encodings(request.headers()), "hit");
    }
    let accepted = accepted_encodings(request.headers()).to_owned();

    let nonce = script_nonce(&request);
    let response = next.run(request).await;
    let keep =
        response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE);
    let (parts, html) = match page_to_rewrite(response, keep, "the render cache").await {
        Ok(page) => page,
        Err(as_it_is) => return as_it_is,
    };
    let page = std::str::from_utf8(&html)
        .ok()
        .and_then(|page| CachedPage::seal(parts.headers.clone(), page, &nonce));
    match page {
        Some(page) => {
            let response = page.response(&accepted, "miss");
            state.cache.put(key, version, page);
            response
        }
        None => {
            tracing::warn!(key, "a public page could not be sealed; sent as rendered");
            Response::from_parts(parts, Body::from(html))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> CachedPage {
        CachedPage::seal(HeaderMap::new(), html, "N0nce").expect("a page to seal")
    }

    fn decompressed(response: Response) -> String {
        use std::io::Read;
        let encoding = response.headers()[header::CONTENT_ENCODING].clone();
        assert_eq!(encoding, "br");
        let body = futures::executor::block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
            .unwrap();
        let mut page = String::new();
        brotli::Decompressor::new(&body[..], 4096)
            .read_to_string(&mut page)
            .unwrap();
        page
    }

    #[test]
    fn a_kept_page_runs_exactly_the_scripts_that_carried_its_nonce() {
        let html = "<html><head>\
            <link rel=\"modulepreload\" href=\"/pkg/t.js\" crossorigin=\"N0nce\">\
            <script type=\"module\" nonce=\"N0nce\">hydrate()</script></head>\
            <body><p>N0 nce</p><script nonce=\"N0nce\">__INCOMPLETE_CHUNKS=[];</script>\
            <script nonce=\"N0nce\">hydrate()</script></body></html>";
        let (sealed_page, hashes) = sealed(html, "N0nce").unwrap();
        assert_eq!(
            sealed_page,
            "<html><head>\
            <link rel=\"modulepreload\" href=\"/pkg/t.js\" crossorigin=\"\">\
            <script type=\"module\">hydrate()</script></head>\
            <body><p>N0 nce</p><script>__INCOMPLETE_CHUNKS=[];</script>\
            <script>hydrate()</script></body></html>"
        );
        // `printf '%s' 'hydrate()' | openssl dgst -sha256 -binary | base64`, and the chunks'
        assert_eq!(
            hashes,
            [
                "1xOs+XHwrijB4CXngT5V2C4kbvzbTzKorKgL9XasfiI=",
                "PEoA+SZ6ZbFCusLsUEMftpXvTp6Abhw9kvgQnCC8l3U="
            ],
            "each script once"
        );

        let kept = page(html);
        let response = kept.response("gzip, br", "hit");
        assert_eq!(response.headers()[CACHE_STATUS_HEADER], "hit");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        assert_eq!(
            response.extensions().get::<ScriptHashes>().unwrap().0.len(),
            2
        );
        assert_eq!(decompressed(response), sealed_page);
    }

    #[test]
    fn a_page_showing_its_nonce_anywhere_else_is_not_kept() {
        for html in [
            "<p>N0nce</p>",
            "<style nonce=\"N0nce\">p{}</style>",
            "<script nonce=\"N0nce\">unclosed",
            "<p title=\"a nonce=\"N0nce\"\">x</p>",
        ] {
            assert_eq!(sealed(html, "N0nce"), None, "{html}");
        }
        assert_eq!(sealed("<p>x</p>", ""), None, "no nonce to check against");
        assert_eq!(
            sealed("<p>x</p>", "N0nce"),
            Some(("<p>x</p>".to_owned(), Vec::new())),
            "a page without scripts runs none"
        );
    }

    #[test]
    fn a_newer_catalogue_version_drops_every_page_and_an_older_one_is_never_kept() {
        let cache = RenderCache::new(1 << 20);
        cache.put("/".into(), 7, page("<p>seven</p>"));
        assert!(cache.get("/", 7).is_some());
        assert!(cache.get("/", 8).is_none(), "a write happened since");
        cache.put("/".into(), 7, page("<p>seven, late</p>"));
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
        let kept = page(&"x".repeat(1_000));
        let one_page = cost("/a", &kept);
        assert!(one_page > 1_000 + ENTRY_OVERHEAD_BYTES);
        let cache = RenderCache::new(3 * one_page);
        let put = |key: &str| cache.put(key.into(), 1, kept.clone());
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
            page("more than a hundred bytes of page, which is more than the budget"),
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
            unread_messages: 0,
            unread_booking_messages: 0,
        });
        assert_eq!(
            cache_key(&signed_in),
            None,
            "the header names who is signed in"
        );
    }
}
