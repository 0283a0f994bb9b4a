//! A piece's photos: where an upload may go, and their order and descriptions.

use super::Studio;
use super::pieces::editor;
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::makers::MakerId;
use crate::pieces::{PieceId, PieceStatus};
use crate::shared::{ImageRef, Next};
use crate::studio::{MAX_ALT_CHARS, MAX_PHOTOS, PhotoRow, StudioMaker};

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
    /// Saves the photo descriptions and applies `action`: `save`, or
    /// `cover-N`, `earlier-N`, `later-N`, `remove-N` for the N-th photo.
    pub async fn arrange_photos(
        &self,
        account: &StoredAccount,
        piece: PieceId,
        rows: &[PhotoRow],
        action: &str,
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let mut sent: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
        let mut current: Vec<&str> = saved.photos.iter().map(|p| p.key.as_str()).collect();
        sent.sort_unstable();
        current.sort_unstable();
        if sent != current {
            return Err(ServiceError::Conflict(
                "The photos changed since this page was loaded. Please look again and retry."
                    .into(),
            ));
        }
        let mut photos = Vec::with_capacity(rows.len());
        for (index, row) in rows.iter().enumerate() {
            let alt = row.alt.trim();
            if alt.chars().count() > MAX_ALT_CHARS || alt.chars().any(char::is_control) {
                return Err(ServiceError::Invalid(format!(
                    "Photo {}: a description can be at most {MAX_ALT_CHARS} characters of text.",
                    index + 1
                )));
            }
            let Some(stored) = saved.photos.iter().find(|p| p.key == row.key) else {
                return Err(ServiceError::NotFound);
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
                    return Err(ServiceError::Invalid(
                        "A published piece needs at least one photo. Add another before removing this one."
                            .into(),
                    ));
                }
                photos.remove(i);
                "Photo removed."
            }
            _ => {
                return Err(ServiceError::Invalid(
                    "Please choose an action from the page.".into(),
                ));
            }
        };
        if saved.status == PieceStatus::Published && photos.iter().any(|p| p.alt.is_empty()) {
            return Err(ServiceError::Invalid(
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
    ) -> Result<Next, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        let mut photos = saved.photos;
        let before = photos.len();
        for photo in uploaded {
            if !photos.iter().any(|p| p.key == photo.key) {
                photos.push(photo);
            }
        }
        if photos.len() > MAX_PHOTOS {
            return Err(ServiceError::Invalid(format!(
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
    ) -> Result<PhotoRoom, ServiceError> {
        let (maker, saved) = self.own_piece(account, piece).await?;
        Ok(PhotoRoom {
            maker: maker.id,
            free: MAX_PHOTOS.saturating_sub(saved.photos.len()),
            published: saved.status == PieceStatus::Published,
        })
    }

    pub(super) async fn set_photos(
        &self,
        maker: &StudioMaker,
        piece: PieceId,
        photos: &[ImageRef],
    ) -> Result<(), ServiceError> {
        if self
            .studio
            .set_piece_photos(maker.id, piece, photos, self.now)
            .await?
        {
            Ok(())
        } else {
            Err(ServiceError::NotFound)
        }
    }
}
