//! Moving a booking to another time: `/bookings/{id}/move` for its buyer (signed
//! in, or by the link from its emails) and `/studio/bookings/{id}/move` for its
//! maker, whose suggestion then waits for the buyer to accept it.

use super::slot_picker::{SlotPicker, SlotWeek};
use super::{BookingView, MAX_ANSWER_CHARS};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOffer {
    pub booking: BookingView,
    pub week: SlotWeek,
    /// The buyer's signed link, when they came by it.
    pub key: Option<String>,
}

/// The times a booking can move to, for its maker (`by_maker`) or its buyer.
#[server(endpoint = "booking/move-offer")]
pub async fn load_move_offer(
    booking: String,
    #[server(default)] key: String,
    #[server(default)] from: String,
    #[server(default)] by_maker: bool,
) -> Result<MoveOffer, AppError> {
    let request = super::BookingRequest::from_context().await?;
    let id = super::booking_number(&booking)?;
    let desk = request.desk();
    let (booking, slots, key) = if by_maker {
        let account = request.viewer.as_ref().ok_or(AppError::Unauthenticated)?;
        let (booking, slots) = desk.maker_move_offer(account, id).await?;
        (booking, slots, None)
    } else {
        let key = Some(key.trim()).filter(|key| !key.is_empty());
        let (seen, slots) = desk
            .buyer_move_offer(id, key, request.viewer.as_ref())
            .await?;
        (seen.booking, slots, seen.key)
    };
    let week = super::slot_picker::slot_week(&slots, &booking.zone, &from, desk.now)?;
    Ok(MoveOffer { booking, week, key })
}

#[cfg(feature = "ssr")]
fn start_time(start: &str) -> Result<jiff::Timestamp, AppError> {
    start
        .trim()
        .parse::<jiff::Timestamp>()
        .map_err(|_| AppError::Invalid("Please choose one of the times shown.".into()))
}

/// The buyer's move to another time.
#[server(endpoint = "booking/reschedule")]
pub async fn reschedule_booking(
    booking: String,
    #[server(default)] key: String,
    #[server(default)] from: String,
    #[server(default)] start: String,
) -> Result<(), AppError> {
    let digits: String = booking.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back::to(
        format!(
            "/bookings/{digits}/move?key={}&from={}",
            crate::shared::url_encode(&key),
            crate::shared::url_encode(&from)
        ),
        "move",
    );
    crate::shared::conclude_step(
        async |request: super::BookingRequest| {
            let id = super::booking_number(&booking)?;
            let start = start_time(&start)?;
            let key = Some(key.trim()).filter(|key| !key.is_empty());
            request
                .desk()
                .reschedule_by_buyer(id, key, request.viewer.as_ref(), start)
                .await
                .map_err(AppError::from)
        },
        back,
    )
    .await
}

/// The maker's suggestion of another time, with a message for the buyer.
#[server(endpoint = "studio/suggest-time")]
pub async fn suggest_time(
    booking: String,
    #[server(default)] from: String,
    #[server(default)] start: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let digits: String = booking.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back::to(
        format!(
            "/studio/bookings/{digits}/move?from={}",
            crate::shared::url_encode(&from)
        ),
        "move",
    )
    .keeping(vec![("message", message.clone())]);
    crate::shared::conclude_step(
        async |request: super::BookingRequest| {
            let account = request.viewer.as_ref().ok_or(AppError::Unauthenticated)?;
            let id = super::booking_number(&booking)?;
            let start = start_time(&start)?;
            request
                .desk()
                .suggest_time(account, id, start, &message)
                .await
                .map_err(AppError::from)
        },
        back,
    )
    .await
}

fn move_page(by_maker: bool) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let address = move || {
        let query = query.read();
        (
            params.read().get("id").unwrap_or_default(),
            query.get("key").unwrap_or_default(),
            query.get("from").unwrap_or_default(),
        )
    };
    let offer = Resource::new(address, move |(id, key, from)| {
        load_move_offer(id, key, from, by_maker)
    });
    view! {
        <PrivateTitle title=if by_maker { "Suggest another time" } else { "Choose another time" }/>
        {when_loaded(offer, Some("move"), move |offer, feedback| view! { <MoveForm offer feedback by_maker/> }, move |error| {
            if by_maker {
                crate::studio::refusal("Suggest another time", ("/studio/bookings", "Back to your requests"))(error)
            } else {
                error_page(error)
            }
        })}
    }
}

#[component]
pub fn BuyerMovePage() -> impl IntoView {
    move_page(false)
}

#[component]
pub fn MakerMovePage() -> impl IntoView {
    move_page(true)
}

#[component]
fn MoveForm(offer: MoveOffer, feedback: Option<Feedback>, by_maker: bool) -> impl IntoView {
    let booking = offer.booking;
    let id = booking.id.to_string();
    let (here, back_to) = if by_maker {
        (
            format!("/studio/bookings/{id}/move?"),
            ("/studio/bookings".to_owned(), "← Your requests"),
        )
    } else {
        let key = offer
            .key
            .as_deref()
            .map(|key| format!("key={}", crate::shared::url_encode(key)))
            .unwrap_or_default();
        let booking_page = if key.is_empty() {
            format!("/bookings/{id}")
        } else {
            format!("/bookings/{id}?{key}")
        };
        (
            format!(
                "/bookings/{id}/move?{key}{}",
                if key.is_empty() { "" } else { "&" }
            ),
            (booking_page, "← Your consultation"),
        )
    };
    let heading = if by_maker {
        format!("Suggest another time to {}", booking.guest_name)
    } else {
        format!(
            "Move your {} with {}",
            booking.consultation.name, booking.maker_name
        )
    };
    let message = crate::shared::typed(&feedback, "message").unwrap_or_default();
    let action = if by_maker {
        SuggestTime::url()
    } else {
        RescheduleBooking::url()
    };
    view! {
        <section class="booking form-page form-page--wide">
            <p><a href=back_to.0>{back_to.1}</a></p>
            <h1>{heading}</h1>
            <p>{format!("Now: {}", booking.when)}</p>
            <FeedbackMessage feedback/>
            <form method="post" action=action class="stacked-form">
                <input type="hidden" name="booking" value=id/>
                <input type="hidden" name="from" value=offer.week.from.clone()/>
                {offer.key.clone().map(|key| view! { <input type="hidden" name="key" value=key/> })}
                <SlotPicker week=offer.week page=here/>
                {by_maker.then(|| view! {
                    <crate::studio::fields::TextArea label=format!("Message to {}", booking.guest_name) name="message".into()
                        value=message maxlength=MAX_ANSWER_CHARS rows=3
                        hint=Some("The old time is freed; the new one is held until they accept it.")/>
                })}
                <button class="button" type="submit">
                    {if by_maker { "Suggest this time" } else { "Move to this time" }}
                </button>
            </form>
        </section>
    }
}
