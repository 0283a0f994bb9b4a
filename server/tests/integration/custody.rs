//! The client's own materials over HTTP, as people record them without
//! JavaScript: the maker takes in a stone with photos, the buyer acknowledges
//! the record and its terms, the maker records it tested and set, and the
//! finished piece's passport tells it, naming the log's head. A log changed in
//! the database afterwards says so on the page; nobody but the two sides sees or
//! adds anything, and each side adds only its own entries.

use crate::commissions::{assert_said, hidden, in_design, maker, post_design, said, step};
use crate::support::{
    TestApp, Visitor, assert_shows, behind_the_apps_back, leaks, png, post_files, signed_in,
};
use reqwest::StatusCode;

const NAUGHTY: &str = "Sapphire <script>alert('x')</script> & \"friends\"";

/// The stone as the intake form posts it.
fn stone<'a>(species: &'a str, handed_over_on: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("entry", "stone"),
        ("species", species),
        ("shape", "cushion"),
        ("measurements", "6.4 × 6.0 × 4.1 mm"),
        ("carats", "1.15"),
        ("colour", "cornflower blue"),
        ("marks", "A chip at 4 o'clock"),
        ("condition", "Worn facet edges."),
        ("handed_over_by", "The client, in person"),
        ("handed_over_on", handed_over_on),
        ("risk_terms", "Stones can crack while being set."),
    ]
}

/// Posts a custody form with `photos` PNGs, as the page's multipart form does;
/// the page the answer leads to.
async fn custody(
    visitor: &mut Visitor<'_>,
    id: &str,
    fields: &[(&str, &str)],
    photos: usize,
) -> crate::support::Answer {
    let answer = post_custody(visitor, id, fields, photos).await;
    assert!(answer.status.is_redirection(), "{}", answer.body);
    visitor.get(answer.location.as_deref().unwrap_or("/")).await
}

/// The answer to a custody form's post, whoever sends it.
async fn post_custody(
    visitor: &mut Visitor<'_>,
    id: &str,
    fields: &[(&str, &str)],
    photos: usize,
) -> crate::support::Answer {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    for n in 0..photos {
        form = form.part(
            "photos",
            reqwest::multipart::Part::bytes(png(500 + n as u32, 400))
                .file_name(format!("stone-{n}.png")),
        );
    }
    let app = visitor.app;
    let request = app
        .client
        .post(app.url(&format!("/commissions/{id}/custody")))
        .header("origin", format!("http://{}", app.address))
        .multipart(form);
    visitor.send(request).await
}

fn event<'a>(item: &'a str, happening: &'a str, note: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("entry", "event"),
        ("item", item),
        ("happening", happening),
        ("note", note),
    ]
}

async fn acknowledge(visitor: &mut Visitor<'_>, id: &str, item: &str) -> crate::support::Answer {
    visitor
        .submit(
            "/api/commissions/custody",
            &[("commission", id), ("item", item)],
        )
        .await
        .1
}

/// Made, written up with a described photo, and its passport issued: the
/// passport's address.
async fn passport_issued(ana: &mut Visitor<'_>, ben: &mut Visitor<'_>, id: &str) -> String {
    post_design(ana, id, "Sketch").await;
    step(ben, id, "approve-design", &[]).await;
    step(ana, id, "start-making", &[]).await;
    step(ana, id, "mark-ready", &[]).await;
    let (editor, _) = ana
        .submit(
            "/api/commissions/piece",
            &[("commission", id), ("action", "write-up")],
        )
        .await;
    let piece = editor.trim_start_matches("/studio/pieces/").to_owned();
    let answer = post_files(
        ana,
        &format!("/studio/pieces/{piece}/photos"),
        "photos",
        vec![("ring.png", png(800, 800))],
    )
    .await;
    assert!(answer.status.is_redirection(), "{}", answer.body);
    let key = hidden(&ana.get(&editor).await.body, "photos[0][key]");
    ana.submit(
        "/api/studio/arrange-photos",
        &[
            ("piece", piece.as_str()),
            ("photos[0][key]", key.as_str()),
            ("photos[0][alt]", "The ring on a white card"),
            ("action", "save"),
        ],
    )
    .await;
    let (_, page) = ana
        .submit(
            "/api/commissions/piece",
            &[("commission", id), ("action", "issue-passport")],
        )
        .await;
    said(&page)
        .split("/passport/")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_else(|| panic!("no passport issued: {}", page.body))
        .to_owned()
}

async fn a_client_stone_from_intake_to_the_passport(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = in_design(&mut ana, &mut ben).await;

    // A refused intake keeps what was typed and adds nothing.
    let page = custody(&mut ana, &id, &stone(NAUGHTY, "last Tuesday"), 1).await;
    assert_said(&page, "YYYY-MM-DD");
    assert!(
        page.body.contains("&lt;script&gt;"),
        "typed text comes back as text"
    );
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("The log"), "nothing was added");

    let page = custody(&mut ana, &id, &stone(NAUGHTY, "2026-11-30"), 2).await;
    assert_said(&page, "Intake record 1 kept");
    assert!(page.body.contains("Not acknowledged by the client yet."));
    assert!(page.body.contains("The custody log verifies"));
    assert!(page.body.contains("&lt;script&gt;alert"), "shown as text");
    assert!(!page.body.contains("<script>alert"));
    let mail = app.store.recent_mail(1).await.unwrap().remove(0);
    assert_eq!(mail.to, "ben@example.com");
    assert!(mail.subject.contains("please check it"), "{}", mail.subject);
    assert!(mail.body.contains("Stones can crack while being set."));

    // The buyer reads the record and its terms, then acknowledges it once.
    let ben_page = ben.get(&format!("/commissions/{id}")).await;
    assert!(ben_page.body.contains("Stones can crack while being set."));
    assert!(
        ben_page
            .body
            .contains("I acknowledge this record and its terms")
    );
    assert!(
        !ben_page.body.contains("Take in a stone"),
        "the maker's forms only"
    );
    let page = acknowledge(&mut ben, &id, "1").await;
    assert_said(&page, "You acknowledged intake record 1");
    assert!(page.body.contains("Acknowledged by the client on"));
    let page = acknowledge(&mut ben, &id, "1").await;
    assert_said(&page, "acknowledged already");

    // Tested, then set; melting needs the weight after it.
    let page = custody(&mut ana, &id, &event("1", "melted", ""), 0).await;
    assert_said(&page, "weight after melting");
    let page = custody(
        &mut ana,
        &id,
        &event("1", "tested", "Refractometer 1.76"),
        0,
    )
    .await;
    assert_said(&page, "Recorded: tested");
    let page = custody(&mut ana, &id, &event("1", "set", "Four claws"), 1).await;
    assert_shows(&page, "Set into the piece");

    // The receipt, printable, for either side.
    let receipt = ben.get(&format!("/commissions/{id}/custody/1")).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert_shows(&receipt, "Intake receipt");
    assert!(receipt.body.contains("1.15 ct"));
    assert!(receipt.body.contains("this record is as it was made"));

    // The passport tells it, by dates and the log's head only.
    let passport = passport_issued(&mut ana, &mut ben, &id).await;
    let head = ana
        .get(&format!("/commissions/{id}"))
        .await
        .body
        .split("SHA-256 of the latest entry <code>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    let check = Visitor::new(app)
        .get(&format!("/passport/{passport}"))
        .await;
    assert_shows(&check, "Valid.");
    assert!(
        check
            .body
            .contains("Made with its first owner&#x27;s own materials")
            || check
                .body
                .contains("Made with its first owner's own materials"),
        "{}",
        check.body
    );
    assert_shows(&check, "taken in on 2026-11-30");
    assert!(check.body.contains("set into the piece on"));
    assert!(check.body.contains(&head), "the log's head is named");
    assert!(
        !check.body.contains("The client, in person"),
        "nothing personal"
    );

    // Returned with the piece: its custody ends.
    let page = custody(&mut ana, &id, &event("1", "returned-with-piece", ""), 0).await;
    assert!(page.body.contains("Returned with the piece"));
    let page = custody(&mut ana, &id, &event("1", "lost", ""), 0).await;
    assert_said(&page, "left the maker's hands");

    // Someone with the database, not the key, changes the stone's weight.
    behind_the_apps_back(
        &app.database_url,
        &["UPDATE custody_entries SET payload = replace(payload, '115', '150') WHERE seq = 1"],
    )
    .await;
    for visitor in [&mut ana, &mut ben] {
        let page = visitor.get(&format!("/commissions/{id}")).await;
        assert!(
            page.body
                .contains("The custody log no longer verifies from entry 1"),
            "{}",
            page.body
        );
    }
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert!(
        !page.body.contains("Take in a stone"),
        "nothing more is added to a broken log"
    );
}

on_both_databases!(
    a_client_stone_is_logged_from_intake_to_the_passport,
    a_client_stone_from_intake_to_the_passport
);

async fn only_the_two_sides_and_each_its_own_entries(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = in_design(&mut ana, &mut ben).await;
    custody(&mut ana, &id, &stone("Opal", "2026-11-30"), 0).await;

    // The buyer adds no maker's entry, the maker no acknowledgement.
    let page = custody(&mut ben, &id, &stone("Ruby", "2026-11-30"), 0).await;
    assert_said(&page, "permission");
    let page = acknowledge(&mut ana, &id, "1").await;
    assert_said(&page, "permission");

    // Another maker and a stranger learn nothing and add nothing.
    let mut dora = maker(app, "dora@example.com", "dora-ng", "Dora Ng").await;
    let mut carl = signed_in(app, "carl@example.com").await;
    for visitor in [&mut dora, &mut carl] {
        let receipt = visitor.get(&format!("/commissions/{id}/custody/1")).await;
        assert_eq!(receipt.status, StatusCode::NOT_FOUND);
        assert!(!receipt.body.contains("Opal"));
        let page = acknowledge(visitor, &id, "1").await;
        assert!(!page.body.contains("Opal"), "{}", page.body);
        let answer = post_custody(visitor, &id, &event("1", "lost", "gone"), 0).await;
        assert!(!leaks(&answer.body));
    }
    let mut anyone = Visitor::new(app);
    assert_ne!(
        anyone
            .get(&format!("/commissions/{id}/custody/1"))
            .await
            .status,
        StatusCode::OK
    );
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert!(!page.body.contains("was lost"), "nothing was added");
    assert!(!page.body.contains("Ruby"));

    // Nonsense is told plainly and keeps the log as it was.
    for (fields, says) in [
        (vec![("entry", "gift")], "Choose what to record."),
        (event("7", "set", ""), "no intake record 7"),
        (event("1", "teleported", ""), "Choose what happened."),
        (
            vec![("entry", "correction"), ("corrects", "1"), ("note", "")],
            "The correction is needed.",
        ),
    ] {
        let page = custody(&mut ana, &id, &fields, 0).await;
        assert!(said(&page).contains(says), "{says}: {}", page.body);
        assert!(!leaks(&page.body));
    }
    // Markup typed into every field arrives as text, on the page and the receipt.
    let everywhere: Vec<(&str, &str)> = stone(NAUGHTY, "2026-11-30")
        .into_iter()
        .map(|(name, value)| match name {
            "entry" | "carats" | "handed_over_on" => (name, value),
            _ => (name, NAUGHTY),
        })
        .collect();
    let page = custody(&mut ana, &id, &everywhere, 0).await;
    assert_said(&page, "Intake record 2 kept");
    let receipt = ben.get(&format!("/commissions/{id}/custody/2")).await;
    for body in [&page.body, &receipt.body] {
        assert!(!body.contains("<script>alert"));
        assert!(body.matches("&lt;script&gt;alert").count() >= 7, "{body}");
    }
    let long = "x".repeat(app::commissions::MAX_CUSTODY_NOTE + 1);
    let page = custody(&mut ana, &id, &event("1", "tested", &long), 0).await;
    assert_said(&page, "too long");
    let page = custody(
        &mut ana,
        &id,
        &[
            ("entry", "correction"),
            ("corrects", "1"),
            ("note", "It is a black opal."),
        ],
        0,
    )
    .await;
    assert_said(&page, "Correction of entry 1 kept");
    assert!(page.body.contains("It is a black opal."));
}

on_both_databases!(
    only_the_two_sides_see_the_custody_log_and_each_adds_its_own,
    only_the_two_sides_and_each_its_own_entries
);

/// The piece's life after it was made: its owner hands a maker a link, the
/// maker records a resizing, and the passport's next signed version says so.
async fn work_on_the_piece_goes_on_its_passport(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = in_design(&mut ana, &mut ben).await;
    let passport = passport_issued(&mut ana, &mut ben, &id).await;

    // Only the owner makes the link; the maker who made it can't.
    let (_, page) = ana
        .submit(
            "/api/commissions/piece",
            &[("commission", id.as_str()), ("action", "consent-work")],
        )
        .await;
    assert_said(&page, "permission");
    let (_, page) = ben
        .submit(
            "/api/commissions/piece",
            &[("commission", id.as_str()), ("action", "consent-work")],
        )
        .await;
    let link = said(&page)
        .split(&format!("/passport/{passport}/work?consent="))
        .nth(1)
        .and_then(|rest| rest.split(['<', ' ', '"']).next())
        .unwrap_or_else(|| panic!("no link: {}", page.body))
        .to_owned();
    let path = format!("/passport/{passport}/work?consent={link}");

    // A maker of Touchstone records the work; nobody else, and no forged link.
    let mut dora = maker(app, "dora@example.com", "dora-ng", "Dora Ng").await;
    let page = dora.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Record work on Engagement ring by Ana Ruiz"),
        "{}",
        page.body
    );
    let page = ben.get(&path).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "the owner is no maker");
    let mut eve = signed_in(app, "eve@example.com").await;
    eve.submit(
        "/api/studio/open",
        &[
            ("display_name", "Eve Hart"),
            ("slug", "eve-hart"),
            ("country", "GB"),
        ],
    )
    .await;
    let page = eve.get(&path).await;
    assert!(
        page.body
            .contains("Publish your studio&#x27;s profile first")
            || page.body.contains("Publish your studio's profile first"),
        "a maker the passport could not link to: {}",
        page.body
    );
    let page = dora
        .get(&format!(
            "/passport/{passport}/work?consent={}",
            crate::support::tampered(&link)
        ))
        .await;
    assert!(
        page.body
            .contains("ask the piece&#x27;s owner for a new one")
            || page.body.contains("ask the piece's owner for a new one"),
        "{}",
        page.body
    );
    let anyone = Visitor::new(app).get(&path).await;
    assert_ne!(anyone.status, StatusCode::OK);

    let work = |consent: &str, on: &str, note: &str| {
        vec![
            ("passport".to_owned(), passport.clone()),
            ("consent".to_owned(), consent.to_owned()),
            ("work".to_owned(), "resized".to_owned()),
            ("on".to_owned(), on.to_owned()),
            ("note".to_owned(), note.to_owned()),
        ]
    };
    let post = |fields: Vec<(String, String)>| fields;
    let fields = post(work(&link, "2999-01-01", "From UK M to UK N"));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (_, page) = dora.submit("/api/passport/work", &borrowed).await;
    assert_said(&page, "not in the future");
    assert!(
        page.body.contains("From UK M to UK N"),
        "what was typed comes back"
    );

    let fields = work(&link, "2026-12-01", "From UK M to UK N <b>no solder</b>");
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (to, page) = dora.submit("/api/passport/work", &borrowed).await;
    assert_eq!(to, format!("/passport/{passport}"));
    assert_shows(&page, "Valid.");
    assert!(page.body.contains("Its life since it was made"));
    assert!(page.body.contains("Resized on 2026-12-01 by"));
    assert!(
        page.body.contains("&lt;b&gt;no solder&lt;/b&gt;"),
        "a note stays text"
    );
    assert_shows(&page, "Version</dt><dd>2 of 2");
    let public = Visitor::new(app).get(&to).await;
    assert!(public.body.contains("Resized on 2026-12-01 by"));
    assert!(
        !public.body.contains("Ben Okafor") && !public.body.contains("ben@example.com"),
        "nothing of the owner"
    );

    // Renewing the passport later keeps the work on it.
    let (_, page) = ana
        .submit(
            "/api/commissions/piece",
            &[("commission", id.as_str()), ("action", "issue-passport")],
        )
        .await;
    assert!(!leaks(&page.body));
    let check = Visitor::new(app)
        .get(&format!("/passport/{passport}"))
        .await;
    assert!(check.body.contains("Resized on 2026-12-01 by"));
}

on_both_databases!(
    work_on_the_piece_goes_on_its_passport_with_its_owners_consent,
    work_on_the_piece_goes_on_its_passport
);
