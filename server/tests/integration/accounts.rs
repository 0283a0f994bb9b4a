//! Accounts over HTTP as a browser without JavaScript uses them: plain form posts,
//! redirects, and a session cookie — on SQLite and on PostgreSQL.

use crate::support::{PASSWORD, TestApp, Visitor, assert_shows, confirmed_account, spawn_app_with};
use app::accounts::Email;
use reqwest::StatusCode;

fn token_in(body: &str, path: &str) -> String {
    let start = body.find(&format!("{path}?token=")).expect("a link") + path.len() + 7;
    body[start..start + 64].to_owned()
}

async fn latest_mail(app: &TestApp) -> app::accounts::Mail {
    app.store.recent_mail(1).await.unwrap().remove(0)
}

async fn sign_up_journey(app: &TestApp) {
    let mut ana = Visitor::new(app);
    let form = ana.get("/sign-up").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("action=\"/api/accounts/sign-up\""));
    assert!(form.set_cookie.is_none(), "no cookie before it is needed");

    // A refused sign-up keeps what was typed, except the password.
    let (to, page) = ana
        .submit(
            "/api/accounts/sign-up",
            &[
                ("email", "ana@example.com"),
                ("display_name", "Ana Ruiz"),
                ("password", "password"),
            ],
        )
        .await;
    assert_eq!(to, "/sign-up");
    assert_shows(&page, "one of the most common");
    assert!(page.body.contains("value=\"ana@example.com\""));
    assert!(!page.body.contains("value=\"password\""));
    let again = ana.get("/sign-up").await;
    assert!(
        !again.body.contains("most common"),
        "feedback is shown once"
    );

    let (to, page) = ana
        .submit(
            "/api/accounts/sign-up",
            &[
                ("email", "Ana@Example.com"),
                ("display_name", " Ana  Ruiz "),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(to, "/sign-in");
    assert_shows(&page, "sent an email to ana@example.com");
    let mail = latest_mail(app).await;
    assert_eq!(mail.to, "ana@example.com");
    assert_eq!(mail.subject, "Confirm your email address for Touchstone");
    let token = token_in(&mail.body, "/account/confirm");

    // Signing in before confirming sends a new link instead.
    let (_, page) = ana
        .submit(
            "/api/accounts/sign-in",
            &[("email", "ana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_shows(&page, "confirm your email address first");

    // The link's page changes nothing; its button confirms and signs in.
    let confirm = ana.get(&format!("/account/confirm?token={token}")).await;
    assert!(confirm.body.contains("Confirm my email address"));
    let before = ana.cookie.clone();
    let answer = ana
        .post("/api/accounts/confirm-email", &[("token", &token)])
        .await;
    assert_eq!(answer.location.as_deref(), Some("/account"));
    assert_ne!(ana.cookie, before, "the session id changes at sign-in");
    let account = ana.get("/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert_shows(&account, "Your email address is confirmed");
    assert!(account.body.contains("Ana Ruiz"));
    assert!(account.body.contains("ana@example.com"));

    // A link works once.
    let mut other = Visitor::new(app);
    let (_, page) = other
        .submit("/api/accounts/confirm-email", &[("token", &token)])
        .await;
    assert!(page.body.contains("expired or was already used"));

    // Changing the password checks the current one and signs out other devices.
    let mut laptop = Visitor::new(app);
    laptop
        .submit(
            "/api/accounts/sign-in",
            &[("email", "ana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(laptop.get("/account").await.status, StatusCode::OK);
    let (_, page) = ana
        .submit(
            "/api/accounts/change-password",
            &[
                ("current_password", "not it at all"),
                ("new_password", "brass kettle meadow"),
            ],
        )
        .await;
    assert_shows(&page, "Your current password");
    let (_, page) = ana
        .submit(
            "/api/accounts/change-password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "brass kettle meadow"),
            ],
        )
        .await;
    assert_shows(&page, "Your password is changed");
    let signed_out = laptop.get("/account").await;
    assert_eq!(signed_out.location.as_deref(), Some("/sign-in"));

    // Signing out ends the session on the server: the old cookie is worthless.
    let stolen = ana.cookie.clone().unwrap();
    let answer = ana.post("/api/accounts/sign-out", &[]).await;
    assert_eq!(answer.location.as_deref(), Some("/"));
    let mut thief = Visitor::new(app);
    thief.cookie = Some(stolen);
    assert_eq!(
        thief.get("/account").await.location.as_deref(),
        Some("/sign-in")
    );
    let (to, _) = ana
        .submit(
            "/api/accounts/sign-in",
            &[
                ("email", "ana@example.com"),
                ("password", "brass kettle meadow"),
            ],
        )
        .await;
    assert_eq!(to, "/account");
}

on_both_databases!(
    a_person_signs_up_confirms_changes_password_and_signs_out,
    sign_up_journey
);

#[tokio::test]
async fn signing_up_with_a_taken_address_reveals_nothing_at_the_form() {
    let app = spawn_app_with(&[]).await;
    confirmed_account(&app, "ben@example.com").await;
    let mut someone = Visitor::new(&app);
    let (_, page) = someone
        .submit(
            "/api/accounts/sign-up",
            &[
                ("email", "ben@example.com"),
                ("display_name", "Not Ben"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(page.body.contains("sent an email to ben@example.com"));
    let mail = latest_mail(&app).await;
    assert_eq!(mail.subject, "You already have a Touchstone account");
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_per_client_with_the_same_words() {
    let app = spawn_app_with(&[]).await;
    confirmed_account(&app, "ben@example.com").await;
    let mut visitor = Visitor::new(&app);
    let attempt = |email: &'static str, password: &'static str| (email, password);
    let mut refusals = Vec::new();
    for (email, password) in [
        attempt("ben@example.com", "wrong password 1"),
        attempt("nobody@example.com", "wrong password 1"),
    ] {
        let (_, page) = visitor
            .submit(
                "/api/accounts/sign-in",
                &[("email", email), ("password", password)],
            )
            .await;
        refusals.push(message(&page.body));
    }
    assert_eq!(refusals[0], refusals[1], "a missing account reads the same");
    for _ in 0..4 {
        for email in ["ben@example.com", "nobody@example.com"] {
            visitor
                .post(
                    "/api/accounts/sign-in",
                    &[("email", email), ("password", "nope nope")],
                )
                .await;
            visitor.get("/sign-in").await;
        }
    }
    // Five failures: even the right password is refused, for a while.
    let (_, ben) = visitor
        .submit(
            "/api/accounts/sign-in",
            &[("email", "ben@example.com"), ("password", PASSWORD)],
        )
        .await;
    let (_, nobody) = visitor
        .submit(
            "/api/accounts/sign-in",
            &[("email", "nobody@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert!(message(&ben.body).contains("Too many failed sign-in attempts"));
    assert_eq!(message(&ben.body), message(&nobody.body));

    // One client address failing across many accounts is stopped too.
    for index in 0..20 {
        let email = format!("guess{index}@example.com");
        visitor
            .post(
                "/api/accounts/sign-in",
                &[("email", &email), ("password", "nope nope")],
            )
            .await;
    }
    let (_, page) = visitor
        .submit(
            "/api/accounts/sign-in",
            &[("email", "fresh@example.com"), ("password", "nope nope")],
        )
        .await;
    assert!(message(&page.body).contains("Too many failed sign-in attempts"));
}

/// The alert's text on a page.
#[tokio::test]
async fn parallel_guesses_get_no_more_password_checks_than_the_limit() {
    let app = spawn_app_with(&[]).await;
    confirmed_account(&app, "ben@example.com").await;
    let guesses = (0..20).map(|n| {
        let app = &app;
        async move {
            let mut visitor = Visitor::new(app);
            let password = format!("wrong guess {n}");
            let answer = visitor
                .post(
                    "/api/accounts/sign-in",
                    &[("email", "ben@example.com"), ("password", &password)],
                )
                .await;
            let page = visitor.get(&answer.location.unwrap()).await;
            message(&page.body)
        }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers.iter().filter(|m| m.contains("don't match")).count();
    let throttled = answers.iter().filter(|m| m.contains("Too many")).count();
    assert_eq!(checked + throttled, 20, "{answers:?}");
    assert!(
        checked <= 5,
        "{checked} of 20 parallel guesses were checked"
    );
    // The right password afterwards is refused too, within the window.
    let mut ben = Visitor::new(&app);
    let (_, page) = ben
        .submit(
            "/api/accounts/sign-in",
            &[("email", "ben@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert!(message(&page.body).contains("Too many"));
}

fn message(body: &str) -> String {
    let start = body.find("role=\"alert\"").expect("an alert");
    let text = &body[start..];
    let open = text.find("<p>").unwrap() + 3;
    let close = text.find("</p>").unwrap();
    text[open..close].to_owned()
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_signs_out_other_devices() {
    let app = spawn_app_with(&[]).await;
    let mut phone = crate::support::signed_in(&app, "ben@example.com").await;
    assert_eq!(phone.get("/account").await.status, StatusCode::OK);

    let mut visitor = Visitor::new(&app);
    let mail_before = app.store.recent_mail(100).await.unwrap().len();
    let (_, page) = visitor
        .submit(
            "/api/accounts/request-reset",
            &[("email", "nobody@example.com")],
        )
        .await;
    assert!(page.body.contains("If an account uses nobody@example.com"));
    let mail = app.store.recent_mail(100).await.unwrap();
    assert_eq!(
        mail.len(),
        mail_before + 1,
        "the address hears why no link came"
    );
    assert_eq!(mail[0].to, "nobody@example.com");
    assert!(
        mail[0]
            .body
            .contains("no Touchstone account with this address")
    );
    assert!(!mail[0].body.contains("token="), "and gets no link");
    let (_, page) = visitor
        .submit(
            "/api/accounts/request-reset",
            &[("email", "ben@example.com")],
        )
        .await;
    assert!(page.body.contains("If an account uses ben@example.com"));
    let token = token_in(&latest_mail(&app).await.body, "/account/new-password");

    // A refused password can be corrected with the same link.
    let (to, page) = visitor
        .submit(
            "/api/accounts/reset-password",
            &[("token", &token), ("password", "12345678")],
        )
        .await;
    assert_eq!(to, format!("/account/new-password?token={token}"));
    assert_shows(&page, "most common");
    let (to, page) = visitor
        .submit(
            "/api/accounts/reset-password",
            &[("token", &token), ("password", "granite willow signal")],
        )
        .await;
    assert_eq!(to, "/account");
    assert!(page.body.contains("Your new password is set"));
    assert_eq!(
        phone.get("/account").await.location.as_deref(),
        Some("/sign-in")
    );
    let (to, page) = Visitor::new(&app)
        .submit(
            "/api/accounts/reset-password",
            &[("token", &token), ("password", "another fine phrase")],
        )
        .await;
    assert_eq!(to, "/account/reset");
    assert!(page.body.contains("expired or was already used"));
}

#[tokio::test]
async fn the_session_cookie_is_host_only_secure_httponly_and_lax_on_https() {
    let app = spawn_app_with(&[("TOUCHSTONE_PUBLIC_BASE_URL", "https://127.0.0.1")]).await;
    let mut visitor = Visitor::new(&app);
    let answer = visitor
        .post(
            "/api/accounts/sign-in",
            &[("email", "ben@example.com"), ("password", "nope nope")],
        )
        .await;
    let cookie = answer.set_cookie.expect("the feedback needs a session");
    assert!(cookie.starts_with("__Host-touchstone="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
}

#[tokio::test]
async fn account_forms_refuse_cross_site_posts_and_bad_input_without_a_500() {
    let app = spawn_app_with(&[]).await;
    let cross_site = app
        .client
        .post(app.url("/api/accounts/sign-in"))
        .header("origin", "https://evil.example")
        .form(&[("email", "ben@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    let fetched = app
        .client
        .post(app.url("/api/accounts/sign-out"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), StatusCode::FORBIDDEN);

    let mut visitor = Visitor::new(&app);
    let long = "x".repeat(10_000);
    for fields in [
        vec![
            ("email", long.as_str()),
            ("display_name", "A"),
            ("password", PASSWORD),
        ],
        vec![
            ("email", "a@example.com"),
            ("display_name", long.as_str()),
            ("password", PASSWORD),
        ],
        vec![
            ("email", "a@example.com"),
            ("display_name", "A"),
            ("password", long.as_str()),
        ],
        vec![
            ("email", "'; DROP TABLE accounts; --"),
            ("display_name", "A"),
            ("password", PASSWORD),
        ],
        vec![
            ("email", "a@example.com"),
            ("display_name", "<script>alert(1)</script>"),
            ("password", "\u{0}\u{0}"),
        ],
        vec![("email", "a@example.com")],
    ] {
        let answer = visitor.post("/api/accounts/sign-up", &fields).await;
        assert!(
            answer.status == StatusCode::FOUND || answer.status == StatusCode::BAD_REQUEST,
            "{fields:?}: {}",
            answer.status
        );
        let page = visitor.get("/sign-up").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("<script>alert(1)"), "names are escaped");
        for leak in ["sqlx", "SQLITE", "panicked", "/tmp/"] {
            assert!(!page.body.contains(leak), "{leak}: {}", page.body);
        }
    }
    let invalid_utf8 = app
        .client
        .post(app.url("/api/accounts/sign-in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=%FF%FE&password=%C3")
        .send()
        .await
        .unwrap();
    assert!(invalid_utf8.status().is_client_error() || invalid_utf8.status().is_redirection());
    let huge = app
        .client
        .post(app.url("/api/accounts/sign-in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 3 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let nothing_saved = app
        .store
        .account_by_email(&Email::parse("a@example.com").unwrap())
        .await
        .unwrap();
    assert!(nothing_saved.is_none(), "no half-made accounts");
}

#[tokio::test]
async fn the_development_mailbox_is_off_unless_switched_on() {
    let app = spawn_app_with(&[]).await;
    let off = app.client.get(app.url("/dev/mail")).send().await.unwrap();
    assert_eq!(off.status(), StatusCode::NOT_FOUND);

    let app = spawn_app_with(&[("TOUCHSTONE_DEV_MAILBOX", "true")]).await;
    app.store
        .queue_mail(
            "ana@example.com",
            "Hello",
            "Open http://x.example/a",
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let on = app.client.get(app.url("/dev/mail")).send().await.unwrap();
    assert_eq!(on.status(), StatusCode::OK);
    let body = on.text().await.unwrap();
    assert!(body.contains("<a href=\"http://x.example/a\">"), "{body}");
}

/// A minimal SMTP server that accepts every message and keeps it.
async fn fake_smtp_server() -> (u16, std::sync::Arc<tokio::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = std::sync::Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let inbox = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let inbox = inbox.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("DATA") {
                        write.write_all(b"354 go on\r\n").await.unwrap();
                        let mut message = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            message.push_str(&line);
                            message.push('\n');
                        }
                        inbox.lock().await.push(message);
                        b"250 queued\r\n"
                    } else if command.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else if command.starts_with("EHLO") || command.starts_with("HELO") {
                        b"250 fake\r\n"
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn mail_is_delivered_over_smtp_when_a_server_is_configured() {
    let (port, received) = fake_smtp_server().await;
    let smtp = format!("smtp://127.0.0.1:{port}");
    let app = spawn_app_with(&[
        ("TOUCHSTONE_SMTP_URL", smtp.as_str()),
        (
            "TOUCHSTONE_MAIL_FROM",
            "Touchstone <hello@touchstone.example>",
        ),
    ])
    .await;
    let mut ana = Visitor::new(&app);
    ana.submit(
        "/api/accounts/sign-up",
        &[
            ("email", "ana@example.com"),
            ("display_name", "Ana Ruiz"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let message = loop {
        if let Some(message) = received.lock().await.first().cloned() {
            break message;
        }
        assert!(std::time::Instant::now() < deadline, "no mail arrived");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(message.contains("To: ana@example.com"), "{message}");
    assert!(
        message.contains("From: Touchstone <hello@touchstone.example>"),
        "{message}"
    );
    assert!(
        message.contains("Subject: Confirm your email address for Touchstone"),
        "{message}"
    );
    assert!(message.contains("/account/confirm?token="), "{message}");
    let now = jiff::Timestamp::now();
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(1))
        .unwrap();
    assert!(
        app.store
            .claim_mail(later, later, 10)
            .await
            .unwrap()
            .is_empty(),
        "a delivered mail is not sent again"
    );
}

#[tokio::test]
async fn the_mail_sending_forms_cannot_flood_a_mailbox() {
    let app = spawn_app_with(&[]).await;
    let mut visitor = Visitor::new(&app);
    for _ in 0..app::accounts::limits::MAILS_PER_ADDRESS_AND_CLIENT {
        let (_, page) = visitor
            .submit(
                "/api/accounts/request-reset",
                &[("email", "ana@example.com")],
            )
            .await;
        assert!(page.body.contains("If an account uses ana@example.com"));
    }
    let (_, page) = visitor
        .submit(
            "/api/accounts/request-reset",
            &[("email", "ana@example.com")],
        )
        .await;
    assert!(
        message(&page.body).contains("several emails"),
        "{}",
        page.body
    );
    let (_, page) = visitor
        .submit(
            "/api/accounts/sign-up",
            &[
                ("email", "ana@example.com"),
                ("display_name", "Ana"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(message(&page.body).contains("several emails"));
}

/// The app behind a proxy on 127.0.0.1, whose `X-Forwarded-For` names the client.
async fn app_behind_proxy() -> TestApp {
    spawn_app_with(&[("TOUCHSTONE_TRUSTED_PROXIES", "127.0.0.1")]).await
}

async fn sign_in_message(visitor: &mut Visitor<'_>, password: &str) -> (String, String) {
    let (to, page) = visitor
        .submit(
            "/api/accounts/sign-in",
            &[("email", "ben@example.com"), ("password", password)],
        )
        .await;
    let message = if to == "/account" {
        String::new()
    } else {
        message(&page.body)
    };
    (to, message)
}

async fn strangers_cannot_lock_the_owner_out(app: &TestApp) {
    confirmed_account(app, "ben@example.com").await;
    let mut stranger = Visitor::behind_proxy(app, "203.0.113.66");
    for attempt in 0..7 {
        let (_, refusal) = sign_in_message(&mut stranger, &format!("wrong guess {attempt}")).await;
        assert!(!refusal.is_empty());
    }
    let (to, refusal) = sign_in_message(&mut stranger, PASSWORD).await;
    assert_ne!(to, "/account");
    assert!(
        refusal.contains("Too many failed sign-in attempts"),
        "{refusal}"
    );

    let mut ben = Visitor::behind_proxy(app, "198.51.100.7");
    let (to, refusal) = sign_in_message(&mut ben, PASSWORD).await;
    assert_eq!(
        to, "/account",
        "the owner gets in from their own client: {refusal}"
    );

    // Guessing spread over many clients, each under its own limit, still stops.
    let per_client = app::accounts::limits::FAILURES_PER_ACCOUNT_AND_CLIENT;
    let clients = app::accounts::limits::FAILURES_PER_ACCOUNT / per_client + 1;
    for client in 0..clients {
        let mut guesser = Visitor::behind_proxy(app, &format!("192.0.2.{client}"));
        for attempt in 0..per_client {
            sign_in_message(&mut guesser, &format!("guess {client}/{attempt}")).await;
        }
    }
    let mut fresh = Visitor::behind_proxy(app, "198.51.100.200");
    let (to, refusal) = sign_in_message(&mut fresh, PASSWORD).await;
    assert_ne!(to, "/account");
    assert!(
        refusal.contains("Too many failed sign-in attempts"),
        "{refusal}"
    );
    let mut unknown = Visitor::behind_proxy(app, "198.51.100.201");
    let (_, nobody) = unknown
        .submit(
            "/api/accounts/sign-in",
            &[("email", "nobody@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert!(
        message(&nobody.body).contains("don't match"),
        "other accounts are untouched"
    );
}

on_both_databases!(
    a_stranger_s_failed_sign_ins_block_the_stranger_not_the_owner,
    strangers_cannot_lock_the_owner_out,
    [("TOUCHSTONE_TRUSTED_PROXIES", "127.0.0.1")]
);

async fn request_reset(visitor: &mut Visitor<'_>) -> String {
    let (_, page) = visitor
        .submit(
            "/api/accounts/request-reset",
            &[("email", "ben@example.com")],
        )
        .await;
    if page.body.contains("role=\"alert\"") {
        message(&page.body)
    } else {
        String::new()
    }
}

async fn strangers_cannot_use_up_the_owner_s_resets(app: &TestApp) {
    use app::accounts::limits::{MAILS_PER_ADDRESS, MAILS_PER_ADDRESS_AND_CLIENT};
    confirmed_account(app, "ben@example.com").await;
    let mut stranger = Visitor::behind_proxy(app, "203.0.113.66");
    for _ in 0..MAILS_PER_ADDRESS_AND_CLIENT {
        assert_eq!(request_reset(&mut stranger).await, "");
    }
    assert!(
        request_reset(&mut stranger)
            .await
            .contains("several emails")
    );

    let mut ben = Visitor::behind_proxy(app, "198.51.100.7");
    assert_eq!(
        request_reset(&mut ben).await,
        "",
        "the owner still gets a link"
    );
    let mail = latest_mail(app).await;
    assert_eq!(mail.to, "ben@example.com");
    assert!(mail.body.contains("/account/new-password?token="));

    // Many clients together still can't flood the mailbox.
    let clients = MAILS_PER_ADDRESS / MAILS_PER_ADDRESS_AND_CLIENT + 1;
    for client in 0..clients {
        let mut asker = Visitor::behind_proxy(app, &format!("192.0.2.{client}"));
        for _ in 0..MAILS_PER_ADDRESS_AND_CLIENT {
            request_reset(&mut asker).await;
        }
    }
    let mut fresh = Visitor::behind_proxy(app, "198.51.100.200");
    assert!(request_reset(&mut fresh).await.contains("several emails"));
}

on_both_databases!(
    a_stranger_s_reset_requests_use_up_their_own_quota,
    strangers_cannot_use_up_the_owner_s_resets,
    [("TOUCHSTONE_TRUSTED_PROXIES", "127.0.0.1")]
);

/// What signing in as `email` with a wrong password tells `visitor`.
async fn wrong_password(visitor: &mut Visitor<'_>, email: &str) -> String {
    let (_, page) = visitor
        .submit(
            "/api/accounts/sign-in",
            &[("email", email), ("password", "nope nope")],
        )
        .await;
    message(&page.body)
}

/// Fails as many sign-ins as one client may, each to another address, the
/// request's `X-Forwarded-For` written by `forwarded(attempt)`.
async fn use_up_client_failures(visitor: &mut Visitor<'_>, forwarded: impl Fn(u32) -> String) {
    for index in 0..app::accounts::limits::FAILURES_PER_CLIENT {
        visitor.forwarded_for = Some(forwarded(index));
        wrong_password(visitor, &format!("guess{index}@example.com")).await;
    }
}

#[tokio::test]
async fn a_forged_forwarded_header_does_not_change_which_client_is_counted() {
    // The operator trusts a proxy at 10.0.0.1; the test's connections come from
    // 127.0.0.1, a stranger's, whatever its header says.
    let app = spawn_app_with(&[
        ("TOUCHSTONE_TRUSTED_PROXIES", "10.0.0.1"),
        ("TOUCHSTONE_CLIENT_IP_HEADER", "x-forwarded-for"),
    ])
    .await;
    let mut stranger = Visitor::new(&app);
    use_up_client_failures(&mut stranger, |index| {
        format!("10.0.0.1, 203.0.113.{index}")
    })
    .await;
    stranger.forwarded_for = Some("198.51.100.99".into());
    let said = wrong_password(&mut stranger, "fresh@example.com").await;
    assert!(said.contains("Too many failed sign-in attempts"), "{said}");

    // Behind a trusted proxy, the entries a client wrote itself are ignored: the
    // client is the one the proxy saw.
    let proxied = app_behind_proxy().await;
    let mut client = Visitor::new(&proxied);
    use_up_client_failures(&mut client, |index| {
        format!("203.0.113.{index}, 198.51.100.5")
    })
    .await;
    client.forwarded_for = Some("192.0.2.44, 198.51.100.5".into());
    let said = wrong_password(&mut client, "fresh@example.com").await;
    assert!(said.contains("Too many failed sign-in attempts"), "{said}");
    let mut neighbour = Visitor::behind_proxy(&proxied, "198.51.100.6");
    assert!(
        wrong_password(&mut neighbour, "fresh@example.com")
            .await
            .contains("don't match"),
        "another client behind the proxy is not blocked"
    );
}

async fn anonymous_sessions_stay_small_and_short(app: &TestApp) {
    use app::accounts::limits::ANONYMOUS_SESSIONS_PER_CLIENT;
    let now = jiff::Timestamp::now();
    let minutes = |n: i64| now.checked_add(jiff::SignedDuration::from_mins(n)).unwrap();

    let huge = "x".repeat(400_000);
    let mut stranger = Visitor::new(app);
    let answer = stranger
        .post(
            "/api/accounts/sign-up",
            &[
                ("email", huge.as_str()),
                ("display_name", huge.as_str()),
                ("password", "password"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FOUND);
    let cookie = answer.set_cookie.unwrap_or_default();
    assert!(cookie.contains("Max-Age=900"), "{cookie}");
    let id = stranger
        .session_id()
        .expect("the feedback's session")
        .to_owned();
    let stored = app.store.load_session(&id, now).await.unwrap().unwrap();
    assert!(stored.len() < 2048, "{} bytes stored", stored.len());
    assert!(
        app.store
            .load_session(&id, minutes(14))
            .await
            .unwrap()
            .is_some(),
        "the feedback outlives a slow page load"
    );
    assert!(
        app.store
            .load_session(&id, minutes(16))
            .await
            .unwrap()
            .is_none(),
        "a session nobody signed in on is gone within minutes"
    );
    let page = stranger.get("/sign-up").await;
    assert_shows(&page, "Enter your email address");

    // A client that drops its cookie gets no more than its quota of sessions.
    let burst = ANONYMOUS_SESSIONS_PER_CLIENT * 2;
    let mut answered_in_place = 0;
    for _ in 0..burst {
        let answer = Visitor::new(app)
            .post(
                "/api/accounts/sign-up",
                &[
                    ("email", "ana@example.com"),
                    ("display_name", "Ana"),
                    ("password", "password"),
                ],
            )
            .await;
        match answer.status {
            StatusCode::FOUND => {}
            StatusCode::BAD_REQUEST => {
                assert_shows(&answer, "most common");
                answered_in_place += 1;
            }
            other => panic!("{other}: {}", answer.body),
        }
    }
    assert!(answered_in_place >= burst - ANONYMOUS_SESSIONS_PER_CLIENT);
    let far_future = now
        .checked_add(jiff::SignedDuration::from_hours(24 * 60))
        .unwrap();
    let stored = app.store.delete_expired_sessions(far_future).await.unwrap();
    assert!(
        stored <= u64::from(ANONYMOUS_SESSIONS_PER_CLIENT),
        "{stored} sessions stored for one client"
    );

    // A signed-in session lasts as it did.
    confirmed_account(app, "ben@example.com").await;
    let mut ben = Visitor::behind_proxy(app, "198.51.100.7");
    let (to, _) = ben
        .submit(
            "/api/accounts/sign-in",
            &[("email", "ben@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(to, "/account");
    let id = ben.session_id().unwrap().to_owned();
    let six_days = now
        .checked_add(jiff::SignedDuration::from_hours(24 * 6))
        .unwrap();
    assert!(
        app.store
            .load_session(&id, six_days)
            .await
            .unwrap()
            .is_some()
    );
}

on_both_databases!(
    anonymous_sessions_are_small_short_lived_and_rationed,
    anonymous_sessions_stay_small_and_short,
    [("TOUCHSTONE_TRUSTED_PROXIES", "127.0.0.1")]
);
