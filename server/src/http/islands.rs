//! Only the wasm a page needs: a page without an island gets none of the
//! hydration tags (`HydrationScripts` can't know, in the head, what the body will
//! hold), so it loads 0 bytes of JavaScript and wasm.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Larger than any page; a body past it is passed on untouched (never cut).
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub async fn only_the_wasm_a_page_needs(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let unencoded = !response.headers().contains_key(header::CONTENT_ENCODING);
    if !is_html || !unencoded {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "a page could not be read to strip its hydration tags");
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Ok(page) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    match without_hydration(page) {
        Some(stripped) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(stripped))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The page without the hydration script and the wasm's preloads, when it has
/// no island; `None` when it has one (or no hydration tags to remove).
fn without_hydration(page: &str) -> Option<String> {
    if page.contains("<leptos-island") {
        return None;
    }
    let head_end = page.find("</head>")?;
    let (head, body) = page.split_at(head_end);
    let mut kept = String::with_capacity(page.len());
    let mut rest = head;
    let mut removed = false;
    while let Some(start) = rest.find('<') {
        let (before, tag) = rest.split_at(start);
        kept.push_str(before);
        let Some(length) = hydration_tag_length(tag) else {
            kept.push('<');
            rest = &tag[1..];
            continue;
        };
        removed = true;
        rest = &tag[length..];
    }
    kept.push_str(rest);
    kept.push_str(body);
    removed.then_some(kept)
}

/// The length of the hydration tag `text` starts with: the preloads of the
/// site's JS and wasm, or the module script that loads them.
fn hydration_tag_length(text: &str) -> Option<usize> {
    if text.starts_with("<link ") {
        let end = text.find('>')? + 1;
        let tag = &text[..end];
        let preloads_site_code = tag.contains("href=\"/pkg/")
            && (tag.contains("rel=\"modulepreload\"")
                || (tag.contains("rel=\"preload\"") && tag.contains(".wasm\"")));
        return preloads_site_code.then_some(end);
    }
    if text.starts_with("<script type=\"module\"") {
        let end = text.find("</script>")? + "</script>".len();
        return text[..end].contains("hydrateIslands").then_some(end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::without_hydration;

    const HEAD: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/>\
        <link rel=\"stylesheet\" id=\"leptos\" href=\"/pkg/touchstone.ab12.css\"/>\
        <link rel=\"modulepreload\" href=\"/pkg/touchstone.cd34.js\" crossorigin=\"n0nce\">\
        <link rel=\"preload\" href=\"/pkg/touchstone.ef56.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"n0nce\">\
        <script type=\"module\" nonce=\"n0nce\">((root) => { async function hydrateIslands() {} })(\"\");</script>\
        <script type=\"application/ld+json\" nonce=\"n0nce\">{}</script>\
        <title>Touchstone</title></head>";

    #[test]
    fn a_page_without_islands_loads_no_script_or_wasm() {
        let page = format!("{HEAD}<body><main><p>a &lt;b&gt; ring</p></main></body></html>");
        let stripped = without_hydration(&page).expect("hydration tags to remove");
        assert!(!stripped.contains("modulepreload"), "{stripped}");
        assert!(!stripped.contains(".wasm"), "{stripped}");
        assert!(!stripped.contains("hydrateIslands"), "{stripped}");
        assert!(stripped.contains("rel=\"stylesheet\""), "the styles stay");
        assert!(
            stripped.contains("application/ld+json"),
            "other scripts stay"
        );
        assert!(stripped.contains("<title>Touchstone</title>"));
        assert!(stripped.ends_with("<body><main><p>a &lt;b&gt; ring</p></main></body></html>"));
    }

    #[test]
    fn a_page_with_an_island_keeps_them() {
        let page = format!(
            "{HEAD}<body><leptos-island data-component=\"_island_LiveListing\"></leptos-island></body></html>"
        );
        assert_eq!(without_hydration(&page), None);
    }

    #[test]
    fn the_body_is_never_touched() {
        let page = "<html><head><title>x</title></head><body>\
            <link rel=\"modulepreload\" href=\"/pkg/x.js\"></body></html>";
        assert_eq!(without_hydration(page), None);
    }
}
