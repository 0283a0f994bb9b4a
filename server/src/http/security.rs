//! Headers every response carries, and the refusal of cross-site state changes.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The per-request script nonce, put into the request for the renderer to use.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

#[derive(Clone, Debug)]
pub struct SecurityPolicy {
    /// `scheme://host[:port]` of the public site, the one origin always trusted.
    pub public_origin: String,
    pub hsts: bool,
    /// The port of cargo-leptos' live-reload socket, in the development loop only.
    pub live_reload_port: Option<u32>,
    /// Where the card processor's form talks to (its script and API), when
    /// card payments are on.
    pub card_origins: Vec<String>,
}

/// The scripts a page sent from memory may run, by their hashes: it carries no
/// nonce, so its bytes are the same for everyone (see `render_cache`). Empty
/// when the page runs no script at all.
#[derive(Clone, Debug)]
pub struct ScriptHashes(pub std::sync::Arc<[String]>);

/// What may run as script: with a nonce, the scripts carrying this response's;
/// with hashes, exactly those scripts. `'strict-dynamic'` lets the hydration
/// script load the wasm glue it imports, and wasm may be compiled.
fn script_sources(nonce: &str, hashes: Option<&ScriptHashes>) -> String {
    let allowed = match hashes {
        None => format!("'nonce-{nonce}'"),
        Some(ScriptHashes(hashes)) if hashes.is_empty() => return "'none'".to_owned(),
        Some(ScriptHashes(hashes)) => hashes
            .iter()
            .map(|hash| format!("'sha256-{hash}'"))
            .collect::<Vec<_>>()
            .join(" "),
    };
    format!("{allowed} 'strict-dynamic' 'wasm-unsafe-eval'")
}

/// Scripts as `script_sources` allows; nothing may frame the site, and forms may
/// only post back to it.
/// The card processor's origins may be connected to and framed (its card form
/// is an iframe of its own), and nothing else.
fn content_security_policy(
    script_sources: &str,
    live_reload_port: Option<u32>,
    card_origins: &[String],
) -> String {
    let live_reload = live_reload_port
        .map(|port| format!(" ws://*:{port}"))
        .unwrap_or_default();
    let cards: String = card_origins
        .iter()
        .map(|origin| format!(" {origin}"))
        .collect();
    let frames = if cards.is_empty() {
        String::new()
    } else {
        format!(" frame-src{cards};")
    };
    format!(
        "default-src 'self'; script-src {script_sources}; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'{live_reload}{cards};{frames} \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn security_headers(
    State(policy): State<Arc<SecurityPolicy>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let scripts = script_sources(&nonce, response.extensions().get::<ScriptHashes>());
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(
        &scripts,
        policy.live_reload_port,
        &policy.card_origins,
    )) {
        // A handler serving untrusted content may have set a stricter policy.
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(csp);
    }
    // Pages show who is signed in: no shared cache may keep one person's page for
    // another, and browsers check back before showing a stored copy.
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if html && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// Server functions and forms have no CSRF tokens of their own, so every request
/// that may change state must come from the site itself.
pub async fn refuse_cross_site_requests(
    State(policy): State<Arc<SecurityPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // The card processor's webhook is a post from elsewhere, authenticated by
    // its signature instead.
    let signed_elsewhere = request.uri().path() == super::webhooks::STRIPE_WEBHOOK_PATH;
    if safe || signed_elsewhere || comes_from_this_site(request.headers(), &policy.public_origin) {
        next.run(request).await
    } else {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            "refused a cross-site request"
        );
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This request came from another website, so Touchstone refused it. \
             Please use the form on Touchstone itself.",
        )
            .into_response()
    }
}

/// Browsers say where a request comes from (`Sec-Fetch-Site`, else `Origin`);
/// clients that say neither are not browsers and cannot be tricked into a request.
fn comes_from_this_site(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin == public_origin {
        return true;
    }
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((authority, host), (Some(a), Some(h)) if a == h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    const SITE: &str = "https://touchstone.example";

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(comes_from_this_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            SITE
        ));
        assert!(comes_from_this_site(
            &headers(&[("sec-fetch-site", "none")]),
            SITE
        ));
        assert!(!comes_from_this_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            SITE
        ));
        assert!(!comes_from_this_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            SITE
        ));
        // The metadata wins even when a forged-looking Origin agrees.
        let mixed = headers(&[("sec-fetch-site", "cross-site"), ("origin", SITE)]);
        assert!(!comes_from_this_site(&mixed, SITE));
    }

    #[test]
    fn origin_must_be_the_site_or_the_host_asked_for() {
        assert!(comes_from_this_site(&headers(&[("origin", SITE)]), SITE));
        let local = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(comes_from_this_site(&local, SITE));
        let evil = headers(&[
            ("origin", "https://evil.example"),
            ("host", "touchstone.example"),
        ]);
        assert!(!comes_from_this_site(&evil, SITE));
        assert!(!comes_from_this_site(&headers(&[("origin", "null")]), SITE));
    }

    #[test]
    fn non_browser_clients_pass() {
        assert!(comes_from_this_site(&headers(&[]), SITE));
    }

    #[test]
    fn the_policy_carries_the_nonce_and_the_required_directives() {
        let csp = content_security_policy(&script_sources("abc123", None), None, &[]);
        for directive in [
            "'nonce-abc123'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{directive} missing from {csp}");
        }
        assert!(!csp.contains("unsafe-inline"));
        assert!(
            !csp.contains("ws:"),
            "no live-reload socket outside the dev loop"
        );
    }

    #[test]
    fn the_dev_loop_may_open_its_live_reload_socket() {
        let csp = content_security_policy(&script_sources("abc123", None), Some(3001), &[]);
        assert!(csp.contains("connect-src 'self' ws://*:3001;"), "{csp}");
    }

    #[test]
    fn a_page_sent_from_memory_runs_only_the_scripts_it_was_sealed_with() {
        let hashes = ScriptHashes(vec!["AAA=".to_owned(), "BBB=".to_owned()].into());
        assert_eq!(
            script_sources("abc123", Some(&hashes)),
            "'sha256-AAA=' 'sha256-BBB=' 'strict-dynamic' 'wasm-unsafe-eval'"
        );
        let none = ScriptHashes(Vec::new().into());
        assert_eq!(
            script_sources("abc123", Some(&none)),
            "'none'",
            "a page without scripts runs none, and loads no wasm"
        );
    }
}
