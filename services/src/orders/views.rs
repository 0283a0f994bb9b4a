//! What the order pages show, for the side looking.

use super::desk::shown;
use super::{
    CardCheckout, Delivery, OrderRecord, OrderStatus, OrderSummary, OrderView, Side, edition_text,
};
use jiff::Timestamp;

/// The steps `side` can take on `order` now, by their action slugs.
fn actions(order: &OrderRecord, side: Side, now: Timestamp) -> Vec<String> {
    let hold_lasts = order.hold_until.is_some_and(|until| until > now);
    let open: &[&str] = match (side, order.status, &order.delivery) {
        (Side::Buyer, OrderStatus::Held, _) if hold_lasts && !order.email_confirmed => &["cancel"],
        (Side::Buyer, OrderStatus::Held, _) if hold_lasts => &["pay-by-transfer", "cancel"],
        (Side::Buyer, OrderStatus::AwaitingPayment, _) => &["cancel"],
        (Side::Buyer, OrderStatus::Shipped, _) => &["received"],
        (Side::Maker, OrderStatus::AwaitingPayment, _) => &["record-payment", "cancel"],
        (Side::Maker, OrderStatus::Paid, Delivery::Post(_)) => &["ship", "refund"],
        (Side::Maker, OrderStatus::Paid, Delivery::Collection) => &["collected", "refund"],
        _ => &[],
    };
    open.iter().map(|action| (*action).to_owned()).collect()
}

/// What the status means for the viewer, in a sentence.
fn status_text(order: &OrderRecord, side: Side, now: Timestamp) -> String {
    let until = order.hold_until.map(shown).unwrap_or_default();
    let ended = order.hold_until.is_some_and(|until| until <= now);
    match (order.status, side) {
        (OrderStatus::Held | OrderStatus::AwaitingPayment, _) if ended => {
            "The hold on this piece has ended: it may be bought by someone else.".into()
        }
        (OrderStatus::Held, _) if !order.email_confirmed => format!(
            "The piece is held for you until {until}: please confirm your email address to choose how to pay."
        ),
        (OrderStatus::Held, _) => format!("The piece is held for you until {until}."),
        (OrderStatus::AwaitingPayment, Side::Buyer) => format!(
            "Waiting for your bank transfer: the piece is held for you until {until}."
        ),
        (OrderStatus::AwaitingPayment, _) => format!(
            "Waiting for the buyer's bank transfer; the piece is held for them until {until}."
        ),
        (OrderStatus::Paid, Side::Buyer) => match order.delivery {
            Delivery::Post(_) => "Paid: the maker will send it.".into(),
            Delivery::Collection => "Paid: the maker will arrange the collection.".into(),
        },
        (OrderStatus::Paid, _) => match order.delivery {
            Delivery::Post(_) => "Paid: please send it and record the carrier.".into(),
            Delivery::Collection => {
                "Paid: please mark it collected once it is handed over.".into()
            }
        },
        (OrderStatus::Shipped, Side::Buyer) => {
            "Sent: please confirm once it has arrived. The order completes by itself 14 days after it was sent.".into()
        }
        (OrderStatus::Shipped, _) => "Sent: waiting for the buyer to confirm it arrived.".into(),
        (OrderStatus::Completed, _) => "Complete: the piece is with its new owner.".into(),
        (OrderStatus::Cancelled, _) => "Cancelled before payment.".into(),
        (OrderStatus::Lapsed, _) => {
            "Lapsed: no payment was recorded before the hold ended.".into()
        }
        (OrderStatus::Refunded, _) => "Cancelled after payment, and refunded.".into(),
    }
}

fn timeline(order: &OrderRecord) -> Vec<(String, String)> {
    let mut happened = vec![(shown(order.created_at), "Ordered".to_owned())];
    if let Some(paid) = order.paid_at {
        happened.push((shown(paid), "Paid".into()));
    }
    if let Some(sent) = order.shipped_at {
        happened.push((shown(sent), "Sent".into()));
    }
    if let Some(closed) = order.closed_at {
        happened.push((shown(closed), order.status.label().into()));
    }
    happened
}

/// The order's page for `side`; `cards` when card payments are on, with the
/// card form once the buyer started paying by card.
pub(super) fn page(
    order: &OrderRecord,
    side: Side,
    passport: Option<String>,
    (cards, card): (bool, Option<CardCheckout>),
    key: Option<&str>,
    now: Timestamp,
) -> OrderView {
    let mut actions = actions(order, side, now);
    if cards && card.is_none() && actions.iter().any(|action| action == "pay-by-transfer") {
        actions.insert(0, "pay-by-card".into());
    }
    OrderView {
        id: order.id.0,
        reference: order.id.reference(),
        piece_slug: order.piece_slug.clone(),
        piece_title: order.piece_title.clone(),
        maker_name: order.maker_name.clone(),
        maker_slug: order.maker_slug.clone(),
        as_maker: side == Side::Maker,
        status: order.status,
        status_text: status_text(order, side, now),
        edition: order.edition.map(edition_text),
        price: order.price,
        delivery_fee: order.delivery_fee,
        total: order.total(),
        delivery: order.delivery.clone(),
        terms: order.terms.clone(),
        shipment: order.shipment.clone(),
        actions,
        timeline: timeline(order),
        passport,
        card,
        key: key.map(str::to_owned),
        confirm_email: side == Side::Buyer
            && !order.email_confirmed
            && order.status == OrderStatus::Held
            && order.hold_until.is_some_and(|until| until > now),
    }
}

pub(super) fn summary(order: &OrderRecord, side: Side, now: Timestamp) -> OrderSummary {
    OrderSummary {
        id: order.id.0,
        reference: order.id.reference(),
        piece_title: order.piece_title.clone(),
        other_side: match side {
            Side::Maker => order.buyer_name.clone(),
            Side::Buyer | Side::Clock | Side::Processor => order.maker_name.clone(),
        },
        status: order.status.label().into(),
        total: order.total(),
        placed_on: shown(order.created_at),
        waiting_for_you: !actions(order, side, now).is_empty()
            && !matches!(
                (side, order.status),
                (Side::Buyer, OrderStatus::AwaitingPayment)
            ),
    }
}
