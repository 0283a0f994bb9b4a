//! Reviewing evidence: an operator compares a document with the claims it backs,
//! verifies those it shows and returns the others to the maker's word. A
//! published piece's passport is re-issued, and the maker hears of it by email.

use super::{
    AwaitingReview, ClaimFinding, MAX_REVIEW_NOTE_CHARS, REVIEW_QUEUE_LENGTH, ReviewSheet,
};
use crate::ServiceError;
use crate::accounts::Outbox;
use crate::accounts::StoredAccount;
use crate::passports::issue_passport;
use crate::pieces::{PieceId, PieceStatus};
use crate::provenance::{DocumentStore, PassportStore};
use crate::provenance::{DocumentUnderReview, Notary, ReviewOutcome};
use crate::shared::Next;
use crate::store::Catalogue;
use crate::studio::StudioStore;
use crate::studio::service::save_revised;

pub struct EvidenceReview<'a> {
    pub documents: &'a dyn DocumentStore,
    pub studio: &'a dyn StudioStore,
    pub outbox: &'a dyn Outbox,
    /// What the passport of a reviewed piece is issued from.
    pub catalogue: &'a dyn Catalogue,
    pub passports: &'a dyn PassportStore,
    pub notary: &'a dyn Notary,
    /// The public site, for the URLs passports and emails name.
    pub site: &'a str,
    pub now: jiff::Timestamp,
}

/// The disclosure's digest, for the review form to say which version it judged.
fn fingerprint(disclosure: &crate::provenance::Disclosure) -> String {
    use sha2::{Digest, Sha256};
    crate::shared::hex(&Sha256::digest(
        serde_json::to_string(disclosure)
            .unwrap_or_default()
            .as_bytes(),
    ))
}

fn awaiting(found: DocumentUnderReview) -> Option<(AwaitingReview, DocumentUnderReview)> {
    let claims = found.disclosure.awaiting_review(&found.document.sha256);
    (!claims.is_empty()).then(|| {
        (
            AwaitingReview {
                piece: found.piece.0,
                piece_slug: found.piece_slug.clone(),
                piece_title: found.piece_title.clone(),
                maker_name: found.maker_name.clone(),
                document: found.document.clone(),
                claims,
            },
            found,
        )
    })
}

impl EvidenceReview<'_> {
    /// Documents with claims no operator has reviewed, oldest first; reviewed
    /// documents of the same pieces are read past, a page at a time.
    pub async fn queue(&self) -> Result<Vec<AwaitingReview>, ServiceError> {
        let mut queue = Vec::new();
        let mut offset = 0;
        loop {
            let page = self
                .documents
                .documents_for_review(REVIEW_QUEUE_LENGTH, offset)
                .await?;
            let full = page.len() == REVIEW_QUEUE_LENGTH as usize;
            offset += REVIEW_QUEUE_LENGTH;
            queue.extend(page.into_iter().filter_map(awaiting).map(|(item, _)| item));
            if !full || queue.len() >= REVIEW_QUEUE_LENGTH as usize {
                queue.truncate(REVIEW_QUEUE_LENGTH as usize);
                return Ok(queue);
            }
        }
    }

    /// A document to review; "not found" once nothing on it awaits review.
    pub async fn sheet(&self, piece: PieceId, sha256: &str) -> Result<ReviewSheet, ServiceError> {
        let (item, found) = self.awaiting(piece, sha256).await?;
        Ok(ReviewSheet {
            item,
            fingerprint: fingerprint(&found.disclosure),
            disclosure: found.disclosure,
        })
    }

    async fn awaiting(
        &self,
        piece: PieceId,
        sha256: &str,
    ) -> Result<(AwaitingReview, DocumentUnderReview), ServiceError> {
        if !crate::provenance::is_digest(sha256) {
            return Err(ServiceError::NotFound);
        }
        self.documents
            .document_for_review(piece, sha256)
            .await?
            .and_then(awaiting)
            .ok_or(ServiceError::NotFound)
    }

    /// Applies the operator's findings — one for every claim awaiting review —
    /// to the piece, re-issues a published piece's passport and tells the maker.
    pub async fn review(
        &self,
        operator: &StoredAccount,
        piece: PieceId,
        sha256: &str,
        findings: &[ClaimFinding],
        seen: &str,
        note: &str,
    ) -> Result<Next, ServiceError> {
        let note = note.trim();
        if note.chars().count() > MAX_REVIEW_NOTE_CHARS {
            return Err(ServiceError::Invalid(format!(
                "Please keep the note to the maker under {MAX_REVIEW_NOTE_CHARS} characters."
            )));
        }
        let (item, found) = self.awaiting(piece, sha256).await?;
        if self
            .studio
            .studio_of(operator.id)
            .await?
            .is_some_and(|studio| studio.id == found.maker)
        {
            return Err(ServiceError::Forbidden);
        }
        let changed = || {
            ServiceError::Conflict(
                "The maker changed this piece's claims since the page was opened. Please review the document again.".into(),
            )
        };
        if seen != fingerprint(&found.disclosure) {
            return Err(changed());
        }
        let on = self
            .now
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .to_string();
        let by = operator.display_name.as_str().to_owned();
        let mut outcomes = Vec::with_capacity(item.claims.len());
        for claim in &item.claims {
            let finding = findings.iter().find(|f| f.path == claim.path);
            let outcome = match finding.map(|f| f.outcome.as_str()) {
                Some("verified") => ReviewOutcome::Verified {
                    by: by.clone(),
                    on: on.clone(),
                },
                Some("not-shown") => ReviewOutcome::NotShown,
                _ => {
                    return Err(ServiceError::Invalid(format!(
                        "Please say, for every claim, whether the document shows it (“{}” has no answer).",
                        claim.label
                    )));
                }
            };
            outcomes.push((claim.path.clone(), outcome));
        }
        if let Some(stale) = findings
            .iter()
            .find(|f| !item.claims.iter().any(|c| c.path == f.path))
        {
            tracing::info!(path = %stale.path.chars().take(80).collect::<String>(), "review names a claim not awaiting review");
            return Err(changed());
        }

        let saved = self
            .studio
            .studio_piece(found.maker, piece)
            .await?
            .ok_or(ServiceError::NotFound)?;
        // The findings are about the claims as the operator saw them: a save of
        // anything else (the title, a photo) meanwhile keeps them, a changed
        // claim sends the operator back to the document.
        let saved = save_revised(self.studio, found.maker, saved, self.now, |saved| {
            if saved.edit.disclosure != found.disclosure {
                return Err(changed());
            }
            let mut edit = saved.edit.clone();
            edit.disclosure.reviewed(sha256, &outcomes);
            Ok(Some(edit))
        })
        .await?;
        let passport = if saved.status == PieceStatus::Published {
            issue_passport(
                self.catalogue,
                self.passports,
                self.notary,
                saved.slug.as_str(),
                self.site,
                self.now,
            )
            .await?
        } else {
            None
        };

        let verified = outcomes
            .iter()
            .filter(|(_, outcome)| matches!(outcome, ReviewOutcome::Verified { .. }))
            .count();
        let returned = outcomes.len() - verified;
        if let Some(email) = &found.maker_email {
            let (subject, body) = self.mail_to_maker(&item, &outcomes, note, &by);
            self.outbox
                .queue_mail(email, &subject, &body, self.now)
                .await?;
        }
        let mut notice = format!(
            "Reviewed “{}” for “{}”: {} verified, {} back to the maker's word.",
            item.document.file_name,
            item.piece_title,
            claims(verified),
            claims(returned)
        );
        if let Some((_, version)) = passport {
            notice.push_str(&format!(
                " Its provenance passport is now at version {version}."
            ));
        }
        Ok(Next {
            path: "/operator/evidence".into(),
            form: "evidence-review",
            notice: Some(notice),
        })
    }

    fn mail_to_maker(
        &self,
        item: &AwaitingReview,
        outcomes: &[(String, ReviewOutcome)],
        note: &str,
        by: &str,
    ) -> (String, String) {
        let label = |path: &str| {
            item.claims
                .iter()
                .find(|c| c.path == path)
                .map(|c| c.label.clone())
                .unwrap_or_default()
        };
        let mut body = format!(
            "Hello {},\n\n{by} at Touchstone has checked the document “{}” you attached to “{}”.\n\n",
            item.maker_name, item.document.file_name, item.piece_title
        );
        for (path, outcome) in outcomes {
            let finding = match outcome {
                ReviewOutcome::Verified { .. } => {
                    "verified: buyers now see it as checked by Touchstone"
                }
                ReviewOutcome::NotShown => {
                    "not shown by this document: it rests on your word again; attach a document that shows it"
                }
            };
            body.push_str(&format!("- {}: {finding}\n", label(path)));
        }
        if !note.is_empty() {
            body.push_str(&format!("\nA note from {by}:\n{note}\n"));
        }
        body.push_str(&format!(
            "\nThe piece in your studio: {}/studio/pieces/{}#evidence\n",
            self.site, item.piece
        ));
        (
            format!("Your evidence for “{}” was reviewed", item.piece_title),
            body,
        )
    }
}

fn claims(count: usize) -> String {
    if count == 1 {
        "1 claim".to_owned()
    } else {
        format!("{count} claims")
    }
}
