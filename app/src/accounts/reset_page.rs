//! `/account/reset`: ask for a link to choose a new password.

use super::form::{Field, PrivateTitle, WithFeedback};
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
        crate::shared::Back::to("/account/reset", "reset").keeping(vec![(
            "email",
            crate::shared::first_chars(&email, super::MAX_EMAIL_CHARS),
        )]),
    )
    .await
}

#[component]
pub fn ResetPage() -> impl IntoView {
    view! {
        <PrivateTitle title="Forgotten your password?"/>
        <section class="form-page">
            <h1>"Forgotten your password?"</h1>
            <p>"We'll email you a link to choose a new one."</p>
            <WithFeedback form="reset" render=|feedback| {
                let refused = feedback.as_ref().is_some_and(|f| f.error.is_some());
                view! {
                    <form method="post" action=RequestReset::url() class="stacked-form">
                        <Field label="Email address" name="email" kind="email" autocomplete="email"
                            value=feedback.as_ref().and_then(|f| f.field("email")) maxlength=Some(254) refused/>
                        <button class="button" type="submit">"Send me a link"</button>
                    </form>
                }
            }/>
            <p><a href="/sign-in">"Back to sign in"</a></p>
        </section>
    }
}
