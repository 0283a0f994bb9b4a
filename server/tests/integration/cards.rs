//! Paying for a piece by card, against localstripe: the buyer chooses to pay by
//! card (one payment intent however often they press it), a declined card is
//! told on the page, a good one pays the order once Stripe's signed webhook
//! arrives — a replay of it does nothing and a forged or stale one is refused —
//! and the maker's refund goes back through Stripe; bought again, it is sent and
//! received. Then what happens when the
//! webhook never arrives: a 3-D Secure payment and a payment made after the
//! hold lapsed are both found by asking Stripe (the clock, or the buyer's page),
//! the first paying its order, the second given back whole.
//!
//! localstripe doesn't keep idempotency keys (so we look for our own pending
//! payment before starting another), nor model Checkout or Connect; its fake
//! Stripe.js only completes a 3-D Secure check, which is why these tests play
//! Stripe.js's part over its API.

use crate::commissions::{assert_said, mails};
use crate::orders::{act, assert_ledger_balances, check_out, clock_with_cards, maya_sells};
use crate::support::stripe::{CARD, DECLINED, FakeStripe, THREE_D_SECURE, WEBHOOK_SECRET};
use crate::support::{TestApp, assert_shows, signed_in};
use app::orders::{OrderId, OrderStatus};
use app::payments::PaymentStatus;
use reqwest::StatusCode;

/// Runs `journey(&TestApp, &FakeStripe)` on SQLite and on PostgreSQL, each on a
/// fresh app with card payments through a fresh localstripe.
macro_rules! with_cards {
    ($name:ident, $journey:ident) => {
        mod $name {
            #[tokio::test]
            async fn on_sqlite() {
                let stripe = crate::support::stripe::FakeStripe::start().await;
                let settings = stripe.settings();
                let settings: Vec<(&str, &str)> =
                    settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let app = crate::support::spawn_app_with(&settings).await;
                super::$journey(&app, &stripe).await;
            }

            #[tokio::test]
            async fn on_postgres() {
                let Some(db) = crate::support::TestDb::postgres().await else {
                    return;
                };
                let stripe = crate::support::stripe::FakeStripe::start().await;
                let url = db.url();
                let mut settings = stripe.settings();
                settings.push(("DATABASE_URL", url));
                let settings: Vec<(&str, &str)> =
                    settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let app = crate::support::spawn_app_with(&settings).await;
                super::$journey(&app, &stripe).await;
            }
        }
    };
}

/// `data-name="…"` on the order page.
fn data(body: &str, name: &str) -> String {
    let marker = format!("data-{name}=\"");
    body.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no data-{name} on the page"))
        .to_owned()
}

/// The order's pending card payment's intent id.
async fn intent_of_order(app: &TestApp, order: OrderId) -> String {
    let payments = app.store.payments_for(&order.purpose()).await.unwrap();
    assert_eq!(payments.len(), 1, "one payment intent: {payments:?}");
    payments[0].reference.clone().unwrap()
}

async fn status_of(app: &TestApp, order: OrderId) -> OrderStatus {
    app.store.order(order).await.unwrap().unwrap().status
}

/// Waits (up to 10 s) for Stripe's webhook to move the order to `status`.
async fn until_status(app: &TestApp, order: OrderId, status: OrderStatus) {
    for _ in 0..100 {
        if status_of(app, order).await == status {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("order {} never became {status:?}", order.0);
}

/// Posts a Stripe event to the app's webhook, signed with `secret` at `at`.
async fn post_event(app: &TestApp, body: &str, secret: &str, at: i64) -> (StatusCode, String) {
    let answer = app
        .client
        .post(app.url("/webhooks/stripe"))
        .header("content-type", "application/json")
        .header(
            "stripe-signature",
            touchstone_server::stripe::sign(body.as_bytes(), secret, at),
        )
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn a_piece_is_paid_by_card(app: &TestApp, stripe: &FakeStripe) {
    stripe.send_webhooks_to(app).await;
    let mut maya = maya_sells(app).await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = check_out(&mut ben, "Ben Okafor").await;
    let order = OrderId(id.parse().unwrap());
    let page = ben.get(&format!("/orders/{id}")).await;
    assert_shows(&page, "Pay by card</button>");

    // The card form: Stripe's script and key, the payment's client secret.
    let page = act(&mut ben, &id, "pay-by-card", &[]).await;
    assert_said(&page, "Please enter your card");
    assert_eq!(
        data(&page.body, "script"),
        format!("{}/js.stripe.com/v3/", stripe.base)
    );
    assert_eq!(
        data(&page.body, "key"),
        crate::support::stripe::PUBLISHABLE_KEY
    );
    let secret = data(&page.body, "secret");
    let csp = app
        .client
        .get(app.url(&format!("/orders/{id}")))
        .send()
        .await
        .unwrap()
        .headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains(&format!("connect-src 'self' {}", stripe.base)),
        "{csp}"
    );
    act(&mut ben, &id, "pay-by-card", &[]).await;
    let intent = intent_of_order(app, order).await;
    assert!(
        secret.starts_with(&intent),
        "the same intent, pressed twice"
    );
    assert_eq!(stripe.intent(&intent).await["amount"], 420_000 + 15_000);

    // Declined (Stripe says so at once, or a moment later): the page tells it;
    // nothing is paid.
    stripe.pay(&intent, DECLINED).await;
    let mut told = false;
    for _ in 0..50 {
        told = ben
            .get(&format!("/orders/{id}"))
            .await
            .body
            .contains("The last card was refused: Your card was declined.");
        if told {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(told, "the refusal is shown");
    assert_eq!(status_of(app, order).await, OrderStatus::Held);

    // The buyer gives up: the card payment is given up with the order. (Stripe
    // would take another card on the same intent; localstripe can't.)
    act(&mut ben, &id, "cancel", &[]).await;
    let payments = app.store.payments_for(&order.purpose()).await.unwrap();
    assert_eq!(payments[0].status, PaymentStatus::Failed);
    let id = check_out(&mut ben, "Ben Okafor").await;
    let order = OrderId(id.parse().unwrap());
    act(&mut ben, &id, "pay-by-card", &[]).await;
    let intent = intent_of_order(app, order).await;

    // A good card: Stripe's webhook pays the order.
    let (status, body) = stripe.pay(&intent, CARD).await;
    assert_eq!(status, 200, "{body}");
    until_status(app, order, OrderStatus::Paid).await;
    let payments = app.store.payments_for(&order.purpose()).await.unwrap();
    assert_eq!(payments[0].status, PaymentStatus::Succeeded);
    // The email is queued once the step is saved, a moment after the status moves.
    let mut told = 0;
    for _ in 0..50 {
        told = mails(app, "ben@example.com", "Payment received")
            .await
            .len();
        if told > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(told, 1);
    let ledger = crate::orders::of_orders(app.store.ledger().await.unwrap());
    assert_ledger_balances(&ledger);
    assert!(
        ledger
            .iter()
            .any(|(_, line)| line.account == "card-processor")
    );
    assert!(app.text("/pieces/tidal-ring").await.contains(">Sold<"));

    // The same event again, a forged one and a stale one change nothing.
    let now = jiff::Timestamp::now().as_second();
    let event = serde_json::json!({
        "id": "evt_touchstone_replay",
        "type": "payment_intent.succeeded",
        "data": { "object": stripe.intent(&intent).await },
    })
    .to_string();
    assert_eq!(
        post_event(app, &event, WEBHOOK_SECRET, now).await.0,
        StatusCode::OK
    );
    let (status, text) = post_event(app, &event, WEBHOOK_SECRET, now).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::OK, "Already acted on.")
    );
    assert_eq!(
        post_event(app, &event, "whsec_forged", now).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post_event(app, &event, WEBHOOK_SECRET, now - 600).await.0,
        StatusCode::BAD_REQUEST
    );
    let unsigned = app
        .client
        .post(app.url("/webhooks/stripe"))
        .body(event.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.store
            .payments_for(&order.purpose())
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        crate::orders::of_orders(app.store.ledger().await.unwrap()).len(),
        3,
        "paid once"
    );

    // The maker refunds before sending it: the money goes back through Stripe.
    let page = act(&mut maya, &id, "refund", &[]).await;
    assert_said(&page, "refund recorded");
    assert_eq!(stripe.refunded(&intent).await, 435_000);
    let payments = app.store.payments_for(&order.purpose()).await.unwrap();
    assert_eq!(payments[0].kept_minor(), 0);
    assert_ledger_balances(&app.store.ledger().await.unwrap());

    // For sale again: bought by card, paid by the webhook, sent and received.
    let id = check_out(&mut ben, "Ben Okafor").await;
    let order = OrderId(id.parse().unwrap());
    act(&mut ben, &id, "pay-by-card", &[]).await;
    let intent = intent_of_order(app, order).await;
    assert_eq!(stripe.pay(&intent, CARD).await.0, 200);
    until_status(app, order, OrderStatus::Paid).await;
    let page = act(
        &mut maya,
        &id,
        "ship",
        &[("carrier", "PostNord"), ("tracking", "SE123")],
    )
    .await;
    assert_said(&page, "Marked as sent");
    let page = act(&mut ben, &id, "received", &[]).await;
    assert_said(&page, "the order is complete");
    assert_eq!(status_of(app, order).await, OrderStatus::Completed);
    assert!(
        ben.get("/account/pieces")
            .await
            .body
            .contains("/pieces/tidal-ring")
    );
    let ledger = crate::orders::of_orders(app.store.ledger().await.unwrap());
    assert_ledger_balances(&ledger);
    let processor: i64 = ledger
        .iter()
        .filter(|(_, line)| line.account == "card-processor")
        .map(|(_, line)| line.amount_minor)
        .sum();
    assert_eq!(
        processor, 435_000,
        "the sale that stood, with the processor"
    );
}

with_cards!(
    a_piece_is_paid_by_card_through_stripe,
    a_piece_is_paid_by_card
);

async fn payments_whose_webhook_never_came(app: &TestApp, stripe: &FakeStripe) {
    // No webhook is set up: Stripe's word never arrives.
    let cards = stripe.adapter();
    let _maya = maya_sells(app).await;

    // Paid after the hold lapsed: given back whole, and the buyer told.
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = check_out(&mut ben, "Ben Okafor").await;
    let late = OrderId(id.parse().unwrap());
    act(&mut ben, &id, "pay-by-card", &[]).await;
    let intent = intent_of_order(app, late).await;
    assert_eq!(clock_with_cards(app, 16, Some(&cards)).await.moved, 1);
    assert_eq!(status_of(app, late).await, OrderStatus::Lapsed);
    assert_eq!(stripe.pay(&intent, CARD).await.0, 200);
    assert_eq!(clock_with_cards(app, 17, Some(&cards)).await.moved, 1);
    assert_eq!(status_of(app, late).await, OrderStatus::Lapsed);
    assert_eq!(stripe.refunded(&intent).await, 435_000);
    let payments = app.store.payments_for(&late.purpose()).await.unwrap();
    assert_eq!(
        (payments[0].status, payments[0].kept_minor()),
        (PaymentStatus::Succeeded, 0)
    );
    assert_eq!(mails(app, "ben@example.com", "was refunded").await.len(), 1);
    assert_eq!(
        clock_with_cards(app, 18, Some(&cards)).await.moved,
        0,
        "once"
    );

    // 3-D Secure: the card needs the bank's check; passed, the order is paid
    // when the buyer's page (or the clock) asks Stripe.
    let mut cleo = signed_in(app, "cleo@example.com").await;
    let id = check_out(&mut cleo, "Cleo").await;
    let order = OrderId(id.parse().unwrap());
    let page = act(&mut cleo, &id, "pay-by-card", &[]).await;
    let secret = data(&page.body, "secret");
    let intent = intent_of_order(app, order).await;
    let (status, body) = stripe.pay(&intent, THREE_D_SECURE).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("requires_action"))
    );
    assert_eq!(stripe.authenticate(&intent, &secret, false).await, 200);
    let page = cleo.get(&format!("/orders/{id}")).await;
    assert!(
        page.body.contains("The last card was refused"),
        "a failed check is told"
    );
    let (status, _) = stripe.pay(&intent, THREE_D_SECURE).await;
    assert_eq!(status, 200);
    assert_eq!(stripe.authenticate(&intent, &secret, true).await, 200);
    assert_eq!(
        status_of(app, order).await,
        OrderStatus::Held,
        "no webhook came"
    );
    for _ in 0..50 {
        if cleo
            .get(&format!("/orders/{id}"))
            .await
            .body
            .contains("<strong>Paid</strong>")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        status_of(app, order).await,
        OrderStatus::Paid,
        "the page asked Stripe"
    );
    assert_eq!(
        clock_with_cards(app, 3, Some(&cards)).await.moved,
        0,
        "paid once"
    );
    assert_ledger_balances(&app.store.ledger().await.unwrap());
}

/// Posts `fields` to `path` on the server process at `address`, as the browser
/// holding `cookie` would from that server's own page; where it leads.
async fn post_to(
    app: &TestApp,
    address: &str,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> String {
    let answer = app
        .client
        .post(format!("http://{address}{path}"))
        .header("origin", format!("http://{address}"))
        .header("accept", "text/html")
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FOUND, "{path}");
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// The server that started a card payment is killed (SIGKILL) before the
/// charge, so Stripe's webhook finds nobody; another server on the database
/// learns of the charge when the buyer comes back: paid once, nothing lost,
/// and the webhook replayed later changes nothing.
async fn a_charge_outlives_the_server_killed_before_its_webhook(
    app: &TestApp,
    stripe: &FakeStripe,
) {
    let slug = crate::support::pieces_for_sale(app, 1).await.remove(0);
    let mut first = crate::support::start_server_process_with(
        app.data_dir.path(),
        &app.database_url,
        &stripe.settings(),
    );
    stripe
        .send_webhooks_to_url(&format!("http://{}/webhooks/stripe", first.address))
        .await;
    let ben = signed_in(app, "ben@example.com").await;
    let cookie = ben.cookie.clone().unwrap();
    let to = post_to(
        app,
        &first.address,
        &cookie,
        "/api/orders/checkout",
        &[("piece", slug.as_str()), ("delivery", "collect")],
    )
    .await;
    let id = to.trim_start_matches("/orders/").to_owned();
    let order = OrderId(id.parse().unwrap());
    post_to(
        app,
        &first.address,
        &cookie,
        "/api/orders/act",
        &[
            ("order", id.as_str()),
            ("action", "pay-by-card"),
            ("from", "held"),
        ],
    )
    .await;
    let intent = intent_of_order(app, order).await;

    first.child.kill().unwrap();
    first.child.wait().unwrap();
    assert_eq!(
        stripe.pay(&intent, CARD).await.0,
        200,
        "charged while no server listens"
    );
    assert_eq!(
        status_of(app, order).await,
        OrderStatus::Held,
        "nobody heard of it yet"
    );

    // The buyer comes back, to another server: the page asks Stripe.
    let mut ben = ben;
    let page = ben.get(&format!("/orders/{id}")).await;
    assert_shows(&page, "Paid");
    assert_eq!(status_of(app, order).await, OrderStatus::Paid);
    let again = ben.get(&format!("/orders/{id}")).await;
    assert_eq!(again.status, StatusCode::OK);
    let event = serde_json::json!({
        "id": "evt_touchstone_after_the_kill",
        "type": "payment_intent.succeeded",
        "data": { "object": stripe.intent(&intent).await },
    })
    .to_string();
    let now = jiff::Timestamp::now().as_second();
    assert_eq!(
        post_event(app, &event, WEBHOOK_SECRET, now).await.0,
        StatusCode::OK
    );
    assert_eq!(
        clock_with_cards(app, 5, Some(&stripe.adapter()))
            .await
            .moved,
        0,
        "the clock finds nothing left to do"
    );

    let payments = app.store.payments_for(&order.purpose()).await.unwrap();
    assert_eq!(payments.len(), 1, "{payments:?}");
    assert_eq!(payments[0].kept_minor(), payments[0].amount.minor());
    let ledger = crate::orders::of_orders(app.store.ledger().await.unwrap());
    assert_eq!(ledger.len(), 3, "paid once: {ledger:?}");
    assert_ledger_balances(&ledger);
    assert_eq!(stripe.refunded(&intent).await, 0, "nothing given back");
}

with_cards!(
    a_charge_outlives_its_server_killed_before_the_webhook,
    a_charge_outlives_the_server_killed_before_its_webhook
);

with_cards!(
    card_payments_are_found_when_their_webhook_never_comes,
    payments_whose_webhook_never_came
);

/// The commission's pending card payment's intent, once the buyer started it.
async fn commission_intent(app: &TestApp, id: &str) -> String {
    let purpose = format!("commission-{id}");
    app.store
        .payments_for(&purpose)
        .await
        .unwrap()
        .into_iter()
        .find(|payment| payment.status == PaymentStatus::Pending)
        .and_then(|payment| payment.reference)
        .expect("a card payment started")
}

/// Waits (up to 10 s) until the commission has `minor` paid.
async fn until_paid(app: &TestApp, id: &str, minor: i64) {
    let id = app::commissions::CommissionId(id.parse().unwrap());
    for _ in 0..100 {
        if app
            .store
            .commission(id)
            .await
            .unwrap()
            .unwrap()
            .state
            .paid_minor
            == minor
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("commission {} never had {minor} paid", id.0);
}

async fn a_commission_is_paid_by_card(app: &TestApp, stripe: &FakeStripe) {
    use crate::commissions::{maker, post_design, proposal, requested, step};
    stripe.send_webhooks_to(app).await;
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = requested(&mut ben, "A sapphire ring").await;
    step(&mut ana, &id, "propose", &proposal("2400")).await;
    step(&mut ben, &id, "accept", &[("proposal_version", "1")]).await;
    let page_path = format!("/commissions/{id}");

    // The deposit: the buyer's to pay by card, never the maker's.
    let page = ben.get(&page_path).await;
    assert_shows(&page, "Pay £1,200 by card");
    assert!(!ana.get(&page_path).await.body.contains("by card</button>"));
    let refused = ana
        .post(
            "/api/commissions/pay-by-card",
            &[("commission", id.as_str())],
        )
        .await;
    let refused = ana.get(refused.location.as_deref().unwrap()).await;
    assert_said(&refused, "permission");
    let (_, page) = ben
        .submit(
            "/api/commissions/pay-by-card",
            &[("commission", id.as_str())],
        )
        .await;
    assert_said(&page, "Please enter your card below to pay £1,200.");
    let secret = data(&page.body, "secret");
    let deposit = commission_intent(app, &id).await;
    assert!(secret.starts_with(&deposit));
    assert_eq!(stripe.intent(&deposit).await["amount"], 120_000);
    assert_eq!(stripe.pay(&deposit, CARD).await.0, 200);
    until_paid(app, &id, 120_000).await;
    let page = ben.get(&page_path).await;
    assert!(
        page.body
            .contains("Touchstone recorded a payment of £1,200."),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("by card</button>"),
        "nothing due by card now"
    );
    assert!(
        mails(app, "ana@example.com", "Touchstone recorded a payment")
            .await
            .len()
            == 1,
        "the maker hears of it"
    );

    // The same word again changes nothing.
    let event = serde_json::json!({
        "id": "evt_touchstone_deposit_again",
        "type": "payment_intent.succeeded",
        "data": { "object": stripe.intent(&deposit).await },
    })
    .to_string();
    let now = jiff::Timestamp::now().as_second();
    assert_eq!(
        post_event(app, &event, WEBHOOK_SECRET, now).await.0,
        StatusCode::OK
    );
    until_paid(app, &id, 120_000).await;

    // Designed, made, ready: the balance by card, an intent of its own.
    post_design(&mut ana, &id, "Sketch A").await;
    step(&mut ben, &id, "approve-design", &[]).await;
    step(&mut ana, &id, "start-making", &[]).await;
    step(&mut ana, &id, "mark-ready", &[]).await;
    let (_, page) = ben
        .submit(
            "/api/commissions/pay-by-card",
            &[("commission", id.as_str())],
        )
        .await;
    assert_said(&page, "to pay £1,200.");
    let balance = commission_intent(app, &id).await;
    assert_ne!(balance, deposit);
    assert_eq!(stripe.pay(&balance, CARD).await.0, 200);
    until_paid(app, &id, 240_000).await;

    // The maker ends it before dispatch: everything paid goes back through Stripe.
    step(
        &mut ana,
        &id,
        "cancel",
        &[("note", "The stone cracked"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(stripe.refunded(&balance).await, 120_000);
    assert_eq!(stripe.refunded(&deposit).await, 120_000);
    let purpose = format!("commission-{id}");
    let payments = app.store.payments_for(&purpose).await.unwrap();
    assert!(
        payments.iter().all(|payment| payment.kept_minor() == 0),
        "{payments:?}"
    );

    // The ledger: each card payment held by the processor, owed to the maker
    // less the platform's 8%, then all of it reversed.
    let ledger = app.store.ledger().await.unwrap();
    crate::orders::assert_ledger_balances(&ledger);
    let ours: Vec<_> = ledger
        .iter()
        .filter(|(entry, _)| entry.starts_with(&format!("{purpose}-")))
        .collect();
    let held: i64 = ours
        .iter()
        .filter(|(_, line)| line.account == "card-processor")
        .map(|(_, line)| line.amount_minor)
        .sum();
    assert_eq!(held, 0, "{ours:?}");
    assert_eq!(
        ours.iter()
            .filter(|(entry, line)| !entry.ends_with("-refunded") && line.account == "platform:fees")
            .map(|(_, line)| line.amount_minor)
            .collect::<Vec<_>>(),
        [-9_600, -9_600],
        "8% of each £1,200"
    );
}

with_cards!(
    a_commissions_deposit_and_balance_are_paid_by_card,
    a_commission_is_paid_by_card
);
