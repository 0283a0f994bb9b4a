//! The documents that back a piece's claims.

use super::pieces::editor;
use super::{Studio, save_revised};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::makers::MakerId;
use crate::pieces::{PieceId, PieceStatus};
use crate::provenance::{Disclosure, DocumentChange, EvidenceDocument, MAX_DOCUMENTS, NewDocument};
use crate::shared::Next;
use crate::studio::{StudioMaker, StudioPiece};

impl Studio<'_> {
    /// The piece's evidence documents; none for another maker's piece (the store
    /// filters by maker, so the piece itself needn't be loaded again).
    pub async fn documents(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<Vec<EvidenceDocument>, ServiceError> {
        let maker = self.maker(account).await?;
        self.documents
            .piece_documents(maker.id, piece)
            .await
            .map_err(ServiceError::from)
    }

    /// Checks that a document may be attached to this maker's piece before its
    /// file is read; the maker's storage is what it will count towards.
    pub async fn may_attach_document(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<MakerId, ServiceError> {
        let (maker, _) = self.own_piece(account, piece).await?;
        let documents = self.documents.piece_documents(maker.id, piece).await?;
        if documents.len() >= MAX_DOCUMENTS {
            return Err(ServiceError::Invalid(format!(
                "A piece holds at most {MAX_DOCUMENTS} documents. Remove one first."
            )));
        }
        Ok(maker.id)
    }

    /// Stores the document and makes the claims at `claims` rest on it.
    pub async fn attach_document(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        document: &NewDocument,
        claims: &[String],
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let back = |disclosure: &mut Disclosure| {
            disclosure.back_by_document(claims, &document.sha256, document.public)
        };
        let backed = back(&mut saved.edit.disclosure.clone());
        if backed == 0 {
            return Err(ServiceError::Invalid(
                "Please tick the claims this document backs. Nothing was added.".into(),
            ));
        }
        if !self
            .documents
            .add_document(maker.id, piece, document, self.now)
            .await?
        {
            return Err(ServiceError::NotFound);
        }
        let claims = if backed == 1 {
            "1 claim now rests".to_owned()
        } else {
            format!("{backed} claims now rest")
        };
        let notice = format!(
            "Document added: {claims} on it{}.",
            if document.public {
                ", and buyers can open it"
            } else {
                " (kept private: buyers see that a document exists, not the document)"
            }
        );
        self.save_evidence(&maker, saved, notice, |disclosure| {
            back(disclosure);
        })
        .await
    }

    /// `public`, `private` or `remove`: what buyers see of a document, or whether
    /// the claims it backs rest on it at all.
    pub async fn change_document(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        sha256: &str,
        action: &str,
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let (change, notice) = match action {
            "public" => (
                DocumentChange::Shown(true),
                "Buyers can open this document now.",
            ),
            "private" => (
                DocumentChange::Shown(false),
                "This document is private now: buyers see that it exists, not the document.",
            ),
            "remove" => (
                DocumentChange::Withdrawn,
                "Document removed: the claims it backed rest on your word again.",
            ),
            _ => {
                return Err(ServiceError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        let found = match change {
            DocumentChange::Withdrawn => {
                self.documents
                    .remove_document(maker.id, piece, sha256)
                    .await
            }
            DocumentChange::Shown(public) => {
                self.documents
                    .set_document_public(maker.id, piece, sha256, public)
                    .await
            }
        }?;
        if !found {
            return Err(ServiceError::NotFound);
        }
        self.save_evidence(&maker, saved, notice.to_owned(), |disclosure| {
            disclosure.rebacked(sha256, change);
        })
        .await
    }

    /// Saves the change `rebacked` makes to the claims' evidence; a published
    /// piece's passport follows, so buyers holding it see the new evidence.
    pub(super) async fn save_evidence<F>(
        &self,
        maker: &StudioMaker,
        saved: StudioPiece,
        mut notice: String,
        rebacked: F,
    ) -> Result<Next, ServiceError>
    where
        F: Fn(&mut Disclosure),
    {
        let piece = PieceId(saved.id);
        let saved = save_revised(self.studio, maker.id, saved, self.now, |saved| {
            let mut edit = saved.edit.clone();
            rebacked(&mut edit.disclosure);
            Ok((edit.disclosure != saved.edit.disclosure).then_some(edit))
        })
        .await?;
        if saved.status == PieceStatus::Published
            && let Some((_, version)) = self.passport(&saved.slug).await?
        {
            notice.push_str(&format!(
                " The provenance passport is now at version {version}."
            ));
        }
        Ok(Next {
            path: format!("{}#evidence", editor(piece)),
            form: "piece",
            notice: Some(notice),
        })
    }
}
