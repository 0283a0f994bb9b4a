//! Evidence documents: the assay certificate, grading report, sourcing certificate
//! or hallmark photo that backs a claim. A claim names its document by the SHA-256
//! digest of the stored file, so anyone holding the file can check it is the one
//! the passport signed. Documents are private to the maker and operators unless the
//! maker shows them to buyers.

use serde::{Deserialize, Serialize};

/// The largest document accepted: a scanned certificate or a phone photo of one.
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;
/// Most documents one piece holds.
pub const MAX_DOCUMENTS: usize = 20;

/// An evidence document as the studio lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceDocument {
    pub sha256: String,
    /// The name it was uploaded with, for the maker to recognise it.
    pub file_name: String,
    pub kind: DocumentKind,
    pub byte_size: u64,
    pub public: bool,
    /// `YYYY-MM-DD`.
    pub uploaded_on: String,
}

/// What a document file is, judged by its first bytes rather than its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Pdf,
    Jpeg,
    Png,
    Webp,
}

impl DocumentKind {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(DocumentKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(DocumentKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(DocumentKind::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(DocumentKind::Webp)
        } else {
            None
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Jpeg => "jpeg",
            DocumentKind::Png => "png",
            DocumentKind::Webp => "webp",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [
            DocumentKind::Pdf,
            DocumentKind::Jpeg,
            DocumentKind::Png,
            DocumentKind::Webp,
        ]
        .into_iter()
        .find(|kind| kind.slug() == slug)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Jpeg => "image/jpeg",
            DocumentKind::Png => "image/png",
            DocumentKind::Webp => "image/webp",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "PDF",
            DocumentKind::Jpeg | DocumentKind::Png | DocumentKind::Webp => "Picture",
        }
    }
}

/// A size for people: `842 KB`, `3.4 MB`.
pub fn readable_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", bytes.div_ceil(1_000)),
        _ => format!("{}.{} MB", bytes / 1_000_000, (bytes % 1_000_000) / 100_000),
    }
}

/// Whether a text is a SHA-256 digest as claims record it: 64 lower-case hex digits.
pub fn is_digest(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub use port::*;

mod port {
    use super::{DocumentKind, EvidenceDocument};
    use crate::accounts::{AccountId, Role, StoredAccount};
    use crate::makers::MakerId;
    use crate::shared::PieceId;
    use crate::shared::StoreError;
    use async_trait::async_trait;

    /// A document to store: its bytes are what the digest was taken of.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct NewDocument {
        pub sha256: String,
        pub file_name: String,
        pub kind: DocumentKind,
        pub public: bool,
        pub bytes: Vec<u8>,
    }

    /// A stored document, and who may read it.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct DocumentFile {
        pub file_name: String,
        pub kind: DocumentKind,
        pub public: bool,
        /// The account running the studio the piece belongs to.
        pub owner: Option<AccountId>,
        /// Whether buyers see the piece (it and its maker are published).
        pub piece_public: bool,
        pub bytes: Vec<u8>,
    }

    /// A document on a piece whose disclosure still has claims resting on a
    /// document, as an operator reviews it.
    #[derive(Clone, Debug, PartialEq)]
    pub struct DocumentUnderReview {
        pub maker: MakerId,
        pub maker_name: String,
        /// Where the maker hears of the review; `None` for a maker without an account.
        pub maker_email: Option<String>,
        pub piece: PieceId,
        pub piece_slug: String,
        pub piece_title: String,
        pub disclosure: crate::provenance::Disclosure,
        pub document: EvidenceDocument,
    }

    impl DocumentFile {
        /// Buyers read public documents of public pieces; the maker and operators
        /// read every document.
        pub fn readable_by(&self, viewer: Option<&StoredAccount>) -> bool {
            (self.public && self.piece_public)
                || viewer.is_some_and(|viewer| {
                    Some(viewer.id) == self.owner || viewer.role == Role::Operator
                })
        }
    }

    #[async_trait]
    pub trait DocumentStore: Send + Sync {
        /// The piece's documents, oldest first; empty for another maker's piece.
        async fn piece_documents(
            &self,
            maker: MakerId,
            piece: PieceId,
        ) -> Result<Vec<EvidenceDocument>, StoreError>;

        /// Stores the file, then its record (once per piece and digest: storing it
        /// again updates whether it is public). `false`, and nothing recorded, when
        /// the piece is not this maker's.
        async fn add_document(
            &self,
            maker: MakerId,
            piece: PieceId,
            document: &NewDocument,
            now: jiff::Timestamp,
        ) -> Result<bool, StoreError>;

        /// Shows the document to buyers or not; `false` when there is no such
        /// document on this maker's piece.
        async fn set_document_public(
            &self,
            maker: MakerId,
            piece: PieceId,
            sha256: &str,
            public: bool,
        ) -> Result<bool, StoreError>;

        /// Forgets the document's record; `false` when there was none.
        async fn remove_document(
            &self,
            maker: MakerId,
            piece: PieceId,
            sha256: &str,
        ) -> Result<bool, StoreError>;

        /// Documents of pieces with claims resting on a document (which may be
        /// others' than these), oldest upload first, `limit` from `offset`: the
        /// operators' review queue before it is narrowed to the claims.
        async fn documents_for_review(
            &self,
            limit: u32,
            offset: u32,
        ) -> Result<Vec<DocumentUnderReview>, StoreError>;

        /// One document of a piece, with the piece, for an operator's review.
        async fn document_for_review(
            &self,
            piece: PieceId,
            sha256: &str,
        ) -> Result<Option<DocumentUnderReview>, StoreError>;

        /// A piece's document by the piece's address, whoever asks: the caller
        /// decides with `DocumentFile::readable_by`.
        async fn document_file(
            &self,
            piece_slug: &str,
            sha256: &str,
        ) -> Result<Option<DocumentFile>, StoreError>;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_judged_by_content() {
        assert_eq!(
            DocumentKind::sniff(b"%PDF-1.7\n..."),
            Some(DocumentKind::Pdf)
        );
        assert_eq!(
            DocumentKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(DocumentKind::Jpeg)
        );
        assert_eq!(
            DocumentKind::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(DocumentKind::Webp)
        );
        assert_eq!(DocumentKind::sniff(b"<html><script>"), None);
        assert_eq!(DocumentKind::sniff(b"PK\x03\x04 a zip"), None);
        assert_eq!(DocumentKind::sniff(b""), None);
        for kind in [DocumentKind::Pdf, DocumentKind::Png] {
            assert_eq!(DocumentKind::from_slug(kind.slug()), Some(kind));
        }
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(readable_size(512), "512 bytes");
        assert_eq!(readable_size(841_200), "842 KB");
        assert_eq!(readable_size(3_456_789), "3.4 MB");
    }

    #[test]
    fn digests_are_64_lower_case_hex_digits() {
        assert!(is_digest(&"0a".repeat(32)));
        assert!(!is_digest(&"0A".repeat(32)));
        assert!(!is_digest(&"0a".repeat(31)));
        assert!(!is_digest("../../etc/passwd"));
    }
}
