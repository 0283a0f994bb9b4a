//! A guest buys without an account, over HTTP as people do it without
//! JavaScript: the checkout holds the piece and emails a link; the link's page
//! asks them to confirm the address before anything can be paid, then opens
//! their order at every step (each letter bringing a fresh link), and opens
//! nothing else. Someone typing the guest's address in gets no link; a made-up
//! guest holds a piece for minutes at most, within the mail limits. An account
//! opened later at the guest's address finds the orders confirmed from it.

use crate::commissions::{assert_said, mails, said};
use crate::orders::{address, maya_sells};
use crate::support::{TestApp, Visitor, assert_shows, leaks, signed_in};
use app::orders::{OrderId, OrderStatus};
use reqwest::StatusCode;

const MARKUP: &str = "Zoë <b>O'Brien</b>";

/// The guest's name, markup and all, stands on the page as the text it was typed.
#[track_caller]
fn assert_shown_as_text(body: &str) {
    assert!(body.contains("Zoë &lt;b&gt;O"), "{body}");
    assert!(!body.contains("<b>O"), "{body}");
}

/// The checkout form of a guest posting `tidal-ring` to Leeds.
fn as_guest<'a>(name: &'a str, email: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut fields = address("tidal-ring", name, "Leeds");
    fields.extend([("guest_name", name), ("guest_email", email)]);
    fields
}

/// The order page's address in the newest mail to `to` about `about`.
async fn link_in_mail(app: &TestApp, to: &str, about: &str) -> String {
    let mail = mails(app, to, about).await;
    let body = &mail
        .first()
        .unwrap_or_else(|| panic!("no mail to {to} about {about}"))
        .body;
    let start = body.find("/orders/").expect("a link to the order");
    body[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Posts `action` on the guest's order as its page would, with its key.
async fn guest_act(
    guest: &mut Visitor<'_>,
    link: &str,
    action: &str,
    from: OrderStatus,
) -> crate::support::Answer {
    let (id, key) = ids(link);
    let (_, page) = guest
        .submit(
            "/api/orders/act",
            &[
                ("order", id.as_str()),
                ("action", action),
                ("from", from.slug()),
                ("key", key.as_str()),
            ],
        )
        .await;
    page
}

/// The order's id and key in a link to it.
fn ids(link: &str) -> (String, String) {
    let (path, key) = link.split_once("?key=").expect("a guest's link has a key");
    (
        path.trim_start_matches("/orders/").to_owned(),
        key.to_owned(),
    )
}

async fn a_guest_buys_by_the_links_in_their_emails(app: &TestApp) {
    let mut maya = maya_sells(app).await;
    let mut guest = Visitor::new(app);

    // Nonsense is told with what was typed kept, markup as text.
    let (to, page) = guest
        .submit("/api/orders/checkout", &as_guest(MARKUP, "not an address"))
        .await;
    assert_eq!(to, "/pieces/tidal-ring/buy");
    assert_said(&page, "Please give your email address");
    assert_shown_as_text(&page.body);
    assert!(!leaks(&page.body));

    // The hold, and the link by email only.
    let (to, page) = guest
        .submit(
            "/api/orders/checkout",
            &as_guest(MARKUP, " Zoe@Example.com "),
        )
        .await;
    assert_eq!(to, "/orders/check-your-email");
    assert_said(&page, "we've sent a link to zoe@example.com to confirm");
    assert!(
        !page.body.contains("key="),
        "the page never carries the key"
    );
    let link = link_in_mail(app, "zoe@example.com", "Confirm your order").await;
    let (id, key) = ids(&link);
    let order = OrderId(id.parse().unwrap());
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Held
    );
    assert!(
        mails(app, "maya@example.com", "order").await.is_empty(),
        "the studio hears of a placed order only"
    );

    // Someone else typing her address in gets the same hold and no link.
    let mut stranger = Visitor::new(app);
    let (to, page) = stranger
        .submit("/api/orders/checkout", &as_guest("Eve", "zoe@example.com"))
        .await;
    assert_eq!(to, "/orders/check-your-email");
    assert!(!page.body.contains("key="));
    assert_eq!(
        mails(app, "zoe@example.com", "Confirm your order")
            .await
            .len(),
        2
    );

    // The order opens by its key only: not without, not with a changed one,
    // not another order's.
    let bare = stranger.get(&format!("/orders/{id}")).await;
    assert!(!bare.body.contains("Confirm my email address"));
    assert!(!bare.body.contains("4 Loom Street"), "{}", bare.body);
    let forged = stranger
        .get(&format!(
            "/orders/{id}?key={}",
            key.replacen('a', "b", 1).replacen('1', "2", 1)
        ))
        .await;
    assert!(!forged.body.contains("4 Loom Street"));
    assert_shows(&forged, "This link isn't valid any more");
    let other = stranger
        .get(&format!("/orders/{}?key={key}", order.0 + 1))
        .await;
    assert!(!other.body.contains("4 Loom Street"));

    // Until the address is confirmed nothing can be paid.
    let page = guest.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    // The name on the parcel.
    assert_shown_as_text(&page.body);
    assert!(page.body.contains("Confirm my email address"));
    assert!(!page.body.contains("Pay by bank transfer"));
    assert!(
        !page.body.contains("Your orders"),
        "a guest has no list of orders"
    );
    let refused = guest_act(&mut guest, &link, "pay-by-transfer", OrderStatus::Held).await;
    assert_said(&refused, "Please confirm your email address first");
    let wrong = guest_act(
        &mut guest,
        &format!("/orders/{}?key={key}", order.0 + 1),
        "cancel",
        OrderStatus::Held,
    )
    .await;
    assert!(!said(&wrong).contains("cancelled"));
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Held
    );

    let (to, page) = guest
        .submit(
            "/api/orders/confirm-email",
            &[("order", id.as_str()), ("key", key.as_str())],
        )
        .await;
    assert_eq!(to, link);
    assert_said(&page, "your address is confirmed");
    assert!(page.body.contains("Pay by bank transfer"));

    // Paid by transfer: each letter brings its link, which opens the order.
    let page = guest_act(&mut guest, &link, "pay-by-transfer", OrderStatus::Held).await;
    assert_said(&page, "Your order is placed");
    assert!(page.body.contains("Bankgiro 123-4567"));
    let how = link_in_mail(app, "zoe@example.com", "how to pay").await;
    assert!(
        guest
            .get(&how)
            .await
            .body
            .contains("Waiting for your bank transfer")
    );
    assert_eq!(mails(app, "maya@example.com", "New order").await.len(), 1);
    // Her address typed in again: the same words on the page, and to her the
    // link to the order that stands, nothing to confirm.
    let (_, page) = stranger
        .submit("/api/orders/checkout", &as_guest("Eve", "zoe@example.com"))
        .await;
    assert_said(&page, "we've sent a link to zoe@example.com to confirm");
    let standing = link_in_mail(app, "zoe@example.com", "Your order TS-").await;
    assert!(
        standing.starts_with(&format!("/orders/{id}?key=")),
        "{standing}"
    );
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::AwaitingPayment
    );
    let studio_orders = maya.get("/studio/orders").await;
    assert_shown_as_text(&studio_orders.body);

    let page = crate::orders::act(
        &mut maya,
        &id,
        "record-payment",
        &[("method", "bank-transfer")],
    )
    .await;
    assert_said(&page, "payment is recorded");
    let page = crate::orders::act(
        &mut maya,
        &id,
        "ship",
        &[("carrier", "Royal Mail"), ("tracking", "AB1")],
    )
    .await;
    assert_said(&page, "Marked as sent");
    let sent = link_in_mail(app, "zoe@example.com", "on its way").await;
    let page = guest_act(&mut guest, &sent, "received", OrderStatus::Shipped).await;
    assert_said(&page, "the order is complete");
    assert_shows(&page, "provenance passport");
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Completed
    );
}

/// A guest nobody can reach checks out `tidal-ring`; where it leads and the page.
async fn press_as_nobody(guest: &mut Visitor<'_>) -> (String, crate::support::Answer) {
    guest
        .submit(
            "/api/orders/checkout",
            &as_guest("Nobody", "nobody@example.com"),
        )
        .await
}

#[track_caller]
fn assert_past_the_mail_limits((to, page): (String, crate::support::Answer)) {
    assert_eq!(to, "/pieces/tidal-ring/buy");
    assert_said(&page, "We've sent several emails for this address");
}

async fn a_made_up_guest_holds_a_piece_for_minutes_within_the_mail_limits(app: &TestApp) {
    maya_sells(app).await;
    let mut guest = Visitor::new(app);
    let (to, _) = press_as_nobody(&mut guest).await;
    assert_eq!(to, "/orders/check-your-email");
    let order = OrderId(
        ids(&link_in_mail(app, "nobody@example.com", "Confirm").await)
            .0
            .parse()
            .unwrap(),
    );

    // Pressing again re-sends the link, up to the limit for one address from
    // one client; past it the hold stays (it was not this press's).
    for _ in 1..app::accounts::limits::MAILS_PER_ADDRESS_AND_CLIENT {
        let (to, _) = press_as_nobody(&mut guest).await;
        assert_eq!(to, "/orders/check-your-email");
    }
    assert_past_the_mail_limits(press_as_nobody(&mut guest).await);
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Held
    );

    // Never confirmed, the hold lapses with the clock and tells nobody.
    let round = crate::orders::clock_at(app, 16).await;
    assert_eq!(round.moved, 1);
    assert_eq!(
        app.store.order(order).await.unwrap().unwrap().status,
        OrderStatus::Lapsed
    );
    assert!(mails(app, "nobody@example.com", "lapsed").await.is_empty());
    assert!(mails(app, "maya@example.com", "lapsed").await.is_empty());
    let late = app
        .store
        .confirm_order_email(order, jiff::Timestamp::now())
        .await
        .unwrap();
    assert!(!late, "a lapsed hold is not confirmed");

    // Past the limits, a new hold is given up at once: the piece stays for sale.
    assert_past_the_mail_limits(press_as_nobody(&mut guest).await);
    let newest = OrderId(order.0 + 1);
    assert_eq!(
        app.store.order(newest).await.unwrap().unwrap().status,
        OrderStatus::Cancelled
    );
    assert!(
        app.text("/pieces/tidal-ring")
            .await
            .contains("/pieces/tidal-ring/buy")
    );
}

/// A guest who opens an account later, at the address they bought under, finds
/// the orders they confirmed from it among their own and acts on them without
/// the emailed link. A hold under that address nobody confirmed stays out, and
/// nobody else's account sees either.
async fn a_guest_finds_their_orders_in_the_account_they_open_later(app: &TestApp) {
    maya_sells(app).await;
    let mut guest = Visitor::new(app);
    guest
        .submit("/api/orders/checkout", &as_guest(MARKUP, "zoe@example.com"))
        .await;
    let link = link_in_mail(app, "zoe@example.com", "Confirm your order").await;
    let (id, key) = ids(&link);
    let order_page = format!("/orders/{id}");

    let mut zoe = signed_in(app, "zoe@example.com").await;
    let list = zoe.get("/account/orders").await;
    assert!(
        !list.body.contains(&order_page),
        "a hold nobody confirmed is nobody's: {}",
        list.body
    );
    assert!(!zoe.get(&order_page).await.body.contains("4 Loom Street"));

    let (_, page) = guest
        .submit(
            "/api/orders/confirm-email",
            &[("order", id.as_str()), ("key", key.as_str())],
        )
        .await;
    assert_said(&page, "your address is confirmed");
    guest_act(&mut guest, &link, "pay-by-transfer", OrderStatus::Held).await;

    let list = zoe.get("/account/orders").await;
    assert!(list.body.contains(&order_page), "{}", list.body);
    let page = zoe.get(&order_page).await;
    assert_shows(&page, "Waiting for your bank transfer");
    assert_shown_as_text(&page.body);
    assert!(page.body.contains("4 Loom Street"));
    let (to, page) = zoe
        .submit(
            "/api/orders/act",
            &[
                ("order", id.as_str()),
                ("action", "cancel"),
                ("from", OrderStatus::AwaitingPayment.slug()),
            ],
        )
        .await;
    assert_eq!(to, order_page, "her account needs no key");
    assert_said(&page, "The order is cancelled");

    let mut ben = signed_in(app, "ben@example.com").await;
    assert!(!ben.get("/account/orders").await.body.contains(&order_page));
    assert!(!ben.get(&order_page).await.body.contains("4 Loom Street"));
}

on_both_databases!(
    a_guest_s_orders_join_the_account_they_open_later,
    a_guest_finds_their_orders_in_the_account_they_open_later
);

on_both_databases!(
    a_guest_buys_by_the_links_in_their_emails_and_nothing_else,
    a_guest_buys_by_the_links_in_their_emails
);

on_both_databases!(
    made_up_guests_hold_for_minutes,
    a_made_up_guest_holds_a_piece_for_minutes_within_the_mail_limits
);
