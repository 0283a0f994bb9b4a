//! Finding makers and pieces: the query a listing URL carries, the facet counts,
//! the filter form shared by the directory and the search page, and the island that
//! lets that form filter in place.

mod filters;
mod listing;
mod live;
mod page;
mod query;

pub use filters::{ListingKind, ListingView};
pub use listing::{FacetCounts, Listing};
use live::LiveListing;
pub use page::{SearchPage, listing_query_from_url};
pub use query::{
    EvidenceFacet, Ignored, ListingQuery, MAX_PAGE, MAX_TEXT_CHARS, PAGE_SIZE, PriceBand, Sort,
    StoneFacet,
};
