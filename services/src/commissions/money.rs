//! A commission's money: each payment taken through the `Payments` port under
//! a key of its own, its entry in the ledger, and a cancellation's refunds
//! given back through whoever took them, each reversing its share of the
//! payment's entry as it was written.

use super::desk::CommissionDesk;
use super::{Commission, CommissionRecord};
use crate::ServiceError;
use crate::payments::{
    LedgerLine, NewPayment, PaymentId, PaymentMethod, PaymentRequest, payment_lines, platform_fee,
    refund_from, refund_lines,
};

/// What a cancellation gives back out of which payment, and the ledger entries
/// (by name) that record it.
type RefundsAndLedger = (Vec<(PaymentId, i64)>, Vec<(String, Vec<LedgerLine>)>);

impl CommissionDesk<'_> {
    /// Takes a payment through the `Payments` port, under a key that makes the
    /// step's payment one payment however often it is sent.
    pub(super) async fn collect(
        &self,
        record: &CommissionRecord,
        next: &Commission,
        amount: crate::shared::Money,
        method: PaymentMethod,
    ) -> Result<NewPayment, ServiceError> {
        let request = PaymentRequest {
            purpose: record.id.purpose(),
            amount,
            method,
            idempotency_key: format!("{}-v{}", record.id.purpose(), next.version),
        };
        // A card payment moves the commission on when the processor says it
        // succeeded; until then the step doesn't happen.
        self.till
            .collect(
                request,
                self.now,
                "The payment is not through yet: the commission moves on once it is.",
            )
            .await
    }

    /// The ledger's lines for `amount` paid to the commission's maker by `method`.
    pub(super) fn payment_lines(
        &self,
        record: &CommissionRecord,
        amount: crate::shared::Money,
        method: PaymentMethod,
    ) -> Vec<LedgerLine> {
        payment_lines(
            record.maker,
            amount.minor(),
            platform_fee(amount.minor(), self.fee_basis_points),
            amount.currency(),
            method,
        )
    }

    /// Gives `minor` back out of the commission's payments, through whoever took
    /// them: what comes out of which payment, and the ledger entry of each.
    pub(super) async fn refund(
        &self,
        record: &CommissionRecord,
        minor: i64,
    ) -> Result<RefundsAndLedger, ServiceError> {
        let payments = self.till.records.payments_for(&record.id.purpose()).await?;
        let refunds = refund_from(&payments, minor);
        let mut ledger = Vec::new();
        for (id, share) in &refunds {
            if let Some(payment) = payments.iter().find(|payment| payment.id == *id) {
                self.till.give_back(payment, *share).await?;
                // Given back as it was written (the fee of its day); a payment
                // from before the ledger, as it would have been.
                let mut paid = self
                    .till
                    .records
                    .ledger_entry(&payment.idempotency_key)
                    .await?;
                if paid.is_empty() {
                    paid = self.payment_lines(record, payment.amount, payment.method);
                }
                ledger.push((
                    format!("{}-refunded", payment.idempotency_key),
                    refund_lines(&paid, *share),
                ));
            }
        }
        Ok((refunds, ledger))
    }
}
