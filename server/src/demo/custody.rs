//! The demo commission made with the client's own stone: her grandmother's
//! sapphire, taken in with photos and terms, acknowledged, tested and set.

use super::commissions::OpenMaker;
use super::commissions::{picture, sketch};
use app::commissions::{
    CommissionId, CustodyCheck, CustodyEvent, Happening, Hundredths, Intake, Material, Party,
    Stone, sign_head,
};
use app::provenance::Notary;
use app::store::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// Appends the sapphire's log to commission `id`, its entries a day apart from
/// `from`.
pub async fn client_stone(
    store: &dyn Store,
    maker: &OpenMaker,
    id: CommissionId,
    notary: &dyn Notary,
    from: Timestamp,
) -> Result<(), StoreError> {
    let intake = Intake {
        material: Material::Stone(Stone {
            species: "sapphire".into(),
            shape: "cushion, mixed cut".into(),
            measurements: "6.4 × 6.0 × 4.1 mm".into(),
            approx_carats: Hundredths::parse("1.15"),
            colour: "medium cornflower blue".into(),
            visible_marks: "A small chip on the girdle at 4 o'clock; a feather inclusion under the table.".into(),
        }),
        condition: "Facet edges worn from wear in its old ring; no cracks seen under 10× loupe.".into(),
        handed_over_by: "The client, in person at the studio".into(),
        handed_over_on: from.strftime("%Y-%m-%d").to_string(),
        risk_terms: "Stones can crack while being set, above all one with a chip or a feather. I take every care, but I am not liable for damage that follows from the stone's existing marks.".into(),
    };
    let photo = picture(
        store,
        sketch(maker, "the client's sapphire at intake", 3),
        "The client's sapphire at intake, table up".into(),
    )
    .await?;
    let entries = [
        (Party::Maker, CustodyEvent::Intake(intake), vec![photo]),
        (Party::Buyer, CustodyEvent::Acknowledged { intake: 1 }, Vec::new()),
        (
            Party::Maker,
            CustodyEvent::Event {
                item: 1,
                happening: Happening::Tested,
                grams_after: None,
                note: "Refractometer 1.762–1.770 and a single-line spectrum: natural sapphire, as the client said.".into(),
            },
            Vec::new(),
        ),
        (
            Party::Maker,
            CustodyEvent::Event {
                item: 1,
                happening: Happening::Set,
                grams_after: None,
                note: "Set in the new ring's four-claw head; the chip sits under a claw.".into(),
            },
            Vec::new(),
        ),
    ];
    for (day, (party, event, pictures)) in entries.into_iter().enumerate() {
        let at = from
            .checked_add(SignedDuration::from_hours(24 * day as i64))
            .map_err(super::backend)?;
        let log = store.custody_log(id).await?;
        let check = CustodyCheck::of(id, &log, notary);
        check.allows(party, &event).map_err(super::backend)?;
        let (entry, _) = check.next_entry(id, party, event, pictures, at);
        store
            .append_custody(id, &entry, &sign_head(id, &entry, notary), at)
            .await?;
    }
    Ok(())
}
