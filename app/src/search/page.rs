//! `/search`: full-text search over published pieces, with the same facets as the
//! maker directory.

use super::filters::{ListingKind, ListingView};
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
use crate::pieces::{PieceCard, PieceCardView};
use crate::search::Listing;
use crate::search::{Ignored, ListingQuery};
use crate::shared::PageMeta;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use leptos_router::hooks::use_query_map;

#[server(endpoint = "search-pieces", input = Json)]
pub async fn search_pieces(query: ListingQuery) -> Result<Listing<PieceCard>, AppError> {
    crate::shared::store()?
        .search_pieces(&query)
        .await
        .map_err(AppError::internal)
}

/// The listing request in the current URL, and what in it was ignored.
pub fn listing_query_from_url() -> Memo<(ListingQuery, Vec<Ignored>)> {
    let params = use_query_map();
    Memo::new(move |_| {
        params.with(|params| ListingQuery::parse(params.into_iter().map(|(k, v)| (k.as_ref(), v))))
    })
}

#[component]
pub fn SearchPage() -> impl IntoView {
    listing_page(
        ListingKind::Pieces,
        search_pieces,
        ListingText {
            heading: "Search pieces",
            title: |query| {
                if query.text.is_empty() {
                    "Search handmade jewellery".to_owned()
                } else {
                    format!("\u{201c}{}\u{201d}: search results", query.text)
                }
            },
            description: "Search handmade pieces by word, metal, stone, sourcing, technique, country and price, with the provenance of each.",
            grid: "piece-grid",
        },
        |piece| view! { <PieceCardView piece/> },
    )
}

/// What a listing page says of itself.
pub struct ListingText {
    pub heading: &'static str,
    /// The page's title for the query it shows.
    pub title: fn(&ListingQuery) -> String,
    /// For search engines.
    pub description: &'static str,
    /// The class of the list of cards.
    pub grid: &'static str,
}

/// A listing (the piece search, the maker directory): the query in the URL,
/// searched by `search`, shown with the filters, each result as its `card`.
pub fn listing_page<T, V, Found>(
    kind: ListingKind,
    search: fn(ListingQuery) -> Found,
    text: ListingText,
    card: fn(T) -> V,
) -> impl IntoView
where
    T: crate::layout::Loaded,
    Found: std::future::Future<Output = Result<Listing<T>, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let request = listing_query_from_url();
    let listing = Resource::new(move || request.get().0, search);
    let ListingText {
        heading,
        title,
        description,
        grid,
    } = text;
    let page = move |listing: Listing<T>, _| {
        let (query, ignored) = request.get();
        let pages = listing.pages();
        let results = (!listing.items.is_empty()).then(|| {
            view! { <ul class=grid>{listing.items.into_iter().map(card).collect_view()}</ul> }
                .into_any()
        });
        view! {
            <PageMeta title=title(&query) description=description.to_owned() path=kind.url(&query)/>
            <h1>{heading}</h1>
            <ListingView kind query ignored total=listing.total pages facets=listing.facets results/>
        }
    };
    when_loaded(listing, None, page, error_page)
}
