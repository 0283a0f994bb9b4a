//! `/sign-in`.

use super::form::{EmailField, Field, FormPage, WithFeedback};
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
        crate::shared::Back::to("/sign-in", "sign-in").keeping(vec![super::typed_email(&email)]),
    )
    .await
}

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <FormPage title="Sign in">
            <WithFeedback form="sign-in" render=|feedback| {
                let refused = crate::shared::refused(&feedback);
                view! {
                    <form method="post" action=SignIn::url() class="stacked-form">
                        <EmailField autocomplete="username" value=crate::shared::typed(&feedback, "email") refused/>
                        <Field label="Password" name="password" kind="password"
                            autocomplete="current-password" refused/>
                        <button class="button" type="submit">"Sign in"</button>
                    </form>
                }
            }/>
            <p><a href="/account/reset">"Forgotten your password?"</a></p>
            <p>"New to Touchstone? " <a href="/sign-up">"Create an account"</a></p>
        </FormPage>
    }
}
