//! Bytes kept compressed ahead of time, so sending them costs no CPU: the site's
//! assets (once at start) and cached pages (once per catalogue version).

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use std::io::Write;

/// How hard to compress: the assets once at start, at the strongest settings;
/// pages at each catalogue version, strongly but in a few milliseconds.
#[derive(Clone, Copy, Debug)]
pub enum Effort {
    Strongest,
    Page,
}

/// The same bytes raw, as brotli and as gzip.
#[derive(Clone, Debug)]
pub struct Encoded {
    raw: Bytes,
    brotli: Bytes,
    gzip: Bytes,
}

impl Encoded {
    pub fn new(raw: Bytes, effort: Effort) -> std::io::Result<Encoded> {
        let (brotli_quality, gzip_level) = match effort {
            Effort::Strongest => (11, flate2::Compression::best()),
            Effort::Page => (9, flate2::Compression::default()),
        };
        Ok(Encoded {
            brotli: brotli(&raw, brotli_quality)?.into(),
            gzip: gzip(&raw, gzip_level)?.into(),
            raw,
        })
    }

    /// The raw length plus both compressed copies: what keeping it costs.
    pub fn stored_bytes(&self) -> usize {
        self.raw.len() + self.brotli.len() + self.gzip.len()
    }

    /// The copy the request accepts (brotli, else gzip, else raw) and its
    /// `Content-Encoding`.
    pub fn for_request(&self, request_headers: &HeaderMap) -> (Bytes, Option<HeaderValue>) {
        self.for_accepted(accepted_encodings(request_headers))
    }

    /// The copy an `Accept-Encoding` value asks for, as `for_request`.
    pub fn for_accepted(&self, accepted: &str) -> (Bytes, Option<HeaderValue>) {
        if accepts(accepted, "br") {
            (self.brotli.clone(), Some(HeaderValue::from_static("br")))
        } else if accepts(accepted, "gzip") {
            (self.gzip.clone(), Some(HeaderValue::from_static("gzip")))
        } else {
            (self.raw.clone(), None)
        }
    }
}

/// The request's `Accept-Encoding`, empty when it has none (or an unreadable one).
pub fn accepted_encodings(request_headers: &HeaderMap) -> &str {
    request_headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

/// Whether an `Accept-Encoding` value names `coding` without refusing it (`q=0`).
fn accepts(accepted: &str, coding: &str) -> bool {
    accepted.split(',').any(|part| {
        let mut fields = part.split(';');
        fields
            .next()
            .is_some_and(|name| name.trim().eq_ignore_ascii_case(coding))
            && !fields.any(|field| {
                let field = field.replace(' ', "");
                field
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            })
    })
}

fn brotli(raw: &[u8], quality: u32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        writer.write_all(raw)?;
    }
    Ok(out)
}

fn gzip(raw: &[u8], level: flate2::Compression) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(raw)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn asking(accept_encoding: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept_encoding).unwrap(),
        );
        headers
    }

    #[test]
    fn each_copy_decompresses_to_the_original_and_goes_to_who_accepts_it() {
        let raw = Bytes::from(b"(function(){ hydrate(); })();".repeat(200));
        for effort in [Effort::Strongest, Effort::Page] {
            let encoded = Encoded::new(raw.clone(), effort).unwrap();

            let (body, coding) = encoded.for_request(&asking("gzip, deflate, br"));
            assert_eq!(coding.unwrap(), "br");
            let mut unbrotli = Vec::new();
            brotli::Decompressor::new(&body[..], 4096)
                .read_to_end(&mut unbrotli)
                .unwrap();
            assert_eq!(unbrotli, raw);

            let (body, coding) = encoded.for_request(&asking("br;q=0, gzip"));
            assert_eq!(coding.unwrap(), "gzip");
            let mut ungzip = Vec::new();
            flate2::read::GzDecoder::new(&body[..])
                .read_to_end(&mut ungzip)
                .unwrap();
            assert_eq!(ungzip, raw);

            let (body, coding) = encoded.for_request(&HeaderMap::new());
            assert_eq!((body, coding), (raw.clone(), None));
            assert!(encoded.stored_bytes() < 2 * raw.len());
        }
    }

    #[test]
    fn refusals_and_unknown_codings_are_respected() {
        assert!(accepts("br", "br"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(!accepts("br;q=0", "br"));
        assert!(!accepts("br; q=0.0", "br"));
        assert!(!accepts("brotli, zstd", "br"));
        assert!(!accepts("", "gzip"));
    }
}
