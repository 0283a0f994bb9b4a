//! Finding makers and pieces: the query a listing URL carries, the facet counts,
//! the filter form shared by the directory and the search page, and the island that
//! lets that form filter in place.

mod filters;
mod live;
mod page;

pub use domain::search::*;
pub use filters::{ListingKind, ListingView};
use live::LiveListing;
pub use page::{ListingText, SearchPage, listing_page, listing_query_from_url};
