//! The till orders and commissions share: payments the maker records, the card
//! processor when one is set up, and the record of every payment. What it
//! decides is the same for both desks: whether a card can be taken, which way
//! money goes back, and which of our payments the processor's word is about.
//! Each desk acts on its own payments by what they are for (`order-…`,
//! `commission-…`) and leaves the rest.

use crate::ServiceError;
use crate::payments::{
    CardIntent, CardPayments, CardState, Collected, NewPayment, Payment, PaymentError,
    PaymentMethod, PaymentRequest, PaymentStatus, PaymentStore, Payments, RecordedByMaker,
    pending_card,
};
use crate::store::{Conflict, StoreError};
use jiff::Timestamp;

/// How long a card payment may wait for the processor's webhook before we ask.
const WEBHOOK_GRACE_MINUTES: i64 = 2;

pub struct Till<'a> {
    /// Payments the maker records as received (bank transfer, cash).
    pub recorded: &'a dyn Payments,
    /// The card processor, when one is set up.
    pub cards: Option<&'a dyn CardPayments>,
    /// Every payment, kept.
    pub records: &'a dyn PaymentStore,
}

impl<'a> Till<'a> {
    /// A till where the maker records what they receive, and no cards yet.
    pub fn recorded_by_maker(records: &'a dyn PaymentStore) -> Self {
        Till {
            recorded: &RecordedByMaker,
            cards: None,
            records,
        }
    }

    /// The card processor, or the words for a buyer when there is none.
    pub fn cards(&self) -> Result<&'a dyn CardPayments, ServiceError> {
        self.cards.ok_or_else(|| {
            ServiceError::Invalid(
                "Card payments aren't available here: please pay by bank transfer.".into(),
            )
        })
    }

    /// Takes a payment the maker records: the payment to keep, or why not.
    /// `not_through` tells the person what happens when it is still pending.
    pub async fn collect(
        &self,
        request: PaymentRequest,
        now: Timestamp,
        not_through: &str,
    ) -> Result<NewPayment, ServiceError> {
        let collected = self.recorded.collect(&request).await?;
        match collected {
            Collected::Succeeded { reference } => Ok(NewPayment {
                request,
                status: PaymentStatus::Succeeded,
                reference,
                at: now,
            }),
            Collected::Pending { .. } => Err(ServiceError::Conflict(not_through.into())),
            Collected::Failed { reason } => Err(ServiceError::Invalid(reason)),
        }
    }

    /// The card payment for `purpose` still waiting for the processor, if any.
    pub async fn pending_card(&self, purpose: &str) -> Result<Option<Payment>, ServiceError> {
        Ok(pending_card(self.records.payments_for(purpose).await?))
    }

    /// Starts a card payment with the processor and keeps it pending: the same
    /// one again when the request's idempotency key was seen already.
    pub async fn start_card(
        &self,
        request: PaymentRequest,
        now: Timestamp,
    ) -> Result<CardIntent, ServiceError> {
        let intent = self.cards()?.start(&request).await?;
        let pending = NewPayment {
            request,
            status: PaymentStatus::Pending,
            reference: Some(intent.reference.clone()),
            at: now,
        };
        match self.records.add_payment(&pending).await {
            Ok(()) | Err(StoreError::Duplicate(Conflict::Payment)) => Ok(intent),
            Err(error) => Err(error.into()),
        }
    }

    /// Where the payment for `purpose` waiting for the processor stands; `None`
    /// when there is none, or while the processor can't be asked (the page then
    /// offers to start again, which finds the same payment).
    pub async fn pending_intent(
        &self,
        purpose: &str,
    ) -> Result<Option<(Payment, CardIntent)>, ServiceError> {
        let Some(cards) = self.cards else {
            return Ok(None);
        };
        let Some(payment) = self.pending_card(purpose).await? else {
            return Ok(None);
        };
        let Some(reference) = &payment.reference else {
            return Ok(None);
        };
        match cards.check(reference).await {
            Ok(intent) => Ok(Some((payment, intent))),
            Err(error) => {
                tracing::warn!(purpose, ?error, "asking about a card payment failed");
                Ok(None)
            }
        }
    }

    /// Gives `minor` of `payment` back the way it came: through the card
    /// processor (once per payment, by its key), or as the maker records it.
    pub async fn give_back(&self, payment: &Payment, minor: i64) -> Result<(), ServiceError> {
        let outcome = match (payment.method, self.cards, &payment.reference) {
            (PaymentMethod::Card, Some(cards), Some(reference)) => {
                cards
                    .refund(
                        reference,
                        minor,
                        &format!("{}-refund-{}", payment.purpose, payment.id.0),
                    )
                    .await
            }
            (PaymentMethod::Card, _, _) => {
                return Err(ServiceError::Conflict(
                    "Card refunds can't be made just now: please try again later.".into(),
                ));
            }
            _ => self.recorded.refund(payment, minor).await,
        };
        // The payment service's own words speak of taking money, not of giving it back.
        outcome.map_err(|error| {
            ServiceError::payment_failed(
                &error,
                "The refund couldn't be made just now, so nothing has been given back yet: \
                 please try again later.",
            )
        })
    }

    /// The payment a succeeded intent is about, with the number after `prefix` in
    /// what it pays for; `None` for any other word, or a payment settled already.
    pub async fn succeeded_payment(
        &self,
        intent: &CardIntent,
        prefix: &str,
    ) -> Result<Option<(Payment, i64)>, ServiceError> {
        if intent.state != CardState::Succeeded {
            return Ok(None);
        }
        let Some(payment) = self.records.payment_by_reference(&intent.reference).await? else {
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

    /// The card payments for things under `prefix`, unsettled a while before
    /// `now`, that the processor says went through (its webhook never came: the
    /// network can fail after the charge). None without a processor.
    pub async fn unheard_successes(
        &self,
        prefix: &str,
        now: Timestamp,
    ) -> Result<Vec<CardIntent>, ServiceError> {
        let Some(cards) = self.cards else {
            return Ok(Vec::new());
        };
        let before = now - jiff::SignedDuration::from_mins(WEBHOOK_GRACE_MINUTES);
        let mut succeeded = Vec::new();
        for payment in self.records.unsettled_card_payments(before).await? {
            let (true, Some(reference)) = (payment.purpose.starts_with(prefix), &payment.reference)
            else {
                continue;
            };
            match cards.check(reference).await {
                Ok(intent) if intent.state == CardState::Succeeded => succeeded.push(intent),
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(
                        payment = payment.id.0,
                        ?error,
                        "asking about a card payment failed"
                    )
                }
            }
        }
        Ok(succeeded)
    }
}

/// The card processor's or the payment method's refusal: its own words are for
/// the operators' log, once here; the person reads what to do next.
impl From<PaymentError> for ServiceError {
    fn from(error: PaymentError) -> Self {
        ServiceError::payment_failed(&error, &error.to_string())
    }
}

impl ServiceError {
    /// Logs the payment service's own words and returns `words` for the person.
    fn payment_failed(error: &PaymentError, words: &str) -> Self {
        let (PaymentError::Unavailable(detail) | PaymentError::Refused(detail)) = error;
        tracing::warn!(%detail, "the payment service refused or couldn't be reached");
        ServiceError::Conflict(words.into())
    }
}

#[cfg(test)]
mod tests;
