//! Buying a ready piece over HTTP, as people do it without JavaScript: the maker
//! writes their terms of sale, a buyer checks out (the piece held for them),
//! chooses a bank transfer, the maker records the payment, sends the piece and
//! the buyer confirms it arrived; the piece shows "sold", its passport records
//! that it changed hands (and nothing of the buyer) and the buyer finds it under
//! their pieces. Then a refund, a cancellation, a hold that lapses and an order
//! that completes by itself, and everything a stranger or the wrong side tries.

use crate::commissions::{assert_said, mails, said};
use crate::support::studio::{maker, published_piece};
use crate::support::{TestApp, Visitor, assert_shows, leaks, signed_in};
use app::orders::{OrderId, OrderStatus, unbalanced};
use reqwest::StatusCode;

const NAUGHTY: &str = "<script>alert('x')</script> & \"friends\"";

/// The terms of sale as the studio's form posts them.
fn terms<'a>(delivery_fee: &'a str, returns: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("delivery_fee", delivery_fee),
        ("currency", "SEK"),
        (
            "collection",
            "From the studio in Gothenburg, by appointment",
        ),
        ("returns", returns),
        ("payment_instructions", "Bankgiro 123-4567, Maya Lindqvist"),
    ]
}

/// The checkout form, posted to an address.
pub(crate) fn address<'a>(
    piece: &'a str,
    name: &'a str,
    town: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("piece", piece),
        ("delivery", "post"),
        ("name", name),
        ("line1", "4 Loom Street"),
        ("line2", ""),
        ("town", town),
        ("postcode", "LS1 4AB"),
        ("country", "United Kingdom"),
    ]
}

/// A published maker selling one published piece, `tidal-ring`, under her terms.
pub(crate) async fn maya_sells<'a>(app: &'a TestApp) -> Visitor<'a> {
    let mut maya = maker(app, "maya@example.com", "maya-lindqvist").await;
    published_piece(app, &mut maya, "maya@example.com", "maya-lindqvist").await;
    let (_, page) = maya
        .submit(
            "/api/orders/save-terms",
            &terms("150", "Returns within 14 days, unworn."),
        )
        .await;
    assert_said(&page, "terms of sale are saved");
    maya
}

/// Takes `action` on order `id` as a page showing it as it stands would post it.
pub(crate) async fn act(
    visitor: &mut Visitor<'_>,
    id: &str,
    action: &str,
    extra: &[(&str, &str)],
) -> crate::support::Answer {
    let order = OrderId(id.parse().unwrap());
    let from = visitor
        .app
        .store
        .order(order)
        .await
        .unwrap()
        .unwrap()
        .status
        .slug();
    let mut fields = vec![("order", id), ("action", action), ("from", from)];
    fields.extend_from_slice(extra);
    let answer = visitor.post("/api/orders/act", &fields).await;
    match answer.location.clone() {
        Some(to) if answer.status == StatusCode::FOUND => visitor.get(&to).await,
        _ => answer,
    }
}

/// Checks out `tidal-ring` to an address; where it leads and the page there.
async fn checkout(buyer: &mut Visitor<'_>, name: &str) -> (String, crate::support::Answer) {
    buyer
        .submit(
            "/api/orders/checkout",
            &address("tidal-ring", name, "Leeds"),
        )
        .await
}

/// Checks out `tidal-ring` to an address, the piece held; the order's id.
pub(crate) async fn check_out(buyer: &mut Visitor<'_>, name: &str) -> String {
    let (to, page) = checkout(buyer, name).await;
    assert!(to.starts_with("/orders/"), "{to}: {}", page.body);
    assert_said(&page, "is held for you");
    to.trim_start_matches("/orders/").to_owned()
}

/// The ledger's lines of orders (the demo's commissions have theirs).
pub(crate) fn of_orders(
    ledger: Vec<(String, app::orders::LedgerLine)>,
) -> Vec<(String, app::orders::LedgerLine)> {
    ledger
        .into_iter()
        .filter(|(entry, _)| entry.starts_with("order-"))
        .collect()
}

pub(crate) fn assert_ledger_balances(ledger: &[(String, app::orders::LedgerLine)]) {
    assert!(
        unbalanced(ledger.iter().map(|(entry, line)| (entry.as_str(), line))).is_empty(),
        "{ledger:?}"
    );
}

async fn a_piece_is_bought_by_bank_transfer(app: &TestApp) {
    let mut maya = maker(app, "maya@example.com", "maya-lindqvist").await;
    published_piece(app, &mut maya, "maya@example.com", "maya-lindqvist").await;
    assert!(
        !app.text("/pieces/tidal-ring")
            .await
            .contains("/pieces/tidal-ring/buy"),
        "no Buy before the studio's terms"
    );
    assert_eq!(
        Visitor::new(app).get("/pieces/tidal-ring/buy").await.status,
        StatusCode::NOT_FOUND
    );

    // The terms: nonsense is told plainly with what was typed kept, markup stays text.
    let (_, page) = maya
        .submit("/api/orders/save-terms", &terms("twelve", NAUGHTY))
        .await;
    assert_said(&page, "delivery price as a number");
    assert!(
        page.body.contains("&lt;script&gt;alert"),
        "typed returns kept: {}",
        &page.body[page.body.find("Returns policy").unwrap_or(0)..][..600]
    );
    assert!(!page.body.contains("<script>alert"));
    let (_, page) = maya
        .submit("/api/orders/save-terms", &terms("150", " "))
        .await;
    assert_said(&page, "A returns policy is needed.");
    let (_, page) = maya
        .submit("/api/orders/save-terms", &terms("150", NAUGHTY))
        .await;
    assert_said(&page, "terms of sale are saved");
    let public = app.text("/pieces/tidal-ring").await;
    assert!(
        public.contains("href=\"/pieces/tidal-ring/buy\""),
        "{public}"
    );

    // Signed out: the checkout offers signing in or buying as a guest, who
    // must say who they are.
    let mut stranger = Visitor::new(app);
    let signed_out = stranger.get("/pieces/tidal-ring/buy").await;
    assert_eq!(signed_out.status, StatusCode::OK);
    assert!(signed_out.body.contains("or buy as a guest below"));
    assert!(
        signed_out.body.contains("&lt;script&gt;alert"),
        "the returns terms, as text"
    );
    let (to, page) = stranger
        .submit(
            "/api/orders/checkout",
            &address("tidal-ring", "Eve", "Leeds"),
        )
        .await;
    assert_eq!(to, "/pieces/tidal-ring/buy");
    assert_said(&page, "Your name is needed.");

    // The buyer: a missing town is told, the rest kept; then the hold.
    let mut ben = signed_in(app, "ben@example.com").await;
    let page = ben.get("/pieces/tidal-ring/buy").await;
    assert_shows(&page, "Delivery: SEK 150, so SEK 4,350 in all");
    let (_, page) = ben
        .submit("/api/orders/checkout", &address("tidal-ring", NAUGHTY, " "))
        .await;
    assert_said(&page, "The town or city is needed.");
    assert_shows(&page, "value=\"&lt;script&gt;alert");
    let (_, page) = maya
        .submit(
            "/api/orders/checkout",
            &address("tidal-ring", "Maya", "Leeds"),
        )
        .await;
    assert_said(&page, "your own piece");
    let id = check_out(&mut ben, NAUGHTY).await;
    let order = format!("/orders/{id}");
    let page = ben.get(&order).await;
    assert!(
        page.body.contains("&lt;script&gt;alert"),
        "the name on the parcel, as text"
    );
    assert!(!page.body.contains("<script>alert"));
    assert!(page.body.contains("Pay by bank transfer"));
    assert!(!leaks(&page.body));

    // Nobody else buys it meanwhile, and a second checkout is told plainly.
    let mut cleo = signed_in(app, "cleo@example.com").await;
    let (_, page) = checkout(&mut cleo, "Cleo").await;
    assert_said(&page, "Someone else is buying this piece");
    for (who, visitor) in [("the maker", &mut maya), ("another buyer", &mut cleo)] {
        assert_eq!(
            visitor.get(&order).await.status,
            StatusCode::NOT_FOUND,
            "{who} doesn't see a hold at the checkout"
        );
    }

    // The bank transfer: the maker's details and the reference, by email too.
    let page = act(&mut ben, &id, "pay-by-transfer", &[]).await;
    let reference = OrderId(id.parse().unwrap()).reference();
    assert_shows(&page, "Bankgiro 123-4567");
    assert!(page.body.contains(&reference));
    let how = mails(app, "ben@example.com", "how to pay").await;
    assert!(how[0].body.contains("Bankgiro 123-4567") && how[0].body.contains(&reference));
    assert_eq!(mails(app, "maya@example.com", "New order").await.len(), 1);

    // Every action of the wrong side is refused; strangers learn nothing.
    let refused = act(
        &mut ben,
        &id,
        "record-payment",
        &[("method", "bank-transfer")],
    )
    .await;
    assert_said(&refused, "permission");
    let mut dora = signed_in(app, "dora@example.com").await;
    let mut nobody = Visitor::new(app);
    for (who, visitor) in [("another buyer", &mut cleo), ("a stranger", &mut dora)] {
        assert_eq!(
            visitor.get(&order).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        for action in [
            "record-payment",
            "cancel",
            "ship",
            "received",
            "refund",
            "collected",
        ] {
            let answer = visitor
                .post(
                    "/api/orders/act",
                    &[
                        ("order", id.as_str()),
                        ("action", action),
                        ("from", "awaiting-payment"),
                    ],
                )
                .await;
            let page = visitor.get(answer.location.as_deref().unwrap_or("/")).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{who} {action}");
            assert!(page.body.contains("couldn't find"), "{who} {action}");
        }
    }
    let answer = nobody
        .post(
            "/api/orders/act",
            &[
                ("order", id.as_str()),
                ("action", "cancel"),
                ("from", "awaiting-payment"),
            ],
        )
        .await;
    assert_eq!(answer.location.as_deref(), Some("/sign-in"));
    let stale = maya
        .post(
            "/api/orders/act",
            &[
                ("order", id.as_str()),
                ("action", "record-payment"),
                ("from", "held"),
                ("method", "cash"),
            ],
        )
        .await;
    let page = maya.get(stale.location.as_deref().unwrap()).await;
    assert_said(&page, "changed while you were looking");

    // The maker records the transfer: the piece is sold.
    let page = act(
        &mut maya,
        &id,
        "record-payment",
        &[("method", "bank-transfer")],
    )
    .await;
    assert_said(&page, "payment is recorded");
    assert_eq!(
        mails(app, "ben@example.com", "Payment received")
            .await
            .len(),
        1
    );
    let public = app.text("/pieces/tidal-ring").await;
    assert!(public.contains(">Sold<"), "{public}");
    assert!(!public.contains("/pieces/tidal-ring/buy"));
    assert!(public.contains("https://schema.org/SoldOut"));
    let sold = cleo.get("/pieces/tidal-ring/buy").await;
    assert_eq!(sold.status, StatusCode::CONFLICT);
    assert!(sold.body.contains("This piece has been sold."));

    // Sent: a carrier is needed; the tracking number stays text.
    let page = act(
        &mut maya,
        &id,
        "ship",
        &[("carrier", " "), ("tracking", "X1")],
    )
    .await;
    assert_said(&page, "The carrier is needed.");
    assert!(
        page.body.contains("value=\"X1\""),
        "the tracking number kept"
    );
    let page = act(
        &mut maya,
        &id,
        "ship",
        &[("carrier", "PostNord"), ("tracking", "<i>RR123</i>")],
    )
    .await;
    assert_said(&page, "Marked as sent");
    let page = ben.get(&order).await;
    assert_shows(&page, "&lt;i&gt;RR123&lt;/i&gt;");
    assert!(
        mails(app, "ben@example.com", "on its way").await[0]
            .body
            .contains("PostNord")
    );

    // Received: complete, and the passport says it changed hands, naming nobody.
    let page = act(&mut ben, &id, "received", &[]).await;
    assert_said(&page, "the order is complete");
    let passport = crate::commissions::hidden(
        &page
            .body
            .replace("href=\"/passport/", "name=\"passport\" value=\""),
        "passport",
    );
    let passport = app.text(&format!("/passport/{passport}")).await;
    assert!(passport.contains("Changed hands"), "{passport}");
    assert!(!passport.contains("ben@example.com") && !passport.contains("alert('x')"));
    let owned = ben.get("/account/pieces").await;
    assert!(owned.body.contains("Tidal ring") && owned.body.contains("/passport/"));
    assert!(ben.get("/account/orders").await.body.contains(&reference));
    assert!(maya.get("/studio/orders").await.body.contains(&reference));
    assert!(
        cleo.get("/account/pieces")
            .await
            .body
            .contains("Pieces you buy are listed here"),
        "nobody else's pieces"
    );

    // The ledger: the maker holds the price and delivery, owes the platform 8%.
    let ledger = app.store.ledger().await.unwrap();
    assert_ledger_balances(&ledger);
    let fee: i64 = ledger
        .iter()
        .filter(|(entry, line)| entry.starts_with("order-") && line.account == "platform:fees")
        .map(|(_, line)| line.amount_minor)
        .sum();
    assert_eq!(fee, -(420_000 * 8 / 100), "8% of kr 4,200");
}

on_both_databases!(
    a_piece_is_bought_by_bank_transfer_and_changes_hands,
    a_piece_is_bought_by_bank_transfer
);

/// Runs the order clock `minutes` from now, as the app's own servers do, with
/// the app's passport key (completion signs the passport's next version).
pub(crate) async fn clock_at(app: &TestApp, minutes: i64) -> services::orders::OrderRound {
    clock_with_cards(app, minutes, None).await
}

/// The order clock `minutes` from now, asking `cards` about card payments.
pub(crate) async fn clock_with_cards(
    app: &TestApp,
    minutes: i64,
    cards: Option<&dyn app::payments::CardPayments>,
) -> services::orders::OrderRound {
    let settings = crate::support::test_settings(app.data_dir.path(), &[]);
    let notary = touchstone_server::startup::load_notary(&settings, app.store.as_ref())
        .await
        .unwrap();
    let link_keys =
        touchstone_server::links::HmacLinkKeys::load(&settings.link_keys, &settings.data_dir)
            .unwrap();
    let mut desk = services::orders::desk::OrderDesk::new(
        app.store.as_ref(),
        notary.as_ref(),
        &link_keys,
        800,
        "http://touchstone.test",
        jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes),
    );
    desk.till.cards = cards;
    desk.run_clock().await.unwrap()
}

async fn orders_are_refunded_cancelled_lapse_and_complete(app: &TestApp) {
    let mut maya = maya_sells(app).await;
    let mut ben = signed_in(app, "ben@example.com").await;

    // Paid, then refunded before it was sent: for sale again, the ledger back to nothing.
    let id = check_out(&mut ben, "Ben Okafor").await;
    act(&mut ben, &id, "pay-by-transfer", &[]).await;
    act(&mut maya, &id, "record-payment", &[("method", "cash")]).await;
    let refused = act(&mut ben, &id, "refund", &[]).await;
    assert_said(&refused, "permission");
    let page = act(&mut maya, &id, "refund", &[]).await;
    assert_said(&page, "refund recorded");
    assert_eq!(mails(app, "ben@example.com", "refunded").await.len(), 1);
    let order = OrderId(id.parse().unwrap());
    let payments = app.store.payments_for(&order.purpose()).await.unwrap();
    assert_eq!(payments[0].kept_minor(), 0);
    let ledger = of_orders(app.store.ledger().await.unwrap());
    assert_eq!(ledger.len(), 6);
    assert_ledger_balances(&ledger);
    let maya_holds: i64 = ledger
        .iter()
        .filter(|(_, line)| line.account.ends_with(":received"))
        .map(|(_, line)| line.amount_minor)
        .sum();
    assert_eq!(maya_holds, 0, "paid and given back");
    assert!(
        app.text("/pieces/tidal-ring")
            .await
            .contains("/pieces/tidal-ring/buy")
    );

    // Cancelled by the buyer while waiting for the transfer.
    let id = check_out(&mut ben, "Ben Okafor").await;
    act(&mut ben, &id, "pay-by-transfer", &[]).await;
    let page = act(&mut ben, &id, "cancel", &[]).await;
    assert_said(&page, "order is cancelled");
    assert_eq!(
        app.store
            .order(OrderId(id.parse().unwrap()))
            .await
            .unwrap()
            .unwrap()
            .status,
        OrderStatus::Cancelled
    );

    // A hold nobody pays lapses once its time is up, and frees the piece.
    let id = check_out(&mut ben, "Ben Okafor").await;
    let order = OrderId(id.parse().unwrap());
    assert_eq!(clock_at(app, 1).await.moved, 0);
    let round = clock_at(app, 16).await;
    assert_eq!(round.moved, 1);
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Lapsed
    );
    assert_eq!(clock_at(app, 17).await.moved, 0, "once");
    let page = act(&mut ben, &id, "pay-by-transfer", &[]).await;
    assert!(
        !page.body.contains("Pay by bank transfer</button>"),
        "{}",
        page.body
    );

    // Sent and never confirmed: complete by itself after 14 days (to a buyer
    // the lapsed hold freed the piece for).
    let mut cleo = signed_in(app, "cleo@example.com").await;
    let id = check_out(&mut cleo, "Cleo").await;
    act(&mut cleo, &id, "pay-by-transfer", &[]).await;
    act(
        &mut maya,
        &id,
        "record-payment",
        &[("method", "bank-transfer")],
    )
    .await;
    act(
        &mut maya,
        &id,
        "ship",
        &[("carrier", "PostNord"), ("tracking", "")],
    )
    .await;
    let order = OrderId(id.parse().unwrap());
    assert_eq!(clock_at(app, 60 * 24 * 13).await.moved, 0);
    assert_eq!(clock_at(app, 60 * 24 * 14 + 1).await.moved, 1);
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Completed
    );
    assert_ledger_balances(&app.store.ledger().await.unwrap());

    // One buyer holds at most three pieces at once.
    let mut dan = signed_in(app, "dan@example.com").await;
    let pieces = crate::support::pieces_for_sale(app, 4).await;
    for (n, piece) in pieces.iter().enumerate() {
        let (_, page) = dan
            .submit(
                "/api/orders/checkout",
                &[("piece", piece.as_str()), ("delivery", "collect")],
            )
            .await;
        let expected = if n < 3 {
            "is held for you"
        } else {
            "You have 3 pieces held for you already"
        };
        assert!(said(&page).contains(expected), "{n}: {}", page.body);
    }
}

on_both_databases!(
    orders_are_refunded_cancelled_lapse_and_complete_by_themselves,
    orders_are_refunded_cancelled_lapse_and_complete
);

/// Buyers signed in at once press the checkout's button for the same one-of-one:
/// one hold, everyone else told plainly, nothing in the 500s.
/// Two hundred buyers, signed in, press the checkout's button for the same
/// one-of-one at once: one hold, everyone else told plainly, nothing fails.
async fn buyers_race_for_one_piece(app: &TestApp) {
    let _maya = maya_sells(app).await;
    assert_eq!(
        crate::support::orders::buyers_race_for(app, "tidal-ring", 200).await,
        (1, 199)
    );
}

on_both_databases!(
    buyers_racing_over_http_make_one_hold,
    buyers_race_for_one_piece
);
