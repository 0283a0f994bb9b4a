//! `/passport/{id}/work?consent=…`: a maker records work they did on a piece —
//! a resizing, a repair — on its passport, through the link its owner gave them.

use super::{MAX_WORK_NOTE, WORK_KINDS, WorkForm, WorkStart};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
use crate::shared::{Feedback, FeedbackMessage};
use crate::studio::fields::{Input, TextArea};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(endpoint = "passport/work-start")]
pub async fn load_work(passport: String, consent: String) -> Result<WorkStart, AppError> {
    use crate::shared::FromRequest;
    let request = crate::studio::StudioRequest::from_context().await?;
    Ok(request
        .piece_work()
        .start(Some(&request.account), &passport, &consent)
        .await?)
}

#[server(endpoint = "passport/work")]
pub async fn record_work(#[server(flatten)] form: WorkForm) -> Result<(), AppError> {
    let id: String = form
        .passport
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let consent: String = form
        .consent
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let back = crate::shared::Back::to(
        format!("/passport/{id}/work?consent={consent}"),
        "passport-work",
    )
    .keeping(vec![crate::shared::carried_form("work", &form)]);
    crate::shared::conclude_step(
        async |request: crate::studio::StudioRequest| {
            request
                .piece_work()
                .record(Some(&request.account), &form)
                .await
        },
        back,
    )
    .await
}

#[component]
pub fn PassportWorkPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.read().get("id").unwrap_or_default(),
            query.read().get("consent").unwrap_or_default(),
        )
    };
    let start = Resource::new(key, |(id, consent)| load_work(id, consent));
    view! {
        <PrivateTitle title="Record work on a piece"/>
        {when_loaded(start, Some("passport-work"), |start, feedback| view! { <WorkFormView start feedback/> }, error_page)}
    }
}

#[component]
fn WorkFormView(start: WorkStart, feedback: Option<Feedback>) -> impl IntoView {
    let typed: WorkForm = crate::shared::typed_form(&feedback, "work").unwrap_or_default();
    let on = if typed.on.is_empty() {
        start.today.clone()
    } else {
        typed.on.clone()
    };
    view! {
        <section class="form-page">
            <h1>{format!("Record work on {}", start.piece)}</h1>
            <FeedbackMessage feedback=feedback.clone()/>
            <p>{format!(
                "Its owner asked you to work on it. What you record here is added to its provenance passport as a new signed version, naming you ({}). Say what was done to the piece; nothing about its owner.",
                start.maker
            )}</p>
            <form method="post" action=RecordWork::url() class="stacked-form">
                <input type="hidden" name="passport" value=start.passport.clone()/>
                <input type="hidden" name="consent" value=start.consent.clone()/>
                <div class="field">
                    <label for="work-kind">"The work"</label>
                    <select id="work-kind" name="work" required=true>
                        {WORK_KINDS.into_iter().map(|(slug, label)| view! {
                            <option value=slug selected=typed.work == slug>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Input label="Done on".into() name="on".into() value=on kind="date" required=true
                    id="work-on".to_owned()/>
                <TextArea label="What was done".into() name="note".into() value=typed.note.clone()
                    maxlength=MAX_WORK_NOTE rows=3 id="work-note".to_owned()
                    hint=Some("For example: resized from UK M to UK N; shank re-soldered.")/>
                <button class="button" type="submit">"Record it on the passport"</button>
            </form>
        </section>
    }
}
