//! What the order pages show, as the browser gets it.

use super::{Delivery, OrderStatus, SalesTerms, Shipment};
use crate::shared::Money;
use serde::{Deserialize, Serialize};

/// The checkout page of one piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub piece_slug: String,
    pub piece_title: String,
    pub maker_name: String,
    pub price: Money,
    /// "Number 3 of 10", for a limited edition.
    pub edition: Option<String>,
    pub terms: SalesTerms,
    pub signed_in: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i64,
    pub reference: String,
    pub piece_slug: String,
    pub piece_title: String,
    pub maker_name: String,
    pub maker_slug: String,
    pub as_maker: bool,
    pub status: OrderStatus,
    /// What the status means for the viewer, in a sentence.
    pub status_text: String,
    pub edition: Option<String>,
    pub price: Money,
    pub delivery_fee: Money,
    pub total: Money,
    pub delivery: Delivery,
    pub terms: SalesTerms,
    pub shipment: Option<Shipment>,
    /// The steps the viewer can take now, by their action slugs.
    pub actions: Vec<String>,
    /// What happened when: (`YYYY-MM-DD HH:MM UTC`, what).
    pub timeline: Vec<(String, String)>,
    /// The piece's passport, once it is the buyer's.
    pub passport: Option<String>,
    /// The card form, for a buyer paying by card.
    pub card: Option<crate::payments::CardCheckout>,
    /// The key a guest opened the page with, which its forms carry.
    pub key: Option<String>,
    /// A guest who hasn't confirmed their address yet: the page asks them to.
    pub confirm_email: bool,
}

/// One line of a list of orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i64,
    pub reference: String,
    pub piece_title: String,
    /// The maker, for the buyer; the name it goes to, for the maker.
    pub other_side: String,
    pub status: String,
    pub total: Money,
    pub placed_on: String,
    pub waiting_for_you: bool,
}

/// A piece the buyer bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedPiece {
    pub order: i64,
    pub piece_slug: String,
    pub piece_title: String,
    pub maker_name: String,
    pub bought_on: String,
    pub edition: Option<String>,
    pub passport: Option<String>,
}

/// "Number 3 of 10".
pub fn edition_text((number, of): (u32, u32)) -> String {
    format!("Number {number} of {of}")
}
