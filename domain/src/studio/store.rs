//! What the studio needs from the database. Every piece operation names the maker
//! it is done for, and touches nothing that maker does not own: ownership is part
//! of each query, not a check beside it.

use super::CommissionId;
use super::{MakerEdit, PieceEdit, StudioPiece, StudioPieceRow};
use crate::accounts::AccountId;
use crate::makers::MakerId;
use crate::pieces::{PieceId, PieceStatus};
use crate::shared::StoreError;
use crate::shared::{Country, ImageRef, Slug};
use async_trait::async_trait;
use jiff::Timestamp;

/// What became of an edit of a piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceUpdate {
    Saved,
    /// There is no such piece of this maker's.
    NotFound,
    /// The piece was saved again since the edit's revision was read.
    ChangedMeanwhile,
}

/// The maker profile an account runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudioMaker {
    pub id: MakerId,
    pub slug: Slug,
    pub display_name: String,
    pub country: Country,
    pub published: bool,
}

#[async_trait]
pub trait StudioStore: Send + Sync {
    async fn studio_of(&self, account: AccountId) -> Result<Option<StudioMaker>, StoreError>;

    /// Creates the account's maker profile (unpublished) and makes a buyer account a
    /// maker, together. `Duplicate(Studio)` when it already has one,
    /// `"maker address"` when the address is taken.
    async fn open_studio(
        &self,
        account: AccountId,
        profile: &MakerEdit,
        now: Timestamp,
    ) -> Result<MakerId, StoreError>;

    async fn studio_profile(&self, maker: MakerId) -> Result<Option<MakerEdit>, StoreError>;

    async fn update_profile(&self, maker: MakerId, profile: &MakerEdit) -> Result<(), StoreError>;

    /// The profile's portrait, if it has one.
    async fn portrait(&self, maker: MakerId) -> Result<Option<ImageRef>, StoreError>;

    /// Replaces the portrait; the key must be stored media.
    async fn set_portrait(&self, maker: MakerId, portrait: &ImageRef) -> Result<(), StoreError>;

    /// Shows (`Some`) or hides (`None`) the profile and its published pieces.
    async fn set_profile_published(
        &self,
        maker: MakerId,
        published_at: Option<Timestamp>,
    ) -> Result<(), StoreError>;

    /// The maker's pieces, most recently changed first.
    async fn studio_pieces(&self, maker: MakerId) -> Result<Vec<StudioPieceRow>, StoreError>;

    /// `None` when there is no such piece or it is another maker's.
    async fn studio_piece(
        &self,
        maker: MakerId,
        piece: PieceId,
    ) -> Result<Option<StudioPiece>, StoreError>;

    /// A new draft; `Duplicate(PieceAddress)` when the slug is taken.
    ///
    /// `commission` links the draft to the commission that made it, as its
    /// finished piece: `Duplicate(FinishedPiece)` when that commission has one.
    async fn create_draft(
        &self,
        maker: MakerId,
        slug: &Slug,
        piece: &PieceEdit,
        photos: &[ImageRef],
        commission: Option<CommissionId>,
        now: Timestamp,
    ) -> Result<PieceId, StoreError>;

    /// Saves `edit` over the piece at `revision` (`StudioPiece::revision`, as read
    /// when the edit was made) and moves the revision on. Nothing changes when the
    /// piece is not this maker's or was saved again since.
    async fn update_piece(
        &self,
        maker: MakerId,
        piece: PieceId,
        revision: i64,
        edit: &PieceEdit,
        now: Timestamp,
    ) -> Result<PieceUpdate, StoreError>;

    /// Moves the piece to `status`; the first publication is dated `now`.
    /// `false` when there is no such piece of this maker's, or when it is a
    /// commission's piece its buyer has not agreed to show (checked in the same
    /// statement, so a buyer's change of mind is never overtaken).
    async fn set_piece_status(
        &self,
        maker: MakerId,
        piece: PieceId,
        status: PieceStatus,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Replaces the photos: the first is the cover. Keys must be stored media.
    async fn set_piece_photos(
        &self,
        maker: MakerId,
        piece: PieceId,
        photos: &[ImageRef],
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Deletes a piece that was never published (a published one has a passport
    /// buyers may hold, and is archived instead).
    async fn delete_draft(&self, maker: MakerId, piece: PieceId) -> Result<bool, StoreError>;
}
