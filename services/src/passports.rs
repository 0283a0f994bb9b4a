//! Issuing a piece's provenance passport: its disclosure as published, signed.

use crate::provenance::{
    Disclosure, NewPassportVersion, Notary, PASSPORT_FORMAT, PassportCommission, PassportMaker,
    PassportPayload, PassportPiece, PassportStore, completeness, passport_id,
};
use crate::store::{Catalogue, StoreError};

/// What a passport version says of a piece.
pub struct PassportSubject {
    pub piece_id: i64,
    /// The passport's id if this is its first version; later versions keep the
    /// id the first one was issued under.
    pub new_id: String,
    pub piece: PassportPiece,
    pub disclosure: Disclosure,
    /// The record of a commission's making. `None` keeps what an earlier version
    /// recorded: that record never changes once written.
    pub commission: Option<PassportCommission>,
}

/// Signs the next version of a piece's passport, unless the latest already says
/// the same. Returns the passport id and version when one was issued.
pub async fn issue_version(
    passports: &dyn PassportStore,
    notary: &dyn Notary,
    subject: PassportSubject,
    now: jiff::Timestamp,
) -> Result<Option<(String, u32)>, StoreError> {
    let latest = passports.latest_passport(subject.piece_id).await?;
    let previous = latest
        .as_ref()
        .and_then(|latest| serde_json::from_str::<PassportPayload>(&latest.payload).ok());
    let commission = subject
        .commission
        .or_else(|| previous.as_ref().and_then(|p| p.commission.clone()));
    let unchanged = previous.as_ref().is_some_and(|previous| {
        previous.disclosure == subject.disclosure
            && previous.piece == subject.piece
            && previous.commission == commission
    });
    if unchanged {
        return Ok(None);
    }
    let (id, version) = match &latest {
        Some(latest) => (latest.id.clone(), latest.latest_version + 1),
        None => (subject.new_id, 1),
    };
    let payload = PassportPayload {
        format: PASSPORT_FORMAT.to_owned(),
        passport: id.clone(),
        version,
        issued_at: now.to_string(),
        piece: subject.piece,
        completeness: completeness(&subject.disclosure),
        disclosure: subject.disclosure,
        commission,
        // Work recorded since it was made stays in every later version.
        life: previous.map(|previous| previous.life).unwrap_or_default(),
    };
    let added = sign_and_keep(passports, notary, subject.piece_id, &payload, now).await?;
    Ok(added.then_some((id, version)))
}

/// Signs `payload` and stores it as its version of its passport; `false` when
/// another server stored that version first.
async fn sign_and_keep(
    passports: &dyn PassportStore,
    notary: &dyn Notary,
    piece_id: i64,
    payload: &PassportPayload,
    now: jiff::Timestamp,
) -> Result<bool, StoreError> {
    let (id, version) = (payload.passport.clone(), payload.version);
    let payload = serde_json::to_string(payload).map_err(|e| StoreError::Backend(e.to_string()))?;
    let signature = notary.sign(payload.as_bytes());
    passports
        .add_passport_version(
            piece_id,
            &NewPassportVersion {
                id,
                version,
                key_id: notary.key_id().to_owned(),
                payload,
                signature,
                issued_at: now,
            },
        )
        .await
}

/// Issues the first or next passport version of a published piece with a
/// disclosure, unless the latest version already says the same.
pub async fn issue_passport(
    catalogue: &dyn Catalogue,
    passports: &dyn PassportStore,
    notary: &dyn Notary,
    piece_slug: &str,
    site: &str,
    now: jiff::Timestamp,
) -> Result<Option<(String, u32)>, StoreError> {
    let Some(detail) = catalogue.piece_detail(piece_slug).await? else {
        return Ok(None);
    };
    let Some(disclosure) = detail.disclosure.clone() else {
        return Ok(None);
    };
    let Some((piece_id, _)) = passports.passport_of_piece(piece_slug).await? else {
        return Ok(None);
    };
    let subject = PassportSubject {
        piece_id,
        new_id: passport_id(piece_id),
        piece: PassportPiece {
            slug: detail.slug.as_str().to_owned(),
            title: detail.title.clone(),
            url: format!("{site}/pieces/{}", detail.slug),
            maker: PassportMaker {
                name: detail.maker.display_name.clone(),
                slug: detail.maker.slug.as_str().to_owned(),
            },
        },
        disclosure,
        commission: None,
    };
    issue_version(passports, notary, subject, now).await
}

/// Signs the next version of passport `passport` with `work` added to its
/// life; the new version's number. `None` when there is no such passport.
pub async fn record_work(
    passports: &dyn PassportStore,
    notary: &dyn Notary,
    passport: &str,
    work: crate::provenance::PassportWork,
    now: jiff::Timestamp,
) -> Result<Option<u32>, StoreError> {
    let Some(latest) = passports.passport(passport, None).await? else {
        return Ok(None);
    };
    let mut payload: PassportPayload = serde_json::from_str(&latest.payload)
        .map_err(|e| StoreError::Backend(format!("a stored passport can't be read: {e}")))?;
    payload.version = latest.latest_version + 1;
    payload.issued_at = now.to_string();
    payload.life.push(work);
    let version = payload.version;
    let added = sign_and_keep(passports, notary, latest.piece_id, &payload, now).await?;
    Ok(added.then_some(version))
}
