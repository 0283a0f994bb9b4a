use super::*;
use crate::payments::PaymentMethod;
use crate::shared::{AccountId, Currency, MakerId, Money, PieceId};
use jiff::{SignedDuration, Timestamp};

fn at(hours: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("a time") + SignedDuration::from_hours(hours)
}

fn pounds(major: i64) -> Money {
    Money::from_minor(major * 100, Currency::GBP).expect("an amount")
}

fn terms() -> SalesTerms {
    SalesTerms {
        delivery_fee: Some(pounds(12)),
        collection: Some("From the studio in Hackney, by appointment".into()),
        returns: "Returns within 14 days of delivery, unworn.".into(),
        payment_instructions: "Sort code 00-00-00, account 12345678".into(),
    }
}

fn address() -> Address {
    Address {
        name: "Bea Ortiz".into(),
        line1: "4 Loom Street".into(),
        line2: String::new(),
        town: "Leeds".into(),
        postcode: "LS1 4AB".into(),
        country: "United Kingdom".into(),
    }
}

fn order(status: OrderStatus, delivery: Delivery) -> OrderRecord {
    OrderRecord {
        id: OrderId(7),
        piece: PieceId(3),
        piece_slug: "tide-pendant".into(),
        piece_title: "Tide pendant".into(),
        maker: MakerId(2),
        maker_name: "Ana Silva".into(),
        maker_slug: "ana-silva".into(),
        maker_email: Some("ana@example.com".into()),
        buyer: Some(AccountId(9)),
        buyer_name: "Bea Ortiz".into(),
        buyer_email: "bea@example.com".into(),
        email_confirmed: true,
        unit: 1,
        edition: None,
        price: pounds(6_000),
        delivery_fee: pounds(12),
        fee_minor: platform_fee(600_000, 800),
        delivery,
        terms: terms(),
        status,
        hold_until: Some(at(1)),
        shipment: None,
        created_at: at(0),
        paid_at: None,
        shipped_at: None,
        closed_at: None,
    }
}

#[test]
fn a_hold_becomes_an_order_awaiting_a_transfer_only_while_it_lasts() {
    let held = order(OrderStatus::Held, Delivery::Collection);
    let decided = decide(&held, Side::Buyer, &OrderAction::PayByTransfer, at(0)).expect("paying");
    assert_eq!(decided.to, OrderStatus::AwaitingPayment);
    assert_eq!(decided.hold_until, Some(at(24 * TRANSFER_DAYS)));
    assert_eq!(
        decide(&held, Side::Buyer, &OrderAction::PayByTransfer, at(2)),
        Err(OrderRefusal::HoldEnded)
    );
    assert_eq!(
        decide(&held, Side::Maker, &OrderAction::PayByTransfer, at(0)),
        Err(OrderRefusal::OtherSide)
    );
    assert_eq!(
        decide(&held, Side::Clock, &OrderAction::Lapse, at(0)),
        Err(OrderRefusal::NotNow(OrderStatus::Held)),
        "a hold still running doesn't lapse"
    );
    assert_eq!(
        decide(&held, Side::Clock, &OrderAction::Lapse, at(1))
            .expect("lapsing")
            .to,
        OrderStatus::Lapsed
    );
}

#[test]
fn a_guest_pays_only_once_their_address_is_confirmed_but_may_cancel_before() {
    let unconfirmed = OrderRecord {
        buyer: None,
        email_confirmed: false,
        ..order(OrderStatus::Held, Delivery::Collection)
    };
    for pay in [OrderAction::PayByTransfer, OrderAction::PayByCard] {
        assert_eq!(
            decide(&unconfirmed, Side::Buyer, &pay, at(0)),
            Err(OrderRefusal::AddressUnconfirmed)
        );
    }
    assert_eq!(
        decide(&unconfirmed, Side::Buyer, &OrderAction::Cancel, at(0))
            .expect("cancelling")
            .to,
        OrderStatus::Cancelled
    );
    let confirmed = OrderRecord {
        email_confirmed: true,
        ..unconfirmed
    };
    assert_eq!(
        decide(&confirmed, Side::Buyer, &OrderAction::PayByTransfer, at(0))
            .expect("paying")
            .to,
        OrderStatus::AwaitingPayment
    );
}

#[test]
fn only_the_maker_records_payment_and_sends_and_only_the_buyer_receives() {
    let waiting = order(OrderStatus::AwaitingPayment, Delivery::Post(address()));
    let paid = decide(
        &waiting,
        Side::Maker,
        &OrderAction::RecordPayment(PaymentMethod::BankTransfer),
        at(30),
    )
    .expect("recorded after the hold, while nobody took the piece");
    assert_eq!(paid.to, OrderStatus::Paid);
    assert_eq!(paid.payment, Some(PaymentMethod::BankTransfer));
    assert_eq!(
        decide(
            &waiting,
            Side::Buyer,
            &OrderAction::RecordPayment(PaymentMethod::Cash),
            at(0)
        ),
        Err(OrderRefusal::OtherSide)
    );
    let paid = OrderRecord {
        status: OrderStatus::Paid,
        ..waiting
    };
    let shipment = Shipment {
        carrier: "Royal Mail Special Delivery".into(),
        tracking: "AB123456789GB".into(),
    };
    assert_eq!(
        decide(&paid, Side::Maker, &OrderAction::Collected, at(0)),
        Err(OrderRefusal::NotCollected)
    );
    let sent = decide(
        &paid,
        Side::Maker,
        &OrderAction::Ship(shipment.clone()),
        at(0),
    )
    .expect("sending");
    assert_eq!(sent.shipment, Some(shipment));
    let sent = OrderRecord {
        status: OrderStatus::Shipped,
        shipped_at: Some(at(0)),
        ..paid.clone()
    };
    assert_eq!(
        decide(&sent, Side::Maker, &OrderAction::Received, at(1)),
        Err(OrderRefusal::OtherSide)
    );
    assert_eq!(
        decide(&sent, Side::Buyer, &OrderAction::Received, at(1))
            .expect("received")
            .to,
        OrderStatus::Completed
    );
    assert!(
        decide(&sent, Side::Clock, &OrderAction::Complete, at(24 * 14 - 1)).is_err(),
        "not before fourteen days"
    );
    assert!(decide(&sent, Side::Clock, &OrderAction::Complete, at(24 * 14)).is_ok());
    assert_eq!(
        decide(&sent, Side::Buyer, &OrderAction::Cancel, at(1)),
        Err(OrderRefusal::NotNow(OrderStatus::Shipped)),
        "nothing is cancelled once sent"
    );
    assert_eq!(
        decide(&sent, Side::Maker, &OrderAction::Refund, at(1)),
        Err(OrderRefusal::NotNow(OrderStatus::Shipped))
    );
    assert_eq!(
        decide(&paid, Side::Maker, &OrderAction::Refund, at(1))
            .expect("refunded before dispatch")
            .to,
        OrderStatus::Refunded
    );
    let collect = OrderRecord {
        delivery: Delivery::Collection,
        ..paid
    };
    assert_eq!(
        decide(&collect, Side::Maker, &OrderAction::Collected, at(0))
            .expect("collected")
            .to,
        OrderStatus::Completed
    );
}

#[test]
fn the_ledger_owes_the_maker_the_price_less_the_fee_and_a_refund_gives_it_back() {
    assert_eq!(platform_fee(600_000, 800), 48_000);
    assert_eq!(
        platform_fee(1_999, 800),
        160,
        "rounded to the nearest penny"
    );
    let paid = order(OrderStatus::Paid, Delivery::Post(address()));
    let sale = sale_lines(&paid, PaymentMethod::BankTransfer);
    assert_eq!(
        sale.iter()
            .map(|line| (line.account.as_str(), line.amount_minor))
            .collect::<Vec<_>>(),
        [
            ("maker-2:received", 601_200),
            ("maker-2:owed", -(601_200 - 48_000)),
            ("platform:fees", -48_000),
        ]
    );
    let refund = refund_lines(&sale, paid.total_minor());
    let entries: Vec<(&str, &LedgerLine)> = sale
        .iter()
        .map(|line| ("sale", line))
        .chain(refund.iter().map(|line| ("refund", line)))
        .collect();
    assert!(unbalanced(entries).is_empty());
    let card = sale_lines(&paid, PaymentMethod::Card);
    assert_eq!(card[0].account, "card-processor");
    let mut broken = card.clone();
    broken[1].amount_minor += 1;
    assert_eq!(
        unbalanced(broken.iter().map(|line| ("order-7-paid", line))),
        ["order-7-paid"]
    );
}

#[test]
fn the_checkout_takes_an_address_or_collection_as_the_studio_offers() {
    let typed = CheckoutForm {
        piece: "tide-pendant".into(),
        delivery: "post".into(),
        name: " Bea Ortiz ".into(),
        line1: "4 Loom Street".into(),
        town: "Leeds".into(),
        postcode: "LS1 4AB".into(),
        country: "United Kingdom".into(),
        ..CheckoutForm::default()
    };
    assert_eq!(typed.delivery(&terms()), Ok(Delivery::Post(address())));
    let no_town = CheckoutForm {
        town: "  ".into(),
        ..typed.clone()
    };
    assert_eq!(
        no_town.delivery(&terms()),
        Err("The town or city is needed.".into())
    );
    let collect = CheckoutForm {
        delivery: "collect".into(),
        ..CheckoutForm::default()
    };
    assert_eq!(collect.delivery(&terms()), Ok(Delivery::Collection));
    let posts_only = SalesTerms {
        collection: None,
        ..terms()
    };
    assert!(collect.delivery(&posts_only).is_err());
    let collects_only = SalesTerms {
        delivery_fee: None,
        ..terms()
    };
    assert!(typed.delivery(&collects_only).is_err());
    let long = CheckoutForm {
        line1: "x".repeat(MAX_ADDRESS_FIELD + 1),
        ..typed
    };
    assert!(long.delivery(&terms()).is_err());
}

#[test]
fn terms_need_a_way_to_deliver_returns_and_how_to_pay() {
    let form = SalesTermsForm {
        delivery_fee: "12".into(),
        currency: "GBP".into(),
        collection: String::new(),
        returns: "Returns within 14 days.".into(),
        payment_instructions: "Sort code 00-00-00".into(),
    };
    let parsed = form.parse().expect("terms");
    assert_eq!(parsed.delivery_fee, Some(pounds(12)));
    assert_eq!(parsed.collection, None);
    assert_eq!(SalesTermsForm::of(&parsed).parse(), Ok(parsed));
    let neither = SalesTermsForm {
        delivery_fee: String::new(),
        ..form.clone()
    };
    assert!(neither.parse().is_err());
    let free = SalesTermsForm {
        delivery_fee: "0".into(),
        ..form.clone()
    };
    assert_eq!(
        free.parse().expect("free delivery").delivery_fee,
        Some(pounds(0))
    );
    let no_returns = SalesTermsForm {
        returns: " ".into(),
        ..form.clone()
    };
    assert_eq!(
        no_returns.parse(),
        Err("A returns policy is needed.".into())
    );
    let nonsense = SalesTermsForm {
        delivery_fee: "twelve".into(),
        ..form
    };
    assert!(nonsense.parse().is_err());
}

#[test]
fn a_limited_edition_sells_the_numbers_still_for_sale() {
    use crate::provenance::Edition;
    assert_eq!(Edition::OneOfOne.units_for_sale(), 1);
    assert_eq!(Edition::MadeToOrder.units_for_sale(), 0);
    let third_of_ten = Edition::Limited { number: 3, of: 10 };
    assert_eq!(third_of_ten.units_for_sale(), 8);
    assert_eq!(third_of_ten.number_of_unit(1), Some((3, 10)));
    assert_eq!(third_of_ten.number_of_unit(8), Some((10, 10)));
    assert_eq!(Edition::OneOfOne.number_of_unit(1), None);
    assert_eq!(OrderId::parse(" 12 "), Some(OrderId(12)));
    assert_eq!(OrderId::parse("-1"), None);
    assert_eq!(OrderId(12).reference(), "TS-00012");
    for status in OrderStatus::ALL {
        assert_eq!(OrderStatus::from_slug(status.slug()), Some(status));
    }
}
