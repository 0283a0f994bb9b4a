//! `/makers`: the directory of makers, with facets, sort and pages.

use super::{MakerCard, MakerCardView};
use crate::error::AppError;
use crate::layout::ErrorPage;
use crate::search::{Listing, ListingKind, ListingQuery, ListingView, listing_query_from_url};
use crate::shared::PageMeta;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "search-makers", input = Json)]
pub async fn search_makers(query: ListingQuery) -> Result<Listing<MakerCard>, AppError> {
    crate::shared::store()?
        .search_makers(&query)
        .await
        .map_err(AppError::internal)
}

#[component]
pub fn MakerDirectoryPage() -> impl IntoView {
    let request = listing_query_from_url();
    let listing = Resource::new(move || request.get().0, search_makers);

    view! {
        <Suspense fallback=|| view! { <p>"Loading makers…"</p> }>
            {move || Suspend::new(async move {
                let (query, ignored) = request.get();
                match listing.await {
                    Ok(listing) => {
                        let kind = ListingKind::Makers;
                        let pages = listing.pages();
                        let results = (!listing.items.is_empty()).then(|| view! {
                            <ul class="maker-grid">
                                {listing.items.into_iter().map(|maker| view! { <MakerCardView maker/> }).collect_view()}
                            </ul>
                        }.into_any());
                        view! {
                            <PageMeta
                                title="Jewellery makers".to_owned()
                                description="Independent jewellery makers: filter by technique, metal, stones, sourcing, country, price and whether they take commissions.".to_owned()
                                path=kind.url(&query)
                            />
                            <h1>"Makers"</h1>
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
