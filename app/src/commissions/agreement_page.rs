//! `/commissions/{id}/agreement`: the design agreement both sides signed up to,
//! printable, checked against the marketplace's key like a passport.

use super::AgreementView;
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, load_from_address, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use leptos::prelude::*;

#[server(endpoint = "commissions/agreement")]
pub async fn load_agreement(commission: String) -> Result<AgreementView, AppError> {
    let request = super::CommissionRequest::from_context().await?;
    Ok(request
        .desk()
        .agreement(&commission, Some(&request.viewer))
        .await?)
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    let agreement = load_from_address("id", load_agreement);
    view! {
        <PrivateTitle title="Design agreement"/>
        {when_loaded(agreement, None, |seen, _| view! {
            <article class="form-page agreement">
                <p class="no-print"><a href=format!("/commissions/{}", seen.commission)>"Back to the commission"</a></p>
                <h1>{format!("Design agreement with {}", seen.maker)}</h1>
                {if seen.valid {
                    view! { <p class="status status--open" role="status">"Verified: signed by Touchstone, and unchanged since."</p> }.into_any()
                } else {
                    view! { <p class="form-error" role="alert">"This agreement does not verify: it was changed after it was signed."</p> }.into_any()
                }}
                <dl class="facts">
                    {seen.facts.into_iter().map(|(label, text)| view! { <dt>{label}</dt><dd>{text}</dd> }).collect_view()}
                    <dt>"Design pictures"</dt>
                    <dd>{if seen.design_pictures.is_empty() {
                        "none attached".to_owned()
                    } else {
                        seen.design_pictures.join(", ")
                    }}</dd>
                    <dt>"Signed"</dt>
                    <dd>{format!("{} with key {}", seen.signed_at, seen.key_id)}</dd>
                    <dt>"SHA-256 of the signed document"</dt>
                    <dd><code class="digest">{seen.digest}</code></dd>
                </dl>
            </article>
        }, error_page)}
    }
}
