//! The client's own materials on a commission's page: the maker records each
//! intake and what happened to it (plain multipart forms, photos included), the
//! buyer acknowledges each intake, both read the hash-chained log and whether it
//! still verifies; and `/commissions/{id}/custody/{item}`, an intake's printable
//! receipt.

use super::{
    CommissionView, CustodyForm, CustodyItemView, CustodyReceipt, Happening, MAX_CUSTODY_FIELD,
    MAX_CUSTODY_NOTE, MAX_CUSTODY_PHOTOS, MAX_RISK_TERMS,
};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::studio::fields::{Input, TextArea};
use crate::threads::Pictures;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[server(endpoint = "commissions/custody")]
pub async fn acknowledge_custody(commission: String, item: String) -> Result<(), AppError> {
    let form = CustodyForm {
        commission: commission.clone(),
        entry: "acknowledge".into(),
        item,
        ..CustodyForm::default()
    };
    super::on_commission_page(&commission, "#custody", Vec::new(), async |request| {
        let desk = request.desk();
        let decided = desk.decide_custody(Some(&request.viewer), &form, 0).await?;
        Ok(desk.record_custody(decided, Vec::new()).await?)
    })
    .await
}

#[server(endpoint = "commissions/custody-receipt")]
pub async fn load_receipt(commission: String, item: String) -> Result<CustodyReceipt, AppError> {
    let request = super::CommissionRequest::from_context().await?;
    Ok(request
        .desk()
        .custody_receipt(&commission, &item, Some(&request.viewer))
        .await?)
}

/// The photos field of a custody form.
#[component]
fn PhotosField(id: String) -> impl IntoView {
    let hint = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>"Photos"</label>
            <p class="field__hint" id=hint.clone()>{format!(
                "JPEG, PNG or WebP, up to 20 MB each; at most {MAX_CUSTODY_PHOTOS}. Only you and your client see them; the log keeps each one's SHA-256."
            )}</p>
            <input id=id type="file" name="photos" multiple=true
                accept="image/jpeg,image/png,image/webp" aria-describedby=hint/>
        </div>
    }
}

/// What every intake has: its condition, who handed it over and when, and the
/// terms the maker takes it on.
#[component]
fn IntakeCommon(kind: &'static str, typed: CustodyForm) -> impl IntoView {
    view! {
        <TextArea label="Condition at intake".into() name="condition".into() value=typed.condition
            maxlength=MAX_CUSTODY_NOTE rows=3 required=true id=format!("{kind}-condition")/>
        <Input label="Handed over by".into() name="handed_over_by".into() value=typed.handed_over_by
            maxlength=Some(MAX_CUSTODY_FIELD) required=true id=format!("{kind}-handed-over-by")
            hint=Some("The client in person, a courier, someone on their behalf.")/>
        <Input label="Handed over on".into() name="handed_over_on".into() value=typed.handed_over_on
            kind="date" required=true id=format!("{kind}-handed-over-on")/>
        <TextArea label="The terms you take it on".into() name="risk_terms".into() value=typed.risk_terms
            maxlength=MAX_RISK_TERMS rows=3 required=true id=format!("{kind}-risk-terms")
            hint=Some("In your own words, shown to your client before they acknowledge: for example, that stones can crack in setting.")/>
        <PhotosField id=format!("{kind}-photos")/>
    }
}

#[component]
fn IntakeForms(id: i64, typed: Option<CustodyForm>) -> impl IntoView {
    let typed_for = |entry: &str| {
        typed
            .clone()
            .filter(|form| form.entry == entry)
            .unwrap_or_default()
    };
    let (stone, metal) = (typed_for("stone"), typed_for("metal"));
    let action = format!("/commissions/{id}/custody");
    view! {
        <details class="custody__form" open=stone.entry == "stone">
            <summary>"Take in a stone"</summary>
            <form method="post" action=action.clone() enctype="multipart/form-data" class="stacked-form">
                <input type="hidden" name="entry" value="stone"/>
                <Input label="Stone".into() name="species".into() value=stone.species.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) required=true id="stone-species".to_owned()
                    hint=Some("Sapphire, diamond, opal…")/>
                <Input label="Shape and cut".into() name="shape".into() value=stone.shape.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) id="stone-shape".to_owned()/>
                <Input label="Measurements".into() name="measurements".into() value=stone.measurements.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) required=true id="stone-measurements".to_owned()
                    hint=Some("Length × width × depth in mm.")/>
                <Input label="Approximate weight (carats)".into() name="carats".into() value=stone.carats.clone()
                    inputmode=Some("decimal") id="stone-carats".to_owned()/>
                <Input label="Colour".into() name="colour".into() value=stone.colour.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) id="stone-colour".to_owned()/>
                <TextArea label="Visible inclusions or damage".into() name="marks".into() value=stone.marks.clone()
                    maxlength=MAX_CUSTODY_NOTE rows=2 id="stone-marks".to_owned()/>
                <IntakeCommon kind="stone" typed=stone.clone()/>
                <button class="button" type="submit">"Record the stone"</button>
            </form>
        </details>
        <details class="custody__form" open=metal.entry == "metal">
            <summary>"Take in metal"</summary>
            <form method="post" action=action enctype="multipart/form-data" class="stacked-form">
                <input type="hidden" name="entry" value="metal"/>
                <Input label="What it is".into() name="description".into() value=metal.description.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) required=true id="metal-description".to_owned()
                    hint=Some("An 18k yellow gold wedding band, scrap silver…")/>
                <Input label="Weight (grams)".into() name="grams".into() value=metal.grams.clone()
                    inputmode=Some("decimal") required=true id="metal-grams".to_owned()/>
                <Input label="Tested fineness".into() name="fineness".into() value=metal.fineness.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) required=true id="metal-fineness".to_owned()
                    hint=Some("750, 18k, 925…")/>
                <Input label="How it was tested".into() name="tested_how".into() value=metal.tested_how.clone()
                    maxlength=Some(MAX_CUSTODY_FIELD) required=true id="metal-tested-how".to_owned()
                    hint=Some("XRF, acid test, touchstone.")/>
                <IntakeCommon kind="metal" typed=metal.clone()/>
                <button class="button" type="submit">"Record the metal"</button>
            </form>
        </details>
    }
}

/// What happened to one item, recorded by the maker.
#[component]
fn EventForm(id: i64, item: CustodyItemView) -> impl IntoView {
    let prefix = format!("item-{}", item.seq);
    let happening_id = format!("{prefix}-happening");
    view! {
        <form method="post" action=format!("/commissions/{id}/custody") enctype="multipart/form-data"
            class="stacked-form custody__event">
            <h4>{format!("Record what happened to the {}", item.name.to_lowercase())}</h4>
            <input type="hidden" name="entry" value="event"/>
            <input type="hidden" name="item" value=item.seq.to_string()/>
            <div class="field">
                <label for=happening_id.clone()>"What happened"</label>
                <select id=happening_id name="happening" required=true>
                    {Happening::ALL.into_iter().map(|happening| view! {
                        <option value=happening.slug()>{crate::shared::capitalised(happening.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Input label="Weight after melting (grams)".into() name="grams_after".into() value=String::new()
                inputmode=Some("decimal") id=format!("{prefix}-grams-after")
                hint=Some("Only when it was melted and re-used.")/>
            <TextArea label="Note".into() name="note".into() value=String::new()
                maxlength=MAX_CUSTODY_NOTE rows=2 id=format!("{prefix}-note")/>
            <PhotosField id=format!("{prefix}-photos")/>
            <button class="button" type="submit">"Record it"</button>
        </form>
    }
}

#[component]
fn Item(seen: CommissionView, item: CustodyItemView) -> impl IntoView {
    let id = seen.id;
    let custody = seen.custody.clone();
    let acknowledge = (!seen.as_maker && item.acknowledged.is_none() && custody.intact).then(|| {
        view! {
            <form method="post" action=AcknowledgeCustody::url() class="inline-form">
                <input type="hidden" name="commission" value=id.to_string()/>
                <input type="hidden" name="item" value=item.seq.to_string()/>
                <button class="button" type="submit">"I acknowledge this record and its terms"</button>
            </form>
        }
    });
    view! {
        <article class="custody__item" aria-labelledby=format!("custody-item-{}", item.seq)>
            <h3 id=format!("custody-item-{}", item.seq)>{item.name.clone()}</h3>
            <p class="status">{item.status.clone()}</p>
            <dl class="facts">
                {item.facts.iter().map(|(label, text)| view! { <dt>{label.clone()}</dt><dd>{text.clone()}</dd> }).collect_view()}
                <dt>"Condition"</dt><dd>{item.condition.clone()}</dd>
                <dt>"Terms"</dt><dd class="custody__terms">{item.risk_terms.clone()}</dd>
            </dl>
            {match item.acknowledged.clone() {
                Some(when) => view! { <p>{format!("Acknowledged by the client on {when}.")}</p> }.into_any(),
                None => view! { <p class="notice">"Not acknowledged by the client yet."</p> }.into_any(),
            }}
            {acknowledge}
            {(!item.pictures.is_empty()).then(|| view! { <Pictures pictures=item.pictures.clone()/> })}
            <p><a href=format!("/commissions/{id}/custody/{}", item.seq)>"Printable intake receipt"</a></p>
            {(custody.may_record && item.in_custody).then(|| view! { <EventForm id item=item.clone()/> })}
        </article>
    }
}

#[component]
pub fn ClientMaterials(seen: CommissionView, typed: Option<CustodyForm>) -> impl IntoView {
    let custody = seen.custody.clone();
    if custody.recorded == 0 && !custody.may_record {
        return None;
    }
    let id = seen.id;
    let correction_typed = typed
        .clone()
        .filter(|form| form.entry == "correction")
        .unwrap_or_default();
    Some(view! {
        <section id="custody" aria-labelledby="custody-heading" class="commission__custody">
            <h2 id="custody-heading">"The client's own materials"</h2>
            <p>{if seen.as_maker {
                "Stones or metal your client hands you to use: record each as you take it in, with photos, and then what happens to it. Entries can't be changed afterwards; a mistake is put right by a correction."
            } else {
                "What you hand the maker to use — an heirloom stone, old gold — is recorded here as it is taken in, with photos, and then whatever happens to it. Nobody can change an entry afterwards."
            }}</p>
            {(custody.recorded > 0).then(|| if custody.intact {
                view! {
                    <p class="status status--open">"The custody log verifies: every entry is as it was recorded, and Touchstone signed the latest."</p>
                    <p class="digest">"SHA-256 of the latest entry "<code>{custody.head.clone().unwrap_or_default()}</code></p>
                }.into_any()
            } else {
                view! {
                    <p class="form-error" role="alert">{format!(
                        "The custody log no longer verifies from entry {}: it was changed after it was recorded.",
                        custody.broken_at.unwrap_or_default()
                    )}</p>
                }.into_any()
            })}
            {custody.items.iter().map(|item| view! { <Item seen=seen.clone() item=item.clone()/> }).collect_view()}
            {custody.may_record.then(|| view! { <IntakeForms id typed=typed.clone()/> })}
            {(custody.may_record && !custody.entries.is_empty()).then(|| view! {
                <details class="custody__form" open=correction_typed.entry == "correction">
                    <summary>"Correct an entry"</summary>
                    <form method="post" action=format!("/commissions/{id}/custody") enctype="multipart/form-data" class="stacked-form">
                        <input type="hidden" name="entry" value="correction"/>
                        <div class="field">
                            <label for="custody-corrects">"Entry to correct"</label>
                            <select id="custody-corrects" name="corrects" required=true>
                                {custody.entries.iter().map(|entry| view! {
                                    <option value=entry.seq.to_string()>{format!("{}. {}", entry.seq, entry.what)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <TextArea label="The correction".into() name="note".into() value=correction_typed.note.clone()
                            maxlength=MAX_CUSTODY_NOTE rows=2 required=true id="custody-correction".to_owned()/>
                        <PhotosField id="custody-correction-photos".to_owned()/>
                        <button class="button" type="submit">"Add the correction"</button>
                    </form>
                </details>
            })}
            {(!custody.entries.is_empty()).then(|| view! {
                <h3>"The log"</h3>
                <ol class="timeline custody__log">
                    {custody.entries.iter().rev().map(|entry| view! {
                        <li>
                            <p>{format!("{}. ", entry.seq)}<time>{entry.when.clone()}</time>" — "{entry.what.clone()}</p>
                            {(!entry.note.is_empty()).then(|| view! { <blockquote>{entry.note.clone()}</blockquote> })}
                            {(!entry.pictures.is_empty()).then(|| view! { <Pictures pictures=entry.pictures.clone()/> })}
                            <p class="digest">"SHA-256 "<code>{entry.sha256.clone()}</code></p>
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </section>
    })
}

#[component]
pub fn CustodyReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let params = params.read();
        (
            params.get("id").unwrap_or_default(),
            params.get("item").unwrap_or_default(),
        )
    };
    let receipt = Resource::new(key, |(id, item)| load_receipt(id, item));
    view! {
        <PrivateTitle title="Intake receipt"/>
        {when_loaded(receipt, None, |receipt, _| view! {
            <article class="form-page custody-receipt">
                <p class="no-print"><a href=format!("/commissions/{}#custody", receipt.commission)>"Back to the commission"</a></p>
                <h1>{format!("Intake receipt: {}", receipt.item.name)}</h1>
                <p>{format!(
                    "{} took this into their care for {}'s commission (number {}), recorded on {}.",
                    receipt.maker, receipt.buyer, receipt.commission, receipt.handed_over
                )}</p>
                {if receipt.intact {
                    view! { <p class="status status--open" role="status">"The custody log verifies: this record is as it was made."</p> }.into_any()
                } else {
                    view! { <p class="form-error" role="alert">"The custody log no longer verifies: it was changed after it was recorded."</p> }.into_any()
                }}
                <dl class="facts">
                    {receipt.item.facts.iter().map(|(label, text)| view! { <dt>{label.clone()}</dt><dd>{text.clone()}</dd> }).collect_view()}
                    <dt>"Condition"</dt><dd>{receipt.item.condition.clone()}</dd>
                    <dt>"Terms"</dt><dd class="custody__terms">{receipt.item.risk_terms.clone()}</dd>
                    <dt>"Acknowledged by the client"</dt>
                    <dd>{receipt.item.acknowledged.clone().unwrap_or_else(|| "not yet".into())}</dd>
                    <dt>"Now"</dt><dd>{receipt.item.status.clone()}</dd>
                    <dt>"SHA-256 of this record"</dt><dd><code class="digest">{receipt.entry_sha256.clone()}</code></dd>
                    <dt>"SHA-256 of the log's latest entry"</dt><dd><code class="digest">{receipt.head.clone()}</code></dd>
                    <dt>"Signed by Touchstone with key"</dt><dd><code>{receipt.key_id.clone()}</code></dd>
                </dl>
                {(!receipt.item.pictures.is_empty()).then(|| view! { <Pictures pictures=receipt.item.pictures.clone()/> })}
            </article>
        }, error_page)}
    }
}
