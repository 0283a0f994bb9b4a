//! The custody log of what a buyer hands the maker for their commission — an
//! heirloom stone, old gold — from its intake to its return in the piece.
//!
//! Entries are appended, never changed: each one's bytes hold the SHA-256 of the
//! entry before (a hash chain) and of its photos, and the marketplace key signs
//! the chain's head (its length and last digest) after every append. An entry
//! rewritten in the database, removed, or added out of turn therefore shows the
//! next time the log is read. A mistake is put right by a new entry that names
//! the one it corrects.

use super::{CommissionId, CommissionPicture, Party};
use crate::provenance::Notary;
use crate::shared::{StoreError, hex};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Names what an entry's bytes are, so no other signed or hashed document of
/// the marketplace's can pass for one.
pub const CUSTODY_ENTRY_PURPOSE: &str = "touchstone-custody-entry/1";
/// Names what the signed head is (the same key signs passports and agreements).
pub const CUSTODY_HEAD_PURPOSE: &str = "touchstone-custody-head/1";
/// What the first entry names as the one before it.
pub const CHAIN_START: &str = "0000000000000000000000000000000000000000000000000000000000000000";
pub const MAX_CUSTODY_PHOTOS: usize = 8;
/// The longest short field (a species, a shape, a name), in characters.
pub const MAX_CUSTODY_FIELD: usize = 200;
/// The longest note or condition report.
pub const MAX_CUSTODY_NOTE: usize = 2_000;
/// The longest risk terms a maker may write (within an upload's 8 KB text part).
pub const MAX_RISK_TERMS: usize = 2_000;

/// A weight or size to two decimals (grams, carats), kept as hundredths so the
/// signed bytes never hold a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hundredths(pub u32);

impl Hundredths {
    /// `12`, `12.4`, `12,40`: at most two decimals, more than zero, under a
    /// million.
    pub fn parse(text: &str) -> Option<Hundredths> {
        let text = text.trim().replace(',', ".");
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        if whole.is_empty()
            || whole.len() > 6
            || fraction.len() > 2
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let fraction: u32 = format!("{fraction:0<2}").parse().ok()?;
        let value = whole * 100 + fraction;
        (value > 0).then_some(Hundredths(value))
    }
}

impl std::fmt::Display for Hundredths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A stone as it was handed over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stone {
    pub species: String,
    pub shape: String,
    /// As measured, e.g. `6.5 × 6.5 × 4.1 mm`.
    pub measurements: String,
    pub approx_carats: Option<Hundredths>,
    pub colour: String,
    /// Inclusions or damage visible at intake.
    pub visible_marks: String,
}

/// Metal as it was handed over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metal {
    /// What it is: `an 18k yellow gold wedding band`.
    pub description: String,
    pub grams: Hundredths,
    /// As tested: `750`, `18k`.
    pub tested_fineness: String,
    /// How: `XRF`, `acid test`, `touchstone`.
    pub tested_how: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Material {
    Stone(Stone),
    Metal(Metal),
}

impl Material {
    /// How the page and the passport name it: `sapphire`, `18k gold wedding band`.
    pub fn name(&self) -> &str {
        match self {
            Material::Stone(stone) => &stone.species,
            Material::Metal(metal) => &metal.description,
        }
    }
}

/// The intake: what was taken in, in what state, from whom, and on what terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub material: Material,
    pub condition: String,
    pub handed_over_by: String,
    /// The day it changed hands, `YYYY-MM-DD`.
    pub handed_over_on: String,
    /// The maker's own wording, shown to the buyer before they acknowledge.
    pub risk_terms: String,
}

/// What happened to an item later. `item` is the seq of its intake entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Happening {
    Tested,
    Remeasured,
    Set,
    /// Melted and re-used: the entry carries the weight that came out.
    Melted,
    ReturnedUnused,
    ReturnedWithPiece,
    Lost,
    Damaged,
}

impl Happening {
    pub const ALL: [Happening; 8] = [
        Happening::Tested,
        Happening::Remeasured,
        Happening::Set,
        Happening::Melted,
        Happening::ReturnedUnused,
        Happening::ReturnedWithPiece,
        Happening::Lost,
        Happening::Damaged,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Happening::Tested => "tested",
            Happening::Remeasured => "remeasured",
            Happening::Set => "set",
            Happening::Melted => "melted",
            Happening::ReturnedUnused => "returned-unused",
            Happening::ReturnedWithPiece => "returned-with-piece",
            Happening::Lost => "lost",
            Happening::Damaged => "damaged",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Happening> {
        Happening::ALL.into_iter().find(|h| h.slug() == slug)
    }

    /// As a sentence's verb: "set into the piece".
    pub fn label(self) -> &'static str {
        match self {
            Happening::Tested => "tested",
            Happening::Remeasured => "measured again",
            Happening::Set => "set into the piece",
            Happening::Melted => "melted and re-used",
            Happening::ReturnedUnused => "returned unused",
            Happening::ReturnedWithPiece => "returned with the piece",
            Happening::Lost => "lost",
            Happening::Damaged => "damaged",
        }
    }

    /// After this the item is no longer in the maker's hands.
    fn ends_custody(self) -> bool {
        matches!(
            self,
            Happening::ReturnedUnused | Happening::ReturnedWithPiece | Happening::Lost
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "kebab-case")]
pub enum CustodyEvent {
    Intake(Intake),
    /// The buyer agrees the intake record (the seq of its entry) is right.
    Acknowledged {
        intake: u32,
    },
    Event {
        item: u32,
        happening: Happening,
        /// The weight after melting.
        grams_after: Option<Hundredths>,
        note: String,
    },
    /// Puts right what entry `corrects` said; that entry stays as it was.
    Correction {
        corrects: u32,
        note: String,
    },
}

/// One entry's document: its JSON, in this field order, is what is hashed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDocument {
    pub purpose: String,
    pub commission: i64,
    pub seq: u32,
    /// The SHA-256 of the entry before, or `CHAIN_START`.
    pub previous: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub by: Party,
    pub event: CustodyEvent,
    /// The SHA-256 of each photo, in order.
    pub photos: Vec<String>,
}

/// An entry as stored: its exact bytes and their digest, and its photos (each
/// named in the bytes by its SHA-256).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCustodyEntry {
    pub seq: u32,
    pub payload: String,
    pub sha256: String,
    pub pictures: Vec<CommissionPicture>,
}

/// The chain's head, signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHead {
    pub length: u32,
    pub sha256: String,
    pub key_id: String,
    pub signature: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustodyLog {
    pub entries: Vec<StoredCustodyEntry>,
    pub head: Option<SignedHead>,
}

/// The storage port of custody logs.
#[async_trait::async_trait]
pub trait CustodyStore: Send + Sync {
    /// Appends `entry` with the head signed over it, as one write, only where
    /// the log has `entry.seq - 1` entries: another entry in its place (two
    /// people at once) is `Duplicate(Conflict::CustodyEntry)`.
    async fn append_custody(
        &self,
        commission: CommissionId,
        entry: &StoredCustodyEntry,
        head: &SignedHead,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError>;

    /// The log in order, with its head.
    async fn custody_log(&self, commission: CommissionId) -> Result<CustodyLog, StoreError>;
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn head_bytes(commission: CommissionId, length: u32, sha256: &str) -> Vec<u8> {
    #[derive(Serialize)]
    struct HeadDocument<'a> {
        purpose: &'a str,
        commission: i64,
        length: u32,
        head: &'a str,
    }
    serde_json::to_vec(&HeadDocument {
        purpose: CUSTODY_HEAD_PURPOSE,
        commission: commission.0,
        length,
        head: sha256,
    })
    .unwrap_or_default()
}

/// Why an entry may not be appended.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CustodyRefusal {
    #[error("Only the maker records what was taken in and what happened to it.")]
    MakersEntry,
    #[error("Only the client acknowledges an intake record.")]
    ClientsAcknowledgement,
    #[error("There is no intake record {0} in this log.")]
    NoSuchIntake(u32),
    #[error("That intake record is acknowledged already.")]
    AcknowledgedAlready,
    #[error("That item has left the maker's hands; a correction can still be added.")]
    CustodyEnded,
    #[error("There is no entry {0} to correct.")]
    NoSuchEntry(u32),
    #[error("The weight after melting is needed, and only then.")]
    MeltedWeight,
    #[error("The custody log no longer verifies, so nothing more can be added to it.")]
    Broken,
}

/// What a verified log holds, entry by entry, and where it broke if it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustodyCheck {
    pub entries: Vec<EntryDocument>,
    /// Every entry links to the one before, every digest matches, and the
    /// marketplace's signature covers the head.
    pub intact: bool,
    /// The first entry (by seq) that does not verify; `length + 1` when the
    /// head itself is wrong.
    pub broken_at: Option<u32>,
    /// The last entry's digest: what a passport names.
    pub head: Option<String>,
}

impl CustodyCheck {
    /// Checks every link and the head's signature.
    pub fn of(commission: CommissionId, log: &CustodyLog, notary: &dyn Notary) -> CustodyCheck {
        let mut entries = Vec::new();
        let mut previous = CHAIN_START.to_owned();
        let mut broken_at = None;
        for (index, stored) in log.entries.iter().enumerate() {
            let seq = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let document = serde_json::from_str::<EntryDocument>(&stored.payload).ok();
            let links = document.as_ref().is_some_and(|document| {
                let pictures = stored.pictures.iter().map(|picture| &picture.sha256);
                document.purpose == CUSTODY_ENTRY_PURPOSE
                    && pictures.eq(document.photos.iter())
                    && document.commission == commission.0
                    && document.seq == seq
                    && stored.seq == seq
                    && document.previous == previous
            });
            match document {
                Some(document)
                    if links && sha256_hex(stored.payload.as_bytes()) == stored.sha256 =>
                {
                    entries.push(document);
                }
                _ => {
                    broken_at = Some(seq);
                    break;
                }
            }
            previous.clone_from(&stored.sha256);
        }
        let length = u32::try_from(log.entries.len()).unwrap_or(u32::MAX);
        let head_signed = match &log.head {
            None => log.entries.is_empty(),
            Some(head) => {
                head.length == length
                    && head.sha256 == previous
                    && notary.verify(
                        &head.key_id,
                        &head_bytes(commission, head.length, &head.sha256),
                        &head.signature,
                    )
            }
        };
        if broken_at.is_none() && !head_signed {
            broken_at = Some(length + 1);
        }
        CustodyCheck {
            intact: broken_at.is_none(),
            broken_at,
            head: log.entries.last().map(|last| last.sha256.clone()),
            entries,
        }
    }

    /// Whether `by` may add `event` to this log now.
    pub fn allows(&self, by: Party, event: &CustodyEvent) -> Result<(), CustodyRefusal> {
        if !self.intact {
            return Err(CustodyRefusal::Broken);
        }
        let intake = |seq: u32| {
            self.entries
                .iter()
                .find(|entry| entry.seq == seq && matches!(entry.event, CustodyEvent::Intake(_)))
                .ok_or(CustodyRefusal::NoSuchIntake(seq))
        };
        match event {
            CustodyEvent::Acknowledged { intake: seq } => {
                if by != Party::Buyer {
                    return Err(CustodyRefusal::ClientsAcknowledgement);
                }
                intake(*seq)?;
                if self.acknowledged(*seq).is_some() {
                    return Err(CustodyRefusal::AcknowledgedAlready);
                }
            }
            _ if by != Party::Maker => return Err(CustodyRefusal::MakersEntry),
            CustodyEvent::Intake(_) => {}
            CustodyEvent::Event {
                item,
                happening,
                grams_after,
                ..
            } => {
                intake(*item)?;
                if (*happening == Happening::Melted) != grams_after.is_some() {
                    return Err(CustodyRefusal::MeltedWeight);
                }
                if self.custody_ended(*item) {
                    return Err(CustodyRefusal::CustodyEnded);
                }
            }
            CustodyEvent::Correction { corrects, .. } => {
                if !self.entries.iter().any(|entry| entry.seq == *corrects) {
                    return Err(CustodyRefusal::NoSuchEntry(*corrects));
                }
            }
        }
        Ok(())
    }

    /// When the buyer acknowledged intake `seq`.
    pub fn acknowledged(&self, seq: u32) -> Option<&str> {
        self.entries.iter().find_map(|entry| match entry.event {
            CustodyEvent::Acknowledged { intake } if intake == seq => Some(entry.at.as_str()),
            _ => None,
        })
    }

    fn custody_ended(&self, item: u32) -> bool {
        self.happenings(item)
            .any(|(happening, _)| happening.ends_custody())
    }

    /// What happened to item `item`, in order, with when.
    pub fn happenings(&self, item: u32) -> impl Iterator<Item = (Happening, &EntryDocument)> {
        self.entries
            .iter()
            .filter_map(move |entry| match entry.event {
                CustodyEvent::Event {
                    item: of,
                    happening,
                    ..
                } if of == item => Some((happening, entry)),
                _ => None,
            })
    }

    /// The intakes, each with its entry.
    pub fn intakes(&self) -> impl Iterator<Item = (&Intake, &EntryDocument)> {
        self.entries.iter().filter_map(|entry| match &entry.event {
            CustodyEvent::Intake(intake) => Some((intake, entry)),
            _ => None,
        })
    }

    /// The next entry, sealed, and the head to sign over it.
    pub fn next_entry(
        &self,
        commission: CommissionId,
        by: Party,
        event: CustodyEvent,
        pictures: Vec<CommissionPicture>,
        at: jiff::Timestamp,
    ) -> (StoredCustodyEntry, EntryDocument) {
        let seq = u32::try_from(self.entries.len() + 1).unwrap_or(u32::MAX);
        let document = EntryDocument {
            purpose: CUSTODY_ENTRY_PURPOSE.to_owned(),
            commission: commission.0,
            seq,
            previous: self.head.clone().unwrap_or_else(|| CHAIN_START.to_owned()),
            at: at.to_string(),
            by,
            event,
            photos: pictures
                .iter()
                .map(|picture| picture.sha256.clone())
                .collect(),
        };
        let payload = serde_json::to_string(&document).unwrap_or_default();
        let stored = StoredCustodyEntry {
            seq,
            sha256: sha256_hex(payload.as_bytes()),
            payload,
            pictures,
        };
        (stored, document)
    }
}

impl CustodyCheck {
    /// What a passport says of the client's materials: only of a log that
    /// verifies and holds an intake.
    pub fn passport_record(&self) -> Option<crate::provenance::PassportCustody> {
        let day = |at: &str| at.chars().take(10).collect::<String>();
        let materials: Vec<crate::provenance::PassportMaterial> = self
            .intakes()
            .map(|(intake, entry)| crate::provenance::PassportMaterial {
                what: intake.material.name().to_owned(),
                taken_in_on: intake.handed_over_on.clone(),
                history: self
                    .happenings(entry.seq)
                    .map(|(happening, event)| (happening.label().to_owned(), day(&event.at)))
                    .collect(),
            })
            .collect();
        (self.intact && !materials.is_empty()).then(|| crate::provenance::PassportCustody {
            log_sha256: self.head.clone().unwrap_or_default(),
            materials,
        })
    }
}

/// The head over `entry`, signed by the marketplace key.
pub fn sign_head(
    commission: CommissionId,
    entry: &StoredCustodyEntry,
    notary: &dyn Notary,
) -> SignedHead {
    SignedHead {
        length: entry.seq,
        sha256: entry.sha256.clone(),
        key_id: notary.key_id().to_owned(),
        signature: notary.sign(&head_bytes(commission, entry.seq, &entry.sha256)),
    }
}

#[cfg(test)]
mod tests;
