//! A commission's finished piece over HTTP: the maker writes it up from the
//! signed agreement, adds a photo and issues its passport once it is made; the
//! passport links the agreement and the progress pictures by SHA-256 and stays
//! private (no piece page, an id nobody can work out) until the buyer agrees
//! that the maker may show it — and private again when they change their mind.

use crate::commissions::{
    assert_said, hidden, in_design, maker, post_design, said, step, with_pictures,
};
use crate::support::{TestApp, Visitor, assert_shows, png, post_files, signed_in};
use reqwest::StatusCode;

async fn act(visitor: &mut Visitor<'_>, id: &str, action: &str) -> crate::support::Answer {
    visitor
        .submit(
            "/api/commissions/piece",
            &[("commission", id), ("action", action)],
        )
        .await
        .1
}

/// Every `<code>` on the page that holds a SHA-256 in hex.
fn digests(body: &str) -> Vec<String> {
    body.split("<code")
        .skip(1)
        .filter_map(|rest| rest.split('>').nth(1)?.split('<').next())
        .filter(|text| text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_owned)
        .collect()
}

async fn the_finished_piece_and_its_passport(app: &TestApp) {
    let mut ana = maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut ben = signed_in(app, "ben@example.com").await;
    let id = in_design(&mut ana, &mut ben).await;
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert!(!page.body.contains("Write up the finished piece"));
    let page = act(&mut ana, &id, "write-up").await;
    assert_said(&page, "once the design is agreed");

    post_design(&mut ana, &id, "Sketch").await;
    step(&mut ben, &id, "approve-design", &[]).await;
    let page = ana.get(&format!("/commissions/{id}")).await;
    assert_shows(&page, "Write up the finished piece");
    let ben_page = ben.get(&format!("/commissions/{id}")).await;
    assert!(!ben_page.body.contains("Write up the finished piece"));

    // Only the maker writes it up; strangers learn nothing.
    let page = act(&mut ben, &id, "write-up").await;
    assert_said(&page, "permission");
    let mut dora = maker(app, "dora@example.com", "dora-ng", "Dora Ng").await;
    let mut carl = signed_in(app, "carl@example.com").await;
    for visitor in [&mut dora, &mut carl] {
        for action in ["write-up", "issue-passport", "show", "keep-private"] {
            let page = act(visitor, &id, action).await;
            assert!(!page.body.contains("Engagement ring"), "{action}");
        }
    }
    let page = act(&mut ana, &id, "dance").await;
    assert_said(&page, "choose an action");

    // Written up from the agreement: the listing and the metals prefilled, private.
    let (editor, page) = ana
        .submit(
            "/api/commissions/piece",
            &[("commission", id.as_str()), ("action", "write-up")],
        )
        .await;
    assert!(editor.starts_with("/studio/pieces/"), "{editor}");
    let piece: i64 = editor
        .trim_start_matches("/studio/pieces/")
        .parse()
        .unwrap();
    for text in [
        "Made for a client&#x27;s",
        "it stays private unless your client agrees",
        "Engagement ring",
        "Band 2.2 mm",
        "UK M",
        "value=\"yellow-gold\" selected",
    ] {
        assert!(
            page.body.contains(text) || page.body.contains(&text.replace("&#x27;", "'")),
            "{text}: {}",
            page.body
        );
    }
    assert!(
        !page.body.contains("value=\"publish\""),
        "no Publish button"
    );
    let (again, _) = ana
        .submit(
            "/api/commissions/piece",
            &[("commission", id.as_str()), ("action", "write-up")],
        )
        .await;
    assert_eq!(again, editor, "a second click opens the same piece");

    // The passport waits for the piece to be made, and for a described photo.
    let page = act(&mut ana, &id, "issue-passport").await;
    assert_said(&page, "mark it ready first");
    step(&mut ana, &id, "start-making", &[]).await;
    with_pictures(&mut ana, &id, "post-progress", "Casting done", 1).await;
    with_pictures(&mut ana, &id, "post-progress", "Stone set", 2).await;
    step(&mut ana, &id, "mark-ready", &[]).await;
    let page = act(&mut ana, &id, "issue-passport").await;
    assert_said(&page, "Add at least one photo");
    let answer = post_files(
        &mut ana,
        &format!("/studio/pieces/{piece}/photos"),
        "photos",
        vec![("ring.png", png(800, 800))],
    )
    .await;
    assert!(answer.status.is_redirection(), "{}", answer.body);
    let editor_page = ana.get(&editor).await;
    let key = hidden(&editor_page.body, "photos[0][key]");
    ana.submit(
        "/api/studio/arrange-photos",
        &[
            ("piece", piece.to_string().as_str()),
            ("photos[0][key]", key.as_str()),
            ("photos[0][alt]", "The ring on a white card"),
            ("action", "save"),
        ],
    )
    .await;
    let page = act(&mut ana, &id, "issue-passport").await;
    assert_said(&page, "The passport is issued (version 1)");
    let passport = said(&page)
        .split("/passport/")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap()
        .to_owned();
    let mail = app.store.recent_mail(1).await.unwrap();
    assert_eq!(mail[0].to, "ben@example.com");
    assert!(mail[0].body.contains(&format!("/passport/{passport}")));

    // The buyer's page links it; it links the agreement and every progress picture.
    let ben_page = ben.get(&format!("/commissions/{id}")).await;
    assert!(ben_page.body.contains(&format!("/passport/{passport}")));
    let timeline = digests(&ben_page.body);
    assert_eq!(
        timeline.len(),
        5,
        "the agreement, the design, three progress pictures: {timeline:?}"
    );
    let mut anyone = Visitor::new(app);
    let check = anyone.get(&format!("/passport/{passport}")).await;
    assert_eq!(check.status, StatusCode::OK);
    assert_shows(&check, "Valid.");
    assert!(check.body.contains("Made to commission"));
    assert!(check.body.contains("privately owned"));
    for digest in &timeline {
        assert!(
            check.body.contains(digest.as_str()),
            "{digest} on the passport"
        );
    }
    assert!(!check.body.contains("ben@example.com") && !check.body.contains("Ben Okafor"));
    assert!(!check.body.contains("href=\"/pieces/"), "no page to link");

    // Private: no page, no listing, and not the id a piece's number would give.
    let guessable = app::provenance::passport_id(piece);
    assert_ne!(guessable, passport);
    assert_eq!(
        anyone.get(&format!("/passport/{guessable}")).await.status,
        StatusCode::NOT_FOUND
    );
    let slug = "engagement-ring";
    assert_eq!(
        anyone.get(&format!("/pieces/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!anyone.get("/makers/ana-ruiz").await.body.contains(slug));
    assert!(!anyone.get("/sitemap.xml").await.body.contains(slug));
    let (_, page) = ana
        .submit(
            "/api/studio/piece-status",
            &[("piece", piece.to_string().as_str()), ("action", "publish")],
        )
        .await;
    assert!(
        page.body
            .contains("stays private unless your client agrees"),
        "{}",
        page.body
    );
    assert_eq!(
        anyone.get(&format!("/pieces/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );

    // The buyer agrees; the maker shows it; the passport names its page.
    let page = act(&mut ana, &id, "show").await;
    assert!(said(&page).contains("permission"), "only the buyer decides");
    let page = act(&mut ben, &id, "show").await;
    assert_said(&page, "Ana Ruiz may show the piece");
    let (_, page) = ana
        .submit(
            "/api/studio/piece-status",
            &[("piece", piece.to_string().as_str()), ("action", "publish")],
        )
        .await;
    assert_shows(&page, "Published at /pieces/");
    let shown = anyone.get(&format!("/pieces/{slug}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    let check = anyone.get(&format!("/passport/{passport}")).await;
    assert_shows(&check, "Version");
    assert!(
        check.body.contains(&format!("href=\"/pieces/{slug}\"")),
        "{}",
        check.body
    );
    assert!(check.body.contains("Made to commission") && check.body.contains(&timeline[0]));

    // And changes their mind: off the maker's pages at once.
    let page = act(&mut ben, &id, "keep-private").await;
    assert_said(&page, "The piece is private");
    assert_eq!(
        anyone.get(&format!("/pieces/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!anyone.get("/makers/ana-ruiz").await.body.contains(slug));
    let check = anyone.get(&format!("/passport/{passport}")).await;
    assert!(check.body.contains("Valid.") && check.body.contains("privately owned"));
}
on_both_databases!(
    a_finished_piece_is_private_until_its_buyer_agrees,
    the_finished_piece_and_its_passport
);
