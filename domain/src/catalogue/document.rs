//! `/pieces/{slug}/provenance.json`: the disclosure for machines, in a documented,
//! versioned shape (see `docs/provenance-json.md`).

use super::PieceDetail;
use crate::provenance::evidence_tally;
use crate::provenance::reading::summary;

pub const DOCUMENT_FORMAT: &str = "touchstone-provenance/1";

/// The document for a published piece; `None` when it has no disclosure.
pub fn provenance_document(
    piece: &PieceDetail,
    passport: Option<(String, u32)>,
    site: &str,
) -> Option<serde_json::Value> {
    let disclosure = piece.disclosure.as_ref()?;
    let evidence = evidence_tally(disclosure);
    Some(serde_json::json!({
        "format": DOCUMENT_FORMAT,
        "piece": {
            "slug": piece.slug.as_str(),
            "title": piece.title,
            "url": format!("{site}/pieces/{}", piece.slug),
            "published_on": piece.published_on,
            "maker": {
                "name": piece.maker.display_name,
                "slug": piece.maker.slug.as_str(),
                "url": format!("{site}/makers/{}", piece.maker.slug),
            },
        },
        "summary": summary(disclosure),
        "completeness": crate::provenance::completeness(disclosure),
        "evidence": {
            "verified": evidence.verified,
            "document_backed": evidence.documented,
            "self_declared": evidence.declared,
        },
        "disclosure": disclosure,
        "passport": passport.map(|(id, version)| serde_json::json!({
            "id": id,
            "version": version,
            "url": format!("{site}/passport/{id}"),
        })),
    }))
}
