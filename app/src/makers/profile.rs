//! `/makers/{slug}`: a maker's story, studio, how they work, commission terms and portfolio.

use super::{MakerProfile, Technique};
use crate::error::AppError;
use crate::layout::{error_page, load_from_address, when_loaded};
use crate::pieces::PieceCardView;
use crate::shared::{JsonLd, PageMeta, ResponsiveImage, absolute_url};
use leptos::prelude::*;

#[server(endpoint = "maker-profile")]
pub async fn load_maker_profile(slug: String) -> Result<MakerProfile, AppError> {
    let slug = crate::shared::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    crate::shared::store()?
        .maker_profile(slug.as_str())
        .await?
        .ok_or(AppError::NotFound)
}

/// schema.org `Person` for the maker.
fn person_json(profile: &MakerProfile) -> String {
    let card = &profile.card;
    let mut person = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": card.display_name,
        "description": card.tagline,
        "jobTitle": "Jewellery maker",
        "url": absolute_url(&format!("/makers/{}", card.slug)),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": card.location.city,
            "addressRegion": card.location.region,
            "addressCountry": card.location.country.code(),
        },
        "knowsAbout": card.techniques.iter().map(|t| t.label()).collect::<Vec<_>>(),
    });
    if let Some(portrait) = &card.portrait {
        person["image"] = absolute_url(&portrait.url()).into();
    }
    person.to_string()
}

#[component]
pub fn MakerProfilePage() -> impl IntoView {
    let profile = load_from_address("slug", load_maker_profile);

    view! {
        {when_loaded(profile, None, |profile, _| view! { <MakerProfileView profile/> }, error_page)}
    }
}

#[component]
fn MakerProfileView(profile: MakerProfile) -> impl IntoView {
    let json = person_json(&profile);
    let MakerProfile {
        card,
        story,
        studio,
        making_policy,
        portfolio,
    } = profile;
    let path = format!("/makers/{}", card.slug);
    let terms = card.commissions.clone();
    let portfolio_heading = format!("Work by {}", card.display_name);
    let techniques = card.techniques.clone();
    view! {
        <PageMeta
            title=format!("{}, jewellery maker in {}", card.display_name, card.location.short())
            description=format!("{} — {}. {}", card.display_name, card.tagline, card.location.short())
            path
            kind="profile"
            image=card.portrait.as_ref().map(|p| p.url())
        />
        <JsonLd json/>
        <article class="maker-profile">
            <header class="maker-profile__header">
                {card.portrait.map(|portrait| view! {
                    <ResponsiveImage image=portrait class="maker-profile__portrait" sizes="7rem" eager=true/>
                })}
                <div>
                    <h1>{card.display_name.clone()}</h1>
                    <p class="maker-profile__tagline">{card.tagline}</p>
                    <p class="maker-profile__location">{card.location.short()}</p>
                </div>
            </header>
            <section class="maker-profile__commissions" aria-labelledby="commissions-heading">
                <h2 id="commissions-heading">"Commissions"</h2>
                {if terms.open {
                    view! {
                        <p class="status status--open">"Open for commissions"</p>
                        <p><a class="button" href=format!("/makers/{}/commission", card.slug)>"Commission a piece"</a></p>
                    }.into_any()
                } else {
                    view! {
                        <p class="status">"Not taking commissions at the moment"</p>
                    }.into_any()
                }}
                <dl class="facts">
                    {terms.lead_time_weeks.map(|weeks| view! {
                        <dt>"Typical lead time"</dt>
                        <dd>{format!("About {weeks} weeks from the agreed design")}</dd>
                    })}
                    {terms.price_range().map(|range| view! {
                        <dt>"Commission prices"</dt>
                        <dd>{range}</dd>
                    })}
                </dl>
            </section>
            <crate::booking::OfferedConsultations slug=card.slug.to_string()/>
            <section aria-labelledby="story-heading">
                <h2 id="story-heading">"Story"</h2>
                <p>{story}</p>
            </section>
            {(!studio.is_empty()).then(|| view! {
                <section aria-labelledby="studio-heading">
                    <h2 id="studio-heading">"The studio"</h2>
                    <p>{studio}</p>
                </section>
            })}
            <section aria-labelledby="policy-heading">
                <h2 id="policy-heading">"Who designs and who makes"</h2>
                <p>{if making_policy.is_empty() { "The maker has not said yet.".to_owned() } else { making_policy }}</p>
                <h3>"Techniques"</h3>
                <ul class="tags">
                    {techniques.into_iter().map(|t: Technique| view! {
                        <li><a href=format!("/makers?technique={}", t.slug())>{t.label()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="portfolio-heading">
                <h2 id="portfolio-heading">{portfolio_heading}</h2>
                {if portfolio.is_empty() {
                    view! { <p>"No pieces published yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="piece-grid">
                            {portfolio.into_iter().map(|piece| view! { <PieceCardView piece/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </article>
    }
}
