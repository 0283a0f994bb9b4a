//! A commission's deposit and balance by card, each a payment intent of its own:
//! the buyer starts it from the commission's page, Stripe's form takes the card,
//! and Touchstone records the payment as a step of the commission on the card
//! processor's word (its webhook, the buyer's page or the clock asking) — over
//! the version it reads, so the word arriving twice records it once. A payment
//! that arrives when nothing is due any more (the commission was cancelled, or
//! the maker recorded a transfer meanwhile) is given back whole.

use super::desk::{CommissionDesk, to_page};
use super::{Action, CommissionId, CommissionRecord, NewStep, Party, Stage, letters};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::payments::{
    CardCheckout, CardIntent, CardState, Payment, PaymentChanges, PaymentMethod, PaymentRequest,
    PaymentStatus,
};
use crate::shared::{Money, Next};

/// What the commission's page shows of a card payment.
pub(super) enum CardOnPage {
    Nothing,
    /// The processor took it before its word came: recorded just now, so the
    /// page reads the commission again.
    Recorded,
    Form(CardCheckout),
}

/// What the buyer may pay by card now: the deposit while it is awaited, the
/// balance once the piece is ready.
pub fn card_due(record: &CommissionRecord) -> Option<Money> {
    let state = &record.state;
    let minor = match state.stage {
        Stage::AwaitingDeposit => state.deposit_minor() - state.paid_minor,
        Stage::Ready => state.owed_minor(),
        _ => 0,
    };
    let currency = state.currency()?;
    (minor > 0)
        .then(|| Money::from_minor(minor, currency).ok())
        .flatten()
}

impl CommissionDesk<'_> {
    /// The buyer starts paying what is due by card (the same payment again if
    /// they started it already).
    pub async fn pay_by_card(
        &self,
        viewer: Option<&StoredAccount>,
        raw_id: &str,
    ) -> Result<Next, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        if party != Party::Buyer {
            return Err(ServiceError::Forbidden);
        }
        // Said before anything is started: there may be no processor here.
        self.till.cards()?;
        let due = card_due(&record)
            .ok_or_else(|| ServiceError::Invalid("Nothing is due by card just now.".into()))?;
        let pending = self.till.pending_card(&record.id.purpose()).await?;
        if pending.is_none_or(|payment| payment.amount != due) {
            let request = PaymentRequest {
                purpose: record.id.purpose(),
                amount: due,
                method: PaymentMethod::Card,
                idempotency_key: format!(
                    "{}-card-{}",
                    record.id.purpose(),
                    record.state.paid_minor
                ),
            };
            self.till.start_card(request, self.now).await?;
        }
        Ok(to_page(
            record.id,
            format!("Please enter your card below to pay {due}."),
        ))
    }

    /// The card form for the buyer who started paying what is due; a payment the
    /// processor took before its word came is recorded first (the page then
    /// shows the commission moved on).
    pub(super) async fn card_checkout(
        &self,
        record: &CommissionRecord,
        party: Party,
    ) -> Result<CardOnPage, ServiceError> {
        let (Some(cards), Party::Buyer) = (self.till.cards, party) else {
            return Ok(CardOnPage::Nothing);
        };
        let Some((payment, intent)) = self.till.pending_intent(&record.id.purpose()).await? else {
            return Ok(CardOnPage::Nothing);
        };
        if intent.state == CardState::Succeeded {
            self.card_moved(&intent).await?;
            return Ok(CardOnPage::Recorded);
        }
        // A payment started for what is no longer due (the maker recorded a
        // transfer meanwhile) gets no form.
        if card_due(record) != Some(payment.amount) {
            return Ok(CardOnPage::Nothing);
        }
        Ok(CardOnPage::Form(CardCheckout {
            form: cards.form(),
            client_secret: intent.client_secret,
            refused: match intent.state {
                CardState::Refused(reason) => Some(reason),
                _ => None,
            },
        }))
    }

    /// The processor's word on a card payment of a commission (others are left
    /// alone): recorded as Touchstone's step, or given back whole when nothing
    /// is due any more.
    pub async fn card_moved(&self, intent: &CardIntent) -> Result<(), ServiceError> {
        let Some((payment, id)) = self.till.succeeded_payment(intent, "commission-").await? else {
            return Ok(());
        };
        let id = CommissionId(id);
        let record = self.record(id).await?;
        if payment.status == PaymentStatus::Pending
            && self.record_card_payment(&record, &payment).await?
        {
            return Ok(());
        }
        // Nothing is due any more: nobody keeps money for it.
        self.till
            .give_back(&payment, payment.amount.minor())
            .await?;
        self.till
            .records
            .refund_unclaimed(payment.id, self.now)
            .await?;
        Ok(())
    }

    /// Records `payment` as Touchstone's step over the commission's version;
    /// `false` when nothing of it is due now.
    async fn record_card_payment(
        &self,
        record: &CommissionRecord,
        payment: &Payment,
    ) -> Result<bool, ServiceError> {
        let action = Action::RecordPayment {
            amount: payment.amount,
        };
        let Ok(next) = record.state.apply(Party::Clock, &action, self.now) else {
            return Ok(false);
        };
        let step = NewStep {
            schedule: next.clock_jobs(),
            next,
            party: Party::Clock,
            action,
            note: "Paid by card.".into(),
            pictures: Vec::new(),
            money: PaymentChanges {
                settles: Some(payment.id),
                ledger: vec![(
                    payment.idempotency_key.clone(),
                    self.payment_lines(record, payment.amount, PaymentMethod::Card),
                )],
                ..PaymentChanges::default()
            },
            at: self.now,
        };
        if !self.commissions.record_step(record.id, &step, None).await? {
            return Ok(false);
        }
        let link = letters::page_link(self.site, record);
        for reader in [Party::Buyer, Party::Maker] {
            let name = match reader {
                Party::Maker => record.maker_name.as_str(),
                _ => record.buyer_name.as_str(),
            };
            self.send(
                record.email_of(reader),
                letters::clock_stepped(&step.action, name, &link),
            )
            .await?;
        }
        Ok(true)
    }

    /// Asks the processor about the commissions' card payments whose word never
    /// came, and acts on the answer.
    pub async fn reconcile_cards(&self) -> Result<usize, ServiceError> {
        let succeeded = self.till.unheard_successes("commission-", self.now).await?;
        for intent in &succeeded {
            self.card_moved(intent).await?;
        }
        Ok(succeeded.len())
    }
}
