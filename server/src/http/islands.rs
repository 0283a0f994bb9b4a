//! Only the wasm a page needs: a page without an island gets none of the
//! hydration tags (`HydrationScripts` can't know, in the head, what the body will
//! hold), so it loads 0 bytes of JavaScript and wasm.

use super::rendered::{page_to_rewrite, script_nonce};
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub async fn only_the_wasm_a_page_needs(request: Request, next: Next) -> Response {
    let nonce = script_nonce(&request);
    let response = next.run(request).await;
    let (parts, bytes) = match page_to_rewrite(response, true, "hydration stripping").await {
        Ok(page) => page,
        Err(as_it_is) => return as_it_is,
    };
    let stripped = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|page| without_hydration(page, &nonce));
    match stripped {
        Some(stripped) => Response::from_parts(parts, Body::from(stripped)),
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The page without the hydration script and the wasm's preloads in its head,
/// nor the framework's resource data (scripts carrying this response's `nonce`)
/// in its body, when it has no island; `None` when it has one (or nothing to
/// remove). Typed text can't forge any of these: it arrives escaped.
fn without_hydration(page: &str, nonce: &str) -> Option<String> {
    if page.contains("<leptos-island") {
        return None;
    }
    let head_end = page.find("</head>")?;
    let (head, body) = page.split_at(head_end);
    let mut kept = String::with_capacity(page.len());
    let mut removed = false;
    removed |= keep_all_but(head, &mut kept, hydration_tag_length);
    if !nonce.is_empty() {
        let opening = format!("<script nonce=\"{nonce}\">");
        removed |= keep_all_but(body, &mut kept, |text| {
            resource_script_length(text, &opening)
        });
    } else {
        kept.push_str(body);
    }
    removed.then_some(kept)
}

/// Copies `text` into `kept` without the tags `length_of` measures (it is asked
/// at every `<`); true when it left any out.
fn keep_all_but(text: &str, kept: &mut String, length_of: impl Fn(&str) -> Option<usize>) -> bool {
    let mut rest = text;
    let mut removed = false;
    while let Some(start) = rest.find('<') {
        let (before, tag) = rest.split_at(start);
        kept.push_str(before);
        match length_of(tag) {
            Some(length) => {
                removed = true;
                rest = &tag[length..];
            }
            None => {
                kept.push('<');
                rest = &tag[1..];
            }
        }
    }
    kept.push_str(rest);
    removed
}

/// The globals the framework's resource scripts fill for islands to read.
const RESOURCE_GLOBALS: [&str; 4] = [
    "__RESOLVED_RESOURCES",
    "__SERIALIZED_ERRORS",
    "__PENDING_RESOURCES",
    "__INCOMPLETE_CHUNKS",
];

/// The length of the resource script `text` starts with, when it is one of the
/// framework's: it opens with `opening`, which carries this response's nonce.
fn resource_script_length(text: &str, opening: &str) -> Option<usize> {
    let content = text.strip_prefix(opening)?;
    if !RESOURCE_GLOBALS
        .iter()
        .any(|global| content.starts_with(global))
    {
        return None;
    }
    Some(opening.len() + content.find("</script>")? + "</script>".len())
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
        <script type=\"application/ld+json\">{}</script>\
        <title>Touchstone</title></head>";

    const RESOURCES: &str = "<script nonce=\"n0nce\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];\
        __PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>\
        <script nonce=\"n0nce\">__INCOMPLETE_CHUNKS=[];</script>";

    #[test]
    fn a_page_without_islands_loads_no_script_or_wasm() {
        let page =
            format!("{HEAD}<body><main><p>a &lt;b&gt; ring</p></main>{RESOURCES}</body></html>");
        let stripped = without_hydration(&page, "n0nce").expect("hydration tags to remove");
        assert!(!stripped.contains("modulepreload"), "{stripped}");
        assert!(!stripped.contains(".wasm"), "{stripped}");
        assert!(!stripped.contains("hydrateIslands"), "{stripped}");
        assert!(!stripped.contains("__"), "no resource data: {stripped}");
        assert!(!stripped.contains("n0nce"), "{stripped}");
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
            "{HEAD}<body><leptos-island data-component=\"_island_LiveListing\"></leptos-island>{RESOURCES}</body></html>"
        );
        assert_eq!(without_hydration(&page, "n0nce"), None);
    }

    #[test]
    fn only_the_frameworks_own_scripts_leave_the_body() {
        let page = "<html><head><title>x</title></head><body>\
            <link rel=\"modulepreload\" href=\"/pkg/x.js\">\
            <script nonce=\"other\">__RESOLVED_RESOURCES=[];</script>\
            <script nonce=\"n0nce\">swap()</script></body></html>";
        assert_eq!(without_hydration(page, "n0nce"), None);
        assert_eq!(
            without_hydration(page, ""),
            None,
            "without a nonce nothing is the framework's"
        );
    }
}
