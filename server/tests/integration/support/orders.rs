//! Buyers racing for one piece: each signed in, all pressing the checkout's
//! button at once (with collection, which every studio in the tests offers).

use super::{PASSWORD, TestApp, Visitor};
use reqwest::StatusCode;

/// `count` buyers, signed in, press the checkout's button for `piece` at once;
/// (how many were taken to their hold, how many were told someone else is
/// buying it). Every answer is a redirect: nothing fails.
pub async fn buyers_race_for(app: &TestApp, piece: &str, count: usize) -> (usize, usize) {
    let _turn = super::one_race_at_a_time().await;
    // One password hash for all of them: the race is what is tested, not Argon2.
    let first = app::accounts::Email::parse("racer-0@example.com").unwrap();
    let hash = app::accounts::passwords::hash_password(
        app::accounts::Password::parse(PASSWORD, &first).unwrap(),
    )
    .await
    .unwrap();
    let mut buyers = Vec::new();
    for n in 0..count {
        let address = format!("racer-{n}@example.com");
        super::account_with_hash(app, &address, hash.clone()).await;
        let mut buyer = Visitor::new(app);
        buyer
            .submit(
                "/api/accounts/sign-in",
                &[("email", address.as_str()), ("password", PASSWORD)],
            )
            .await;
        buyers.push(buyer);
    }
    let presses = buyers.iter_mut().map(|buyer| async move {
        buyer
            .post(
                "/api/orders/checkout",
                &[("piece", piece), ("delivery", "collect")],
            )
            .await
    });
    let answers = futures::future::join_all(presses).await;
    let mut outcome = (0, 0);
    for (buyer, answer) in buyers.iter_mut().zip(answers) {
        assert_eq!(answer.status, StatusCode::FOUND, "{}", answer.body);
        let to = answer.location.unwrap_or_default();
        if to.starts_with("/orders/") {
            outcome.0 += 1;
        } else if buyer
            .get(&to)
            .await
            .body
            .contains("Someone else is buying this piece just now.")
        {
            outcome.1 += 1;
        }
    }
    outcome
}
