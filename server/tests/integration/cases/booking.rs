//! Conformance cases for booking: the database never holds two overlapping
//! pending or confirmed consultations of one maker, however many requests race,
//! and the same submission twice is one booking.

use app::booking::availability::{Busy, Interval};
use app::booking::{
    Booked, BookingStatus, BookingsOf, ConsultationId, Format, NewBooking, NewConsultation,
};
use app::makers::MakerId;
use app::shared::{Currency, Money};
use app::store::{Conflict, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

fn at(minute: i64) -> Timestamp {
    // 1 June 2026, 09:00 UTC, plus `minute`.
    Timestamp::from_second(1_780_304_400 + minute * 60).unwrap()
}

/// A meeting from `start` for `minutes`, keeping `buffer` either side.
fn busy(start: i64, minutes: i64, buffer: i64) -> Busy {
    let meeting = Interval {
        start: at(start),
        end: at(start + minutes),
    };
    Busy {
        meeting,
        blocked: meeting
            .widened(
                SignedDuration::from_mins(buffer),
                SignedDuration::from_mins(buffer),
            )
            .unwrap(),
    }
}

fn request(consultation: ConsultationId, slot: Busy, key: &str) -> NewBooking {
    NewBooking {
        consultation,
        busy: slot,
        buyer_zone: "America/New_York".into(),
        guest_name: "Zoë O'Brien".into(),
        guest_email: "zoe@example.com".into(),
        account: None,
        brief: r#"{"occasion":"engagement"}"#.into(),
        status: BookingStatus::Pending,
        email_confirmed: true,
        hold_until: None,
        idempotency_key: key.into(),
        created_at: at(-600),
    }
}

/// A new booking, whose time must be free.
async fn booked(store: &dyn Store, booking: &NewBooking) -> app::booking::BookingId {
    match store.book(booking).await {
        Ok(Booked::New(id)) => id,
        other => panic!("booked: {other:?}"),
    }
}

/// A confirmed booking with `maker`, made from `account`.
pub async fn booked_by(
    store: &dyn Store,
    maker: MakerId,
    account: app::shared::AccountId,
) -> app::booking::BookingId {
    let consultation = offer(store, maker).await;
    let booking = NewBooking {
        account: Some(account),
        ..request(consultation, busy(60, 60, 0), "booked-by")
    };
    booked(store, &booking).await
}

async fn offer(store: &dyn Store, maker: MakerId) -> ConsultationId {
    store
        .create_consultation(&NewConsultation {
            maker,
            name: "Engagement ring consultation".into(),
            minutes: 60,
            format: Format::VideoCall,
            description: "We talk about the stone, the metal and the story.".into(),
            price: Some(Money::from_minor(2_500, Currency::parse("GBP").unwrap()).unwrap()),
            needs_approval: true,
        })
        .await
        .unwrap()
}

pub async fn bookings_never_overlap_and_a_retry_is_the_same_booking(store: &dyn Store) {
    let maker = crate::cases::studio::open(store, "ana@example.com", "ana").await;
    let other_maker = crate::cases::studio::open(store, "ben@example.com", "ben").await;
    let consultation = offer(store, maker).await;
    let elsewhere = offer(store, other_maker).await;
    let listed = store.consultations(maker).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].offer.minutes, 60);
    assert_eq!(listed[0].offer.price.unwrap().minor(), 2_500);

    let first = booked(store, &request(consultation, busy(60, 60, 15), "k1")).await;
    assert_eq!(
        store
            .book(&request(consultation, busy(60, 60, 15), "k1"))
            .await
            .unwrap(),
        Booked::Again(first),
        "the same submission again is the same booking"
    );
    for (start, why) in [
        (60, "the same time"),
        (90, "inside it"),
        (0, "ends inside it"),
        (135, "inside its buffer"),
    ] {
        assert!(
            matches!(
                store
                    .book(&request(
                        consultation,
                        busy(start, 60, 15),
                        &format!("at-{start}")
                    ))
                    .await,
                Err(StoreError::Duplicate(Conflict::Time))
            ),
            "{why}"
        );
    }
    // Clear of the buffers, and another maker's calendar, are free.
    booked(store, &request(consultation, busy(150, 60, 15), "after")).await;
    booked(store, &request(elsewhere, busy(60, 60, 15), "ben")).await;
    let unknown = ConsultationId(consultation.0 + 1_000);
    assert!(matches!(
        store
            .book(&request(unknown, busy(600, 60, 0), "nobody"))
            .await,
        Err(StoreError::MissingReference)
    ));

    let day = Interval {
        start: at(-540),
        end: at(900),
    };
    let held = store.busy(maker, day, at(0)).await.unwrap();
    assert_eq!(held, vec![busy(60, 60, 15), busy(150, 60, 15)]);

    // Declining frees the time; the freed time can be booked; the declined
    // request can't come back over it.
    assert!(
        !store
            .set_booking_status(
                other_maker,
                first,
                BookingStatus::Pending,
                BookingStatus::Declined,
                "",
                None
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .set_booking_status(
                maker,
                first,
                BookingStatus::Pending,
                BookingStatus::Declined,
                "",
                None
            )
            .await
            .unwrap()
    );
    assert_eq!(
        store.busy(maker, day, at(0)).await.unwrap(),
        vec![busy(150, 60, 15)]
    );
    booked(store, &request(consultation, busy(60, 60, 15), "k2")).await;
    assert!(matches!(
        store
            .set_booking_status(
                maker,
                first,
                BookingStatus::Declined,
                BookingStatus::Confirmed,
                "",
                None
            )
            .await,
        Err(StoreError::Duplicate(Conflict::Time))
    ));
}

/// 200 buyers press "Book" for the same slot at once, half through each of two
/// app servers: one booking, and every other answer "that time was just taken".
pub async fn concurrent_bookings_of_one_slot_make_exactly_one(a: &dyn Store, b: &dyn Store) {
    let _turn = crate::support::one_race_at_a_time().await;
    let maker = crate::cases::studio::open(a, "ana@example.com", "ana").await;
    let consultation = offer(a, maker).await;
    let attempts = (0..200).map(|n| {
        let store = if n % 2 == 0 { a } else { b };
        let booking = request(consultation, busy(60, 60, 10), &format!("buyer-{n}"));
        async move { store.book(&booking).await }
    });
    let outcomes = futures::future::join_all(attempts).await;
    let booked = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(Booked::New(_))))
        .count();
    let taken = outcomes
        .iter()
        .filter(|o| matches!(o, Err(StoreError::Duplicate(Conflict::Time))))
        .count();
    assert_eq!(
        (booked, taken),
        (1, 199),
        "{:?}",
        outcomes
            .iter()
            .find(|o| o.is_err() && !matches!(o, Err(StoreError::Duplicate(_))))
    );
    let day = Interval {
        start: at(-540),
        end: at(900),
    };
    assert_eq!(a.busy(maker, day, at(0)).await.unwrap().len(), 1);

    // Two declined requests for overlapping times, both accepted at once: one wins.
    let declined = |start: i64, key: &'static str| {
        let mut booking = request(consultation, busy(start, 60, 0), key);
        booking.status = BookingStatus::Declined;
        booking
    };
    let (Ok(Booked::New(one)), Ok(Booked::New(other))) = (
        a.book(&declined(300, "d1")).await,
        a.book(&declined(330, "d2")).await,
    ) else {
        panic!("declined requests keep no time");
    };
    let (first, second) = futures::future::join(
        a.set_booking_status(
            maker,
            one,
            BookingStatus::Declined,
            BookingStatus::Confirmed,
            "",
            None,
        ),
        b.set_booking_status(
            maker,
            other,
            BookingStatus::Declined,
            BookingStatus::Confirmed,
            "",
            None,
        ),
    )
    .await;
    let confirmed = [&first, &second]
        .iter()
        .filter(|o| matches!(o, Ok(true)))
        .count();
    let refused = [&first, &second]
        .iter()
        .filter(|o| matches!(o, Err(StoreError::Duplicate(Conflict::Time))))
        .count();
    assert_eq!((confirmed, refused), (1, 1), "{first:?} {second:?}");
    assert_eq!(a.busy(maker, day, at(0)).await.unwrap().len(), 2);
}

fn weekdays(start: &str, end: &str) -> app::booking::AvailabilityRules {
    app::booking::AvailabilityRules {
        buffer_after_minutes: 30,
        notice_minutes: 12 * 60,
        ..app::booking::AvailabilityRules::same_hours("Europe/London", 5, start, end, 14)
    }
}

pub async fn a_request_books_only_a_time_the_maker_offers(store: &dyn Store) {
    use app::booking::slots::{ConsultationRequest, Slots};
    use services::ServiceError;
    let maker = crate::cases::studio::open(store, "ana@example.com", "ana").await;
    let consultation = offer(store, maker).await;
    // Monday 1 June 2026, 08:00 in London (07:00 UTC).
    let now = at(-120);
    let bookings = Slots { store, now };
    let ask = |start: Timestamp, key: &str| ConsultationRequest {
        consultation,
        start,
        buyer_zone: "America/New_York".into(),
        guest_name: "Zoë O'Brien".into(),
        guest_email: "zoe@example.com".into(),
        account: None,
        brief: r#"{"occasion":"engagement","budget":"£2,000–£4,000"}"#.into(),
        idempotency_key: key.into(),
    };
    // Tuesday 2 June, 10:00 in London is 09:00 UTC.
    let tuesday_ten = at(24 * 60);
    assert!(matches!(
        bookings.request(&ask(tuesday_ten, "form-1")).await,
        Err(ServiceError::Invalid(message)) if message.contains("isn't taking consultation bookings")
    ));
    store
        .set_availability_rules(maker, &weekdays("10:00", "13:00"), now)
        .await
        .unwrap();
    assert_eq!(
        store.availability_rules(maker).await.unwrap(),
        Some(weekdays("10:00", "13:00"))
    );
    let slots = bookings.free_slots(consultation).await.unwrap();
    assert!(slots.iter().any(|slot| slot.start == tuesday_ten));
    assert!(
        !slots.iter().any(|slot| slot.start < at(12 * 60 - 120)),
        "12 hours' notice"
    );

    let first = match bookings.request(&ask(tuesday_ten, "form-1")).await {
        Ok(Booked::New(id)) => id,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        bookings.request(&ask(tuesday_ten, "form-1")).await.unwrap(),
        Booked::Again(first),
        "a retried submission is the same booking"
    );
    assert!(matches!(
        bookings.request(&ask(tuesday_ten, "form-2")).await,
        Err(ServiceError::Conflict(message)) if message.contains("just taken")
    ));
    // 11:00 is inside the first booking's 30 minutes after; 11:30 is free.
    assert!(matches!(
        bookings.request(&ask(at(25 * 60), "form-3")).await,
        Err(ServiceError::Conflict(_))
    ));
    let slots = bookings.free_slots(consultation).await.unwrap();
    assert!(
        !slots
            .iter()
            .any(|slot| slot.start == tuesday_ten || slot.start == at(25 * 60))
    );
    for (start, zone, key, why) in [
        (at(24 * 60 + 15), "Europe/London", "form-4", "off the grid"),
        (
            at(24 * 60 + 240),
            "Europe/London",
            "form-5",
            "after closing",
        ),
        (at(-24 * 60), "Europe/London", "form-6", "in the past"),
        (at(60), "Europe/London", "form-7", "inside the notice"),
        (
            at(30 * 24 * 60),
            "Europe/London",
            "form-8",
            "beyond the horizon",
        ),
        (at(48 * 60), "Mars/Olympus", "form-9", "an unknown zone"),
        (at(48 * 60), "Europe/London", "../../etc", "a forged key"),
    ] {
        let mut request = ask(start, key);
        request.buyer_zone = zone.into();
        assert!(
            matches!(
                bookings.request(&request).await,
                Err(ServiceError::Invalid(_))
            ),
            "{why}"
        );
    }
    let mut huge = ask(at(48 * 60), "form-10");
    huge.brief = "x".repeat(app::booking::slots::MAX_BRIEF_CHARS + 1);
    assert!(matches!(
        bookings.request(&huge).await,
        Err(ServiceError::Invalid(_))
    ));
    let day = Interval {
        start: at(-540),
        end: at(30 * 24 * 60),
    };
    assert_eq!(
        store.busy(maker, day, now).await.unwrap().len(),
        1,
        "nothing else was saved"
    );
}

/// The maker accepting a pending booking through `a` as it is cancelled through
/// `b`, at once.
async fn accept_and_cancel_at_once(
    (a, b): (&dyn Store, &dyn Store),
    maker: MakerId,
    id: app::booking::BookingId,
    link: Option<&app::booking::UsedLink>,
) -> (Result<bool, StoreError>, Result<bool, StoreError>) {
    let pending = BookingStatus::Pending;
    futures::future::join(
        a.set_booking_status(maker, id, pending, BookingStatus::Confirmed, "", link),
        b.set_booking_status(maker, id, pending, BookingStatus::Cancelled, "", link),
    )
    .await
}

/// Of two changes racing on one booking (the maker accepts as the buyer
/// cancels), one wins; a guest's hold that ran out keeps no time, is released,
/// and can't be confirmed; a single-use link is used once.
pub async fn racing_changes_holds_and_used_links(a: &dyn Store, b: &dyn Store) {
    let maker = crate::cases::studio::open(a, "ana@example.com", "ana").await;
    let consultation = offer(a, maker).await;
    let id = booked(a, &request(consultation, busy(60, 60, 0), "race")).await;
    let (accepted, cancelled) = accept_and_cancel_at_once((a, b), maker, id, None).await;
    let wins = [&accepted, &cancelled]
        .iter()
        .filter(|o| matches!(o, Ok(true)))
        .count();
    assert_eq!(wins, 1, "{accepted:?} {cancelled:?}");
    let record = a.booking(id).await.unwrap().unwrap();
    assert_eq!(record.sequence, 1, "one change, one new invite version");

    // A guest's hold: counted until it runs out, then released and unconfirmable.
    let mut guest = request(consultation, busy(300, 60, 0), "guest");
    guest.email_confirmed = false;
    guest.hold_until = Some(at(30));
    let held = booked(a, &guest).await;
    let day = Interval {
        start: at(-540),
        end: at(900),
    };
    let holds = |now| async move { a.busy(maker, day, now).await.unwrap().len() };
    let before = holds(at(0)).await;
    assert_eq!(
        holds(at(31)).await,
        before - 1,
        "a lapsed hold keeps no time"
    );
    assert!(
        a.bookings_of(BookingsOf::Maker(maker))
            .await
            .unwrap()
            .iter()
            .all(|b| b.id != held)
    );
    assert_eq!(a.release_expired_holds(at(31)).await.unwrap(), 1);
    assert!(!a.confirm_booking_email(held, at(32)).await.unwrap());
    assert_eq!(
        a.booking(held).await.unwrap().unwrap().status,
        BookingStatus::Cancelled
    );
    let mut fresh = request(consultation, busy(420, 60, 0), "guest-2");
    fresh.email_confirmed = false;
    fresh.hold_until = Some(at(30));
    let kept = booked(a, &fresh).await;
    assert!(a.confirm_booking_email(kept, at(10)).await.unwrap());
    assert!(
        !a.confirm_booking_email(kept, at(11)).await.unwrap(),
        "once"
    );
    assert!(
        a.bookings_of(BookingsOf::Maker(maker))
            .await
            .unwrap()
            .iter()
            .any(|b| b.id == kept)
    );

    assert!(!b.booking_link_used(&"ab".repeat(32)).await.unwrap());
    assert!(a.use_booking_link(&"ab".repeat(32), at(0)).await.unwrap());
    assert!(!b.use_booking_link(&"ab".repeat(32), at(1)).await.unwrap());
    assert!(b.booking_link_used(&"ab".repeat(32)).await.unwrap());
    assert!(!b.booking_link_used(&"cd".repeat(32)).await.unwrap());
}

/// A buyer's signed link is spent in the same transaction as the change it
/// makes: a change that doesn't happen leaves it usable, a link used already
/// changes nothing, and of two changes racing with one link, one happens.
pub async fn a_link_is_spent_only_by_the_change_it_makes(a: &dyn Store, b: &dyn Store) {
    use app::booking::{BookingMove, UsedLink};
    let maker = crate::cases::studio::open(a, "ana@example.com", "ana").await;
    let consultation = offer(a, maker).await;
    let book =
        |slot, key: &'static str| async move { booked(a, &request(consultation, slot, key)).await };
    let id = book(busy(60, 60, 15), "mine").await;
    let taken = busy(300, 60, 15);
    book(taken, "theirs").await;
    let link = |byte: &str, second| UsedLink {
        digest: byte.repeat(32),
        at: at(second),
    };
    let moving = |from_start, to, link| BookingMove {
        maker,
        booking: id,
        from_status: BookingStatus::Pending,
        from_start,
        to,
        status: BookingStatus::Pending,
        awaiting_buyer: false,
        message: String::new(),
        link: Some(link),
    };
    let first = link("c1", 1);

    // Stale changes and a taken time change nothing and spend nothing.
    assert!(
        !a.move_booking(&moving(at(999), busy(600, 60, 15), first.clone()))
            .await
            .unwrap()
    );
    assert!(
        !a.set_booking_status(
            maker,
            id,
            BookingStatus::Confirmed,
            BookingStatus::Cancelled,
            "",
            Some(&first)
        )
        .await
        .unwrap()
    );
    assert!(matches!(
        a.move_booking(&moving(at(60), taken, first.clone())).await,
        Err(StoreError::Duplicate(Conflict::Time))
    ));

    // The move that happens spends it; it changes nothing a second time.
    assert!(
        a.move_booking(&moving(at(60), busy(600, 60, 15), first.clone()))
            .await
            .unwrap()
    );
    assert!(matches!(
        b.set_booking_status(
            maker,
            id,
            BookingStatus::Pending,
            BookingStatus::Cancelled,
            "",
            Some(&first)
        )
        .await,
        Err(StoreError::Duplicate(Conflict::Link))
    ));
    assert!(matches!(
        b.move_booking(&moving(at(600), busy(900, 60, 15), first.clone()))
            .await,
        Err(StoreError::Duplicate(Conflict::Link))
    ));
    let record = a.booking(id).await.unwrap().unwrap();
    assert_eq!(
        (record.status, record.meeting.start, record.sequence),
        (BookingStatus::Pending, at(600), 1)
    );

    // Accepting and cancelling at once with one link, through two servers.
    let second = link("c2", 2);
    let (accepted, cancelled) = accept_and_cancel_at_once((a, b), maker, id, Some(&second)).await;
    let outcomes = [&accepted, &cancelled];
    assert_eq!(
        outcomes.iter().filter(|o| matches!(o, Ok(true))).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Ok(_) | Err(StoreError::Duplicate(Conflict::Link)))),
        "{outcomes:?}"
    );
    assert!(!a.use_booking_link(&second.digest, at(3)).await.unwrap());
}

/// A booking moves only to a time no other booking of the maker holds (the
/// database refuses it as it refuses a double booking); a move found stale does
/// nothing; of two bookings racing to one free time, one gets it; the brief is
/// replaced only over the one read.
pub async fn moves_never_overlap_and_race_to_one(a: &dyn Store, b: &dyn Store) {
    use app::booking::BookingMove;
    let maker = crate::cases::studio::open(a, "ana@example.com", "ana").await;
    let consultation = offer(a, maker).await;
    let book =
        |slot, key: &'static str| async move { booked(a, &request(consultation, slot, key)).await };
    let first = book(busy(60, 60, 15), "first").await;
    let second = book(busy(180, 60, 15), "second").await;
    let third = book(busy(300, 60, 15), "third").await;
    let moving = |booking, from_start, to, awaiting_buyer| BookingMove {
        maker,
        booking,
        from_status: BookingStatus::Pending,
        from_start,
        to,
        status: BookingStatus::Pending,
        awaiting_buyer,
        message: "Could we meet later?".into(),
        link: None,
    };
    // Into the second's buffer: refused, nothing moved.
    assert!(matches!(
        a.move_booking(&moving(first, at(60), busy(120, 60, 15), true))
            .await,
        Err(StoreError::Duplicate(Conflict::Time))
    ));
    let kept = a.booking(first).await.unwrap().unwrap();
    assert_eq!(kept.meeting.start, at(60));
    assert_eq!(kept.sequence, 0);
    // Overlapping its own old time is fine: it is the booking that moves.
    assert!(
        a.move_booking(&moving(first, at(60), busy(75, 60, 15), true))
            .await
            .unwrap()
    );
    let moved = a.booking(first).await.unwrap().unwrap();
    assert_eq!(moved.meeting.start, at(75));
    assert_eq!(moved.sequence, 1, "the invite's next version");
    assert!(moved.awaiting_buyer);
    assert_eq!(moved.maker_message, "Could we meet later?");
    // A move of what the booking no longer is does nothing.
    assert!(
        !a.move_booking(&moving(first, at(60), busy(600, 60, 15), false))
            .await
            .unwrap()
    );
    // Accepting the suggested time clears the wait.
    assert!(
        a.set_booking_status(
            maker,
            first,
            BookingStatus::Pending,
            BookingStatus::Confirmed,
            "",
            None
        )
        .await
        .unwrap()
    );
    assert!(!a.booking(first).await.unwrap().unwrap().awaiting_buyer);

    // Two bookings racing into one free time, through two store instances.
    let (from_second, from_third) = futures::future::join(
        a.move_booking(&moving(second, at(180), busy(480, 60, 15), false)),
        b.move_booking(&moving(third, at(300), busy(480, 60, 15), false)),
    )
    .await;
    let wins = [&from_second, &from_third]
        .iter()
        .filter(|o| matches!(o, Ok(true)))
        .count();
    assert_eq!(wins, 1, "{from_second:?} {from_third:?}");
    assert!(
        [&from_second, &from_third]
            .iter()
            .all(|o| matches!(o, Ok(true) | Err(StoreError::Duplicate(Conflict::Time)))),
        "{from_second:?} {from_third:?}"
    );
    let day = Interval {
        start: at(-60),
        end: at(900),
    };
    let at_480 = a
        .busy(maker, day, at(0))
        .await
        .unwrap()
        .iter()
        .filter(|busy| busy.meeting.start == at(480))
        .count();
    assert_eq!(at_480, 1);

    // The brief is replaced over the one read, once.
    let was = a.booking(second).await.unwrap().unwrap().brief;
    let with_pictures = r#"{"occasion":"engagement","pictures":[]}"#;
    assert!(a.replace_brief(second, &was, with_pictures).await.unwrap());
    assert!(!b.replace_brief(second, &was, "{}").await.unwrap());
    assert_eq!(
        a.booking(second).await.unwrap().unwrap().brief,
        with_pictures
    );
}
