//! Money received for something sold on Touchstone (a commission's deposit and
//! balance, an order's price), whoever takes it, and the ledger of what each
//! payment owes whom. A payment is kept
//! from the moment it is asked for: pending while a processor works on it, then
//! succeeded or failed, and refunded in part or whole. `Payments` is how money
//! is taken (recorded by the maker, or a card processor); `PaymentStore` keeps
//! what happened, the one source of truth for every sum shown.

mod ledger;

pub use ledger::{LedgerLine, payment_lines, platform_fee, refund_lines, unbalanced};

use crate::shared::{Money, StoreError};
use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PaymentId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentStatus {
    /// Asked for; the processor hasn't said yet.
    Pending,
    Succeeded,
    Failed,
}

/// How the buyer paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentMethod {
    /// Received by the maker into their account, and recorded by them.
    BankTransfer,
    /// Handed to the maker, and recorded by them.
    Cash,
    /// Through a card processor.
    Card,
}

impl PaymentMethod {
    /// The ways a maker records a payment they received themselves.
    pub const RECORDED: [PaymentMethod; 2] = [PaymentMethod::BankTransfer, PaymentMethod::Cash];

    pub fn slug(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "bank-transfer",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [Self::BankTransfer, Self::Cash, Self::Card]
            .into_iter()
            .find(|method| method.slug() == slug.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "Bank transfer",
            PaymentMethod::Cash => "Cash",
            PaymentMethod::Card => "Card",
        }
    }
}

/// A payment to take: for what (`purpose`, such as `commission-7`), how much and
/// how, under our own idempotency key (the same request twice is one payment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRequest {
    pub purpose: String,
    pub amount: Money,
    pub method: PaymentMethod,
    pub idempotency_key: String,
}

/// What the processor answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Collected {
    Succeeded {
        reference: Option<String>,
    },
    /// The buyer still has to act (a card form, 3-D Secure): the step that waits
    /// for the money waits for the processor's word.
    Pending {
        reference: String,
    },
    Failed {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The processor couldn't be asked; nothing was taken.
    #[error("The payment service can't be reached just now. Nothing was taken: please try again.")]
    Unavailable(String),
    /// The processor answered, but refused what was asked (its words are for the log).
    #[error(
        "The payment service refused that. Nothing was taken: please try again, or pay by bank transfer."
    )]
    Refused(String),
}

/// How money is taken.
#[async_trait]
pub trait Payments: Send + Sync {
    async fn collect(&self, request: &PaymentRequest) -> Result<Collected, PaymentError>;

    /// Gives `minor` of a succeeded payment back.
    async fn refund(&self, payment: &Payment, minor: i64) -> Result<(), PaymentError>;
}

/// The embedded default, and what most small studios do today: the buyer pays
/// the maker by bank transfer or in cash, and the maker records it once received
/// (and a refund once they have sent it back).
pub struct RecordedByMaker;

#[async_trait]
impl Payments for RecordedByMaker {
    async fn collect(&self, _request: &PaymentRequest) -> Result<Collected, PaymentError> {
        Ok(Collected::Succeeded { reference: None })
    }

    async fn refund(&self, _payment: &Payment, _minor: i64) -> Result<(), PaymentError> {
        Ok(())
    }
}

/// Where the buyer's browser finds the card processor's own card form: card
/// numbers go from the browser to the processor, never through Touchstone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardForm {
    /// The processor's publishable key.
    pub publishable_key: String,
    /// The processor's script (Stripe.js).
    pub script: String,
}

/// A card payment as the processor sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardIntent {
    /// The processor's id for it (`pi_…`).
    pub reference: String,
    /// What the buyer's browser confirms it with; never stored.
    pub client_secret: String,
    pub state: CardState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CardState {
    /// Waiting for the buyer's card (or their bank's 3-D Secure check).
    AwaitingCard,
    /// The card was charged: the money is taken.
    Succeeded,
    /// The last attempt was refused (declined, failed authentication), with the
    /// processor's words; the buyer may try another card.
    Refused(String),
    /// Stopped before any money was taken.
    Canceled,
}

/// How cards are taken: a processor's payment intents (Stripe's), one per
/// thing paid for, each created under our own idempotency key.
#[async_trait]
pub trait CardPayments: Send + Sync {
    fn form(&self) -> CardForm;

    /// Starts (or, under the same key, finds again) a card payment for `request`.
    async fn start(&self, request: &PaymentRequest) -> Result<CardIntent, PaymentError>;

    /// Asks the processor where a card payment stands.
    async fn check(&self, reference: &str) -> Result<CardIntent, PaymentError>;

    /// Gives back `minor` of a succeeded card payment, once per key.
    async fn refund(
        &self,
        reference: &str,
        minor: i64,
        idempotency_key: &str,
    ) -> Result<(), PaymentError>;
}

/// What the buyer's browser needs to take their card through the processor's
/// own form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardCheckout {
    pub form: CardForm,
    pub client_secret: String,
    /// Why the last card was refused, in the processor's words.
    pub refused: Option<String>,
}

/// A payment as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    pub purpose: String,
    /// Ours, unique: the name of the ledger entry that records it, too.
    pub idempotency_key: String,
    pub amount: Money,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    /// Given back so far, in minor units of `amount`.
    pub refunded_minor: i64,
    /// The processor's id for it, if any.
    pub reference: Option<String>,
    pub created_at: Timestamp,
}

impl Payment {
    /// What is kept of it: succeeded and not refunded.
    pub fn kept_minor(&self) -> i64 {
        match self.status {
            PaymentStatus::Succeeded => self.amount.minor() - self.refunded_minor,
            PaymentStatus::Pending | PaymentStatus::Failed => 0,
        }
    }
}

/// A payment to keep: the request and what the processor answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPayment {
    pub request: PaymentRequest,
    pub status: PaymentStatus,
    pub reference: Option<String>,
    pub at: Timestamp,
}

/// What one step of an order or a commission does with money, kept in the
/// step's own transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentChanges {
    /// The payment the step records.
    pub payment: Option<NewPayment>,
    /// The pending payment (a card's) the step settles as succeeded; the whole
    /// step is refused when it is no longer pending.
    pub settles: Option<PaymentId>,
    /// The pending payment (a card's) the step gives up on: over before it was paid.
    pub abandons: Option<PaymentId>,
    /// What the step gives back, out of which payments (`refund_from`).
    pub refunds: Vec<(PaymentId, i64)>,
    /// The ledger entries of the step's payment or refunds, by their names
    /// (`order-7-paid`).
    pub ledger: Vec<(String, Vec<LedgerLine>)>,
}

/// The card payment still waiting for the processor, among one purpose's payments.
pub fn pending_card(payments: Vec<Payment>) -> Option<Payment> {
    payments.into_iter().find(|payment| {
        payment.method == PaymentMethod::Card && payment.status == PaymentStatus::Pending
    })
}

/// Which payments a refund of `minor` comes out of: the newest first, each at
/// most what is kept of it.
pub fn refund_from(payments: &[Payment], minor: i64) -> Vec<(PaymentId, i64)> {
    let mut left = minor;
    let mut newest_first: Vec<&Payment> = payments.iter().collect();
    newest_first.sort_by_key(|payment| std::cmp::Reverse((payment.created_at, payment.id)));
    newest_first
        .into_iter()
        .filter_map(|payment| {
            let share = payment.kept_minor().min(left);
            left -= share;
            (share > 0).then_some((payment.id, share))
        })
        .collect()
}

/// Where payments are kept. A payment that is taken at once is written with the
/// step it pays for (see the commission and order ports); a card payment is
/// kept pending from the moment it is started, and settled with the step.
#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// The payments for `purpose`, oldest first.
    async fn payments_for(&self, purpose: &str) -> Result<Vec<Payment>, StoreError>;

    /// The lines of one ledger entry, as written.
    async fn ledger_entry(&self, entry: &str) -> Result<Vec<LedgerLine>, StoreError>;

    /// Keeps a payment started with a processor; `Duplicate(Payment)` when its
    /// idempotency key was used already.
    async fn add_payment(&self, payment: &NewPayment) -> Result<(), StoreError>;

    /// The payment the processor knows as `reference`.
    async fn payment_by_reference(&self, reference: &str) -> Result<Option<Payment>, StoreError>;

    /// Card payments started in the day before `before` whose money hasn't
    /// arrived: pending ones, and ones given up on with their order (a buyer's
    /// open tab may still pay them). The ones to ask the processor about, in
    /// case its word never arrived.
    async fn unsettled_card_payments(&self, before: Timestamp) -> Result<Vec<Payment>, StoreError>;

    /// A payment that succeeded after what it paid for was gone (a hold that
    /// lapsed, an order cancelled): kept as succeeded and given back whole, in
    /// one write. `false` when it had succeeded already.
    async fn refund_unclaimed(&self, payment: PaymentId, at: Timestamp)
    -> Result<bool, StoreError>;

    /// Whether the processor's event `id` has been acted on already.
    async fn event_seen(&self, id: &str) -> Result<bool, StoreError>;

    /// Notes that event `id` has been acted on.
    async fn record_event(&self, id: &str, at: Timestamp) -> Result<(), StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::Currency;

    fn paid(id: i64, minor: i64, second: i64, status: PaymentStatus) -> Payment {
        Payment {
            id: PaymentId(id),
            purpose: "commission-1".into(),
            idempotency_key: format!("commission-1-{id}"),
            amount: Money::from_minor(minor, Currency::GBP).expect("an amount"),
            method: PaymentMethod::BankTransfer,
            status,
            refunded_minor: 0,
            reference: None,
            created_at: Timestamp::from_second(second).expect("a time"),
        }
    }

    #[test]
    fn a_refund_comes_out_of_the_newest_payments_first() {
        let payments = [
            paid(1, 120_000, 10, PaymentStatus::Succeeded),
            paid(2, 50_000, 20, PaymentStatus::Succeeded),
            paid(3, 90_000, 30, PaymentStatus::Failed),
        ];
        assert_eq!(
            refund_from(&payments, 80_000),
            [(PaymentId(2), 50_000), (PaymentId(1), 30_000)]
        );
        assert_eq!(refund_from(&payments, 0), []);
        assert_eq!(
            refund_from(&payments, 500_000),
            [(PaymentId(2), 50_000), (PaymentId(1), 120_000)],
            "never more than was kept"
        );
    }

    #[test]
    fn methods_round_trip_by_their_names() {
        for method in [
            PaymentMethod::BankTransfer,
            PaymentMethod::Cash,
            PaymentMethod::Card,
        ] {
            assert_eq!(PaymentMethod::from_slug(method.slug()), Some(method));
        }
        assert_eq!(PaymentMethod::from_slug("cheque"), None);
    }
}
