//! The orders port: holds taken under the database's guard, orders moved only
//! from the status the page showed, each payment, refund and ledger entry
//! written in the same transaction as the step it belongs to.

use super::{Delivery, LedgerLine, OrderId, OrderStatus, SalesTerms};
use crate::payments::PaymentChanges;
use crate::provenance::Disclosure;
use crate::shared::{AccountId, MakerId, Money, PieceId, StoreError};
use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: String,
    /// Blank when the carrier gave none.
    pub tracking: String,
}

/// Who buys: someone signed in, or a guest whose address is confirmed by the
/// link emailed to it before anything is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderBuyer {
    Account(AccountId),
    Guest {
        name: String,
        /// As parsed (trimmed, lower-case): one guest's holds are counted together.
        email: String,
    },
}

/// What a checkout's hold came to: a new order, or the buyer's own hold
/// still running, given again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    New(OrderId),
    Again(OrderId),
}

impl Held {
    pub fn id(self) -> OrderId {
        match self {
            Held::New(id) | Held::Again(id) => id,
        }
    }
}

/// A hold to take on one unit of a piece.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub piece: PieceId,
    pub maker: MakerId,
    pub buyer: OrderBuyer,
    /// How many units the piece has in all; the hold takes the lowest free one.
    pub units: u32,
    /// The piece's edition, when it is a limited one: (the first number for sale, of).
    pub edition: Option<(u32, u32)>,
    pub price: Money,
    pub delivery_fee: Money,
    /// The platform's fee on the price, in minor units.
    pub fee_minor: i64,
    pub delivery: Delivery,
    pub terms: SalesTerms,
    pub hold_until: Timestamp,
    pub at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRecord {
    pub id: OrderId,
    pub piece: PieceId,
    pub piece_slug: String,
    pub piece_title: String,
    pub maker: MakerId,
    pub maker_name: String,
    pub maker_slug: String,
    /// Where the maker's mail goes; `None` for a studio without an account.
    pub maker_email: Option<String>,
    /// `None` for a guest.
    pub buyer: Option<AccountId>,
    pub buyer_name: String,
    pub buyer_email: String,
    /// Whether the buyer's address is known to be theirs: always for an account,
    /// for a guest once they followed the emailed link. Until then the order
    /// sends them nothing else and can't be paid.
    pub email_confirmed: bool,
    pub unit: u32,
    /// (number, of) for a unit of a limited edition.
    pub edition: Option<(u32, u32)>,
    pub price: Money,
    pub delivery_fee: Money,
    pub fee_minor: i64,
    pub delivery: Delivery,
    /// The studio's terms as they were when the order was placed.
    pub terms: SalesTerms,
    pub status: OrderStatus,
    pub hold_until: Option<Timestamp>,
    pub shipment: Option<Shipment>,
    pub created_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub shipped_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
}

impl OrderRecord {
    /// The price and the delivery, in minor units.
    pub fn total_minor(&self) -> i64 {
        self.price.minor() + self.delivery_fee.minor()
    }

    pub fn total(&self) -> Money {
        Money::from_minor(self.total_minor(), self.price.currency()).unwrap_or(self.price)
    }
}

/// A step saved over the status the page showed.
#[derive(Clone, Debug)]
pub struct OrderChange {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub hold_until: Option<Timestamp>,
    pub shipment: Option<Shipment>,
    /// What the step pays, settles or gives back.
    pub money: PaymentChanges,
    pub at: Timestamp,
}

impl OrderChange {
    /// A step that brings nothing but its new status.
    pub fn plain(from: OrderStatus, to: OrderStatus, at: Timestamp) -> Self {
        OrderChange {
            from,
            to,
            hold_until: None,
            shipment: None,
            money: PaymentChanges::default(),
            at,
        }
    }
}

/// What the checkout needs of a published piece.
#[derive(Clone, Debug)]
pub struct PieceForSale {
    pub piece: PieceId,
    pub slug: String,
    pub title: String,
    pub maker: MakerId,
    pub maker_name: String,
    /// `None` for a piece made to order.
    pub price: Option<Money>,
    pub disclosure: Option<Disclosure>,
    /// Units sold (paid for) so far.
    pub sold_units: u32,
    /// The studio's terms of sale; `None` until it has written them.
    pub terms: Option<SalesTerms>,
}

#[async_trait]
pub trait OrderStore: Send + Sync {
    async fn sales_terms(&self, maker: MakerId) -> Result<Option<SalesTerms>, StoreError>;

    /// Writes the studio's terms; the catalogue version moves, since its pieces'
    /// pages show whether they can be bought.
    async fn set_sales_terms(
        &self,
        maker: MakerId,
        terms: &SalesTerms,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// A published piece of a published maker, as the checkout needs it.
    async fn piece_for_sale(&self, slug: &str) -> Result<Option<PieceForSale>, StoreError>;

    /// Holds the lowest free unit of the piece for the buyer: holds that ended
    /// are freed first, and the buyer's own hold still running (an account's,
    /// or a guest's by their address) is returned again.
    /// `Duplicate(Conflict::PieceTaken)` when every unit is held or sold.
    async fn hold_piece(&self, order: &NewOrder) -> Result<Held, StoreError>;

    /// How many holds still running at `now` the buyer has on pieces other than
    /// `besides`.
    async fn running_holds(
        &self,
        buyer: &OrderBuyer,
        besides: PieceId,
        now: Timestamp,
    ) -> Result<u32, StoreError>;

    /// A guest followed their emailed link while the hold still ran: `false`
    /// when it had ended, or the address was confirmed already.
    async fn confirm_order_email(&self, id: OrderId, now: Timestamp) -> Result<bool, StoreError>;

    async fn order(&self, id: OrderId) -> Result<Option<OrderRecord>, StoreError>;

    /// The buyer's orders, newest first: the account's own, and the orders a
    /// guest placed under `guest_address` and confirmed from it.
    async fn buyer_orders(
        &self,
        buyer: AccountId,
        guest_address: Option<&str>,
    ) -> Result<Vec<OrderRecord>, StoreError>;

    /// The studio's orders, newest first, without holds still at the checkout.
    async fn maker_orders(&self, maker: MakerId) -> Result<Vec<OrderRecord>, StoreError>;

    /// Saves `change` if the order is still at `change.from`; `false` when it
    /// moved meanwhile. A step into or out of a sale moves the catalogue version.
    async fn move_order(&self, id: OrderId, change: &OrderChange) -> Result<bool, StoreError>;

    /// Orders time moves on: holds ended before `now` and orders sent before
    /// `sent_before`.
    async fn orders_due(
        &self,
        now: Timestamp,
        sent_before: Timestamp,
    ) -> Result<Vec<OrderRecord>, StoreError>;

    /// Every ledger line, with the name of its entry, in the order written.
    async fn ledger(&self) -> Result<Vec<(String, LedgerLine)>, StoreError>;
}
