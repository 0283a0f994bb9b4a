//! `/account/confirm?token=…`: confirm an email address from the emailed link.
//!
//! Opening the link changes nothing; the button does. Mail scanners that fetch
//! every link cannot use it up.

use super::form::{FormPage, WithFeedback};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[server(endpoint = "accounts/confirm-email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    let services = super::RequestServices::from_context()?;
    let outcome = services.accounts().confirm_email(&token).await;
    crate::shared::conclude(outcome, crate::shared::Back::to("/sign-in", "sign-in")).await
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let query = use_query_map();
    view! {
        <FormPage title="Confirm your email address">
            <WithFeedback form="confirm" render=move |_| {
                let token = query.read_untracked().get("token").unwrap_or_default();
                view! {
                    <form method="post" action=ConfirmEmail::url() class="stacked-form">
                        <input type="hidden" name="token" value=token/>
                        <button class="button" type="submit">"Confirm my email address"</button>
                    </form>
                }
            }/>
        </FormPage>
    }
}
