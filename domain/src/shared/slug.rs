use serde::{Deserialize, Serialize};
use std::fmt;

/// The readable, URL-safe name of a maker or a piece: `aurelia-lind`, `tidal-signet-ring`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("An address name can't be empty.")]
    Empty,
    #[error("An address name can be at most {max} characters long.", max = Slug::MAX_LEN)]
    TooLong,
    #[error(
        "An address name may use only lower-case letters a–z, digits and single hyphens between them."
    )]
    Malformed,
}

impl Slug {
    pub const MAX_LEN: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let well_formed = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if well_formed {
            Ok(Slug(raw.to_owned()))
        } else {
            Err(SlugError::Malformed)
        }
    }

    /// Derives a slug from a human title in any script: transliterated to ASCII
    /// (`Straße` → `strasse`, `Колье` → `kole`, `指輪` → `zhi-lun`), with
    /// anything else between words becoming one hyphen. (Server-side: the
    /// transliteration tables never reach the browser.)
    pub fn from_title(title: &str) -> Result<Self, SlugError> {
        let ascii = deunicode::deunicode_with_tofu(title, "-");
        let mut slug = String::with_capacity(ascii.len());
        for ch in ascii.chars() {
            let ch = ch.to_ascii_lowercase();
            if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
                slug.push(ch);
            } else if ch != '\'' && !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let trimmed = slug.trim_end_matches('-');
        let cut = trimmed
            .char_indices()
            .take_while(|(i, _)| *i < Self::MAX_LEN)
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        Self::parse(trimmed[..cut].trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_words_joined_by_single_hyphens() {
        assert_eq!(
            Slug::parse("aurelia-lind-2").unwrap().as_str(),
            "aurelia-lind-2"
        );
    }

    #[test]
    fn refuses_anything_else() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        for bad in [
            "Aurelia", "a--b", "-a", "a-", "a b", "a/b", "ä", "<script>", "a'b",
        ] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Malformed), "{bad}");
        }
        assert_eq!(Slug::parse(&"a".repeat(81)), Err(SlugError::TooLong));
    }

    #[test]
    fn derives_from_titles_with_accents_and_punctuation() {
        let slug = Slug::from_title("  Éclat — Forged Ring No. 3 ").unwrap();
        assert_eq!(slug.as_str(), "eclat-forged-ring-no-3");
        assert_eq!(Slug::from_title("!!!"), Err(SlugError::Empty));
        assert!(
            Slug::from_title(&"ring ".repeat(40))
                .unwrap()
                .as_str()
                .len()
                <= 80
        );
    }

    #[test]
    fn derives_from_titles_in_any_script() {
        for (title, slug) in [
            ("Straße der Ringe", "strasse-der-ringe"),
            ("Łódź Øre signet", "lodz-ore-signet"),
            ("Колье из серебра", "kole-iz-serebra"),
            ("Δαχτυλίδι", "dakhtulidi"),
            ("O'Brien's ring", "obriens-ring"),
        ] {
            assert_eq!(Slug::from_title(title).unwrap().as_str(), slug, "{title}");
        }
        for title in ["東京の指輪", "خاتم فضة", "반지", "💍 ring"] {
            let slug = Slug::from_title(title).unwrap();
            assert!(Slug::parse(slug.as_str()).is_ok(), "{title} → {slug}");
            assert!(slug.as_str().len() > 2, "{title} keeps its words: {slug}");
        }
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Slug>("\"ok-slug\"").is_ok());
        assert!(serde_json::from_str::<Slug>("\"Not OK\"").is_err());
    }
}
