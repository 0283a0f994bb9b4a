//! Orders for ready pieces. A buyer holds one unit of a published piece while
//! they pay (a one-of-one has one unit; a limited edition the numbers still for
//! sale); the maker is paid, sends the piece or hands it over, and the buyer has
//! it. The database refuses a second hold on a unit, so a one-of-one is sold once
//! however many buyers press Buy at the same moment.
//!
//! `flow` decides who may move an order where; `checkout` and `terms` read the
//! forms; `ledger` says what each payment owes whom; `store` is the port.

mod checkout;
mod flow;
mod ledger;
mod store;
mod terms;
#[cfg(test)]
mod tests;
mod views;

pub use crate::payments::CardCheckout;
pub use crate::payments::{LedgerLine, platform_fee, refund_lines, unbalanced};
pub use checkout::{Address, CheckoutForm, Delivery, MAX_ADDRESS_FIELD};
pub use flow::{Decision, OrderAction, OrderActionForm, OrderRefusal, Side, decide};
pub use ledger::sale_lines;
pub use store::{
    Held, NewOrder, OrderBuyer, OrderChange, OrderRecord, OrderStore, PieceForSale, Shipment,
};
pub use terms::{MAX_PAYMENT_INSTRUCTIONS, MAX_RETURNS, SalesTerms, SalesTermsForm};
pub use views::{CheckoutView, OrderSummary, OrderView, OwnedPiece, edition_text};

use serde::{Deserialize, Serialize};

/// How long a piece is held for a buyer at the checkout.
pub const HOLD_MINUTES: i64 = 15;
/// How long an order waits for a bank transfer before the piece is freed.
pub const TRANSFER_DAYS: i64 = 3;
/// A sent order completes by itself this long after it was sent.
pub const COMPLETES_AFTER_DAYS: i64 = 14;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OrderId(pub i64);

impl OrderId {
    /// What its payments are kept under.
    pub fn purpose(self) -> String {
        format!("order-{}", self.0)
    }

    /// What the buyer writes on a bank transfer, and both sides quote.
    pub fn reference(self) -> String {
        format!("TS-{:05}", self.0)
    }

    /// The id as typed into an address; `None` for anything but a positive number.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(OrderId)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrderStatus {
    /// The buyer is at the checkout: the piece is theirs until the hold ends.
    Held,
    /// The buyer chose to pay by bank transfer; the maker records it once received.
    AwaitingPayment,
    Paid,
    /// Posted by the maker.
    Shipped,
    /// Received, collected, or sent long enough ago.
    Completed,
    /// Stopped before it was paid.
    Cancelled,
    /// Its hold ended before it was paid, and the piece was freed.
    Lapsed,
    /// Stopped after it was paid, and the money given back.
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Held,
        OrderStatus::AwaitingPayment,
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Lapsed,
        OrderStatus::Refunded,
    ];

    /// As stored; the storage's unique index on a unit names the statuses that
    /// take one.
    pub fn slug(self) -> &'static str {
        match self {
            OrderStatus::Held => "held",
            OrderStatus::AwaitingPayment => "awaiting-payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Lapsed => "lapsed",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Held => "Held at the checkout",
            OrderStatus::AwaitingPayment => "Waiting for payment",
            OrderStatus::Paid => "Paid",
            OrderStatus::Shipped => "Sent",
            OrderStatus::Completed => "Complete",
            OrderStatus::Cancelled => "Cancelled",
            OrderStatus::Lapsed => "Lapsed",
            OrderStatus::Refunded => "Refunded",
        }
    }

    /// Whether the order keeps a unit of its piece from other buyers (a hold
    /// only until it ends).
    pub fn takes_unit(self) -> bool {
        matches!(
            self,
            OrderStatus::Held
                | OrderStatus::AwaitingPayment
                | OrderStatus::Paid
                | OrderStatus::Shipped
                | OrderStatus::Completed
        )
    }

    /// Whether the piece is sold to this order.
    pub fn is_sale(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid | OrderStatus::Shipped | OrderStatus::Completed
        )
    }

    /// Whether nothing more can happen to it.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            OrderStatus::Completed
                | OrderStatus::Cancelled
                | OrderStatus::Lapsed
                | OrderStatus::Refunded
        )
    }

    /// Whether it waits for the buyer's money, with a hold that ends.
    pub fn is_hold(self) -> bool {
        matches!(self, OrderStatus::Held | OrderStatus::AwaitingPayment)
    }
}
