//! The catalogue queries, written once for both dialects.
//!
//! `catalogue_store!` expands to the whole `Store` implementation for one adapter.
//! It takes the adapter, its sqlx database type, and the one piece of SQL the two
//! dialects spell differently (ordered string aggregation). Each adapter supplies
//! `pool()` and `begin_write()` itself, since that is where they really differ.

use app::makers::{CommissionTerms, Location, Technique};
use app::pieces::{Fineness, Metal, MetalComponent, Percent, Price, StoneKind, StoneSummary};
use app::shared::{Country, Currency, ImageRef, Money, Slug};
use app::store::StoreError;

/// Reads one column, mapping a decoding failure to the port's error.
pub(super) fn column<'r, R, T>(row: &'r R, name: &str) -> Result<T, StoreError>
where
    R: sqlx::Row,
    T: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
{
    row.try_get(name).map_err(super::store_error)
}

fn corrupt(what: &str, value: impl std::fmt::Debug) -> StoreError {
    StoreError::Backend(format!("stored {what} is invalid: {value:?}"))
}

pub(super) fn slug(raw: String) -> Result<Slug, StoreError> {
    Slug::parse(&raw).map_err(|_| corrupt("slug", raw))
}

pub(super) fn money(
    currency: Option<&str>,
    minor: Option<i64>,
) -> Result<Option<Money>, StoreError> {
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
) -> Result<Location, StoreError> {
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
) -> Result<CommissionTerms, StoreError> {
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
) -> Result<Price, StoreError> {
    let amount = money(currency, minor)?;
    match (made_to_order, amount) {
        (true, from) => Ok(Price::MadeToOrder { from }),
        (false, Some(amount)) => Ok(Price::Fixed(amount)),
        (false, None) => Err(corrupt("price", "fixed price without an amount")),
    }
}

pub(super) fn metal_component(
    metal: &str,
    fineness: Option<i32>,
    recycled: Option<i32>,
) -> Result<MetalComponent, StoreError> {
    Ok(MetalComponent {
        metal: Metal::from_slug(metal).ok_or_else(|| corrupt("metal", metal))?,
        fineness: fineness
            .map(|f| u16::try_from(f).ok().and_then(|f| Fineness::new(f).ok()))
            .map(|f| f.ok_or_else(|| corrupt("fineness", fineness)))
            .transpose()?,
        recycled: recycled
            .map(|r| u8::try_from(r).ok().and_then(|r| Percent::new(r).ok()))
            .map(|r| r.ok_or_else(|| corrupt("recycled share", recycled)))
            .transpose()?,
    })
}

pub(super) fn stone(species: String, kind: &str) -> Result<StoneSummary, StoreError> {
    Ok(StoneSummary {
        species,
        kind: StoneKind::from_slug(kind).ok_or_else(|| corrupt("stone kind", kind))?,
    })
}

macro_rules! catalogue_store {
    ($store:ty, $db:ty, ordered_agg: $agg:literal) => {
        #[async_trait::async_trait]
        impl app::store::Store for $store {
            async fn ping(&self) -> Result<(), app::store::StoreError> {
                sqlx::query("SELECT 1")
                    .execute(self.pool())
                    .await
                    .map(|_| ())
                    .map_err($crate::store::store_error)
            }

            async fn maker_count(&self) -> Result<u64, app::store::StoreError> {
                let count: i64 = sqlx::query_scalar("SELECT count(*) FROM makers")
                    .fetch_one(self.pool())
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(u64::try_from(count).unwrap_or_default())
            }

            async fn create_maker(
                &self,
                maker: &app::makers::NewMaker,
            ) -> Result<app::makers::MakerId, app::store::StoreError> {
                use $crate::store::store_error;
                let mut tx = self.begin_write().await.map_err(store_error)?;
                let terms = &maker.commissions;
                let currency = terms.price_from.or(terms.price_to).map(|m| m.currency().code());
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO makers (slug, display_name, tagline, story, country, region, city, \
                     open_for_commissions, lead_time_weeks, price_currency, price_from_minor, \
                     price_to_minor, portrait_key, portrait_alt, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                     RETURNING id",
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
                .bind(&maker.portrait_key)
                .bind(format!("Studio mark of {}", maker.display_name))
                .bind($crate::store::time::DbTime(maker.created_at))
                .fetch_one(&mut *tx)
                .await
                .map_err(store_error)?;
                for (position, technique) in maker.techniques.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO maker_techniques (maker_id, position, technique) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(i32::try_from(position).unwrap_or(i32::MAX))
                    .bind(technique.slug())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                tx.commit().await.map_err(store_error)?;
                Ok(app::makers::MakerId(id))
            }

            async fn featured_makers(
                &self,
                limit: u32,
            ) -> Result<Vec<app::makers::MakerCard>, app::store::StoreError> {
                use $crate::store::{catalogue as c, store_error};
                let rows = sqlx::query(concat!(
                    "SELECT m.slug, m.display_name, m.tagline, m.country, m.region, m.city, \
                     m.open_for_commissions, m.lead_time_weeks, m.price_currency, \
                     m.price_from_minor, m.price_to_minor, m.portrait_key, m.portrait_alt, \
                     md.width AS portrait_width, md.height AS portrait_height, \
                     (SELECT ",
                    $agg,
                    " FROM maker_techniques t WHERE t.maker_id = m.id) AS techniques \
                     FROM makers m LEFT JOIN media md ON md.key = m.portrait_key \
                     ORDER BY (SELECT max(p.published_at) FROM pieces p \
                               WHERE p.maker_id = m.id AND p.status = 'published') DESC NULLS LAST, \
                              m.id \
                     LIMIT $1"
                ))
                .bind(i64::from(limit))
                .fetch_all(self.pool())
                .await
                .map_err(store_error)?;
                rows.iter()
                    .map(|row| {
                        let currency: Option<String> = c::column(row, "price_currency")?;
                        Ok(app::makers::MakerCard {
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
                        })
                    })
                    .collect()
            }

            async fn create_piece(
                &self,
                piece: &app::pieces::NewPiece,
            ) -> Result<app::pieces::PieceId, app::store::StoreError> {
                use app::pieces::Price;
                use $crate::store::{store_error, time::DbTime};
                let (made_to_order, amount) = match &piece.price {
                    Price::Fixed(money) => (false, Some(*money)),
                    Price::MadeToOrder { from } => (true, *from),
                };
                let mut tx = self.begin_write().await.map_err(store_error)?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO pieces (maker_id, slug, title, description, made_to_order, \
                     price_currency, price_minor, image_key, image_alt, status, created_at, \
                     published_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
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
                .fetch_one(&mut *tx)
                .await
                .map_err(store_error)?;
                for (position, metal) in piece.metals.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO piece_metals (piece_id, position, metal, fineness, \
                         recycled_percent) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(i32::try_from(position).unwrap_or(i32::MAX))
                    .bind(metal.metal.slug())
                    .bind(metal.fineness.map(|f| i32::from(f.parts_per_thousand())))
                    .bind(metal.recycled.map(|r| i32::from(r.value())))
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                for (position, stone) in piece.stones.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO piece_stones (piece_id, position, species, kind) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(i32::try_from(position).unwrap_or(i32::MAX))
                    .bind(&stone.species)
                    .bind(stone.kind.slug())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                tx.commit().await.map_err(store_error)?;
                Ok(app::pieces::PieceId(id))
            }

            async fn recent_pieces(
                &self,
                limit: u32,
            ) -> Result<Vec<app::pieces::PieceCard>, app::store::StoreError> {
                use std::collections::HashMap;
                use $crate::store::{catalogue as c, store_error};
                let rows = sqlx::query(
                    "SELECT p.id, p.slug, p.title, m.display_name AS maker_name, \
                     m.slug AS maker_slug, p.made_to_order, p.price_currency, p.price_minor, \
                     p.image_key, p.image_alt, md.width AS image_width, md.height AS image_height \
                     FROM pieces p JOIN makers m ON m.id = p.maker_id \
                     LEFT JOIN media md ON md.key = p.image_key \
                     WHERE p.status = 'published' \
                     ORDER BY p.published_at DESC, p.id DESC LIMIT $1",
                )
                .bind(i64::from(limit))
                .fetch_all(self.pool())
                .await
                .map_err(store_error)?;
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let ids: Vec<i64> =
                    rows.iter().map(|row| c::column(row, "id")).collect::<Result<_, _>>()?;

                let mut metals: HashMap<i64, Vec<app::pieces::MetalComponent>> = HashMap::new();
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT piece_id, metal, fineness, recycled_percent FROM piece_metals \
                     WHERE piece_id IN (",
                );
                let mut list = query.separated(", ");
                for id in &ids {
                    list.push_bind(*id);
                }
                query.push(") ORDER BY piece_id, position");
                for row in query.build().fetch_all(self.pool()).await.map_err(store_error)? {
                    let component = c::metal_component(
                        c::column(&row, "metal")?,
                        c::column(&row, "fineness")?,
                        c::column(&row, "recycled_percent")?,
                    )?;
                    metals.entry(c::column(&row, "piece_id")?).or_default().push(component);
                }

                let mut stones: HashMap<i64, Vec<app::pieces::StoneSummary>> = HashMap::new();
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT piece_id, species, kind FROM piece_stones WHERE piece_id IN (",
                );
                let mut list = query.separated(", ");
                for id in &ids {
                    list.push_bind(*id);
                }
                query.push(") ORDER BY piece_id, position");
                for row in query.build().fetch_all(self.pool()).await.map_err(store_error)? {
                    let stone = c::stone(c::column(&row, "species")?, c::column(&row, "kind")?)?;
                    stones.entry(c::column(&row, "piece_id")?).or_default().push(stone);
                }

                rows.iter()
                    .map(|row| {
                        let id: i64 = c::column(row, "id")?;
                        let currency: Option<String> = c::column(row, "price_currency")?;
                        Ok(app::pieces::PieceCard {
                            slug: c::slug(c::column(row, "slug")?)?,
                            title: c::column(row, "title")?,
                            maker_name: c::column(row, "maker_name")?,
                            maker_slug: c::slug(c::column(row, "maker_slug")?)?,
                            price: c::price(
                                c::column(row, "made_to_order")?,
                                currency.as_deref(),
                                c::column(row, "price_minor")?,
                            )?,
                            materials: app::pieces::materials_summary(
                                metals.get(&id).map(Vec::as_slice).unwrap_or_default(),
                                stones.get(&id).map(Vec::as_slice).unwrap_or_default(),
                            ),
                            image: c::image(
                                c::column(row, "image_key")?,
                                c::column(row, "image_alt")?,
                                c::column(row, "image_width")?,
                                c::column(row, "image_height")?,
                            ),
                        })
                    })
                    .collect()
            }

            async fn put_media(
                &self,
                media: &app::store::Media,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO media (key, content_type, width, height, bytes) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING",
                )
                .bind(&media.key)
                .bind(&media.content_type)
                .bind(i32::try_from(media.width).unwrap_or(i32::MAX))
                .bind(i32::try_from(media.height).unwrap_or(i32::MAX))
                .bind(&media.bytes)
                .execute(self.pool())
                .await
                .map(|_| ())
                .map_err($crate::store::store_error)
            }

            async fn media(
                &self,
                key: &str,
            ) -> Result<Option<app::store::Media>, app::store::StoreError> {
                use $crate::store::{catalogue as c, store_error};
                let row = sqlx::query(
                    "SELECT key, content_type, width, height, bytes FROM media WHERE key = $1",
                )
                .bind(key)
                .fetch_optional(self.pool())
                .await
                .map_err(store_error)?;
                row.map(|row| {
                    Ok(app::store::Media {
                        key: c::column(&row, "key")?,
                        content_type: c::column(&row, "content_type")?,
                        width: u32::try_from(c::column::<_, i32>(&row, "width")?).unwrap_or_default(),
                        height: u32::try_from(c::column::<_, i32>(&row, "height")?).unwrap_or_default(),
                        bytes: c::column(&row, "bytes")?,
                    })
                })
                .transpose()
            }
        }
    };
}
