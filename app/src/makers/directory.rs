//! `/makers`: the directory of makers, with facets, sort and pages.

use super::{MakerCard, MakerCardView};
use crate::error::AppError;
use crate::search::{Listing, ListingKind, ListingQuery, ListingText, listing_page};
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
    listing_page(
        ListingKind::Makers,
        search_makers,
        ListingText {
            heading: "Makers",
            title: |_| "Jewellery makers".to_owned(),
            description: "Independent jewellery makers: filter by technique, metal, stones, sourcing, country, price and whether they take commissions.",
            grid: "maker-grid",
        },
        |maker| view! { <MakerCardView maker/> },
    )
}
