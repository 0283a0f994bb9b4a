//! One consultation slot that many buyers want at once.

use app::booking::{AvailabilityRules, Format, NewConsultation};
use app::makers::MakerId;
use app::store::Store;
use reqwest::StatusCode;

/// A bookable time: the maker's published profile, open every day, with a
/// one-hour video consultation.
pub struct OpenSlot {
    pub slug: String,
    pub consultation: String,
    /// Noon UTC the day after tomorrow: on the grid, inside the hours.
    pub start: String,
}

/// Opens the maker's diary (the studio at `slug`) for `OpenSlot`.
pub async fn open_slot(store: &dyn Store, maker: MakerId, slug: &str) -> OpenSlot {
    let now = jiff::Timestamp::now();
    store.set_profile_published(maker, Some(now)).await.unwrap();
    let rules = AvailabilityRules::same_hours("UTC", 7, "00:00", "23:00", 30);
    store
        .set_availability_rules(maker, &rules, now)
        .await
        .unwrap();
    let consultation = store
        .create_consultation(&NewConsultation {
            maker,
            name: "Design consultation".into(),
            minutes: 60,
            format: Format::VideoCall,
            description: String::new(),
            price: None,
            needs_approval: false,
        })
        .await
        .unwrap();
    let start = now
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(2))
        .unwrap()
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .to_string();
    OpenSlot {
        slug: slug.to_owned(),
        consultation: consultation.0.to_string(),
        start,
    }
}

/// 200 guests ask for the slot at once, spread over `addresses` in turn: how
/// many booked it and how many heard it was just taken. Any other answer (a
/// 5xx above all) fails the test.
pub async fn two_hundred_buyers_race_for(slot: &OpenSlot, addresses: &[String]) -> (u32, u32) {
    let _turn = super::one_race_at_a_time().await;
    let client = reqwest::Client::new();
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..200 {
        let address = addresses[n % addresses.len()].clone();
        let client = client.clone();
        let (slug, id, start) = (
            slot.slug.clone(),
            slot.consultation.clone(),
            slot.start.clone(),
        );
        attempts.spawn(async move {
            let key = format!("contender-{n}");
            let email = format!("buyer{n}@example.com");
            let response = client
                .post(format!("http://{address}/api/booking/request"))
                .header("origin", format!("http://{address}"))
                .form(&[
                    ("slug", slug.as_str()),
                    ("consultation", id.as_str()),
                    ("zone", "UTC"),
                    ("start", start.as_str()),
                    ("key", key.as_str()),
                    ("guest_name", "A buyer"),
                    ("guest_email", email.as_str()),
                    ("notes", "A ring."),
                ])
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.text().await.unwrap())
        });
    }
    let (mut booked, mut taken) = (0, 0);
    while let Some(outcome) = attempts.join_next().await {
        let (status, body) = outcome.unwrap();
        assert!(!status.is_server_error(), "{status}: {body}");
        match status {
            // A script's call answers 200; a browser's form post a redirect.
            StatusCode::OK | StatusCode::FOUND => booked += 1,
            StatusCode::CONFLICT => {
                assert!(body.contains("That time was just taken"), "{body}");
                taken += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    (booked, taken)
}
