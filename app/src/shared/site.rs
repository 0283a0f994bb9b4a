//! Where the marketplace is published, and the tags every page gives search engines
//! and link previews.

use crate::shared::SiteUrl;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

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
    let full_title = format!("{title} · Touchstone");
    view! {
        <PageTitle text=title/>
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

/// The page's `<title>`: `{text} · Touchstone`. Every page sets its title here and
/// nowhere else (a test checks the sources): leptos_meta writes a title's text into
/// the head without escaping it, so a maker's `</title><meta …>` would otherwise
/// become markup on every buyer's page.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=title_markup(&format!("{text} · Touchstone"))/> }
}

/// What leptos_meta writes between `<title>` and `</title>`: escaped text on the
/// server, where it is written as markup; the text itself in the browser, where it
/// is set as the document's title (islands never set one).
fn title_markup(text: &str) -> String {
    #[cfg(feature = "ssr")]
    return crate::shared::escaped_text(text);
    #[cfg(not(feature = "ssr"))]
    return text.to_owned();
}

/// A schema.org description of the page, for search engines.
///
/// `<` is escaped so that no text inside the JSON can close the script element.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    let safe = json.replace('<', "\\u003c");
    view! { <script type="application/ld+json" inner_html=safe></script> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn titles_cannot_close_the_title_element() {
        assert_eq!(
            super::title_markup("</title><meta http-equiv=refresh> & more"),
            "&lt;/title&gt;&lt;meta http-equiv=refresh&gt; &amp; more"
        );
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        use leptos::prelude::*;
        let html =
            view! { <super::JsonLd json=r#"{"name":"</script><b>"}"#.to_owned()/> }.to_html();
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(html.contains(r"\u003c/script>\u003cb>"), "{html}");
    }

    /// Every page's title goes through `PageTitle`, and every text area through
    /// `studio::fields::TextArea`: the two places that escape what the renderer
    /// writes raw. Anything else setting a title or a text area is a finding.
    #[test]
    fn titles_and_text_areas_are_written_only_by_the_components_that_escape_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("the app's sources") {
                let path = entry.expect("a source entry").path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let source = std::fs::read_to_string(&path).expect("a source file");
                let name = path
                    .strip_prefix(&root)
                    .expect("under src")
                    .display()
                    .to_string();
                // Spelled in parts, so this test's own source doesn't match.
                let (title_tag, text_area_tag) = (concat!("<", "Title"), concat!("<", "textarea"));
                for (number, line) in source.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    let imports_title = line.contains("leptos_meta")
                        && line
                            .split(|c: char| !c.is_alphanumeric() && c != '_')
                            .any(|word| word == "Title");
                    let sets_title = imports_title || line.contains(title_tag);
                    let writes_text_area = line.contains(text_area_tag);
                    if (sets_title && name != "shared/site.rs")
                        || (writes_text_area && name != "studio/fields.rs")
                    {
                        found.push(format!("{name}:{}: {}", number + 1, line.trim()));
                    }
                }
            }
        }
        assert!(found.is_empty(), "set another way: {found:#?}");
    }
}
