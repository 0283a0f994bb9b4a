//! Orders in storage: a unit of a piece is held or sold to one order at a time
//! (two hundred checkouts at once make one hold, on one server or two), an
//! edition of n sells at most n, a hold that ended frees its unit, a step is
//! saved only over the status it was decided on, and every ledger entry
//! balances.

use super::studio::{account, edit, open};
use app::orders::{
    Delivery, Held, NewOrder, OrderBuyer, OrderChange, OrderId, OrderStatus, SalesTerms,
    platform_fee, sale_lines, unbalanced,
};
use app::payments::{NewPayment, PaymentChanges, PaymentMethod, PaymentRequest, PaymentStatus};
use app::pieces::PieceStatus;
use app::provenance::Edition;
use app::shared::{Currency, Money, Slug};
use app::store::{Conflict, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap() + SignedDuration::from_mins(minute)
}

fn sek(major: i64) -> Money {
    Money::from_minor(major * 100, Currency::SEK).unwrap()
}

pub fn terms() -> SalesTerms {
    SalesTerms {
        delivery_fee: Some(sek(150)),
        collection: Some("From the studio in Gothenburg".into()),
        returns: "Within 14 days, <b>unworn</b>.".into(),
        payment_instructions: "Bankgiro 123-4567".into(),
    }
}

/// A published studio (`slug`) with one published piece, for sale under its
/// terms, in an edition of `edition`; the piece's id.
pub async fn piece_for_sale(
    store: &dyn Store,
    slug: &str,
    edition: Edition,
) -> (app::makers::MakerId, app::pieces::PieceId) {
    let maker = open(store, &format!("{slug}@example.com"), slug).await;
    store
        .set_profile_published(maker, Some(at(0)))
        .await
        .unwrap();
    let mut piece_edit = edit("Tidal band");
    piece_edit.disclosure.making.edition = edition;
    let piece = store
        .create_draft(
            maker,
            &Slug::parse(&format!("{slug}-band")).unwrap(),
            &piece_edit,
            &[],
            None,
            at(0),
        )
        .await
        .unwrap();
    store
        .set_piece_status(maker, piece, PieceStatus::Published, at(0))
        .await
        .unwrap();
    store.set_sales_terms(maker, &terms(), at(0)).await.unwrap();
    (maker, piece)
}

pub fn hold(
    maker: app::makers::MakerId,
    piece: app::pieces::PieceId,
    buyer: app::shared::AccountId,
    units: u32,
    minute: i64,
) -> NewOrder {
    NewOrder {
        piece,
        maker,
        buyer: OrderBuyer::Account(buyer),
        units,
        edition: None,
        price: sek(3_200),
        delivery_fee: sek(0),
        fee_minor: platform_fee(320_000, 800),
        delivery: Delivery::Collection,
        terms: terms(),
        hold_until: at(minute + 15),
        at: at(minute),
    }
}

fn change(from: OrderStatus, to: OrderStatus, minute: i64) -> OrderChange {
    OrderChange::plain(from, to, at(minute))
}

async fn buyers(store: &dyn Store, count: usize, name: &str) -> Vec<app::shared::AccountId> {
    let mut accounts = Vec::new();
    for n in 0..count {
        accounts.push(account(store, &format!("{name}-{n}@example.com")).await);
    }
    accounts
}

pub async fn two_hundred_checkouts_hold_a_one_of_one_once(a: &dyn Store, b: &dyn Store) {
    let _turn = crate::support::one_race_at_a_time().await;
    let (maker, piece) = piece_for_sale(a, "maya", Edition::OneOfOne).await;
    let accounts = buyers(a, 200, "buyer").await;
    let attempts = accounts.iter().enumerate().map(|(n, buyer)| {
        let store = if n % 2 == 0 { a } else { b };
        let order = hold(maker, piece, *buyer, 1, 0);
        async move { store.hold_piece(&order).await }
    });
    let outcomes = futures::future::join_all(attempts).await;
    let held = outcomes.iter().filter(|o| o.is_ok()).count();
    let taken = outcomes
        .iter()
        .filter(|o| matches!(o, Err(StoreError::Duplicate(Conflict::PieceTaken))))
        .count();
    assert_eq!(
        (held, taken),
        (1, 199),
        "{:?}",
        outcomes
            .iter()
            .find(|o| matches!(o, Err(error) if !matches!(error, StoreError::Duplicate(_))))
    );
    let order = outcomes.iter().find_map(|o| o.as_ref().ok()).unwrap();
    assert!(matches!(order, Held::New(_)));
    let record = a.order(order.id()).await.unwrap().unwrap();
    assert_eq!((record.status, record.unit), (OrderStatus::Held, 1));
    assert_eq!(record.terms, terms(), "the terms are kept with the order");
    assert_eq!(record.maker_slug, "maya");
}

pub async fn an_edition_of_n_sells_at_most_n(a: &dyn Store, b: &dyn Store) {
    let _turn = crate::support::one_race_at_a_time().await;
    let (maker, piece) = piece_for_sale(a, "ines", Edition::Limited { number: 3, of: 7 }).await;
    let accounts = buyers(a, 40, "collector").await;
    let attempts = accounts.iter().enumerate().map(|(n, buyer)| {
        let store = if n % 2 == 0 { a } else { b };
        let mut order = hold(maker, piece, *buyer, 5, 0);
        order.edition = Some((3, 7));
        async move { store.hold_piece(&order).await }
    });
    let outcomes = futures::future::join_all(attempts).await;
    let held: Vec<OrderId> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().ok().map(|held| held.id()))
        .collect();
    assert_eq!(held.len(), 5, "numbers 3 to 7: {outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|o| o.is_ok() || matches!(o, Err(StoreError::Duplicate(Conflict::PieceTaken))))
    );
    let mut numbers = Vec::new();
    for id in held {
        numbers.push(a.order(id).await.unwrap().unwrap().edition.unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, [(3, 7), (4, 7), (5, 7), (6, 7), (7, 7)]);
}

pub async fn a_hold_that_ended_frees_the_piece_and_steps_keep_to_their_status(store: &dyn Store) {
    let (maker, piece) = piece_for_sale(store, "maya", Edition::OneOfOne).await;
    let [first, second]: [_; 2] = buyers(store, 2, "buyer").await.try_into().unwrap();
    let Held::New(held) = store
        .hold_piece(&hold(maker, piece, first, 1, 0))
        .await
        .unwrap()
    else {
        panic!("a new hold")
    };
    assert_eq!(
        store
            .hold_piece(&hold(maker, piece, first, 1, 1))
            .await
            .unwrap(),
        Held::Again(held),
        "the buyer's own hold, again"
    );
    assert!(matches!(
        store.hold_piece(&hold(maker, piece, second, 1, 14)).await,
        Err(StoreError::Duplicate(Conflict::PieceTaken))
    ));
    assert_eq!(
        store.orders_due(at(14), at(-1000)).await.unwrap(),
        vec![],
        "nothing is due while the hold lasts"
    );
    let due = store.orders_due(at(15), at(-1000)).await.unwrap();
    assert_eq!(due.iter().map(|o| o.id).collect::<Vec<_>>(), [held]);

    let again = store
        .hold_piece(&hold(maker, piece, second, 1, 15))
        .await
        .unwrap()
        .id();
    assert_ne!(again, held);
    assert_eq!(
        store.order(held).await.unwrap().unwrap().status,
        OrderStatus::Lapsed,
        "the ended hold lapsed as the new one was taken"
    );
    assert!(
        !store
            .move_order(
                held,
                &change(OrderStatus::Held, OrderStatus::AwaitingPayment, 16)
            )
            .await
            .unwrap(),
        "a step decided on a hold that lapsed meanwhile is not saved"
    );

    let record = store.order(again).await.unwrap().unwrap();
    let detail_before = store.piece_detail("maya-band").await.unwrap().unwrap();
    assert_eq!(detail_before.sold_units, 0);
    assert!(detail_before.sells_online);
    let version = store.catalogue_version().await.unwrap();
    let request = PaymentRequest {
        purpose: again.purpose(),
        amount: record.total(),
        method: PaymentMethod::BankTransfer,
        idempotency_key: format!("{}-paid", again.purpose()),
    };
    let paid = OrderChange {
        money: PaymentChanges {
            payment: Some(NewPayment {
                request,
                status: PaymentStatus::Succeeded,
                reference: None,
                at: at(20),
            }),
            ledger: vec![(
                format!("{}-paid", again.purpose()),
                sale_lines(&record, PaymentMethod::BankTransfer),
            )],
            ..PaymentChanges::default()
        },
        ..change(OrderStatus::Held, OrderStatus::Paid, 20)
    };
    assert!(store.move_order(again, &paid).await.unwrap());
    assert!(
        !store.move_order(again, &paid).await.unwrap(),
        "the same step twice is saved once"
    );
    assert!(
        store.catalogue_version().await.unwrap() > version,
        "the piece page says sold"
    );
    let sold = store.piece_detail("maya-band").await.unwrap().unwrap();
    assert_eq!(sold.sold_units, 1);
    assert_eq!(sold.sale(), app::pieces::Sale::Sold);
    let payments = store.payments_for(&again.purpose()).await.unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].kept_minor(), 320_000);
    let ledger = store.ledger().await.unwrap();
    assert_eq!(ledger.len(), 3);
    assert!(unbalanced(ledger.iter().map(|(entry, line)| (entry.as_str(), line))).is_empty());
    let after = store.order(again).await.unwrap().unwrap();
    assert_eq!(after.paid_at, Some(at(20)));
    assert_eq!(after.hold_until, None);
    assert_eq!(
        store
            .buyer_orders(second, None)
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect::<Vec<_>>(),
        [again]
    );
    assert_eq!(
        store
            .maker_orders(maker)
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect::<Vec<_>>(),
        [again, held]
    );
    assert!(
        matches!(
            store.hold_piece(&hold(maker, piece, first, 1, 100)).await,
            Err(StoreError::Duplicate(Conflict::PieceTaken))
        ),
        "a sold piece is never held again, however late"
    );
}

/// A guest's hold is theirs by their address: pressing again returns it, their
/// holds are counted apart from any account's, and their address is confirmed
/// once, only while the hold runs.
pub async fn a_guests_hold_is_theirs_by_address_and_confirmed_once(store: &dyn Store) {
    let (maker, piece) = piece_for_sale(store, "maya", Edition::Limited { number: 1, of: 5 }).await;
    let (_, other_piece) = piece_for_sale(store, "noor", Edition::OneOfOne).await;
    let [buyer]: [_; 1] = buyers(store, 1, "buyer").await.try_into().unwrap();
    let guest = |email: &str| OrderBuyer::Guest {
        name: "Zoë <i>O'Brien</i>".into(),
        email: email.into(),
    };
    let as_guest = |email: &str, minute: i64| NewOrder {
        buyer: guest(email),
        ..hold(maker, piece, buyer, 5, minute)
    };
    let held = store
        .hold_piece(&as_guest("zoe@example.com", 0))
        .await
        .unwrap()
        .id();
    assert_eq!(
        store
            .hold_piece(&as_guest("zoe@example.com", 1))
            .await
            .unwrap(),
        Held::Again(held),
        "the same address, again"
    );
    let other_guest = store
        .hold_piece(&as_guest("yan@example.com", 1))
        .await
        .unwrap()
        .id();
    let account_hold = store
        .hold_piece(&hold(maker, piece, buyer, 5, 1))
        .await
        .unwrap()
        .id();
    assert_eq!(
        [held, other_guest, account_hold]
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        3
    );
    let record = store.order(held).await.unwrap().unwrap();
    assert_eq!(record.buyer, None);
    assert_eq!(record.buyer_name, "Zoë <i>O'Brien</i>");
    assert_eq!(record.buyer_email, "zoe@example.com");
    assert!(!record.email_confirmed);
    assert!(
        store
            .order(account_hold)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );

    assert_eq!(
        store
            .running_holds(&guest("zoe@example.com"), other_piece, at(2))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .running_holds(&guest("zoe@example.com"), piece, at(2))
            .await
            .unwrap(),
        0,
        "the piece being bought is not counted"
    );
    assert_eq!(
        store
            .running_holds(&OrderBuyer::Account(buyer), other_piece, at(2))
            .await
            .unwrap(),
        1,
        "an account's holds apart from guests'"
    );
    assert_eq!(
        store
            .running_holds(&guest("zoe@example.com"), other_piece, at(15))
            .await
            .unwrap(),
        0,
        "a hold that ended is not counted"
    );

    assert!(store.confirm_order_email(held, at(3)).await.unwrap());
    assert!(
        !store.confirm_order_email(held, at(4)).await.unwrap(),
        "confirmed once"
    );
    assert!(store.order(held).await.unwrap().unwrap().email_confirmed);
    assert!(
        !store
            .confirm_order_email(other_guest, at(16))
            .await
            .unwrap(),
        "not after the hold ended"
    );
    assert!(
        !store
            .confirm_order_email(account_hold, at(3))
            .await
            .unwrap(),
        "an account's order has nothing to confirm"
    );
    let of_buyer = async |guest_address| {
        store
            .buyer_orders(buyer, guest_address)
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of_buyer(None).await,
        [account_hold],
        "a guest's orders are not an account's"
    );
    assert_eq!(
        of_buyer(Some("zoe@example.com")).await,
        [account_hold, held],
        "but those confirmed from the account's own address are"
    );
    assert_eq!(
        of_buyer(Some("yan@example.com")).await,
        [account_hold],
        "never one whose address wasn't confirmed"
    );
}
