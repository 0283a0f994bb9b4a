//! The compiled JS, wasm and CSS under `/pkg`, loaded once at start and compressed
//! once with the strongest settings, so serving them costs no disk or CPU.

use super::encodings::{Effort, Encoded};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

struct Asset {
    content_type: &'static str,
    bytes: Encoded,
}

pub struct Assets {
    files: HashMap<String, Asset>,
    /// File names carry a content hash (cargo-leptos `hash-files`): cache forever.
    immutable: bool,
}

impl Assets {
    pub fn load(pkg_dir: &std::path::Path, immutable: bool) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        let entries = match std::fs::read_dir(pkg_dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(dir = %pkg_dir.display(), "no compiled site assets; pages will render without them");
                return Ok(Assets { files, immutable });
            }
            Err(error) => return Err(error),
        };
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            let Some(content_type) = content_type(&name) else {
                continue;
            };
            let raw = std::fs::read(&path)?;
            files.insert(
                name,
                Asset {
                    content_type,
                    bytes: Encoded::new(raw.into(), Effort::Strongest)?,
                },
            );
        }
        Ok(Assets { files, immutable })
    }
}

fn content_type(name: &str) -> Option<&'static str> {
    let extension = name.rsplit('.').next()?;
    Some(match extension {
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        _ => return None,
    })
}

pub async fn serve_asset(
    State(assets): State<Arc<Assets>>,
    Path(name): Path<String>,
    request_headers: HeaderMap,
) -> Response {
    let Some(asset) = assets.files.get(&name) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let (body, encoding) = asset.bytes.for_request(&request_headers);
    let cache = if assets.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, encoding);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_asset_types_are_served() {
        assert_eq!(
            content_type("touchstone.a1b2.wasm"),
            Some("application/wasm")
        );
        assert_eq!(
            content_type("touchstone.js"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(content_type("secrets.toml"), None);
    }
}
