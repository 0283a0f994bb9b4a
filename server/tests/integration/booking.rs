//! Booking a design consultation over HTTP, as people do it without JavaScript:
//! the maker offers consultations and hours, a guest in another time zone books
//! and confirms their address by email, receives the invite and cancels by the
//! link; a signed-in buyer asks, the maker accepts or declines. And everything
//! a careless or hostile client might try.

use crate::support::{
    TestApp, TestDb, Visitor, assert_shows, fetch_media, leaks, media_urls, png, signed_in,
    spawn_app_with, tampered,
};
use app::accounts::Mail;
use reqwest::StatusCode;

/// Ana, a published maker in London, open Monday to Friday 09:00–17:00.
pub(crate) async fn ana(app: &TestApp) -> Visitor<'_> {
    let mut ana = crate::commissions::maker(app, "ana@example.com", "ana-ruiz", "Ana Ruiz").await;
    let mut hours: Vec<(String, String)> = vec![
        ("zone".into(), "Europe/London".into()),
        ("exceptions".into(), String::new()),
        ("buffer_before".into(), "0".into()),
        ("buffer_after".into(), "15".into()),
        ("notice_hours".into(), "2".into()),
        ("horizon_days".into(), "30".into()),
        ("per_day".into(), String::new()),
        ("per_week".into(), String::new()),
    ];
    for (index, day) in ["monday", "tuesday", "wednesday", "thursday", "friday"]
        .iter()
        .enumerate()
    {
        let row = index * 2;
        hours.push((format!("hours[{row}][weekday]"), (*day).into()));
        hours.push((format!("hours[{row}][start]"), "09:00".into()));
        hours.push((format!("hours[{row}][end]"), "17:00".into()));
    }
    let fields: Vec<(&str, &str)> = hours
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (_, page) = ana.submit("/api/studio/save-availability", &fields).await;
    assert_shows(&page, "Availability saved");
    for (name, approval) in [("Ring design consultation", false), ("Studio visit", true)] {
        let mut fields = vec![
            ("name", name),
            ("minutes", "45"),
            (
                "format",
                if approval {
                    "studio-visit"
                } else {
                    "video-call"
                },
            ),
            ("description", "We talk through stones, metals and budget."),
            ("price", ""),
            ("currency", "GBP"),
        ];
        if approval {
            fields.push(("needs_approval", "on"));
        }
        let (_, page) = ana.submit("/api/studio/offer-consultation", &fields).await;
        assert_shows(&page, "is offered now");
    }
    ana
}

fn values_of<'b>(body: &'b str, marker: &str) -> Vec<&'b str> {
    body.match_indices(marker)
        .filter_map(|(at, _)| body[at + marker.len()..].split('"').next())
        .collect()
}

/// The consultation's booking page in `zone`: its path, free starts and form key.
pub(crate) async fn booking_page(
    visitor: &mut Visitor<'_>,
    consultation: &str,
    zone: &str,
) -> (String, Vec<String>, String) {
    let path = format!("/makers/ana-ruiz/consultations/{consultation}?zone={zone}");
    let page = visitor.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let starts = values_of(&page.body, r#"name="start" value=""#)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let key = values_of(&page.body, r#"name="key" value=""#)[0].to_owned();
    (path, starts, key)
}

pub(crate) fn request_fields<'f>(
    consultation: &'f str,
    zone: &'f str,
    start: &'f str,
    key: &'f str,
    guest: Option<(&'f str, &'f str)>,
) -> Vec<(&'f str, &'f str)> {
    let mut fields = vec![
        ("slug", "ana-ruiz"),
        ("consultation", consultation),
        ("zone", zone),
        ("start", start),
        ("key", key),
        ("occasion", "engagement"),
        ("budget", "1500-5000"),
        ("metals", "18k yellow gold"),
        ("stones", "an oval sapphire"),
        ("ring_size", "M"),
        ("reuse", "on"),
        (
            "notes",
            "East-west setting, low profile: I work with my hands.",
        ),
    ];
    if let Some((name, email)) = guest {
        fields.push(("guest_name", name));
        fields.push(("guest_email", email));
    }
    fields
}

pub(crate) async fn mail_to(app: &TestApp, to: &str, subject: &str) -> Mail {
    app.store
        .recent_mail(50)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to == to && m.subject.starts_with(subject))
        .unwrap_or_else(|| panic!("no mail “{subject}” to {to}"))
}

/// The path of the first link in a mail that contains `part`.
pub(crate) fn link_in(mail: &Mail, part: &str) -> String {
    let line = mail
        .body
        .lines()
        .find(|line| line.contains(part))
        .unwrap_or_else(|| panic!("no {part} link in {}", mail.body));
    let at = line.find(part).unwrap();
    line[at..].trim().to_owned()
}

pub(crate) async fn consultation_ids(app: &TestApp) -> (String, String) {
    let maker = crate::support::studio::maker_of(app, "ana@example.com").await;
    let offered = app.store.consultations(maker).await.unwrap();
    (offered[0].id.0.to_string(), offered[1].id.0.to_string())
}

async fn bookings_of_ana(app: &TestApp) -> Vec<app::booking::BookingRecord> {
    let maker = crate::support::studio::maker_of(app, "ana@example.com").await;
    app.store
        .bookings_of(app::booking::BookingsOf::Maker(maker))
        .await
        .unwrap()
}

async fn guest_books_confirms_and_cancels(app: &TestApp) {
    let mut ana = ana(app).await;
    let (video, visit) = consultation_ids(app).await;
    let profile = Visitor::new(app).get("/makers/ana-ruiz").await;
    assert!(profile.body.contains("Book a design consultation"));
    assert!(
        profile
            .body
            .contains(&format!("/makers/ana-ruiz/consultations/{video}"))
    );

    // Zoë in New York sees Ana's 09:00 London as 04:00 or 05:00 her time.
    let mut zoe = Visitor::new(app);
    let (page, starts, key) = booking_page(&mut zoe, &video, "America/New_York").await;
    let shown = zoe.get(&page).await.body;
    assert!(shown.contains("Times are shown in"));
    assert!(shown.contains("The maker works in Europe/London"));
    // Today's first times may be gone (the notice period), so take a day's first.
    let london_time = |start: &str| {
        let at: jiff::Timestamp = start.parse().unwrap();
        let london = at.to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap());
        (london.hour(), london.minute())
    };
    let start = starts
        .iter()
        .find(|start| london_time(start) == (9, 0))
        .unwrap_or_else(|| panic!("a 09:00 London slot among {starts:?}"))
        .clone();
    let first: jiff::Timestamp = start.parse().unwrap();
    let new_york = first.to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap());
    assert!(shown.contains(&new_york.strftime("%H:%M").to_string()));

    // Mistakes are named; nothing is booked.
    let bad: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            request_fields(
                &video,
                "Mars/Olympus",
                &start,
                &key,
                Some(("Zoë", "zoe@example.com")),
            ),
            "choose your time zone",
        ),
        (
            request_fields(
                &video,
                "America/New_York",
                "2020-01-01T09:00:00Z",
                &key,
                Some(("Zoë", "zoe@example.com")),
            ),
            "isn't one the maker offers",
        ),
        (
            request_fields(
                &video,
                "America/New_York",
                "tomorrow at nine",
                &key,
                Some(("Zoë", "zoe@example.com")),
            ),
            "choose one of the times shown",
        ),
        (
            request_fields(
                &video,
                "America/New_York",
                &start,
                &key,
                Some(("Zoë", "not an address")),
            ),
            "email address the invite should go to",
        ),
        (
            request_fields(
                &video,
                "America/New_York",
                &start,
                &key,
                Some(("", "zoe@example.com")),
            ),
            "give your name",
        ),
        (
            request_fields(
                &video,
                "America/New_York",
                &start,
                "'; DROP TABLE bookings; --",
                Some(("Zoë", "zoe@example.com")),
            ),
            "book from the consultation page",
        ),
    ];
    for (fields, reason) in bad {
        let answer = zoe.post("/api/booking/request", &fields).await;
        assert_eq!(answer.status, StatusCode::FOUND, "{reason}");
        let back = zoe.get(answer.location.as_deref().unwrap()).await;
        assert!(back.body.contains(reason), "{reason}: {}", back.body);
        assert!(!leaks(&back.body), "{reason}");
    }
    let mut huge = request_fields(
        &video,
        "America/New_York",
        &start,
        &key,
        Some(("Zoë", "zoe@example.com")),
    );
    let long = "x".repeat(5_000);
    huge.retain(|(name, _)| *name != "notes");
    huge.push(("notes", &long));
    let answer = zoe.post("/api/booking/request", &huge).await;
    let back = zoe.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&back, "under 4000 characters");
    assert!(
        back.body.contains("18k yellow gold"),
        "what was typed comes back"
    );
    assert!(
        app.store
            .recent_mail(50)
            .await
            .unwrap()
            .iter()
            .all(|m| m.to != "zoe@example.com")
    );

    // A guest's booking waits for their address; the time is held meanwhile.
    let fields = request_fields(
        &video,
        "America/New_York",
        &start,
        &key,
        Some(("Zoë O'Brien", "zoe@example.com")),
    );
    let (to, held) = zoe.submit("/api/booking/request", &fields).await;
    assert_eq!(to, "/bookings/check-your-email");
    assert_shows(&held, "sent a link to zoe@example.com");
    assert!(
        bookings_of_ana(app).await.is_empty(),
        "not in the maker's inbox yet"
    );
    let (_, again, _) = booking_page(&mut Visitor::new(app), &video, "America/New_York").await;
    assert!(!again.contains(&start), "held");
    // The same form sent twice is one booking: no second email.
    zoe.submit("/api/booking/request", &fields).await;
    let asks = app.store.recent_mail(50).await.unwrap();
    assert_eq!(
        asks.iter()
            .filter(|m| m.subject.starts_with("Confirm your consultation"))
            .count(),
        1
    );

    let confirm = link_in(
        &mail_to(app, "zoe@example.com", "Confirm your consultation").await,
        "/bookings/confirm?key=",
    );
    let confirm_key = confirm.split("key=").nth(1).unwrap().to_owned();
    assert_eq!(
        zoe.get(&confirm).await.status,
        StatusCode::OK,
        "the link opens a page with a button"
    );
    let (mine, booked) = zoe
        .submit("/api/booking/confirm", &[("key", &confirm_key)])
        .await;
    assert!(mine.starts_with("/bookings/"), "{mine}");
    assert_shows(&booked, "the time is booked");
    assert!(booked.body.contains("East-west setting"));
    assert!(booked.body.contains("America/New York"));
    let answer = zoe
        .post("/api/booking/confirm", &[("key", &confirm_key)])
        .await;
    let used = zoe.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&used, "used already");

    // The invite: UTC times, one UID, METHOD:REQUEST; Ana hears of it.
    let booked_mail = mail_to(app, "zoe@example.com", "Booked:").await;
    let invite = booked_mail.attachment.clone().expect("an invite");
    assert!(
        invite
            .content_type
            .starts_with("text/calendar; method=REQUEST")
    );
    assert!(invite.text.contains("METHOD:REQUEST"), "{}", invite.text);
    assert!(
        invite
            .text
            .contains(&format!("DTSTART:{}", first.strftime("%Y%m%dT%H%M%SZ"))),
        "{}",
        invite.text
    );
    let uid = invite
        .text
        .lines()
        .find(|line| line.starts_with("UID:"))
        .unwrap()
        .to_owned();
    mail_to(app, "ana@example.com", "Zoë O'Brien booked").await;
    let inbox = ana.get("/studio/bookings").await;
    assert!(
        inbox.body.contains("Zoë O&#x27;Brien") || inbox.body.contains("Zoë O'Brien"),
        "{}",
        inbox.body
    );
    assert!(inbox.body.contains("an oval sapphire"));

    // Another buyer after the same time hears it was just taken, never an error.
    let mut ben = Visitor::new(app);
    let (_, _, ben_key) = booking_page(&mut ben, &video, "Europe/London").await;
    let answer = ben
        .post(
            "/api/booking/request",
            &request_fields(
                &video,
                "Europe/London",
                &start,
                &ben_key,
                Some(("Ben", "ben@example.com")),
            ),
        )
        .await;
    let back = ben.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&back, "just taken");
    let raw = app
        .client
        .post(app.url("/api/booking/request"))
        .header("origin", format!("http://{}", app.address))
        .form(&request_fields(
            &video,
            "Europe/London",
            &start,
            &ben_key,
            Some(("Ben", "ben@example.com")),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::CONFLICT, "a script reads 409");

    // Nobody else opens Zoë's booking; a forged key is the same 404.
    let id = mine
        .trim_start_matches("/bookings/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    for path in [
        format!("/bookings/{id}"),
        format!("/bookings/{id}?key=1.cancel.99999999999.00.00"),
    ] {
        assert_eq!(
            Visitor::new(app).get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // Zoë cancels by the link in her email: the same UID, METHOD:CANCEL; once only.
    let manage = link_in(&booked_mail, "/bookings/");
    let manage_key = manage.split("key=").nth(1).unwrap().to_owned();
    let page = zoe.get(&manage).await;
    assert!(page.body.contains("Cancel this consultation"));
    let cross_site = app
        .client
        .post(app.url("/api/booking/cancel"))
        .header("origin", "https://evil.example")
        .form(&[("booking", id.as_str()), ("key", manage_key.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    let (cancelled_at, cancelled) = zoe
        .submit(
            "/api/booking/cancel",
            &[("booking", id.as_str()), ("key", manage_key.as_str())],
        )
        .await;
    assert_shows(&cancelled, "Cancelled");
    let cancel_mail = mail_to(app, "zoe@example.com", "Cancelled:").await;
    let cancel = cancel_mail.attachment.unwrap();
    assert!(cancel.text.contains("METHOD:CANCEL"));
    assert!(cancel.text.contains(&uid), "same UID");
    assert!(cancel.text.contains("SEQUENCE:1"), "{}", cancel.text);
    mail_to(app, "ana@example.com", "Zoë O'Brien cancelled").await;
    let answer = zoe
        .post(
            "/api/booking/cancel",
            &[("booking", id.as_str()), ("key", manage_key.as_str())],
        )
        .await;
    let again = zoe.get(answer.location.as_deref().unwrap()).await;
    assert!(
        again.body.contains("replaced by a newer one"),
        "a spent link acts no more: {}",
        again.body
    );
    assert!(!again.body.contains("Zoë"), "nor shows the booking");
    assert!(
        !cancelled_at.contains(&manage_key),
        "a fresh link for the page"
    );
    let fresh = cancelled_at.split("key=").nth(1).unwrap().to_owned();
    let answer = zoe
        .post(
            "/api/booking/cancel",
            &[("booking", id.as_str()), ("key", fresh.as_str())],
        )
        .await;
    let again = zoe.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&again, "can't be cancelled any more");
    let (_, free, _) = booking_page(&mut Visitor::new(app), &video, "Europe/London").await;
    assert!(free.contains(&start), "the time is free again");

    // A signed-in buyer asks for a studio visit; Ana accepts one and declines another.
    let mut mia = signed_in(app, "mia@example.com").await;
    let (_, starts, key) = booking_page(&mut mia, &visit, "Asia/Tokyo").await;
    let (mine, page) = mia
        .submit(
            "/api/booking/request",
            &request_fields(&visit, "Asia/Tokyo", &starts[0], &key, None),
        )
        .await;
    assert_shows(&page, "Request sent");
    assert!(page.body.contains("Waiting for the maker to confirm"));
    mail_to(app, "mia@example.com", "Requested:").await;
    let (_, _, key) = booking_page(&mut mia, &visit, "Asia/Tokyo").await;
    mia.submit(
        "/api/booking/request",
        &request_fields(&visit, "Asia/Tokyo", &starts[4], &key, None),
    )
    .await;
    let pending: Vec<_> = bookings_of_ana(app)
        .await
        .into_iter()
        .filter(|b| b.status == app::booking::BookingStatus::Pending)
        .collect();
    assert_eq!(pending.len(), 2);
    let (first, second) = (pending[0].id.0.to_string(), pending[1].id.0.to_string());

    // Another maker, or Mia herself, can't answer them.
    let mut other = signed_in(app, "other@example.com").await;
    other
        .submit(
            "/api/studio/open",
            &[
                ("display_name", "Other"),
                ("slug", "other"),
                ("country", "GB"),
                ("tagline", "x"),
            ],
        )
        .await;
    for visitor in [&mut other, &mut mia] {
        let answer = visitor
            .post(
                "/api/studio/answer-booking",
                &[("booking", first.as_str()), ("action", "accept")],
            )
            .await;
        assert!(answer.status.is_redirection());
    }
    assert!(
        bookings_of_ana(app)
            .await
            .iter()
            .all(|b| b.status != app::booking::BookingStatus::Confirmed)
    );

    let (_, inbox) = ana
        .submit(
            "/api/studio/answer-booking",
            &[("booking", first.as_str()), ("action", "accept")],
        )
        .await;
    assert_shows(&inbox, "Accepted");
    let confirmed = mail_to(app, "mia@example.com", "Confirmed:").await;
    assert!(
        confirmed
            .attachment
            .unwrap()
            .text
            .contains("METHOD:REQUEST")
    );
    let answer = ana
        .post(
            "/api/studio/answer-booking",
            &[("booking", second.as_str()), ("action", "decline")],
        )
        .await;
    let refused = ana.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&refused, "write the buyer a few words");
    ana.submit(
        "/api/studio/answer-booking",
        &[
            ("booking", second.as_str()),
            ("action", "decline"),
            ("message", "I'm at a fair that week."),
        ],
    )
    .await;
    let declined = mail_to(app, "mia@example.com", "Cancelled:").await;
    assert!(
        declined.body.contains("I'm at a fair that week."),
        "{}",
        declined.body
    );
    let page = mia.get(&mine).await;
    assert_shows(&page, "Booked");
    assert!(
        !ana.get("/studio/bookings")
            .await
            .body
            .contains("Waiting for your answer (1)")
    );
}

on_both_databases!(
    a_guest_books_confirms_and_cancels_and_a_maker_answers,
    guest_books_confirms_and_cancels
);

/// Posts reference pictures to a booking, by the visitor's account or, with
/// `key`, by a signed link.
async fn add_pictures(
    visitor: &mut Visitor<'_>,
    booking: &str,
    key: Option<&str>,
    files: Vec<(&str, Vec<u8>)>,
) -> crate::support::Answer {
    let path = match key {
        Some(key) => format!("/bookings/{booking}/pictures?key={key}"),
        None => format!("/bookings/{booking}/pictures"),
    };
    crate::support::post_files(visitor, &path, "pictures", files).await
}

fn uid_of(text: &str) -> &str {
    text.lines().find(|line| line.starts_with("UID:")).unwrap()
}

/// A buyer moves their booking; the maker suggests another time and the buyer
/// accepts it by the emailed link; reference pictures join the brief.
async fn moves_suggestions_and_pictures(app: &TestApp) {
    let mut ana = ana(app).await;
    let (video, _) = consultation_ids(app).await;
    let mut mia = signed_in(app, "mia@example.com").await;
    let (_, starts, key) = booking_page(&mut mia, &video, "Asia/Tokyo").await;
    let (mine, page) = mia
        .submit(
            "/api/booking/request",
            &request_fields(&video, "Asia/Tokyo", &starts[0], &key, None),
        )
        .await;
    assert_shows(&page, "Choose another time");
    let id = mine.trim_start_matches("/bookings/").to_owned();
    let booked = mail_to(app, "mia@example.com", "Booked:").await;
    let uid = uid_of(&booked.attachment.unwrap().text).to_owned();

    // Someone else books a later time, which Mia then can't move onto.
    let mut ben = signed_in(app, "ben@example.com").await;
    let (_, _, ben_key) = booking_page(&mut ben, &video, "Europe/London").await;
    ben.submit(
        "/api/booking/request",
        &request_fields(&video, "Europe/London", &starts[3], &ben_key, None),
    )
    .await;

    let move_page = mia.get(&format!("{mine}/move")).await;
    assert_eq!(move_page.status, StatusCode::OK, "{}", move_page.body);
    let offered = values_of(&move_page.body, r#"name="start" value=""#);
    assert!(!offered.contains(&starts[0].as_str()), "not its own time");
    assert!(!offered.contains(&starts[3].as_str()), "not a taken time");
    for (start, reason) in [
        (starts[0].as_str(), "the time it has now"),
        (starts[3].as_str(), "just taken"),
        ("2026-13-45T99:00:00Z", "choose one of the times shown"),
        ("1999-01-01T10:00:00Z", "isn't one the maker offers"),
    ] {
        let answer = mia
            .post(
                "/api/booking/reschedule",
                &[("booking", id.as_str()), ("start", start)],
            )
            .await;
        let back = mia.get(answer.location.as_deref().unwrap()).await;
        assert!(back.body.contains(reason), "{reason}: {}", back.body);
        assert!(!leaks(&back.body));
    }
    // Nobody else can move it.
    let mut stranger = Visitor::new(app);
    let answer = stranger
        .post(
            "/api/booking/reschedule",
            &[("booking", id.as_str()), ("start", starts[8].as_str())],
        )
        .await;
    let back = stranger.get(answer.location.as_deref().unwrap()).await;
    assert_eq!(back.status, StatusCode::NOT_FOUND);
    let unchanged = app
        .store
        .booking(app::booking::BookingId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.meeting.start.to_string(), starts[0]);

    let (to, moved) = mia
        .submit(
            "/api/booking/reschedule",
            &[("booking", id.as_str()), ("start", starts[8].as_str())],
        )
        .await;
    assert_eq!(to, mine);
    assert_shows(&moved, "Moved to");
    let invite = mail_to(app, "mia@example.com", "Moved:")
        .await
        .attachment
        .unwrap()
        .text;
    assert_eq!(uid_of(&invite), uid, "the same event, updated");
    assert!(invite.contains("METHOD:REQUEST") && invite.contains("SEQUENCE:1"));
    // Every test account is called Ben Okafor.
    mail_to(app, "ana@example.com", "Ben Okafor moved").await;
    let (_, free, _) = booking_page(&mut Visitor::new(app), &video, "Europe/London").await;
    assert!(free.contains(&starts[0]), "the old time is free again");
    assert!(!free.contains(&starts[8]));

    // Ana suggests another time; it waits for Mia.
    let suggest = ana.get(&format!("/studio/bookings/{id}/move")).await;
    assert_eq!(suggest.status, StatusCode::OK, "{}", suggest.body);
    assert_eq!(
        ben.get(&format!("/studio/bookings/{id}/move")).await.status,
        StatusCode::NOT_FOUND,
        "not Ben's booking to move"
    );
    let (_, inbox) = ana
        .submit(
            "/api/studio/suggest-time",
            &[
                ("booking", id.as_str()),
                ("start", starts[12].as_str()),
                ("message", "Could we meet an hour later?"),
            ],
        )
        .await;
    assert_shows(&inbox, "Suggested");
    assert_shows(&inbox, "waiting for Ben Okafor");
    let answer = ana
        .post(
            "/api/studio/answer-booking",
            &[("booking", id.as_str()), ("action", "accept")],
        )
        .await;
    let refused = ana.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&refused, "can't be done");
    let suggestion = mail_to(app, "mia@example.com", "Ana Ruiz suggests").await;
    assert!(suggestion.body.contains("Could we meet an hour later?"));
    let withdrawn = suggestion.attachment.clone().unwrap().text;
    assert!(
        withdrawn.contains("METHOD:CANCEL"),
        "off the calendar until accepted"
    );
    assert_eq!(uid_of(&withdrawn), uid);

    // Mia accepts by the link, signed out: once.
    let link = link_in(&suggestion, "/bookings/");
    let key = link.split("key=").nth(1).unwrap().to_owned();
    let mut by_link = Visitor::new(app);
    let page = by_link.get(&link).await;
    assert_shows(&page, "Ana Ruiz suggests this time");
    assert!(page.body.contains("Accept this time"));
    let (to, accepted) = by_link
        .submit(
            "/api/booking/accept-time",
            &[("booking", id.as_str()), ("key", key.as_str())],
        )
        .await;
    assert!(to.contains("key="), "a fresh link for the next step: {to}");
    assert!(!to.contains(&key));
    assert_shows(&accepted, "Booked for");
    let confirmed = mail_to(app, "mia@example.com", "Booked:").await;
    let invite = confirmed.attachment.unwrap().text;
    assert!(
        invite.contains("METHOD:REQUEST") && invite.contains("SEQUENCE:3"),
        "{invite}"
    );
    mail_to(app, "ana@example.com", "Ben Okafor accepted").await;
    let again = by_link
        .post(
            "/api/booking/accept-time",
            &[("booking", id.as_str()), ("key", key.as_str())],
        )
        .await;
    let again = by_link.get(again.location.as_deref().unwrap()).await;
    assert!(
        again.body.contains("replaced by a newer one"),
        "a spent link acts no more: {}",
        again.body
    );
    let record = app
        .store
        .booking(app::booking::BookingId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.status, app::booking::BookingStatus::Confirmed);
    assert_eq!(record.meeting.start.to_string(), starts[12]);

    // Reference pictures: Mia's, through the photo pipeline; nobody else's.
    let answer = add_pictures(
        &mut mia,
        &id,
        None,
        vec![("ring.png", png(800, 600)), ("stone.png", png(640, 640))],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let page = mia.get(answer.location.as_deref().unwrap()).await;
    assert_shows(&page, "2 pictures added");
    assert!(page.body.contains(r#"alt="Reference picture 2""#));
    let inbox = ana.get("/studio/bookings").await;
    assert!(inbox.body.contains(r#"alt="Reference picture 1""#));
    // The pictures are private: named at random, shown to Mia and Ana through
    // passes their pages carry, and nothing at all to Ben at the bare address.
    let brief: app::booking::Brief = serde_json::from_str(
        &app.store
            .booking(app::booking::BookingId(id.parse().unwrap()))
            .await
            .unwrap()
            .unwrap()
            .brief,
    )
    .unwrap();
    for upload in [png(800, 600), png(640, 640)] {
        use sha2::{Digest, Sha256};
        let digest = app::shared::hex(&Sha256::digest(&upload)[..16]);
        assert!(brief.pictures.iter().all(|p| p.stem() != digest));
    }
    for body in [&page.body, &inbox.body] {
        for picture in &brief.pictures {
            let urls: Vec<String> = media_urls(body)
                .into_iter()
                .filter(|url| url.starts_with(&format!("/media/{}", picture.stem())))
                .collect();
            assert!(!urls.is_empty(), "{body}");
            for url in urls {
                assert!(url.contains("?access="), "{url}");
                let (status, caching) = fetch_media(app, &url).await;
                assert_eq!(status, StatusCode::OK, "{url}");
                assert!(caching.starts_with("private, "), "{caching}");
                assert_eq!(
                    fetch_media(app, &tampered(&url)).await.0,
                    StatusCode::NOT_FOUND
                );
            }
        }
    }
    for picture in &brief.pictures {
        let bare = ben.get(&format!("/media/{}", picture.key)).await;
        assert_eq!(bare.status, StatusCode::NOT_FOUND);
    }
    for (visitor, files, reason) in [
        (
            &mut mia,
            vec![("notes.png", b"not a picture".to_vec())],
            "notes.png",
        ),
        (
            &mut ben,
            vec![("mine.png", png(640, 480))],
            "Page not found",
        ),
    ] {
        let answer = add_pictures(visitor, &id, None, files).await;
        let page = visitor.get(answer.location.as_deref().unwrap()).await;
        assert!(page.body.contains(reason), "{reason}: {}", page.body);
        assert!(!leaks(&page.body));
    }

    // The newest link shows the booking with its pictures. The link Mia spent
    // accepting, and the one from before the maker's suggestion, open nothing: no
    // name, address, brief or pictures, and they add no pictures.
    let newest = by_link.get(&to).await;
    assert!(
        newest.body.contains(r#"alt="Reference picture 2""#),
        "{}",
        newest.body
    );
    let superseded = link_in(
        &mail_to(app, "mia@example.com", "Moved:").await,
        "/bookings/",
    );
    for (old, why) in [
        (link.as_str(), "spent"),
        (superseded.as_str(), "superseded"),
    ] {
        let mut holder = Visitor::new(app);
        let page = holder.get(old).await;
        assert!(
            page.body.contains("replaced by a newer one"),
            "{why}: {}",
            page.body
        );
        for private in [
            "Ben Okafor",
            "mia@example.com",
            "Reference picture",
            "/media/",
        ] {
            assert!(!page.body.contains(private), "{why} shows {private}");
        }
        let old_key = old.split("key=").nth(1).unwrap();
        let answer = add_pictures(
            &mut holder,
            &id,
            Some(old_key),
            vec![("ring.png", png(640, 480))],
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{why}: {}",
            answer.body
        );
    }
    let brief = app
        .store
        .booking(app::booking::BookingId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap()
        .brief;
    assert_eq!(
        serde_json::from_str::<app::booking::Brief>(&brief)
            .unwrap()
            .pictures
            .len(),
        2
    );

    // After the consultation Mia asks Ana to make the piece: the request starts
    // from the consultation's brief, and its pictures come along with their digests.
    let start = mia
        .get(&format!("/makers/ana-ruiz/commission?booking={id}"))
        .await;
    assert_shows(&start, "Metals: 18k yellow gold");
    let strangers = ben
        .get(&format!("/makers/ana-ruiz/commission?booking={id}"))
        .await;
    assert!(
        !strangers.body.contains("18k yellow gold"),
        "not Ben's booking"
    );
    let (_, page) = mia
        .submit(
            "/api/commissions/request",
            &[
                ("maker", "ana-ruiz"),
                ("booking", id.as_str()),
                (
                    "brief",
                    "Metals: 18k yellow gold\nAn oval sapphire, east-west",
                ),
            ],
        )
        .await;
    assert!(
        page.body
            .contains("The reference pictures from our consultation."),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("SHA-256 <code>").count(), 2);
    assert!(page.body.contains("The consultation this follows"));
}

on_both_databases!(
    buyers_move_makers_suggest_and_pictures_join_the_brief,
    moves_suggestions_and_pictures
);

#[tokio::test]
async fn the_maker_pages_need_a_studio_and_refuse_nonsense() {
    let app = spawn_app_with(&[]).await;
    for path in ["/studio/consultations", "/studio/bookings"] {
        let answer = Visitor::new(&app).get(path).await;
        assert_eq!(answer.location.as_deref(), Some("/sign-in"), "{path}");
    }
    let mut ana = ana(&app).await;
    let page = ana.get("/studio/consultations").await;
    assert!(page.body.contains("Ring design consultation"));
    assert!(page.body.contains("Buyers can book you"));
    // Mondays 09:00–12:00 in London, with some values typed wrong.
    let monday_mornings_but = |wrong: &[(&'static str, &'static str)]| {
        let mut fields = vec![
            ("zone", "Europe/London"),
            ("horizon_days", "30"),
            ("buffer_before", "0"),
            ("buffer_after", "0"),
            ("notice_hours", "0"),
            ("hours[0][weekday]", "monday"),
            ("hours[0][start]", "09:00"),
            ("hours[0][end]", "12:00"),
        ];
        fields.retain(|(name, _)| wrong.iter().all(|(typed, _)| typed != name));
        fields.extend_from_slice(wrong);
        fields
    };
    for (fields, reason) in [
        (
            monday_mornings_but(&[("zone", "Mars/Olympus")]),
            "isn't a time zone we know",
        ),
        (
            monday_mornings_but(&[("hours[0][start]", "12:00"), ("hours[0][end]", "09:00")]),
            "end after its start",
        ),
        (
            monday_mornings_but(&[("horizon_days", "9999")]),
            "between 1 and 366",
        ),
    ] {
        let answer = ana.post("/api/studio/save-availability", &fields).await;
        let back = ana.get(answer.location.as_deref().unwrap()).await;
        assert!(back.body.contains(reason), "{reason}: {}", back.body);
    }
    for (fields, reason) in [
        (
            vec![("name", ""), ("minutes", "45"), ("format", "phone")],
            "name the consultation",
        ),
        (
            vec![("name", "Chat"), ("minutes", "7"), ("format", "phone")],
            "how long",
        ),
        (
            vec![
                ("name", "Chat"),
                ("minutes", "45"),
                ("format", "carrier pigeon"),
            ],
            "how the consultation is held",
        ),
        (
            vec![
                ("name", "Chat"),
                ("minutes", "45"),
                ("format", "phone"),
                ("price", "lots"),
                ("currency", "GBP"),
            ],
            "as an amount",
        ),
    ] {
        let answer = ana.post("/api/studio/offer-consultation", &fields).await;
        let back = ana.get(answer.location.as_deref().unwrap()).await;
        assert!(back.body.contains(reason), "{reason}: {}", back.body);
    }
    let (video, _) = consultation_ids(&app).await;
    let (_, page) = ana
        .submit(
            "/api/studio/retire-consultation",
            &[("consultation", video.as_str())],
        )
        .await;
    assert_shows(&page, "isn't offered any more");
    assert_eq!(
        Visitor::new(&app)
            .get(&format!("/makers/ana-ruiz/consultations/{video}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// 200 buyers at once after one time, spread over `servers` app server processes
/// on one database: exactly one books it, every other hears it was just taken
/// (409), none gets a 5xx, and the database holds one booking.
async fn two_hundred_buyers_at_one_time(db: &TestDb, servers: usize) {
    use crate::support::booking::{open_slot, two_hundred_buyers_race_for};
    let store = db.store();
    let maker =
        crate::cases::studio::open(store.as_ref(), "contention@example.com", "contention").await;
    let slot = open_slot(store.as_ref(), maker, "contention").await;
    let dir = tempfile::tempdir().unwrap();
    let running: Vec<crate::support::ServerProcess> = (0..servers)
        .map(|_| crate::support::start_server_process(dir.path(), &db.url()))
        .collect();
    let addresses: Vec<String> = running.iter().map(|s| s.address.clone()).collect();
    assert_eq!(
        two_hundred_buyers_race_for(&slot, &addresses).await,
        (1, 199)
    );
    let now = jiff::Timestamp::now();
    let within = app::booking::availability::Interval {
        start: now,
        end: now + jiff::SignedDuration::from_hours(24 * 7),
    };
    assert_eq!(
        store.busy(maker, within, now).await.unwrap().len(),
        1,
        "one booking stored"
    );
    drop(running);
}

#[tokio::test]
async fn two_hundred_buyers_at_one_time_book_it_once_on_sqlite() {
    two_hundred_buyers_at_one_time(&TestDb::sqlite().await, 1).await;
}

#[tokio::test]
async fn two_hundred_buyers_at_one_time_book_it_once_across_two_servers_on_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    two_hundred_buyers_at_one_time(&db, 2).await;
}
