//! The catalogue queries, written once for both dialects.
//!
//! Each method runs its SQL on whichever pool the store has (`on_pool!`); what
//! the dialects spell differently is asked of the pool (`Dialect`).

use super::SqlResult;
use super::corrupt;
use super::{Dialect, SqlStore};
use domain::makers::{CommissionTerms, Location, Technique};
use domain::pieces::{Fineness, Metal, MetalComponent, Percent, Price, StoneKind, StoneSummary};
use domain::shared::{Country, Currency, ImageRef, Money, Slug};
use domain::store::Catalogue;
use std::borrow::Cow;

/// Reads one column, mapping a decoding failure to the port's error.
pub(super) fn column<'r, R, T>(row: &'r R, name: &str) -> SqlResult<T>
where
    R: sqlx::Row,
    T: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
{
    Ok(row.try_get(name)?)
}

pub(super) fn slug(raw: String) -> SqlResult<Slug> {
    Slug::parse(&raw).map_err(|_| corrupt("slug", raw))
}

pub(super) fn money(currency: Option<&str>, minor: Option<i64>) -> SqlResult<Option<Money>> {
    match (currency, minor) {
        (Some(code), Some(minor)) => {
            let currency = Currency::parse(code).map_err(|_| corrupt("currency", code))?;
            Money::from_minor(minor, currency)
                .map(Some)
                .map_err(|_| corrupt("amount", minor))
        }
        _ => Ok(None),
    }
}

pub(super) fn image(
    key: Option<String>,
    alt: String,
    width: Option<i32>,
    height: Option<i32>,
) -> Option<ImageRef> {
    let (key, width, height) = (key?, width?, height?);
    Some(ImageRef {
        key,
        width: u32::try_from(width).ok()?,
        height: u32::try_from(height).ok()?,
        alt,
        access: String::new(),
    })
}

pub(super) fn techniques(joined: Option<String>) -> Vec<Technique> {
    joined
        .unwrap_or_default()
        .split(',')
        .filter_map(Technique::from_slug)
        .collect()
}

pub(super) fn location(
    country: &str,
    region: Option<String>,
    city: Option<String>,
) -> SqlResult<Location> {
    Ok(Location {
        country: Country::parse(country).map_err(|_| corrupt("country", country))?,
        region,
        city,
    })
}

pub(super) fn commission_terms(
    open: bool,
    lead_time_weeks: Option<i32>,
    currency: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
) -> SqlResult<CommissionTerms> {
    Ok(CommissionTerms {
        open,
        lead_time_weeks: lead_time_weeks.and_then(|w| u16::try_from(w).ok()),
        price_from: money(currency, from)?,
        price_to: money(currency, to)?,
    })
}

pub(super) fn price(
    made_to_order: bool,
    currency: Option<&str>,
    minor: Option<i64>,
) -> SqlResult<Price> {
    let amount = money(currency, minor)?;
    match (made_to_order, amount) {
        (true, from) => Ok(Price::MadeToOrder { from }),
        (false, Some(amount)) => Ok(Price::Fixed(amount)),
        (false, None) => Err(corrupt("price", "fixed price without an amount")),
    }
}

/// How a price is stored: made to order or not, and the amount (the "from" price
/// of a piece made to order, if any).
pub(super) fn price_columns(price: &Price) -> (bool, Option<Money>) {
    match price {
        Price::Fixed(money) => (false, Some(*money)),
        Price::MadeToOrder { from } => (true, *from),
    }
}

pub(super) fn metal_component(
    metal: &str,
    fineness: Option<i32>,
    recycled: Option<i32>,
) -> SqlResult<MetalComponent> {
    Ok(MetalComponent {
        metal: Metal::from_slug(metal).ok_or_else(|| corrupt("metal", metal))?,
        fineness: fineness
            .map(|f| u16::try_from(f).ok().and_then(|f| Fineness::new(f).ok()))
            .map(|f| f.ok_or_else(|| corrupt("fineness", format!("{fineness:?}"))))
            .transpose()?,
        recycled: recycled
            .map(|r| u8::try_from(r).ok().and_then(|r| Percent::new(r).ok()))
            .map(|r| r.ok_or_else(|| corrupt("recycled share", format!("{recycled:?}"))))
            .transpose()?,
    })
}

pub(super) fn stone(species: String, kind: &str) -> SqlResult<StoneSummary> {
    Ok(StoneSummary {
        species,
        kind: StoneKind::from_slug(kind).ok_or_else(|| corrupt("stone kind", kind))?,
    })
}

/// Moves the catalogue version inside a write transaction and records which maker's
/// listing changed, so every app server can update its facet index for just them.
macro_rules! record_catalogue_change {
    ($tx:expr, $maker_id:expr) => {{
        /// Changes older than this many versions are forgotten; a server further
        /// behind rebuilds its whole index.
        const KEPT_CHANGES: i64 = 10_000;
        let version: i64 = sqlx::query_scalar(
            "UPDATE catalogue_version SET version = version + 1 WHERE id = 1 RETURNING version",
        )
        .fetch_one(&mut **$tx)
        .await?;
        sqlx::query("INSERT INTO catalogue_changes (version, maker_id) VALUES ($1, $2)")
            .bind(version)
            .bind($maker_id)
            .execute(&mut **$tx)
            .await?;
        sqlx::query("DELETE FROM catalogue_changes WHERE version <= $1")
            .bind(version - KEPT_CHANGES)
            .execute(&mut **$tx)
            .await?;
    }};
}

/// Records the change (see `record_catalogue_change!`) and commits `tx`, the
/// transaction it was made in.
macro_rules! commit_catalogue_change {
    ($tx:ident, $maker_id:expr) => {{
        record_catalogue_change!(&mut $tx, $maker_id);
        $tx.commit().await?;
    }};
}

/// The words a maker is found by beyond their name and story.
pub(super) fn maker_search_text(techniques: &[Technique], location: &Location) -> String {
    techniques
        .iter()
        .map(|t| t.label())
        .chain(location.city.as_deref())
        .chain(location.region.as_deref())
        .chain([location.country.name()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The evidence levels a piece's disclosure reaches, as the listing index reads them.
pub(super) fn evidence_slugs(disclosure: Option<&domain::provenance::Disclosure>) -> String {
    disclosure
        .map(domain::search::EvidenceFacet::of_disclosure)
        .unwrap_or_default()
        .iter()
        .map(|level| level.slug())
        .collect::<Vec<_>>()
        .join(",")
}

/// What listings and search read of a piece besides its title and description:
/// the child rows, and the words it is found by. The maker's name comes first in
/// the words, so a renamed maker's pieces can be updated in place.
pub(super) struct PieceParts<'a> {
    pub techniques: Cow<'a, [Technique]>,
    pub metals: Cow<'a, [domain::pieces::MetalComponent]>,
    pub stones: Cow<'a, [domain::pieces::StoneSummary]>,
    pub sourcing: Cow<'a, [domain::pieces::Sourcing]>,
}

impl<'a> PieceParts<'a> {
    /// A studio draft's parts, as its disclosure states them.
    pub(super) fn of_edit(edit: &'a domain::studio::PieceEdit) -> Self {
        PieceParts {
            techniques: Cow::Owned(edit.techniques()),
            metals: Cow::Owned(edit.metals()),
            stones: Cow::Owned(edit.stones()),
            sourcing: Cow::Borrowed(&edit.sourcing),
        }
    }

    pub(super) fn search_text(&self, maker_name: &str) -> String {
        let materials = domain::pieces::materials_summary(&self.metals, &self.stones);
        let sourcing = domain::pieces::Sourcing::of_piece(&self.metals, &self.sourcing);
        [maker_name.to_owned(), materials]
            .into_iter()
            .chain(self.techniques.iter().map(|t| t.label().to_owned()))
            .chain(sourcing.iter().map(|s| s.label().to_owned()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Of a piece `p` by the maker `m`: buyers may see it.
pub(super) const SHOWN_PIECE: &str = "p.status = 'published' AND m.published_at IS NOT NULL";

/// The units of the piece `p` paid for and not given back.
pub(super) const SOLD_UNITS: &str = "(SELECT COUNT(*) FROM orders o WHERE o.piece_id = p.id \
                                     AND o.status IN ('paid', 'shipped', 'completed'))";

/// Writes a piece's metals, stones, techniques and stated sourcing (after any old
/// ones were deleted) inside a write transaction.
macro_rules! write_piece_parts {
    ($tx:expr, $id:expr, $parts:expr) => {{
        let parts: &crate::store::catalogue::PieceParts = $parts;
        for (position, metal) in parts.metals.iter().enumerate() {
            sqlx::query(
                "INSERT INTO piece_metals (piece_id, position, metal, fineness, \
                 recycled_percent) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind($id)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind(metal.metal.slug())
            .bind(metal.fineness.map(|f| i32::from(f.parts_per_thousand())))
            .bind(metal.recycled.map(|r| i32::from(r.value())))
            .execute(&mut **$tx)
            .await?;
        }
        for (position, stone) in parts.stones.iter().enumerate() {
            sqlx::query(
                "INSERT INTO piece_stones (piece_id, position, species, kind) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind($id)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind(&stone.species)
            .bind(stone.kind.slug())
            .execute(&mut **$tx)
            .await?;
        }
        for (position, technique) in parts.techniques.iter().enumerate() {
            sqlx::query(
                "INSERT INTO piece_techniques (piece_id, position, technique) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind(technique.slug())
            .execute(&mut **$tx)
            .await?;
        }
        for scheme in parts
            .sourcing
            .iter()
            .filter(|s| **s != domain::pieces::Sourcing::RecycledMetal)
        {
            sqlx::query(
                "INSERT INTO piece_sourcing (piece_id, scheme) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(scheme.slug())
            .execute(&mut **$tx)
            .await?;
        }
    }};
}

/// Inserts a maker profile and its techniques inside a write transaction; the
/// account is the one that runs it, if any. Evaluates to the new id.
macro_rules! insert_maker {
    ($tx:expr, $maker:expr, $account:expr) => {{
        let new: &domain::makers::NewMaker = $maker;
        let maker = &new.profile;
        let account: Option<i64> = $account;
        let terms = &maker.commissions;
        let currency = terms
            .price_from
            .or(terms.price_to)
            .map(|m| m.currency().code());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO makers (slug, display_name, tagline, story, country, region, city, \
             open_for_commissions, lead_time_weeks, price_currency, price_from_minor, \
             price_to_minor, portrait_key, portrait_alt, created_at, published_at, studio, \
             making_policy, search_text, account_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19, $20) RETURNING id",
        )
        .bind(maker.slug.as_str())
        .bind(&maker.display_name)
        .bind(&maker.tagline)
        .bind(&maker.story)
        .bind(maker.location.country.code())
        .bind(&maker.location.region)
        .bind(&maker.location.city)
        .bind(terms.open)
        .bind(terms.lead_time_weeks.map(i32::from))
        .bind(currency)
        .bind(terms.price_from.map(|m| m.minor()))
        .bind(terms.price_to.map(|m| m.minor()))
        .bind(&new.portrait_key)
        .bind(format!("Studio mark of {}", maker.display_name))
        .bind(crate::store::time::DbTime(new.created_at))
        .bind(new.published_at.map(crate::store::time::DbTime))
        .bind(&maker.studio)
        .bind(&maker.making_policy)
        .bind(crate::store::catalogue::maker_search_text(
            &maker.techniques,
            &maker.location,
        ))
        .bind(account)
        .fetch_one(&mut **$tx)
        .await?;
        for (position, technique) in maker.techniques.iter().enumerate() {
            sqlx::query(
                "INSERT INTO maker_techniques (maker_id, position, technique) \
                 VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind(technique.slug())
            .execute(&mut **$tx)
            .await?;
        }
        id
    }};
}

#[async_trait::async_trait]
impl Catalogue for SqlStore {
    async fn ping(&self) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
            Ok(())
        })
    }

    async fn maker_count(&self) -> Result<u64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let count: i64 = sqlx::query_scalar("SELECT count(*) FROM makers")
                .fetch_one(pool)
                .await?;
            Ok(u64::try_from(count).unwrap_or_default())
        })
    }

    async fn catalogue_version(&self) -> Result<i64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT version FROM catalogue_version WHERE id = 1")
                .fetch_one(pool)
                .await
                .map_err(Into::into)
        })
    }

    async fn create_maker(
        &self,
        maker: &domain::makers::NewMaker,
    ) -> Result<domain::makers::MakerId, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = insert_maker!(&mut tx, maker, None);
            commit_catalogue_change!(tx, id);
            Ok(domain::makers::MakerId(id))
        })
    }

    async fn featured_makers(
        &self,
        limit: u32,
    ) -> Result<Vec<domain::makers::MakerCard>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT m.id FROM makers m WHERE m.published_at IS NOT NULL \
                 ORDER BY (SELECT max(p.published_at) FROM pieces p \
                 WHERE p.maker_id = m.id AND p.status = 'published') DESC NULLS LAST, \
                 m.id \
                 LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(self.maker_cards(&ids).await?)
        })
    }

    async fn create_piece(
        &self,
        piece: &domain::pieces::NewPiece,
    ) -> Result<domain::pieces::PieceId, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let (made_to_order, amount) = crate::store::catalogue::price_columns(&piece.price);
            let mut tx = pool.begin_write().await?;
            let maker_name: Option<String> =
                sqlx::query_scalar("SELECT display_name FROM makers WHERE id = $1")
                    .bind(piece.maker.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let maker_name = maker_name.ok_or(domain::store::StoreError::MissingReference)?;
            let parts = crate::store::catalogue::PieceParts {
                techniques: Cow::Borrowed(&piece.techniques),
                metals: Cow::Borrowed(&piece.metals),
                stones: Cow::Borrowed(&piece.stones),
                sourcing: Cow::Borrowed(&piece.sourcing),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO pieces (maker_id, slug, title, description, made_to_order, \
                 price_currency, price_minor, image_key, image_alt, status, created_at, \
                 published_at, dimensions, search_text, disclosure, evidence, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                 $16, $17) \
                 RETURNING id",
            )
            .bind(piece.maker.0)
            .bind(piece.slug.as_str())
            .bind(&piece.title)
            .bind(&piece.description)
            .bind(made_to_order)
            .bind(amount.map(|m| m.currency().code()))
            .bind(amount.map(|m| m.minor()))
            .bind(&piece.image_key)
            .bind(&piece.image_alt)
            .bind(piece.status.as_str())
            .bind(DbTime(piece.created_at))
            .bind(piece.published_at.map(DbTime))
            .bind(&piece.dimensions)
            .bind(parts.search_text(&maker_name))
            .bind(piece.disclosure.as_ref().map(sqlx::types::Json))
            .bind(crate::store::catalogue::evidence_slugs(
                piece.disclosure.as_ref(),
            ))
            .bind(DbTime(piece.published_at.unwrap_or(piece.created_at)))
            .fetch_one(&mut *tx)
            .await?;
            write_piece_parts!(&mut tx, id, &parts);
            for (position, (key, alt)) in piece.gallery.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO piece_images (piece_id, position, media_key, alt) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(i32::try_from(position).unwrap_or(i32::MAX))
                .bind(key)
                .bind(alt)
                .execute(&mut *tx)
                .await?;
            }
            commit_catalogue_change!(tx, piece.maker.0);
            Ok(domain::pieces::PieceId(id))
        })
    }

    async fn recent_pieces(
        &self,
        limit: u32,
    ) -> Result<Vec<domain::pieces::PieceCard>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let ids: Vec<i64> = sqlx::query_scalar(&format!(
                "SELECT p.id FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 WHERE {SHOWN_PIECE} \
                 ORDER BY p.published_at DESC, p.id DESC LIMIT $1"
            ))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(self.piece_cards(&ids).await?)
        })
    }

    async fn front_page(&self) -> Result<domain::home::FrontPage, domain::store::StoreError> {
        use domain::home::FrontPage;
        let version = self.catalogue_version().await?;
        let page = self
            .front_page_lists
            .at(version, |_| async {
                let open = self
                    .search_makers(&domain::search::ListingQuery {
                        open_only: true,
                        page: 1,
                        ..Default::default()
                    })
                    .await?;
                Ok::<_, domain::store::StoreError>(FrontPage {
                    featured: self.featured_makers(FrontPage::FEATURED_MAKERS).await?,
                    open_for_commissions: open
                        .items
                        .into_iter()
                        .take(FrontPage::OPEN_MAKERS)
                        .collect(),
                    open_total: open.total,
                    pieces: self.recent_pieces(FrontPage::RECENT_PIECES).await?,
                })
            })
            .await?;
        Ok(FrontPage::clone(&page))
    }

    async fn search_makers(
        &self,
        query: &domain::search::ListingQuery,
    ) -> Result<domain::search::Listing<domain::makers::MakerCard>, domain::store::StoreError> {
        let selection = self
            .browse_search(crate::store::browse::TextTarget::Makers, query)
            .await?;
        Ok(domain::search::Listing {
            items: self.maker_cards(&selection.page_ids).await?,
            total: selection.total,
            facets: selection.facets,
        })
    }

    async fn search_pieces(
        &self,
        query: &domain::search::ListingQuery,
    ) -> Result<domain::search::Listing<domain::pieces::PieceCard>, domain::store::StoreError> {
        let selection = self
            .browse_search(crate::store::browse::TextTarget::Pieces, query)
            .await?;
        Ok(domain::search::Listing {
            items: self.piece_cards(&selection.page_ids).await?,
            total: selection.total,
            facets: selection.facets,
        })
    }

    async fn maker_profile(
        &self,
        slug: &str,
    ) -> Result<Option<domain::catalogue::MakerProfile>, domain::store::StoreError> {
        self.browse_maker_profile(slug).await
    }

    async fn piece_detail(
        &self,
        slug: &str,
    ) -> Result<Option<domain::catalogue::PieceDetail>, domain::store::StoreError> {
        self.browse_piece_detail(slug).await
    }

    async fn sitemap(&self) -> Result<Vec<domain::store::SitemapEntry>, domain::store::StoreError> {
        self.browse_sitemap().await
    }

    async fn put_media(
        &self,
        media: &domain::store::Media,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            // The file first: a row never names a file that isn't there.
            self.media_files()
                .put(&media.key, &media.bytes)
                .await
                .map_err(|e| domain::store::StoreError::Unavailable(e.to_string()))?;
            sqlx::query(
                "INSERT INTO media (key, content_type, width, height, bytes, stem, maker_id, \
                 private, byte_size) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(&media.key)
            .bind(&media.content_type)
            .bind(i32::try_from(media.width).unwrap_or(i32::MAX))
            .bind(i32::try_from(media.height).unwrap_or(i32::MAX))
            .bind(Vec::<u8>::new())
            .bind(domain::shared::media_stem(&media.key))
            .bind(media.maker.map(|maker| maker.0))
            .bind(media.private)
            .bind(i64::try_from(media.bytes.len()).unwrap_or(i64::MAX))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn media(
        &self,
        key: &str,
    ) -> Result<Option<domain::store::Media>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let row = sqlx::query(
                "SELECT key, content_type, width, height, bytes, private, maker_id \
                 FROM media WHERE key = $1",
            )
            .bind(key)
            .fetch_optional(pool)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            // Files stored before the object store kept their bytes in the row.
            let mut bytes: Vec<u8> = c::column(&row, "bytes")?;
            if bytes.is_empty() {
                bytes = self
                    .media_files()
                    .get(key)
                    .await
                    .map_err(|e| domain::store::StoreError::Unavailable(e.to_string()))?
                    .ok_or_else(|| {
                        domain::store::StoreError::Unavailable(format!(
                            "media file {key} is missing"
                        ))
                    })?;
            }
            Ok(Some(domain::store::Media {
                key: c::column(&row, "key")?,
                content_type: c::column(&row, "content_type")?,
                width: u32::try_from(c::column::<_, i32>(&row, "width")?).unwrap_or_default(),
                height: u32::try_from(c::column::<_, i32>(&row, "height")?).unwrap_or_default(),
                bytes,
                private: c::column(&row, "private")?,
                maker: c::column::<_, Option<i64>>(&row, "maker_id")?.map(domain::makers::MakerId),
            }))
        })
    }

    async fn maker_storage_used(
        &self,
        maker: domain::makers::MakerId,
    ) -> Result<u64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let used: i64 = sqlx::query_scalar(
                "SELECT CAST(\
                 (SELECT coalesce(sum(byte_size), 0) FROM media WHERE maker_id = $1) + \
                 (SELECT coalesce(sum(d.byte_size), 0) FROM evidence_documents d \
                 JOIN pieces p ON p.id = d.piece_id WHERE p.maker_id = $1) AS BIGINT)",
            )
            .bind(maker.0)
            .fetch_one(pool)
            .await?;
            Ok(u64::try_from(used).unwrap_or_default())
        })
    }
}
