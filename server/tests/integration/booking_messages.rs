//! A consultation booking's messages over HTTP: the guest writes from the link
//! their email carries, the maker answers (words and a picture) from the studio;
//! each hears of the other's messages by one batched email, withdrawn once read;
//! strangers, another maker and a wrong link are refused and learn nothing.

use crate::booking::{ana, booking_page, consultation_ids, link_in, mail_to, request_fields};
use crate::commissions::mails;
use crate::support::{
    TestApp, Visitor, assert_shows, fetch_media, media_urls, png, post_files, signed_in,
};
use reqwest::StatusCode;

async fn a_guest_and_the_maker_write_to_each_other(app: &TestApp) {
    let mut ana = ana(app).await;
    let (video, _) = consultation_ids(app).await;
    let mut zoe = Visitor::new(app);
    let (_, starts, key) = booking_page(&mut zoe, &video, "Europe/London").await;
    let fields = request_fields(
        &video,
        "Europe/London",
        &starts[0],
        &key,
        Some(("Zoë O'Brien", "zoe@example.com")),
    );
    zoe.submit("/api/booking/request", &fields).await;
    let confirm = link_in(
        &mail_to(app, "zoe@example.com", "Confirm your consultation").await,
        "/bookings/confirm?key=",
    );
    let confirm_key = confirm.split("key=").nth(1).unwrap().to_owned();
    zoe.submit("/api/booking/confirm", &[("key", &confirm_key)])
        .await;
    let manage = link_in(
        &mail_to(app, "zoe@example.com", "Booked:").await,
        "/bookings/",
    );
    let booking = manage
        .trim_start_matches("/bookings/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let link_key = manage.split("key=").nth(1).unwrap().to_owned();

    // The guest writes from her link; markup stays text.
    let page = zoe.get(&manage).await;
    assert_shows(&page, "Write to Ana Ruiz");
    let said = "Can I bring <b>my grandmother's</b> ring? <script>alert(1)</script>";
    let (to, page) = zoe
        .submit(
            "/api/booking/message",
            &[("booking", &booking), ("key", &link_key), ("body", said)],
        )
        .await;
    assert!(to.starts_with(&format!("/bookings/{booking}?key=")), "{to}");
    assert_shows(&page, "Message sent.");
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>alert(1)"));
    zoe.submit(
        "/api/booking/message",
        &[
            ("booking", &booking),
            ("key", &link_key),
            ("body", "And the size is M."),
        ],
    )
    .await;
    // Ana hears of both in one email, due minutes later, until she reads them.
    let told = mails(
        app,
        "ana@example.com",
        "messages from Zoë O'Brien about your consultation",
    )
    .await;
    assert_eq!(told.len(), 1, "one batched email");
    assert!(told[0].body.contains("And the size is M."));
    assert!(
        told[0]
            .body
            .contains(&format!("/studio/bookings/{booking}"))
    );
    let studio = ana.get("/studio").await;
    assert!(
        studio
            .body
            .contains("Your studio: consultation requests, 2 unread messages"),
        "{}",
        studio.body
    );
    let inbox = ana.get("/studio/bookings").await;
    assert!(
        inbox
            .body
            .contains(&format!("/studio/bookings/{booking}#messages"))
    );
    let thread = ana.get(&format!("/studio/bookings/{booking}")).await;
    assert_eq!(thread.status, StatusCode::OK);
    assert_eq!(
        thread.body.matches("message--new").count(),
        2,
        "{}",
        thread.body
    );
    assert!(
        thread
            .body
            .contains("&lt;b&gt;my grandmother&#x27;s&lt;/b&gt;")
            || thread.body.contains("&lt;b&gt;my grandmother's&lt;/b&gt;")
    );
    assert!(
        mails(app, "ana@example.com", "about your consultation")
            .await
            .is_empty(),
        "read on the page: the email is withdrawn"
    );
    assert!(!ana.get("/studio").await.body.contains("unread message"));

    // Ana answers in words and with a picture; Zoë's email links her booking.
    let (to, page) = ana
        .submit(
            "/api/booking/message",
            &[
                ("booking", &booking),
                ("page", "studio"),
                ("body", "Yes, please bring it."),
            ],
        )
        .await;
    assert_eq!(to, format!("/studio/bookings/{booking}#messages"));
    assert_shows(&page, "Message sent.");
    let answer = post_files(
        &mut ana,
        &format!("/bookings/{booking}/message"),
        "pictures",
        vec![("setting.png", png(400, 300))],
    )
    .await;
    assert!(answer.status.is_redirection(), "{}", answer.body);
    let told = mails(
        app,
        "zoe@example.com",
        "messages from Ana Ruiz about your consultation",
    )
    .await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].body.contains("[1 picture on the booking's page]"));
    assert!(told[0].body.contains(&format!("/bookings/{booking}?key=")));
    let page = zoe.get(&manage).await;
    assert!(page.body.contains("Yes, please bring it."));
    let pictures = media_urls(&page.body);
    let picture = pictures
        .iter()
        .find(|url| url.contains('?'))
        .unwrap_or_else(|| panic!("a picture with its pass: {pictures:?}"));
    assert_eq!(fetch_media(app, picture).await.0, StatusCode::OK);

    // Nobody else reads or writes; a wrong link is not found.
    let mut carl = signed_in(app, "carl@example.com").await;
    let mut nobody = Visitor::new(app);
    for (who, visitor) in [("a stranger", &mut carl), ("nobody", &mut nobody)] {
        let page = visitor.get(&format!("/studio/bookings/{booking}")).await;
        assert!(!page.body.contains("please bring it"), "{who}");
        let page = visitor.get(&format!("/bookings/{booking}")).await;
        assert!(!page.body.contains("please bring it"), "{who}");
        let answer = visitor
            .post(
                "/api/booking/message",
                &[("booking", booking.as_str()), ("body", "Hello")],
            )
            .await;
        assert!(!answer.status.is_server_error(), "{who}");
        let answer = post_files(
            visitor,
            &format!("/bookings/{booking}/message"),
            "pictures",
            vec![("x.png", png(10, 10))],
        )
        .await;
        assert!(!answer.status.is_server_error(), "{who}");
    }
    let wrong = nobody
        .get(&format!(
            "/bookings/{booking}?key={}x",
            &link_key[..link_key.len() - 1]
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let messages = app
        .store
        .messages(app::threads::Thread::Booking(app::booking::BookingId(
            booking.parse().unwrap(),
        )))
        .await
        .unwrap();
    assert_eq!(messages.len(), 4, "only the two sides' messages were kept");

    // Nothing written, or too much: told, and what was typed comes back.
    let (_, page) = zoe
        .submit(
            "/api/booking/message",
            &[("booking", &booking), ("key", &link_key), ("body", "   ")],
        )
        .await;
    assert_shows(&page, "Please write a message");
    let long = "ring ".repeat(1_000);
    let (_, page) = zoe
        .submit(
            "/api/booking/message",
            &[("booking", &booking), ("key", &link_key), ("body", &long)],
        )
        .await;
    assert_shows(&page, "at most 4000 characters");
    assert!(
        page.body.contains("ring ring ring"),
        "what was typed comes back"
    );

    // A signed-in buyer finds their consultations, and the maker's answer, from
    // the header; reading it there clears the count.
    let mut mia = signed_in(app, "mia@example.com").await;
    let (_, starts, key) = booking_page(&mut mia, &video, "Europe/London").await;
    let (mine, _) = mia
        .submit(
            "/api/booking/request",
            &request_fields(&video, "Europe/London", &starts[1], &key, None),
        )
        .await;
    let hers = mine.trim_start_matches("/bookings/").to_owned();
    assert!(hers.parse::<i64>().is_ok(), "{mine}");
    ana.submit(
        "/api/booking/message",
        &[
            ("booking", hers.as_str()),
            ("page", "studio"),
            ("body", "See you then."),
        ],
    )
    .await;
    let home = mia.get("/").await;
    assert_shows(&home, "Your consultations, 1 unread message\"");
    let list = mia.get("/bookings").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(&format!("href=\"/bookings/{hers}\"")),
        "{}",
        list.body
    );
    assert_shows(&list, "1 new message");
    assert!(
        !list.body.contains(&format!("href=\"/bookings/{booking}\"")),
        "not Zoë's"
    );
    assert!(
        mia.get(&format!("/bookings/{hers}"))
            .await
            .body
            .contains("See you then.")
    );
    assert!(!mia.get("/").await.body.contains("unread message"));
    assert!(!mia.get("/bookings").await.body.contains("new message"));
    assert_eq!(
        nobody.get("/bookings").await.status,
        StatusCode::UNAUTHORIZED
    );
}
on_both_databases!(
    a_booking_has_its_conversation,
    a_guest_and_the_maker_write_to_each_other
);
