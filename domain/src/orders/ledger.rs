//! What each payment owes whom, as double entries that sum to zero: the money
//! is where it was paid (with the maker, for a payment they recorded; with the
//! card processor, for a card), the maker is owed the price less the
//! platform's fee plus the delivery, and the platform its fee. A refund reverses
//! the sale's lines. Payouts are not made here: the ledger says what is owed.

use super::OrderRecord;
use crate::payments::PaymentMethod;
use crate::shared::Currency;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerLine {
    /// `maker-12:received`, `maker-12:owed`, `card-processor`, `platform:fees`.
    pub account: String,
    /// Positive: held by this account; negative: owed by it to the others.
    pub amount_minor: i64,
    pub currency: Currency,
}

/// The platform's fee on a price, in basis points (1% = 100), rounded to the
/// nearest minor unit.
pub fn platform_fee(price_minor: i64, basis_points: u32) -> i64 {
    (price_minor * i64::from(basis_points) + 5_000) / 10_000
}

/// The lines for an order paid in full by `method`.
pub fn sale_lines(order: &OrderRecord, method: PaymentMethod) -> Vec<LedgerLine> {
    let currency = order.price.currency();
    let total = order.total_minor();
    let maker = order.maker.0;
    let held_by = match method {
        PaymentMethod::Card => "card-processor".to_owned(),
        PaymentMethod::BankTransfer | PaymentMethod::Cash => format!("maker-{maker}:received"),
    };
    let line = |account: String, amount_minor: i64| LedgerLine {
        account,
        amount_minor,
        currency,
    };
    vec![
        line(held_by, total),
        line(format!("maker-{maker}:owed"), -(total - order.fee_minor)),
        line("platform:fees".into(), -order.fee_minor),
    ]
}

/// The lines that give a sale back.
pub fn refund_lines(sale: &[LedgerLine]) -> Vec<LedgerLine> {
    sale.iter()
        .map(|line| LedgerLine {
            amount_minor: -line.amount_minor,
            ..line.clone()
        })
        .collect()
}

/// The entries (by their name) whose lines don't sum to zero in some currency.
pub fn unbalanced<'a>(entries: impl IntoIterator<Item = (&'a str, &'a LedgerLine)>) -> Vec<String> {
    let mut sums: std::collections::BTreeMap<(&str, &str), i64> = Default::default();
    for (entry, line) in entries {
        *sums.entry((entry, line.currency.code())).or_default() += line.amount_minor;
    }
    let mut off: Vec<String> = sums
        .into_iter()
        .filter(|(_, sum)| *sum != 0)
        .map(|((entry, _), _)| entry.to_owned())
        .collect();
    off.dedup();
    off
}
