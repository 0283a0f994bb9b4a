//! Work on a piece after it was made — a resizing, a repair — recorded on its
//! passport by the maker who did it, with the consent of its owner: a link the
//! owner hands the maker, signed with the marketplace key for that passport.

use super::{Notary, PassportMaker, PassportWork, WORK_KINDS};
use serde::{Deserialize, Serialize};

/// How long an owner's consent for work on their piece lasts.
pub const WORK_CONSENT_DAYS: i64 = 30;
/// The longest note a maker adds to a piece of work.
pub const MAX_WORK_NOTE: usize = 500;
const WORK_CONSENT_PURPOSE: &str = "touchstone-passport-work-consent/1";

fn consent_bytes(passport: &str, expires: i64) -> Vec<u8> {
    format!("{WORK_CONSENT_PURPOSE}:{passport}:{expires}").into_bytes()
}

/// The owner's consent that a maker records work on passport `passport`: a
/// token for the link they hand the maker. Signed with the current marketplace
/// key and checked only against it, so rotating the key withdraws every
/// consent given before.
pub fn work_consent(notary: &dyn Notary, passport: &str, now: jiff::Timestamp) -> String {
    let expires = now.as_second() + WORK_CONSENT_DAYS * 24 * 3600;
    format!(
        "{expires}.{}",
        notary.sign(&consent_bytes(passport, expires))
    )
}

/// Whether `token` is a live consent for work on `passport`.
pub fn consent_holds(
    notary: &dyn Notary,
    passport: &str,
    token: &str,
    now: jiff::Timestamp,
) -> bool {
    let Some((expires, signature)) = token.trim().split_once('.') else {
        return false;
    };
    let Ok(expires) = expires.parse::<i64>() else {
        return false;
    };
    expires >= now.as_second()
        && token.len() < 300
        && notary.verify(
            notary.key_id(),
            &consent_bytes(passport, expires),
            signature,
        )
}

/// Work as the maker's form posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkForm {
    pub passport: String,
    pub consent: String,
    pub work: String,
    pub on: String,
    pub note: String,
}

/// Why work could not be recorded, in words.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkRefusal {
    #[error(
        "This link doesn't let anyone record work any more: ask the piece's owner for a new one."
    )]
    Consent,
    #[error("Choose the work you did.")]
    Work,
    #[error("The day of the work is a date (YYYY-MM-DD), and not in the future.")]
    Day,
    #[error(
        "The note is too long, or holds characters that can't be kept: at most {MAX_WORK_NOTE} characters."
    )]
    Note,
}

/// The work the form describes, by `by`, if the consent holds.
pub fn parse_work(
    notary: &dyn Notary,
    form: &WorkForm,
    by: PassportMaker,
    now: jiff::Timestamp,
) -> Result<PassportWork, WorkRefusal> {
    if !consent_holds(notary, form.passport.trim(), &form.consent, now) {
        return Err(WorkRefusal::Consent);
    }
    let work = WORK_KINDS
        .iter()
        .find(|(slug, _)| *slug == form.work.trim())
        .map(|(_, label)| (*label).to_owned())
        .ok_or(WorkRefusal::Work)?;
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let on = form
        .on
        .trim()
        .parse::<jiff::civil::Date>()
        .ok()
        .filter(|day| *day <= today)
        .ok_or(WorkRefusal::Day)?;
    let note = form.note.trim();
    if note.chars().count() > MAX_WORK_NOTE || crate::shared::has_control_characters(note) {
        return Err(WorkRefusal::Note);
    }
    Ok(PassportWork {
        work,
        on: on.to_string(),
        by,
        note: note.to_owned(),
    })
}

#[cfg(test)]
mod work_tests {
    use super::*;

    struct TestNotary(&'static str);

    impl Notary for TestNotary {
        fn key_id(&self) -> &str {
            self.0
        }
        fn sign(&self, payload: &[u8]) -> String {
            use sha2::{Digest, Sha256};
            crate::shared::hex(&Sha256::digest([self.0.as_bytes(), payload].concat()))
        }
        fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool {
            key_id == self.0 && self.sign(payload) == signature
        }
    }

    fn at(day: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_800_000_000 + day * 86_400).unwrap()
    }

    #[test]
    fn a_consent_opens_its_passport_until_it_expires_or_the_key_turns() {
        let notary = TestNotary("k1");
        let token = work_consent(&notary, "abc123", at(0));
        assert!(consent_holds(&notary, "abc123", &token, at(29)));
        assert!(!consent_holds(&notary, "abc123", &token, at(31)), "expired");
        assert!(
            !consent_holds(&notary, "other", &token, at(1)),
            "another passport"
        );
        assert!(
            !consent_holds(&TestNotary("k2"), "abc123", &token, at(1)),
            "key rotated"
        );
        let (expires, signature) = token.split_once('.').unwrap();
        let later: i64 = expires.parse::<i64>().unwrap() + 86_400;
        assert!(!consent_holds(
            &notary,
            "abc123",
            &format!("{later}.{signature}"),
            at(1)
        ));
        for bad in ["", ".", "x.y", "1.2.3"] {
            assert!(!consent_holds(&notary, "abc123", bad, at(1)), "{bad:?}");
        }
    }

    #[test]
    fn work_is_one_of_the_kinds_on_a_past_day_with_a_short_note() {
        let notary = TestNotary("k1");
        let by = PassportMaker {
            name: "Dora Ng".into(),
            slug: "dora-ng".into(),
        };
        let form = WorkForm {
            passport: "abc123".into(),
            consent: work_consent(&notary, "abc123", at(0)),
            work: "resized".into(),
            on: at(1).to_zoned(jiff::tz::TimeZone::UTC).date().to_string(),
            note: "From UK M to UK N.".into(),
        };
        let work = parse_work(&notary, &form, by.clone(), at(2)).unwrap();
        assert_eq!(
            (work.work.as_str(), work.by.slug.as_str()),
            ("Resized", "dora-ng")
        );
        let refused = |change: fn(&mut WorkForm)| {
            let mut form = form.clone();
            change(&mut form);
            parse_work(&notary, &form, by.clone(), at(2)).unwrap_err()
        };
        assert_eq!(refused(|f| f.work = "gilded".into()), WorkRefusal::Work);
        assert_eq!(refused(|f| f.on = "2999-01-01".into()), WorkRefusal::Day);
        assert_eq!(refused(|f| f.on = "soon".into()), WorkRefusal::Day);
        assert_eq!(
            refused(|f| f.note = "x".repeat(MAX_WORK_NOTE + 1)),
            WorkRefusal::Note
        );
        assert_eq!(refused(|f| f.consent.push('0')), WorkRefusal::Consent);
    }
}

/// The maker's work page: which piece, by whom, and what the form starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkStart {
    pub passport: String,
    pub consent: String,
    /// "Engagement ring by Ana Ruiz".
    pub piece: String,
    /// The signed-in maker who will be named.
    pub maker: String,
    /// Today, `YYYY-MM-DD`, the form's default day.
    pub today: String,
}
