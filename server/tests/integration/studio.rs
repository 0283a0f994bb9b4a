//! The studio over HTTP as a browser without JavaScript uses it — plain form
//! posts and multipart uploads — including everything another maker, a stranger
//! or a careless client might try.

use crate::support::studio::{
    Files, follow, maker, maya_studio, new_piece, passport_page, piece_fields, post_owned,
    published_piece, save_piece, saved, upload,
};
use crate::support::{
    Answer, TestApp, Visitor, assert_shows, confirmed_account, fetch_media, leaks, media_urls, png,
    spawn_app_with, tampered,
};
use app::pieces::PieceStatus;
use reqwest::StatusCode;

async fn maker_journey(app: &TestApp) {
    let mut signed_out = Visitor::new(app);
    let studio = signed_out.get("/studio").await;
    assert_eq!(
        studio.location.as_deref(),
        Some("/sign-in"),
        "{}",
        studio.status
    );

    let mut maya = crate::support::signed_in(app, "maya@example.com").await;
    let studio = maya.get("/studio").await;
    assert_shows(&studio, "Open your studio");
    let (_, studio) = maya
        .submit("/api/studio/open", &maya_studio("maya-lindqvist", &[]))
        .await;
    assert_shows(&studio, "Your studio is open");
    let piece = new_piece(&mut maya, "Tidal ring").await;

    // Publishing an empty draft is refused with what is missing.
    let (_, editor) = maya
        .submit(
            "/api/studio/piece-status",
            &[("piece", &piece.to_string()), ("action", "publish")],
        )
        .await;
    assert_shows(&editor, "Add at least one photo");

    let uploaded = upload(
        &mut maya,
        piece,
        vec![("ring.png", png(900, 700)), ("worn.png", png(700, 900))],
    )
    .await;
    let editor = follow(&mut maya, uploaded).await;
    assert_shows(&editor, "2 photos added");
    let photos = saved(app, "maya@example.com", piece).await.photos;
    assert_eq!(photos.len(), 2);
    assert_eq!((photos[0].width, photos[0].height), (900, 700));
    // The files are in the object store (the data directory by default), under
    // random names: a draft's photos are private, and their names say nothing of
    // what they show.
    let media_dir = app.data_dir.path().join("media");
    for photo in &photos {
        assert!(media_dir.join(&photo.key).is_file(), "{}", photo.key);
    }
    for upload in [png(900, 700), png(700, 900)] {
        let digest = &sha256(&upload)[..32];
        assert!(photos.iter().all(|photo| !photo.key.starts_with(digest)));
    }
    // The maker's editor shows them through passes; the bare address, or one
    // with a pass changed, finds nothing.
    let editor = maya.get(&format!("/studio/pieces/{piece}")).await;
    let shown = media_urls(&editor.body);
    for photo in &photos {
        let sizes: Vec<&String> = shown
            .iter()
            .filter(|url| url.starts_with(&format!("/media/{}", photo.stem())))
            .collect();
        assert!(sizes.len() >= 4, "{}", editor.body);
        for url in sizes {
            assert!(url.contains("?access="), "{url}");
            let (status, caching) = fetch_media(app, url).await;
            assert_eq!(status, StatusCode::OK, "{url}");
            assert!(caching.starts_with("private, max-age="), "{caching}");
            assert!(!caching.contains("public") && !caching.contains("immutable"));
            let (status, _) = fetch_media(app, &tampered(url)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{url}");
            let bare = url.split('?').next().unwrap();
            assert_eq!(fetch_media(app, bare).await.0, StatusCode::NOT_FOUND);
        }
    }
    assert!(
        media_dir
            .join(photos[0].key.replace(".jpg", "-640.webp"))
            .is_file()
    );

    // Too thin for vermeil: saved as a draft, refused at publication, with the rule.
    let (_, editor) = save_piece(&mut maya, &piece_fields(piece, "1.5")).await;
    assert_shows(&editor, "Saved.");
    let keys: Vec<String> = photos.iter().map(|p| p.key.clone()).collect();
    let (_, editor) = maya
        .submit(
            "/api/studio/arrange-photos",
            &[
                ("piece", &piece.to_string()),
                ("photos[0][key]", &keys[0]),
                ("photos[0][alt]", "The ring from above"),
                ("photos[1][key]", &keys[1]),
                ("photos[1][alt]", "The ring worn on a finger"),
                ("action", "cover-1"),
            ],
        )
        .await;
    assert_shows(&editor, "cover now");
    let photos = saved(app, "maya@example.com", piece).await.photos;
    assert_eq!(photos[0].alt, "The ring worn on a finger");
    // The form's own order is kept, as dragging a row leaves it.
    for (first, second, notice) in [
        (1, 0, "Photo order and descriptions saved."),
        (0, 1, "Photo descriptions saved."),
        (1, 0, "Photo order and descriptions saved."),
    ] {
        let photos = saved(app, "maya@example.com", piece).await.photos;
        let (_, editor) = maya
            .submit(
                "/api/studio/arrange-photos",
                &[
                    ("piece", &piece.to_string()),
                    ("photos[0][key]", &photos[first].key),
                    ("photos[0][alt]", &photos[first].alt),
                    ("photos[1][key]", &photos[second].key),
                    ("photos[1][alt]", &photos[second].alt),
                    ("action", "save"),
                ],
            )
            .await;
        assert_shows(&editor, notice);
    }
    let photos = saved(app, "maya@example.com", piece).await.photos;
    assert_eq!(photos[0].alt, "The ring worn on a finger");

    let (_, editor) = maya
        .submit(
            "/api/studio/piece-status",
            &[("piece", &piece.to_string()), ("action", "publish")],
        )
        .await;
    assert_shows(&editor, "Vermeil needs at least 2.5");
    assert_eq!(
        saved(app, "maya@example.com", piece).await.status,
        PieceStatus::Draft
    );

    let (_, editor) = save_piece(&mut maya, &piece_fields(piece, "2.5")).await;
    assert_shows(&editor, "Saved.");
    let (_, editor) = maya
        .submit(
            "/api/studio/piece-status",
            &[("piece", &piece.to_string()), ("action", "publish")],
        )
        .await;
    assert_shows(&editor, "Published at /pieces/tidal-ring");
    let piece_saved = saved(app, "maya@example.com", piece).await;
    assert_eq!(piece_saved.status, PieceStatus::Published);
    // Published, its photos are anyone's to see, and cached as such.
    for photo in &piece_saved.photos {
        for key in [photo.key.clone(), photo.variant_key(320, "webp")] {
            let (status, caching) = fetch_media(app, &format!("/media/{key}")).await;
            assert_eq!(status, StatusCode::OK, "{key}");
            assert_eq!(caching, "public, max-age=31536000, immutable");
        }
    }
    assert_eq!(
        piece_saved.passport, None,
        "no passport while the profile is private"
    );

    // Buyers see it once the profile is public, which needs the story.
    assert_eq!(
        signed_out.get("/pieces/tidal-ring").await.status,
        StatusCode::NOT_FOUND
    );
    let (_, studio) = maya
        .submit("/api/studio/publish-profile", &[("publish", "yes")])
        .await;
    assert_shows(&studio, "Add a tagline and your story");
    let (_, profile) = maya
        .submit(
            "/api/studio/save-profile",
            &maya_studio(
                "maya-lindqvist",
                &[
                    ("story", "I forge every ring from one bar."),
                    ("techniques[]", "forging"),
                ],
            ),
        )
        .await;
    assert_shows(&profile, "Your profile is saved.");
    maya.submit("/api/studio/publish-profile", &[("publish", "yes")])
        .await;
    let passport = saved(app, "maya@example.com", piece)
        .await
        .passport
        .expect("a passport once buyers can see the piece");
    let public = signed_out.get("/pieces/tidal-ring").await;
    assert_eq!(public.status, StatusCode::OK);
    assert_shows(&public, "laboratory-grown sapphire");
    assert!(public.body.contains("The ring worn on a finger"));
    let pictures = media_urls(&public.body);
    assert!(!pictures.is_empty());
    assert!(
        pictures.iter().all(|url| !url.contains("access=")),
        "a public page names public addresses, which every visitor's cache shares"
    );
    let passport_page = signed_out.get(&format!("/passport/{passport}")).await;
    assert_shows(&passport_page, "Valid");

    // An edit to a published piece re-signs its passport; an edit that breaks a
    // rule is refused and leaves the published piece as it was.
    let mut fields = piece_fields(piece, "2.5");
    fields[1].1 = "Tidal ring, polished".into();
    let (_, editor) = save_piece(&mut maya, &fields).await;
    assert_shows(&editor, "passport is now at version 2");
    let (_, editor) = save_piece(&mut maya, &piece_fields(piece, "0.5")).await;
    assert_shows(&editor, "nothing was saved");
    assert!(
        editor.body.contains("value=\"0.5\""),
        "what was typed is shown again"
    );
    assert_eq!(
        saved(app, "maya@example.com", piece).await.edit.title,
        "Tidal ring, polished"
    );

    // A published piece is archived, not deleted; a copy is a fresh draft.
    let refused = maya
        .post("/api/studio/delete-piece", &[("piece", &piece.to_string())])
        .await;
    let editor = maya.get(&refused.location.unwrap()).await;
    assert_shows(&editor, "Archive it instead");
    let (to, copy) = maya
        .submit(
            "/api/studio/duplicate-piece",
            &[("piece", &piece.to_string())],
        )
        .await;
    assert_shows(&copy, "Copy of Tidal ring");
    let copy_id: i64 = to.trim_start_matches("/studio/pieces/").parse().unwrap();
    assert_eq!(
        saved(app, "maya@example.com", copy_id).await.photos.len(),
        2
    );
    let (to, _) = maya
        .submit(
            "/api/studio/delete-piece",
            &[("piece", &copy_id.to_string())],
        )
        .await;
    assert_eq!(to, "/studio");
    maya.submit(
        "/api/studio/piece-status",
        &[("piece", &piece.to_string()), ("action", "archive")],
    )
    .await;
    assert_eq!(
        signed_out.get("/pieces/tidal-ring").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        signed_out
            .get(&format!("/passport/{passport}"))
            .await
            .body
            .contains("Valid")
    );
}

on_both_databases!(a_maker_takes_a_piece_from_draft_to_published, maker_journey);

#[tokio::test]
async fn no_maker_touches_another_makers_piece() {
    let app = spawn_app_with(&[]).await;
    let mut ana = maker(&app, "ana@example.com", "ana").await;
    let piece = new_piece(&mut ana, "Ana's ring").await;
    let answer = upload(&mut ana, piece, vec![("ring.png", png(640, 480))]).await;
    follow(&mut ana, answer).await;
    let before = saved(&app, "ana@example.com", piece).await;
    let id = piece.to_string();

    let mut ben = maker(&app, "ben@example.com", "ben").await;
    let mut stranger = Visitor::new(&app);
    for visitor in [&mut ben, &mut stranger] {
        let page = visitor.get(&format!("/studio/pieces/{piece}")).await;
        assert!(!page.body.contains("Ana&#x27;s ring") && !page.body.contains("Ana's ring"));
        let mut attempts: Vec<(&str, Vec<(String, String)>)> = vec![
            ("/api/studio/save-piece", piece_fields(piece, "2.5")),
            (
                "/api/studio/duplicate-piece",
                vec![("piece".into(), id.clone())],
            ),
            (
                "/api/studio/delete-piece",
                vec![("piece".into(), id.clone())],
            ),
            (
                "/api/studio/arrange-photos",
                vec![
                    ("piece".into(), id.clone()),
                    ("photos[0][key]".into(), before.photos[0].key.clone()),
                    ("photos[0][alt]".into(), "Mine".into()),
                    ("action".into(), "remove-0".into()),
                ],
            ),
        ];
        for action in ["publish", "archive", "unpublish", "restore"] {
            attempts.push((
                "/api/studio/piece-status",
                vec![
                    ("piece".into(), id.clone()),
                    ("action".into(), action.into()),
                ],
            ));
        }
        for (path, fields) in &attempts {
            let answer = post_owned(visitor, path, fields).await;
            assert!(answer.status.is_redirection(), "{path}: {}", answer.status);
            let to = answer.location.unwrap();
            assert!(
                to == "/sign-in" || to == format!("/studio/pieces/{piece}"),
                "{path} → {to}"
            );
            let page = visitor.get(&to).await;
            assert!(
                !page.body.contains("Saved.") && !page.body.contains("Published"),
                "{path}"
            );
        }
        let answer = upload(visitor, piece, vec![("mine.png", png(640, 480))]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
        assert_eq!(saved(&app, "ana@example.com", piece).await, before);
    }
    // The editor of someone else's piece is a 404, like a piece that doesn't exist.
    assert_eq!(
        ben.get(&format!("/studio/pieces/{piece}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ben.get("/studio/pieces/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn fields_a_maker_may_not_set_are_ignored() {
    let app = spawn_app_with(&[]).await;
    let mut ana = maker(&app, "ana@example.com", "ana").await;
    let ana_piece = new_piece(&mut ana, "Ana's ring").await;
    let mut ben = maker(&app, "ben@example.com", "ben").await;
    let piece = new_piece(&mut ben, "Ben's ring").await;
    let before = saved(&app, "ben@example.com", piece).await;
    let mut fields = piece_fields(piece, "2.5");
    for (name, value) in [
        ("maker_id", "1"),
        ("maker", "ana"),
        ("status", "published"),
        ("published_at", "2020-01-01T00:00:00Z"),
        ("slug", "stolen-address"),
        ("account_id", "1"),
        ("role", "operator"),
        ("passport", "00"),
        ("id", &ana_piece.to_string()),
    ] {
        fields.push((name.into(), value.into()));
    }
    let answer = post_owned(&mut ben, "/api/studio/save-piece", &fields).await;
    assert_eq!(answer.status, StatusCode::FOUND);
    let after = saved(&app, "ben@example.com", piece).await;
    assert_eq!(after.status, PieceStatus::Draft);
    assert_eq!(after.slug, before.slug);
    assert_eq!(after.published_on, None);
    assert_eq!(
        after.edit.title, "Tidal ring",
        "the allowed fields were saved"
    );
    assert_eq!(
        saved(&app, "ana@example.com", ana_piece).await.edit.title,
        "Ana's ring"
    );
    let ben_account = app
        .store
        .account_by_email(&app::accounts::Email::parse("ben@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ben_account.role, app::accounts::Role::Maker);
    // Opening a second studio with a chosen owner and role changes nothing either.
    let answer = ben
        .post(
            "/api/studio/open",
            &[
                ("display_name", "Ben"),
                ("slug", "ben-two"),
                ("country", "GB"),
                ("account_id", "1"),
                ("role", "operator"),
            ],
        )
        .await;
    let page = ben.get(&answer.location.unwrap()).await;
    assert_shows(&page, "You already have a studio");
    assert_eq!(app.store.maker_profile("ben-two").await.unwrap(), None);
}

#[tokio::test]
async fn cross_site_posts_and_uploads_are_refused() {
    let app = spawn_app_with(&[]).await;
    let mut ana = maker(&app, "ana@example.com", "ana").await;
    let piece = new_piece(&mut ana, "Ana's ring").await;
    let request = app
        .client
        .post(app.url("/api/studio/piece-status"))
        .header("origin", "https://evil.example")
        .header("cookie", ana.cookie.clone().unwrap())
        .form(&[("piece", piece.to_string()), ("action", "archive".into())]);
    assert_eq!(
        request.send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let form = reqwest::multipart::Form::new().part(
        "photos",
        reqwest::multipart::Part::bytes(png(640, 480)).file_name("x.png"),
    );
    let request = app
        .client
        .post(app.url(&format!("/studio/pieces/{piece}/photos")))
        .header("origin", "https://evil.example")
        .header("cookie", ana.cookie.clone().unwrap())
        .multipart(form);
    assert_eq!(
        request.send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let after = saved(&app, "ana@example.com", piece).await;
    assert_eq!(after.status, PieceStatus::Draft);
    assert!(after.photos.is_empty());
}

#[tokio::test]
async fn naughty_input_gets_a_clear_answer_and_changes_nothing_half_way() {
    let app = spawn_app_with(&[]).await;
    let mut ana = maker(&app, "ana@example.com", "ana").await;
    let piece = new_piece(&mut ana, "Ana's ring").await;
    let before = saved(&app, "ana@example.com", piece).await;
    let naughty = [
        "'; DROP TABLE pieces; --",
        "<script>alert(1)</script>",
        "\u{0}\u{7}bell",
        "ﷺ𒐫\u{202e}RTL\u{202d}",
        "%00%ff%fe",
        "99999999999999999999999",
        "-1",
        "NaN",
        "../../etc/passwd",
        &"x".repeat(20_000),
    ];
    let names: Vec<String> = piece_fields(piece, "2.5")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    for value in naughty {
        for name in names.iter().filter(|n| *n != "piece") {
            let mut fields = piece_fields(piece, "2.5");
            for field in &mut fields {
                if &field.0 == name {
                    field.1 = value.to_owned();
                }
            }
            let answer = post_owned(&mut ana, "/api/studio/save-piece", &fields).await;
            assert!(
                answer.status.as_u16() < 500,
                "{name}={value:.40}: {}",
                answer.status
            );
            assert!(!leaks(&answer.body), "{name}: {}", answer.body);
            if let Some(to) = answer.location {
                let page = ana.get(&to).await;
                assert!(page.status.as_u16() < 500 && !leaks(&page.body), "{name}");
            }
        }
        for path in [
            "/api/studio/new-piece",
            "/api/studio/open",
            "/api/studio/save-profile",
        ] {
            let answer = ana
                .post(
                    path,
                    &[
                        ("title", value),
                        ("display_name", value),
                        ("slug", value),
                        ("country", value),
                    ],
                )
                .await;
            assert!(answer.status.as_u16() < 500, "{path}: {}", answer.status);
        }
    }
    // Control characters in the title were refused: the piece is as it was,
    // unless a harmless value was saved, which must read back exactly.
    let after = saved(&app, "ana@example.com", piece).await;
    assert_ne!(after.edit.title, "\u{0}\u{7}bell");
    assert_eq!(after.photos, before.photos);

    // Malformed posts: wrong types, missing fields, a body past the limit.
    for body in [
        "piece=abc&title=",
        "title=x",
        "piece[]=1&piece[]=2",
        "%%%",
        "piece=1&metals[99999999999][metal]=silver",
    ] {
        let answer = app
            .client
            .post(app.url("/api/studio/save-piece"))
            .header("origin", format!("http://{}", app.address))
            .header("cookie", ana.cookie.clone().unwrap())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().as_u16() < 500,
            "{body}: {}",
            answer.status()
        );
    }
    let huge = app
        .client
        .post(app.url("/api/studio/save-piece"))
        .header("origin", format!("http://{}", app.address))
        .header("cookie", ana.cookie.clone().unwrap())
        .form(&[
            ("piece", piece.to_string()),
            ("description", "y".repeat(2 * 1024 * 1024)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

fn resident_megabytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or_default()
        / 1024
}

#[tokio::test]
async fn bad_photos_are_refused_with_a_reason_and_nothing_is_added() {
    let app = spawn_app_with(&[]).await;
    let mut ana = maker(&app, "ana@example.com", "ana").await;
    let piece = new_piece(&mut ana, "Ana's ring").await;
    let mut truncated = png(800, 600);
    truncated.truncate(truncated.len() / 2);
    let mut bomb = png(400, 300);
    bomb[16..20].copy_from_slice(&60_000_u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000_u32.to_be_bytes());
    let cases: Vec<(Files, &str)> = vec![
        (
            vec![("notes.jpg", b"just some text".to_vec())],
            "isn't a photo we can read",
        ),
        (
            vec![("good.png", png(640, 480)), ("half.png", truncated)],
            "“half.png”",
        ),
        (vec![("tiny.png", png(100, 80))], "at least 320 pixels wide"),
        (vec![("bomb.png", bomb)], "“bomb.png”"),
        (
            vec![("huge.jpg", vec![0xff; 21 * 1024 * 1024])],
            "larger than 20 MB",
        ),
        (vec![("", Vec::new())], "choose at least one photo"),
    ];
    for (files, expected) in cases {
        let answer = upload(&mut ana, piece, files).await;
        let page = follow(&mut ana, answer).await;
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
        assert!(
            saved(&app, "ana@example.com", piece)
                .await
                .photos
                .is_empty(),
            "{expected}"
        );
    }

    // The uploading script asks for the next address as text instead of a redirect.
    let form = reqwest::multipart::Form::new().part(
        "photos",
        reqwest::multipart::Part::bytes(png(640, 480)).file_name("ring.png"),
    );
    let answer = app
        .client
        .post(app.url(&format!("/studio/pieces/{piece}/photos")))
        .header("origin", format!("http://{}", app.address))
        .header("cookie", ana.cookie.clone().unwrap())
        .header("accept", "text/plain")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.text().await.unwrap(),
        format!("/studio/pieces/{piece}")
    );
    let page = ana.get(&format!("/studio/pieces/{piece}")).await;
    assert!(
        page.body.contains("Photo added"),
        "the confirmation waits for the page"
    );
    let added = saved(&app, "ana@example.com", piece).await.photos;
    assert_eq!(added.len(), 1);
    ana.post(
        "/api/studio/arrange-photos",
        &[
            ("piece", &piece.to_string()),
            ("photos[0][key]", &added[0].key),
            ("photos[0][alt]", ""),
            ("action", "remove-0"),
        ],
    )
    .await;

    // A 1 GB upload streamed without a declared length: refused once the first
    // file passes its cap, with memory staying far below the upload's size.
    let before = resident_megabytes();
    let boundary = "touchstone-test-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"big.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    );
    let chunks = std::iter::once(Ok::<_, std::io::Error>(head.into_bytes()))
        .chain(std::iter::repeat_with(|| Ok(vec![0_u8; 1024 * 1024])).take(1024));
    let request = app
        .client
        .post(app.url(&format!("/studio/pieces/{piece}/photos")))
        .header("origin", format!("http://{}", app.address))
        .header("cookie", ana.cookie.clone().unwrap())
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
    match request.send().await {
        Ok(answer) => assert!(answer.status().as_u16() < 500, "{}", answer.status()),
        // The server answered and closed the connection before the client finished sending.
        Err(error) => assert!(error.is_request() || error.is_body(), "{error}"),
    }
    let grown = resident_megabytes().saturating_sub(before);
    assert!(grown < 300, "memory grew by {grown} MB for a 1 GB upload");
    assert!(
        saved(&app, "ana@example.com", piece)
            .await
            .photos
            .is_empty()
    );
    assert_eq!(ana.get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_portrait_needs_a_description_and_shows_on_the_profile() {
    let app = spawn_app_with(&[]).await;
    let mut ana = maker(&app, "ana@example.com", "ana").await;
    let post = |description: Option<&str>| {
        let mut form = reqwest::multipart::Form::new().part(
            "portrait",
            reqwest::multipart::Part::bytes(png(600, 600)).file_name("me.png"),
        );
        if let Some(description) = description {
            form = form.text("alt", description.to_owned());
        }
        app.client
            .post(app.url("/studio/portrait"))
            .header("origin", format!("http://{}", app.address))
            .multipart(form)
    };
    let refused = ana.send(post(None)).await;
    let page = follow(&mut ana, refused).await;
    assert_shows(&page, "describe the portrait");
    let maker = crate::support::studio::maker_of(&app, "ana@example.com").await;
    assert_eq!(app.store.portrait(maker).await.unwrap(), None);

    let saved = ana.send(post(Some("Ana at her bench"))).await;
    let page = follow(&mut ana, saved).await;
    assert_shows(&page, "Your portrait is saved.");
    let portrait = app.store.portrait(maker).await.unwrap().unwrap();
    assert_eq!(portrait.alt, "Ana at her bench");
    assert_eq!((portrait.width, portrait.height), (600, 600));
    assert!(page.body.contains("alt=\"Ana at her bench\""));

    // Without a studio there is nothing to put a portrait on.
    let mut buyer = crate::support::signed_in(&app, "buyer@example.com").await;
    let form = reqwest::multipart::Form::new()
        .part(
            "portrait",
            reqwest::multipart::Part::bytes(png(600, 600)).file_name("me.png"),
        )
        .text("alt", "Me");
    let request = app
        .client
        .post(app.url("/studio/portrait"))
        .header("origin", format!("http://{}", app.address))
        .multipart(form);
    let answer = buyer.send(request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let page = buyer.get(&answer.location.unwrap()).await;
    assert_shows(&page, "open your studio first");
}

/// Posts a document for a piece, backing the claims named.
async fn upload_document(
    visitor: &mut Visitor<'_>,
    piece: i64,
    (name, bytes): (&str, Vec<u8>),
    claims: &[&str],
    public: bool,
) -> crate::support::Answer {
    let mut form = reqwest::multipart::Form::new().part(
        "document",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    for claim in claims {
        form = form.text("claims[]", (*claim).to_owned());
    }
    if public {
        form = form.text("public", "on");
    }
    let request = visitor
        .app
        .client
        .post(
            visitor
                .app
                .url(&format!("/studio/pieces/{piece}/documents")),
        )
        .header("origin", format!("http://{}", visitor.app.address))
        .multipart(form);
    visitor.send(request).await
}

/// A document as a browser downloads it: status, headers and the exact bytes.
async fn download(
    app: &TestApp,
    cookie: Option<&str>,
    path: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    app::shared::hex(&Sha256::digest(bytes))
}

/// Maya's Tidal ring, published with a public profile and a passport.
async fn evidence_journey(app: &TestApp) {
    use app::provenance::Evidence;
    let mut maya = maker(app, "maya@example.com", "maya").await;
    let piece = published_piece(app, &mut maya, "maya@example.com", "maya").await;
    let certificate =
        b"%PDF-1.7\n% Assay certificate 4471: 925 silver, 18k gold layer 2.5 um\n".to_vec();
    let digest = sha256(&certificate);

    // A PDF backing two claims, shown to buyers: the passport follows.
    let answer = upload_document(
        &mut maya,
        piece,
        ("Assay certificate.pdf", certificate.clone()),
        &["metal.1.fineness", "metal.1.surface"],
        true,
    )
    .await;
    let editor = follow(&mut maya, answer).await;
    assert_shows(&editor, "2 claims now rest on it");
    assert!(editor.body.contains("passport is now at version 2"));
    assert!(editor.body.contains("Assay certificate.pdf"));
    let metal = first_metal(app, piece).await;
    let backed = Evidence::DocumentBacked {
        sha256: digest.clone(),
        public: true,
    };
    assert_eq!(metal.fineness.unwrap().evidence, backed);
    assert_eq!(metal.surface.evidence, backed);

    // Anybody opens it from the piece page, byte for byte; a PDF is saved, not run.
    let path = format!("/pieces/tidal-ring/documents/{digest}");
    let page = Visitor::new(app).get("/pieces/tidal-ring").await;
    assert!(page.body.contains(&path), "the badge links the document");
    let (status, headers, bytes) = download(app, None, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sha256(&bytes), digest);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // Private: only the maker (and operators) open it; others are told nothing is here.
    let id = piece.to_string();
    let editor = document_action(&mut maya, &id, &digest, "private").await;
    assert_shows(&editor, "private now");
    assert_eq!(download(app, None, &path).await.0, StatusCode::NOT_FOUND);
    let (status, headers, _) = download(app, maya.cookie.as_deref(), &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "private, no-store");
    let public_page = Visitor::new(app).get("/pieces/tidal-ring").await;
    assert!(!public_page.body.contains(&path));
    assert!(public_page.body.contains("document held privately"));

    // Another maker can neither read, add nor change anything.
    let before = saved(app, "maya@example.com", piece).await;
    let mut ben = maker(app, "ben@example.com", "ben").await;
    assert_eq!(
        download(app, ben.cookie.as_deref(), &path).await.0,
        StatusCode::NOT_FOUND
    );
    let answer = upload_document(
        &mut ben,
        piece,
        ("mine.pdf", b"%PDF-1.7 forged".to_vec()),
        &["metal.1.fineness"],
        true,
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    for action in ["remove", "public"] {
        let answer = ben
            .post(
                "/api/studio/document",
                &[
                    ("piece", id.as_str()),
                    ("document", &digest),
                    ("action", action),
                ],
            )
            .await;
        assert!(answer.status.is_redirection());
    }
    assert_eq!(saved(app, "maya@example.com", piece).await, before);
    assert_eq!(download(app, None, &path).await.0, StatusCode::NOT_FOUND);

    // Unusable uploads are refused with their reason, and nothing changes.
    // (the file, the claims ticked, the reason shown)
    type Refusal<'a> = ((&'a str, Vec<u8>), Vec<&'a str>, &'a str);
    let refusals: Vec<Refusal> = vec![
        (
            ("invoice.pdf", b"<html><script>alert(1)</script>".to_vec()),
            vec!["metal.1.fineness"],
            "isn't a document we can keep",
        ),
        (
            ("report.pdf", b"%PDF-1.4 report".to_vec()),
            vec![],
            "tick the claims this document backs",
        ),
        (
            ("report.pdf", b"%PDF-1.4 report".to_vec()),
            vec!["metal.7.hallmark", "'; DROP TABLE pieces; --"],
            "tick the claims this document backs",
        ),
        (
            ("broken.png", png(640, 480)[..300].to_vec()),
            vec!["metal.1.fineness"],
            "“broken.png”",
        ),
        (
            ("huge.pdf", {
                let mut huge = b"%PDF-1.7".to_vec();
                huge.resize(21 * 1024 * 1024, b' ');
                huge
            }),
            vec!["metal.1.fineness"],
            "larger than 20 MB",
        ),
    ];
    for (file, claims, reason) in refusals {
        let name = file.0;
        let answer = upload_document(&mut maya, piece, file, &claims, false).await;
        let editor = follow(&mut maya, answer).await;
        assert!(editor.body.contains(reason), "{name}: {}", editor.body);
        assert!(!leaks(&editor.body), "{name}");
    }
    assert_eq!(saved(app, "maya@example.com", piece).await, before);

    // A picture of the hallmark is re-saved as a JPEG; its digest is of what is kept.
    let answer = upload_document(
        &mut maya,
        piece,
        ("hallmark.png", png(800, 600)),
        &["stone.1.nature"],
        true,
    )
    .await;
    let editor = follow(&mut maya, answer).await;
    assert_shows(&editor, "1 claim now rests on it");
    let stone = saved(app, "maya@example.com", piece)
        .await
        .edit
        .disclosure
        .stones[0]
        .clone();
    let Evidence::DocumentBacked {
        sha256: picture, ..
    } = stone.nature.evidence
    else {
        panic!("the stone's nature rests on the picture");
    };
    let (status, headers, bytes) = download(
        app,
        None,
        &format!("/pieces/tidal-ring/documents/{picture}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(sha256(&bytes), picture);

    // Removing a document puts its claims back on the maker's word.
    let editor = document_action(&mut maya, &id, &digest, "remove").await;
    assert_shows(&editor, "Document removed");
    let metal = first_metal(app, piece).await;
    assert_eq!(metal.fineness.unwrap().evidence, Evidence::SelfDeclared);
    assert_eq!(
        download(app, maya.cookie.as_deref(), &path).await.0,
        StatusCode::NOT_FOUND
    );
    assert_shows(
        &passport_page(app, "maya@example.com", piece).await,
        "Valid",
    );
}

on_both_databases!(
    evidence_documents_back_claims_and_open_by_right,
    evidence_journey
);

/// Signs in a confirmed account and, when `operator`, grants it the role as
/// `server grant-operator` does.
async fn operator<'a>(app: &'a TestApp, email: &str, grant: bool) -> Visitor<'a> {
    let id = confirmed_account(app, email).await;
    if grant {
        assert!(
            app.store
                .set_role(id, app::accounts::Role::Operator)
                .await
                .unwrap()
        );
    }
    crate::support::sign_in(app, email).await
}

async fn operator_review_journey(app: &TestApp) {
    use app::provenance::Evidence;
    let mut maya = maker(app, "maya@example.com", "maya").await;
    let piece = published_piece(app, &mut maya, "maya@example.com", "maya").await;
    let certificate = b"%PDF-1.7\n% Assay certificate 5120: 925 silver\n".to_vec();
    let digest = sha256(&certificate);
    let answer = upload_document(
        &mut maya,
        piece,
        ("Assay certificate.pdf", certificate),
        &["metal.1.fineness", "metal.1.surface"],
        false,
    )
    .await;
    follow(&mut maya, answer).await;
    let queue = "/operator/evidence";
    let sheet = format!("/operator/evidence/{piece}/{digest}");

    // The pages don't exist for buyers and makers; signed out goes to sign in.
    let mut buyer = operator(app, "ben@example.com", false).await;
    for path in [queue, sheet.as_str()] {
        assert_eq!(
            buyer.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(maya.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
        let stranger = Visitor::new(app).get(path).await;
        assert_eq!(stranger.location.as_deref(), Some("/sign-in"), "{path}");
    }
    assert!(!maya.get("/studio").await.body.contains("Evidence review"));

    // An operator sees the document waiting, opens it (private as it is) and the claims.
    let mut ines = operator(app, "ines@touchstone.example", true).await;
    let listed = ines.get(queue).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body.contains("Evidence review"), "the nav links it");
    assert_shows(&listed, "Review Assay certificate.pdf");
    assert!(listed.body.contains(&sheet));
    let opened = ines.get(&sheet).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert_shows(&opened, "Metal 1 (Silver): fineness");
    assert!(opened.body.contains("Metal 1 (Silver): what it is"));
    let document = format!("/pieces/tidal-ring/documents/{digest}");
    assert!(opened.body.contains(&document));
    let (status, _, _) = download(app, ines.cookie.as_deref(), &document).await;
    assert_eq!(status, StatusCode::OK);

    let before = saved(app, "maya@example.com", piece).await;
    let id = piece.to_string();
    let seen = opened
        .body
        .split(r#"name="seen" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the sheet says which disclosure it shows")
        .to_owned();
    let review = |findings: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(String, String)> = vec![
            ("piece".into(), id.clone()),
            ("document".into(), digest.clone()),
            ("seen".into(), seen.clone()),
            (
                "note".into(),
                "The certificate names the fineness; the surface isn't on it.".into(),
            ),
        ];
        for (index, (path, outcome)) in findings.iter().enumerate() {
            fields.push((format!("findings[{index}][path]"), (*path).into()));
            fields.push((format!("findings[{index}][outcome]"), (*outcome).into()));
        }
        fields
    };
    let post = async |visitor: &mut Visitor<'_>, fields: &[(String, String)]| {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        visitor.post("/api/operator/evidence/review", &fields).await
    };

    // A maker (or buyer) posting a review is refused; nothing changes.
    let complete = review(&[
        ("metal.1.fineness", "verified"),
        ("metal.1.surface", "not-shown"),
    ]);
    for visitor in [&mut maya, &mut buyer] {
        let answer = post(visitor, &complete).await;
        assert!(answer.status.is_redirection());
        assert_eq!(
            visitor
                .get(answer.location.as_deref().unwrap())
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    // An answer missing, an unknown outcome, a claim that isn't waiting: refused in words.
    let refused = [
        (
            review(&[("metal.1.fineness", "verified")]),
            "“Metal 1 (Silver): what it is” has no answer",
        ),
        (
            review(&[
                ("metal.1.fineness", "verified"),
                ("metal.1.surface", "probably"),
            ]),
            "has no answer",
        ),
        (
            review(&[
                ("metal.1.fineness", "verified"),
                ("metal.1.surface", "verified"),
                ("making.designed-by", "verified"),
            ]),
            "changed this piece's claims",
        ),
    ];
    for (fields, reason) in refused {
        let answer = post(&mut ines, &fields).await;
        assert_eq!(answer.location.as_deref(), Some(sheet.as_str()));
        let page = ines.get(&sheet).await;
        assert!(page.body.contains(reason), "{reason}: {}", page.body);
        assert!(
            page.body.contains("The certificate names the fineness"),
            "the note is kept"
        );
        assert!(!leaks(&page.body));
    }
    // A review of a disclosure other than the one shown is refused.
    let mut stale = complete.clone();
    for (name, value) in &mut stale {
        if name == "seen" {
            *value = "0".repeat(64);
        }
    }
    let answer = post(&mut ines, &stale).await;
    let page = ines.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&page, "changed this piece's claims");
    let cross_site = ines
        .send(
            app.client
                .post(app.url("/api/operator/evidence/review"))
                .header("origin", "https://evil.example")
                .form(&complete),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert_eq!(saved(app, "maya@example.com", piece).await, before);

    // The review: one claim verified, one back to the maker's word, the passport follows.
    let (to, done) = {
        let answer = post(&mut ines, &complete).await;
        assert_eq!(answer.status, StatusCode::FOUND, "{}", answer.body);
        let to = answer.location.unwrap();
        (to.clone(), ines.get(&to).await)
    };
    assert_eq!(to, queue);
    assert!(
        done.body
            .contains("1 claim verified, 1 claim back to the maker's word"),
        "{}",
        done.body
    );
    assert_shows(&done, "passport is now at version 3");
    assert!(!done.body.contains(&sheet), "reviewed: off the queue");
    let metal = first_metal(app, piece).await;
    assert_eq!(
        metal.fineness.unwrap().evidence,
        Evidence::Verified {
            by: "Ben Okafor".into(),
            on: jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string(),
            sha256: Some(digest.clone()),
            public: false,
        }
    );
    assert_eq!(metal.surface.evidence, Evidence::SelfDeclared);
    assert_eq!(
        ines.get(&sheet).await.status,
        StatusCode::NOT_FOUND,
        "reviewed: gone"
    );

    // The maker hears of it; buyers see the verification and a valid passport.
    let mail = app.store.recent_mail(5).await.unwrap();
    let told = mail
        .iter()
        .find(|m| m.to == "maya@example.com" && m.subject.contains("was reviewed"))
        .expect("the maker is told");
    assert!(told.body.contains("fineness: verified"), "{}", told.body);
    assert!(told.body.contains("what it is: not shown by this document"));
    assert!(told.body.contains("the surface isn't on it"));
    let public = Visitor::new(app).get("/pieces/tidal-ring").await;
    assert_shows(&public, "badge--verified");
    assert!(public.body.contains("by Ben Okafor"));
    assert!(public.body.contains("document held privately"));
    assert_shows(
        &passport_page(app, "maya@example.com", piece).await,
        "Valid",
    );

    // Shown to buyers, the verified claim links the document; removed, it takes
    // the verification with it.
    document_action(&mut maya, &id, &digest, "public").await;
    assert!(
        Visitor::new(app)
            .get("/pieces/tidal-ring")
            .await
            .body
            .contains(&document)
    );
    document_action(&mut maya, &id, &digest, "remove").await;
    let metal = first_metal(app, piece).await;
    assert_eq!(metal.fineness.unwrap().evidence, Evidence::SelfDeclared);
}

on_both_databases!(
    an_operator_verifies_claims_against_their_document,
    operator_review_journey
);

/// A text part that goes on and on, sent up to a megabyte and then held open: a
/// server that read a text part to its end before checking it would never answer.
#[tokio::test]
async fn a_text_part_past_its_limit_is_refused_before_the_rest_arrives() {
    use futures::StreamExt;
    let app = spawn_app_with(&[]).await;
    let mut maya = maker(&app, "maya@example.com", "maya-lindqvist").await;
    let piece = new_piece(&mut maya, "Tidal ring").await;
    let boundary = "touchstone-endless-part";
    let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n");
    let body = futures::stream::iter([head.into_bytes(), vec![b'a'; 1024 * 1024]])
        .map(Ok::<_, std::io::Error>)
        .chain(futures::stream::pending());
    let request = app
        .client
        .post(app.url(&format!("/studio/pieces/{piece}/photos")))
        .header("origin", format!("http://{}", app.address))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::Body::wrap_stream(body));
    let answer = tokio::time::timeout(std::time::Duration::from_secs(15), maya.send(request))
        .await
        .expect("an answer without waiting for the rest of the part");
    let editor = follow(&mut maya, answer).await;
    assert_shows(&editor, "That text is too long for this form.");
    assert!(
        saved(&app, "maya@example.com", piece)
            .await
            .photos
            .is_empty()
    );
}

async fn storage_quota_journey(app: &TestApp) {
    let mut maya = maker(app, "maya@example.com", "maya-lindqvist").await;
    let piece = new_piece(&mut maya, "Tidal ring").await;
    let uploaded = upload(&mut maya, piece, vec![("ring.png", png(900, 700))]).await;
    let editor = follow(&mut maya, uploaded).await;
    assert_shows(&editor, "Photo added");
    let maker = crate::support::studio::maker_of(app, "maya@example.com").await;
    let used = app.store.maker_storage_used(maker).await.unwrap();
    assert!(used > 10_000, "{used}");

    // A second photo does not fit in the 400 kB of this server's quota.
    let uploaded = upload(&mut maya, piece, vec![("worn.png", png(1_600, 1_200))]).await;
    let editor = follow(&mut maya, uploaded).await;
    assert!(
        editor.body.contains("Your studio&#x27;s storage is full")
            || editor.body.contains("Your studio's storage is full"),
        "{}",
        editor.body
    );
    assert_shows(&editor, "Nothing was added.");
    assert_eq!(saved(app, "maya@example.com", piece).await.photos.len(), 1);
    assert_eq!(app.store.maker_storage_used(maker).await.unwrap(), used);
}

on_both_databases!(
    an_upload_past_the_makers_storage_quota_adds_nothing,
    storage_quota_journey,
    [("TOUCHSTONE_MAKER_STORAGE_QUOTA_BYTES", "400000")]
);

/// The passport key of the pass tests: their passes are made here as the server
/// makes them.
const PASS_SEED: &str = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

async fn draft_photo_passes_journey(app: &TestApp) {
    let mut maya = maker(app, "maya@example.com", "maya-lindqvist").await;
    let piece = new_piece(&mut maya, "Tidal ring").await;
    let uploaded = upload(&mut maya, piece, vec![("ring.png", png(700, 500))]).await;
    follow(&mut maya, uploaded).await;
    let photo = saved(app, "maya@example.com", piece).await.photos.remove(0);
    let notary = touchstone_server::passport::Ed25519Notary::from_seed_hex(PASS_SEED).unwrap();
    let pass = app::shared::MediaPass::of(&notary);
    let now = jiff::Timestamp::now();
    for (at, expected) in [
        (now, StatusCode::OK),
        (
            now - jiff::SignedDuration::from_hours(3),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let mut granted = photo.clone();
        pass.grant(&mut granted, at);
        let (status, _) = fetch_media(app, &granted.url()).await;
        assert_eq!(status, expected, "a pass granted at {at}");
    }
    // Another maker, or nobody, finds nothing at the bare address.
    let mut other = maker(app, "ana@example.com", "ana-berg").await;
    assert_eq!(
        other.get(&format!("/media/{}", photo.key)).await.status,
        StatusCode::NOT_FOUND
    );
}

on_both_databases!(
    a_drafts_photo_is_seen_only_through_a_pass_until_it_expires,
    draft_photo_passes_journey,
    [("TOUCHSTONE_PASSPORT_KEY", super::PASS_SEED)]
);

/// A page as a signed-out visitor gets it: whether it came from the render cache,
/// the scripts its policy allows, and the page.
struct PublicPage {
    cache: Option<String>,
    script_src: String,
    body: String,
}

async fn signed_out_get(app: &TestApp, path: &str) -> PublicPage {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    let cache = header("x-render-cache");
    let csp = header("content-security-policy").unwrap();
    let script_src = csp
        .split("script-src ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    PublicPage {
        cache,
        script_src,
        body,
    }
}

/// Public pages are sent from memory to signed-out visitors until something they
/// show changes — through whichever app server it changed — and never to someone
/// signed in.
async fn render_cache_journey(app: &TestApp) {
    let other = spawn_app_with(&[("DATABASE_URL", app.database_url.as_str())]).await;
    let mut maya = maker(app, "maya@example.com", "maya").await;
    let piece = published_piece(app, &mut maya, "maya@example.com", "maya").await;
    let pages = ["/pieces/tidal-ring", "/makers/maya", "/", "/search?q=tidal"];

    for server in [app, &other] {
        for path in pages {
            let first = signed_out_get(server, path).await;
            assert_eq!(first.cache.as_deref(), Some("miss"), "{path}");
            assert!(first.body.contains("Tidal ring"), "{path}: {}", first.body);
            assert!(first.body.contains("href=\"/sign-in\""), "{path}");
            let second = signed_out_get(server, path).await;
            assert_eq!(second.cache.as_deref(), Some("hit"), "{path}");
            assert!(!first.script_src.contains("'nonce-"), "{path}: sealed");
            assert!(!first.body.contains(" nonce=\""), "{path}");
            assert_eq!(
                (second.body, second.script_src),
                (first.body, first.script_src),
                "{path}: the same page, allowing the same scripts"
            );
        }
    }
    let mine = maya.get("/pieces/tidal-ring").await;
    assert!(
        mine.body.contains("Your account (Ben Okafor)"),
        "a signed-in maker sees her own header, with her account's name: {}",
        mine.body
    );

    // Maya renames the piece through the first server: both show it at once.
    let fields: Vec<(String, String)> = piece_fields(piece, "2.5")
        .into_iter()
        .map(|(key, value)| match key.as_str() {
            "title" => (key, "Tidal ring, wider".to_owned()),
            _ => (key, value),
        })
        .collect();
    let (_, editor) = save_piece(&mut maya, &fields).await;
    assert_shows(&editor, "Saved.");
    for server in [&other, app] {
        for path in pages {
            let fresh = signed_out_get(server, path).await;
            assert_eq!(fresh.cache.as_deref(), Some("miss"), "{path}");
            assert!(
                fresh.body.contains("Tidal ring, wider"),
                "{path}: {}",
                fresh.body
            );
        }
    }
}

on_both_databases!(
    public_pages_come_from_memory_until_what_they_show_changes,
    render_cache_journey
);

/// Marks an evidence document private or public, or removes it, as its maker.
async fn document_action(
    maker: &mut Visitor<'_>,
    piece: &str,
    digest: &str,
    action: &str,
) -> Answer {
    maker
        .submit(
            "/api/studio/document",
            &[("piece", piece), ("document", digest), ("action", action)],
        )
        .await
        .1
}

/// The first metal of Maya's piece as saved, with its claims' evidence.
async fn first_metal(app: &TestApp, piece: i64) -> app::provenance::MetalDisclosure {
    saved(app, "maya@example.com", piece)
        .await
        .edit
        .disclosure
        .metals[0]
        .clone()
}
