//! A rendered page read back whole, for the layers that rework a page once it is
//! rendered (hydration stripping, the render cache).

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::response::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Larger than any page the site renders.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Whether `response` is an HTML page nobody has compressed yet.
fn is_plain_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"))
        && !response.headers().contains_key(header::CONTENT_ENCODING)
}

/// The nonce this request's page gives its scripts, empty when none was set.
pub fn script_nonce(request: &Request) -> String {
    request
        .extensions()
        .get::<super::CspNonce>()
        .map(|super::CspNonce(nonce)| nonce.clone())
        .unwrap_or_default()
}

/// A plain HTML page read back to be rewritten, when `wanted` (and it is one):
/// otherwise `Err` with the response to send as it is (a page that can't be read
/// becomes an error page, logged with `purpose`).
pub async fn page_to_rewrite(
    response: Response,
    wanted: bool,
    purpose: &str,
) -> Result<(Parts, Bytes), Response> {
    if !(wanted && is_plain_html(&response)) {
        return Err(response);
    }
    read_page(response, purpose).await
}

/// The page's head and bytes, its length header dropped (the caller sets the
/// body); a page that can't be read becomes an error page, logged with `purpose`.
async fn read_page(response: Response, purpose: &str) -> Result<(Parts, Bytes), Response> {
    let (mut parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Ok((parts, bytes))
        }
        Err(error) => {
            tracing::error!(%error, purpose, "a rendered page could not be read back");
            Err(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}
