//! `/studio`: open a studio, or see the profile's state and every piece.

use super::fields::{Choice, Input, countries};
use super::{ProfileForm, StudioOverview};
use crate::error::AppError;
use crate::layout::private_page;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "studio/overview")]
pub async fn load_studio() -> Result<StudioOverview, AppError> {
    let request = super::StudioRequest::from_context().await?;
    request
        .studio()
        .overview(&request.account)
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "studio/open")]
pub async fn open_studio(#[server(flatten)] form: ProfileForm) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: super::StudioRequest| request.studio().open(&request.account, &form).await,
        crate::shared::Back::to("/studio", "studio")
            .keeping(vec![crate::shared::carried_form("profile", &form)]),
    )
    .await
}

/// `publish` is `"yes"` to show the profile, anything else hides it.
#[server(endpoint = "studio/publish-profile")]
pub async fn publish_profile(publish: String) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: super::StudioRequest| {
            request
                .studio()
                .publish_profile(&request.account, publish == "yes")
                .await
        },
        crate::shared::Back::to("/studio", "studio"),
    )
    .await
}

#[server(endpoint = "studio/new-piece")]
pub async fn new_piece(title: String) -> Result<(), AppError> {
    let carried = title.clone();
    crate::shared::conclude_step(
        async |request: super::StudioRequest| {
            request.studio().new_piece(&request.account, &title).await
        },
        crate::shared::Back::to("/studio", "studio").keeping(vec![("title", carried)]),
    )
    .await
}

#[component]
pub fn StudioPage() -> impl IntoView {
    private_page(
        "Your studio",
        load_studio,
        Some("studio"),
        |overview, feedback| view! { <Overview overview feedback/> },
        super::refusal("Your studio", ("/sign-in", "Sign in to open your studio")),
    )
}

#[component]
fn Overview(overview: StudioOverview, feedback: Option<Feedback>) -> impl IntoView {
    let carried_title = crate::shared::typed(&feedback, "title").unwrap_or_default();
    let carried_profile = crate::shared::typed_form::<ProfileForm>(&feedback, "profile");
    let Some(maker) = overview.maker else {
        let form = carried_profile.unwrap_or_else(|| ProfileForm {
            display_name: overview.suggested_name.clone(),
            slug: overview.suggested_slug.clone(),
            ..ProfileForm::default()
        });
        return view! {
            <section class="form-page">
                <h1>"Open your studio"</h1>
                <p>"Show your work to buyers who care how it was made. You can fill in your \
                    story and add pieces before anyone sees them."</p>
                <FeedbackMessage feedback/>
                <form method="post" action=OpenStudio::url() class="stacked-form">
                    <Input label="Studio name".into() name="display_name".into() value=form.display_name
                        hint=Some("Your name, or your studio's.") maxlength=Some(80) required=true/>
                    <Input label="Web address".into() name="slug".into() value=form.slug
                        hint=Some("Your profile's address: touchstone…/makers/this-part. Lowercase letters, digits and hyphens.")
                        maxlength=Some(80) required=true/>
                    <Choice label="Country".into() name="country".into() value=form.country
                        options=countries() blank=Some("Choose your country")/>
                    <Input label="Town or city".into() name="city".into() value=form.city maxlength=Some(200)/>
                    <Input label="Tagline".into() name="tagline".into() value=form.tagline
                        hint=Some("One line about your work, like “Forged silver rings from recycled metal”.")
                        maxlength=Some(140)/>
                    <button class="button" type="submit">"Open my studio"</button>
                </form>
            </section>
        }
        .into_any();
    };
    let profile_path = format!("/makers/{}", maker.slug);
    // Publishing and hiding are the same form, sending the other state.
    let (state, publish, button_class, button) = if maker.published {
        (
            view! {
                <p>"Your profile is public at " <a href=profile_path.clone()>{profile_path.clone()}</a> "."</p>
            }
            .into_any(),
            "no",
            "button button--quiet",
            "Hide my profile",
        )
    } else {
        (
            view! {
                <p>"Your profile is not public yet: buyers see neither it nor your pieces."</p>
            }
            .into_any(),
            "yes",
            "button",
            "Publish my profile",
        )
    };
    view! {
        <section class="studio">
            <h1>{format!("{} — your studio", maker.display_name)}</h1>
            <FeedbackMessage feedback/>
            <h2>"Your profile"</h2>
            {state}
            <form method="post" action=PublishProfile::url() class="inline-form">
                <input type="hidden" name="publish" value=publish/>
                <a class="button button--quiet" href="/studio/profile">"Edit profile"</a>
                " "
                <button class=button_class type="submit">{button}</button>
            </form>
            <h2>"Consultations"</h2>
            <p>
                <a href="/studio/consultations">"Consultations and availability"</a>
                " · "
                <a href="/studio/bookings">"Consultation requests"</a>
                " · "
                <a href="/studio/commissions">"Commissions"</a>
            </p>
            <h2>"Selling"</h2>
            <p>
                <a href="/studio/orders">"Orders"</a>
                " · "
                <a href="/studio/selling">"Terms of sale"</a>
            </p>
            <h2>"Your pieces"</h2>
            <form method="post" action=NewPiece::url() class="inline-form">
                <Input label="Title of a new piece".into() name="title".into() value=carried_title
                    maxlength=Some(super::MAX_TITLE_CHARS) required=true/>
                <button class="button" type="submit">"Create draft"</button>
            </form>
            {if overview.pieces.is_empty() {
                view! { <p>"No pieces yet."</p> }.into_any()
            } else {
                view! {
                    <table class="studio-pieces">
                        <caption class="visually-hidden">"Your pieces, most recently changed first"</caption>
                        <thead><tr><th scope="col">"Piece"</th><th scope="col">"Status"</th><th scope="col">"Changed"</th></tr></thead>
                        <tbody>
                            {overview.pieces.into_iter().map(|piece| view! {
                                <tr>
                                    <td><a href=format!("/studio/pieces/{}", piece.id)>{piece.title}</a></td>
                                    <td><span class=format!("status status--{}", piece.status.as_str())>{piece.status.label()}</span></td>
                                    <td>{piece.updated_on}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
