//! Where the marketplace is published, and the tags every page gives search engines
//! and link previews.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The public base URL (`https://touchstone.example`), provided by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl(pub String);

/// The absolute URL of a path on this site.
pub fn absolute_url(path: &str) -> String {
    let base = use_context::<SiteUrl>()
        .map(|site| site.0)
        .unwrap_or_default();
    format!("{base}{path}")
}

/// Title, description, canonical URL and Open Graph tags of a page.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    /// The canonical path with its query string, e.g. `/makers?metal=silver`.
    path: String,
    #[prop(default = "website")] kind: &'static str,
    #[prop(default = None)] image: Option<String>,
) -> impl IntoView {
    let canonical = absolute_url(&path);
    let full_title = format!("{} · Touchstone", title_text(&title));
    view! {
        <Title text=full_title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=canonical.clone()/>
        <Meta property="og:site_name" content="Touchstone"/>
        <Meta property="og:type" content=kind/>
        <Meta property="og:title" content=full_title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=canonical/>
        {image.map(|path| view! { <Meta property="og:image" content=absolute_url(&path)/> })}
    }
}

/// Text safe inside `<title>`: leptos_meta writes a title's text without escaping
/// it, so a search for `</title><script>` must not reach it as markup.
pub fn title_text(text: &str) -> String {
    text.replace('<', "\u{2039}").replace('>', "\u{203a}")
}

/// A schema.org description of the page, for search engines.
///
/// `<` is escaped so that no text inside the JSON can close the script element.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    let safe = json.replace('<', "\\u003c");
    view! { <script type="application/ld+json" inner_html=safe></script> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_cannot_close_the_title_element() {
        assert_eq!(
            super::title_text("</title><script>"),
            "\u{2039}/title\u{203a}\u{2039}script\u{203a}"
        );
    }
}
