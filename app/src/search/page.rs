//! `/search`: full-text search over published pieces, with the same facets as the
//! maker directory.

use super::filters::{ListingKind, ListingView};
use crate::error::AppError;
use crate::layout::ErrorPage;
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
    let request = listing_query_from_url();
    let listing = Resource::new(move || request.get().0, search_pieces);

    view! {
        <Suspense fallback=|| view! { <p>"Searching…"</p> }>
            {move || Suspend::new(async move {
                let (query, ignored) = request.get();
                match listing.await {
                    Ok(listing) => {
                        let kind = ListingKind::Pieces;
                        let title = if query.text.is_empty() {
                            "Search handmade jewellery".to_owned()
                        } else {
                            format!("\u{201c}{}\u{201d}: search results", query.text)
                        };
                        let pages = listing.pages();
                        let results = (!listing.items.is_empty()).then(|| view! {
                            <ul class="piece-grid">
                                {listing.items.into_iter().map(|piece| view! { <PieceCardView piece/> }).collect_view()}
                            </ul>
                        }.into_any());
                        view! {
                            <PageMeta
                                title
                                description="Search handmade pieces by word, metal, stone, sourcing, technique, country and price, with the provenance of each.".to_owned()
                                path=kind.url(&query)
                            />
                            <h1>"Search pieces"</h1>
                            <ListingView
                                kind
                                query
                                ignored
                                total=listing.total
                                pages
                                facets=listing.facets
                                results
                            />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
