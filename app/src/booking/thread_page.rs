//! A consultation booking's messages: on the buyer's booking page
//! (`BookingMessages`, by account or the link they came with) and on the
//! maker's page of the booking in the studio (`/studio/bookings/{id}`).

use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
use crate::shared::{Feedback, FeedbackMessage};
use crate::threads::{BookingThread, MessageList, WriteForms};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[server(endpoint = "booking/thread")]
pub async fn load_booking_thread(
    booking: String,
    #[server(default)] key: String,
) -> Result<BookingThread, AppError> {
    super::read_as_buyer(&booking, &key, async |desk, id, key, viewer| {
        desk.thread(id, key, viewer).await
    })
    .await
}

#[server(endpoint = "booking/message")]
pub async fn send_booking_message(
    booking: String,
    #[server(default)] key: String,
    /// `studio` when written from the maker's page of the booking.
    #[server(default)]
    page: String,
    body: String,
) -> Result<(), AppError> {
    let digits: String = booking.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back::to(
        if page == "studio" {
            format!("/studio/bookings/{digits}#messages")
        } else if key.is_empty() {
            format!("/bookings/{digits}#messages")
        } else {
            format!(
                "/bookings/{digits}?key={}#messages",
                crate::shared::url_encode(&key)
            )
        },
        "booking",
    )
    .keeping(vec![(
        "message",
        crate::shared::first_chars(&body, crate::threads::MAX_MESSAGE),
    )]);
    crate::shared::conclude_step(
        async |request: super::BookingRequest| {
            let id = super::booking_number(&booking)?;
            let key = Some(key.as_str()).filter(|key| !key.is_empty());
            Ok::<_, AppError>(
                request
                    .desk()
                    .message(id, key, request.viewer.as_ref(), &body, Vec::new())
                    .await?,
            )
        },
        back,
    )
    .await
}

/// The booking's messages and the forms to write, for the page they are on.
#[component]
pub fn BookingMessages(
    thread: BookingThread,
    key: Option<String>,
    feedback: Option<Feedback>,
) -> impl IntoView {
    let booking = thread.booking;
    let key_query = key
        .as_ref()
        .map(|key| format!("?key={}", crate::shared::url_encode(key)))
        .unwrap_or_default();
    let mut hidden = vec![("booking", booking.to_string())];
    if let Some(key) = key {
        hidden.push(("key", key));
    }
    if thread.as_maker {
        hidden.push(("page", "studio".to_owned()));
    }
    let other = thread.with.clone();
    view! {
        <section id="messages" aria-labelledby="messages-heading" class="commission__messages">
            <h2 id="messages-heading">"Messages"</h2>
            {thread.messages.is_empty().then(|| view! {
                <p>{format!("No messages yet. Anything to ask or tell {other} before you meet? Write here: they get an email.")}</p>
            })}
            <MessageList messages=thread.messages/>
            <WriteForms other=thread.with words=SendBookingMessage::url().to_owned() hidden
                pictures=format!("/bookings/{booking}/message{key_query}")
                typed=crate::shared::typed(&feedback, "message").unwrap_or_default()/>
        </section>
    }
}

/// `/studio/bookings/{id}`: the maker's page of one booking's conversation.
#[component]
pub fn StudioBookingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let thread = Resource::new(id, |id| load_booking_thread(id, String::new()));
    view! {
        <PrivateTitle title="Messages about a consultation"/>
        {when_loaded(thread, Some("booking"), |thread, feedback| view! {
            <section class="form-page">
                <p><a href="/studio/bookings">"All your bookings"</a></p>
                <h1>{format!("Messages with {}", thread.with)}</h1>
                <p>{thread.about.clone()}</p>
                <FeedbackMessage feedback=feedback.clone()/>
                <BookingMessages thread key=None feedback/>
            </section>
        }, error_page)}
    }
}
