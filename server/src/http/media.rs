//! Stored pictures under `/media/{key}`. A public one is named after its content,
//! so it is cached forever, by anyone. A private one (a buyer's reference picture,
//! a draft's photo) is named at random and served only with a pass minted for a
//! page that shows it (`app::shared::MediaPass`), kept by the browser alone and
//! only while the pass lasts. Without one it is not found: nobody learns it exists.

use super::AppState;
use app::shared::MediaPass;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Keys are a hex stem (a digest, or random), for photos maybe a width, and an
/// extension: `3f2a…9c.svg`, `3f2a…9c-640.webp`.
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

#[derive(serde::Deserialize)]
pub struct MediaQuery {
    #[serde(default)]
    access: String,
}

/// How long the browser may keep a file, and who else may.
fn caching(private_for_seconds: Option<i64>) -> HeaderValue {
    match private_for_seconds {
        None => HeaderValue::from_static("public, max-age=31536000, immutable"),
        Some(seconds) => HeaderValue::from_str(&format!("private, max-age={seconds}"))
            .unwrap_or_else(|_| HeaderValue::from_static("private, no-store")),
    }
}

pub async fn serve_media(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: Result<Query<MediaQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    // A query that can't be read carries no pass: a public file is served anyway.
    let access = query.map(|Query(query)| query.access).unwrap_or_default();
    let not_found = || (StatusCode::NOT_FOUND, "Not found").into_response();
    if !is_media_key(&key) {
        return not_found();
    }
    match state.store.media(&key).await {
        Ok(Some(media)) => {
            let private_for_seconds = if media.private {
                let pass = MediaPass::of(state.notary.as_ref());
                match pass.admits(&key, &access, jiff::Timestamp::now()) {
                    Some(seconds) => Some(seconds),
                    None => return not_found(),
                }
            } else {
                None
            };
            let Ok(content_type) = HeaderValue::from_str(&media.content_type) else {
                return not_found();
            };
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, caching(private_for_seconds)),
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
        Ok(None) => not_found(),
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
