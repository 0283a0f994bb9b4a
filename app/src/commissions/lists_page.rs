//! `/commissions` (the buyer's) and `/studio/commissions` (the maker's): every
//! commission, those waiting for the viewer first.

use super::CommissionSummary;
use crate::accounts::FormPage;
use crate::error::AppError;
use crate::layout::card_list;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use leptos::prelude::*;

#[server(endpoint = "commissions/list")]
pub async fn list_commissions(as_maker: bool) -> Result<Vec<CommissionSummary>, AppError> {
    let request = super::CommissionRequest::from_context().await?;
    Ok(request.desk().list(Some(&request.viewer), as_maker).await?)
}

#[component]
fn CommissionList(as_maker: bool) -> impl IntoView {
    let list = Resource::new(move || as_maker, list_commissions);
    let empty = if as_maker {
        "No commissions yet. Buyers ask for one from your profile while it says you are open for commissions."
    } else {
        "No commissions yet. Find a maker who takes them, and ask from their profile."
    };
    view! {
        {card_list(list, empty, |summary| view! {
            <a href=format!("/commissions/{}", summary.id)>
                {format!("{} — with {}", summary.piece, summary.with)}
            </a>
            <p>
                {summary.waiting_for_you.then(|| view! { <strong>"Your step: "</strong> })}
                {crate::shared::capitalised(&summary.stage_label)}
                {format!(" · updated {}", summary.updated)}
            </p>
        })}
    }
}

#[component]
pub fn BuyerCommissionsPage() -> impl IntoView {
    view! {
        <FormPage title="Your commissions">
            <CommissionList as_maker=false/>
            {use_context::<crate::accounts::Viewer>()
                .filter(|viewer| viewer.role == crate::accounts::Role::Maker)
                .map(|_| view! { <p><a href="/studio/commissions">"Your studio's commissions"</a></p> })}
        </FormPage>
    }
}

#[component]
pub fn StudioCommissionsPage() -> impl IntoView {
    view! {
        <FormPage title="Commissions" neighbours=&[("/studio", "Your studio")]>
            <CommissionList as_maker=true/>
            <p><a href="/commissions">"Commissions you asked for as a buyer"</a></p>
        </FormPage>
    }
}
