//! What orders and commissions share about the card processor's word: which of
//! our payments a succeeded payment intent is about, and which unsettled card
//! payments the processor now says went through (asked when its webhook never
//! came). Each desk acts on its own by what the payment is for (`order-…`,
//! `commission-…`) and leaves the rest.

use crate::ServiceError;
use crate::payments::{CardIntent, CardPayments, CardState, Payment, PaymentStatus, PaymentStore};

/// The payment a succeeded intent is about, with the number after `prefix` in
/// what it pays for; `None` for any other word, or a payment settled already.
pub async fn succeeded_payment(
    records: &dyn PaymentStore,
    intent: &CardIntent,
    prefix: &str,
) -> Result<Option<(Payment, i64)>, ServiceError> {
    if intent.state != CardState::Succeeded {
        return Ok(None);
    }
    let Some(payment) = records.payment_by_reference(&intent.reference).await? else {
        return Ok(None);
    };
    let number = payment
        .purpose
        .strip_prefix(prefix)
        .and_then(|number| number.trim().parse::<i64>().ok())
        .filter(|number| *number > 0);
    Ok(number
        .filter(|_| payment.status != PaymentStatus::Succeeded)
        .map(|number| (payment, number)))
}

/// The card payments for things under `prefix`, started before `before` and not
/// settled, that the processor now says went through.
pub async fn unheard_successes(
    records: &dyn PaymentStore,
    cards: &dyn CardPayments,
    prefix: &str,
    before: jiff::Timestamp,
) -> Result<Vec<CardIntent>, ServiceError> {
    let mut succeeded = Vec::new();
    for payment in records.unsettled_card_payments(before).await? {
        let (true, Some(reference)) = (payment.purpose.starts_with(prefix), &payment.reference)
        else {
            continue;
        };
        match cards.check(reference).await {
            Ok(intent) if intent.state == CardState::Succeeded => succeeded.push(intent),
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(payment = payment.id.0, %error, "asking about a card payment failed")
            }
        }
    }
    Ok(succeeded)
}
