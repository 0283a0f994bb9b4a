use serde::{Deserialize, Serialize};

/// A stored picture as a page shows it: where it is, its size, and what it shows.
///
/// A photo is stored as JPEG and WebP at its own width and at each of `WIDTHS`
/// below it, all named after its key (`3fa2….jpg`, `3fa2…-640.webp`), so the
/// `srcset` follows from the key and width alone. A drawing (SVG) is one file.
///
/// A private picture is served only with `access`, a short-lived pass for all its
/// sizes that is minted for whoever the page is rendered for and never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    /// The name under `/media/`: the content's digest, or a random key.
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access: String,
}

impl ImageRef {
    /// The widths photos are stored at, besides their own.
    pub const WIDTHS: [u32; 5] = [320, 640, 960, 1_280, 1_600];
    pub const MAX_WIDTH: u32 = 1_600;

    pub fn url(&self) -> String {
        self.media_url(&self.key)
    }

    fn media_url(&self, key: &str) -> String {
        if self.access.is_empty() {
            format!("/media/{key}")
        } else {
            format!("/media/{key}?access={}", self.access)
        }
    }

    /// What every size of this picture is named after: its key without width or
    /// extension.
    pub fn stem(&self) -> &str {
        media_stem(&self.key)
    }

    pub fn is_vector(&self) -> bool {
        self.key.ends_with(".svg")
    }

    /// Every width this photo is stored at, smallest first.
    pub fn widths(&self) -> Vec<u32> {
        Self::WIDTHS
            .into_iter()
            .filter(|w| *w < self.width)
            .chain([self.width])
            .collect()
    }

    /// The name of this photo at `width` in the format with extension `ext`.
    pub fn variant_key(&self, width: u32, ext: &str) -> String {
        let stem = self
            .key
            .rsplit_once('.')
            .map_or(self.key.as_str(), |(stem, _)| stem);
        if width == self.width {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{width}.{ext}")
        }
    }

    /// `srcset` for the format with extension `ext`.
    pub fn srcset(&self, ext: &str) -> String {
        self.widths()
            .into_iter()
            .map(|w| format!("{} {w}w", self.media_url(&self.variant_key(w, ext))))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The stem of a stored file's key: `3fa2…` for `3fa2….jpg` and `3fa2…-640.webp`.
pub fn media_stem(key: &str) -> &str {
    key.split(['-', '.']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_lists_each_stored_width() {
        let photo = ImageRef {
            key: "abc.jpg".into(),
            width: 1_000,
            height: 750,
            alt: "A ring".into(),
            access: String::new(),
        };
        assert_eq!(photo.widths(), vec![320, 640, 960, 1_000]);
        assert_eq!(
            photo.srcset("webp"),
            "/media/abc-320.webp 320w, /media/abc-640.webp 640w, /media/abc-960.webp 960w, /media/abc.webp 1000w"
        );
        assert_eq!(photo.variant_key(1_000, "jpg"), "abc.jpg");
        assert!(!photo.is_vector());
        assert_eq!(photo.stem(), "abc");
        assert_eq!(media_stem("abc-640.webp"), "abc");
        let private = ImageRef {
            access: "123.ff".into(),
            ..photo
        };
        assert_eq!(private.url(), "/media/abc.jpg?access=123.ff");
        assert!(
            private
                .srcset("webp")
                .starts_with("/media/abc-320.webp?access=123.ff 320w, ")
        );
    }
}
