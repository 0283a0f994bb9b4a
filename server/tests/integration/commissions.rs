//! A commission over HTTP, as people take it without JavaScript: a buyer asks,
//! the maker proposes, the buyer asks for changes and accepts the revision, the
//! deposit is recorded, two design rounds, the signed agreement, progress, the
//! balance, dispatch and receipt. Then cancellation after the lock, a round
//! beyond those included, and everything a stranger or the wrong side tries.

use crate::support::{
    TestApp, Visitor, assert_shows, behind_the_apps_back, fetch_media, leaks, media_urls, png,
    signed_in, tampered,
};
use reqwest::StatusCode;

/// A published maker who takes commissions.
pub(crate) async fn maker<'a>(
    app: &'a TestApp,
    email: &str,
    slug: &str,
    name: &str,
) -> Visitor<'a> {
    let mut maker = signed_in(app, email).await;
    let studio = [
        ("display_name", name),
        ("slug", slug),
        ("country", "GB"),
        ("tagline", "Rings to order"),
        (
            "story",
            "I design every ring with the person who will wear it.",
        ),
        ("commissions", "open"),
        ("currency", "GBP"),
    ];
    maker.submit("/api/studio/open", &studio).await;
    let (_, page) = maker.submit("/api/studio/save-profile", &studio).await;
    assert!(!page.body.contains("form-error"), "{}", page.body);
    maker
        .submit("/api/studio/publish-profile", &[("publish", "yes")])
        .await;
    maker
}

/// The hidden `name="…"` value on a page (the first of them).
pub(crate) fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .map(|at| at + marker.len())
        .unwrap_or_else(|| {
            panic!("no {name} on the page: {body}");
        });
    body[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Takes a step from the commission's page as it stands: the page's version,
/// the step, its fields. Returns the page the post leads to.
pub(crate) async fn step(
    visitor: &mut Visitor<'_>,
    id: &str,
    name: &str,
    fields: &[(&str, &str)],
) -> crate::support::Answer {
    let page = visitor.get(&format!("/commissions/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let version = hidden(&page.body, "version");
    let mut all = vec![
        ("commission", id),
        ("version", version.as_str()),
        ("step", name),
    ];
    all.extend_from_slice(fields);
    let (_, page) = visitor.submit("/api/commissions/step", &all).await;
    page
}

/// Posts `pictures` PNGs and a note to a commission's picture step at `version`,
/// as the page's multipart form does; the page the answer leads to.
async fn post_pictures(
    visitor: &mut Visitor<'_>,
    id: &str,
    name: &str,
    version: &str,
    note: &str,
    pictures: usize,
) -> crate::support::Answer {
    let mut form = reqwest::multipart::Form::new().text("note", note.to_owned());
    for n in 0..pictures {
        form = form.part(
            "pictures",
            reqwest::multipart::Part::bytes(png(400 + n as u32, 300))
                .file_name(format!("sketch-{n}.png")),
        );
    }
    let app = visitor.app;
    let request = app
        .client
        .post(app.url(&format!(
            "/commissions/{id}/step?step={name}&version={version}"
        )))
        .header("origin", format!("http://{}", app.address))
        .multipart(form);
    let answer = visitor.send(request).await;
    assert!(answer.status.is_redirection(), "{}", answer.body);
    visitor.get(answer.location.as_deref().unwrap_or("/")).await
}

/// The maker posts a design (or progress) with `pictures` PNGs from the page.
pub(crate) async fn with_pictures(
    visitor: &mut Visitor<'_>,
    id: &str,
    name: &str,
    note: &str,
    pictures: usize,
) -> crate::support::Answer {
    let page = visitor.get(&format!("/commissions/{id}")).await;
    let version = hidden(&page.body, "version");
    post_pictures(visitor, id, name, &version, note, pictures).await
}

pub(crate) async fn post_design(
    visitor: &mut Visitor<'_>,
    id: &str,
    note: &str,
) -> crate::support::Answer {
    with_pictures(visitor, id, "post-design", note, 1).await
}

/// Fails unless the page's alert or notice says `text`.
#[track_caller]
pub(crate) fn assert_said(page: &crate::support::Answer, text: &str) {
    assert!(said(page).contains(text), "not said: {text}\n{}", page.body);
}

pub(crate) fn said(page: &crate::support::Answer) -> &str {
    page.body
        .split("role=\"alert\"")
        .nth(1)
        .or_else(|| page.body.split("role=\"status\"").nth(1))
        .unwrap_or_default()
}

const PROPOSAL: [(&str, &str); 14] = [
    ("piece", "Engagement ring"),
    ("metals", "18k recycled yellow gold (750)"),
    ("stones", "1 ct laboratory-grown sapphire, oval"),
    ("dimensions", "Band 2.2 mm"),
    ("ring_size", "UK M"),
    ("currency", "GBP"),
    ("price", "2400"),
    ("deposit_kind", "share"),
    ("deposit", "50"),
    ("rounds", "2"),
    ("lead_weeks", "6"),
    ("refund_before", "80"),
    ("refund_after", "50"),
    ("refund_making", "0"),
];

pub(crate) fn proposal(price: &str) -> Vec<(&str, &str)> {
    let mut fields: Vec<(&str, &str)> = PROPOSAL
        .iter()
        .map(|(name, value)| (*name, if *name == "price" { price } else { *value }))
        .collect();
    fields.push(("valid_days", "14"));
    fields
}

/// Ben asks Ana for a ring; the commission's number.
pub(crate) async fn requested(ben: &mut Visitor<'_>, brief: &str) -> String {
    let page = ben.get("/makers/ana-ruiz/commission").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Commission a piece from Ana Ruiz"));
    let (to, page) = ben
        .submit(
            "/api/commissions/request",
            &[("maker", "ana-ruiz"), ("booking", ""), ("brief", brief)],
        )
        .await;
    assert_shows(&page, "Your request is with Ana Ruiz");
    to.trim_start_matches("/commissions/").to_owned()
}

/// Proposed, accepted and the deposit paid: in design, round 1 of 2.
pub(crate) async fn in_design(ana: &mut Visitor<'_>, ben: &mut Visitor<'_>) -> String {
    let id = requested(ben, "A sapphire ring").await;
    step(ana, &id, "propose", &proposal("2400")).await;
    step(ben, &id, "accept", &[("proposal_version", "1")]).await;
    step(
        ana,
        &id,
        "record-payment",
        &[("amount", "1200"), ("method", "bank-transfer")],
    )
    .await;
    id
}

async fn from_request_to_receipt(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let profile = ben.get("/makers/ana-ruiz").await;
    assert!(profile.body.contains("/makers/ana-ruiz/commission"));

    let brief = "A ring for <b>Maya</b> <script>alert(1)</script> with my grandmother's sapphire";
    let id = requested(&mut ben, brief).await;
    let page = ben.get(&format!("/commissions/{id}")).await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(
        page.body.contains("Waiting for the maker&#x27;s proposal")
            || page.body.contains("Waiting for the maker's proposal"),
        "{}",
        page.body
    );
    let mail = app.store.recent_mail(5).await.unwrap();
    assert!(
        mail.iter()
            .any(|m| m.to == "ana@example.com" && m.subject.contains("asks you for a commission")),
        "the maker hears of the request"
    );

    // Proposal v1; the buyer reads all of it, asks for changes; v2 is accepted.
    let page = step(&mut ana, &id, "propose", &proposal("2400")).await;
    assert_shows(&page, "You sent a proposal.");
    let page = ben.get(&format!("/commissions/{id}")).await;
    for fact in [
        "£2,400",
        "£1,200 (50% of the price)",
        "Design rounds included",
        "80% of what was paid comes back",
        "Accept proposal version 1",
    ] {
        assert!(page.body.contains(fact), "{fact}: {}", page.body);
    }
    step(
        &mut ben,
        &id,
        "ask-for-changes",
        &[(
            "note",
            "A thinner band, <img src=x onerror=alert(1)> please",
        )],
    )
    .await;
    for reader in [&mut ben, &mut ana] {
        let page = reader.get(&format!("/commissions/{id}")).await;
        assert!(
            page.body
                .contains("A thinner band, &lt;img src=x onerror=alert(1)&gt; please")
        );
        assert!(!page.body.contains("<img src=x"));
    }
    let mail = app.store.recent_mail(1).await.unwrap();
    assert_eq!(mail[0].to, "ana@example.com");
    assert!(mail[0].body.contains("Ben Okafor wrote:\nA thinner band"));
    let page = step(&mut ana, &id, "propose", &proposal("2600")).await;
    assert_shows(&page, "Proposal, version 2");
    assert!(
        page.body
            .contains("You sent a revised proposal (version 2).")
    );
    let page = step(&mut ben, &id, "accept", &[("proposal_version", "1")]).await;
    assert_said(&page, "newer proposal (version 2)");
    let page = step(&mut ben, &id, "accept", &[("proposal_version", "2")]).await;
    assert_shows(&page, "Waiting for the deposit");

    // The deposit, recorded by the maker; two rounds, the second approved.
    let page = step(
        &mut ana,
        &id,
        "record-payment",
        &[("amount", "1300"), ("method", "bank-transfer")],
    )
    .await;
    assert_shows(&page, "Design round 1 of 2 included");
    post_design(&mut ana, &id, "Sketch A").await;
    step(
        &mut ben,
        &id,
        "ask-for-changes",
        &[("note", "Lower setting")],
    )
    .await;
    post_design(&mut ana, &id, "Sketch B").await;
    let page = step(&mut ben, &id, "approve-design", &[]).await;
    assert_shows(&page, "The signed design agreement");
    assert!(page.body.contains(" — verified"));
    // The agreement names the approved design's picture by the SHA-256 the
    // timeline shows beside it; the picture is private to the two sides.
    let page = ben.get(&format!("/commissions/{id}")).await;
    let pictures = media_urls(&page.body);
    let mut stems: Vec<&str> = pictures
        .iter()
        .map(|url| url.split(['.', '-']).next().unwrap())
        .collect();
    stems.dedup();
    assert_eq!(stems.len(), 2, "one picture per design round: {pictures:?}");
    let digest = page
        .body
        .split("SHA-256 <code>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    let (status, _) = fetch_media(app, &pictures[0]).await;
    assert_eq!(status, StatusCode::OK);
    let bare = pictures[0].split('?').next().unwrap();
    assert_ne!(
        fetch_media(app, bare).await.0,
        StatusCode::OK,
        "no pass, no picture"
    );
    assert_ne!(
        fetch_media(app, &tampered(&pictures[0])).await.0,
        StatusCode::OK
    );
    for reader in [&mut ben, &mut ana] {
        let agreement = reader.get(&format!("/commissions/{id}/agreement")).await;
        assert_shows(&agreement, &digest);
        assert_eq!(agreement.status, StatusCode::OK);
        assert!(agreement.body.contains("Verified: signed by Touchstone"));
        assert!(agreement.body.contains("£2,600"));
        assert!(agreement.body.contains("round 2 of proposal version 2"));
    }

    // Making, the balance, dispatch, receipt.
    step(&mut ana, &id, "start-making", &[]).await;
    step(&mut ana, &id, "post-progress", &[("note", "Casting done")]).await;
    step(&mut ana, &id, "post-progress", &[("note", "Stone set")]).await;
    step(&mut ana, &id, "mark-ready", &[]).await;
    let page = step(&mut ana, &id, "ship", &[("note", "Royal Mail AB123")]).await;
    assert_said(&page, "balance (£1,300) is not paid");
    step(
        &mut ana,
        &id,
        "record-payment",
        &[("amount", "1300"), ("method", "bank-transfer")],
    )
    .await;
    let page = step(&mut ana, &id, "ship", &[("note", "")]).await;
    assert!(said(&page).contains("carrier and the tracking number"));
    step(&mut ana, &id, "ship", &[("note", "Royal Mail AB123")]).await;
    let mail = app.store.recent_mail(1).await.unwrap();
    assert_eq!(mail[0].to, "ben@example.com");
    assert!(mail[0].body.contains("Royal Mail AB123"));
    let page = step(&mut ben, &id, "confirm-receipt", &[]).await;
    assert_shows(&page, "Completed");
    assert!(
        page.body
            .contains("Nothing more: this commission is closed.")
    );
    for line in ["Casting done", "Stone set", "Sketch B", "Lower setting"] {
        assert!(page.body.contains(line), "the timeline keeps {line}");
    }

    // Both payments are on record, and they add up to the price.
    assert_eq!(
        page.body.matches("by bank transfer, received").count(),
        2,
        "{}",
        page.body
    );
    let payments = app
        .store
        .payments_for(&format!("commission-{id}"))
        .await
        .unwrap();
    let kept: i64 = payments.iter().map(|payment| payment.kept_minor()).sum();
    assert_eq!(kept, 260_000);

    let listed = ben.get("/commissions").await;
    assert!(listed.body.contains("Engagement ring — with Ana Ruiz"));
    let listed = ana.get("/studio/commissions").await;
    assert!(listed.body.contains("Engagement ring — with"));

    // Changed behind the app's back, the agreement no longer verifies.
    let unfreeze = if app.database_url.starts_with("sqlite:") {
        "DROP TRIGGER commission_agreements_frozen"
    } else {
        "ALTER TABLE commission_agreements DISABLE TRIGGER commission_agreements_frozen"
    };
    behind_the_apps_back(
        &app.database_url,
        &[
            unfreeze,
            "UPDATE commission_agreements SET payload = replace(payload, '260000', '160000')",
        ],
    )
    .await;
    let agreement = ben.get(&format!("/commissions/{id}/agreement")).await;
    assert_shows(&agreement, "This agreement does not verify");
    assert!(agreement.body.contains("£1,600"));
}
on_both_databases!(from_request_to_receipt_over_http, from_request_to_receipt);

async fn cancelling_after_the_lock_and_an_extra_round(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = in_design(&mut ana, &mut ben).await;
    post_design(&mut ana, &id, "").await;
    step(&mut ben, &id, "ask-for-changes", &[("note", "Rounder")]).await;
    post_design(&mut ana, &id, "").await;
    // Both included rounds used: more changes need a priced round.
    let page = ben.get(&format!("/commissions/{id}")).await;
    assert!(!page.body.contains("Ask for changes"), "{}", page.body);
    let page = step(&mut ben, &id, "ask-for-changes", &[("note", "Again")]).await;
    assert_said(&page, "All 2 design rounds are used");
    step(&mut ana, &id, "offer-extra-round", &[("amount", "150")]).await;
    let page = ben.get(&format!("/commissions/{id}")).await;
    assert!(page.body.contains("An extra design round for £150"));
    step(&mut ben, &id, "accept-extra-round", &[]).await;
    post_design(&mut ana, &id, "").await;
    let page = step(&mut ben, &id, "approve-design", &[]).await;
    assert!(
        page.body.contains("£2,550"),
        "the price includes the extra round"
    );

    // Cancelling after the lock: the terms give back 50% of what was paid.
    let page = ben.get(&format!("/commissions/{id}")).await;
    assert!(
        page.body
            .contains("If you cancel now, £600 comes back to the buyer"),
        "{}",
        page.body
    );
    let page = step(&mut ben, &id, "cancel", &[("note", "Changed my mind")]).await;
    assert_said(&page, "Please tick");
    let page = step(
        &mut ben,
        &id,
        "cancel",
        &[("note", "Changed my mind"), ("confirm", "yes")],
    )
    .await;
    assert_shows(&page, "Cancelled");
    assert!(page.body.contains("Refunded"));
    assert!(page.body.contains("£600"));
    assert_shows(&page, "£600 refunded");
    let payments = app
        .store
        .payments_for(&format!("commission-{id}"))
        .await
        .unwrap();
    let refunded: i64 = payments.iter().map(|payment| payment.refunded_minor).sum();
    assert_eq!(refunded, 60_000, "the refund comes out of the payments");

    // The ledger gives back the refund's share of the deposit's lines: the
    // money with the maker and the platform's 8% of it.
    let ledger = app.store.ledger().await.unwrap();
    crate::orders::assert_ledger_balances(&ledger);
    let refund: Vec<(String, i64)> = ledger
        .iter()
        .filter(|(entry, _)| {
            entry.starts_with(&format!("commission-{id}-")) && entry.ends_with("-refunded")
        })
        .map(|(_, line)| (line.account.clone(), line.amount_minor))
        .collect();
    assert_eq!(refund.len(), 3, "{ledger:?}");
    assert!(
        refund[0].0.ends_with(":received") && refund[0].1 == -60_000,
        "{refund:?}"
    );
    assert!(
        refund[1].0.ends_with(":owed") && refund[1].1 == 55_200,
        "{refund:?}"
    );
    assert_eq!(refund[2], ("platform:fees".to_owned(), 4_800));
}
on_both_databases!(
    cancelling_after_the_lock_refunds_what_the_terms_say,
    cancelling_after_the_lock_and_an_extra_round
);

async fn only_the_two_sides_act_and_only_their_own_steps(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = in_design(&mut ana, &mut ben).await;
    let mut dora = maker(app, "dora@example.com", "dora-ng", "Dora Ng").await;
    let mut carl = signed_in(app, "carl@example.com").await;
    let mut nobody = Visitor::new(app);
    let before = app
        .store
        .commission(app::commissions::CommissionId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    let version = before.state.version.to_string();
    let attempt = |step: &'static str| {
        vec![
            ("commission", id.clone()),
            ("version", version.clone()),
            ("step", step.to_owned()),
            ("amount", "10".to_owned()),
            ("note", "x".to_owned()),
        ]
    };
    for (who, visitor) in [("another maker", &mut dora), ("a stranger", &mut carl)] {
        let page = visitor.get(&format!("/commissions/{id}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{who}");
        assert!(!page.body.contains("A sapphire ring"), "{who}");
        let agreement = visitor.get(&format!("/commissions/{id}/agreement")).await;
        assert_eq!(agreement.status, StatusCode::NOT_FOUND, "{who}");
        for name in ["post-design", "record-payment", "cancel", "approve-design"] {
            let fields = attempt(name);
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let answer = visitor.post("/api/commissions/step", &fields).await;
            let page = visitor.get(answer.location.as_deref().unwrap_or("/")).await;
            assert!(!page.body.contains("A sapphire ring"), "{who} {name}");
        }
    }
    let page = nobody.get(&format!("/commissions/{id}")).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    // Nor may they send pictures as the maker's design: refused before a picture is read.
    for visitor in [&mut dora, &mut carl, &mut nobody] {
        let page = post_pictures(visitor, &id, "post-design", &version, "", 1).await;
        assert!(!page.body.contains("A sapphire ring"));
    }
    let page = post_pictures(&mut ana, &id, "post-design", "1", "", 1).await;
    assert_said(&page, "changed while you were looking");
    // The buyer can't take the maker's steps, nor the maker the buyer's.
    let page = step(
        &mut ben,
        &id,
        "record-payment",
        &[("amount", "10"), ("method", "bank-transfer")],
    )
    .await;
    assert_said(&page, "permission");
    let page = step(&mut ben, &id, "post-design", &[]).await;
    assert_said(&page, "permission");
    let page = with_pictures(&mut ben, &id, "post-design", "mine", 1).await;
    assert_said(&page, "permission");
    let page = with_pictures(&mut ana, &id, "record-payment", "", 1).await;
    assert_said(&page, "Pictures go with");
    let page = with_pictures(&mut ana, &id, "post-design", "", 0).await;
    assert_said(&page, "at least one picture");
    let page = with_pictures(&mut ana, &id, "post-design", "", 9).await;
    assert_said(&page, "room for 8 more");
    let page = step(&mut ana, &id, "approve-design", &[]).await;
    assert_said(&page, "permission");
    // Steps that can't happen now are refused in words.
    let page = step(&mut ben, &id, "approve-design", &[]).await;
    assert_said(&page, "can't be done while the commission is in design");
    let page = step(
        &mut ana,
        &id,
        "record-payment",
        &[("amount", "5000"), ("method", "bank-transfer")],
    )
    .await;
    assert_said(&page, "more than is owed");
    let page = step(
        &mut ana,
        &id,
        "post-progress",
        &[("note", "bad \u{0} byte")],
    )
    .await;
    assert!(
        said(&page).contains("can't be shown") || said(&page).contains("can&#x27;t be shown"),
        "{}",
        page.body
    );
    let page = step(
        &mut ana,
        &id,
        "record-payment",
        &[("amount", "10"), ("method", "card")],
    )
    .await;
    assert_said(&page, "how the payment was made");
    let page = step(&mut ana, &id, "nonsense", &[]).await;
    assert_said(&page, "isn't a step");
    let after = app.store.commission(before.id).await.unwrap().unwrap();
    assert_eq!(after.state, before.state, "nothing changed");

    // A page shown before another step: its form is told what happened.
    let stale: Vec<(&str, String)> = attempt("post-design");
    post_design(&mut ana, &id, "").await;
    let fields: Vec<(&str, &str)> = stale.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, page) = ana.submit("/api/commissions/step", &fields).await;
    assert_said(&page, "changed while you were looking");

    // Asking again while the first request waits leads to the first.
    let (to, page) = ben
        .submit(
            "/api/commissions/request",
            &[("maker", "ana-ruiz"), ("brief", "A brooch\u{0}")],
        )
        .await;
    assert_said(&page, "can");
    assert!(to.starts_with("/makers/ana-ruiz/commission"));
    let again = requested(&mut ben, "Another sapphire ring").await;
    let (_, page) = ben
        .submit(
            "/api/commissions/request",
            &[("maker", "ana-ruiz"), ("brief", "Once more")],
        )
        .await;
    assert_shows(&page, "You have asked Ana Ruiz already");
    assert_eq!(
        app.store
            .buyer_commissions(app::accounts::AccountId(before.buyer.0))
            .await
            .unwrap()
            .len(),
        2,
        "the one in design and {again}"
    );

    // Three requests so far this hour; an eleventh is one too many.
    for attempt in 4..=11 {
        let (_, page) = ben
            .submit(
                "/api/commissions/request",
                &[("maker", "ana-ruiz"), ("brief", "Once more")],
            )
            .await;
        assert_eq!(
            said(&page).contains("several commissions in the last hour"),
            attempt == 11,
            "attempt {attempt}: {}",
            page.body
        );
    }

    // A maker can't commission their own studio; nobody commissions an unknown one.
    let (_, page) = ana
        .submit(
            "/api/commissions/request",
            &[("maker", "ana-ruiz"), ("brief", "For me")],
        )
        .await;
    assert_said(&page, "your own studio");
    let answer = ben
        .post(
            "/api/commissions/request",
            &[("maker", "nobody-here"), ("brief", "x")],
        )
        .await;
    let page = ben.get(answer.location.as_deref().unwrap_or("/")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_shows(&page, "Page not found");
    for path in [
        "/commissions/abc",
        "/commissions/0",
        "/commissions/99999999999999999999",
    ] {
        let page = ben.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!leaks(&page.body), "{path}");
    }
}
on_both_databases!(
    strangers_and_the_wrong_side_are_refused,
    only_the_two_sides_act_and_only_their_own_steps
);

/// The clock, as any app server runs it, at a given moment.
async fn clock_at(app: &TestApp, days_from_now: i64) -> services::commissions::clock::ClockRound {
    let now = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(24 * days_from_now))
        .unwrap();
    services::commissions::clock::CommissionClock::new(app.store.as_ref(), "http://t.example", now)
        .run_due()
        .await
        .unwrap()
}

async fn the_clock_expires_proposals_and_completes_dispatched_pieces(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let unanswered = requested(&mut ben, "A brooch").await;
    step(&mut ana, &unanswered, "propose", &proposal("900")).await;

    assert_eq!(
        clock_at(app, 1).await,
        Default::default(),
        "nothing due yet"
    );
    let round = clock_at(app, 13).await;
    assert_eq!(round.reminders_sent, 1, "{round:?}");
    let mail = app.store.recent_mail(1).await.unwrap();
    assert_eq!(mail[0].to, "ben@example.com");
    assert!(mail[0].subject.contains("proposal waits for your answer"));
    assert_eq!(clock_at(app, 13).await, Default::default(), "reminded once");
    let round = clock_at(app, 15).await;
    assert_eq!(round.steps_taken, 1, "{round:?}");
    let page = ben.get(&format!("/commissions/{unanswered}")).await;
    assert_shows(&page, "Expired");
    assert!(page.body.contains("The proposal expired unanswered."));
    let mail = app.store.recent_mail(2).await.unwrap();
    let to: Vec<&str> = mail.iter().map(|m| m.to.as_str()).collect();
    assert!(to.contains(&"ben@example.com") && to.contains(&"ana@example.com"));

    // Answered in time, the expiry does nothing.
    let id = in_design(&mut ana, &mut ben).await;
    assert_eq!(clock_at(app, 20).await.steps_taken, 0);
    post_design(&mut ana, &id, "").await;
    step(&mut ben, &id, "approve-design", &[]).await;
    step(&mut ana, &id, "start-making", &[]).await;
    step(&mut ana, &id, "mark-ready", &[]).await;
    step(
        &mut ana,
        &id,
        "record-payment",
        &[("amount", "1200"), ("method", "bank-transfer")],
    )
    .await;
    step(&mut ana, &id, "ship", &[("note", "DHL 42")]).await;
    assert_eq!(clock_at(app, 13).await.steps_taken, 0, "not 14 days yet");
    assert_eq!(clock_at(app, 15).await.steps_taken, 1);
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert_shows(&page, "Completed");
    assert!(page.body.contains("completed 14 days after dispatch"));
}
on_both_databases!(
    the_clock_takes_its_steps_once,
    the_clock_expires_proposals_and_completes_dispatched_pieces
);

/// `make run`'s demo: the demo buyer signs in and finds commissions at every
/// part of the flow, those waiting for them first.
async fn the_demo_buyer_sees_the_flow(app: &TestApp) {
    let mut sam = Visitor::new(app);
    sam.submit(
        "/api/accounts/sign-in",
        &[
            ("email", touchstone_server::demo::DEMO_BUYER),
            ("password", touchstone_server::demo::DEMO_PASSWORD),
        ],
    )
    .await;
    let list = sam.get("/commissions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.body.matches("commission-list__item").count(),
        5,
        "{}",
        list.body
    );
    assert_eq!(list.body.matches("Your step: ").count(), 3, "{}", list.body);
    let first = list
        .body
        .split("href=\"/commissions/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let page = sam.get(&format!("/commissions/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Your next step"));
}
on_both_databases!(the_demo_shows_the_flow, the_demo_buyer_sees_the_flow);

/// The mails in the outbox to `to` whose subject holds `about`.
pub(crate) async fn mails(app: &TestApp, to: &str, about: &str) -> Vec<app::accounts::Mail> {
    app.store
        .recent_mail(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|mail| mail.to == to && mail.subject.contains(about))
        .collect()
}

async fn both_sides_write_and_hear_of_it_once(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = requested(&mut ben, "A pendant").await;
    let send = |body: &'static str| vec![("commission", id.clone()), ("body", body.to_owned())];
    let fields = send("Is <b>rose</b> gold possible?");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (to, page) = ben.submit("/api/commissions/message", &fields).await;
    assert_eq!(to, format!("/commissions/{id}#messages"));
    assert!(page.body.contains("Message sent."));
    assert!(
        page.body
            .contains("Is &lt;b&gt;rose&lt;/b&gt; gold possible?")
    );
    let fields = send("And could it be ready by May?");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ben.submit("/api/commissions/message", &fields).await;

    // One email, held back a few minutes, holding both messages.
    let pending = mails(app, "ana@example.com", "messages from").await;
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(
        pending[0].subject,
        "2 messages from Ben Okafor about your commission"
    );
    assert!(pending[0].body.contains("Is <b>rose</b> gold possible?"));
    assert!(pending[0].body.contains("ready by May"));
    assert!(pending[0].not_before.is_some());

    // The maker's header counts them until she reads them; reading withdraws the email.
    let studio = ana.get("/studio").await;
    assert_shows(&studio, "Commissions, 2 unread messages");
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert_eq!(page.body.matches("message--new").count(), 2);
    assert!(
        mails(app, "ana@example.com", "messages from")
            .await
            .is_empty()
    );
    let studio = ana.get("/studio").await;
    assert!(!studio.body.contains("unread message"));
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert_eq!(page.body.matches("message--new").count(), 0);

    // Her answer goes to him; a stranger can neither read nor write.
    let fields = [
        ("commission", id.as_str()),
        ("body", "Yes, in 18k rose gold."),
    ];
    ana.submit("/api/commissions/message", &fields).await;
    assert_eq!(
        mails(app, "ben@example.com", "A message from Ana Ruiz")
            .await
            .len(),
        1
    );
    let home = ben.get("/").await;
    assert_shows(&home, "Commissions, 1 unread message\"");
    let mut carl = signed_in(app, "carl@example.com").await;
    let answer = carl
        .post(
            "/api/commissions/message",
            &[("commission", id.as_str()), ("body", "Hi")],
        )
        .await;
    let page = carl.get(answer.location.as_deref().unwrap_or("/")).await;
    assert!(!page.body.contains("rose gold"));
    assert_eq!(messages_kept(app, &id).await, 3);
    let (_, page) = ben
        .submit(
            "/api/commissions/message",
            &[("commission", id.as_str()), ("body", "  ")],
        )
        .await;
    assert_said(&page, "Please write a message");

    // Reference pictures travel as a message: private to the two of them.
    let pictures = |count: usize| {
        let mut form = reqwest::multipart::Form::new().text("body", "");
        for n in 0..count {
            form = form.part(
                "pictures",
                reqwest::multipart::Part::bytes(png(500 + n as u32, 400))
                    .file_name(format!("ring-{n}.png")),
            );
        }
        app.client
            .post(app.url(&format!("/commissions/{id}/message")))
            .header("origin", format!("http://{}", app.address))
            .multipart(form)
    };
    let answer = ben.send(pictures(2)).await;
    let page = ben.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&page, "Message sent.");
    let seen = ana.get(&format!("/commissions/{id}")).await;
    assert_shows(&seen, "Picture 2 from Ben Okafor");
    let urls = media_urls(&seen.body);
    assert!(!urls.is_empty());
    assert_eq!(fetch_media(app, &urls[0]).await.0, StatusCode::OK);
    let answer = carl.send(pictures(1)).await;
    let page = carl.get(answer.location.as_deref().unwrap_or("/")).await;
    assert!(!page.body.contains("Message sent."));
    let answer = ben.send(pictures(9)).await;
    let page = ben.get(answer.location.as_deref().unwrap()).await;
    assert_said(&page, "room for 8 more");
    assert_eq!(
        messages_kept(app, &id).await,
        4,
        "only the first picture message was kept"
    );
}
on_both_databases!(
    messages_are_batched_and_counted,
    both_sides_write_and_hear_of_it_once
);

/// How many messages the commission `id` (as its page's form names it) keeps.
async fn messages_kept(app: &TestApp, id: &str) -> usize {
    let commission = app::commissions::CommissionId(id.parse().unwrap());
    let thread = app::threads::Thread::Commission(commission);
    app.store.messages(thread).await.unwrap().len()
}
