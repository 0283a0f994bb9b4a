//! `/sign-up`: create an account; the emailed link confirms it.

use super::form::{EmailField, Field, FormPage, NewPasswordField, WithFeedback};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "accounts/sign-up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    let services = super::RequestServices::from_context()?;
    let client = super::client_address();
    let outcome = services
        .accounts()
        .sign_up(&email, &display_name, &password, &client)
        .await;
    crate::shared::conclude(
        outcome,
        crate::shared::Back::to("/sign-up", "sign-up").keeping(vec![
            super::typed_email(&email),
            (
                "display_name",
                crate::shared::first_chars(&display_name, super::MAX_DISPLAY_NAME_CHARS),
            ),
        ]),
    )
    .await
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <FormPage title="Create your account">
            <p>"Book consultations with makers, and open your own studio when you're ready."</p>
            <WithFeedback form="sign-up" render=|feedback| {
                let refused = crate::shared::refused(&feedback);
                let field = move |name: &str| crate::shared::typed(&feedback, name);
                view! {
                    <form method="post" action=SignUp::url() class="stacked-form">
                        <Field label="Your name" name="display_name" autocomplete="name"
                            hint=Some("Shown to makers you talk to.") value=field("display_name")
                            maxlength=Some(80) refused/>
                        <EmailField autocomplete="email" value=field("email") refused/>
                        <NewPasswordField label="Password" name="password" hint="At least 8 characters. A few unrelated words make a strong one." refused/>
                        <button class="button" type="submit">"Create account"</button>
                    </form>
                }
            }/>
            <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
        </FormPage>
    }
}
