//! Provenance: what a piece is made of, who made it and how, and how sure anyone can
//! be of each claim — and the check a disclosure passes before a piece is published.

mod claims;
mod compliance;
mod disclosure;
mod document;
mod documents;
mod passport;
mod passport_page;
mod reading;
mod section;

pub use claims::{ClaimEntry, DocumentChange, ReviewOutcome};
pub use compliance::{Finding, ListingText, Rule, Severity, check, completeness, may_publish};
pub use disclosure::{
    AssayOffice, Claim, Disclosure, Edition, Evidence, GradingReport, GrowthMethod, Hallmark,
    Maker, Making, MakingStep, Markets, MetalDisclosure, Micrometres, Milligrams,
    SchemeCertificate, StoneDisclosure, StoneHistory, StoneNature, StoneOrigin, Surface,
    TreatmentKind, Treatments,
};
pub use document::{DOCUMENT_FORMAT, provenance_document};
#[cfg(feature = "ssr")]
pub use documents::{DocumentFile, DocumentStore, DocumentUnderReview, NewDocument};
pub use documents::{
    DocumentKind, EvidenceDocument, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, is_digest, readable_size,
};
#[cfg(feature = "ssr")]
pub use passport::{
    NewPassportVersion, Notary, PassportStore, check_passport, issue_passport, passport_id, qr_svg,
};
pub use passport::{
    PASSPORT_FORMAT, PassportCheck, PassportMaker, PassportPayload, PassportPiece, StoredPassport,
};
pub use passport_page::PassportPage;
pub use reading::{EvidenceTally, evidence_tally};
pub use section::ProvenanceSection;
