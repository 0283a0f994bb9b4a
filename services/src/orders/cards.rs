//! An order paid by card: the payment intent started (once) for the order's
//! total, its state asked of the processor, the processor's word acted on —
//! the order paid over the status it had, or, when the order is over, the money
//! given back whole — and the card payments whose word never came asked about.

use super::desk::OrderDesk;
use super::{OrderAction, OrderId, OrderRecord, Side, decide, letters};
use crate::ServiceError;
use crate::payments::{
    CardIntent, CardPayments, NewPayment, PaymentMethod, PaymentRequest, PaymentStatus,
    pending_card,
};
use crate::store::{Conflict, StoreError};
use jiff::SignedDuration;

impl OrderDesk<'_> {
    /// Gives `minor` of `payment` back the way it came: through the card
    /// processor (once per payment, by its key), or as the maker records it.
    pub(super) async fn give_back(
        &self,
        payment: &crate::payments::Payment,
        minor: i64,
    ) -> Result<(), ServiceError> {
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
            _ => self.payments.refund(payment, minor).await,
        };
        outcome.map_err(|error| ServiceError::Conflict(error.to_string()))
    }

    /// Starts the order's card payment with the processor (the same one again
    /// when the buyer presses the button twice) and keeps it pending.
    pub(super) async fn start_card_payment(
        &self,
        order: &OrderRecord,
    ) -> Result<CardIntent, ServiceError> {
        let cards = self.cards.ok_or_else(|| {
            ServiceError::Invalid(
                "Card payments aren't available here: please pay by bank transfer.".into(),
            )
        })?;
        // Our own check first: a test processor may not keep idempotency keys.
        if let Some(reference) = self
            .pending_card_payment(order)
            .await?
            .and_then(|payment| payment.reference)
        {
            return cards
                .check(&reference)
                .await
                .map_err(|error| ServiceError::Conflict(error.to_string()));
        }
        let request = PaymentRequest {
            purpose: order.id.purpose(),
            amount: order.total(),
            method: PaymentMethod::Card,
            idempotency_key: format!("{}-card", order.id.purpose()),
        };
        let intent = cards
            .start(&request)
            .await
            .map_err(|error| ServiceError::Conflict(error.to_string()))?;
        let pending = NewPayment {
            request,
            status: PaymentStatus::Pending,
            reference: Some(intent.reference.clone()),
            at: self.now,
        };
        match self.payment_records.add_payment(&pending).await {
            Ok(()) | Err(StoreError::Duplicate(Conflict::Payment)) => Ok(intent),
            Err(error) => Err(error.into()),
        }
    }

    /// Where the order's card payment stands with the processor, once the buyer
    /// started one; `None` before that, or while the processor can't be asked
    /// (the page then offers to start again, which finds the same payment).
    pub(super) async fn card_intent(
        &self,
        order: &OrderRecord,
        cards: &dyn CardPayments,
    ) -> Result<Option<CardIntent>, ServiceError> {
        let Some(reference) = self
            .pending_card_payment(order)
            .await?
            .and_then(|payment| payment.reference)
        else {
            return Ok(None);
        };
        match cards.check(&reference).await {
            Ok(intent) => Ok(Some(intent)),
            Err(error) => {
                tracing::warn!(order = order.id.0, %error, "asking about a card payment failed");
                Ok(None)
            }
        }
    }

    /// The order's card payment still waiting for the processor, if any.
    pub(super) async fn pending_card_payment(
        &self,
        order: &OrderRecord,
    ) -> Result<Option<crate::payments::Payment>, ServiceError> {
        Ok(pending_card(
            self.payment_records
                .payments_for(&order.id.purpose())
                .await?,
        ))
    }

    /// The processor's word on a card payment (a webhook, or the answer when we
    /// asked): a payment that went through pays its order, or — when the order's
    /// hold lapsed meanwhile — is given back whole. Anything else changes nothing.
    pub async fn card_moved(&self, intent: &CardIntent) -> Result<(), ServiceError> {
        let Some((payment, order)) =
            crate::card_words::succeeded_payment(self.payment_records, intent, "order-").await?
        else {
            return Ok(());
        };
        let order = OrderId(order);
        let Some(order) = self.orders.order(order).await? else {
            return Ok(());
        };
        if payment.status == PaymentStatus::Pending
            && let Ok(decision) = decide(&order, Side::Processor, &OrderAction::CardPaid, self.now)
            && self.take(&order, &decision).await?
        {
            return Ok(());
        }
        // The order lapsed or was cancelled before the money arrived: nobody
        // keeps money for a piece they can't have.
        self.give_back(&payment, payment.amount.minor()).await?;
        if self
            .payment_records
            .refund_unclaimed(payment.id, self.now)
            .await?
        {
            let mail = letters::unclaimed_refund(&order, &self.links(&order).buyer);
            self.outbox
                .queue_mail(&mail.to, &mail.letter.subject, &mail.letter.body, self.now)
                .await?;
        }
        Ok(())
    }

    /// Asks the processor about card payments whose word never came (the
    /// network can fail after the charge), and acts on the answer.
    pub async fn reconcile_cards(&self) -> Result<usize, ServiceError> {
        let Some(cards) = self.cards else {
            return Ok(0);
        };
        let before = self.now - SignedDuration::from_mins(2);
        let succeeded =
            crate::card_words::unheard_successes(self.payment_records, cards, "order-", before)
                .await?;
        for intent in &succeeded {
            self.card_moved(intent).await?;
        }
        Ok(succeeded.len())
    }
}
