//! A piece's provenance disclosure: its claims and their evidence, the rules a
//! listing must meet, the evidence documents and the signed passport.

mod claims;
mod compliance;
mod disclosure;
mod documents;
mod passport;
pub mod reading;
mod work;

pub use claims::{ClaimEntry, DocumentChange, ReviewOutcome};
pub use compliance::{Finding, ListingText, Rule, Severity, check, completeness, may_publish};
pub use disclosure::{
    AssayOffice, Claim, Disclosure, Edition, Evidence, GradingReport, GrowthMethod, Hallmark,
    Maker, Making, MakingStep, Markets, MetalDisclosure, Micrometres, Milligrams,
    SchemeCertificate, StoneDisclosure, StoneHistory, StoneNature, StoneOrigin, Surface,
    TreatmentKind, Treatments,
};
pub use documents::{
    DocumentFile, DocumentKind, DocumentStore, DocumentUnderReview, EvidenceDocument,
    MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, NewDocument, is_digest, readable_size,
};
pub use passport::{
    NewPassportVersion, Notary, PASSPORT_FORMAT, PassportCheck, PassportCommission,
    PassportCustody, PassportMaker, PassportMaterial, PassportPayload, PassportPiece,
    PassportProgress, PassportStore, PassportWork, StoredPassport, WORK_KINDS, check_passport,
    passport_id, private_passport_id, qr_svg,
};
pub use reading::{EvidenceTally, evidence_tally};
pub use work::{
    MAX_WORK_NOTE, WORK_CONSENT_DAYS, WorkForm, WorkRefusal, WorkStart, consent_holds, parse_work,
    work_consent,
};
