//! `/studio/consultations`: the consultations a maker offers and when they can
//! meet — weekly hours in their own time zone, dates that differ, buffers,
//! notice, how far ahead, and how many a day or week.

use super::ConsultationSummary;
use super::{
    AvailabilityForm, ConsultationForm, FORMATS, HoursRow, MAX_CONSULTATION_DESCRIPTION_CHARS,
    MAX_CONSULTATION_NAME_CHARS, MAX_EXCEPTIONS_CHARS, SPANS_PER_DAY, WEEKDAYS, lengths,
};
use crate::error::AppError;
use crate::layout::private_page;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use crate::studio::fields::{Choice, Input, TextArea, currencies, options};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationsEditor {
    pub maker_slug: String,
    pub consultations: Vec<ConsultationSummary>,
    pub availability: AvailabilityForm,
    pub zones: Vec<String>,
    pub bookable: bool,
}

#[cfg(feature = "ssr")]
fn maker_bookings(request: &crate::studio::StudioRequest) -> super::maker::MakerBookings<'_> {
    super::maker::MakerBookings {
        bookings: request.store(),
        studios: request.store(),
        now: jiff::Timestamp::now(),
    }
}

#[server(endpoint = "studio/consultations")]
pub async fn load_consultations() -> Result<ConsultationsEditor, AppError> {
    let request = crate::studio::StudioRequest::from_context().await?;
    let settings = maker_bookings(&request).settings(&request.account).await?;
    Ok(ConsultationsEditor {
        maker_slug: settings.maker.slug.to_string(),
        consultations: settings
            .consultations
            .iter()
            .map(ConsultationSummary::of)
            .collect(),
        availability: settings.availability,
        zones: super::zones::choosable_zones(),
        bookable: settings.bookable,
    })
}

#[cfg(feature = "ssr")]
fn back(fields: Vec<(&'static str, String)>) -> crate::shared::Back {
    crate::shared::Back::to("/studio/consultations", "consultations").keeping(fields)
}

#[server(endpoint = "studio/offer-consultation")]
pub async fn offer_consultation(#[server(flatten)] form: ConsultationForm) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: crate::studio::StudioRequest| {
            maker_bookings(&request)
                .offer(&request.account, &form)
                .await
        },
        back(vec![crate::shared::carried_form("consultation", &form)]),
    )
    .await
}

#[server(endpoint = "studio/retire-consultation")]
pub async fn retire_consultation(consultation: String) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: crate::studio::StudioRequest| {
            let id = consultation
                .trim()
                .parse::<i64>()
                .map(super::ConsultationId)
                .map_err(|_| AppError::NotFound)?;
            maker_bookings(&request)
                .retire(&request.account, id)
                .await
                .map_err(AppError::from)
        },
        back(vec![]),
    )
    .await
}

#[server(endpoint = "studio/save-availability")]
pub async fn save_availability(#[server(flatten)] form: AvailabilityForm) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: crate::studio::StudioRequest| {
            maker_bookings(&request)
                .save_availability(&request.account, &form)
                .await
        },
        back(vec![crate::shared::carried_form("availability", &form)]),
    )
    .await
}

#[component]
pub fn StudioConsultationsPage() -> impl IntoView {
    private_page(
        "Consultations",
        load_consultations,
        Some("consultations"),
        |editor, feedback| view! { <Editor editor feedback/> },
        crate::studio::refusal("Consultations", ("/studio", "Go to your studio")),
    )
}

fn carried<T: serde::de::DeserializeOwned>(feedback: &Option<Feedback>, field: &str) -> Option<T> {
    crate::shared::typed_form(feedback, field)
}

#[component]
fn Editor(editor: ConsultationsEditor, feedback: Option<Feedback>) -> impl IntoView {
    let offer: ConsultationForm = carried(&feedback, "consultation").unwrap_or(ConsultationForm {
        minutes: "45".into(),
        format: "video-call".into(),
        ..ConsultationForm::default()
    });
    let availability: AvailabilityForm =
        carried(&feedback, "availability").unwrap_or(editor.availability);
    let public = format!("/makers/{}#consultations", editor.maker_slug);
    view! {
        <section class="studio studio--editor">
            <p><a href="/studio">"← Your studio"</a></p>
            <h1>"Consultations"</h1>
            <FeedbackMessage feedback/>
            {if editor.bookable {
                view! { <p>"Buyers can book you from " <a href=public>"your profile"</a> "."</p> }.into_any()
            } else {
                view! { <p>"Offer a consultation and save when you can meet: then buyers can book you from your profile."</p> }.into_any()
            }}
            <p><a href="/studio/bookings">"Your consultation requests and bookings"</a></p>
            <Offered consultations=editor.consultations/>
            <OfferForm form=offer/>
            <AvailabilityEditor form=availability zones=editor.zones/>
        </section>
    }
}

#[component]
fn Offered(consultations: Vec<ConsultationSummary>) -> impl IntoView {
    view! {
        <section class="studio-panel" aria-labelledby="offered-heading">
            <h2 id="offered-heading">"What you offer"</h2>
            {if consultations.is_empty() {
                view! { <p>"Nothing yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="consultation-list">
                        {consultations.into_iter().map(|c| view! {
                            <li>
                                <p><strong>{c.name.clone()}</strong>" · "{c.facts()}</p>
                                {(!c.description.is_empty()).then(|| view! { <p>{c.description.clone()}</p> })}
                                <form method="post" action=RetireConsultation::url() class="inline-form"
                                    aria-label=format!("Stop offering {}", c.name)>
                                    <input type="hidden" name="consultation" value=c.id.to_string()/>
                                    <button class="button button--quiet" type="submit">"Stop offering"</button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn OfferForm(form: ConsultationForm) -> impl IntoView {
    let approval = form.needs_approval.is_some();
    view! {
        <section class="studio-panel" aria-labelledby="offer-heading">
            <h2 id="offer-heading">"Offer a consultation"</h2>
            <form method="post" action=OfferConsultation::url() class="stacked-form">
                <Input label="Name".into() name="name".into() value=form.name required=true
                    maxlength=Some(MAX_CONSULTATION_NAME_CHARS)
                    hint=Some("Such as “Engagement ring design consultation”.")/>
                <Choice label="Length".into() name="minutes".into() value=form.minutes options=lengths()/>
                <Choice label="How it is held".into() name="format".into() value=form.format options=options(&FORMATS)/>
                <TextArea label="Description (optional)".into() name="description".into() value=form.description
                    maxlength=MAX_CONSULTATION_DESCRIPTION_CHARS rows=3/>
                <Input label="Price (blank when free)".into() name="price".into() value=form.price
                    inputmode=Some("decimal") hint=Some("Many makers take it off the commission's price.")/>
                <Choice label="Currency".into() name="currency".into()
                    value=if form.currency.is_empty() { "GBP".to_owned() } else { form.currency }
                    options=currencies()/>
                <label class="checkbox" for="field-needs-approval">
                    <input type="checkbox" id="field-needs-approval" name="needs_approval" checked=approval/>
                    "I accept or decline each request myself"
                </label>
                <button class="button" type="submit">"Offer it"</button>
            </form>
        </section>
    }
}

#[component]
fn AvailabilityEditor(form: AvailabilityForm, zones: Vec<String>) -> impl IntoView {
    let zone_options: Vec<(String, String)> = zones
        .into_iter()
        .map(|zone| (zone.clone(), zone.replace('_', " ")))
        .collect();
    let rows: Vec<(usize, HoursRow)> = form.hours.iter().cloned().enumerate().collect();
    view! {
        <section class="studio-panel" aria-labelledby="availability-heading">
            <h2 id="availability-heading">"When you can meet"</h2>
            <form method="post" action=SaveAvailability::url() class="stacked-form">
                <Choice label="Your time zone".into() name="zone".into() value=form.zone options=zone_options
                    hint=Some("Your hours are in this zone; each buyer sees them in theirs.")/>
                <fieldset class="weekly-hours">
                    <legend>"Weekly hours"</legend>
                    <p class="field__hint">"Leave a day blank when you don't meet; a second span is for a split day."</p>
                    {WEEKDAYS.iter().enumerate().map(|(day_index, (slug, name))| {
                        let spans: Vec<_> = rows
                            .iter()
                            .filter(|(index, _)| index / SPANS_PER_DAY == day_index)
                            .cloned()
                            .collect();
                        view! {
                            <div class="weekly-hours__day" role="group" aria-label=*name>
                                <span class="weekly-hours__name" aria-hidden="true">{*name}</span>
                                {spans.into_iter().map(|(index, row)| {
                                    let span = index % SPANS_PER_DAY + 1;
                                    let from = format!("field-hours-{index}-start");
                                    let until = format!("field-hours-{index}-end");
                                    view! {
                                        <input type="hidden" name=format!("hours[{index}][weekday]") value=*slug/>
                                        <label for=from.clone()>{format!("{name} from ({span})")}</label>
                                        <input type="time" id=from.clone() name=format!("hours[{index}][start]") value=row.start/>
                                        <label for=until.clone()>{format!("{name} until ({span})")}</label>
                                        <input type="time" id=until.clone() name=format!("hours[{index}][end]") value=row.end/>
                                    }
                                }).collect_view()}
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <TextArea label="Dates that differ".into() name="exceptions".into() value=form.exceptions
                    maxlength=MAX_EXCEPTIONS_CHARS rows=4
                    hint=Some("One date per line: “2026-12-24 closed”, or other hours: “2026-12-27 10:00-13:00, 14:00-16:00”.")/>
                <Input label="Free minutes before each consultation".into() name="buffer_before".into()
                    value=form.buffer_before kind="number"/>
                <Input label="Free minutes after each consultation".into() name="buffer_after".into()
                    value=form.buffer_after kind="number"/>
                <Input label="Minimum notice, in hours".into() name="notice_hours".into()
                    value=form.notice_hours kind="number"/>
                <Input label="How many days ahead buyers can book".into() name="horizon_days".into()
                    value=form.horizon_days kind="number"/>
                <Input label="Most consultations a day (blank for no limit)".into() name="per_day".into()
                    value=form.per_day kind="number"/>
                <Input label="Most consultations a week (blank for no limit)".into() name="per_week".into()
                    value=form.per_week kind="number"/>
                <button class="button" type="submit">"Save availability"</button>
            </form>
        </section>
    }
}
