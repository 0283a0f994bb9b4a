//! `/account/new-password?token=…`: choose a new password from an emailed link.

use super::form::{FormPage, NewPasswordField, WithFeedback};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[server(endpoint = "accounts/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let services = super::RequestServices::from_context()?;
    let outcome = services
        .accounts()
        .reset_password(&token, &password)
        .await
        .map_err(AppError::from);
    let expired = matches!(&outcome, Err(AppError::Invalid(message))
        if message == super::service::EXPIRED_RESET_LINK);
    let (path, form) = if expired {
        ("/account/reset".to_owned(), "reset")
    } else {
        (
            format!("/account/new-password?token={}", hex_only(&token)),
            "new-password",
        )
    };
    crate::shared::conclude(outcome, crate::shared::Back::to(path, form)).await
}

/// A token goes back into a URL only as the hex it must be.
#[cfg(feature = "ssr")]
fn hex_only(token: &str) -> String {
    token
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(64)
        .collect()
}

#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    view! {
        <FormPage title="Choose a new password">
            <WithFeedback form="new-password" render=move |feedback| {
                let refused = crate::shared::refused(&feedback);
                let token = query.read_untracked().get("token").unwrap_or_default();
                view! {
                    <form method="post" action=ResetPassword::url() class="stacked-form">
                        <input type="hidden" name="token" value=token/>
                        <NewPasswordField label="New password" name="password" hint="At least 8 characters. A few unrelated words make a strong one." refused/>
                        <button class="button" type="submit">"Set new password"</button>
                    </form>
                }
            }/>
            {token.is_empty().then(|| view! {
                <p>"This page needs the link from your email. " <a href="/account/reset">"Ask for a new link"</a></p>
            })}
        </FormPage>
    }
}
