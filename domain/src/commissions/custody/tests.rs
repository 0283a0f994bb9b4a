//! The custody log's rules, by journeys and by every way a stored log can be
//! changed behind the app's back.

use super::*;

/// Signs with a keyed digest: enough to tell a right signature from a wrong one.
struct TestNotary;

impl Notary for TestNotary {
    fn key_id(&self) -> &str {
        "test"
    }
    fn sign(&self, payload: &[u8]) -> String {
        sha256_hex(&[b"secret".as_slice(), payload].concat())
    }
    fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool {
        key_id == "test" && self.sign(payload) == signature
    }
}

const COMMISSION: CommissionId = CommissionId(7);

fn at(minute: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_790_000_000 + minute * 60).unwrap()
}

fn sapphire() -> CustodyEvent {
    CustodyEvent::Intake(Intake {
        material: Material::Stone(Stone {
            species: "sapphire".into(),
            shape: "cushion".into(),
            measurements: "6.5 × 6.1 × 4.0 mm".into(),
            approx_carats: Hundredths::parse("1.2"),
            colour: "cornflower blue".into(),
            visible_marks: "a chip at the girdle, 4 o'clock".into(),
        }),
        condition: "Worn facet edges.".into(),
        handed_over_by: "the client, in person".into(),
        handed_over_on: "2026-11-30".into(),
        risk_terms: "Stones can crack during setting.".into(),
    })
}

/// Appends as the store would, returning the new log.
fn append(log: &CustodyLog, by: Party, event: CustodyEvent, minute: i64) -> CustodyLog {
    let check = CustodyCheck::of(COMMISSION, log, &TestNotary);
    check.allows(by, &event).unwrap();
    let picture = CommissionPicture {
        image: crate::shared::ImageRef {
            key: "ab12.jpg".into(),
            width: 1200,
            height: 900,
            alt: String::new(),
            access: String::new(),
        },
        sha256: "ab".repeat(32),
    };
    let (entry, _) = check.next_entry(COMMISSION, by, event, vec![picture], at(minute));
    let head = sign_head(COMMISSION, &entry, &TestNotary);
    let mut entries = log.entries.clone();
    entries.push(entry);
    CustodyLog {
        entries,
        head: Some(head),
    }
}

fn journey() -> CustodyLog {
    let log = append(&CustodyLog::default(), Party::Maker, sapphire(), 0);
    let log = append(
        &log,
        Party::Buyer,
        CustodyEvent::Acknowledged { intake: 1 },
        5,
    );
    let event = |happening| CustodyEvent::Event {
        item: 1,
        happening,
        grams_after: None,
        note: "Under the loupe.".into(),
    };
    let log = append(&log, Party::Maker, event(Happening::Tested), 60);
    let log = append(&log, Party::Maker, event(Happening::Set), 600);
    append(&log, Party::Maker, event(Happening::ReturnedWithPiece), 900)
}

#[test]
fn a_log_appended_in_turn_verifies_and_names_its_head() {
    let log = journey();
    let check = CustodyCheck::of(COMMISSION, &log, &TestNotary);
    assert!(check.intact, "{:?}", check.broken_at);
    assert_eq!(check.entries.len(), 5);
    assert_eq!(check.head.as_deref(), Some(log.entries[4].sha256.as_str()));
    assert_eq!(check.entries[1].previous, log.entries[0].sha256);
    assert_eq!(check.entries[0].previous, CHAIN_START);
    assert!(check.acknowledged(1).is_some());
    let happened: Vec<Happening> = check.happenings(1).map(|(h, _)| h).collect();
    assert_eq!(
        happened,
        [
            Happening::Tested,
            Happening::Set,
            Happening::ReturnedWithPiece
        ]
    );
}

#[test]
fn a_changed_removed_or_reordered_entry_breaks_the_log() {
    let log = journey();
    let verify = |log: &CustodyLog| CustodyCheck::of(COMMISSION, log, &TestNotary).broken_at;

    let mut changed = log.clone();
    changed.entries[0].payload = changed.entries[0].payload.replace("1.2", "1.02");
    changed.entries[0].payload = changed.entries[0].payload.replace("120", "102");
    assert_eq!(verify(&changed), Some(1), "its digest no longer matches");

    // Rehashed too: the next entry still names the old digest.
    changed.entries[0].sha256 = sha256_hex(changed.entries[0].payload.as_bytes());
    assert_eq!(verify(&changed), Some(2));

    let mut truncated = log.clone();
    truncated.entries.pop();
    assert_eq!(verify(&truncated), Some(5), "the signed head counts five");

    let mut other_photo = log.clone();
    other_photo.entries[1].pictures[0].sha256 = "cd".repeat(32);
    assert_eq!(verify(&other_photo), Some(2), "a photo swapped for another");

    let mut swapped = log.clone();
    swapped.entries.swap(2, 3);
    assert_eq!(verify(&swapped), Some(3));

    let mut forged = log.clone();
    if let Some(head) = forged.head.as_mut() {
        head.signature = "00".repeat(32);
    }
    assert_eq!(verify(&forged), Some(6));

    // Another commission's log does not pass for this one.
    assert_eq!(
        CustodyCheck::of(CommissionId(8), &log, &TestNotary).broken_at,
        Some(1)
    );
    assert_eq!(
        verify(&CustodyLog::default()),
        None,
        "an empty log is intact"
    );
}

#[test]
fn each_side_adds_only_its_own_entries_in_order() {
    let log = append(&CustodyLog::default(), Party::Maker, sapphire(), 0);
    let check = CustodyCheck::of(COMMISSION, &log, &TestNotary);
    let ack = CustodyEvent::Acknowledged { intake: 1 };
    assert_eq!(
        check.allows(Party::Maker, &ack),
        Err(CustodyRefusal::ClientsAcknowledgement)
    );
    assert_eq!(
        check.allows(Party::Buyer, &sapphire()),
        Err(CustodyRefusal::MakersEntry)
    );
    assert_eq!(
        check.allows(Party::Buyer, &CustodyEvent::Acknowledged { intake: 2 }),
        Err(CustodyRefusal::NoSuchIntake(2))
    );
    let melted = |grams_after| CustodyEvent::Event {
        item: 1,
        happening: Happening::Melted,
        grams_after,
        note: String::new(),
    };
    assert_eq!(
        check.allows(Party::Maker, &melted(None)),
        Err(CustodyRefusal::MeltedWeight)
    );
    assert_eq!(
        check.allows(Party::Maker, &melted(Hundredths::parse("3.1"))),
        Ok(())
    );

    let log = append(&log, Party::Buyer, ack.clone(), 1);
    let check = CustodyCheck::of(COMMISSION, &log, &TestNotary);
    assert_eq!(
        check.allows(Party::Buyer, &ack),
        Err(CustodyRefusal::AcknowledgedAlready)
    );

    let lost = CustodyEvent::Event {
        item: 1,
        happening: Happening::Lost,
        grams_after: None,
        note: "Not found after the bench was cleared.".into(),
    };
    let log = append(&log, Party::Maker, lost.clone(), 2);
    let check = CustodyCheck::of(COMMISSION, &log, &TestNotary);
    assert_eq!(
        check.allows(Party::Maker, &lost),
        Err(CustodyRefusal::CustodyEnded)
    );
    let correction = CustodyEvent::Correction {
        corrects: 3,
        note: "Found in the polishing drum, unharmed.".into(),
    };
    assert_eq!(check.allows(Party::Maker, &correction), Ok(()));
    assert_eq!(
        check.allows(
            Party::Maker,
            &CustodyEvent::Correction {
                corrects: 9,
                note: String::new()
            }
        ),
        Err(CustodyRefusal::NoSuchEntry(9))
    );
}

#[test]
fn weights_keep_two_decimals_and_refuse_anything_else() {
    assert_eq!(Hundredths::parse("12"), Some(Hundredths(1200)));
    assert_eq!(Hundredths::parse(" 3,4 "), Some(Hundredths(340)));
    assert_eq!(
        Hundredths::parse("0.05").map(|h| h.to_string()).as_deref(),
        Some("0.05")
    );
    for bad in [
        "", "0", "-1", "1.234", "1e3", "abc", "1.2.3", "9999999", ".5",
    ] {
        assert_eq!(Hundredths::parse(bad), None, "{bad:?}");
    }
}
