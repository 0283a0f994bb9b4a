//! Provenance: what a piece is made of, who made it and how, and how sure anyone can
//! be of each claim — and the check a disclosure passes before a piece is published.

mod passport_page;
mod section;
mod work_page;

pub use domain::catalogue::{DOCUMENT_FORMAT, provenance_document};
pub use domain::provenance::*;
pub use passport_page::PassportPage;
pub use section::ProvenanceSection;
pub use work_page::PassportWorkPage;
