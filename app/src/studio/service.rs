//! The studio's rules, in plain Rust the server functions call and tests reach:
//! who may do what to which piece, and what a piece needs before buyers see it.

use super::{
    MAX_ALT_CHARS, MAX_PHOTOS, MakerEdit, PhotoRow, PieceEdit, PieceForm, PieceUpdate, ProfileForm,
    StudioMaker, StudioMakerView, StudioOverview, StudioPiece, revise,
};
use crate::accounts::StoredAccount;
use crate::error::AppError;
use crate::makers::MakerId;
use crate::pieces::{PieceId, PieceStatus};
use crate::provenance::{
    Disclosure, DocumentChange, EvidenceDocument, ListingText, MAX_DOCUMENTS, NewDocument, Notary,
    Severity, check, issue_passport,
};
use crate::shared::{ImageRef, Next, Slug};
use crate::store::{Store, StoreError};

pub struct Studio<'a> {
    pub store: &'a dyn Store,
    pub notary: &'a dyn Notary,
    /// The public site, for the URLs passports name.
    pub site: &'a str,
    pub now: jiff::Timestamp,
}

fn stored(error: StoreError) -> AppError {
    AppError::internal(error)
}

/// Saves the edit `revise` makes of a piece. When someone saved the piece since
/// it was read (an operator's review, the maker in another window), the edit is
/// made again from the piece as it is now, so neither save undoes the other.
/// `revise` answers `None` when there is nothing to save. Gives the piece as
/// it was when the edit was made of it.
pub async fn save_revised<F>(
    store: &dyn Store,
    maker: MakerId,
    mut saved: StudioPiece,
    now: jiff::Timestamp,
    revise: F,
) -> Result<StudioPiece, AppError>
where
    F: Fn(&StudioPiece) -> Result<Option<PieceEdit>, AppError>,
{
    /// Beyond this, someone is saving the piece over and over: let them finish.
    const ATTEMPTS: usize = 3;
    let piece = PieceId(saved.id);
    for _ in 0..ATTEMPTS {
        let Some(edit) = revise(&saved)? else {
            return Ok(saved);
        };
        match store
            .update_piece(maker, piece, saved.revision, &edit, now)
            .await
            .map_err(stored)?
        {
            PieceUpdate::Saved => return Ok(saved),
            PieceUpdate::NotFound => return Err(AppError::NotFound),
            PieceUpdate::ChangedMeanwhile => {
                saved = store
                    .studio_piece(maker, piece)
                    .await
                    .map_err(stored)?
                    .ok_or(AppError::NotFound)?;
            }
        }
    }
    Err(AppError::Conflict(
        "This piece is being saved from somewhere else right now, so nothing was saved. \
         Please try again in a moment."
            .into(),
    ))
}

fn editor(piece: PieceId) -> String {
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

fn refused_publication(problems: &[String]) -> AppError {
    AppError::Invalid(format!(
        "Not published yet — please fix this first: {}",
        problems.join(" ")
    ))
}

/// Where an upload of photos to a piece goes, checked before any file is read.
pub struct PhotoRoom {
    /// Whose storage the photos count towards.
    pub maker: MakerId,
    /// How many more photos the piece takes.
    pub free: usize,
    /// A published piece's photos are public; a draft's stay private until then.
    pub published: bool,
}

impl Studio<'_> {
    /// The account's studio; refused in words when it has none yet.
    pub async fn maker(&self, account: &StoredAccount) -> Result<StudioMaker, AppError> {
        self.store
            .studio_of(account.id)
            .await
            .map_err(stored)?
            .ok_or_else(|| AppError::Invalid("Please open your studio first.".into()))
    }

    /// A piece of the account's studio; another maker's piece is "not found", so
    /// nobody learns which pieces exist.
    async fn own_piece(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<(StudioMaker, StudioPiece), AppError> {
        let maker = self.maker(account).await?;
        let piece = self
            .store
            .studio_piece(maker.id, piece)
            .await
            .map_err(stored)?
            .ok_or(AppError::NotFound)?;
        Ok((maker, piece))
    }

    pub async fn overview(&self, account: &StoredAccount) -> Result<StudioOverview, AppError> {
        let maker = self.store.studio_of(account.id).await.map_err(stored)?;
        let pieces = match &maker {
            Some(maker) => self.store.studio_pieces(maker.id).await.map_err(stored)?,
            None => Vec::new(),
        };
        let name = account.display_name.as_str().to_owned();
        Ok(StudioOverview {
            suggested_slug: Slug::from_title(&name)
                .map(|slug| slug.as_str().to_owned())
                .unwrap_or_default(),
            suggested_name: name,
            maker: maker.map(|maker| StudioMakerView {
                slug: maker.slug,
                display_name: maker.display_name,
                published: maker.published,
            }),
            pieces,
        })
    }

    pub async fn open(
        &self,
        account: &StoredAccount,
        form: &ProfileForm,
    ) -> Result<Next, AppError> {
        let profile = form.parse().map_err(AppError::Invalid)?;
        match self.store.open_studio(account.id, &profile, self.now).await {
            Ok(_) => Ok(Next {
                path: "/studio".into(),
                form: "studio",
                notice: Some(
                    "Your studio is open. Add your pieces, then publish your profile when you're ready."
                        .into(),
                ),
            }),
            Err(StoreError::Duplicate { what: "studio" }) => Err(AppError::Conflict(
                "You already have a studio.".into(),
            )),
            Err(StoreError::Duplicate { .. }) => Err(AppError::Conflict(
                "That web address is taken. Please choose another.".into(),
            )),
            Err(error) => Err(stored(error)),
        }
    }

    pub async fn profile(&self, account: &StoredAccount) -> Result<MakerEdit, AppError> {
        let maker = self.maker(account).await?;
        self.store
            .studio_profile(maker.id)
            .await
            .map_err(stored)?
            .ok_or(AppError::NotFound)
    }

    pub async fn save_profile(
        &self,
        account: &StoredAccount,
        form: &ProfileForm,
    ) -> Result<Next, AppError> {
        let maker = self.maker(account).await?;
        let profile = form.parse().map_err(AppError::Invalid)?;
        if maker.published && (profile.tagline.is_empty() || profile.story.is_empty()) {
            return Err(AppError::Invalid(
                "A published profile needs a tagline and your story.".into(),
            ));
        }
        match self.store.update_profile(maker.id, &profile).await {
            Ok(()) => Ok(Next {
                path: "/studio/profile".into(),
                form: "profile",
                notice: Some("Your profile is saved.".into()),
            }),
            Err(StoreError::Duplicate { .. }) => Err(AppError::Conflict(
                "That web address is taken. Please choose another.".into(),
            )),
            Err(error) => Err(stored(error)),
        }
    }

    /// The profile's portrait, for the profile page.
    pub async fn portrait(&self, account: &StoredAccount) -> Result<Option<ImageRef>, AppError> {
        let maker = self.maker(account).await?;
        self.store.portrait(maker.id).await.map_err(stored)
    }

    /// Checks the description before any file is stored.
    pub fn portrait_description(alt: &str) -> Result<String, AppError> {
        let alt = alt.trim();
        if alt.is_empty() {
            return Err(AppError::Invalid(
                "Please describe the portrait for people who can't see it.".into(),
            ));
        }
        if alt.chars().count() > MAX_ALT_CHARS || alt.chars().any(char::is_control) {
            return Err(AppError::Invalid(format!(
                "A description can be at most {MAX_ALT_CHARS} characters of text."
            )));
        }
        Ok(alt.to_owned())
    }

    pub async fn set_portrait(
        &self,
        account: &StoredAccount,
        portrait: ImageRef,
    ) -> Result<Next, AppError> {
        let maker = self.maker(account).await?;
        self.store
            .set_portrait(maker.id, &portrait)
            .await
            .map_err(stored)?;
        Ok(Next {
            path: "/studio/profile".into(),
            form: "profile",
            notice: Some("Your portrait is saved.".into()),
        })
    }

    pub async fn publish_profile(
        &self,
        account: &StoredAccount,
        publish: bool,
    ) -> Result<Next, AppError> {
        let maker = self.maker(account).await?;
        if publish {
            let profile = self.profile(account).await?;
            if profile.tagline.is_empty() || profile.story.is_empty() {
                return Err(AppError::Invalid(
                    "Add a tagline and your story to your profile before publishing it.".into(),
                ));
            }
        }
        self.store
            .set_profile_published(maker.id, publish.then_some(self.now))
            .await
            .map_err(stored)?;
        if publish {
            // A passport names the public piece page, so pieces published while
            // the profile was private get theirs now.
            for row in self.store.studio_pieces(maker.id).await.map_err(stored)? {
                if row.status == PieceStatus::Published {
                    self.passport(&row.slug).await?;
                }
            }
        }
        Ok(Next {
            path: "/studio".into(),
            form: "studio",
            notice: Some(if publish {
                format!("Your profile is public at /makers/{}.", maker.slug)
            } else {
                "Your profile and pieces are hidden from buyers.".into()
            }),
        })
    }

    /// A draft with a fresh address: the title's slug, numbered when taken.
    async fn create_draft(
        &self,
        maker: &StudioMaker,
        edit: &PieceEdit,
        photos: &[ImageRef],
    ) -> Result<PieceId, AppError> {
        let base = Slug::from_title(&edit.title)
            .or_else(|_| Slug::from_title(&format!("piece by {}", maker.display_name)))
            .map_err(|_| AppError::Invalid("Please give the piece a title in words.".into()))?;
        for attempt in 1..=20_u32 {
            let candidate = if attempt == 1 {
                base.clone()
            } else {
                let stem: String = base.as_str().chars().take(Slug::MAX_LEN - 4).collect();
                Slug::parse(&format!("{}-{attempt}", stem.trim_end_matches('-')))
                    .map_err(AppError::internal)?
            };
            match self
                .store
                .create_draft(maker.id, &candidate, edit, photos, self.now)
                .await
            {
                Ok(id) => return Ok(id),
                Err(StoreError::Duplicate { .. }) => continue,
                Err(error) => return Err(stored(error)),
            }
        }
        Err(AppError::Conflict(
            "Many pieces already have that title. Please choose a more distinctive one.".into(),
        ))
    }

    pub async fn new_piece(&self, account: &StoredAccount, title: &str) -> Result<Next, AppError> {
        let maker = self.maker(account).await?;
        let title = title.trim();
        let chars = title.chars().count();
        if chars == 0 || chars > super::MAX_TITLE_CHARS || title.chars().any(char::is_control) {
            return Err(AppError::Invalid(format!(
                "Please give the piece a title of at most {} characters.",
                super::MAX_TITLE_CHARS
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
    ) -> Result<StudioPiece, AppError> {
        let mut piece = self.own_piece(account, piece).await?.1;
        if piece.status != PieceStatus::Published {
            let pass = crate::shared::MediaPass::of(self.notary);
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
    ) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let typed = form.parse().map_err(AppError::Invalid)?;
        let saved = save_revised(self.store, maker.id, saved, self.now, |saved| {
            let mut edit = typed.clone();
            edit.disclosure = revise(Some(&saved.edit.disclosure), edit.disclosure);
            if saved.status == PieceStatus::Published {
                let problems = publishing_problems(&StudioPiece {
                    edit: edit.clone(),
                    ..saved.clone()
                });
                if !problems.is_empty() {
                    return Err(AppError::Invalid(format!(
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
        if published && let Some((_, version)) = self.passport(&saved.slug).await? {
            notice = format!("Saved. The provenance passport is now at version {version}.");
        }
        Ok(Next {
            path: editor(piece),
            form: "piece",
            notice: Some(notice),
        })
    }

    async fn passport(&self, slug: &Slug) -> Result<Option<(String, u32)>, AppError> {
        issue_passport(self.store, self.notary, slug.as_str(), self.site, self.now)
            .await
            .map_err(stored)
    }

    /// `publish`, `unpublish` (back to drafts), `archive` or `restore` (to drafts).
    pub async fn change_status(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        action: &str,
    ) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let (status, notice) = match action {
            "publish" => {
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
                return Err(AppError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        if !self
            .store
            .set_piece_status(maker.id, piece, status, self.now)
            .await
            .map_err(stored)?
        {
            return Err(AppError::NotFound);
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
    ) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let mut edit = saved.edit;
        let title: String = format!("Copy of {}", edit.title)
            .chars()
            .take(super::MAX_TITLE_CHARS)
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

    pub async fn delete(&self, account: &StoredAccount, piece: PieceId) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        if saved.passport.is_some() || saved.published_on.is_some() {
            return Err(AppError::Conflict(
                "A piece that has been published keeps its provenance passport for whoever \
                 owns it, so it can't be deleted. Archive it instead: buyers won't see it."
                    .into(),
            ));
        }
        if !self
            .store
            .delete_draft(maker.id, piece)
            .await
            .map_err(stored)?
        {
            return Err(AppError::NotFound);
        }
        Ok(Next {
            path: "/studio".into(),
            form: "studio",
            notice: Some(format!("“{}” is deleted.", saved.edit.title)),
        })
    }

    /// Saves the photo descriptions and applies `action`: `save`, or
    /// `cover-N`, `earlier-N`, `later-N`, `remove-N` for the N-th photo.
    pub async fn arrange_photos(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        rows: &[PhotoRow],
        action: &str,
    ) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let mut sent: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
        let mut current: Vec<&str> = saved.photos.iter().map(|p| p.key.as_str()).collect();
        sent.sort_unstable();
        current.sort_unstable();
        if sent != current {
            return Err(AppError::Conflict(
                "The photos changed since this page was loaded. Please look again and retry."
                    .into(),
            ));
        }
        let mut photos = Vec::with_capacity(rows.len());
        for (index, row) in rows.iter().enumerate() {
            let alt = row.alt.trim();
            if alt.chars().count() > MAX_ALT_CHARS || alt.chars().any(char::is_control) {
                return Err(AppError::Invalid(format!(
                    "Photo {}: a description can be at most {MAX_ALT_CHARS} characters of text.",
                    index + 1
                )));
            }
            let Some(stored) = saved.photos.iter().find(|p| p.key == row.key) else {
                return Err(AppError::NotFound);
            };
            photos.push(ImageRef {
                alt: alt.to_owned(),
                ..stored.clone()
            });
        }
        let reordered = rows
            .iter()
            .map(|row| row.key.as_str())
            .ne(saved.photos.iter().map(|photo| photo.key.as_str()));
        let (verb, position) = action.split_once('-').unwrap_or((action, ""));
        let index = position.parse::<usize>().ok().filter(|i| *i < photos.len());
        let notice = match (verb, index) {
            ("save", _) if reordered => "Photo order and descriptions saved.",
            ("save", _) => "Photo descriptions saved.",
            ("cover", Some(i)) => {
                let photo = photos.remove(i);
                photos.insert(0, photo);
                "That photo is the cover now."
            }
            ("earlier", Some(i)) if i > 0 => {
                photos.swap(i, i - 1);
                "Photo moved earlier."
            }
            ("later", Some(i)) if i + 1 < photos.len() => {
                photos.swap(i, i + 1);
                "Photo moved later."
            }
            ("earlier" | "later", Some(_)) => "Photo descriptions saved.",
            ("remove", Some(i)) => {
                if saved.status == PieceStatus::Published && photos.len() == 1 {
                    return Err(AppError::Invalid(
                        "A published piece needs at least one photo. Add another before removing this one."
                            .into(),
                    ));
                }
                photos.remove(i);
                "Photo removed."
            }
            _ => {
                return Err(AppError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        if saved.status == PieceStatus::Published && photos.iter().any(|p| p.alt.is_empty()) {
            return Err(AppError::Invalid(
                "This piece is published: every photo needs a description.".into(),
            ));
        }
        self.set_photos(&maker, piece, &photos).await?;
        Ok(Next {
            path: format!("{}#photos", editor(piece)),
            form: "piece",
            notice: Some(notice.into()),
        })
    }

    /// Adds uploaded photos after the existing ones.
    pub async fn attach_photos(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        uploaded: Vec<ImageRef>,
    ) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let mut photos = saved.photos;
        let before = photos.len();
        for photo in uploaded {
            if !photos.iter().any(|p| p.key == photo.key) {
                photos.push(photo);
            }
        }
        if photos.len() > MAX_PHOTOS {
            return Err(AppError::Invalid(format!(
                "A piece shows at most {MAX_PHOTOS} photos; it has {before}. Remove some first."
            )));
        }
        let added = photos.len() - before;
        self.set_photos(&maker, piece, &photos).await?;
        Ok(Next {
            path: format!("{}#photos", editor(piece)),
            form: "piece",
            notice: Some(match added {
                0 => "Those photos are already on this piece.".into(),
                1 => "Photo added. Please describe it for people who can't see it.".into(),
                n => {
                    format!("{n} photos added. Please describe each for people who can't see them.")
                }
            }),
        })
    }

    /// Checks the piece may be arranged by this maker before any file is stored.
    pub async fn may_add_photos(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<PhotoRoom, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        Ok(PhotoRoom {
            maker: maker.id,
            free: MAX_PHOTOS.saturating_sub(saved.photos.len()),
            published: saved.status == PieceStatus::Published,
        })
    }

    /// The piece's evidence documents; none for another maker's piece (the store
    /// filters by maker, so the piece itself needn't be loaded again).
    pub async fn documents(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<Vec<EvidenceDocument>, AppError> {
        let maker = self.maker(account).await?;
        self.store
            .piece_documents(maker.id, piece)
            .await
            .map_err(stored)
    }

    /// Checks that a document may be attached to this maker's piece before its
    /// file is read; the maker's storage is what it will count towards.
    pub async fn may_attach_document(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<MakerId, AppError> {
        let (maker, _) = self.own_piece(account, piece).await?;
        let documents = self
            .store
            .piece_documents(maker.id, piece)
            .await
            .map_err(stored)?;
        if documents.len() >= MAX_DOCUMENTS {
            return Err(AppError::Invalid(format!(
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
    ) -> Result<Next, AppError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let back = |disclosure: &mut Disclosure| {
            disclosure.back_by_document(claims, &document.sha256, document.public)
        };
        let backed = back(&mut saved.edit.disclosure.clone());
        if backed == 0 {
            return Err(AppError::Invalid(
                "Please tick the claims this document backs. Nothing was added.".into(),
            ));
        }
        if !self
            .store
            .add_document(maker.id, piece, document, self.now)
            .await
            .map_err(stored)?
        {
            return Err(AppError::NotFound);
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
    ) -> Result<Next, AppError> {
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
                return Err(AppError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        let found = match change {
            DocumentChange::Withdrawn => self.store.remove_document(maker.id, piece, sha256).await,
            DocumentChange::Shown(public) => {
                self.store
                    .set_document_public(maker.id, piece, sha256, public)
                    .await
            }
        }
        .map_err(stored)?;
        if !found {
            return Err(AppError::NotFound);
        }
        self.save_evidence(&maker, saved, notice.to_owned(), |disclosure| {
            disclosure.rebacked(sha256, change);
        })
        .await
    }

    /// Saves the change `rebacked` makes to the claims' evidence; a published
    /// piece's passport follows, so buyers holding it see the new evidence.
    async fn save_evidence<F>(
        &self,
        maker: &StudioMaker,
        saved: StudioPiece,
        mut notice: String,
        rebacked: F,
    ) -> Result<Next, AppError>
    where
        F: Fn(&mut Disclosure),
    {
        let piece = PieceId(saved.id);
        let saved = save_revised(self.store, maker.id, saved, self.now, |saved| {
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

    async fn set_photos(
        &self,
        maker: &StudioMaker,
        piece: PieceId,
        photos: &[ImageRef],
    ) -> Result<(), AppError> {
        if self
            .store
            .set_piece_photos(maker.id, piece, photos, self.now)
            .await
            .map_err(stored)?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
