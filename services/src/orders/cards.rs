//! An order paid by card: the payment intent started (once) for the order's
//! total, its state asked of the processor, the processor's word acted on —
//! the order paid over the status it had, or, when the order is over, the money
//! given back whole — and the card payments whose word never came asked about.

use super::desk::OrderDesk;
use super::{OrderAction, OrderId, OrderRecord, Side, decide, letters};
use crate::ServiceError;
use crate::payments::{CardIntent, PaymentMethod, PaymentRequest, PaymentStatus};

impl OrderDesk<'_> {
    /// Starts the order's card payment with the processor (the same one again
    /// when the buyer presses the button twice) and keeps it pending.
    pub(super) async fn start_card_payment(
        &self,
        order: &OrderRecord,
    ) -> Result<CardIntent, ServiceError> {
        let cards = self.till.cards()?;
        // Our own check first: a test processor may not keep idempotency keys.
        if let Some(reference) = self
            .till
            .pending_card(&order.id.purpose())
            .await?
            .and_then(|payment| payment.reference)
        {
            return Ok(cards.check(&reference).await?);
        }
        let request = PaymentRequest {
            purpose: order.id.purpose(),
            amount: order.total(),
            method: PaymentMethod::Card,
            idempotency_key: format!("{}-card", order.id.purpose()),
        };
        self.till.start_card(request, self.now).await
    }

    /// The processor's word on a card payment (a webhook, or the answer when we
    /// asked): a payment that went through pays its order, or — when the order's
    /// hold lapsed meanwhile — is given back whole. Anything else changes nothing.
    pub async fn card_moved(&self, intent: &CardIntent) -> Result<(), ServiceError> {
        let Some((payment, order)) = self.till.succeeded_payment(intent, "order-").await? else {
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
        self.till
            .give_back(&payment, payment.amount.minor())
            .await?;
        if self
            .till
            .records
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

    /// Asks the processor about card payments whose word never came, and acts
    /// on the answer.
    pub async fn reconcile_cards(&self) -> Result<usize, ServiceError> {
        let succeeded = self.till.unheard_successes("order-", self.now).await?;
        for intent in &succeeded {
            self.card_moved(intent).await?;
        }
        Ok(succeeded.len())
    }
}
