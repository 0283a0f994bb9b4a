//! The till's decisions over small in-memory ports: the conformance suite and
//! the card journeys against localstripe test the real ones.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use super::Till;
use crate::ServiceError;
use crate::payments::{
    CardForm, CardIntent, CardPayments, CardState, Collected, LedgerLine, NewPayment, Payment,
    PaymentError, PaymentId, PaymentMethod, PaymentRequest, PaymentStatus, PaymentStore, Payments,
};
use crate::shared::{Currency, Money};
use crate::store::{Conflict, StoreError};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use std::sync::Mutex;

fn at(minutes: i64) -> Timestamp {
    Timestamp::UNIX_EPOCH + SignedDuration::from_mins(minutes)
}

fn pounds(major: i64) -> Money {
    Money::from_minor(major * 100, Currency::GBP).unwrap()
}

/// Payments kept in a list, an idempotency key at most once.
#[derive(Default)]
struct Kept(Mutex<Vec<Payment>>);

impl Kept {
    fn with(payments: Vec<Payment>) -> Self {
        Kept(Mutex::new(payments))
    }
}

#[async_trait]
impl PaymentStore for Kept {
    async fn payments_for(&self, purpose: &str) -> Result<Vec<Payment>, StoreError> {
        let kept = self.0.lock().unwrap();
        Ok(kept
            .iter()
            .filter(|p| p.purpose == purpose)
            .cloned()
            .collect())
    }

    async fn ledger_entry(&self, _entry: &str) -> Result<Vec<LedgerLine>, StoreError> {
        Ok(Vec::new())
    }

    async fn add_payment(&self, payment: &NewPayment) -> Result<(), StoreError> {
        let mut kept = self.0.lock().unwrap();
        let key = &payment.request.idempotency_key;
        if kept.iter().any(|p| &p.idempotency_key == key) {
            return Err(StoreError::Duplicate(Conflict::Payment));
        }
        let id = PaymentId(kept.len() as i64 + 1);
        kept.push(Payment {
            id,
            purpose: payment.request.purpose.clone(),
            idempotency_key: key.clone(),
            amount: payment.request.amount,
            method: payment.request.method,
            status: payment.status,
            refunded_minor: 0,
            reference: payment.reference.clone(),
            created_at: payment.at,
        });
        Ok(())
    }

    async fn payment_by_reference(&self, reference: &str) -> Result<Option<Payment>, StoreError> {
        let kept = self.0.lock().unwrap();
        Ok(kept
            .iter()
            .find(|p| p.reference.as_deref() == Some(reference))
            .cloned())
    }

    async fn unsettled_card_payments(&self, before: Timestamp) -> Result<Vec<Payment>, StoreError> {
        let kept = self.0.lock().unwrap();
        Ok(kept
            .iter()
            .filter(|p| {
                p.method == PaymentMethod::Card
                    && p.status == PaymentStatus::Pending
                    && p.created_at < before
            })
            .cloned()
            .collect())
    }

    async fn refund_unclaimed(
        &self,
        _payment: PaymentId,
        _at: Timestamp,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    async fn event_seen(&self, _id: &str) -> Result<bool, StoreError> {
        Ok(false)
    }

    async fn record_event(&self, _id: &str, _at: Timestamp) -> Result<(), StoreError> {
        Ok(())
    }
}

/// A card processor whose payments are in the state `state`, noting what it
/// is asked to start and give back.
struct Processor {
    state: CardState,
    started: Mutex<Vec<String>>,
    refunds: Mutex<Vec<(String, i64, String)>>,
}

impl Processor {
    fn answering(state: CardState) -> Self {
        Processor {
            state,
            started: Mutex::default(),
            refunds: Mutex::default(),
        }
    }

    fn intent(&self, reference: &str) -> CardIntent {
        CardIntent {
            reference: reference.into(),
            client_secret: format!("{reference}_secret"),
            state: self.state.clone(),
        }
    }
}

#[async_trait]
impl CardPayments for Processor {
    fn form(&self) -> CardForm {
        CardForm {
            publishable_key: "pk_test".into(),
            script: "https://js.example/v3".into(),
        }
    }

    async fn start(&self, request: &PaymentRequest) -> Result<CardIntent, PaymentError> {
        self.started
            .lock()
            .unwrap()
            .push(request.idempotency_key.clone());
        Ok(self.intent(&format!("pi_{}", request.idempotency_key)))
    }

    async fn check(&self, reference: &str) -> Result<CardIntent, PaymentError> {
        Ok(self.intent(reference))
    }

    async fn refund(&self, reference: &str, minor: i64, key: &str) -> Result<(), PaymentError> {
        self.refunds
            .lock()
            .unwrap()
            .push((reference.into(), minor, key.into()));
        Ok(())
    }
}

/// The maker's own records, noting what they are told to give back.
#[derive(Default)]
struct Recorded(Mutex<Vec<(PaymentId, i64)>>);

#[async_trait]
impl Payments for Recorded {
    async fn collect(&self, _request: &PaymentRequest) -> Result<Collected, PaymentError> {
        Ok(Collected::Succeeded { reference: None })
    }

    async fn refund(&self, payment: &Payment, minor: i64) -> Result<(), PaymentError> {
        self.0.lock().unwrap().push((payment.id, minor));
        Ok(())
    }
}

fn payment(id: i64, purpose: &str, method: PaymentMethod, status: PaymentStatus) -> Payment {
    Payment {
        id: PaymentId(id),
        purpose: purpose.into(),
        idempotency_key: format!("{purpose}-{id}"),
        amount: pounds(120),
        method,
        status,
        refunded_minor: 0,
        reference: (method == PaymentMethod::Card).then(|| format!("pi_{id}")),
        created_at: at(0),
    }
}

fn card_request(purpose: &str, key: &str) -> PaymentRequest {
    PaymentRequest {
        purpose: purpose.into(),
        amount: pounds(120),
        method: PaymentMethod::Card,
        idempotency_key: key.into(),
    }
}

#[tokio::test]
async fn money_goes_back_the_way_it_came() {
    let kept = Kept::default();
    let recorded = Recorded::default();
    let processor = Processor::answering(CardState::Succeeded);
    let till = Till {
        recorded: &recorded,
        cards: Some(&processor),
        records: &kept,
    };
    let by_card = payment(3, "order-7", PaymentMethod::Card, PaymentStatus::Succeeded);
    let by_transfer = payment(
        4,
        "order-8",
        PaymentMethod::BankTransfer,
        PaymentStatus::Succeeded,
    );
    till.give_back(&by_card, 5_000).await.unwrap();
    till.give_back(&by_transfer, 2_500).await.unwrap();
    assert_eq!(
        *processor.refunds.lock().unwrap(),
        [("pi_3".to_owned(), 5_000, "order-7-refund-3".to_owned())],
        "a card payment goes back through the processor, under a key of its own"
    );
    assert_eq!(*recorded.0.lock().unwrap(), [(PaymentId(4), 2_500)]);

    let without_cards = Till::recorded_by_maker(&kept);
    let refused = without_cards.give_back(&by_card, 5_000).await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Card refunds can't be made just now: please try again later."
    );
}

#[tokio::test]
async fn a_card_payment_is_started_once_and_only_where_cards_are_taken() {
    let kept = Kept::default();
    let processor = Processor::answering(CardState::AwaitingCard);
    let till = Till {
        cards: Some(&processor),
        ..Till::recorded_by_maker(&kept)
    };
    let first = till
        .start_card(card_request("order-7", "order-7-card"), at(0))
        .await
        .unwrap();
    let again = till
        .start_card(card_request("order-7", "order-7-card"), at(1))
        .await
        .unwrap();
    assert_eq!(first.reference, again.reference);
    let kept_for_it = till.records.payments_for("order-7").await.unwrap();
    assert_eq!(
        kept_for_it.len(),
        1,
        "one payment kept, however often it starts"
    );
    assert_eq!(kept_for_it[0].status, PaymentStatus::Pending);
    let (pending, intent) = till.pending_intent("order-7").await.unwrap().unwrap();
    assert_eq!(pending.id, kept_for_it[0].id);
    assert_eq!(intent.state, CardState::AwaitingCard);
    assert!(till.pending_intent("order-8").await.unwrap().is_none());

    let without_cards = Till::recorded_by_maker(&kept);
    assert_eq!(
        without_cards
            .start_card(card_request("order-9", "order-9-card"), at(0))
            .await
            .unwrap_err(),
        ServiceError::Invalid(
            "Card payments aren't available here: please pay by bank transfer.".into()
        )
    );
    assert!(
        without_cards
            .pending_intent("order-7")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_processor_s_word_is_matched_to_the_payment_it_is_about() {
    let kept = Kept::with(vec![
        payment(1, "order-7", PaymentMethod::Card, PaymentStatus::Pending),
        payment(
            2,
            "commission-3",
            PaymentMethod::Card,
            PaymentStatus::Pending,
        ),
        payment(3, "order-9", PaymentMethod::Card, PaymentStatus::Succeeded),
    ]);
    let succeeded = Processor::answering(CardState::Succeeded);
    let till = Till {
        cards: Some(&succeeded),
        ..Till::recorded_by_maker(&kept)
    };
    let word = |reference: &str| succeeded.intent(reference);
    let (found, order) = till
        .succeeded_payment(&word("pi_1"), "order-")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.id, order), (PaymentId(1), 7));
    let waiting = Processor::answering(CardState::AwaitingCard).intent("pi_1");
    for (intent, why) in [
        (
            word("pi_2"),
            "a commission's payment is left to the commissions",
        ),
        (word("pi_3"), "settled already"),
        (word("pi_unknown"), "not ours"),
        (waiting, "not through"),
    ] {
        let matched = till.succeeded_payment(&intent, "order-").await.unwrap();
        assert!(matched.is_none(), "{why}");
    }

    // Asked about when the webhook never came: a while after they started,
    // only the desk's own, only those the processor says went through.
    let unheard = till.unheard_successes("order-", at(1)).await.unwrap();
    assert!(unheard.is_empty(), "too soon to ask");
    let unheard = till.unheard_successes("order-", at(10)).await.unwrap();
    assert_eq!(
        unheard
            .iter()
            .map(|i| i.reference.as_str())
            .collect::<Vec<_>>(),
        ["pi_1"]
    );
    let waiting = Processor::answering(CardState::AwaitingCard);
    let till_waiting = Till {
        cards: Some(&waiting),
        ..Till::recorded_by_maker(&kept)
    };
    assert!(
        till_waiting
            .unheard_successes("order-", at(10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        Till::recorded_by_maker(&kept)
            .unheard_successes("order-", at(10))
            .await
            .unwrap()
            .is_empty(),
        "nobody to ask without a processor"
    );
}

/// A processor that refuses everything, in words meant for the log only.
struct Refusing;

const PROCESSOR_DETAIL: &str = "402: No such customer: cus_internal_7";

#[async_trait]
impl CardPayments for Refusing {
    fn form(&self) -> CardForm {
        CardForm {
            publishable_key: "pk_test".into(),
            script: "https://js.example/v3".into(),
        }
    }

    async fn start(&self, _request: &PaymentRequest) -> Result<CardIntent, PaymentError> {
        Err(PaymentError::Refused(PROCESSOR_DETAIL.into()))
    }

    async fn check(&self, _reference: &str) -> Result<CardIntent, PaymentError> {
        Err(PaymentError::Unavailable(PROCESSOR_DETAIL.into()))
    }

    async fn refund(&self, _reference: &str, _minor: i64, _key: &str) -> Result<(), PaymentError> {
        Err(PaymentError::Refused(PROCESSOR_DETAIL.into()))
    }
}

#[tokio::test]
async fn the_processor_s_refusal_reaches_the_person_in_our_words_not_its_own() {
    let records = Kept::default();
    let till = Till {
        cards: Some(&Refusing),
        ..Till::recorded_by_maker(&records)
    };
    let card = payment(1, "order-1", PaymentMethod::Card, PaymentStatus::Succeeded);
    let started = till
        .start_card(card_request("order-1", "order-1-card"), at(0))
        .await
        .map(|_| ());
    let given_back = till.give_back(&card, 100).await;
    for (refused, said) in [
        (started, "Nothing was taken"),
        (given_back, "nothing has been given back yet"),
    ] {
        let Err(ServiceError::Conflict(words)) = refused else {
            panic!("refused in words: {refused:?}");
        };
        assert!(words.contains(said), "{words}");
        assert!(!words.contains("cus_internal"), "{words}");
    }
    assert!(
        records.0.lock().unwrap().is_empty(),
        "a payment the processor refused is not kept"
    );
}
