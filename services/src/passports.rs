//! Issuing a piece's provenance passport: its disclosure as published, signed.

use crate::provenance::{
    NewPassportVersion, Notary, PASSPORT_FORMAT, PassportMaker, PassportPayload, PassportPiece,
    PassportStore, completeness, passport_id,
};
use crate::store::{Catalogue, StoreError};

/// Issues the first or next passport version of a published piece with a
/// disclosure, unless the latest version already says the same. Returns the
/// passport id and version when one was issued.
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
    let Some((piece_id, latest)) = passports.passport_of_piece(piece_slug).await? else {
        return Ok(None);
    };
    let id = passport_id(piece_id);
    let piece = PassportPiece {
        slug: detail.slug.as_str().to_owned(),
        title: detail.title.clone(),
        url: format!("{site}/pieces/{}", detail.slug),
        maker: PassportMaker {
            name: detail.maker.display_name.clone(),
            slug: detail.maker.slug.as_str().to_owned(),
        },
    };
    let unchanged = latest
        .as_ref()
        .and_then(|latest| serde_json::from_str::<PassportPayload>(&latest.payload).ok())
        .is_some_and(|previous| previous.disclosure == disclosure && previous.piece == piece);
    if unchanged {
        return Ok(None);
    }
    let version = latest
        .as_ref()
        .map_or(1, |latest| latest.latest_version + 1);
    let payload = PassportPayload {
        format: PASSPORT_FORMAT.to_owned(),
        passport: id.clone(),
        version,
        issued_at: now.to_string(),
        piece,
        completeness: completeness(&disclosure),
        disclosure,
    };
    let payload =
        serde_json::to_string(&payload).map_err(|e| StoreError::Backend(e.to_string()))?;
    let signature = notary.sign(payload.as_bytes());
    let added = passports
        .add_passport_version(
            piece_id,
            &NewPassportVersion {
                id: id.clone(),
                version,
                key_id: notary.key_id().to_owned(),
                payload,
                signature,
                issued_at: now,
            },
        )
        .await?;
    Ok(added.then_some((id, version)))
}
