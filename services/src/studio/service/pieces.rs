//! A maker's pieces: drafts, edits, publishing, duplicates and deletion.

use super::{Studio, save_revised};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::passports::{PassportSubject, issue_passport, issue_version};
use crate::pieces::{PieceId, PieceStatus};
use crate::provenance::{
    ListingText, PassportCommission, PassportMaker, PassportPiece, Severity, check,
};
use crate::shared::{ImageRef, Next, Slug};
use crate::store::{Conflict, StoreError};
use crate::studio::{
    CommissionId, MAX_TITLE_CHARS, PieceEdit, PieceForm, StudioMaker, StudioPiece, StudioStore,
    revise,
};

pub(super) fn editor(piece: PieceId) -> String {
    format!("/studio/pieces/{}", piece.0)
}

/// What keeps a piece from being shown to buyers, in the words of its fix.
pub fn publishing_problems(piece: &StudioPiece) -> Vec<String> {
    let edit = &piece.edit;
    let mut problems = Vec::new();
    if piece.photos.is_empty() {
        problems.push("Add at least one photo.".to_owned());
    }
    let undescribed = piece
        .photos
        .iter()
        .filter(|p| p.alt.trim().is_empty())
        .count();
    if undescribed > 0 {
        problems.push(format!(
            "Describe every photo for people who can't see it ({undescribed} without a description)."
        ));
    }
    if edit.description.trim().is_empty() {
        problems.push("Write a description.".to_owned());
    }
    if edit.disclosure.metals.is_empty() {
        problems.push("Say which metal the piece is made of.".to_owned());
    }
    let text = ListingText {
        title: &edit.title,
        description: &edit.description,
    };
    problems.extend(
        check(&edit.disclosure, &text)
            .into_iter()
            .filter(|finding| finding.severity == Severity::Refusal)
            .map(|finding| finding.message),
    );
    problems
}

fn kept_private() -> ServiceError {
    ServiceError::Invalid(
        "This piece was made for a client's commission, so it stays private unless your \
         client agrees that you may show it. They can say so on the commission's page."
            .into(),
    )
}

pub(super) fn refused_publication(problems: &[String]) -> ServiceError {
    ServiceError::Invalid(format!(
        "Not published yet — please fix this first: {}",
        problems.join(" ")
    ))
}

/// A draft with a fresh address: the title's slug, numbered when taken. A
/// commission's finished piece is linked to it in the same write.
pub async fn create_draft(
    studio: &dyn StudioStore,
    maker: &StudioMaker,
    edit: &PieceEdit,
    photos: &[ImageRef],
    commission: Option<CommissionId>,
    now: jiff::Timestamp,
) -> Result<PieceId, ServiceError> {
    let base = Slug::from_title(&edit.title)
        .or_else(|_| Slug::from_title(&format!("piece by {}", maker.display_name)))
        .map_err(|_| ServiceError::Invalid("Please give the piece a title in words.".into()))?;
    for attempt in 1..=20_u32 {
        let candidate = if attempt == 1 {
            base.clone()
        } else {
            let stem: String = base.as_str().chars().take(Slug::MAX_LEN - 4).collect();
            Slug::parse(&format!("{}-{attempt}", stem.trim_end_matches('-')))
                .map_err(ServiceError::internal)?
        };
        match studio
            .create_draft(maker.id, &candidate, edit, photos, commission, now)
            .await
        {
            Ok(id) => return Ok(id),
            Err(StoreError::Duplicate(Conflict::PieceAddress)) => continue,
            Err(StoreError::Duplicate(Conflict::FinishedPiece)) => {
                return Err(ServiceError::Conflict(
                    "This commission's finished piece is written up already.".into(),
                ));
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(ServiceError::Conflict(
        "Many pieces already have that title. Please choose a more distinctive one.".into(),
    ))
}

/// What the passport of a piece nobody may see yet says: it names the passport
/// itself, as the piece has no public page.
pub fn private_passport_subject(
    piece: &StudioPiece,
    maker: PassportMaker,
    passport: String,
    site: &str,
    commission: Option<PassportCommission>,
) -> PassportSubject {
    PassportSubject {
        piece_id: piece.id,
        piece: PassportPiece {
            slug: piece.slug.as_str().to_owned(),
            title: piece.edit.title.clone(),
            url: format!("{site}/passport/{passport}"),
            maker,
        },
        new_id: passport,
        disclosure: piece.edit.disclosure.clone(),
        commission,
    }
}

impl Studio<'_> {
    async fn create_draft(
        &self,
        maker: &StudioMaker,
        edit: &PieceEdit,
        photos: &[ImageRef],
    ) -> Result<PieceId, ServiceError> {
        create_draft(self.studio, maker, edit, photos, None, self.now).await
    }

    pub async fn new_piece(
        &self,
        account: &StoredAccount,
        title: &str,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        let title = title.trim();
        let chars = title.chars().count();
        if chars == 0 || chars > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
            return Err(ServiceError::Invalid(format!(
                "Please give the piece a title of at most {} characters.",
                MAX_TITLE_CHARS
            )));
        }
        let edit = PieceEdit::untitled(title.to_owned(), &maker.display_name, maker.country);
        let id = self.create_draft(&maker, &edit, &[]).await?;
        Ok(Next {
            path: editor(id),
            form: "piece",
            notice: Some("Draft created. Describe the piece and add photos.".into()),
        })
    }

    /// The piece as its maker's editor shows it. Until it is published its photos
    /// are private, so they carry passes to load them.
    pub async fn piece(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<StudioPiece, ServiceError> {
        let mut piece = self.own_piece(account, piece).await?.1;
        if piece.status != PieceStatus::Published {
            let pass = crate::MediaPass::of(self.notary);
            for photo in &mut piece.photos {
                pass.grant(photo, self.now);
            }
        }
        Ok(piece)
    }

    pub async fn save_piece(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        form: &PieceForm,
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let typed = form.parse().map_err(ServiceError::Invalid)?;
        let saved = save_revised(self.studio, maker.id, saved, self.now, |saved| {
            let mut edit = typed.clone();
            edit.disclosure = revise(Some(&saved.edit.disclosure), edit.disclosure);
            if saved.status == PieceStatus::Published {
                let problems = publishing_problems(&StudioPiece {
                    edit: edit.clone(),
                    ..saved.clone()
                });
                if !problems.is_empty() {
                    return Err(ServiceError::Invalid(format!(
                        "This piece is published, so buyers must be able to rely on it; nothing \
                         was saved. {} (To save it unfinished, move it back to drafts first.)",
                        problems.join(" ")
                    )));
                }
            }
            Ok(Some(edit))
        })
        .await?;
        let published = saved.status == PieceStatus::Published;
        let mut notice = "Saved.".to_owned();
        let renewed = if published {
            self.passport(&saved.slug).await?
        } else {
            self.private_passport(&maker, piece).await?
        };
        if let Some((_, version)) = renewed {
            notice = format!("Saved. The provenance passport is now at version {version}.");
        }
        Ok(Next {
            path: editor(piece),
            form: "piece",
            notice: Some(notice),
        })
    }

    pub(super) async fn passport(
        &self,
        slug: &Slug,
    ) -> Result<Option<(String, u32)>, ServiceError> {
        issue_passport(
            self.catalogue,
            self.passports,
            self.notary,
            slug.as_str(),
            self.site,
            self.now,
        )
        .await
        .map_err(ServiceError::from)
    }

    /// The next version of the passport of an unpublished piece that has one (a
    /// commission's finished piece, kept private), so it says what the piece is now.
    async fn private_passport(
        &self,
        maker: &StudioMaker,
        piece: PieceId,
    ) -> Result<Option<(String, u32)>, ServiceError> {
        let Some(piece) = self.studio.studio_piece(maker.id, piece).await? else {
            return Ok(None);
        };
        let Some(passport) = piece.passport.clone() else {
            return Ok(None);
        };
        let maker = PassportMaker {
            name: maker.display_name.clone(),
            slug: maker.slug.as_str().to_owned(),
        };
        let subject = private_passport_subject(&piece, maker, passport, self.site, None);
        Ok(issue_version(self.passports, self.notary, subject, self.now).await?)
    }

    /// `publish`, `unpublish` (back to drafts), `archive` or `restore` (to drafts).
    pub async fn change_status(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        action: &str,
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let (status, notice) = match action {
            "publish" => {
                if saved.commissioned.is_some_and(|c| !c.shown_by_buyer) {
                    return Err(kept_private());
                }
                let problems = publishing_problems(&saved);
                if !problems.is_empty() {
                    return Err(refused_publication(&problems));
                }
                let mut notice = format!("Published at /pieces/{}.", saved.slug);
                if !maker.published {
                    notice.push_str(" Buyers will see it once you publish your profile.");
                }
                (PieceStatus::Published, notice)
            }
            "unpublish" | "restore" => (
                PieceStatus::Draft,
                "Moved to drafts: buyers no longer see it.".to_owned(),
            ),
            "archive" => (
                PieceStatus::Archived,
                "Archived: buyers no longer see it; its passport stays valid.".to_owned(),
            ),
            _ => {
                return Err(ServiceError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        if !self
            .studio
            .set_piece_status(maker.id, piece, status, self.now)
            .await?
        {
            // The buyer changed their mind since the page was read.
            return Err(if saved.commissioned.is_some() {
                kept_private()
            } else {
                ServiceError::NotFound
            });
        }
        if status == PieceStatus::Published {
            self.passport(&saved.slug).await?;
        }
        Ok(Next {
            path: editor(piece),
            form: "piece",
            notice: Some(notice),
        })
    }

    /// A new draft with the same listing, disclosure and photos. The copy is another
    /// object: what documents and verifications established about the original
    /// (its hallmark, a stone's report) is not carried over.
    pub async fn duplicate(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let mut edit = saved.edit;
        let title: String = format!("Copy of {}", edit.title)
            .chars()
            .take(MAX_TITLE_CHARS)
            .collect();
        edit.title = title;
        let disclosure = &mut edit.disclosure;
        for metal in &mut disclosure.metals {
            metal.hallmark = None;
            metal.scheme = None;
        }
        for stone in &mut disclosure.stones {
            stone.report = None;
            stone.warranty = None;
        }
        disclosure.forget_evidence();
        let id = self.create_draft(&maker, &edit, &saved.photos).await?;
        Ok(Next {
            path: editor(id),
            form: "piece",
            notice: Some("This is the copy, saved as a draft.".into()),
        })
    }

    pub async fn delete(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        if saved.passport.is_some() || saved.published_on.is_some() {
            return Err(ServiceError::Conflict(
                "A piece that has been published keeps its provenance passport for whoever \
                 owns it, so it can't be deleted. Archive it instead: buyers won't see it."
                    .into(),
            ));
        }
        if !self.studio.delete_draft(maker.id, piece).await? {
            return Err(ServiceError::NotFound);
        }
        Ok(Next {
            path: "/studio".into(),
            form: "studio",
            notice: Some(format!("“{}” is deleted.", saved.edit.title)),
        })
    }
}
