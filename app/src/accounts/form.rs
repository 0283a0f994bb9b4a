//! The pieces every account form shares.

use crate::shared::{Feedback, FeedbackMessage, take_feedback};
use leptos::prelude::*;
use leptos_meta::Meta;

/// A private page: titled, never indexed.
#[component]
pub fn PrivateTitle(title: &'static str) -> impl IntoView {
    view! {
        <crate::shared::PageTitle text=title/>
        <Meta name="robots" content="noindex"/>
    }
}

/// A page of the person's own (an account form, their lists): not for search
/// engines, titled by its heading, with links to its neighbours (address,
/// words) above the heading.
#[component]
pub fn FormPage(
    title: &'static str,
    #[prop(default = &[])] neighbours: &'static [(&'static str, &'static str)],
    children: Children,
) -> impl IntoView {
    let links = neighbours.iter().enumerate().map(|(index, (href, words))| {
        view! { {(index > 0).then_some(" · ")}<a href=*href>{*words}</a> }
    });
    view! {
        <PrivateTitle title/>
        <section class="form-page">
            {(!neighbours.is_empty()).then(|| view! { <p>{links.collect_view()}</p> })}
            <h1>{title}</h1>
            {children()}
        </section>
    }
}

/// The email address field, filled in again with what was typed.
#[component]
pub fn EmailField(
    /// `username` where it signs in, `email` where it asks for an address.
    autocomplete: &'static str,
    value: Option<String>,
    refused: bool,
) -> impl IntoView {
    view! {
        <Field label="Email address" name="email" kind="email" autocomplete value
            maxlength=Some(super::MAX_EMAIL_CHARS as u32) refused/>
    }
}

/// Loads the feedback for `form` and renders the page's form with it.
#[component]
pub fn WithFeedback<F, V>(form: &'static str, render: F) -> impl IntoView
where
    F: Fn(Option<Feedback>) -> V + Send + Sync + Copy + 'static,
    V: IntoView + 'static,
{
    let feedback = Resource::new(|| (), move |_| take_feedback(form.to_owned()));
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                view! {
                    <FeedbackMessage feedback=feedback.clone()/>
                    {render(feedback)}
                }
            })}
        </Suspense>
    }
}

/// A labelled input with an optional hint, described by the hint and any error.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(default = None)] value: Option<String>,
    #[prop(default = None)] minlength: Option<u32>,
    #[prop(default = None)] maxlength: Option<u32>,
    /// The form was refused: the field is also described by the error.
    #[prop(default = false)]
    refused: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let described: Vec<&str> = [
        hint.map(|_| hint_id.as_str()),
        refused.then_some("form-error"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=true
                value=value
                minlength=minlength.map(|n| n.to_string())
                maxlength=maxlength.map(|n| n.to_string())
                aria-describedby=described
            />
        </div>
    }
}

/// A password being chosen, within the lengths an account's password may have.
#[component]
pub fn NewPasswordField(
    label: &'static str,
    name: &'static str,
    hint: &'static str,
    refused: bool,
) -> impl IntoView {
    view! {
        <Field label name kind="password" autocomplete="new-password" hint=Some(hint)
            minlength=Some(super::MIN_PASSWORD_CHARS as u32) maxlength=Some(super::MAX_PASSWORD_CHARS as u32) refused/>
    }
}
