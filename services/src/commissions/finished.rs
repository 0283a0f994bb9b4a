//! The finished piece: the maker writes it up in their studio (prefilled from
//! the signed agreement), issues its provenance passport — linking the
//! agreement's digest and every progress picture's — and it stays private to
//! the buyer unless the buyer agrees that the maker may show it.

use super::desk::CommissionDesk;
use super::letters;
use super::{
    Action, AgreementCheck, AgreementDocument, CommissionRecord, FinishedPiece, FinishedPieceView,
    Party, Stage, StepRecord,
};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::passports::issue_version;
use crate::provenance::{PassportCommission, PassportMaker, PassportProgress, private_passport_id};
use crate::shared::Next;
use crate::studio::commissioned_piece;
use crate::studio::service::{create_draft, private_passport_subject, publishing_problems};

/// What a person can do about the finished piece from the commission's page.
pub const PIECE_ACTIONS: [&str; 5] = [
    "write-up",
    "issue-passport",
    "show",
    "keep-private",
    "consent-work",
];

fn editor(finished: &FinishedPiece) -> Next {
    Next {
        path: format!("/studio/pieces/{}", finished.piece.0),
        form: "piece",
        notice: Some(
            "This is the commission's finished piece, private to your client. Check what the \
             agreement filled in, add photos of the piece, then issue its passport from the \
             commission's page."
                .into(),
        ),
    }
}

fn to_page(record: &CommissionRecord, notice: String) -> Next {
    Next {
        path: format!("/commissions/{}#finished-piece", record.id.0),
        form: "commission",
        notice: Some(notice),
    }
}

fn passport_maker(record: &CommissionRecord) -> PassportMaker {
    PassportMaker {
        name: record.maker_name.clone(),
        slug: record.maker_slug.clone(),
    }
}

/// The document of an agreement that was read back: stored agreements are
/// always written whole, so one that can't be read is an internal fault.
fn agreed_document(check: &AgreementCheck) -> Result<&AgreementDocument, ServiceError> {
    check
        .document
        .as_ref()
        .ok_or_else(|| ServiceError::internal("a stored agreement can't be read"))
}

/// The piece is made once the maker has marked it ready; a cancelled
/// commission made nothing to write up.
fn made(stage: Stage) -> bool {
    matches!(stage, Stage::Ready | Stage::Dispatched | Stage::Completed)
}

/// The making's record a passport carries: the agreement's digest and date,
/// the design's pictures and every progress update's, by SHA-256, and the
/// client's own materials when the custody log holds any.
pub fn making_record(
    agreement_digest: &str,
    agreed_at: &str,
    design_pictures: Vec<String>,
    steps: &[StepRecord],
    custody: Option<crate::provenance::PassportCustody>,
) -> PassportCommission {
    PassportCommission {
        custody,
        agreement_sha256: agreement_digest.to_owned(),
        agreed_on: agreed_at.chars().take(10).collect(),
        design_pictures,
        progress: steps
            .iter()
            .filter(|step| matches!(step.action, Action::PostProgress))
            .map(|step| PassportProgress {
                on: step.at.strftime("%Y-%m-%d").to_string(),
                pictures: step.pictures.iter().map(|p| p.sha256.clone()).collect(),
            })
            .collect(),
    }
}

impl CommissionDesk<'_> {
    /// One of `PIECE_ACTIONS`, by the side it belongs to.
    pub async fn finished_piece(
        &self,
        viewer: Option<&StoredAccount>,
        raw_id: &str,
        action: &str,
    ) -> Result<Next, ServiceError> {
        let (record, party) = self.seen_by(raw_id, viewer).await?;
        let owner = match action {
            "write-up" | "issue-passport" => Party::Maker,
            "show" | "keep-private" | "consent-work" => Party::Buyer,
            _ => {
                return Err(ServiceError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        if party != owner {
            return Err(ServiceError::Forbidden);
        }
        match action {
            "write-up" => self.write_up(&record, viewer).await,
            "issue-passport" => self.issue_piece_passport(&record).await,
            "consent-work" => self.consent_work(&record).await,
            _ => self.show(&record, action == "show").await,
        }
    }

    async fn write_up(
        &self,
        record: &CommissionRecord,
        maker: Option<&StoredAccount>,
    ) -> Result<Next, ServiceError> {
        if let Some(finished) = self.commissions.finished_piece(record.id).await? {
            return Ok(editor(&finished));
        }
        let refused = || {
            ServiceError::Invalid(
                "The finished piece is written up once the design is agreed, and not after a \
                 cancellation."
                    .into(),
            )
        };
        if record.state.stage == Stage::Cancelled {
            return Err(refused());
        }
        let (_, check) = self.signed_agreement(record).await?.ok_or_else(refused)?;
        let document = agreed_document(&check)?;
        let studio = match maker {
            Some(maker) => self.studios.studio_of(maker.id).await?,
            None => None,
        }
        .filter(|studio| studio.id == record.maker)
        .ok_or(ServiceError::Forbidden)?;
        let edit = commissioned_piece(document, &studio.display_name, studio.country);
        let created =
            create_draft(self.studios, &studio, &edit, &[], Some(record.id), self.now).await;
        // A double click wrote it once: both land on the same piece.
        match (created, self.commissions.finished_piece(record.id).await?) {
            (_, Some(finished)) => Ok(editor(&finished)),
            (Err(error), None) => Err(error),
            (Ok(_), None) => Err(ServiceError::internal("the finished piece was not kept")),
        }
    }

    /// The owner's link letting a maker (any maker on Touchstone) record work on
    /// the piece — a resizing, a repair — as a new version of its passport.
    async fn consent_work(&self, record: &CommissionRecord) -> Result<Next, ServiceError> {
        let no_passport = || {
            ServiceError::Invalid("The piece has no passport yet: it comes once it is made.".into())
        };
        let finished = self
            .commissions
            .finished_piece(record.id)
            .await?
            .ok_or_else(no_passport)?;
        let latest = self
            .passports
            .latest_passport(finished.piece.0)
            .await?
            .ok_or_else(no_passport)?;
        let token = crate::provenance::work_consent(self.notary, &latest.id, self.now);
        Ok(to_page(
            record,
            format!(
                "Give this link to the maker who will work on the piece: for {} days it lets \
                 them record the work on its passport. {}/passport/{}/work?consent={token}",
                crate::provenance::WORK_CONSENT_DAYS,
                self.site,
                latest.id
            ),
        ))
    }

    async fn issue_piece_passport(&self, record: &CommissionRecord) -> Result<Next, ServiceError> {
        let finished = self
            .commissions
            .finished_piece(record.id)
            .await?
            .ok_or_else(|| {
                ServiceError::Invalid("Please write up the finished piece first.".into())
            })?;
        if !made(record.state.stage) {
            return Err(ServiceError::Invalid(
                "The passport is issued once the piece is made: mark it ready first.".into(),
            ));
        }
        let piece = self
            .studios
            .studio_piece(record.maker, finished.piece)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let problems = publishing_problems(&piece);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(format!(
                "The passport isn't issued yet: buyers and insurers rely on it, so please fix \
                 this in the piece's editor first: {}",
                problems.join(" ")
            )));
        }
        let (stored, check) = self
            .signed_agreement(record)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let document = agreed_document(&check)?;
        let steps = self.commissions.commission_steps(record.id).await?;
        let custody = self.custody.custody_log(record.id).await?;
        let making = making_record(
            &check.digest,
            &document.agreed_at,
            document.design_pictures.clone(),
            &steps,
            super::CustodyCheck::of(record.id, &custody, self.notary).passport_record(),
        );
        let mut subject = private_passport_subject(
            &piece,
            passport_maker(record),
            private_passport_id(piece.id, &stored.signature),
            self.site,
            Some(making),
        );
        if finished.published {
            // Shown in the portfolio: this version names the public page.
            subject.piece.url = format!("{}/pieces/{}", self.site, finished.slug);
        }
        let issued = issue_version(self.passports, self.notary, subject, self.now).await?;
        let Some((id, version)) = issued else {
            return Ok(to_page(
                record,
                "The passport already says all this: nothing new was issued.".into(),
            ));
        };
        let link = format!("{}/passport/{id}", self.site);
        self.send(
            record.email_of(Party::Buyer),
            letters::passport_issued(record, version, &link),
        )
        .await?;
        Ok(to_page(
            record,
            format!("The passport is issued (version {version}) at /passport/{id}."),
        ))
    }

    async fn show(&self, record: &CommissionRecord, shown: bool) -> Result<Next, ServiceError> {
        let finished = self
            .commissions
            .finished_piece(record.id)
            .await?
            .ok_or_else(|| {
                ServiceError::Invalid(format!(
                    "{} hasn't written up the finished piece yet.",
                    record.maker_name
                ))
            })?;
        self.commissions
            .show_finished_piece(record.id, shown, self.now)
            .await?;
        if !shown
            && finished.published
            && let Some((passport, _)) = &finished.passport
        {
            // Its newest passport version named the page that is gone now.
            if let Some(piece) = self
                .studios
                .studio_piece(record.maker, finished.piece)
                .await?
            {
                let subject = private_passport_subject(
                    &piece,
                    passport_maker(record),
                    passport.clone(),
                    self.site,
                    None,
                );
                issue_version(self.passports, self.notary, subject, self.now).await?;
            }
        }
        Ok(to_page(
            record,
            if shown {
                format!(
                    "{} may show the piece in their portfolio; it appears there once they \
                     publish it.",
                    record.maker_name
                )
            } else {
                format!(
                    "The piece is private: {} may not show it.",
                    record.maker_name
                )
            },
        ))
    }

    /// The finished piece as the commission's page shows it to `party`.
    pub(super) async fn finished_view(
        &self,
        record: &CommissionRecord,
        party: Party,
    ) -> Result<FinishedPieceView, ServiceError> {
        let finished = self.commissions.finished_piece(record.id).await?;
        let agreed = record.state.agreement.is_some() && record.state.stage != Stage::Cancelled;
        Ok(FinishedPieceView {
            may_write_up: party == Party::Maker && agreed && finished.is_none(),
            editor: finished
                .as_ref()
                .filter(|_| party == Party::Maker)
                .map(|finished| format!("/studio/pieces/{}", finished.piece.0)),
            may_issue_passport: party == Party::Maker
                && finished.is_some()
                && made(record.state.stage),
            passport: finished.as_ref().and_then(|f| f.passport.clone()),
            written_up: finished.is_some(),
            shown_by_buyer: finished.as_ref().is_some_and(|f| f.shown_by_buyer),
            published: finished
                .as_ref()
                .filter(|f| f.published)
                .map(|f| format!("/pieces/{}", f.slug)),
        })
    }
}
