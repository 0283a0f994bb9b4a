use super::FrontPage;
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
use crate::makers::MakerCardView;
use crate::pieces::PieceCardView;
use crate::shared::PageMeta;
use leptos::prelude::*;

/// The home page's lists. Every request asks the database for its catalogue
/// version, but each server builds the lists only once per version.
#[server(endpoint = "home-sections")]
pub async fn home_sections() -> Result<FrontPage, AppError> {
    crate::shared::store()?
        .front_page()
        .await
        .map_err(AppError::internal)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let sections = Resource::new(|| (), |_| home_sections());

    view! {
        <PageMeta
            title="Handmade jewellery you can check".to_owned()
            description="Independent jewellery makers and the provenance of every piece: who made it, from what, and how sure anyone can be.".to_owned()
            path="/".to_owned()
        />
        <section class="hero" aria-labelledby="hero-heading">
            <h1 id="hero-heading">"Handmade jewellery you can check."</h1>
            <p class="hero__lede">
                "Touchstone shows who made each piece, how, and from which metals and stones — "
                "with the evidence behind every claim — and lets you book a design consultation "
                "with the maker."
            </p>
            <form class="hero__search" method="get" action="/search" role="search" aria-label="Search pieces">
                <label for="home-q">"Search pieces"</label>
                <input type="search" id="home-q" name="q" placeholder="opal ring, filigree, Kyoto…" maxlength=crate::search::MAX_TEXT_CHARS/>
                <button type="submit" class="button">"Search"</button>
            </form>
        </section>
        {when_loaded(sections, None, |FrontPage { featured, open_for_commissions, open_total, pieces }, _| view! {
            <section id="makers" class="section" aria-labelledby="makers-heading">
                <h2 id="makers-heading">"Makers"</h2>
                <ul class="maker-grid">
                    {featured.into_iter().map(|maker| view! { <MakerCardView maker/> }).collect_view()}
                </ul>
                <p><a class="button button--quiet" href="/makers">"All makers"</a></p>
            </section>
            <section id="commissions" class="section" aria-labelledby="commissions-heading">
                <h2 id="commissions-heading">"Open for commissions"</h2>
                <p>"These makers are taking on new commissions: book a design consultation and have a piece made for you."</p>
                <ul class="maker-grid">
                    {open_for_commissions.into_iter().map(|maker| view! { <MakerCardView maker/> }).collect_view()}
                </ul>
                <p>
                    <a class="button button--quiet" href="/makers?open=1">
                        {format!("All {open_total} makers open for commissions")}
                    </a>
                </p>
            </section>
            <section id="pieces" class="section" aria-labelledby="pieces-heading">
                <h2 id="pieces-heading">"Recently published pieces"</h2>
                <ul class="piece-grid">
                    {pieces.into_iter().map(|piece| view! { <PieceCardView piece/> }).collect_view()}
                </ul>
                <p><a class="button button--quiet" href="/search">"Search all pieces"</a></p>
            </section>
        }, error_page)}
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
