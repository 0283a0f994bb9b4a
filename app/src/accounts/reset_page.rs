//! `/account/reset`: ask for a link to choose a new password.

use super::form::{EmailField, FormPage, WithFeedback};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "accounts/request-reset")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let services = super::RequestServices::from_context()?;
    let client = super::client_address();
    let outcome = services.accounts().request_reset(&email, &client).await;
    crate::shared::conclude(
        outcome,
        crate::shared::Back::to("/account/reset", "reset")
            .keeping(vec![super::typed_email(&email)]),
    )
    .await
}

#[component]
pub fn ResetPage() -> impl IntoView {
    view! {
        <FormPage title="Forgotten your password?">
            <p>"We'll email you a link to choose a new one."</p>
            <WithFeedback form="reset" render=|feedback| {
                let refused = crate::shared::refused(&feedback);
                view! {
                    <form method="post" action=RequestReset::url() class="stacked-form">
                        <EmailField autocomplete="email" value=crate::shared::typed(&feedback, "email") refused/>
                        <button class="button" type="submit">"Send me a link"</button>
                    </form>
                }
            }/>
            <p><a href="/sign-in">"Back to sign in"</a></p>
        </FormPage>
    }
}
