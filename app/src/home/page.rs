use crate::error::AppError;
use crate::layout::ErrorPage;
use crate::makers::{MakerCard, OpenForCommissionsFilter};
use crate::pieces::{PieceCard, PieceCardView};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeListing {
    pub makers: Vec<MakerCard>,
    pub pieces: Vec<PieceCard>,
}

#[server(endpoint = "home-sections")]
pub async fn home_sections() -> Result<HomeListing, AppError> {
    /// How many makers and pieces the home page lists.
    const MAKERS_SHOWN: u32 = 24;
    const PIECES_SHOWN: u32 = 12;
    let store = crate::shared::store()?;
    let makers = store
        .featured_makers(MAKERS_SHOWN)
        .await
        .map_err(AppError::internal)?;
    let pieces = store
        .recent_pieces(PIECES_SHOWN)
        .await
        .map_err(AppError::internal)?;
    Ok(HomeListing { makers, pieces })
}

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let only_open = move || query.read().get("open").as_deref() == Some("1");
    let sections = Resource::new(|| (), |_| home_sections());

    view! {
        <Title text="Touchstone · Handmade jewellery you can check"/>
        <Meta
            name="description"
            content="Independent jewellery makers and the provenance of every piece: who made it, from what, and how sure anyone can be."
        />
        <section class="hero" aria-labelledby="hero-heading">
            <h1 id="hero-heading">"Handmade jewellery you can check."</h1>
            <p class="hero__lede">
                "Touchstone shows who made each piece, how, and from which metals and stones — "
                "with the evidence behind every claim — and lets you book a design consultation "
                "with the maker."
            </p>
        </section>
        <Suspense fallback=|| view! { <p>"Loading makers…"</p> }>
            {move || Suspend::new(async move {
                match sections.await {
                    Ok(HomeListing { makers, pieces }) => view! {
                        <section id="makers" class="section" aria-labelledby="makers-heading">
                            <h2 id="makers-heading">"Makers"</h2>
                            <OpenForCommissionsFilter makers only_open=only_open()/>
                        </section>
                        <section id="pieces" class="section" aria-labelledby="pieces-heading">
                            <h2 id="pieces-heading">"Recently published pieces"</h2>
                            <ul class="piece-grid">
                                {pieces.into_iter().map(|piece| view! { <PieceCardView piece/> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
        <section id="about" class="section about" aria-labelledby="about-heading">
            <h2 id="about-heading">"Why provenance matters"</h2>
            <p>
                "Factory jewellery is often sold as \"custom\". On Touchstone every piece says who "
                "designed and made it, the fineness of its metals, whether its stones are natural or "
                "laboratory-grown, and whether each claim is self-declared, backed by a document, "
                "or verified."
            </p>
        </section>
    }
}
