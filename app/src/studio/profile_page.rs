//! `/studio/profile`: the maker's public profile, edited.

use super::ProfileForm;
use super::fields::{Checkboxes, Choice, Input, TextArea, countries, currencies, techniques};
use super::profile_form::{MAX_STORY_CHARS, MAX_TAGLINE_CHARS};
use crate::error::AppError;
use crate::layout::private_page;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{FeedbackMessage, ImageRef, ResponsiveImage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The profile form filled in, and the portrait beside it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProfileEditorData {
    pub form: ProfileForm,
    pub portrait: Option<ImageRef>,
}

#[server(endpoint = "studio/profile")]
pub async fn load_profile() -> Result<ProfileEditorData, AppError> {
    let request = super::StudioRequest::from_context().await?;
    let studio = request.studio();
    let profile = studio.profile(&request.account).await?;
    Ok(ProfileEditorData {
        form: ProfileForm::of(&profile),
        portrait: studio.portrait(&request.account).await?,
    })
}

#[server(endpoint = "studio/save-profile")]
pub async fn save_profile(#[server(flatten)] form: ProfileForm) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: super::StudioRequest| {
            request.studio().save_profile(&request.account, &form).await
        },
        crate::shared::Back::to("/studio/profile", "profile")
            .keeping(vec![crate::shared::carried_form("profile", &form)]),
    )
    .await
}

#[component]
pub fn StudioProfilePage() -> impl IntoView {
    private_page(
        "Your profile",
        load_profile,
        Some("profile"),
        |saved, feedback| {
            let form = crate::shared::typed_form::<ProfileForm>(&feedback, "profile")
                .unwrap_or(saved.form);
            view! { <ProfileEditor form portrait=saved.portrait feedback/> }.into_any()
        },
        super::refusal("Your profile", ("/studio", "Go to your studio")),
    )
}

#[component]
fn ProfileEditor(
    form: ProfileForm,
    portrait: Option<ImageRef>,
    feedback: Option<crate::shared::Feedback>,
) -> impl IntoView {
    view! {
        <section class="form-page form-page--wide">
            <p><a href="/studio">"← Your studio"</a></p>
            <h1>"Your profile"</h1>
            <FeedbackMessage feedback/>
            <section class="studio-panel" aria-labelledby="portrait-heading">
                <h2 id="portrait-heading">"Portrait"</h2>
                {portrait.map(|portrait| view! {
                    <ResponsiveImage image=portrait class="maker-profile__portrait" sizes="7rem"/>
                })}
                <form method="post" action="/studio/portrait" enctype="multipart/form-data" class="stacked-form">
                    <div class="field">
                        <label for="field-portrait">"Photo of you or your studio mark"</label>
                        <p class="field__hint" id="field-portrait-hint">"JPEG, PNG or WebP, up to 20 MB, at least 320 pixels wide."</p>
                        <input id="field-portrait" type="file" name="portrait" required=true
                            accept="image/jpeg,image/png,image/webp" aria-describedby="field-portrait-hint"/>
                    </div>
                    <Input label="Description of the portrait".into() name="alt".into() value=String::new()
                        hint=Some("For people who can't see it, like “Maya at her bench, holding a ring”.")
                        maxlength=Some(super::MAX_ALT_CHARS) required=true/>
                    <button class="button" type="submit">"Upload portrait"</button>
                </form>
            </section>
            <form method="post" action=SaveProfile::url() class="stacked-form">
                <Input label="Studio name".into() name="display_name".into() value=form.display_name
                    maxlength=Some(80) required=true/>
                <Input label="Web address".into() name="slug".into() value=form.slug
                    hint=Some("Lowercase letters, digits and hyphens. Changing it changes your profile's address.")
                    maxlength=Some(80) required=true/>
                <Input label="Tagline".into() name="tagline".into() value=form.tagline
                    maxlength=Some(MAX_TAGLINE_CHARS)/>
                <TextArea label="Your story".into() name="story".into() value=form.story rows=8
                    hint=Some("How you came to make jewellery, and what you make. Needed before publishing.")
                    maxlength=MAX_STORY_CHARS/>
                <TextArea label="The studio".into() name="studio".into() value=form.studio
                    hint=Some("Where and with what you work.") maxlength=MAX_STORY_CHARS/>
                <TextArea label="Who designs and who makes".into() name="making_policy".into()
                    value=form.making_policy
                    hint=Some("Say plainly what you make yourself and what a partner (a caster, a setter) does.")
                    maxlength=MAX_STORY_CHARS/>
                <fieldset>
                    <legend>"Where you work"</legend>
                    <Choice label="Country".into() name="country".into() value=form.country
                        options=countries() blank=Some("Choose your country")/>
                    <Input label="Region".into() name="region".into() value=form.region maxlength=Some(200)/>
                    <Input label="Town or city".into() name="city".into() value=form.city maxlength=Some(200)/>
                </fieldset>
                <Checkboxes legend="Techniques you work in".into() name="techniques"
                    checked=form.techniques options=techniques()/>
                <fieldset>
                    <legend>"Commissions"</legend>
                    <label class="checkbox" for="field-commissions">
                        <input type="checkbox" id="field-commissions" name="commissions" value="open"
                            checked=form.commissions == "open"/>
                        "I take commissions"
                    </label>
                    <Input label="Lead time in weeks".into() name="lead_time_weeks".into()
                        value=form.lead_time_weeks inputmode=Some("numeric") maxlength=Some(3)/>
                    <Choice label="Currency".into() name="currency".into() value=form.currency
                        options=currencies() blank=Some("Choose a currency")/>
                    <Input label="Commissions from".into() name="price_from".into() value=form.price_from
                        inputmode=Some("decimal") maxlength=Some(20)/>
                    <Input label="Commissions up to".into() name="price_to".into() value=form.price_to
                        inputmode=Some("decimal") maxlength=Some(20)/>
                </fieldset>
                <button class="button" type="submit">"Save profile"</button>
            </form>
        </section>
    }
}
