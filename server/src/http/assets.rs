//! The compiled JS, wasm and CSS under `/pkg`, loaded once at start and compressed
//! once with the strongest settings, so serving them costs no disk or CPU.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

struct Asset {
    content_type: &'static str,
    raw: Vec<u8>,
    brotli: Vec<u8>,
    gzip: Vec<u8>,
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
                    brotli: brotli(&raw)?,
                    gzip: gzip(&raw)?,
                    raw,
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

fn brotli(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(raw)?;
    }
    Ok(out)
}

fn gzip(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw)?;
    encoder.finish()
}

pub async fn serve_asset(
    State(assets): State<Arc<Assets>>,
    Path(name): Path<String>,
    request_headers: HeaderMap,
) -> Response {
    let Some(asset) = assets.files.get(&name) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let accepted = request_headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let accepts = |coding: &str| {
        accepted.split(',').any(|part| {
            let mut fields = part.split(';');
            fields.next().is_some_and(|c| c.trim() == coding)
                && !fields.any(|f| f.trim().replace(' ', "") == "q=0")
        })
    };
    let (body, encoding) = if accepts("br") {
        (asset.brotli.clone(), Some("br"))
    } else if accepts("gzip") {
        (asset.gzip.clone(), Some("gzip"))
    } else {
        (asset.raw.clone(), None)
    };
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
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let raw = b"(function(){ hydrate(); })();".repeat(200);
        let mut unbrotli = Vec::new();
        brotli::Decompressor::new(&brotli(&raw).unwrap()[..], 4096)
            .read_to_end(&mut unbrotli)
            .unwrap();
        assert_eq!(unbrotli, raw);
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&raw).unwrap()[..])
            .read_to_end(&mut ungzip)
            .unwrap();
        assert_eq!(ungzip, raw);
    }

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
