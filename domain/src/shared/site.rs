//! Where the marketplace is published, and text made safe for raw HTML.

/// The public base URL (`https://touchstone.example`), provided by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl(pub String);

/// Text escaped for an element whose content the renderer writes raw (`<title>`,
/// `<textarea>`): `<`, `>` and `&` become character references, which the browser
/// turns back into the same text.
pub fn escaped_text(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}
