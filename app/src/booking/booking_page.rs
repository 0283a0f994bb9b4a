//! The buyer's pages about a booking: `/bookings/{id}` (by their account, or by
//! the signed link in its emails) to read it and cancel; `/bookings/confirm` for
//! a guest's emailed link; `/bookings/check-your-email` after a guest books.

use super::BuyerBooking;
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::ErrorPage;
use crate::shared::{FeedbackMessage, take_feedback};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(endpoint = "booking/view")]
pub async fn load_booking(
    booking: String,
    #[server(default)] key: String,
) -> Result<BuyerBooking, AppError> {
    super::read_as_buyer(&booking, &key, async |desk, id, key, viewer| {
        desk.for_buyer(id, key, viewer).await
    })
    .await
}

/// A buyer's action on their booking's page (by account, or the link they came
/// by): done, then on, or back to the page with the reason.
#[cfg(feature = "ssr")]
async fn on_booking_page<E: Into<AppError>>(
    booking: &str,
    key: &str,
    act: impl AsyncFnOnce(
        super::desk::BookingDesk<'_>,
        i64,
        Option<&str>,
        Option<&crate::accounts::StoredAccount>,
    ) -> Result<crate::shared::Next, E>,
) -> Result<(), AppError> {
    let digits: String = booking.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back::to(
        if key.is_empty() {
            format!("/bookings/{digits}")
        } else {
            format!("/bookings/{digits}?key={}", crate::shared::url_encode(key))
        },
        "booking",
    );
    crate::shared::conclude_step(
        async |request: super::BookingRequest| {
            let id = super::booking_number(booking)?;
            let key = Some(key).filter(|key| !key.is_empty());
            act(request.desk(), id, key, request.viewer.as_ref())
                .await
                .map_err(Into::into)
        },
        back,
    )
    .await
}

#[server(endpoint = "booking/cancel")]
pub async fn cancel_booking(
    booking: String,
    #[server(default)] key: String,
) -> Result<(), AppError> {
    on_booking_page(&booking, &key, async |desk, id, key, viewer| {
        desk.cancel_by_buyer(id, key, viewer).await
    })
    .await
}

/// The buyer accepts the time the maker suggested.
#[server(endpoint = "booking/accept-time")]
pub async fn accept_suggested_time(
    booking: String,
    #[server(default)] key: String,
) -> Result<(), AppError> {
    on_booking_page(&booking, &key, async |desk, id, key, viewer| {
        desk.accept_suggested_time(id, key, viewer).await
    })
    .await
}

#[server(endpoint = "booking/confirm")]
pub async fn confirm_booking(key: String) -> Result<(), AppError> {
    let back = crate::shared::Back::to(
        format!("/bookings/confirm?key={}", crate::shared::url_encode(&key)),
        "booking",
    );
    crate::shared::conclude_step(
        async |request: super::BookingRequest| request.desk().confirm_email(&key).await,
        back,
    )
    .await
}

#[component]
pub fn BookingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let address = move || {
        (
            params.read().get("id").unwrap_or_default(),
            query.read().get("key").unwrap_or_default(),
        )
    };
    let booking = Resource::new(address, |(id, key)| load_booking(id, key));
    let thread = Resource::new(address, |(id, key)| {
        super::thread_page::load_booking_thread(id, key)
    });
    let feedback = Resource::new(address, |_| take_feedback("booking".into()));
    view! {
        <PrivateTitle title="Your consultation"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                let thread = thread.await.ok();
                match booking.await {
                    Ok(seen) => view! { <BuyerBookingView seen feedback thread/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub(super) fn status_words(booking: &super::BookingView) -> String {
    match booking.status.as_str() {
        "pending" if booking.awaiting_buyer => {
            format!("{} suggests this time", booking.maker_name)
        }
        "pending" => "Waiting for the maker to confirm".into(),
        "confirmed" => "Booked".into(),
        "declined" => "Declined by the maker".into(),
        _ => "Cancelled".into(),
    }
}

#[component]
fn BuyerBookingView(
    seen: BuyerBooking,
    feedback: Option<crate::shared::Feedback>,
    thread: Option<crate::threads::BookingThread>,
) -> impl IntoView {
    let booking = seen.booking;
    let messages = thread.map(|thread| {
        view! { <super::thread_page::BookingMessages thread key=seen.key.clone() feedback=feedback.clone()/> }
    });
    let key_query = seen
        .key
        .as_deref()
        .map(|key| format!("?key={}", crate::shared::url_encode(key)))
        .unwrap_or_default();
    view! {
        <section class="form-page booking-view">
            <h1>{format!("{} with {}", booking.consultation.name, booking.maker_name)}</h1>
            <FeedbackMessage feedback/>
            <p class=format!("status status--{}", booking.status)>{status_words(&booking)}</p>
            <dl class="facts">
                <dt>"When"</dt>
                <dd>{booking.when.clone()}</dd>
                {booking.elsewhere.clone().map(|elsewhere| view! {
                    <dt>"For the maker"</dt>
                    <dd>{elsewhere}</dd>
                })}
                <dt>"Consultation"</dt>
                <dd>{booking.consultation.facts()}</dd>
                <dt>"Emails go to"</dt>
                <dd>{booking.guest_email.clone()}</dd>
                {(!booking.maker_message.is_empty()).then(|| view! {
                    <dt>"The maker wrote"</dt>
                    <dd>{booking.maker_message.clone()}</dd>
                })}
            </dl>
            {seen.may_accept.then(|| view! {
                <form method="post" action=AcceptSuggestedTime::url() class="inline-form">
                    <input type="hidden" name="booking" value=booking.id.to_string()/>
                    {seen.key.clone().map(|key| view! { <input type="hidden" name="key" value=key/> })}
                    <button class="button" type="submit">"Accept this time"</button>
                </form>
            })}
            <p class="inline-form">
                {seen.may_move.then(|| view! {
                    <a class="button button--quiet" href=format!("/bookings/{}/move{key_query}", booking.id)>"Choose another time"</a>
                    " "
                })}
            </p>
            {seen.may_cancel.then(|| view! {
                <form method="post" action=CancelBooking::url() class="inline-form">
                    <input type="hidden" name="booking" value=booking.id.to_string()/>
                    {seen.key.clone().map(|key| view! { <input type="hidden" name="key" value=key/> })}
                    <button class="button button--danger" type="submit">"Cancel this consultation"</button>
                </form>
            })}
            <h2>"Your brief"</h2>
            <dl class="facts">
                {booking.brief.into_iter().map(|(label, text)| view! { <dt>{label}</dt><dd>{text}</dd> }).collect_view()}
            </dl>
            <section id="pictures" aria-labelledby="pictures-heading">
                <h2 id="pictures-heading">"Reference pictures"</h2>
                {if booking.pictures.is_empty() {
                    view! { <p>"Pictures of pieces you like, or of stones or gold to re-use, help the maker prepare."</p> }.into_any()
                } else {
                    view! { <super::ReferencePictures pictures=booking.pictures.clone()/> }.into_any()
                }}
                {(seen.may_move && booking.pictures.len() < super::MAX_REFERENCE_PICTURES).then(|| view! {
                    <form method="post" action=format!("/bookings/{}/pictures{key_query}", booking.id)
                        enctype="multipart/form-data" class="stacked-form">
                        <div class="field">
                            <label for="field-pictures">"Add pictures for the maker"</label>
                            <p class="field__hint" id="field-pictures-hint">{format!(
                                "JPEG, PNG or WebP, up to 20 MB each; at most {} in all.",
                                super::MAX_REFERENCE_PICTURES
                            )}</p>
                            <input id="field-pictures" type="file" name="pictures" multiple=true required=true
                                accept="image/jpeg,image/png,image/webp" aria-describedby="field-pictures-hint"/>
                        </div>
                        <button class="button" type="submit">"Add pictures"</button>
                    </form>
                })}
            </section>
            {(booking.status == "confirmed").then(|| view! {
                <p><a class="button button--quiet" href=format!("/makers/{}/commission?booking={}", booking.maker_slug, booking.id)>
                    {format!("Commission a piece from {}", booking.maker_name)}
                </a></p>
            })}
            {messages}
            <p><a href=format!("/makers/{}", booking.maker_slug)>{format!("More from {}", booking.maker_name)}</a></p>
        </section>
    }
}

#[component]
pub fn ConfirmBookingPage() -> impl IntoView {
    let query = use_query_map();
    let key = move || query.read().get("key").unwrap_or_default();
    let feedback = Resource::new(key, |_| take_feedback("booking".into()));
    view! {
        <PrivateTitle title="Confirm your booking"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                view! {
                    <section class="form-page">
                        <h1>"Confirm your booking"</h1>
                        <FeedbackMessage feedback/>
                        <p>"Confirm that this email address is yours, and the time is booked (or the request goes to the maker)."</p>
                        <form method="post" action=ConfirmBooking::url()>
                            <input type="hidden" name="key" value=key()/>
                            <button class="button" type="submit">"Confirm my booking"</button>
                        </form>
                    </section>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CheckYourEmailPage() -> impl IntoView {
    view! {
        <crate::layout::CheckYourEmail form="booking"
            waiting="Open the link we sent to confirm your address. Until then the time is only held for you."/>
    }
}
