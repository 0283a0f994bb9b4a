//! An order's payment in the ledger: its total paid to the maker, of which the
//! order's fee is the platform's (see `payments::ledger`).

use super::OrderRecord;
use crate::payments::{LedgerLine, PaymentMethod, payment_lines};

/// The lines for an order paid in full by `method`.
pub fn sale_lines(order: &OrderRecord, method: PaymentMethod) -> Vec<LedgerLine> {
    payment_lines(
        order.maker,
        order.total_minor(),
        order.fee_minor,
        order.price.currency(),
        method,
    )
}
