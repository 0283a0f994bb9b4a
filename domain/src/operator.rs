//! What the evidence review pages show.

use crate::provenance::{ClaimEntry, Disclosure, EvidenceDocument};
use serde::{Deserialize, Serialize};

/// A document with claims still resting on it unreviewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingReview {
    pub piece: i64,
    pub piece_slug: String,
    pub piece_title: String,
    pub maker_name: String,
    pub document: EvidenceDocument,
    /// The claims it backs that no operator has reviewed yet.
    pub claims: Vec<ClaimEntry>,
}

/// One document under review, with the piece's whole disclosure to compare.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSheet {
    pub item: AwaitingReview,
    pub disclosure: Disclosure,
    /// Of the disclosure as shown: a review of anything else is refused.
    pub fingerprint: String,
}

/// An operator's finding about one claim, as the review form posts it:
/// `verified` or `not-shown`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimFinding {
    pub path: String,
    pub outcome: String,
}

/// Longest note an operator may send the maker with a review.
pub const MAX_REVIEW_NOTE_CHARS: usize = 2_000;

/// The most documents the queue shows at once.
pub const REVIEW_QUEUE_LENGTH: u32 = 100;
