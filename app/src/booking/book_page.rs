//! `/makers/{slug}/consultations/{id}`: a buyer chooses a time — shown in their
//! own time zone (the browser's, detected; or chosen from the list, which is all
//! there is without JavaScript) — and writes the maker a brief.

use super::slot_picker::{SlotPicker, SlotWeek};
use super::{BUDGETS, ConsultationSummary, MAX_BRIEF_LINE_CHARS, MAX_BRIEF_NOTES_CHARS, OCCASIONS};
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use crate::studio::fields::{Choice, Input, TextArea, options};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOffer {
    pub maker_name: String,
    pub maker_slug: String,
    pub maker_zone: String,
    pub consultation: ConsultationSummary,
    /// The times, in the zone they are shown in.
    pub week: SlotWeek,
    pub zones: Vec<String>,
    /// The signed-in buyer's name; a guest gives theirs.
    pub signed_in_as: Option<String>,
    /// Makes this form's submission one booking however often it is sent.
    pub key: String,
}

#[server(endpoint = "booking/offer")]
pub async fn load_booking_offer(
    slug: String,
    consultation: String,
    #[server(default)] zone: String,
    #[server(default)] from: String,
) -> Result<BookingOffer, AppError> {
    let request = super::BookingRequest::from_context().await?;
    let store = request.store();
    let (maker, maker_name) = store
        .published_maker(slug.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let id = consultation
        .trim()
        .parse::<i64>()
        .map(super::ConsultationId)
        .map_err(|_| AppError::NotFound)?;
    let offered = store
        .consultation(id)
        .await?
        .filter(|c| c.offer.maker == maker && !c.retired)
        .ok_or(AppError::NotFound)?;
    let rules = store
        .availability_rules(maker)
        .await?
        .ok_or(AppError::NotFound)?;
    // The buyer's choice (or their browser's), else the maker's own zone.
    let zone = if super::zones::is_zone(zone.trim()) {
        zone.trim().to_owned()
    } else {
        rules.zone.clone()
    };
    let now = jiff::Timestamp::now();
    let slots = super::slots::Slots { store, now }.free_slots(id).await?;
    let week = super::slot_picker::slot_week(&slots, &zone, &from, now)?;
    Ok(BookingOffer {
        maker_name,
        maker_slug: slug.trim().to_owned(),
        maker_zone: rules.zone,
        consultation: ConsultationSummary::of(&offered),
        week,
        zones: super::zones::choosable_zones(),
        signed_in_as: request
            .viewer
            .as_ref()
            .map(|viewer| viewer.display_name.as_str().to_owned()),
        key: services::booking::idempotency_key(),
    })
}

/// The consultations a published maker can be booked for now: none until they
/// have said when they can meet.
#[server(endpoint = "booking/offered")]
pub async fn load_offered_consultations(
    slug: String,
) -> Result<Vec<ConsultationSummary>, AppError> {
    let store = crate::shared::store()?;
    let Some((maker, _)) = store.published_maker(slug.trim()).await? else {
        return Ok(vec![]);
    };
    if store.availability_rules(maker).await?.is_none() {
        return Ok(vec![]);
    }
    Ok(store
        .consultations(maker)
        .await?
        .iter()
        .map(ConsultationSummary::of)
        .collect())
}

/// The maker page's offer of consultations.
#[component]
pub fn OfferedConsultations(slug: String) -> impl IntoView {
    let base = format!("/makers/{slug}/consultations");
    let offered = Resource::new(move || slug.clone(), load_offered_consultations);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let base = base.clone();
                Suspend::new(async move {
                let offered = offered.await.unwrap_or_default();
                (!offered.is_empty()).then(|| view! {
                    <section id="consultations" class="maker-profile__consultations" aria-labelledby="consultations-heading">
                        <h2 id="consultations-heading">"Book a design consultation"</h2>
                        <ul class="consultation-list">
                            {offered.into_iter().map(|c| view! {
                                <li>
                                    <p><a href=format!("{base}/{}", c.id)>{c.name.clone()}</a></p>
                                    <p>{c.facts()}</p>
                                    {(!c.description.is_empty()).then(|| view! { <p>{c.description.clone()}</p> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}}
        </Suspense>
    }
}

/// The booking form's post. The brief's fields come flat; `start` is a UTC instant.
#[server(endpoint = "booking/request")]
pub async fn request_consultation(
    slug: String,
    consultation: String,
    zone: String,
    #[server(default)] from: String,
    #[server(default)] start: String,
    #[server(default)] key: String,
    #[server(flatten)] fields: BookingFields,
) -> Result<(), AppError> {
    let page = format!(
        "/makers/{}/consultations/{}?zone={}&from={}",
        crate::shared::url_encode(slug.trim()),
        crate::shared::url_encode(consultation.trim()),
        crate::shared::url_encode(zone.trim()),
        crate::shared::url_encode(from.trim()),
    );
    let carried = serde_json::to_string(&fields).unwrap_or_default();
    let back = crate::shared::Back::to(page, "book").keeping(vec![("book", carried)]);
    crate::shared::conclude_step(
        async |request: super::BookingRequest| {
            let id = consultation
                .trim()
                .parse::<i64>()
                .map(super::ConsultationId)
                .map_err(|_| AppError::NotFound)?;
            // Only a published maker's own consultation, as the page offered it.
            let store = request.store();
            let maker = store
                .published_maker(slug.trim())
                .await?
                .map(|(maker, _)| maker);
            let offered_by = store.consultation(id).await?.map(|c| c.offer.maker);
            if maker.is_none() || maker != offered_by {
                return Err(AppError::NotFound);
            }
            let start = start
                .trim()
                .parse::<jiff::Timestamp>()
                .map_err(|_| AppError::Invalid("Please choose one of the times shown.".into()))?;
            let (name, email) = match &request.viewer {
                Some(viewer) => (
                    viewer.display_name.as_str().to_owned(),
                    viewer.email.as_str().to_owned(),
                ),
                None => {
                    let name = fields.guest_name.trim();
                    if name.is_empty() || name.chars().count() > 100 {
                        return Err(AppError::Invalid(
                            "Please give your name (at most 100 characters).".into(),
                        ));
                    }
                    let email =
                        crate::accounts::Email::parse(&fields.guest_email).map_err(|_| {
                            AppError::Invalid(
                                "Please give the email address the invite should go to.".into(),
                            )
                        })?;
                    (name.to_owned(), email.as_str().to_owned())
                }
            };
            let brief = fields.brief().checked().map_err(AppError::Invalid)?;
            request
                .desk()
                .request(
                    &super::slots::ConsultationRequest {
                        consultation: id,
                        start,
                        buyer_zone: zone.trim().to_owned(),
                        guest_name: name,
                        guest_email: email,
                        account: request.viewer.as_ref().map(|viewer| viewer.id),
                        brief: serde_json::to_string(&brief).map_err(AppError::internal)?,
                        idempotency_key: key,
                    },
                    &crate::accounts::client_address(),
                )
                .await
                .map_err(AppError::from)
        },
        back,
    )
    .await
}

/// The brief and a guest's name and address as the form posts them: a ticked
/// box is `on`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingFields {
    pub guest_name: String,
    pub guest_email: String,
    pub occasion: String,
    pub budget: String,
    pub metals: String,
    pub stones: String,
    pub ring_size: String,
    pub reuse: Option<String>,
    pub notes: String,
}

impl BookingFields {
    #[cfg(feature = "ssr")]
    pub fn brief(&self) -> super::Brief {
        super::Brief {
            occasion: self.occasion.trim().to_owned(),
            budget: self.budget.trim().to_owned(),
            metals: self.metals.clone(),
            stones: self.stones.clone(),
            ring_size: self.ring_size.clone(),
            reuse: self.reuse.is_some(),
            notes: self.notes.clone(),
            pictures: vec![],
        }
    }
}

#[component]
pub fn BookConsultationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let address = move || {
        let params = params.read();
        let query = query.read();
        (
            params.get("slug").unwrap_or_default(),
            params.get("id").unwrap_or_default(),
            query.get("zone").unwrap_or_default(),
            query.get("from").unwrap_or_default(),
        )
    };
    let offer = Resource::new(address, |(slug, id, zone, from)| {
        load_booking_offer(slug, id, zone, from)
    });
    view! {
        {when_loaded(offer, Some("book"), |offer, feedback| view! { <Booking offer feedback/> }, error_page)}
    }
}

#[component]
fn Booking(offer: BookingOffer, feedback: Option<Feedback>) -> impl IntoView {
    let brief: BookingFields = crate::shared::typed_form(&feedback, "book").unwrap_or_default();
    let heading = format!(
        "Book a {} with {}",
        offer.consultation.name, offer.maker_name
    );
    let here = format!(
        "/makers/{}/consultations/{}",
        offer.maker_slug, offer.consultation.id
    );
    let page = format!(
        "{here}?zone={}&",
        crate::shared::url_encode(&offer.week.zone)
    );
    let zone_options: Vec<(String, String)> = offer
        .zones
        .iter()
        .map(|zone| (zone.clone(), zone.replace('_', " ")))
        .collect();
    let reuse = brief.reuse.is_some();
    view! {
        <crate::shared::PageTitle text=heading.clone()/>
        <Meta name="robots" content="noindex"/>
        <section class="booking form-page form-page--wide">
            <p><a href=format!("/makers/{}", offer.maker_slug)>{format!("← {}", offer.maker_name)}</a></p>
            <h1>{heading}</h1>
            <p>{offer.consultation.facts()}</p>
            {(!offer.consultation.description.is_empty()).then(|| view! { <p>{offer.consultation.description.clone()}</p> })}
            <FeedbackMessage feedback/>
            <form method="get" action=here.clone() class="inline-form zone-form">
                <super::zone_detect::DetectZone/>
                <input type="hidden" name="from" value=offer.week.from.clone()/>
                <Choice label="Times are shown in".into() name="zone".into() value=offer.week.zone.clone()
                    options=zone_options/>
                <button class="button button--quiet" type="submit">"Show times in this zone"</button>
            </form>
            <p class="field__hint">{format!(
                "The maker works in {}.",
                offer.maker_zone.replace('_', " ")
            )}</p>
            <form method="post" action=RequestConsultation::url() class="stacked-form">
                <input type="hidden" name="slug" value=offer.maker_slug.clone()/>
                <input type="hidden" name="consultation" value=offer.consultation.id.to_string()/>
                <input type="hidden" name="zone" value=offer.week.zone.clone()/>
                <input type="hidden" name="from" value=offer.week.from.clone()/>
                <input type="hidden" name="key" value=offer.key.clone()/>
                <SlotPicker week=offer.week page/>
                <h2>"Your brief"</h2>
                <Choice label="Occasion".into() name="occasion".into() value=brief.occasion options=options(&OCCASIONS) blank=Some("Choose…")/>
                <Choice label="Budget".into() name="budget".into() value=brief.budget options=options(&BUDGETS) blank=Some("Choose…")/>
                <Input label="Metals you like".into() name="metals".into() value=brief.metals maxlength=Some(MAX_BRIEF_LINE_CHARS)/>
                <Input label="Stones you like".into() name="stones".into() value=brief.stones maxlength=Some(MAX_BRIEF_LINE_CHARS)/>
                <Input label="Ring size (if a ring)".into() name="ring_size".into() value=brief.ring_size maxlength=Some(MAX_BRIEF_LINE_CHARS)/>
                <label class="checkbox" for="field-reuse">
                    <input type="checkbox" id="field-reuse" name="reuse" checked=reuse/>
                    "I have stones or gold to re-use"
                </label>
                <TextArea label="What do you have in mind?".into() name="notes".into() value=brief.notes
                    maxlength=MAX_BRIEF_NOTES_CHARS rows=5/>
                {match offer.signed_in_as {
                    Some(name) => view! { <p>{format!("Booking as {name}.")}</p> }.into_any(),
                    None => view! {
                        <h2>"About you"</h2>
                        <p>"We'll email a link to confirm your address; " <a href="/sign-in">"sign in"</a> " to skip that."</p>
                        <Input label="Your name".into() name="guest_name".into() value=brief.guest_name required=true maxlength=Some(100)/>
                        <Input label="Email address".into() name="guest_email".into() value=brief.guest_email kind="email" required=true/>
                    }.into_any(),
                }}
                <button class="button" type="submit">"Request this time"</button>
            </form>
        </section>
    }
}
