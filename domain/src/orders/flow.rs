//! Who may move an order where. Every step is decided here on the order as the
//! page showed it, then saved only over that status (see `OrderChange`).

use super::{
    COMPLETES_AFTER_DAYS, Delivery, HOLD_MINUTES, OrderRecord, OrderStatus, Shipment, TRANSFER_DAYS,
};
use crate::payments::PaymentMethod;
use jiff::{SignedDuration, Timestamp};

/// Who acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Buyer,
    Maker,
    /// Time passing: holds ending, sent orders completing.
    Clock,
    /// The card processor's word that a card payment went through.
    Processor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderAction {
    /// The buyer will pay by bank transfer: the hold lasts while the money travels.
    PayByTransfer,
    /// The buyer pays by card: the hold starts again while they fill in the card form.
    PayByCard,
    /// The card processor took the money.
    CardPaid,
    /// The maker received the money themselves.
    RecordPayment(PaymentMethod),
    Ship(Shipment),
    /// Handed over at the studio.
    Collected,
    Received,
    /// Stopped before payment.
    Cancel,
    /// Stopped after payment, before it was sent: the money goes back.
    Refund,
    /// The hold ended unpaid.
    Lapse,
    /// Sent long enough ago.
    Complete,
}

impl OrderAction {
    /// The actions a page's form names, by the `action` it posts.
    pub fn slug(&self) -> &'static str {
        match self {
            OrderAction::PayByTransfer => "pay-by-transfer",
            OrderAction::PayByCard => "pay-by-card",
            OrderAction::CardPaid => "card-paid",
            OrderAction::RecordPayment(_) => "record-payment",
            OrderAction::Ship(_) => "ship",
            OrderAction::Collected => "collected",
            OrderAction::Received => "received",
            OrderAction::Cancel => "cancel",
            OrderAction::Refund => "refund",
            OrderAction::Lapse => "lapse",
            OrderAction::Complete => "complete",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderRefusal {
    /// Nothing the other side (or a stranger) may do.
    #[error("That is for the other side of the order.")]
    OtherSide,
    #[error("That can't be done while the order is {}.", .0.label().to_lowercase())]
    NotNow(OrderStatus),
    #[error("The hold on this piece has ended: it may be bought by someone else now.")]
    HoldEnded,
    #[error("This order is to be collected, not sent.")]
    NotPosted,
    #[error("This order is to be sent, not collected.")]
    NotCollected,
    #[error("Please confirm your email address first, by the link we emailed you.")]
    AddressUnconfirmed,
}

/// Where the order goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub to: OrderStatus,
    /// The hold from now on (`None`: no hold, the piece is paid for or freed).
    pub hold_until: Option<Timestamp>,
    pub shipment: Option<Shipment>,
    pub payment: Option<PaymentMethod>,
}

/// Decides `action` by `side` on `order` at `now`.
pub fn decide(
    order: &OrderRecord,
    side: Side,
    action: &OrderAction,
    now: Timestamp,
) -> Result<Decision, OrderRefusal> {
    use OrderAction as A;
    use OrderStatus as S;
    let status = order.status;
    let hold_lasts = order.hold_until.is_some_and(|until| until > now);
    let to = |to: OrderStatus| Decision {
        to,
        hold_until: None,
        shipment: None,
        payment: None,
    };
    let allowed_side = match action {
        A::PayByTransfer | A::PayByCard | A::Received => side == Side::Buyer,
        A::CardPaid => side == Side::Processor,
        A::RecordPayment(_) | A::Ship(_) | A::Collected | A::Refund => side == Side::Maker,
        A::Cancel => matches!(side, Side::Buyer | Side::Maker),
        A::Lapse | A::Complete => side == Side::Clock,
    };
    if !allowed_side {
        return Err(OrderRefusal::OtherSide);
    }
    if matches!(action, A::PayByTransfer | A::PayByCard) && !order.email_confirmed {
        return Err(OrderRefusal::AddressUnconfirmed);
    }
    match (action, status) {
        (A::PayByTransfer, S::Held) if hold_lasts => Ok(Decision {
            hold_until: Some(now + SignedDuration::from_hours(24 * TRANSFER_DAYS)),
            ..to(S::AwaitingPayment)
        }),
        (A::PayByTransfer | A::PayByCard, S::Held) if !hold_lasts => Err(OrderRefusal::HoldEnded),
        (A::PayByCard, S::Held) => Ok(Decision {
            hold_until: Some(now + SignedDuration::from_mins(HOLD_MINUTES)),
            ..to(S::Held)
        }),
        // Saved over the status the order had: a hold that lapsed meanwhile makes
        // the payment one to give back (see the desk).
        (A::CardPaid, S::Held | S::AwaitingPayment) => Ok(Decision {
            payment: Some(PaymentMethod::Card),
            ..to(S::Paid)
        }),
        // A transfer that arrives after its hold ended is still recorded while
        // nobody else has taken the piece: saving it over the status the page
        // showed fails once another buyer's hold has lapsed this one.
        (A::RecordPayment(method), S::Held | S::AwaitingPayment) => Ok(Decision {
            payment: Some(*method),
            ..to(S::Paid)
        }),
        (A::Ship(shipment), S::Paid) => match order.delivery {
            Delivery::Post(_) => Ok(Decision {
                shipment: Some(shipment.clone()),
                ..to(S::Shipped)
            }),
            Delivery::Collection => Err(OrderRefusal::NotPosted),
        },
        (A::Collected, S::Paid) => match order.delivery {
            Delivery::Collection => Ok(to(S::Completed)),
            Delivery::Post(_) => Err(OrderRefusal::NotCollected),
        },
        (A::Received, S::Shipped) => Ok(to(S::Completed)),
        (A::Cancel, S::Held | S::AwaitingPayment) => Ok(to(S::Cancelled)),
        (A::Refund, S::Paid) => Ok(to(S::Refunded)),
        (A::Lapse, S::Held | S::AwaitingPayment) if !hold_lasts => Ok(to(S::Lapsed)),
        (A::Complete, S::Shipped)
            if order.shipped_at.is_some_and(|shipped| {
                shipped + SignedDuration::from_hours(24 * COMPLETES_AFTER_DAYS) <= now
            }) =>
        {
            Ok(to(S::Completed))
        }
        _ => Err(OrderRefusal::NotNow(status)),
    }
}

const MAX_CARRIER: usize = 80;
const MAX_TRACKING: usize = 60;

/// A step as an order page's form posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrderActionForm {
    pub order: String,
    pub action: String,
    /// The status the page showed: the step is saved only over it.
    #[serde(default)]
    pub from: String,
    /// `bank-transfer` or `cash`, for a payment the maker records.
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub tracking: String,
    /// The key from a guest's emailed link, which opens their order.
    #[serde(default)]
    pub key: String,
}

impl OrderActionForm {
    pub fn action(&self) -> Result<OrderAction, String> {
        use crate::shared::form_text;
        match self.action.trim() {
            "pay-by-transfer" => Ok(OrderAction::PayByTransfer),
            "pay-by-card" => Ok(OrderAction::PayByCard),
            "record-payment" => PaymentMethod::from_slug(&self.method)
                .filter(|method| PaymentMethod::RECORDED.contains(method))
                .map(OrderAction::RecordPayment)
                .ok_or_else(|| "Please say how the payment came: bank transfer or cash.".into()),
            "ship" => Ok(OrderAction::Ship(Shipment {
                carrier: form_text(&self.carrier, "The carrier", MAX_CARRIER, true)?,
                tracking: form_text(&self.tracking, "The tracking number", MAX_TRACKING, false)?,
            })),
            "collected" => Ok(OrderAction::Collected),
            "received" => Ok(OrderAction::Received),
            "cancel" => Ok(OrderAction::Cancel),
            "refund" => Ok(OrderAction::Refund),
            _ => Err("That isn't something an order can do.".into()),
        }
    }

    /// What was typed, to fill the form in again after a refusal.
    pub fn typed(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "carrier",
                crate::shared::first_chars(&self.carrier, MAX_CARRIER),
            ),
            (
                "tracking",
                crate::shared::first_chars(&self.tracking, MAX_TRACKING),
            ),
        ]
    }
}
