//! `/webhooks/stripe`: Stripe's word on card payments. Only a body signed with
//! the webhook secret within five minutes is read (so it is exempt from the
//! same-site check every other post passes); each event is acted on once, by
//! its id, and acting on it is itself idempotent (an order is paid only over the
//! status it had), so a replay or two servers receiving it change nothing more.

use super::AppState;
use crate::stripe::{Stripe, intent_of, verify_signature};
use app::store::Store;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::sync::Arc;

pub const STRIPE_WEBHOOK_PATH: &str = "/webhooks/stripe";

/// Stripe's events are a few kilobytes.
const MAX_EVENT_BYTES: usize = 256 * 1024;

#[derive(Clone)]
struct WebhookState {
    store: Arc<dyn Store>,
    stripe: Arc<Stripe>,
    notary: Arc<dyn app::provenance::Notary>,
    link_keys: Arc<dyn app::booking::links::LinkKeys>,
    site: String,
    platform_fee: app::orders::PlatformFee,
}

/// The webhook's route, when card payments are on.
pub fn routes(state: &AppState) -> Router {
    let Some(stripe) = state.cards.clone() else {
        return Router::new();
    };
    Router::new()
        .route(STRIPE_WEBHOOK_PATH, post(stripe_event))
        .with_state(WebhookState {
            store: state.store.clone(),
            stripe,
            notary: state.notary.clone(),
            link_keys: state.link_keys.clone(),
            site: state.public_base_url.clone(),
            platform_fee: state.platform_fee,
        })
        .layer(DefaultBodyLimit::max(MAX_EVENT_BYTES))
}

fn answer(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn stripe_event(
    State(state): State<WebhookState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = jiff::Timestamp::now();
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if let Err(error) = verify_signature(
        signature,
        &body,
        state.stripe.webhook_secret(),
        now.as_second(),
    ) {
        tracing::warn!(%error, "refused a Stripe webhook");
        return answer(StatusCode::BAD_REQUEST, "The signature doesn't verify.");
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return answer(StatusCode::BAD_REQUEST, "The event isn't JSON.");
    };
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return answer(StatusCode::BAD_REQUEST, "The event has no id or type.");
    };
    // A failure answers 503, so Stripe sends the event again later.
    let busy = |error: &dyn std::fmt::Display| {
        tracing::error!(event = id, %error, "a Stripe event couldn't be acted on");
        answer(
            StatusCode::SERVICE_UNAVAILABLE,
            "Please send it again later.",
        )
    };
    match state.store.event_seen(id).await {
        Ok(true) => return answer(StatusCode::OK, "Already acted on."),
        Ok(false) => {}
        Err(error) => return busy(&error),
    }
    if kind.starts_with("payment_intent.")
        && let Some(intent) = intent_of(&event["data"]["object"])
    {
        let mut desk = services::orders::desk::OrderDesk::new(
            state.store.as_ref(),
            state.notary.as_ref(),
            state.link_keys.as_ref(),
            state.platform_fee.0,
            &state.site,
            now,
        );
        desk.till.cards = Some(state.stripe.as_ref());
        let mut commissions = services::commissions::desk::CommissionDesk::new(
            state.store.as_ref(),
            state.notary.as_ref(),
            state.platform_fee.0,
            &state.site,
            now,
        );
        commissions.till.cards = Some(state.stripe.as_ref());
        // Each desk acts on its own payments (by what they pay for) and leaves the rest.
        if let Err(error) = desk.card_moved(&intent).await {
            return busy(&error);
        }
        if let Err(error) = commissions.card_moved(&intent).await {
            return busy(&error);
        }
    }
    match state.store.record_event(id, now).await {
        Ok(()) => answer(StatusCode::OK, "Thank you."),
        Err(error) => busy(&error),
    }
}
