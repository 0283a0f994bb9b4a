//! `/commissions/{id}`: one commission for its buyer or its maker — where it
//! stands, the money, the proposal in full, the viewer's next steps first, then
//! the timeline. Every step is a plain form carrying the version it was shown
//! at, so a second tab or a double click is told what happened instead.

use super::{CommissionView, MessageForm, StepForm};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, load_from_address, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use crate::studio::fields::{Input, TextArea};
use crate::threads::{MessageList, Pictures, WriteForms};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const NOTE_CHARS: usize = super::MAX_NOTE;

/// The buyer starts paying what is due (the deposit, or the balance) by card.
#[server(endpoint = "commissions/pay-by-card")]
pub async fn pay_commission_by_card(commission: String) -> Result<(), AppError> {
    super::on_commission_page(&commission, "", Vec::new(), async |request| {
        Ok(request
            .desk()
            .pay_by_card(Some(&request.viewer), &commission)
            .await?)
    })
    .await
}

#[server(endpoint = "commissions/view")]
pub async fn load_commission(commission: String) -> Result<CommissionView, AppError> {
    let request = super::CommissionRequest::from_context().await?;
    Ok(request
        .desk()
        .page(&commission, Some(&request.viewer))
        .await?)
}

#[server(endpoint = "commissions/step")]
pub async fn step_commission(#[server(flatten)] form: StepForm) -> Result<(), AppError> {
    super::on_commission_page(
        &form.commission,
        "",
        vec![crate::shared::carried_form("step", &form)],
        async |request| {
            Ok(request
                .desk()
                .step(Some(&request.viewer), &form, Vec::new())
                .await?)
        },
    )
    .await
}

#[server(endpoint = "commissions/message")]
pub async fn send_message(#[server(flatten)] form: MessageForm) -> Result<(), AppError> {
    let typed = crate::shared::first_chars(&form.body, crate::threads::MAX_MESSAGE);
    super::on_commission_page(
        &form.commission,
        "#messages",
        vec![("message", typed)],
        async |request| {
            Ok(request
                .desk()
                .message(Some(&request.viewer), &form, Vec::new())
                .await?)
        },
    )
    .await
}

#[component]
pub fn CommissionPage() -> impl IntoView {
    let commission = load_from_address("id", load_commission);
    view! {
        <PrivateTitle title="Your commission"/>
        {when_loaded(commission, Some("commission"), |seen, feedback| view! { <CommissionView seen feedback/> }, error_page)}
    }
}

/// The form as it was typed before a refused post, for the step it was for.
fn typed_for(feedback: &Option<Feedback>, step: &str) -> Option<StepForm> {
    let typed: StepForm = serde_json::from_str(&feedback.as_ref()?.field("step")?).ok()?;
    (typed.step == step).then_some(typed)
}

/// The hidden fields every step's form carries.
#[component]
fn StepFields(seen: CommissionView, step: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="commission" value=seen.id.to_string()/>
        <input type="hidden" name="version" value=seen.version.to_string()/>
        <input type="hidden" name="step" value=step/>
    }
}

/// A step that needs nothing typed: one button.
#[component]
fn StepButton(
    seen: CommissionView,
    step: &'static str,
    label: &'static str,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    seen.may(step).then(|| {
        view! {
            <form method="post" action=StepCommission::url() class="inline-form">
                <StepFields seen=seen.clone() step/>
                <button class=class type="submit">{label}</button>
            </form>
        }
    })
}

/// A step with a note (and, for priced offers and payments, an amount).
#[component]
fn NoteStep(
    seen: CommissionView,
    step: &'static str,
    heading: &'static str,
    note_label: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(default = None)] amount_label: Option<&'static str>,
    #[prop(default = false)] note_required: bool,
    button: &'static str,
    typed: Option<StepForm>,
) -> impl IntoView {
    let typed = typed.unwrap_or_default();
    let field_id = format!("note-{step}");
    seen.may(step).then(|| {
        view! {
            <form method="post" action=StepCommission::url() class="stacked-form commission-step">
                <h3>{heading}</h3>
                <StepFields seen=seen.clone() step/>
                {amount_label.map(|label| view! {
                    <Input label=format!("{label} ({})", seen.currency) name="amount".into()
                        value=typed.amount.clone() inputmode=Some("decimal") required=true
                        id=format!("amount-{step}")/>
                })}
                {(!note_label.is_empty()).then(|| view! {
                    <TextArea label=note_label.into() name="note".into() value=typed.note.clone()
                        maxlength=NOTE_CHARS rows=3 hint id=field_id.clone() required=note_required/>
                })}
                <button class="button" type="submit">{button}</button>
            </form>
        }
    })
}

/// A maker's step that carries pictures (a design, progress): a multipart form
/// to the upload route, which checks the step before reading a picture.
#[component]
fn PictureStep(
    seen: CommissionView,
    step: &'static str,
    heading: &'static str,
    note_label: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    pictures_label: &'static str,
    pictures_required: bool,
    button: &'static str,
    typed: Option<StepForm>,
) -> impl IntoView {
    let typed = typed.unwrap_or_default();
    let note_id = format!("note-{step}");
    let pictures_id = format!("pictures-{step}");
    let pictures_hint = format!("{pictures_id}-hint");
    seen.may(step).then(|| {
        view! {
            <form method="post" action=format!("/commissions/{}/step?step={step}&version={}", seen.id, seen.version)
                enctype="multipart/form-data" class="stacked-form commission-step">
                <h3>{heading}</h3>
                <div class="field">
                    <label for=pictures_id.clone()>{pictures_label}</label>
                    <p class="field__hint" id=pictures_hint.clone()>{format!(
                        "JPEG, PNG or WebP, up to 20 MB each; at most {}. Only you and the buyer see them.",
                        super::MAX_STEP_PICTURES
                    )}</p>
                    <input id=pictures_id type="file" name="pictures" multiple=true required=pictures_required
                        accept="image/jpeg,image/png,image/webp" aria-describedby=pictures_hint/>
                </div>
                <TextArea label=note_label.into() name="note".into() value=typed.note.clone()
                    maxlength=NOTE_CHARS rows=3 hint id=note_id/>
                <button class="button" type="submit">{button}</button>
            </form>
        }
    })
}

#[component]
fn ProposalForm(seen: CommissionView, typed: Option<StepForm>) -> impl IntoView {
    let form = typed.unwrap_or_else(|| seen.proposal_form.clone());
    let revising = seen.proposal.is_some();
    seen.may("propose").then(|| {
        view! {
            <form method="post" action=StepCommission::url() class="stacked-form commission-step">
                <h3>{if revising { "Revise your proposal" } else { "Send your proposal" }}</h3>
                <p class="field__hint">"The buyer sees all of this before accepting; nothing is paid until they do."</p>
                <StepFields seen=seen.clone() step="propose"/>
                <Input label="The piece".into() name="piece".into() value=form.piece.clone()
                    required=true maxlength=Some(super::Proposal::MAX_TEXT)
                    hint=Some("Such as “engagement ring” or “pendant on an 18-inch chain”.")/>
                <Input label="Metals, with their fineness".into() name="metals".into() value=form.metals.clone()
                    required=true maxlength=Some(super::Proposal::MAX_TEXT)
                    hint=Some("Such as “18k recycled yellow gold (750)”.")/>
                <Input label="Stones (natural or laboratory-grown)".into() name="stones".into() value=form.stones.clone()
                    maxlength=Some(super::Proposal::MAX_TEXT)/>
                <Input label="Dimensions".into() name="dimensions".into() value=form.dimensions.clone()
                    required=true maxlength=Some(super::Proposal::MAX_TEXT)/>
                <Input label="Ring size".into() name="ring_size".into() value=form.ring_size.clone()
                    maxlength=Some(super::Proposal::MAX_TEXT) hint=Some("Leave empty for a piece that isn't a ring.")/>
                <div class="field">
                    <label for="field-currency">"Currency"</label>
                    <select id="field-currency" name="currency">
                        {crate::shared::Currency::ALL.into_iter().map(|currency| view! {
                            <option value=currency.code() selected=form.currency == currency.code()>{currency.code()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Input label="Price".into() name="price".into() value=form.price.clone()
                    required=true inputmode=Some("decimal")/>
                <fieldset class="field">
                    <legend>"Deposit, credited to the price"</legend>
                    <label><input type="radio" name="deposit_kind" value="share" checked=form.deposit_kind != "fixed"/>" A share of the price, in per cent"</label>
                    <label><input type="radio" name="deposit_kind" value="fixed" checked=form.deposit_kind == "fixed"/>" A fixed design fee"</label>
                </fieldset>
                <Input label="Deposit (per cent or amount)".into() name="deposit".into() value=form.deposit.clone()
                    required=true inputmode=Some("decimal")/>
                <Input label="Design rounds included".into() name="rounds".into() value=form.rounds.clone()
                    kind="number" required=true/>
                <Input label="Lead time in weeks".into() name="lead_weeks".into() value=form.lead_weeks.clone()
                    kind="number" required=true/>
                <Input label="Refund before the design is agreed (per cent of what was paid)".into()
                    name="refund_before".into() value=form.refund_before.clone() kind="number" required=true/>
                <Input label="Refund after the design is agreed (per cent)".into()
                    name="refund_after".into() value=form.refund_after.clone() kind="number" required=true/>
                <Input label="Refund once making has started (per cent)".into()
                    name="refund_making".into() value=form.refund_making.clone() kind="number" required=true/>
                <Input label="Days the buyer has to answer".into() name="valid_days".into()
                    value=form.valid_days.clone() kind="number" required=true/>
                <button class="button" type="submit">{if revising { "Send the revised proposal" } else { "Send the proposal" }}</button>
            </form>
        }
    })
}

#[component]
fn CommissionView(seen: CommissionView, feedback: Option<Feedback>) -> impl IntoView {
    let typed = |step: &str| typed_for(&feedback, step);
    let other = if seen.as_maker {
        seen.buyer_name.clone()
    } else {
        seen.maker_name.clone()
    };
    let accept_version = seen
        .proposal
        .as_ref()
        .map(|p| p.version)
        .unwrap_or_default();
    view! {
        <section class="form-page commission">
            <p><a href=if seen.as_maker { "/studio/commissions" } else { "/commissions" }>"All your commissions"</a></p>
            <h1>{format!("Commission with {other}")}</h1>
            <FeedbackMessage feedback=feedback.clone()/>
            <p class="status">
                {crate::shared::capitalised(&seen.stage_label)}
            </p>
            {seen.rounds.clone().map(|rounds| view! { <p>{rounds}</p> })}
            {seen.offer.clone().map(|offer| view! { <p class="notice">{format!("Waiting for the buyer: {offer}.")}</p> })}
            {(!seen.money.is_empty()).then(|| view! {
                <h2>"Money"</h2>
                <dl class="facts">
                    {seen.money.iter().map(|(label, amount)| view! { <dt>{label.clone()}</dt><dd>{amount.clone()}</dd> }).collect_view()}
                </dl>
            })}
            {(!seen.payments.is_empty()).then(|| view! {
                <h2>"Payments"</h2>
                <ul class="payments">
                    {seen.payments.iter().map(|payment| view! {
                        <li>
                            {format!("{} — {} by {}, {}", payment.when, payment.amount, payment.method.to_lowercase(), payment.status)}
                            {payment.refunded.clone().map(|refunded| format!("; {refunded} refunded"))}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {seen.agreement.clone().map(|agreement| view! {
                <p>
                    <a href=format!("/commissions/{}/agreement", seen.id)>"The signed design agreement"</a>
                    {if agreement.valid { " — verified" } else { " — it no longer verifies" }}
                </p>
                <p class="digest">"SHA-256 of the agreement "<code>{agreement.digest}</code></p>
            })}
            {seen.card.clone().map(|card| view! { <crate::orders::CardSection card/> })}
            {seen.card.is_none().then(|| seen.card_due.clone()).flatten().map(|due| view! {
                <form method="post" action=PayCommissionByCard::url() class="inline-form">
                    <input type="hidden" name="commission" value=seen.id.to_string()/>
                    <button class="button" type="submit">{format!("Pay {due} by card")}</button>
                </form>
            })}
            <section aria-labelledby="next-heading" class="commission__next">
                <h2 id="next-heading">"Your next step"</h2>
                {seen.open_steps.is_empty().then(|| view! {
                    <p>{if seen.stage.is_closed() { "Nothing more: this commission is closed." } else { "Nothing for you to do now: the other side's step comes next." }}</p>
                })}
                {seen.may("accept").then(|| view! {
                    <form method="post" action=StepCommission::url() class="inline-form">
                        <StepFields seen=seen.clone() step="accept"/>
                        <input type="hidden" name="proposal_version" value=accept_version.to_string()/>
                        <button class="button" type="submit">{format!("Accept proposal version {accept_version}")}</button>
                    </form>
                })}
                <StepButton seen=seen.clone() step="approve-design" label="Approve this design and sign the agreement"/>
                <StepButton seen=seen.clone() step="accept-extra-round" label="Accept the extra round"/>
                <StepButton seen=seen.clone() step="accept-change" label="Accept the change"/>
                <StepButton seen=seen.clone() step="decline-change" label="Decline the change" class="button button--quiet"/>
                <StepButton seen=seen.clone() step="confirm-receipt" label="The piece arrived"/>
                <NoteStep seen=seen.clone() step="ask-for-changes" heading="Ask for changes"
                    note_label="What would you like changed?" note_required=true button="Ask for changes" typed=typed("ask-for-changes")/>
                <ProposalForm seen=seen.clone() typed=typed("propose")/>
                {seen.may("record-payment").then(|| {
                    let typed = typed("record-payment").unwrap_or_default();
                    view! {
                        <form method="post" action=StepCommission::url() class="stacked-form commission-step">
                            <h3>"Record a payment received"</h3>
                            <StepFields seen=seen.clone() step="record-payment"/>
                            <Input label=format!("Amount received ({})", seen.currency) name="amount".into()
                                value=typed.amount.clone() inputmode=Some("decimal") required=true
                                id="amount-record-payment".to_owned()/>
                            <div class="field">
                                <label for="payment-method">"How it was paid"</label>
                                <select id="payment-method" name="method">
                                    {crate::payments::PaymentMethod::RECORDED.into_iter().map(|method| view! {
                                        <option value=method.slug() selected=typed.method == method.slug()>{method.label()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button class="button" type="submit">"Record the payment"</button>
                        </form>
                    }
                })}
                <PictureStep seen=seen.clone() step="post-design" heading="Post a design"
                    pictures_label="Sketches, renders or photos of the design" pictures_required=true
                    note_label="About this design" button="Post the design" typed=typed("post-design")/>
                <NoteStep seen=seen.clone() step="offer-extra-round" heading="Offer an extra design round"
                    note_label="" amount_label=Some("Price of the extra round") button="Offer the extra round" typed=typed("offer-extra-round")/>
                <StepButton seen=seen.clone() step="start-making" label="Start making"/>
                <PictureStep seen=seen.clone() step="post-progress" heading="Post progress"
                    pictures_label="Photos of the work (optional)" pictures_required=false
                    note_label="What was done" hint=Some("Casting, setting, finishing, quality check — or in your own words.")
                    button="Post progress" typed=typed("post-progress")/>
                <NoteStep seen=seen.clone() step="offer-change" heading="Offer a change to the agreed design"
                    note_label="The change" amount_label=Some("Price of the change") button="Offer the change" typed=typed("offer-change")/>
                <StepButton seen=seen.clone() step="mark-ready" label="The piece is finished"/>
                <NoteStep seen=seen.clone() step="ship" heading="Send the piece"
                    note_label="Carrier and tracking number" note_required=true button="Mark as sent" typed=typed("ship")/>
                <StepButton seen=seen.clone() step="hand-over" label="Handed over at the studio"/>
                {seen.may("decline").then(|| view! {
                    <form method="post" action=StepCommission::url() class="stacked-form commission-step">
                        <h3>{if seen.as_maker { "Decline this commission" } else { "Withdraw your request" }}</h3>
                        <StepFields seen=seen.clone() step="decline"/>
                        <TextArea label="Why (the other side reads this)".into() name="note".into() value=String::new()
                            maxlength=NOTE_CHARS rows=2 id="note-decline".to_owned()/>
                        <div class="field">
                            <label><input type="checkbox" name="confirm" value="yes" required=true/>
                                {if seen.as_maker { " I don't want to make this piece" } else { " I no longer want this piece made" }}</label>
                        </div>
                        <button class="button button--danger" type="submit">
                            {if seen.as_maker { "Decline this commission" } else { "Withdraw my request" }}
                        </button>
                    </form>
                })}
                {seen.may("cancel").then(|| view! {
                    <form method="post" action=StepCommission::url() class="stacked-form commission-step">
                        <h3>"Cancel the commission"</h3>
                        <StepFields seen=seen.clone() step="cancel"/>
                        <p>{format!(
                            "If you cancel now, {} comes back to the buyer, as the accepted terms say.",
                            seen.cancel_refund.clone().unwrap_or_default()
                        )}</p>
                        <TextArea label="Why (the other side reads this)".into() name="note".into() value=String::new()
                            maxlength=NOTE_CHARS rows=2 id="note-cancel".to_owned()/>
                        <div class="field">
                            <label><input type="checkbox" name="confirm" value="yes" required=true/>" I understand, and want to cancel"</label>
                        </div>
                        <button class="button button--danger" type="submit">"Cancel the commission"</button>
                    </form>
                })}
            </section>
            <super::custody::ClientMaterials seen=seen.clone()
                typed=crate::shared::typed_form(&feedback, "custody")/>
            <super::finished_piece::FinishedPiece seen=seen.clone()/>
            {seen.proposal.clone().map(|proposal| view! {
                <section aria-labelledby="proposal-heading">
                    <h2 id="proposal-heading">{format!("Proposal, version {}", proposal.version)}</h2>
                    {proposal.answer_by.map(|by| view! { <p>{format!("Open until {by}.")}</p> })}
                    <dl class="facts">
                        {proposal.facts.into_iter().map(|(label, text)| view! { <dt>{label}</dt><dd>{text}</dd> }).collect_view()}
                    </dl>
                </section>
            })}
            <section id="messages" aria-labelledby="messages-heading" class="commission__messages">
                <h2 id="messages-heading">"Messages"</h2>
                {seen.messages.is_empty().then(|| view! {
                    <p>{format!("No messages yet. Anything to ask or tell {other}? Write here: they get an email.")}</p>
                })}
                <MessageList messages=seen.messages.clone()/>
                <WriteForms other=other.clone() words=SendMessage::url().to_owned()
                    hidden=vec![("commission", seen.id.to_string())]
                    pictures=format!("/commissions/{}/message", seen.id)
                    typed=crate::shared::typed(&feedback, "message").unwrap_or_default()/>
            </section>
            <section aria-labelledby="brief-heading">
                <h2 id="brief-heading">"The brief"</h2>
                <p class="commission__brief">{seen.brief.clone()}</p>
                {seen.booking.filter(|_| !seen.as_maker).map(|booking| view! {
                    <p><a href=format!("/bookings/{booking}")>"The consultation this follows"</a></p>
                })}
                {(!seen.as_maker).then(|| view! {
                    <p><a href=format!("/makers/{}", seen.maker_slug)>{format!("More from {}", seen.maker_name)}</a></p>
                })}
            </section>
            <section aria-labelledby="timeline-heading">
                <h2 id="timeline-heading">"Timeline"</h2>
                <ol class="timeline">
                    {seen.steps.iter().rev().map(|step| view! {
                        <li>
                            <p><time>{step.when.clone()}</time>" — "{step.what.clone()}</p>
                            {(!step.note.is_empty()).then(|| view! { <blockquote>{step.note.clone()}</blockquote> })}
                            {(!step.pictures.is_empty()).then(|| view! {
                                <Pictures pictures=step.pictures.clone()/>
                            })}
                        </li>
                    }).collect_view()}
                    <li><p><time>{seen.requested.clone()}</time>" — "{format!("{} asked for a commission.", seen.buyer_name)}</p></li>
                </ol>
            </section>
        </section>
    }
}
