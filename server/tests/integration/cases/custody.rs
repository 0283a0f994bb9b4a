//! Custody logs in storage: each place in the log is taken once, the signed head
//! moves with every entry and only from the length it expected, and a log
//! changed in the database behind the app's back no longer verifies.

use super::commissions::requested;
use app::commissions::{
    CommissionId, CustodyCheck, CustodyEvent, CustodyLog, Happening, Hundredths, Intake, Material,
    Metal, Party, sign_head,
};
use app::store::{Conflict, Store, StoreError};
use touchstone_server::passport::Ed25519Notary;

fn notary() -> Ed25519Notary {
    Ed25519Notary::from_seed_hex(&"c7".repeat(32)).unwrap()
}

fn at(minute: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_800_000_000 + minute * 60).unwrap()
}

fn old_gold() -> CustodyEvent {
    CustodyEvent::Intake(Intake {
        material: Material::Metal(Metal {
            description: "Grandmother's 18k wedding band; 'engraved' <i>R & M</i>".into(),
            grams: Hundredths::parse("4.62").unwrap(),
            tested_fineness: "750".into(),
            tested_how: "XRF".into(),
        }),
        condition: "Thin at the back.".into(),
        handed_over_by: "The client, at the studio".into(),
        handed_over_on: "2027-01-12".into(),
        risk_terms: "Melting old gold loses some weight.".into(),
    })
}

/// Appends `event` by `by` to the log as `store` has it.
async fn append(
    store: &dyn Store,
    id: CommissionId,
    by: Party,
    event: CustodyEvent,
    minute: i64,
) -> Result<(), StoreError> {
    let notary = notary();
    let log = store.custody_log(id).await.unwrap();
    let check = CustodyCheck::of(id, &log, &notary);
    check.allows(by, &event).unwrap();
    let (entry, _) = check.next_entry(id, by, event, Vec::new(), at(minute));
    store
        .append_custody(id, &entry, &sign_head(id, &entry, &notary), at(minute))
        .await
}

fn check(id: CommissionId, log: &CustodyLog) -> CustodyCheck {
    CustodyCheck::of(id, log, &notary())
}

pub async fn a_custody_log_keeps_each_entry_once_in_order(store: &dyn Store) {
    let (id, _) = requested(store, "custody").await;
    assert_eq!(store.custody_log(id).await.unwrap(), CustodyLog::default());
    append(store, id, Party::Maker, old_gold(), 0)
        .await
        .unwrap();
    append(
        store,
        id,
        Party::Buyer,
        CustodyEvent::Acknowledged { intake: 1 },
        5,
    )
    .await
    .unwrap();
    let melted = CustodyEvent::Event {
        item: 1,
        happening: Happening::Melted,
        grams_after: Hundredths::parse("4.41"),
        note: "Cast into the new band's blank.".into(),
    };
    append(store, id, Party::Maker, melted, 60).await.unwrap();

    let log = store.custody_log(id).await.unwrap();
    let verified = check(id, &log);
    assert!(verified.intact, "{:?}", verified.broken_at);
    assert_eq!(verified.entries.len(), 3);
    assert_eq!(verified.entries[0].event, old_gold(), "text kept exactly");
    assert_eq!(log.head.as_ref().map(|head| head.length), Some(3));

    // An entry made for a place already taken is refused, and changes nothing.
    let notary = notary();
    let stale = CustodyCheck::of(
        id,
        &CustodyLog {
            entries: log.entries[..2].to_vec(),
            head: None,
        },
        &notary,
    );
    let (entry, _) = stale.next_entry(id, Party::Maker, old_gold(), Vec::new(), at(90));
    assert!(matches!(
        store
            .append_custody(id, &entry, &sign_head(id, &entry, &notary), at(90))
            .await,
        Err(StoreError::Duplicate(Conflict::CustodyEntry))
    ));
    // One past the end, with nothing before it, gets no head.
    let mut gap = entry.clone();
    gap.seq = 9;
    assert!(matches!(
        store
            .append_custody(id, &gap, &sign_head(id, &gap, &notary), at(91))
            .await,
        Err(StoreError::Duplicate(Conflict::CustodyEntry))
    ));
    assert_eq!(store.custody_log(id).await.unwrap(), log);

    // Another commission's log is its own.
    let (other, _) = requested(store, "custody-other").await;
    assert_eq!(
        store.custody_log(other).await.unwrap(),
        CustodyLog::default()
    );
}

pub async fn two_servers_take_one_place_in_a_custody_log(one: &dyn Store, other: &dyn Store) {
    let (id, _) = requested(one, "custody-race").await;
    let notary = notary();
    for minute in 0..8 {
        // Both servers read the log as it is, then each appends its own entry.
        let check = CustodyCheck::of(id, &one.custody_log(id).await.unwrap(), &notary);
        let (first, _) = check.next_entry(id, Party::Maker, old_gold(), Vec::new(), at(minute));
        let (second, _) =
            check.next_entry(id, Party::Maker, old_gold(), Vec::new(), at(minute + 1));
        let (first_head, second_head) = (
            sign_head(id, &first, &notary),
            sign_head(id, &second, &notary),
        );
        let (a, b) = tokio::join!(
            one.append_custody(id, &first, &first_head, at(minute)),
            other.append_custody(id, &second, &second_head, at(minute))
        );
        assert!(
            a.is_ok() ^ b.is_ok(),
            "exactly one of two racing entries is kept: {a:?} {b:?}"
        );
        for outcome in [a, b] {
            assert!(matches!(
                outcome,
                Ok(()) | Err(StoreError::Duplicate(Conflict::CustodyEntry))
            ));
        }
    }
    let log = other.custody_log(id).await.unwrap();
    assert_eq!(log.entries.len(), 8);
    assert!(check(id, &log).intact);
}

/// Someone with the database, not the key, changes the log: it shows.
pub async fn a_custody_log_changed_behind_the_apps_back_no_longer_verifies(
    store: &dyn Store,
    database_url: &str,
) {
    let (id, _) = requested(store, "custody-tamper").await;
    append(store, id, Party::Maker, old_gold(), 0)
        .await
        .unwrap();
    let set = CustodyEvent::Event {
        item: 1,
        happening: Happening::Set,
        grams_after: None,
        note: String::new(),
    };
    append(store, id, Party::Maker, set, 10).await.unwrap();
    assert!(check(id, &store.custody_log(id).await.unwrap()).intact);

    let lighter = format!(
        "UPDATE custody_entries SET payload = replace(payload, '462', '402') \
         WHERE commission_id = {} AND seq = 1",
        id.0
    );
    crate::support::behind_the_apps_back(database_url, &[&lighter]).await;
    assert_eq!(
        check(id, &store.custody_log(id).await.unwrap()).broken_at,
        Some(1)
    );

    let (dropped, _) = requested(store, "custody-dropped").await;
    append(store, dropped, Party::Maker, old_gold(), 0)
        .await
        .unwrap();
    append(
        store,
        dropped,
        Party::Buyer,
        CustodyEvent::Acknowledged { intake: 1 },
        1,
    )
    .await
    .unwrap();
    let delete = format!(
        "DELETE FROM custody_entries WHERE commission_id = {} AND seq = 2",
        dropped.0
    );
    crate::support::behind_the_apps_back(database_url, &[&delete]).await;
    assert_eq!(
        check(dropped, &store.custody_log(dropped).await.unwrap()).broken_at,
        Some(2),
        "the signed head still counts the removed entry"
    );
}
