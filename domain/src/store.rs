//! The storage port: everything the app needs from a database, and nothing of how.
//!
//! The server implements it for SQLite and for PostgreSQL; one conformance suite
//! runs against both, so pages and server functions never care which one is in use.

use crate::catalogue::{MakerProfile, PieceDetail};
use crate::home::FrontPage;
use crate::makers::{MakerCard, MakerId, NewMaker};
use crate::pieces::{NewPiece, PieceCard, PieceId};
use crate::search::{Listing, ListingQuery};
pub use crate::shared::{Conflict, StoreError};
use async_trait::async_trait;

/// A stored file: under the digest of its content when public, under a random
/// key when private (so its name says nothing about what it shows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Media {
    pub key: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    /// Served only through an address signed for someone who may see it
    /// (`crate::shared::MediaPass`): a buyer's reference pictures, a draft's photos.
    pub private: bool,
    /// The maker whose storage the file counts towards; `None` for a buyer's files
    /// and the demo's.
    pub maker: Option<MakerId>,
}

/// A public page for search engines, with the day it last changed (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapEntry {
    pub path: String,
    pub last_modified: String,
}

/// The whole storage port: every feature's narrow port, implemented together by
/// each database adapter. Services take only the ports they use; the request
/// context holds one `Arc<dyn Store>` and hands each service its parts.
pub trait Store:
    Catalogue
    + crate::accounts::AccountStore
    + crate::accounts::Outbox
    + crate::accounts::Throttle
    + crate::accounts::SessionStore
    + crate::provenance::PassportStore
    + crate::provenance::DocumentStore
    + crate::booking::BookingStore
    + crate::commissions::CommissionStore
    + crate::commissions::CustodyStore
    + crate::threads::ThreadStore
    + crate::payments::PaymentStore
    + crate::orders::OrderStore
    + crate::studio::StudioStore
    + Send
    + Sync
    + 'static
{
}

/// What buyers browse: makers, pieces, listings and the files they show.
#[async_trait]
pub trait Catalogue: Send + Sync {
    /// Fails when the database can't answer a trivial query.
    async fn ping(&self) -> Result<(), StoreError>;

    async fn maker_count(&self) -> Result<u64, StoreError>;

    /// A number that moves in the same transaction as every write a public
    /// catalogue page shows (a listing, a profile, a piece and its disclosure, a
    /// passport issued), the same on every app server.
    async fn catalogue_version(&self) -> Result<i64, StoreError>;

    async fn create_maker(&self, maker: &NewMaker) -> Result<MakerId, StoreError>;

    /// Publicly listed makers, those with the most recently published work first.
    async fn featured_makers(&self, limit: u32) -> Result<Vec<MakerCard>, StoreError>;

    async fn create_piece(&self, piece: &NewPiece) -> Result<PieceId, StoreError>;

    /// Published pieces, newest first.
    async fn recent_pieces(&self, limit: u32) -> Result<Vec<PieceCard>, StoreError>;

    /// The home page's lists at the catalogue's current version: `featured_makers`,
    /// the directory's first makers open for commissions, and `recent_pieces`.
    async fn front_page(&self) -> Result<FrontPage, StoreError>;

    /// Published makers matching the query, with facet counts.
    async fn search_makers(&self, query: &ListingQuery) -> Result<Listing<MakerCard>, StoreError>;

    /// Published pieces matching the query, with facet counts.
    async fn search_pieces(&self, query: &ListingQuery) -> Result<Listing<PieceCard>, StoreError>;

    /// A published maker's page; `None` when there is no such published maker.
    async fn maker_profile(&self, slug: &str) -> Result<Option<MakerProfile>, StoreError>;

    /// A published piece of a published maker; `None` otherwise.
    async fn piece_detail(&self, slug: &str) -> Result<Option<PieceDetail>, StoreError>;

    /// Every public maker and piece page.
    async fn sitemap(&self) -> Result<Vec<SitemapEntry>, StoreError>;

    /// Stores a file under its key; storing the same key again changes nothing.
    async fn put_media(&self, media: &Media) -> Result<(), StoreError>;

    /// The bytes of photos and documents the maker has stored: what their storage
    /// quota counts. Files are kept once stored, so removing a photo from a piece
    /// does not give its room back.
    async fn maker_storage_used(&self, maker: MakerId) -> Result<u64, StoreError>;

    async fn media(&self, key: &str) -> Result<Option<Media>, StoreError>;
}
