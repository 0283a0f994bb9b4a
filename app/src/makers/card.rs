use super::MakerCard;
use crate::shared::ResponsiveImage;
use leptos::prelude::*;

/// A maker in a listing: who, where, how they work, and whether they take commissions.
#[component]
pub fn MakerCardView(maker: MakerCard) -> impl IntoView {
    let techniques = maker
        .techniques
        .iter()
        .take(3)
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(" · ");
    let commission_note = if maker.commissions.open {
        match maker.commissions.lead_time_weeks {
            Some(weeks) => format!("Open for commissions · about {weeks} weeks"),
            None => "Open for commissions".to_owned(),
        }
    } else {
        "Not taking commissions".to_owned()
    };
    let price_range = maker.commissions.price_range();
    view! {
        <li class="maker-card">
            {maker.portrait.map(|portrait| view! {
                <ResponsiveImage image=portrait class="maker-card__portrait" sizes="4.5rem"/>
            })}
            <h3 class="maker-card__name">
                <a href=format!("/makers/{}", maker.slug)>{maker.display_name}</a>
            </h3>
            <p class="maker-card__tagline">{maker.tagline}</p>
            <p class="maker-card__location">{maker.location.short()}</p>
            <p class="maker-card__techniques">{techniques}</p>
            <p class="maker-card__commissions" class:open=maker.commissions.open>
                {commission_note}
            </p>
            {price_range.map(|range| view! { <p class="maker-card__price">{range}</p> })}
        </li>
    }
}
