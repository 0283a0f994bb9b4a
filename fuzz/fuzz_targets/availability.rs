//! A maker's availability form, as posted: whatever it says, reading it never
//! panics; rules it accepts show the same in the form again; and the free slots
//! they give are in order, never overlap, start after the notice, end within the
//! horizon, and are each a time the rules offer.
#![no_main]

use domain::booking::AvailabilityForm;
use domain::booking::availability::Length;
use jiff::{SignedDuration, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&length, body)) = data.split_first() else {
        return;
    };
    let Ok(form) = serde_qs::from_bytes::<AvailabilityForm>(body) else {
        return;
    };
    let Ok(rules) = form.parse() else {
        return;
    };
    let again = AvailabilityForm::of(Some(&rules), &rules.zone);
    assert_eq!(
        again.parse().as_ref(),
        Ok(&rules),
        "the form shows what was saved"
    );
    let Ok(availability) = rules.availability() else {
        return;
    };
    let Ok(length) = Length::minutes(15 + u16::from(length % 16) * 15) else {
        return;
    };
    // 1 June 2026, 09:00 UTC: a fixed "now" so a failure reproduces.
    let now = Timestamp::from_second(1_780_304_400).expect("a valid instant");
    let earliest = now + SignedDuration::from_mins(i64::from(rules.notice_minutes));
    let horizon = now + SignedDuration::from_hours(24 * (i64::from(rules.horizon_days) + 2));
    let slots = availability.free_slots(length, &[], now);
    for pair in slots.windows(2) {
        assert!(pair[0].end <= pair[1].start, "in order, apart: {pair:?}");
    }
    for slot in slots.iter().take(50) {
        assert!(slot.start >= earliest && slot.end <= horizon, "{slot:?}");
        assert!(
            availability.offers(length, slot.start, &[], now),
            "{slot:?}"
        );
    }
});
