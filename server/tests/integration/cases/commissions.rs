//! Commissions in storage: a step is kept only over the version it was decided
//! at, the timeline keeps every step once, the agreement is written once, and the
//! database itself refuses to rewrite either.

use super::studio::{account, open};
use app::booking::{BookingId, BookingsOf};
use app::commissions::{
    Action, ClockJob, Commission, CommissionId, CommissionPicture, NewCommission, NewStep, Party,
    Proposal, SignedAgreement, Stage,
};
use app::payments::PaymentChanges;
use app::shared::{Currency, ImageRef, Money};
use app::store::Store;
use app::threads::Thread;
use jiff::Timestamp;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + second).unwrap()
}

fn proposal() -> Proposal {
    Proposal::sketch(Money::from_minor(240_000, Currency::GBP).unwrap())
}

/// A requested commission of a new maker (`slug`) for a new buyer.
pub async fn requested(store: &dyn Store, slug: &str) -> (CommissionId, app::shared::AccountId) {
    let maker = open(store, &format!("{slug}@example.com"), slug).await;
    let buyer = account(store, &format!("buyer-of-{slug}@example.com")).await;
    let id = store
        .create_commission(&NewCommission {
            maker,
            buyer,
            booking: None,
            brief: "A ring with <b>my</b> grandmother's sapphire".into(),
            created_at: at(0),
        })
        .await
        .unwrap();
    (id, buyer)
}

/// Posts a message at `second` and gives its id.
async fn post(
    store: &dyn Store,
    thread: Thread,
    party: Party,
    body: &str,
    pictures: &[CommissionPicture],
    second: i64,
) -> i64 {
    store
        .post_message(thread, party, body, pictures, at(second))
        .await
        .unwrap()
}

fn step(from: &Commission, party: Party, action: Action, second: i64) -> NewStep {
    let next = from.apply(party, &action, at(second)).unwrap();
    NewStep {
        schedule: next.clock_jobs(),
        next,
        party,
        action,
        note: String::new(),
        pictures: Vec::new(),
        money: PaymentChanges::default(),
        at: at(second),
    }
}

pub async fn a_commission_keeps_each_step_once_over_its_version(store: &dyn Store) {
    let (id, buyer) = requested(store, "ana").await;
    let record = store.commission(id).await.unwrap().unwrap();
    assert_eq!(record.state, Commission::requested());
    assert_eq!(record.brief, "A ring with <b>my</b> grandmother's sapphire");
    assert_eq!(record.buyer, buyer);
    assert_eq!(record.maker_slug, "ana");
    assert_eq!(record.maker_email.as_deref(), Some("ana@example.com"));
    assert_eq!(record.booking, None::<BookingId>);

    let proposed = NewStep {
        note: "With a sketch of <i>the</i> idea".into(),
        pictures: vec![CommissionPicture {
            image: ImageRef {
                key: "a1b2c3".into(),
                width: 800,
                height: 600,
                alt: "Sketch".into(),
                access: String::new(),
            },
            sha256: "ab".repeat(32),
        }],
        ..step(&record.state, Party::Maker, Action::Propose(proposal()), 1)
    };
    assert!(store.record_step(id, &proposed, None).await.unwrap());
    // The same step again, decided on the same version: the version moved.
    assert!(!store.record_step(id, &proposed, None).await.unwrap());
    let declined = step(&record.state, Party::Buyer, Action::Decline, 2);
    assert!(
        !store.record_step(id, &declined, None).await.unwrap(),
        "a step decided on an older version is not kept"
    );
    let now = store.commission(id).await.unwrap().unwrap();
    assert_eq!(now.state, proposed.next);
    assert_eq!(now.state.stage, Stage::Proposed);
    assert_eq!(now.updated_at, at(1));

    let accepted = step(&now.state, Party::Buyer, Action::Accept { version: 1 }, 3);
    let agreement = SignedAgreement {
        payload: "{\"purpose\":\"test\"}".into(),
        key_id: "k1".into(),
        signature: "sig".into(),
        signed_at: at(3),
    };
    assert!(
        store
            .record_step(id, &accepted, Some(&agreement))
            .await
            .unwrap()
    );
    assert_eq!(store.agreement(id).await.unwrap(), Some(agreement));

    let steps = store.commission_steps(id).await.unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].version, 1);
    assert_eq!(steps[0].party, Party::Maker);
    assert_eq!(steps[0].action, Action::Propose(proposal()));
    assert_eq!(steps[0].note, proposed.note);
    assert_eq!(steps[0].pictures, proposed.pictures);
    assert_eq!(steps[1].pictures, vec![]);
    assert_eq!(steps[1].version, 2);
    assert_eq!(steps[1].stage, accepted.next.stage);

    let (other, _) = requested(store, "ben").await;
    assert_eq!(store.commission_steps(other).await.unwrap(), vec![]);
    assert_eq!(store.agreement(other).await.unwrap(), None);
    assert_eq!(store.commission(CommissionId(999_999)).await.unwrap(), None);
    let mine: Vec<CommissionId> = store
        .buyer_commissions(buyer)
        .await
        .unwrap()
        .iter()
        .map(|record| record.id)
        .collect();
    assert_eq!(mine, vec![id]);
    assert_eq!(
        store.maker_commissions(record.maker).await.unwrap().len(),
        1,
        "another maker's commission isn't listed"
    );
}

/// Two app servers take a step of one commission at the same moment, each
/// decided on the version both read: exactly one is kept.
pub async fn two_servers_take_one_step_of_a_commission(one: &dyn Store, other: &dyn Store) {
    let (id, _) = requested(one, "ana").await;
    for round in 0..10 {
        let state = one.commission(id).await.unwrap().unwrap().state;
        let first = step(
            &state,
            Party::Maker,
            Action::Propose(Proposal {
                lead_time_weeks: 2,
                ..proposal()
            }),
            10 + round,
        );
        let second = step(
            &state,
            Party::Maker,
            Action::Propose(proposal()),
            10 + round,
        );
        let (a, b) = tokio::join!(
            one.record_step(id, &first, None),
            other.record_step(id, &second, None)
        );
        assert!(
            a.unwrap() ^ b.unwrap(),
            "exactly one of two racing steps is kept"
        );
    }
    let steps = other.commission_steps(id).await.unwrap();
    assert_eq!(steps.len(), 10);
    let versions: Vec<u32> = steps.iter().map(|step| step.version).collect();
    assert_eq!(versions, (1..=10).collect::<Vec<_>>());
    assert_eq!(one.commission(id).await.unwrap().unwrap().state.version, 10);
}

/// The clock's jobs: set by the step that makes them due, claimed by one server
/// at a time until its lease ends, moved by a later step, removed once done.
pub async fn clock_jobs_are_claimed_once_and_follow_the_latest_step(
    one: &dyn Store,
    other: &dyn Store,
) {
    let (id, _) = requested(one, "ana").await;
    let state = one.commission(id).await.unwrap().unwrap().state;
    let proposed = step(&state, Party::Maker, Action::Propose(proposal()), 1);
    assert_eq!(
        proposed.schedule,
        vec![(ClockJob::ExpireProposal, at(1 + 86_400))],
        "a one-day proposal: no reminder two days before"
    );
    assert!(one.record_step(id, &proposed, None).await.unwrap());
    assert_eq!(
        one.claim_clock_jobs(at(86_400), at(90_000), 10)
            .await
            .unwrap(),
        vec![]
    );

    let due = at(2 * 86_400);
    let (a, b) = tokio::join!(
        one.claim_clock_jobs(due, at(2 * 86_400 + 300), 10),
        other.claim_clock_jobs(due, at(2 * 86_400 + 300), 10)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 1, "one server claims it: {a:?} {b:?}");
    let claimed = a.into_iter().chain(b).next().unwrap();
    assert_eq!(claimed.commission, id);
    assert_eq!(claimed.job, ClockJob::ExpireProposal);
    assert_eq!(claimed.due_at, at(1 + 86_400));
    assert_eq!(
        other.claim_clock_jobs(due, due, 10).await.unwrap(),
        vec![],
        "held while its lease lasts"
    );
    let after_lease = at(2 * 86_400 + 301);
    let again = other
        .claim_clock_jobs(after_lease, at(3 * 86_400), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1, "claimed again once the lease ran out");

    // A revised proposal moves the expiry: finishing the old job leaves the new one.
    let now = one.commission(id).await.unwrap().unwrap().state;
    let revised = step(&now, Party::Maker, Action::Propose(proposal()), 100);
    assert!(one.record_step(id, &revised, None).await.unwrap());
    one.finish_clock_job(&claimed).await.unwrap();
    let moved = one
        .claim_clock_jobs(at(200 + 86_400), at(300 + 86_400), 10)
        .await
        .unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].due_at, at(100 + 86_400));
    one.finish_clock_job(&moved[0]).await.unwrap();
    assert_eq!(
        other
            .claim_clock_jobs(at(10 * 86_400), at(11 * 86_400), 10)
            .await
            .unwrap(),
        vec![]
    );
}

fn sketch() -> CommissionPicture {
    CommissionPicture {
        image: ImageRef {
            key: "d4e5f6".into(),
            width: 640,
            height: 480,
            alt: "A sketch".into(),
            access: String::new(),
        },
        sha256: "cd".repeat(32),
    }
}

fn unread(commissions: u32, bookings: u32) -> app::threads::Unread {
    app::threads::Unread {
        commissions,
        bookings,
    }
}

/// Messages keep their order; each side's unread count covers every commission it
/// is on, counts only the other side's messages, and reading never goes back.
pub async fn messages_are_counted_until_read(store: &dyn Store) {
    let (first, buyer) = requested(store, "ana").await;
    let maker_account = store
        .account_by_email(&app::accounts::Email::parse("ana@example.com").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        store.unread_messages(buyer, None).await.unwrap(),
        unread(0, 0)
    );
    let hello = post(
        store,
        Thread::Commission(first),
        Party::Buyer,
        "Hello <b>Ana</b>",
        &[],
        1,
    )
    .await;
    let more = post(
        store,
        Thread::Commission(first),
        Party::Buyer,
        "One more thing",
        &[],
        2,
    )
    .await;
    assert!(more > hello);
    assert_eq!(
        store.unread_messages(maker_account, None).await.unwrap(),
        unread(2, 0)
    );
    assert_eq!(
        store
            .unread_messages(maker_account, Some(Thread::Commission(first)))
            .await
            .unwrap(),
        unread(0, 0),
        "but for the commission being read"
    );
    assert_eq!(
        store.unread_messages(buyer, None).await.unwrap(),
        unread(0, 0),
        "their own"
    );
    store
        .mark_read(Thread::Commission(first), Party::Maker, hello)
        .await
        .unwrap();
    assert_eq!(
        store.unread_messages(maker_account, None).await.unwrap(),
        unread(1, 0)
    );
    store
        .mark_read(Thread::Commission(first), Party::Maker, more)
        .await
        .unwrap();
    store
        .mark_read(Thread::Commission(first), Party::Maker, hello)
        .await
        .unwrap();
    assert_eq!(
        store
            .read_up_to(Thread::Commission(first), Party::Maker)
            .await
            .unwrap(),
        more,
        "never back"
    );
    assert_eq!(
        store.unread_messages(maker_account, None).await.unwrap(),
        unread(0, 0)
    );
    post(
        store,
        Thread::Commission(first),
        Party::Maker,
        "Yes",
        &[sketch()],
        3,
    )
    .await;
    assert_eq!(
        store.unread_messages(buyer, None).await.unwrap(),
        unread(1, 0)
    );
    let messages = store.messages(Thread::Commission(first)).await.unwrap();
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["Hello <b>Ana</b>", "One more thing", "Yes"]);
    assert_eq!(messages[2].party, Party::Maker);
    assert_eq!(messages[2].pictures, [sketch()]);
    assert_eq!(messages[0].pictures, []);
    assert_eq!(messages[0].at, at(1));
    // Another commission's messages are its own.
    let (second, other_buyer) = requested(store, "ben").await;
    post(
        store,
        Thread::Commission(second),
        Party::Buyer,
        "Hi Ben",
        &[],
        4,
    )
    .await;
    assert_eq!(
        store
            .messages(Thread::Commission(second))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.unread_messages(maker_account, None).await.unwrap(),
        unread(0, 0)
    );
    assert_eq!(
        store.unread_messages(other_buyer, None).await.unwrap(),
        unread(0, 0)
    );
    assert_eq!(
        store
            .read_up_to(Thread::Commission(second), Party::Buyer)
            .await
            .unwrap(),
        0
    );

    // A booking's thread: its own messages, counted for the account it was
    // booked from, and reading it marks only it.
    let maker = store.commission(first).await.unwrap().unwrap().maker;
    let booking = super::booking::booked_by(store, maker, buyer).await;
    let thread = Thread::Booking(booking);
    let bookings: Vec<_> = store
        .bookings_of(BookingsOf::Account(buyer))
        .await
        .unwrap()
        .into_iter()
        .map(|record| record.id)
        .collect();
    assert_eq!(bookings, [booking], "the bookings made from the account");
    assert!(
        store
            .bookings_of(BookingsOf::Account(maker_account))
            .await
            .unwrap()
            .is_empty()
    );
    post(
        store,
        thread,
        Party::Maker,
        "Bring the sapphire",
        &[sketch()],
        5,
    )
    .await;
    assert_eq!(store.messages(thread).await.unwrap().len(), 1);
    assert_eq!(
        store
            .messages(Thread::Commission(first))
            .await
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        store.unread_messages(buyer, None).await.unwrap(),
        unread(1, 1)
    );
    assert_eq!(
        store.unread_messages(buyer, Some(thread)).await.unwrap(),
        unread(1, 0)
    );
    assert_eq!(
        store.unread_by_booking(buyer).await.unwrap(),
        [(booking, 1)],
        "the maker's message, and none of the commission's"
    );
    assert!(
        store
            .unread_by_booking(maker_account)
            .await
            .unwrap()
            .is_empty()
    );
    let newest = store.messages(thread).await.unwrap()[0].id;
    store.mark_read(thread, Party::Buyer, newest).await.unwrap();
    assert!(
        store.unread_by_booking(buyer).await.unwrap().is_empty(),
        "read"
    );
    assert_eq!(
        store.read_up_to(thread, Party::Buyer).await.unwrap(),
        newest
    );
    assert_eq!(
        store
            .read_up_to(Thread::Commission(first), Party::Buyer)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store.unread_messages(buyer, None).await.unwrap(),
        unread(1, 0)
    );
    post(store, thread, Party::Buyer, "Will do", &[], 6).await;
    assert_eq!(
        store.unread_messages(maker_account, None).await.unwrap(),
        unread(0, 1)
    );
}

/// A payment is kept with the step it pays for, once per idempotency key; a
/// refund comes out of kept payments and never beyond them. A step whose payment
/// or refund is refused isn't saved either.
pub async fn payments_are_kept_with_their_step_once(store: &dyn Store) {
    use app::payments::{NewPayment, PaymentMethod, PaymentRequest, PaymentStatus};
    use app::store::{Conflict, StoreError};
    let (id, _) = requested(store, "ana").await;
    let state = store.commission(id).await.unwrap().unwrap().state;
    let deposit_proposal = Proposal {
        deposit: app::commissions::Deposit::Share(app::pieces::Percent::new(50).unwrap()),
        ..proposal()
    };
    let proposed = step(&state, Party::Maker, Action::Propose(deposit_proposal), 1);
    assert!(store.record_step(id, &proposed, None).await.unwrap());
    let accepted = step(
        &proposed.next,
        Party::Buyer,
        Action::Accept { version: 1 },
        2,
    );
    assert!(store.record_step(id, &accepted, None).await.unwrap());
    let amount = Money::from_minor(120_000, Currency::GBP).unwrap();
    let payment = |key: &str| NewPayment {
        request: PaymentRequest {
            purpose: id.purpose(),
            amount,
            method: PaymentMethod::BankTransfer,
            idempotency_key: key.into(),
        },
        status: PaymentStatus::Succeeded,
        reference: None,
        at: at(3),
    };
    let maker = store.commission(id).await.unwrap().unwrap().maker;
    let deposit_lines = app::payments::payment_lines(
        maker,
        amount.minor(),
        app::payments::platform_fee(amount.minor(), 800),
        amount.currency(),
        PaymentMethod::BankTransfer,
    );
    let paid = NewStep {
        money: PaymentChanges {
            payment: Some(payment("deposit")),
            ledger: vec![("deposit".into(), deposit_lines.clone())],
            ..PaymentChanges::default()
        },
        ..step(
            &accepted.next,
            Party::Maker,
            Action::RecordPayment { amount },
            3,
        )
    };
    assert!(store.record_step(id, &paid, None).await.unwrap());
    let kept = store.payments_for(&id.purpose()).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].amount, amount);
    assert_eq!(kept[0].method, PaymentMethod::BankTransfer);
    assert_eq!(kept[0].kept_minor(), paid.next.paid_minor);

    // The same key again: refused, and the step with it isn't saved.
    let again = NewStep {
        money: PaymentChanges {
            payment: Some(payment("deposit")),
            ..PaymentChanges::default()
        },
        ..step(
            &paid.next,
            Party::Maker,
            Action::RecordPayment {
                amount: Money::from_minor(1_000, Currency::GBP).unwrap(),
            },
            4,
        )
    };
    assert!(matches!(
        store.record_step(id, &again, None).await,
        Err(StoreError::Duplicate(Conflict::Payment))
    ));
    assert_eq!(
        store.commission(id).await.unwrap().unwrap().state,
        paid.next
    );

    // More than was paid can't be given back; what was paid can.
    let cancelled = step(&paid.next, Party::Buyer, Action::Cancel, 5);
    let too_much = NewStep {
        money: PaymentChanges {
            refunds: vec![(kept[0].id, 120_001)],
            ledger: vec![(
                "too much".into(),
                app::payments::refund_lines(&deposit_lines, 120_001),
            )],
            ..PaymentChanges::default()
        },
        ..cancelled.clone()
    };
    assert!(store.record_step(id, &too_much, None).await.is_err());
    assert_eq!(
        store.commission(id).await.unwrap().unwrap().state,
        paid.next
    );
    let refunded = NewStep {
        money: PaymentChanges {
            refunds: vec![(kept[0].id, cancelled.next.refunded_minor)],
            ledger: vec![(
                "refund".into(),
                app::payments::refund_lines(&deposit_lines, cancelled.next.refunded_minor),
            )],
            ..PaymentChanges::default()
        },
        ..cancelled
    };
    assert!(store.record_step(id, &refunded, None).await.unwrap());
    let ledger = store.ledger().await.unwrap();
    assert_eq!(
        ledger
            .iter()
            .map(|(entry, _)| entry.as_str())
            .collect::<std::collections::BTreeSet<_>>(),
        ["deposit", "refund"].into(),
        "each step's entries in its transaction, none of a step refused"
    );
    assert!(
        app::payments::unbalanced(ledger.iter().map(|(entry, line)| (entry.as_str(), line)))
            .is_empty()
    );
    let kept = store.payments_for(&id.purpose()).await.unwrap();
    assert_eq!(kept[0].refunded_minor, refunded.next.refunded_minor);
    assert_eq!(
        kept[0].kept_minor(),
        refunded.next.paid_minor - refunded.next.refunded_minor,
        "the ledger and the commission agree"
    );
    assert_eq!(store.payments_for("commission-999").await.unwrap(), vec![]);
}

/// A commission's finished piece: written up once, never another studio's,
/// never published while its buyer keeps it private, and taken off the
/// maker's pages in the same write that withdraws the buyer's consent.
pub async fn a_finished_piece_stays_private_until_its_buyer_agrees(store: &dyn Store) {
    use app::pieces::{PieceId, PieceStatus};
    use app::shared::{Conflict, Slug};
    use app::store::StoreError;
    let (id, _) = requested(store, "ana").await;
    let record = store.commission(id).await.unwrap().unwrap();
    let other = open(store, "bea@example.com", "bea").await;
    let draft = |slug: &str| Slug::parse(slug).unwrap();
    assert!(matches!(
        store
            .create_draft(
                other,
                &draft("not-hers"),
                &super::studio::edit("Ring"),
                &[],
                Some(id),
                at(1)
            )
            .await,
        Err(StoreError::MissingReference)
    ));
    assert!(store.finished_piece(id).await.unwrap().is_none());
    let piece = store
        .create_draft(
            record.maker,
            &draft("the-ring"),
            &super::studio::edit("Ring"),
            &[],
            Some(id),
            at(1),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_draft(
                record.maker,
                &draft("the-ring-2"),
                &super::studio::edit("Ring"),
                &[],
                Some(id),
                at(1)
            )
            .await,
        Err(StoreError::Duplicate(Conflict::FinishedPiece))
    ));
    let finished = store.finished_piece(id).await.unwrap().unwrap();
    assert_eq!(
        (
            finished.piece,
            finished.published,
            finished.shown_by_buyer,
            finished.passport
        ),
        (piece, false, false, None)
    );
    let studio_piece = store
        .studio_piece(record.maker, piece)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        studio_piece.commissioned,
        Some(app::studio::Commissioned {
            commission: id,
            shown_by_buyer: false
        })
    );

    // Private: the maker's publishing is refused by the same statement.
    assert!(
        !store
            .set_piece_status(record.maker, piece, PieceStatus::Published, at(2))
            .await
            .unwrap()
    );
    assert!(store.piece_detail("the-ring").await.unwrap().is_none());
    assert!(
        store
            .set_piece_status(record.maker, piece, PieceStatus::Archived, at(2))
            .await
            .unwrap()
    );

    assert!(store.show_finished_piece(id, true, at(3)).await.unwrap());
    assert!(
        store
            .set_piece_status(record.maker, piece, PieceStatus::Published, at(3))
            .await
            .unwrap()
    );
    let before = store.catalogue_version().await.unwrap();
    assert!(store.finished_piece(id).await.unwrap().unwrap().published);

    // Withdrawn: off the maker's pages at once, and every server hears of it.
    assert!(store.show_finished_piece(id, false, at(4)).await.unwrap());
    let finished = store.finished_piece(id).await.unwrap().unwrap();
    assert!(!finished.published && !finished.shown_by_buyer);
    assert!(store.piece_detail("the-ring").await.unwrap().is_none());
    assert!(store.catalogue_version().await.unwrap() > before);
    assert!(
        !store
            .show_finished_piece(CommissionId(id.0 + 1_000), true, at(5))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .studio_piece(record.maker, PieceId(piece.0))
            .await
            .unwrap()
            .unwrap()
            .status,
        PieceStatus::Draft
    );
}
