//! `/studio/bookings`: the maker's consultation requests and bookings — waiting
//! for an answer, coming up, past, and declined or cancelled — with the brief
//! each buyer wrote, and the answers: accept, decline or cancel with a message.

use super::{BookingView, MAX_ANSWER_CHARS};
use crate::error::AppError;
use crate::layout::private_page;
use crate::shared::FeedbackMessage;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "studio/bookings")]
pub async fn load_inbox() -> Result<Vec<BookingView>, AppError> {
    let request = super::BookingRequest::from_context().await?;
    let account = request.viewer.as_ref().ok_or(AppError::Unauthenticated)?;
    request.desk().inbox(account).await.map_err(AppError::from)
}

/// `action`: `accept`, `decline` or `cancel`.
#[server(endpoint = "studio/answer-booking")]
pub async fn answer_booking(
    booking: String,
    action: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    crate::shared::conclude_step(
        async |request: super::BookingRequest| {
            let account = request.viewer.as_ref().ok_or(AppError::Unauthenticated)?;
            let id = booking
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::NotFound)?;
            request
                .desk()
                .answer(account, id, &action, &message)
                .await
                .map_err(AppError::from)
        },
        crate::shared::Back::to("/studio/bookings", "bookings"),
    )
    .await
}

#[component]
pub fn StudioBookingsPage() -> impl IntoView {
    private_page(
        "Consultation requests",
        load_inbox,
        Some("bookings"),
        |bookings, feedback| {
            let (waiting, rest): (Vec<_>, Vec<_>) = bookings
                .into_iter()
                .partition(|b| b.status == "pending" && !b.past);
            let (coming, rest): (Vec<_>, Vec<_>) = rest
                .into_iter()
                .partition(|b| b.status == "confirmed" && !b.past);
            let (past, closed): (Vec<_>, Vec<_>) = rest
                .into_iter()
                .partition(|b| b.status == "pending" || b.status == "confirmed");
            view! {
                <section class="studio">
                    <p><a href="/studio">"← Your studio"</a> " · " <a href="/studio/consultations">"Consultations and availability"</a></p>
                    <h1>"Consultation requests"</h1>
                    <FeedbackMessage feedback/>
                    <Group heading="Waiting for your answer" id="waiting" bookings=waiting/>
                    <Group heading="Coming up" id="coming" bookings=coming/>
                    <Group heading="Past" id="past" bookings=past/>
                    <Group heading="Declined or cancelled" id="closed" bookings=closed/>
                </section>
            }.into_any()
        },
        crate::studio::refusal("Consultation requests", ("/studio", "Go to your studio")),
    )
}

#[component]
fn Group(heading: &'static str, id: &'static str, bookings: Vec<BookingView>) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="studio-panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>{format!("{heading} ({})", bookings.len())}</h2>
            {if bookings.is_empty() {
                view! { <p>"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="booking-list">
                        {bookings.into_iter().map(|booking| view! { <Request booking/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Request(booking: BookingView) -> impl IntoView {
    let id = booking.id.to_string();
    let waiting_for_buyer = booking.status == "pending" && booking.awaiting_buyer;
    let actions: Vec<(&'static str, &'static str)> = match (booking.status.as_str(), booking.past) {
        ("pending", false) if !waiting_for_buyer => {
            vec![("accept", "Accept"), ("decline", "Decline")]
        }
        ("pending", _) => vec![("decline", "Decline")],
        ("confirmed", false) => vec![("cancel", "Cancel")],
        _ => vec![],
    };
    let movable = matches!(booking.status.as_str(), "pending" | "confirmed") && !booking.past;
    let who = format!("{} ({})", booking.guest_name, booking.guest_email);
    let message_id = format!("message-{id}");
    view! {
        <li class="booking-request">
            <h3>{format!("{} — {}", booking.guest_name, booking.consultation.name)}</h3>
            <dl class="facts">
                <dt>"When"</dt>
                <dd>{booking.when.clone()}</dd>
                {booking.elsewhere.clone().map(|elsewhere| view! { <dt>"For the buyer"</dt><dd>{elsewhere}</dd> })}
                <dt>"Buyer"</dt>
                <dd>{who}</dd>
                {booking.brief.into_iter().map(|(label, text)| view! { <dt>{label}</dt><dd>{text}</dd> }).collect_view()}
                {(!booking.maker_message.is_empty()).then(|| view! { <dt>"You wrote"</dt><dd>{booking.maker_message.clone()}</dd> })}
            </dl>
            {(!booking.pictures.is_empty()).then(|| view! { <super::ReferencePictures pictures=booking.pictures.clone()/> })}
            {waiting_for_buyer.then(|| view! {
                <p class="status status--pending">{format!("You suggested this time: waiting for {} to accept it.", booking.guest_name)}</p>
            })}
            <p><a href=format!("/studio/bookings/{id}#messages")>{format!("Messages with {}", booking.guest_name)}</a></p>
            {movable.then(|| view! {
                <p><a href=format!("/studio/bookings/{id}/move")>{format!("Suggest another time to {}", booking.guest_name)}</a></p>
            })}
            {(!actions.is_empty()).then(|| view! {
                <form method="post" action=AnswerBooking::url() class="stacked-form"
                    aria-label=format!("Answer {}, {}", booking.guest_name, booking.when)>
                    <input type="hidden" name="booking" value=id.clone()/>
                    <crate::studio::fields::TextArea id=message_id
                        label=format!("Message to {}", booking.guest_name) name="message".into()
                        value=String::new() rows=2 maxlength=MAX_ANSWER_CHARS
                        hint=Some("Needed to decline or cancel; they read it in the email.")/>
                    <p class="inline-form">
                        {actions.into_iter().map(|(action, label)| view! {
                            <button class="button" type="submit" name="action" value=action>{label}</button>
                            " "
                        }).collect_view()}
                    </p>
                </form>
            })}
        </li>
    }
}
