//! The read side of the catalogue: cards by id, the facet index, maker and piece
//! pages, the sitemap. Written once for both dialects, like `catalogue.rs`.
//!
//! Each adapter file adds `text_scores`, the one query its dialect spells its own way.

use super::SqlResult;
use super::catalogue::{SHOWN_PIECE, SOLD_UNITS};
use super::{Dialect, SqlStore};

use super::index::{Bits, Catalogue, Entry};
use domain::makers::Technique;
use domain::pieces::{Metal, Sourcing, StoneKind};
use domain::search::{EvidenceFacet, StoneFacet};
use domain::shared::Country;
use std::collections::HashMap;

/// Which full-text index a search reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextTarget {
    Makers,
    Pieces,
}

/// A published piece's facets, gathered row by row while the index is loaded.
#[derive(Default)]
pub(super) struct PieceFacets {
    techniques: Vec<Technique>,
    metals: Vec<Metal>,
    metal_count: usize,
    all_metal_recycled: bool,
    stones: Vec<StoneFacet>,
    sourcing: Vec<Sourcing>,
}

/// What the loader reads for one published piece.
pub(super) struct PieceRow {
    pub id: i64,
    pub maker_id: i64,
    pub published: i64,
    pub price_euro_cents: Option<i64>,
    pub country: Country,
    pub open: bool,
    /// `EvidenceFacet` slugs, comma-separated, as stored.
    pub evidence: String,
}

/// What the loader reads for one published maker.
pub(super) struct MakerRow {
    pub id: i64,
    pub published: i64,
    pub price_euro_cents: Option<(i64, i64)>,
    pub country: Country,
    pub open: bool,
    pub techniques: Vec<Technique>,
}

#[derive(Default)]
pub(super) struct FacetRows {
    facets: HashMap<i64, PieceFacets>,
}

impl FacetRows {
    pub fn technique(&mut self, piece: i64, slug: &str) {
        if let Some(t) = Technique::from_slug(slug) {
            self.facets.entry(piece).or_default().techniques.push(t);
        }
    }

    pub fn metal(&mut self, piece: i64, slug: &str, recycled: Option<i32>) {
        let facets = self.facets.entry(piece).or_default();
        if facets.metal_count == 0 {
            facets.all_metal_recycled = true;
        }
        facets.metal_count += 1;
        facets.all_metal_recycled &= recycled == Some(100);
        if let Some(metal) = Metal::from_slug(slug) {
            facets.metals.push(metal);
        }
    }

    pub fn stone(&mut self, piece: i64, kind: &str) {
        if let Some(kind) = StoneKind::from_slug(kind) {
            self.facets
                .entry(piece)
                .or_default()
                .stones
                .push(StoneFacet::of_kind(kind));
        }
    }

    pub fn sourcing(&mut self, piece: i64, scheme: &str) {
        if let Some(s) = Sourcing::from_slug(scheme) {
            self.facets.entry(piece).or_default().sourcing.push(s);
        }
    }

    /// Joins pieces, their facets and makers into both listings.
    pub fn into_catalogue(
        mut self,
        version: i64,
        pieces: Vec<PieceRow>,
        makers: Vec<MakerRow>,
    ) -> Catalogue {
        let mut maker_work: HashMap<i64, Entry> = HashMap::new();
        let piece_entries: Vec<Entry> = pieces
            .into_iter()
            .map(|piece| {
                let facets = self.facets.remove(&piece.id).unwrap_or_default();
                let stones = if facets.stones.is_empty() {
                    vec![StoneFacet::NoStones]
                } else {
                    facets.stones
                };
                let recycled = facets.metal_count > 0 && facets.all_metal_recycled;
                let entry = Entry {
                    id: piece.id,
                    maker_id: piece.maker_id,
                    techniques: Bits::of(&Technique::ALL, facets.techniques),
                    metals: Bits::of(&Metal::ALL, facets.metals),
                    stones: Bits::of(&StoneFacet::ALL, stones),
                    sourcing: Bits::of(
                        &Sourcing::ALL,
                        facets
                            .sourcing
                            .into_iter()
                            .chain(recycled.then_some(Sourcing::RecycledMetal)),
                    ),
                    evidence: Bits::of(
                        &EvidenceFacet::ALL,
                        piece
                            .evidence
                            .split(',')
                            .filter_map(EvidenceFacet::from_slug),
                    ),
                    country: piece.country,
                    price: piece.price_euro_cents.map(|cents| (cents, cents)),
                    open: piece.open,
                    newest: piece.published,
                };
                let work = maker_work.entry(piece.maker_id).or_insert(Entry {
                    id: piece.maker_id,
                    newest: i64::MIN,
                    ..entry.clone()
                });
                work.techniques = work.techniques.union(entry.techniques);
                work.metals = work.metals.union(entry.metals);
                work.stones = work.stones.union(entry.stones);
                work.sourcing = work.sourcing.union(entry.sourcing);
                work.evidence = work.evidence.union(entry.evidence);
                work.newest = work.newest.max(entry.newest);
                entry
            })
            .collect();
        let maker_entries = makers
            .into_iter()
            .map(|maker| {
                let own = Bits::of(&Technique::ALL, maker.techniques);
                let work = maker_work.remove(&maker.id);
                Entry {
                    id: maker.id,
                    maker_id: maker.id,
                    techniques: work.as_ref().map_or(own, |w| w.techniques.union(own)),
                    metals: work.as_ref().map(|w| w.metals).unwrap_or_default(),
                    stones: work.as_ref().map(|w| w.stones).unwrap_or_default(),
                    sourcing: work.as_ref().map(|w| w.sourcing).unwrap_or_default(),
                    evidence: work.as_ref().map(|w| w.evidence).unwrap_or_default(),
                    country: maker.country,
                    price: maker.price_euro_cents,
                    open: maker.open,
                    newest: work.map_or(maker.published, |w| w.newest.max(maker.published)),
                }
            })
            .collect();
        Catalogue {
            version,
            makers: maker_entries,
            pieces: piece_entries,
        }
    }
}

/// A commission price range in euro cents; a range given by one end is that price.
pub(super) fn euro_range(
    currency: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
) -> SqlResult<Option<(i64, i64)>> {
    let from = super::catalogue::money(currency, from)?.map(|m| m.indicative_euro_cents());
    let to = super::catalogue::money(currency, to)?.map(|m| m.indicative_euro_cents());
    Ok(match (from, to) {
        (None, None) => None,
        (Some(from), Some(to)) => Some((from.min(to), from.max(to))),
        (Some(only), None) | (None, Some(only)) => Some((only, only)),
    })
}

/// `YYYY-MM-DD` of an instant, in UTC.
pub(super) fn day(time: jiff::Timestamp) -> String {
    time.strftime("%Y-%m-%d").to_string()
}

impl SqlStore {
    /// The facet index at the database's current version: brought up to date
    /// by reloading only the makers whose listings changed, when this server
    /// still has a recent one.
    pub(super) async fn catalogue(
        &self,
    ) -> Result<std::sync::Arc<crate::store::index::Catalogue>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            /// Beyond this many changes a full rebuild is as quick.
            const MAX_UPDATE: i64 = 2_000;
            let version = domain::store::Catalogue::catalogue_version(self).await?;
            self.index
                .at(version, |previous| async move {
                    let Some(previous) = previous.filter(|p| version - p.version <= MAX_UPDATE)
                    else {
                        return Ok(self.load_catalogue(version, None).await?);
                    };
                    let changes: Vec<i64> = sqlx::query_scalar(
                        "SELECT maker_id FROM catalogue_changes \
                         WHERE version > $1 AND version <= $2",
                    )
                    .bind(previous.version)
                    .bind(version)
                    .fetch_all(pool)
                    .await?;
                    // A gap means old changes were forgotten: rebuild everything.
                    if i64::try_from(changes.len()).ok() != Some(version - previous.version) {
                        return Ok(self.load_catalogue(version, None).await?);
                    }
                    let mut makers = changes;
                    makers.sort_unstable();
                    makers.dedup();
                    let fresh = self.load_catalogue(version, Some(&makers)).await?;
                    Ok(previous.updated(&makers, fresh))
                })
                .await
        })
    }

    /// Loads the listings of every maker, or of `only` these makers.
    pub(super) async fn load_catalogue(
        &self,
        version: i64,
        only: Option<&[i64]>,
    ) -> Result<crate::store::index::Catalogue, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::browse::{FacetRows, MakerRow, PieceRow};
            use crate::store::{catalogue as c, time::DbTime};
            // Maker ids come from the database as integers: safe to inline.
            let of_makers = |column: &str| match only {
                Some(ids) => format!(
                    " AND {column} IN ({})",
                    ids.iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => String::new(),
            };
            if only.is_some_and(<[i64]>::is_empty) {
                return Ok(crate::store::index::Catalogue {
                    version,
                    makers: Vec::new(),
                    pieces: Vec::new(),
                });
            }
            let listed = format!("{SHOWN_PIECE}{}", of_makers("m.id"));
            let listed_rows = |table: &str, columns: &str| {
                format!(
                    "SELECT {columns} FROM {table} x JOIN pieces p ON p.id = x.piece_id \
                     JOIN makers m ON m.id = p.maker_id WHERE {listed}"
                )
            };
            let mut facets = FacetRows::default();
            for row in sqlx::query(&listed_rows("piece_techniques", "x.piece_id, x.technique"))
                .fetch_all(pool)
                .await?
            {
                let technique: String = c::column(&row, "technique")?;
                facets.technique(c::column(&row, "piece_id")?, &technique);
            }
            for row in sqlx::query(&listed_rows(
                "piece_metals",
                "x.piece_id, x.metal, x.recycled_percent",
            ))
            .fetch_all(pool)
            .await?
            {
                let metal: String = c::column(&row, "metal")?;
                facets.metal(
                    c::column(&row, "piece_id")?,
                    &metal,
                    c::column(&row, "recycled_percent")?,
                );
            }
            for row in sqlx::query(&listed_rows("piece_stones", "x.piece_id, x.kind"))
                .fetch_all(pool)
                .await?
            {
                let kind: String = c::column(&row, "kind")?;
                facets.stone(c::column(&row, "piece_id")?, &kind);
            }
            for row in sqlx::query(&listed_rows("piece_sourcing", "x.piece_id, x.scheme"))
                .fetch_all(pool)
                .await?
            {
                let scheme: String = c::column(&row, "scheme")?;
                facets.sourcing(c::column(&row, "piece_id")?, &scheme);
            }

            let pieces = sqlx::query(&format!(
                "SELECT p.id, p.maker_id, p.published_at, p.price_currency, p.price_minor, \
                 p.evidence, m.country, m.open_for_commissions FROM pieces p \
                 JOIN makers m ON m.id = p.maker_id WHERE {listed}"
            ))
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let currency: Option<String> = c::column(row, "price_currency")?;
                let country: String = c::column(row, "country")?;
                let published: Option<DbTime> = c::column(row, "published_at")?;
                Ok(PieceRow {
                    id: c::column(row, "id")?,
                    maker_id: c::column(row, "maker_id")?,
                    published: published.map_or(0, |t| t.0.as_microsecond()),
                    price_euro_cents: c::money(
                        currency.as_deref(),
                        c::column(row, "price_minor")?,
                    )?
                    .map(|m| m.indicative_euro_cents()),
                    country: c::location(&country, None, None)?.country,
                    open: c::column(row, "open_for_commissions")?,
                    evidence: c::column(row, "evidence")?,
                })
            })
            .collect::<Result<Vec<_>, domain::store::StoreError>>()?;

            let mut maker_techniques: std::collections::HashMap<
                i64,
                Vec<domain::makers::Technique>,
            > = std::collections::HashMap::new();
            for row in sqlx::query(&format!(
                "SELECT maker_id, technique FROM maker_techniques WHERE 1 = 1{}",
                of_makers("maker_id")
            ))
            .fetch_all(pool)
            .await?
            {
                let technique: String = c::column(&row, "technique")?;
                if let Some(t) = domain::makers::Technique::from_slug(&technique) {
                    maker_techniques
                        .entry(c::column(&row, "maker_id")?)
                        .or_default()
                        .push(t);
                }
            }
            let makers = sqlx::query(&format!(
                "SELECT id, published_at, country, open_for_commissions, price_currency, \
                 price_from_minor, price_to_minor FROM makers WHERE published_at IS NOT NULL{}",
                of_makers("id")
            ))
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let id: i64 = c::column(row, "id")?;
                let currency: Option<String> = c::column(row, "price_currency")?;
                let country: String = c::column(row, "country")?;
                let published: DbTime = c::column(row, "published_at")?;
                Ok(MakerRow {
                    id,
                    published: published.0.as_microsecond(),
                    price_euro_cents: crate::store::browse::euro_range(
                        currency.as_deref(),
                        c::column(row, "price_from_minor")?,
                        c::column(row, "price_to_minor")?,
                    )?,
                    country: c::location(&country, None, None)?.country,
                    open: c::column(row, "open_for_commissions")?,
                    techniques: maker_techniques.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, domain::store::StoreError>>()?;
            Ok(facets.into_catalogue(version, pieces, makers))
        })
    }

    /// Maker cards for `ids`, in that order; ids that are not found are skipped.
    pub(super) async fn maker_cards(
        &self,
        ids: &[i64],
    ) -> Result<Vec<domain::makers::MakerCard>, domain::store::StoreError> {
        on_pool!(self, |pool, Db| {
            use crate::store::catalogue as c;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let mut query = sqlx::QueryBuilder::<Db>::new(format!(
                "SELECT m.id, m.slug, m.display_name, m.tagline, m.country, m.region, m.city, \
                 m.open_for_commissions, m.lead_time_weeks, m.price_currency, \
                 m.price_from_minor, m.price_to_minor, m.portrait_key, m.portrait_alt, \
                 md.width AS portrait_width, md.height AS portrait_height, \
                 (SELECT {} FROM maker_techniques t WHERE t.maker_id = m.id) AS techniques \
                 FROM makers m LEFT JOIN media md ON md.key = m.portrait_key WHERE m.id IN (",
                pool.techniques_in_order("t.technique", "t.position")
            ));
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(")");
            let rows = query.build().fetch_all(pool).await?;
            let mut cards = std::collections::HashMap::with_capacity(rows.len());
            for row in &rows {
                let currency: Option<String> = c::column(row, "price_currency")?;
                let card = domain::makers::MakerCard {
                    slug: c::slug(c::column(row, "slug")?)?,
                    display_name: c::column(row, "display_name")?,
                    tagline: c::column(row, "tagline")?,
                    location: c::location(
                        c::column(row, "country")?,
                        c::column(row, "region")?,
                        c::column(row, "city")?,
                    )?,
                    techniques: c::techniques(c::column(row, "techniques")?),
                    commissions: c::commission_terms(
                        c::column(row, "open_for_commissions")?,
                        c::column(row, "lead_time_weeks")?,
                        currency.as_deref(),
                        c::column(row, "price_from_minor")?,
                        c::column(row, "price_to_minor")?,
                    )?,
                    portrait: c::image(
                        c::column(row, "portrait_key")?,
                        c::column(row, "portrait_alt")?,
                        c::column(row, "portrait_width")?,
                        c::column(row, "portrait_height")?,
                    ),
                };
                cards.insert(c::column::<_, i64>(row, "id")?, card);
            }
            Ok(ids.iter().filter_map(|id| cards.remove(id)).collect())
        })
    }

    /// A piece's photos: the cover first, then the gallery in order.
    pub(super) async fn piece_photos(
        &self,
        id: i64,
    ) -> Result<Vec<domain::shared::ImageRef>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let rows = sqlx::query(
                "SELECT p.image_key AS media_key, p.image_alt AS alt, md.width, md.height, \
                 -1 AS position FROM pieces p JOIN media md ON md.key = p.image_key \
                 WHERE p.id = $1 \
                 UNION ALL \
                 SELECT i.media_key, i.alt, md.width, md.height, i.position \
                 FROM piece_images i JOIN media md ON md.key = i.media_key \
                 WHERE i.piece_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let mut photos = Vec::with_capacity(rows.len());
            for row in &rows {
                photos.extend(c::image(
                    c::column(row, "media_key")?,
                    c::column(row, "alt")?,
                    c::column(row, "width")?,
                    c::column(row, "height")?,
                ));
            }
            Ok(photos)
        })
    }

    /// The metals and stones of `ids`, each in its stated order.
    pub(super) async fn piece_materials(
        &self,
        ids: &[i64],
    ) -> Result<
        (
            std::collections::HashMap<i64, Vec<domain::pieces::MetalComponent>>,
            std::collections::HashMap<i64, Vec<domain::pieces::StoneSummary>>,
        ),
        domain::store::StoreError,
    > {
        on_pool!(self, |pool, Db| {
            use crate::store::catalogue as c;
            use std::collections::HashMap;
            let mut metals: HashMap<i64, Vec<domain::pieces::MetalComponent>> = HashMap::new();
            let mut stones: HashMap<i64, Vec<domain::pieces::StoneSummary>> = HashMap::new();
            if ids.is_empty() {
                return Ok((metals, stones));
            }
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "SELECT piece_id, metal, fineness, recycled_percent FROM piece_metals \
                 WHERE piece_id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(") ORDER BY piece_id, position");
            for row in query.build().fetch_all(pool).await? {
                let component = c::metal_component(
                    c::column(&row, "metal")?,
                    c::column(&row, "fineness")?,
                    c::column(&row, "recycled_percent")?,
                )?;
                metals
                    .entry(c::column(&row, "piece_id")?)
                    .or_default()
                    .push(component);
            }
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "SELECT piece_id, species, kind FROM piece_stones WHERE piece_id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(") ORDER BY piece_id, position");
            for row in query.build().fetch_all(pool).await? {
                let stone = c::stone(c::column(&row, "species")?, c::column(&row, "kind")?)?;
                stones
                    .entry(c::column(&row, "piece_id")?)
                    .or_default()
                    .push(stone);
            }
            Ok((metals, stones))
        })
    }

    /// Piece cards for `ids`, in that order; ids that are not found are skipped.
    pub(super) async fn piece_cards(
        &self,
        ids: &[i64],
    ) -> Result<Vec<domain::pieces::PieceCard>, domain::store::StoreError> {
        on_pool!(self, |pool, Db| {
            use crate::store::catalogue as c;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "SELECT p.id, p.slug, p.title, m.display_name AS maker_name, \
                 m.slug AS maker_slug, p.made_to_order, p.price_currency, p.price_minor, \
                 p.image_key, p.image_alt, md.width AS image_width, md.height AS image_height \
                 FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 LEFT JOIN media md ON md.key = p.image_key WHERE p.id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(")");
            let rows = query.build().fetch_all(pool).await?;
            let (metals, stones) = self.piece_materials(ids).await?;
            let mut cards = std::collections::HashMap::with_capacity(rows.len());
            for row in &rows {
                let id: i64 = c::column(row, "id")?;
                let currency: Option<String> = c::column(row, "price_currency")?;
                let card = domain::pieces::PieceCard {
                    slug: c::slug(c::column(row, "slug")?)?,
                    title: c::column(row, "title")?,
                    maker_name: c::column(row, "maker_name")?,
                    maker_slug: c::slug(c::column(row, "maker_slug")?)?,
                    price: c::price(
                        c::column(row, "made_to_order")?,
                        currency.as_deref(),
                        c::column(row, "price_minor")?,
                    )?,
                    materials: domain::pieces::materials_summary(
                        metals.get(&id).map(Vec::as_slice).unwrap_or_default(),
                        stones.get(&id).map(Vec::as_slice).unwrap_or_default(),
                    ),
                    image: c::image(
                        c::column(row, "image_key")?,
                        c::column(row, "image_alt")?,
                        c::column(row, "image_width")?,
                        c::column(row, "image_height")?,
                    ),
                };
                cards.insert(id, card);
            }
            Ok(ids.iter().filter_map(|id| cards.remove(id)).collect())
        })
    }

    pub(super) async fn browse_search(
        &self,
        target: crate::store::browse::TextTarget,
        query: &domain::search::ListingQuery,
    ) -> Result<crate::store::index::Selection, domain::store::StoreError> {
        use crate::store::browse::TextTarget;
        let catalogue = self.catalogue().await?;
        let scores = if !crate::store::text::is_searchable(&query.text) {
            None
        } else {
            Some(self.text_scores(target, &query.text).await?)
        };
        let entries = match target {
            TextTarget::Makers => &catalogue.makers,
            TextTarget::Pieces => &catalogue.pieces,
        };
        Ok(crate::store::index::select(entries, query, scores.as_ref()))
    }

    pub(super) async fn browse_maker_profile(
        &self,
        slug: &str,
    ) -> Result<Option<domain::catalogue::MakerProfile>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let Some(row) = sqlx::query(
                "SELECT id, story, studio, making_policy FROM makers \
                 WHERE slug = $1 AND published_at IS NOT NULL",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let id: i64 = c::column(&row, "id")?;
            let Some(card) = self.maker_cards(&[id]).await?.pop() else {
                return Ok(None);
            };
            let piece_ids: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM pieces WHERE maker_id = $1 AND status = 'published' \
                 ORDER BY published_at DESC, id DESC LIMIT 120",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            Ok(Some(domain::catalogue::MakerProfile {
                card,
                story: c::column(&row, "story")?,
                studio: c::column(&row, "studio")?,
                making_policy: c::column(&row, "making_policy")?,
                portfolio: self.piece_cards(&piece_ids).await?,
            }))
        })
    }

    pub(super) async fn browse_piece_detail(
        &self,
        slug: &str,
    ) -> Result<Option<domain::catalogue::PieceDetail>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::{catalogue as c, time::DbTime};
            let Some(row) = sqlx::query(&format!(
                "SELECT p.id, p.maker_id, p.slug, p.title, p.description, p.made_to_order, \
                 p.price_currency, p.price_minor, p.dimensions, p.published_at, \
                 p.disclosure, \
                 (SELECT x.id FROM passports x WHERE x.piece_id = p.id LIMIT 1) AS passport, \
                 {SOLD_UNITS} AS sold_units, \
                 EXISTS (SELECT 1 FROM sales_terms t WHERE t.maker_id = p.maker_id) AS sells \
                 FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 WHERE p.slug = $1 AND {SHOWN_PIECE}"
            ))
            .bind(slug)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let id: i64 = c::column(&row, "id")?;
            let Some(maker) = self
                .maker_cards(&[c::column(&row, "maker_id")?])
                .await?
                .pop()
            else {
                return Ok(None);
            };
            let (mut metals, mut stones) = self.piece_materials(&[id]).await?;
            let metals = metals.remove(&id).unwrap_or_default();
            let techniques: Vec<String> = sqlx::query_scalar(
                "SELECT technique FROM piece_techniques WHERE piece_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let stated: Vec<String> =
                sqlx::query_scalar("SELECT scheme FROM piece_sourcing WHERE piece_id = $1")
                    .bind(id)
                    .fetch_all(pool)
                    .await?;
            let stated: Vec<domain::pieces::Sourcing> = stated
                .iter()
                .filter_map(|s| domain::pieces::Sourcing::from_slug(s))
                .collect();
            let images = self.piece_photos(id).await?;
            let currency: Option<String> = c::column(&row, "price_currency")?;
            let published: Option<DbTime> = c::column(&row, "published_at")?;
            let disclosure: Option<sqlx::types::Json<domain::provenance::Disclosure>> =
                c::column(&row, "disclosure")?;
            let sold_units: i64 = c::column(&row, "sold_units")?;
            Ok(Some(domain::catalogue::PieceDetail {
                sold_units: u32::try_from(sold_units).unwrap_or(u32::MAX),
                sells_online: c::column(&row, "sells")?,
                disclosure: disclosure.map(|json| json.0),
                passport: c::column(&row, "passport")?,
                slug: c::slug(c::column(&row, "slug")?)?,
                title: c::column(&row, "title")?,
                description: c::column(&row, "description")?,
                maker,
                price: c::price(
                    c::column(&row, "made_to_order")?,
                    currency.as_deref(),
                    c::column(&row, "price_minor")?,
                )?,
                dimensions: c::column(&row, "dimensions")?,
                techniques: techniques
                    .iter()
                    .filter_map(|t| domain::makers::Technique::from_slug(t))
                    .collect(),
                sourcing: domain::pieces::Sourcing::of_piece(&metals, &stated),
                metals,
                stones: stones.remove(&id).unwrap_or_default(),
                images,
                published_on: published
                    .map(|t| crate::store::browse::day(t.0))
                    .unwrap_or_default(),
            }))
        })
    }

    pub(super) async fn browse_sitemap(
        &self,
    ) -> Result<Vec<domain::store::SitemapEntry>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::{browse::day, catalogue as c, time::DbTime};
            let mut entries = Vec::new();
            for row in sqlx::query(
                "SELECT m.slug, m.published_at, (SELECT max(p.published_at) FROM pieces p \
                 WHERE p.maker_id = m.id AND p.status = 'published') AS newest_piece \
                 FROM makers m WHERE m.published_at IS NOT NULL ORDER BY m.slug",
            )
            .fetch_all(pool)
            .await?
            {
                let slug: String = c::column(&row, "slug")?;
                let published: DbTime = c::column(&row, "published_at")?;
                let newest: Option<DbTime> = c::column(&row, "newest_piece")?;
                let changed = newest.map_or(published.0, |n| n.0.max(published.0));
                entries.push(domain::store::SitemapEntry {
                    path: format!("/makers/{slug}"),
                    last_modified: day(changed),
                });
            }
            for row in sqlx::query(&format!(
                "SELECT p.slug, p.published_at FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 WHERE {SHOWN_PIECE} ORDER BY p.slug"
            ))
            .fetch_all(pool)
            .await?
            {
                let slug: String = c::column(&row, "slug")?;
                let published: DbTime = c::column(&row, "published_at")?;
                entries.push(domain::store::SitemapEntry {
                    path: format!("/pieces/{slug}"),
                    last_modified: day(published.0),
                });
            }
            Ok(entries)
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_price_range_with_one_end_is_that_price() {
        let range = |from, to| super::euro_range(Some("EUR"), from, to).unwrap();
        assert_eq!(range(Some(50_000), None), Some((50_000, 50_000)));
        assert_eq!(range(None, Some(90_000)), Some((90_000, 90_000)));
        assert_eq!(range(Some(10_000), Some(20_000)), Some((10_000, 20_000)));
        assert_eq!(range(None, None), None);
    }
}
