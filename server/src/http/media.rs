//! Stored pictures under `/media/{key}`: content-addressed, so cached forever.

use app::store::Store;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Keys are a hex digest, for photos maybe a width, and an extension:
/// `3f2a…9c.svg`, `3f2a…9c-640.webp`.
fn is_media_key(key: &str) -> bool {
    let Some((name, extension)) = key.split_once('.') else {
        return false;
    };
    let digest = match name.split_once('-') {
        Some((digest, width))
            if (1..=5).contains(&width.len()) && width.bytes().all(|b| b.is_ascii_digit()) =>
        {
            digest
        }
        Some(_) => return false,
        None => name,
    };
    (16..=64).contains(&digest.len())
        && digest
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && matches!(extension, "svg" | "png" | "jpg" | "webp" | "avif")
}

pub async fn serve_media(State(store): State<Arc<dyn Store>>, Path(key): Path<String>) -> Response {
    if !is_media_key(&key) {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match store.media(&key).await {
        Ok(Some(media)) => {
            let Ok(content_type) = HeaderValue::from_str(&media.content_type) else {
                return (StatusCode::NOT_FOUND, "Not found").into_response();
            };
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=31536000, immutable"),
                    ),
                    // A picture is never a document: no scripts, even in an SVG.
                    (
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static(
                            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                        ),
                    ),
                ],
                media.bytes,
            )
                .into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, "Not found").into_response(),
        Err(error) => {
            tracing::error!(%error, key, "could not read media");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "This picture can't be shown right now.",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_media_key;

    #[test]
    fn only_digest_names_are_looked_up() {
        assert!(is_media_key("0123456789abcdef0123.svg"));
        assert!(is_media_key("0123456789abcdef0123-640.webp"));
        for bad in [
            "0123456789abcdef0123-.webp",
            "0123456789abcdef0123-64x.webp",
            "0123456789abcdef0123-1234567.jpg",
            "../etc/passwd",
            "0123456789ABCDEF0123.svg",
            "short.svg",
            "0123456789abcdef0123.exe",
            "",
        ] {
            assert!(!is_media_key(bad), "{bad}");
        }
    }
}
