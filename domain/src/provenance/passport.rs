//! The provenance passport: a piece's disclosure as it was when published, signed
//! by the marketplace, verifiable by anyone at `/passport/{id}`.
//!
//! Each edit of a published piece's disclosure adds a version; older versions stay
//! verifiable and say they are superseded. The signed bytes are the payload's JSON
//! exactly as stored: verifying never re-serialises.

use super::Disclosure;
use serde::{Deserialize, Serialize};

pub const PASSPORT_FORMAT: &str = "touchstone-passport/1";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportMaker {
    pub name: String,
    pub slug: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportPiece {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub maker: PassportMaker,
}

/// What is signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportPayload {
    pub format: String,
    pub passport: String,
    pub version: u32,
    /// RFC 3339, UTC.
    pub issued_at: String,
    pub piece: PassportPiece,
    pub disclosure: Disclosure,
    pub completeness: u8,
    /// For a piece made to commission: how its making can be checked. Absent
    /// from every other passport, so their signed bytes are as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commission: Option<PassportCommission>,
    /// Work done on the piece since it was made, oldest first, each recorded by
    /// the maker who did it with its owner's consent. Absent until there is some.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub life: Vec<PassportWork>,
}

/// One piece of work on the piece after it was made: what, when and by which
/// maker; nothing of its owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportWork {
    /// One of `WORK_KINDS`' labels: "Resized".
    pub work: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    pub by: PassportMaker,
    pub note: String,
}

/// The work a maker may record on a passport, as (slug, label).
pub const WORK_KINDS: [(&str, &str); 5] = [
    ("resized", "Resized"),
    ("repaired", "Repaired"),
    ("re-plated", "Re-plated"),
    ("stone-replaced", "Stone replaced"),
    ("cleaned-and-checked", "Cleaned and checked"),
];

/// The record of a commissioned piece's making, by digests only: whoever holds
/// the signed agreement or a progress picture can check it is the one meant,
/// and nothing personal of the buyer is in the passport.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportCommission {
    /// The SHA-256 of the signed design agreement's bytes.
    pub agreement_sha256: String,
    /// `YYYY-MM-DD`, UTC.
    pub agreed_on: String,
    /// The SHA-256 of every picture of the agreed design.
    pub design_pictures: Vec<String>,
    /// Every progress update while it was made, oldest first.
    pub progress: Vec<PassportProgress>,
    /// The client's own stones or metal it was made with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custody: Option<PassportCustody>,
}

/// What the first owner handed over to be made into the piece, by kind and
/// dates only, with the custody log's head: whoever holds the log can check
/// it is the one meant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportCustody {
    /// The SHA-256 of the custody log's latest entry when this version was issued.
    pub log_sha256: String,
    pub materials: Vec<PassportMaterial>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportMaterial {
    /// "sapphire", "18k yellow gold wedding band".
    pub what: String,
    /// `YYYY-MM-DD`.
    pub taken_in_on: String,
    /// What happened to it, oldest first: ("set into the piece", `YYYY-MM-DD`).
    pub history: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportProgress {
    /// `YYYY-MM-DD`, UTC.
    pub on: String,
    /// The SHA-256 of each picture of the update.
    pub pictures: Vec<String>,
}

/// One stored version, with the key that signed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPassport {
    pub id: String,
    /// The piece it is the passport of.
    pub piece_id: i64,
    pub version: u32,
    pub latest_version: u32,
    pub key_id: String,
    pub payload: String,
    /// Hex of the Ed25519 signature over `payload`'s bytes.
    pub signature: String,
}

/// A version to store.
#[derive(Clone, Debug)]
pub struct NewPassportVersion {
    pub id: String,
    pub version: u32,
    pub key_id: String,
    pub payload: String,
    pub signature: String,
    pub issued_at: jiff::Timestamp,
}

/// What the verify page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportCheck {
    pub id: String,
    pub version: u32,
    pub latest_version: u32,
    pub key_id: String,
    pub valid: bool,
    /// The signed contents, when they can be read at all.
    pub payload: Option<PassportPayload>,
    /// The QR code pointing at this passport, as SVG markup we generated.
    pub qr_svg: String,
}

/// Signs with the marketplace's current key and checks signatures against the keys
/// it trusts (the current one and the retired ones it was configured with — never
/// a key read from the database, which a tamperer could have written); the server
/// provides it.
pub trait Notary: Send + Sync {
    fn key_id(&self) -> &str;
    fn sign(&self, payload: &[u8]) -> String;
    fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool;
}

/// The passport id of a piece: stable, so servers issuing at once agree on it.
pub fn passport_id(piece_id: i64) -> String {
    use sha2::{Digest, Sha256};
    crate::shared::hex(&Sha256::digest(format!("touchstone-passport:{piece_id}").as_bytes())[..10])
}

/// The passport id of a piece made to commission: it can't be worked out from
/// the piece's number, since the passport is the buyer's to show or keep. It
/// mixes in the design agreement's signature, which only the two sides hold,
/// and is stable, so servers issuing at once agree on it.
pub fn private_passport_id(piece_id: i64, agreement_signature: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::shared::hex(
        &Sha256::digest(format!("touchstone-passport:{piece_id}:{agreement_signature}").as_bytes())
            [..10],
    )
}

/// A QR code for `url`, as SVG that scales with its box. The page writes it as
/// markup (`inner_html`): the SVG is drawn from the code's modules, and no text of
/// the URL appears in it (a test checks that).
pub fn qr_svg(url: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(160, 160)
            .dark_color(svg::Color("#1f1b16"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        Err(_) => String::new(),
    }
}

/// Reads a stored version and checks its signature.
pub fn check_passport(stored: &StoredPassport, notary: &dyn Notary, site: &str) -> PassportCheck {
    let valid = notary.verify(&stored.key_id, stored.payload.as_bytes(), &stored.signature);
    let payload = serde_json::from_str::<PassportPayload>(&stored.payload)
        .ok()
        .filter(|payload| payload.passport == stored.id && payload.version == stored.version);
    PassportCheck {
        id: stored.id.clone(),
        version: stored.version,
        latest_version: stored.latest_version,
        key_id: stored.key_id.clone(),
        valid: valid && payload.is_some(),
        payload,
        qr_svg: qr_svg(&format!("{site}/passport/{}", stored.id)),
    }
}

/// What passports need from the database: the storage port's passport part.
#[async_trait::async_trait]
pub trait PassportStore: Send + Sync {
    /// The id of a published piece (of a published maker) and its newest passport
    /// version, if it has one; `None` when there is no such published piece.
    async fn passport_of_piece(
        &self,
        piece_slug: &str,
    ) -> Result<Option<(i64, Option<StoredPassport>)>, crate::shared::StoreError>;

    /// Stores a version; `false` when that version was already stored (by a
    /// server issuing at the same moment).
    async fn add_passport_version(
        &self,
        piece_id: i64,
        version: &NewPassportVersion,
    ) -> Result<bool, crate::shared::StoreError>;

    /// One version of a passport, or its newest.
    async fn passport(
        &self,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<StoredPassport>, crate::shared::StoreError>;

    /// The passport of a published piece, newest version, for linking to it.
    async fn passport_of_slug(
        &self,
        piece_slug: &str,
    ) -> Result<Option<(String, u32)>, crate::shared::StoreError>;

    /// Records a public key so passports it signed stay verifiable after rotation.
    async fn register_passport_key(
        &self,
        key_id: &str,
        public_key: &str,
        at: jiff::Timestamp,
    ) -> Result<(), crate::shared::StoreError>;

    /// The newest passport version of a piece, whatever its state.
    async fn latest_passport(
        &self,
        piece_id: i64,
    ) -> Result<Option<StoredPassport>, crate::shared::StoreError>;

    /// Published pieces with a disclosure but no passport yet.
    async fn pieces_without_passport(&self) -> Result<Vec<String>, crate::shared::StoreError>;
}

#[cfg(test)]
mod tests {
    /// What the passport page writes as markup holds drawing elements only, whatever
    /// the URL says.
    #[test]
    fn the_qr_code_is_drawing_only() {
        let svg = super::qr_svg("https://x.example/passport/</svg><script>alert(1)</script>");
        let mut tags: Vec<&str> = svg
            .split('<')
            .skip(1)
            .map(|tag| tag.split([' ', '>', '/']).next().unwrap_or_default())
            .filter(|name| !name.is_empty() && !name.starts_with('?'))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags, ["path", "rect", "svg"], "{svg}");
        assert!(
            !svg.contains("script") && !svg.contains("x.example"),
            "{svg}"
        );
    }
}
