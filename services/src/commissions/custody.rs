//! The custody log on a commission: the maker records what the buyer handed
//! over and what happened to it; the buyer acknowledges each intake record.
//! Every entry is decided on the log as read, then appended only in its place,
//! with the head re-signed in the same write.

use super::desk::CommissionDesk;
use super::letters::{self, Letter};
use super::{
    CommissionPicture, CommissionRecord, CustodyCheck, CustodyEntryView, CustodyEvent, CustodyForm,
    CustodyItemView, CustodyReceipt, CustodyView, EntryDocument, Happening, Intake,
    MAX_CUSTODY_PHOTOS, Material, Party, Stage, sign_head,
};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::shared::{Conflict, Next, StoreError};
use crate::threads::{granted, when};

/// An entry decided on the log as it was read, before any photo is stored.
pub struct DecidedCustody {
    record: CommissionRecord,
    party: Party,
    event: CustodyEvent,
}

impl DecidedCustody {
    /// Whose storage the photos count towards.
    pub fn maker(&self) -> crate::shared::MakerId {
        self.record.maker
    }
}

fn to_custody(record: &CommissionRecord, notice: String) -> Next {
    Next {
        path: format!("/commissions/{}#custody", record.id.0),
        form: "commission",
        notice: Some(notice),
    }
}

/// A commission that never started (declined, expired) holds nothing.
fn takes_custody(stage: Stage) -> bool {
    !matches!(stage, Stage::Declined | Stage::Expired)
}

impl CommissionDesk<'_> {
    async fn checked_log(&self, record: &CommissionRecord) -> Result<CustodyCheck, ServiceError> {
        let log = self.custody.custody_log(record.id).await?;
        Ok(CustodyCheck::of(record.id, &log, self.notary))
    }

    /// How many photos the viewer may send with a custody entry: only the maker
    /// sends any, and only while the commission holds things in custody.
    pub async fn custody_room(
        &self,
        viewer: Option<&StoredAccount>,
        raw_id: &str,
    ) -> Result<usize, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        if party != Party::Maker {
            return Err(ServiceError::Forbidden);
        }
        if !takes_custody(record.state.stage) {
            return Err(ServiceError::Invalid(
                "This commission never started, so it holds nothing in custody.".into(),
            ));
        }
        Ok(MAX_CUSTODY_PHOTOS)
    }

    /// The entry `form` describes, if the viewer may add it now; `photos` is how
    /// many came with it.
    pub async fn decide_custody(
        &self,
        viewer: Option<&StoredAccount>,
        form: &CustodyForm,
        photos: usize,
    ) -> Result<DecidedCustody, ServiceError> {
        let (record, party) = self.seen_by(&form.commission, viewer).await?;
        if !takes_custody(record.state.stage) {
            return Err(ServiceError::Invalid(
                "This commission never started, so it holds nothing in custody.".into(),
            ));
        }
        let event = form.parse().map_err(ServiceError::Invalid)?;
        let room = match event {
            CustodyEvent::Acknowledged { .. } => 0,
            _ => MAX_CUSTODY_PHOTOS,
        };
        if photos > room {
            return Err(ServiceError::Invalid(format!(
                "At most {MAX_CUSTODY_PHOTOS} photos go with one entry."
            )));
        }
        let check = self.checked_log(&record).await?;
        check
            .allows(party, &event)
            .map_err(|refusal| match refusal {
                super::CustodyRefusal::MakersEntry
                | super::CustodyRefusal::ClientsAcknowledgement => ServiceError::Forbidden,
                refusal => ServiceError::Invalid(refusal.to_string()),
            })?;
        Ok(DecidedCustody {
            record,
            party,
            event,
        })
    }

    /// Appends the decided entry with its photos, and tells the other side.
    pub async fn record_custody(
        &self,
        decided: DecidedCustody,
        mut pictures: Vec<CommissionPicture>,
    ) -> Result<Next, ServiceError> {
        let DecidedCustody {
            record,
            party,
            event,
        } = decided;
        let check = self.checked_log(&record).await?;
        check
            .allows(party, &event)
            .map_err(|refusal| ServiceError::Invalid(refusal.to_string()))?;
        let caption = photo_caption(&check, &event);
        for (n, picture) in pictures.iter_mut().enumerate() {
            picture.image.alt = format!("{caption}, photo {}", n + 1);
            picture.image.access.clear();
        }
        let (entry, document) = check.next_entry(record.id, party, event, pictures, self.now);
        let head = sign_head(record.id, &entry, self.notary);
        match self
            .custody
            .append_custody(record.id, &entry, &head, self.now)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Duplicate(Conflict::CustodyEntry)) => {
                return Err(ServiceError::Conflict(
                    "Something was added to the custody log just now: read it again, then \
                     record yours if it is still needed."
                        .into(),
                ));
            }
            Err(error) => return Err(error.into()),
        }
        let link = format!("{}#custody", letters::page_link(self.site, &record));
        let (notice, letter) = match &document.event {
            CustodyEvent::Intake(intake) => (
                format!(
                    "Intake record {} kept. {} is asked to acknowledge it.",
                    document.seq, record.buyer_name
                ),
                Some((Party::Buyer, intake_letter(&record, intake, &link))),
            ),
            CustodyEvent::Acknowledged { intake } => (
                format!("You acknowledged intake record {intake}."),
                Some((Party::Maker, acknowledged_letter(&record, *intake, &link))),
            ),
            CustodyEvent::Event { happening, .. } => (
                format!("Recorded: {}.", happening.label()),
                Some((Party::Buyer, happening_letter(&record, *happening, &link))),
            ),
            CustodyEvent::Correction { corrects, .. } => {
                (format!("Correction of entry {corrects} kept."), None)
            }
        };
        if let Some((to, letter)) = letter {
            self.send(record.email_of(to), letter).await?;
        }
        Ok(to_custody(&record, notice))
    }

    /// The custody part of the commission's page for `party`.
    pub(super) async fn custody_view(
        &self,
        record: &CommissionRecord,
        party: Party,
    ) -> Result<CustodyView, ServiceError> {
        let log = self.custody.custody_log(record.id).await?;
        let check = CustodyCheck::of(record.id, &log, self.notary);
        let pass = crate::MediaPass::of(self.notary);
        let pictures_of = |seq: u32| {
            log.entries
                .iter()
                .find(|entry| entry.seq == seq)
                .map(|entry| granted(&entry.pictures, &pass, self.now))
                .unwrap_or_default()
        };
        Ok(CustodyView {
            may_record: party == Party::Maker && check.intact && takes_custody(record.state.stage),
            intact: check.intact,
            broken_at: check.broken_at,
            recorded: log.entries.len(),
            head: check.head.clone(),
            items: check
                .intakes()
                .map(|(intake, entry)| item_view(&check, intake, entry, pictures_of(entry.seq)))
                .collect(),
            entries: check
                .entries
                .iter()
                .zip(&log.entries)
                .map(|(document, stored)| CustodyEntryView {
                    seq: document.seq,
                    when: document
                        .at
                        .parse::<jiff::Timestamp>()
                        .map(when)
                        .unwrap_or_default(),
                    what: entry_sentence(&check, document, record.name_of(document.by)),
                    note: entry_note(&document.event),
                    sha256: stored.sha256.clone(),
                    pictures: pictures_of(document.seq),
                })
                .collect(),
        })
    }

    /// The printable receipt of intake `raw_item`, for either side.
    pub async fn custody_receipt(
        &self,
        raw_id: &str,
        raw_item: &str,
        viewer: Option<&StoredAccount>,
    ) -> Result<CustodyReceipt, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        let view = self.custody_view(&record, party).await?;
        let seq: u32 = raw_item
            .trim()
            .parse()
            .map_err(|_| ServiceError::NotFound)?;
        let item = view
            .items
            .into_iter()
            .find(|item| item.seq == seq)
            .ok_or(ServiceError::NotFound)?;
        let entry = view
            .entries
            .iter()
            .find(|entry| entry.seq == seq)
            .ok_or(ServiceError::NotFound)?;
        Ok(CustodyReceipt {
            commission: record.id.0,
            maker: record.maker_name.clone(),
            buyer: record.buyer_name.clone(),
            handed_over: entry.when.clone(),
            entry_sha256: entry.sha256.clone(),
            head: view.head.unwrap_or_default(),
            intact: view.intact,
            key_id: self.notary.key_id().to_owned(),
            item,
        })
    }
}

fn item_view(
    check: &CustodyCheck,
    intake: &Intake,
    entry: &EntryDocument,
    pictures: Vec<(crate::shared::ImageRef, String)>,
) -> CustodyItemView {
    let mut facts = match &intake.material {
        Material::Stone(stone) => vec![
            ("Stone".to_owned(), stone.species.clone()),
            ("Shape".to_owned(), stone.shape.clone()),
            ("Measurements".to_owned(), stone.measurements.clone()),
            (
                "Approximate weight".to_owned(),
                stone
                    .approx_carats
                    .map(|carats| format!("{carats} ct"))
                    .unwrap_or_default(),
            ),
            ("Colour".to_owned(), stone.colour.clone()),
            (
                "Inclusions or damage".to_owned(),
                stone.visible_marks.clone(),
            ),
        ],
        Material::Metal(metal) => vec![
            ("Metal".to_owned(), metal.description.clone()),
            ("Weight".to_owned(), format!("{} g", metal.grams)),
            ("Tested fineness".to_owned(), metal.tested_fineness.clone()),
            ("Tested by".to_owned(), metal.tested_how.clone()),
        ],
    };
    facts.push((
        "Handed over".to_owned(),
        format!("{}, on {}", intake.handed_over_by, intake.handed_over_on),
    ));
    facts.retain(|(_, value)| !value.is_empty());
    let last = check
        .happenings(entry.seq)
        .last()
        .map(|(happening, _)| happening);
    CustodyItemView {
        seq: entry.seq,
        name: crate::shared::capitalised(intake.material.name()),
        facts,
        condition: intake.condition.clone(),
        risk_terms: intake.risk_terms.clone(),
        acknowledged: check
            .acknowledged(entry.seq)
            .and_then(|at| at.parse::<jiff::Timestamp>().ok())
            .map(when),
        status: match last {
            None | Some(Happening::Tested | Happening::Remeasured) => "With the maker".into(),
            Some(happening) => crate::shared::capitalised(happening.label()),
        },
        in_custody: !matches!(
            last,
            Some(Happening::ReturnedUnused | Happening::ReturnedWithPiece | Happening::Lost)
        ),
        pictures,
    }
}

/// What an entry says happened, in a sentence about whoever added it.
fn entry_sentence(check: &CustodyCheck, document: &EntryDocument, who: &str) -> String {
    let item = |seq: u32| {
        check
            .intakes()
            .find(|(_, entry)| entry.seq == seq)
            .map(|(intake, _)| intake.material.name().to_owned())
            .unwrap_or_else(|| format!("item {seq}"))
    };
    match &document.event {
        CustodyEvent::Intake(intake) => {
            format!("{who} took in the client's {}.", intake.material.name())
        }
        CustodyEvent::Acknowledged { intake } => {
            format!(
                "{who} acknowledged the intake record of the {}.",
                item(*intake)
            )
        }
        CustodyEvent::Event {
            item: seq,
            happening,
            grams_after,
            ..
        } => {
            let weight = grams_after
                .map(|grams| format!(" ({grams} g after melting)"))
                .unwrap_or_default();
            format!("The {} was {}{weight}.", item(*seq), happening.label())
        }
        CustodyEvent::Correction { corrects, .. } => {
            format!("{who} corrected entry {corrects}.")
        }
    }
}

/// What an entry's photos show, for their descriptions.
fn photo_caption(check: &CustodyCheck, event: &CustodyEvent) -> String {
    let name = |seq: u32| {
        check
            .intakes()
            .find(|(_, entry)| entry.seq == seq)
            .map(|(intake, _)| crate::shared::capitalised(intake.material.name()))
            .unwrap_or_else(|| format!("Item {seq}"))
    };
    match event {
        CustodyEvent::Intake(intake) => {
            format!(
                "{} at intake",
                crate::shared::capitalised(intake.material.name())
            )
        }
        CustodyEvent::Event {
            item, happening, ..
        } => format!("{}, {}", name(*item), happening.label()),
        CustodyEvent::Correction { corrects, .. } => format!("Correction of entry {corrects}"),
        CustodyEvent::Acknowledged { .. } => "Acknowledgement".into(),
    }
}

fn entry_note(event: &CustodyEvent) -> String {
    match event {
        CustodyEvent::Intake(intake) => intake.condition.clone(),
        CustodyEvent::Acknowledged { .. } => String::new(),
        CustodyEvent::Event { note, .. } | CustodyEvent::Correction { note, .. } => note.clone(),
    }
}

/// To the buyer: the maker recorded what they handed over.
pub fn intake_letter(record: &CommissionRecord, intake: &Intake, link: &str) -> Letter {
    Letter {
        subject: format!(
            "{} recorded your {}: please check it",
            record.maker_name,
            intake.material.name()
        ),
        body: format!(
            "Hello {},\n\n{} has recorded what you handed over for your commission: your {}, with photos, \
             measurements and its condition, and the terms they take it on:\n\n{}\n\n\
             Check the record and acknowledge it here (until you do, it says it is not acknowledged):\n{link}\n",
            record.buyer_name,
            record.maker_name,
            intake.material.name(),
            intake.risk_terms
        ),
    }
}

/// To the maker: the buyer acknowledged an intake record.
pub fn acknowledged_letter(record: &CommissionRecord, intake: u32, link: &str) -> Letter {
    Letter {
        subject: format!("{} acknowledged your intake record", record.buyer_name),
        body: format!(
            "Hello {},\n\n{} has acknowledged intake record {intake} of their commission.\n\n{link}\n",
            record.maker_name, record.buyer_name
        ),
    }
}

/// To the buyer: something happened to what they handed over.
pub fn happening_letter(record: &CommissionRecord, happening: Happening, link: &str) -> Letter {
    Letter {
        subject: format!("Your material was {}", happening.label()),
        body: format!(
            "Hello {},\n\n{} recorded in your commission's custody log that your material was {}.\n\n{link}\n",
            record.buyer_name,
            record.maker_name,
            happening.label()
        ),
    }
}
