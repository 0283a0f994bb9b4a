//! `/account`: who is signed in, changing the password, signing out.

use super::Viewer;
use super::form::{Field, NewPasswordField, PrivateTitle};
use crate::error::AppError;
use crate::shared::{Feedback, FeedbackMessage, take_feedback};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "accounts/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let services = super::RequestServices::from_context()?;
    let client = super::client_address();
    let outcome = services
        .accounts()
        .change_password(&current_password, &new_password, &client)
        .await
        .map_err(AppError::from);
    crate::shared::conclude(outcome, crate::shared::Back::to("/account", "account")).await
}

#[server(endpoint = "accounts/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::session_port()?.end().await?;
    crate::shared::redirect("/");
    Ok(())
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = use_context::<Viewer>();
    let feedback = Resource::new(|| (), |_| take_feedback("account".into()));
    view! {
        <PrivateTitle title="Your account"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                match viewer {
                    Some(viewer) => view! { <AccountView viewer feedback/> }.into_any(),
                    None => {
                        #[cfg(feature = "ssr")]
                        crate::shared::redirect("/sign-in");
                        view! {
                            <section class="form-page">
                                <h1>"Your account"</h1>
                                <p><a href="/sign-in">"Sign in to see your account"</a></p>
                            </section>
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}

#[component]
fn AccountView(viewer: Viewer, feedback: Option<Feedback>) -> impl IntoView {
    let refused = crate::shared::refused(&feedback);
    view! {
        <section class="form-page">
            <h1>"Your account"</h1>
            <FeedbackMessage feedback/>
            <h2>"Change your password"</h2>
            <form method="post" action=ChangePassword::url() class="stacked-form">
                <Field label="Current password" name="current_password" kind="password"
                    autocomplete="current-password" refused/>
                <NewPasswordField label="New password" name="new_password" hint="At least 8 characters. Other devices will be signed out." refused/>
                <button class="button" type="submit">"Change password"</button>
            </form>
            <p>
                <a href="/bookings">"Your consultations"</a>" · "<a href="/commissions">"Your commissions"</a>
                " · "<a href="/account/orders">"Your orders"</a>" · "<a href="/account/pieces">"Your pieces"</a>
            </p>
            <h2>"Your details"</h2>
            <dl class="facts">
                <dt>"Name"</dt><dd>{viewer.display_name}</dd>
                <dt>"Email address"</dt><dd>{viewer.email}</dd>
                <dt>"Account type"</dt><dd>{viewer.role.label()}</dd>
            </dl>
            <form method="post" action=SignOut::url()>
                <button class="button button--quiet" type="submit">"Sign out"</button>
            </form>
        </section>
    }
}
