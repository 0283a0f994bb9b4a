//! The studio's rules, in plain Rust the server functions call and tests reach:
//! who may do what to which piece, and what a piece needs before buyers see it.

mod evidence;
mod photos;
mod pieces;

pub use photos::PhotoRoom;
pub use pieces::{create_draft, private_passport_subject, publishing_problems};

use super::{
    MAX_ALT_CHARS, MakerEdit, PieceEdit, PieceUpdate, ProfileForm, StudioMaker, StudioMakerView,
    StudioOverview, StudioPiece,
};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::makers::MakerId;
use crate::pieces::{PieceId, PieceStatus};
use crate::provenance::Notary;
use crate::provenance::{DocumentStore, PassportStore};
use crate::shared::{ImageRef, Next, Slug};
use crate::store::{Catalogue, Conflict, StoreError};
use crate::studio::StudioStore;

pub struct Studio<'a> {
    pub studio: &'a dyn StudioStore,
    /// The evidence documents of the maker's pieces.
    pub documents: &'a dyn DocumentStore,
    /// What a published piece's passport is issued from.
    pub catalogue: &'a dyn Catalogue,
    pub passports: &'a dyn PassportStore,
    pub notary: &'a dyn Notary,
    /// The public site, for the URLs passports name.
    pub site: &'a str,
    pub now: jiff::Timestamp,
}

impl<'a> Studio<'a> {
    /// The studio over the parts of `store` it uses.
    pub fn new(
        store: &'a dyn crate::store::Store,
        notary: &'a dyn Notary,
        site: &'a str,
        now: jiff::Timestamp,
    ) -> Self {
        Studio {
            studio: store,
            documents: store,
            catalogue: store,
            passports: store,
            notary,
            site,
            now,
        }
    }
}

/// Saves the edit `revise` makes of a piece. When someone saved the piece since
/// it was read (an operator's review, the maker in another window), the edit is
/// made again from the piece as it is now, so neither save undoes the other.
/// `revise` answers `None` when there is nothing to save. Gives the piece as
/// it was when the edit was made of it.
pub async fn save_revised<F>(
    store: &dyn StudioStore,
    maker: MakerId,
    mut saved: StudioPiece,
    now: jiff::Timestamp,
    revise: F,
) -> Result<StudioPiece, ServiceError>
where
    F: Fn(&StudioPiece) -> Result<Option<PieceEdit>, ServiceError>,
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
            .await?
        {
            PieceUpdate::Saved => return Ok(saved),
            PieceUpdate::NotFound => return Err(ServiceError::NotFound),
            PieceUpdate::ChangedMeanwhile => {
                saved = store
                    .studio_piece(maker, piece)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
            }
        }
    }
    Err(ServiceError::Conflict(
        "This piece is being saved from somewhere else right now, so nothing was saved. \
         Please try again in a moment."
            .into(),
    ))
}

impl Studio<'_> {
    /// The account's studio; refused in words when it has none yet.
    pub async fn maker(&self, account: &StoredAccount) -> Result<StudioMaker, ServiceError> {
        self.studio
            .studio_of(account.id)
            .await?
            .ok_or_else(|| ServiceError::Invalid("Please open your studio first.".into()))
    }

    /// A piece of the account's studio; another maker's piece is "not found", so
    /// nobody learns which pieces exist.
    async fn own_piece(
        &self,
        account: &StoredAccount,
        piece: PieceId,
    ) -> Result<(StudioMaker, StudioPiece), ServiceError> {
        let maker = self.maker(account).await?;
        let piece = self
            .studio
            .studio_piece(maker.id, piece)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok((maker, piece))
    }

    pub async fn overview(&self, account: &StoredAccount) -> Result<StudioOverview, ServiceError> {
        let maker = self.studio.studio_of(account.id).await?;
        let pieces = match &maker {
            Some(maker) => self.studio.studio_pieces(maker.id).await?,
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
    ) -> Result<Next, ServiceError> {
        let profile = form.parse().map_err(ServiceError::Invalid)?;
        match self.studio.open_studio(account.id, &profile, self.now).await {
            Ok(_) => Ok(Next {
                path: "/studio".into(),
                form: "studio",
                notice: Some(
                    "Your studio is open. Add your pieces, then publish your profile when you're ready."
                        .into(),
                ),
            }),
            Err(StoreError::Duplicate(Conflict::Studio)) => Err(ServiceError::Conflict(
                "You already have a studio.".into(),
            )),
            Err(StoreError::Duplicate(_)) => Err(ServiceError::Conflict(
                "That web address is taken. Please choose another.".into(),
            )),
            Err(error) => Err(error.into()),
        }
    }

    pub async fn profile(&self, account: &StoredAccount) -> Result<MakerEdit, ServiceError> {
        let maker = self.maker(account).await?;
        self.studio
            .studio_profile(maker.id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    pub async fn save_profile(
        &self,
        account: &StoredAccount,
        form: &ProfileForm,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        let profile = form.parse().map_err(ServiceError::Invalid)?;
        if maker.published && (profile.tagline.is_empty() || profile.story.is_empty()) {
            return Err(ServiceError::Invalid(
                "A published profile needs a tagline and your story.".into(),
            ));
        }
        match self.studio.update_profile(maker.id, &profile).await {
            Ok(()) => Ok(Next {
                path: "/studio/profile".into(),
                form: "profile",
                notice: Some("Your profile is saved.".into()),
            }),
            Err(StoreError::Duplicate(_)) => Err(ServiceError::Conflict(
                "That web address is taken. Please choose another.".into(),
            )),
            Err(error) => Err(error.into()),
        }
    }

    /// The profile's portrait, for the profile page.
    pub async fn portrait(
        &self,
        account: &StoredAccount,
    ) -> Result<Option<ImageRef>, ServiceError> {
        let maker = self.maker(account).await?;
        self.studio
            .portrait(maker.id)
            .await
            .map_err(ServiceError::from)
    }

    /// Checks the description before any file is stored.
    pub fn portrait_description(alt: &str) -> Result<String, ServiceError> {
        let alt = alt.trim();
        if alt.is_empty() {
            return Err(ServiceError::Invalid(
                "Please describe the portrait for people who can't see it.".into(),
            ));
        }
        if alt.chars().count() > MAX_ALT_CHARS || alt.chars().any(char::is_control) {
            return Err(ServiceError::Invalid(format!(
                "A description can be at most {MAX_ALT_CHARS} characters of text."
            )));
        }
        Ok(alt.to_owned())
    }

    pub async fn set_portrait(
        &self,
        account: &StoredAccount,
        portrait: ImageRef,
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        self.studio.set_portrait(maker.id, &portrait).await?;
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
    ) -> Result<Next, ServiceError> {
        let maker = self.maker(account).await?;
        if publish {
            let profile = self.profile(account).await?;
            if profile.tagline.is_empty() || profile.story.is_empty() {
                return Err(ServiceError::Invalid(
                    "Add a tagline and your story to your profile before publishing it.".into(),
                ));
            }
        }
        self.studio
            .set_profile_published(maker.id, publish.then_some(self.now))
            .await?;
        if publish {
            // A passport names the public piece page, so pieces published while
            // the profile was private get theirs now.
            for row in self.studio.studio_pieces(maker.id).await? {
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
}
