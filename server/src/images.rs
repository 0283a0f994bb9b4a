//! Photos in, responsive images out.
//!
//! An uploaded photo (JPEG, PNG or WebP) is decoded within limits, turned upright,
//! stripped of its metadata (camera, GPS) by re-encoding, and stored as a JPEG and a
//! lossy WebP at its own width (at most `MAX_WIDTH`) and at every standard width
//! below it. Every file is named after one stem, with the width in the name:
//! `3fa2…-640.webp`. Pages derive the `srcset` from the original's key and width
//! alone (see `app::shared::ImageRef`), so listings need no extra queries. A public
//! photo's stem is the digest of the upload; a private one's is random, so its
//! address tells nothing of what it shows.

use app::shared::ImageRef;
use app::store::Media;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, imageops::FilterType};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The widest image stored; bigger photos are scaled down to it.
pub const MAX_WIDTH: u32 = ImageRef::MAX_WIDTH;
/// Larger uploads are refused: nobody needs a 100-megapixel photo of a ring.
const MAX_PIXELS: u64 = 50_000_000;
/// The longest side may be at most this many times the shorter one. With photos
/// at most `MAX_WIDTH` wide, every stored size then stays within WebP's limit of
/// 16,383 pixels a side (its encoder panics beyond it).
const MAX_ASPECT_RATIO: u32 = 10;
/// WebP stores at most this many pixels a side.
const WEBP_MAX_SIDE: u32 = 16_383;
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 78.0;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("That file isn't a photo we can read. Please upload a JPEG, PNG or WebP image.")]
    Unreadable,
    #[error("That photo is too large. Please upload one under 50 megapixels.")]
    TooLarge,
    #[error("That photo is too small. Please upload one at least 320 pixels wide.")]
    TooSmall,
    #[error(
        "That picture is too long and narrow: one side may be at most ten times the other. \
         Please crop it and upload it again."
    )]
    TooNarrow,
}

/// Who may see a photo once stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Anyone: named after its content, cached forever.
    Public,
    /// Only those a page grants it to (`app::shared::MediaPass`): named at random.
    Private,
}

/// Every file to store for one uploaded photo; the first is the full-width JPEG,
/// whose key the piece or maker refers to.
pub fn ingest(upload: &[u8], visibility: Visibility) -> Result<Vec<Media>, PhotoError> {
    let photo = decode(upload)?;
    let photo = if photo.width() > MAX_WIDTH {
        photo.resize(MAX_WIDTH, u32::MAX, FilterType::Lanczos3)
    } else {
        photo
    };
    if photo.width() < ImageRef::WIDTHS[0] {
        return Err(PhotoError::TooSmall);
    }
    let stem = match visibility {
        Visibility::Public => digest(upload),
        Visibility::Private => random_stem(),
    };
    let private = visibility == Visibility::Private;
    let master = ImageRef {
        key: format!("{stem}.jpg"),
        width: photo.width(),
        height: photo.height(),
        alt: String::new(),
        access: String::new(),
    };
    let mut files = Vec::new();
    for width in master.widths() {
        let scaled = if width == photo.width() {
            on_white(&photo)
        } else {
            on_white(&photo.resize(width, u32::MAX, FilterType::Lanczos3))
        };
        let (w, h) = scaled.dimensions();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
            .encode_image(&scaled)
            .map_err(|_| PhotoError::Unreadable)?;
        files.push(Media {
            key: master.variant_key(width, "jpg"),
            content_type: "image/jpeg".into(),
            width: w,
            height: h,
            bytes: jpeg,
            private,
            maker: None,
        });
        if w > WEBP_MAX_SIDE || h > WEBP_MAX_SIDE {
            return Err(PhotoError::TooNarrow);
        }
        let webp = webp::Encoder::from_rgb(scaled.as_raw(), w, h)
            .encode_simple(false, WEBP_QUALITY)
            .map_err(|_| PhotoError::Unreadable)?;
        files.push(Media {
            key: master.variant_key(width, "webp"),
            content_type: "image/webp".into(),
            width: w,
            height: h,
            bytes: webp.to_vec(),
            private,
            maker: None,
        });
    }
    // The full-width JPEG first: it is the photo's name everywhere else.
    files.sort_by_key(|media| media.key != master.key);
    Ok(files)
}

/// Pictures of documents keep their small print legible up to this width.
const DOCUMENT_MAX_WIDTH: u32 = 3_200;
const DOCUMENT_JPEG_QUALITY: u8 = 90;

/// A photo or scan of a document (a certificate, a hallmark close-up), decoded
/// within the same limits as photos and re-encoded as one JPEG: what a phone
/// recorded beside it (GPS, camera) does not survive into a file buyers may read.
pub fn scrub_document_picture(upload: &[u8]) -> Result<Vec<u8>, PhotoError> {
    let picture = decode(upload)?;
    let picture = if picture.width() > DOCUMENT_MAX_WIDTH {
        picture.resize(DOCUMENT_MAX_WIDTH, u32::MAX, FilterType::Lanczos3)
    } else {
        picture
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, DOCUMENT_JPEG_QUALITY)
        .encode_image(&on_white(&picture))
        .map_err(|_| PhotoError::Unreadable)?;
    Ok(jpeg)
}

/// JPEG has no transparency: transparent parts become white, as on a page, not black.
fn on_white(photo: &DynamicImage) -> image::RgbImage {
    if !photo.color().has_alpha() {
        return photo.to_rgb8();
    }
    let rgba = photo.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let image::Rgba([r, g, b, a]) = *rgba.get_pixel(x, y);
        let over_white = |c: u8| {
            let (c, a) = (u16::from(c), u16::from(a));
            u8::try_from((c * a + 255 * (255 - a)) / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([over_white(r), over_white(g), over_white(b)])
    })
}

fn decode(upload: &[u8]) -> Result<DynamicImage, PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| PhotoError::Unreadable)?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|error| match error {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::Unreadable,
    })?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooLarge);
    }
    if width.max(height) > width.min(height).saturating_mul(MAX_ASPECT_RATIO) {
        return Err(PhotoError::TooNarrow);
    }
    let orientation = decoder.orientation().ok();
    let mut photo = DynamicImage::from_decoder(decoder).map_err(|error| match error {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::Unreadable,
    })?;
    if let Some(orientation) = orientation {
        photo.apply_orientation(orientation);
    }
    Ok(photo)
}

fn digest(bytes: &[u8]) -> String {
    app::shared::hex(&Sha256::digest(bytes)[..16])
}

/// 128 random bits: as long as a digest stem, and unguessable.
fn random_stem() -> String {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0_u8; 16];
    OsRng.fill_bytes(&mut bytes);
    app::shared::hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let photo = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(photo)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_photo_becomes_jpeg_and_webp_at_every_width() {
        let files = ingest(&png(2_000, 1_500), Visibility::Public).unwrap();
        let master = &files[0];
        assert!(master.key.ends_with(".jpg"));
        assert_eq!((master.width, master.height), (1_600, 1_200));
        let reference = ImageRef {
            key: master.key.clone(),
            width: master.width,
            height: master.height,
            alt: String::new(),
            access: String::new(),
        };
        assert_eq!(reference.widths(), vec![320, 640, 960, 1_280, 1_600]);
        assert_eq!(files.len(), 10);
        for file in &files {
            let decoded = image::load_from_memory(&file.bytes).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (file.width, file.height)
            );
            assert_eq!(file.height * 4, file.width * 3, "{}: aspect kept", file.key);
            let format = image::guess_format(&file.bytes).unwrap();
            let expected = if file.key.ends_with(".webp") {
                image::ImageFormat::WebP
            } else {
                image::ImageFormat::Jpeg
            };
            assert_eq!(format, expected, "{}", file.key);
        }
        let webp_640 = files
            .iter()
            .find(|f| f.key == reference.variant_key(640, "webp"));
        let jpeg_640 = files
            .iter()
            .find(|f| f.key == reference.variant_key(640, "jpg"));
        assert!(webp_640.unwrap().bytes.len() < jpeg_640.unwrap().bytes.len() * 2);
    }

    #[test]
    fn transparency_becomes_white() {
        let clear = image::RgbaImage::from_pixel(400, 300, image::Rgba([0, 0, 0, 0]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(clear)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        let files = ingest(&bytes, Visibility::Public).unwrap();
        let jpeg = image::load_from_memory(&files[0].bytes).unwrap().to_rgb8();
        assert!(jpeg.get_pixel(10, 10).0.iter().all(|c| *c > 245));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = u32::MAX;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_document_picture_is_re_encoded_without_its_metadata() {
        let mut upload = png(600, 400);
        // A text chunk after the header, as cameras and editors write them.
        let chunk_data = b"Comment\0taken at 51.5N 0.1W";
        let mut chunk = (chunk_data.len() as u32).to_be_bytes().to_vec();
        let mut typed = b"tEXt".to_vec();
        typed.extend_from_slice(chunk_data);
        chunk.extend_from_slice(&typed);
        chunk.extend_from_slice(&crc32(&typed).to_be_bytes());
        upload.splice(33..33, chunk);
        let scrubbed = scrub_document_picture(&upload).unwrap();
        assert_eq!(
            image::guess_format(&scrubbed).unwrap(),
            image::ImageFormat::Jpeg
        );
        assert!(!scrubbed.windows(7).any(|w| w == b"51.5N 0"));
        let decoded = image::load_from_memory(&scrubbed).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (600, 400));
        assert_eq!(
            scrub_document_picture(b"%PDF-1.7"),
            Err(PhotoError::Unreadable)
        );
    }

    #[test]
    fn a_long_narrow_picture_is_refused_in_words_never_a_panic() {
        for (width, height) in [(1, 20_000), (20_000, 1), (330, 20_000)] {
            let upload = png(width, height);
            assert_eq!(
                ingest(&upload, Visibility::Public),
                Err(PhotoError::TooNarrow),
                "{width}×{height}"
            );
            assert_eq!(
                scrub_document_picture(&upload),
                Err(PhotoError::TooNarrow),
                "{width}×{height}"
            );
        }
        let files = ingest(&png(320, 3_200), Visibility::Public).unwrap();
        assert_eq!((files[0].width, files[0].height), (320, 3_200));
    }

    #[test]
    fn a_public_upload_is_named_by_its_content_and_a_private_one_at_random() {
        let upload = png(400, 300);
        let keys = |files: Vec<Media>| files.into_iter().map(|f| f.key).collect::<Vec<_>>();
        let public = keys(ingest(&upload, Visibility::Public).unwrap());
        assert_eq!(public, keys(ingest(&upload, Visibility::Public).unwrap()));
        let private = ingest(&upload, Visibility::Private).unwrap();
        assert!(private.iter().all(|file| file.private));
        let private = keys(private);
        assert_ne!(private, keys(ingest(&upload, Visibility::Private).unwrap()));
        assert!(private.iter().all(|key| !key.starts_with(&digest(&upload))));
        assert_eq!(private.len(), public.len());
    }

    #[test]
    fn refuses_what_is_not_a_usable_photo() {
        assert_eq!(
            ingest(b"not a picture", Visibility::Public),
            Err(PhotoError::Unreadable)
        );
        assert_eq!(
            ingest(&png(200, 200), Visibility::Public),
            Err(PhotoError::TooSmall)
        );
        let mut truncated = png(800, 600);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(
            ingest(&truncated, Visibility::Public),
            Err(PhotoError::Unreadable)
        );
        // A header that claims 60 000 × 60 000 pixels is refused before decoding.
        let mut bomb = png(400, 300);
        bomb[16..20].copy_from_slice(&60_000_u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&60_000_u32.to_be_bytes());
        assert!(matches!(
            ingest(&bomb, Visibility::Public),
            Err(PhotoError::TooLarge | PhotoError::Unreadable)
        ));
    }
}
