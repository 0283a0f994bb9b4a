//! `/sign-in`.

use super::form::{Field, PrivateTitle, WithFeedback};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "accounts/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    let services = super::RequestServices::from_context()?;
    let client = super::client_address();
    let outcome = services
        .accounts()
        .sign_in(&email, &password, &client)
        .await;
    crate::shared::conclude(
        outcome,
        crate::shared::Back::to("/sign-in", "sign-in").keeping(vec![(
            "email",
            crate::shared::first_chars(&email, super::MAX_EMAIL_CHARS),
        )]),
    )
    .await
}

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <PrivateTitle title="Sign in"/>
        <section class="form-page">
            <h1>"Sign in"</h1>
            <WithFeedback form="sign-in" render=|feedback| {
                let refused = feedback.as_ref().is_some_and(|f| f.error.is_some());
                view! {
                    <form method="post" action=SignIn::url() class="stacked-form">
                        <Field label="Email address" name="email" kind="email" autocomplete="username"
                            value=feedback.as_ref().and_then(|f| f.field("email")) maxlength=Some(254) refused/>
                        <Field label="Password" name="password" kind="password"
                            autocomplete="current-password" refused/>
                        <button class="button" type="submit">"Sign in"</button>
                    </form>
                }
            }/>
            <p><a href="/account/reset">"Forgotten your password?"</a></p>
            <p>"New to Touchstone? " <a href="/sign-up">"Create an account"</a></p>
        </section>
    }
}
