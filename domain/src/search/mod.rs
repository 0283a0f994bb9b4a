//! The query a listing URL carries and the listing it gives.

mod listing;
mod query;

pub use listing::{FacetCounts, Listing};
pub use query::{
    EvidenceFacet, Ignored, ListingQuery, MAX_PAGE, MAX_TEXT_CHARS, PAGE_SIZE, PriceBand, Sort,
    StoneFacet,
};
