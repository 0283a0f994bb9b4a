//! Provenance: what a piece is made of, who made it and how, and how sure anyone can
//! be of each claim — and the check a disclosure passes before a piece is published.

mod compliance;
mod disclosure;
mod reading;
mod section;

pub use compliance::{Finding, ListingText, Rule, Severity, check, completeness, may_publish};
pub use disclosure::{
    AssayOffice, Claim, Disclosure, Edition, Evidence, GradingReport, GrowthMethod, Hallmark,
    Maker, Making, MakingStep, Markets, MetalDisclosure, Micrometres, Milligrams,
    SchemeCertificate, StoneDisclosure, StoneHistory, StoneNature, StoneOrigin, Surface,
    TreatmentKind, Treatments,
};
pub use section::ProvenanceSection;
