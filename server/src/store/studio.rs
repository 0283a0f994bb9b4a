//! The studio's queries, written once for both dialects. Every statement on a
//! piece carries `maker_id = $maker`, so another maker's piece is simply not found.

use super::{Dialect, SqlStore};
use domain::studio::StudioStore;

/// Replaces a piece's photos inside a write transaction: the first is the cover.
macro_rules! write_piece_photos {
    ($tx:expr, $id:expr, $photos:expr) => {{
        let photos: &[domain::shared::ImageRef] = $photos;
        let cover = photos.first();
        sqlx::query("UPDATE pieces SET image_key = $2, image_alt = $3 WHERE id = $1")
            .bind($id)
            .bind(cover.map(|photo| photo.key.as_str()))
            .bind(cover.map(|photo| photo.alt.as_str()).unwrap_or_default())
            .execute(&mut **$tx)
            .await?;
        sqlx::query("DELETE FROM piece_images WHERE piece_id = $1")
            .bind($id)
            .execute(&mut **$tx)
            .await?;
        for (position, photo) in photos.iter().skip(1).enumerate() {
            sqlx::query(
                "INSERT INTO piece_images (piece_id, position, media_key, alt) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind($id)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind(&photo.key)
            .bind(&photo.alt)
            .execute(&mut **$tx)
            .await?;
        }
    }};
}

/// Inside a write transaction: once a piece is published, its photos (every size
/// of each) are public like the page showing them. Only the maker's own files
/// change, whatever keys the piece names.
macro_rules! publish_piece_photos {
    ($tx:expr, $piece:expr, $maker:expr) => {{
        sqlx::query(
            "UPDATE media SET private = FALSE WHERE private = TRUE AND maker_id = $2 \
             AND stem IN (SELECT cover.stem FROM media cover WHERE cover.key IN \
             (SELECT image_key FROM pieces WHERE id = $1 \
             UNION SELECT media_key FROM piece_images WHERE piece_id = $1)) \
             AND EXISTS (SELECT 1 FROM pieces WHERE id = $1 AND maker_id = $2 \
             AND status = 'published')",
        )
        .bind($piece)
        .bind($maker)
        .execute(&mut **$tx)
        .await?;
    }};
}

#[async_trait::async_trait]
impl StudioStore for SqlStore {
    async fn studio_of(
        &self,
        account: domain::accounts::AccountId,
    ) -> Result<Option<domain::studio::StudioMaker>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::{catalogue as c, time::DbTime};
            let Some(row) = sqlx::query(
                "SELECT id, slug, display_name, country, published_at FROM makers \
                 WHERE account_id = $1",
            )
            .bind(account.0)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let country: String = c::column(&row, "country")?;
            let published: Option<DbTime> = c::column(&row, "published_at")?;
            Ok(Some(domain::studio::StudioMaker {
                id: domain::makers::MakerId(c::column(&row, "id")?),
                slug: c::slug(c::column(&row, "slug")?)?,
                display_name: c::column(&row, "display_name")?,
                country: c::location(&country, None, None)?.country,
                published: published.is_some(),
            }))
        })
    }

    async fn open_studio(
        &self,
        account: domain::accounts::AccountId,
        profile: &domain::studio::MakerEdit,
        now: jiff::Timestamp,
    ) -> Result<domain::makers::MakerId, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let existing: Option<i64> =
                sqlx::query_scalar("SELECT id FROM makers WHERE account_id = $1")
                    .bind(account.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if existing.is_some() {
                return Err(domain::store::Conflict::Studio.into());
            }
            let maker = domain::makers::NewMaker {
                profile: profile.clone(),
                portrait_key: None,
                created_at: now,
                published_at: None,
            };
            let id = insert_maker!(&mut tx, &maker, Some(account.0));
            sqlx::query("UPDATE accounts SET role = 'maker' WHERE id = $1 AND role = 'buyer'")
                .bind(account.0)
                .execute(&mut *tx)
                .await?;
            commit_catalogue_change!(tx, id);
            Ok(domain::makers::MakerId(id))
        })
    }

    async fn studio_profile(
        &self,
        maker: domain::makers::MakerId,
    ) -> Result<Option<domain::studio::MakerEdit>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let Some(row) = sqlx::query(
                "SELECT slug, display_name, tagline, story, studio, making_policy, country, \
                 region, city, open_for_commissions, lead_time_weeks, price_currency, \
                 price_from_minor, price_to_minor FROM makers WHERE id = $1",
            )
            .bind(maker.0)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let techniques: Vec<String> = sqlx::query_scalar(
                "SELECT technique FROM maker_techniques WHERE maker_id = $1 ORDER BY position",
            )
            .bind(maker.0)
            .fetch_all(pool)
            .await?;
            let country: String = c::column(&row, "country")?;
            let currency: Option<String> = c::column(&row, "price_currency")?;
            Ok(Some(domain::studio::MakerEdit {
                slug: c::slug(c::column(&row, "slug")?)?,
                display_name: c::column(&row, "display_name")?,
                tagline: c::column(&row, "tagline")?,
                story: c::column(&row, "story")?,
                studio: c::column(&row, "studio")?,
                making_policy: c::column(&row, "making_policy")?,
                location: c::location(
                    &country,
                    c::column(&row, "region")?,
                    c::column(&row, "city")?,
                )?,
                techniques: c::techniques(Some(techniques.join(","))),
                commissions: c::commission_terms(
                    c::column(&row, "open_for_commissions")?,
                    c::column(&row, "lead_time_weeks")?,
                    currency.as_deref(),
                    c::column(&row, "price_from_minor")?,
                    c::column(&row, "price_to_minor")?,
                )?,
            }))
        })
    }

    async fn update_profile(
        &self,
        maker: domain::makers::MakerId,
        profile: &domain::studio::MakerEdit,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let old_name: Option<String> =
                sqlx::query_scalar("SELECT display_name FROM makers WHERE id = $1")
                    .bind(maker.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let old_name = old_name.ok_or(domain::store::StoreError::MissingReference)?;
            let terms = &profile.commissions;
            let currency = terms
                .price_from
                .or(terms.price_to)
                .map(|m| m.currency().code());
            sqlx::query(
                "UPDATE makers SET slug = $2, display_name = $3, tagline = $4, story = $5, \
                 studio = $6, making_policy = $7, country = $8, region = $9, city = $10, \
                 open_for_commissions = $11, lead_time_weeks = $12, price_currency = $13, \
                 price_from_minor = $14, price_to_minor = $15, search_text = $16 \
                 WHERE id = $1",
            )
            .bind(maker.0)
            .bind(profile.slug.as_str())
            .bind(&profile.display_name)
            .bind(&profile.tagline)
            .bind(&profile.story)
            .bind(&profile.studio)
            .bind(&profile.making_policy)
            .bind(profile.location.country.code())
            .bind(&profile.location.region)
            .bind(&profile.location.city)
            .bind(terms.open)
            .bind(terms.lead_time_weeks.map(i32::from))
            .bind(currency)
            .bind(terms.price_from.map(|m| m.minor()))
            .bind(terms.price_to.map(|m| m.minor()))
            .bind(crate::store::catalogue::maker_search_text(
                &profile.techniques,
                &profile.location,
            ))
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM maker_techniques WHERE maker_id = $1")
                .bind(maker.0)
                .execute(&mut *tx)
                .await?;
            for (position, technique) in profile.techniques.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO maker_techniques (maker_id, position, technique) \
                     VALUES ($1, $2, $3)",
                )
                .bind(maker.0)
                .bind(i32::try_from(position).unwrap_or(i32::MAX))
                .bind(technique.slug())
                .execute(&mut *tx)
                .await?;
            }
            if old_name != profile.display_name {
                // Pieces are found by their maker's name, which leads their words.
                sqlx::query(
                    "UPDATE pieces SET search_text = $2 || substr(search_text, $3) \
                     WHERE maker_id = $1",
                )
                .bind(maker.0)
                .bind(&profile.display_name)
                .bind(i32::try_from(old_name.chars().count() + 1).unwrap_or(i32::MAX))
                .execute(&mut *tx)
                .await?;
            }
            commit_catalogue_change!(tx, maker.0);
            Ok(())
        })
    }

    async fn portrait(
        &self,
        maker: domain::makers::MakerId,
    ) -> Result<Option<domain::shared::ImageRef>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let row = sqlx::query(
                "SELECT m.portrait_key, m.portrait_alt, md.width, md.height FROM makers m \
                 LEFT JOIN media md ON md.key = m.portrait_key WHERE m.id = $1",
            )
            .bind(maker.0)
            .fetch_optional(pool)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            Ok(c::image(
                c::column(&row, "portrait_key")?,
                c::column(&row, "portrait_alt")?,
                c::column(&row, "width")?,
                c::column(&row, "height")?,
            ))
        })
    }

    async fn set_portrait(
        &self,
        maker: domain::makers::MakerId,
        portrait: &domain::shared::ImageRef,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE makers SET portrait_key = $2, portrait_alt = $3 WHERE id = $1")
                .bind(maker.0)
                .bind(&portrait.key)
                .bind(&portrait.alt)
                .execute(&mut *tx)
                .await?;
            commit_catalogue_change!(tx, maker.0);
            Ok(())
        })
    }

    async fn set_profile_published(
        &self,
        maker: domain::makers::MakerId,
        published_at: Option<jiff::Timestamp>,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE makers SET published_at = $2 WHERE id = $1")
                .bind(maker.0)
                .bind(published_at.map(DbTime))
                .execute(&mut *tx)
                .await?;
            commit_catalogue_change!(tx, maker.0);
            Ok(())
        })
    }

    async fn studio_pieces(
        &self,
        maker: domain::makers::MakerId,
    ) -> Result<Vec<domain::studio::StudioPieceRow>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::{browse::day, catalogue as c, time::DbTime};
            let rows = sqlx::query(
                "SELECT p.id, p.slug, p.title, p.status, \
                 coalesce(p.updated_at, p.created_at) AS changed_at, \
                 p.image_key, p.image_alt, md.width AS image_width, md.height AS image_height \
                 FROM pieces p LEFT JOIN media md ON md.key = p.image_key \
                 WHERE p.maker_id = $1 ORDER BY changed_at DESC, p.id DESC LIMIT 1000",
            )
            .bind(maker.0)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    let status: String = c::column(row, "status")?;
                    let changed: DbTime = c::column(row, "changed_at")?;
                    Ok(domain::studio::StudioPieceRow {
                        id: c::column(row, "id")?,
                        slug: c::slug(c::column(row, "slug")?)?,
                        title: c::column(row, "title")?,
                        status: domain::pieces::PieceStatus::from_slug(&status).ok_or_else(
                            || {
                                domain::store::StoreError::Backend(format!(
                                    "stored status {status:?}"
                                ))
                            },
                        )?,
                        cover: c::image(
                            c::column(row, "image_key")?,
                            c::column(row, "image_alt")?,
                            c::column(row, "image_width")?,
                            c::column(row, "image_height")?,
                        ),
                        updated_on: day(changed.0),
                    })
                })
                .collect()
        })
    }

    async fn studio_piece(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
    ) -> Result<Option<domain::studio::StudioPiece>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::{browse::day, catalogue as c, time::DbTime};
            let Some(row) = sqlx::query(
                "SELECT p.id, p.slug, p.status, p.title, p.description, p.made_to_order, \
                 p.price_currency, p.price_minor, p.dimensions, p.ring_sizes, p.published_at, \
                 p.disclosure, p.revision, m.display_name, m.country, \
                 (SELECT x.id FROM passports x WHERE x.piece_id = p.id LIMIT 1) AS passport, \
                 cp.commission_id, cp.shown_by_buyer \
                 FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 LEFT JOIN commission_pieces cp ON cp.piece_id = p.id \
                 WHERE p.id = $1 AND p.maker_id = $2",
            )
            .bind(piece.0)
            .bind(maker.0)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let id = piece.0;
            let photos = self.piece_photos(id).await?;
            let stated: Vec<String> = sqlx::query_scalar(
                "SELECT scheme FROM piece_sourcing WHERE piece_id = $1 ORDER BY scheme",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let disclosure: Option<sqlx::types::Json<domain::provenance::Disclosure>> =
                c::column(&row, "disclosure")?;
            let disclosure = match disclosure {
                Some(json) => json.0,
                None => {
                    let (mut metals, mut stones) = self.piece_materials(&[id]).await?;
                    let techniques: Vec<String> = sqlx::query_scalar(
                        "SELECT technique FROM piece_techniques WHERE piece_id = $1 \
                         ORDER BY position",
                    )
                    .bind(id)
                    .fetch_all(pool)
                    .await?;
                    let maker_name: String = c::column(&row, "display_name")?;
                    let country: String = c::column(&row, "country")?;
                    domain::studio::disclosure_from_listing(
                        &maker_name,
                        c::location(&country, None, None)?.country,
                        &c::techniques(Some(techniques.join(","))),
                        &metals.remove(&id).unwrap_or_default(),
                        &stones.remove(&id).unwrap_or_default(),
                    )
                }
            };
            let status: String = c::column(&row, "status")?;
            let currency: Option<String> = c::column(&row, "price_currency")?;
            let published: Option<DbTime> = c::column(&row, "published_at")?;
            Ok(Some(domain::studio::StudioPiece {
                id,
                slug: c::slug(c::column(&row, "slug")?)?,
                status: domain::pieces::PieceStatus::from_slug(&status).ok_or_else(|| {
                    domain::store::StoreError::Backend(format!("stored status {status:?}"))
                })?,
                edit: domain::studio::PieceEdit {
                    title: c::column(&row, "title")?,
                    description: c::column(&row, "description")?,
                    price: c::price(
                        c::column(&row, "made_to_order")?,
                        currency.as_deref(),
                        c::column(&row, "price_minor")?,
                    )?,
                    dimensions: c::column(&row, "dimensions")?,
                    ring_sizes: c::column(&row, "ring_sizes")?,
                    sourcing: stated
                        .iter()
                        .filter_map(|s| domain::pieces::Sourcing::from_slug(s))
                        .collect(),
                    disclosure,
                },
                photos,
                published_on: published.map(|t| day(t.0)),
                passport: c::column(&row, "passport")?,
                commissioned: c::column::<_, Option<i64>>(&row, "commission_id")?
                    .map(|commission| -> Result<_, domain::store::StoreError> {
                        Ok(domain::studio::Commissioned {
                            commission: domain::commissions::CommissionId(commission),
                            shown_by_buyer: c::column(&row, "shown_by_buyer")?,
                        })
                    })
                    .transpose()?,
                revision: c::column(&row, "revision")?,
            }))
        })
    }

    async fn create_draft(
        &self,
        maker: domain::makers::MakerId,
        slug: &domain::shared::Slug,
        edit: &domain::studio::PieceEdit,
        photos: &[domain::shared::ImageRef],
        commission: Option<domain::commissions::CommissionId>,
        now: jiff::Timestamp,
    ) -> Result<domain::pieces::PieceId, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let (made_to_order, amount) = crate::store::catalogue::price_columns(&edit.price);
            let parts = crate::store::catalogue::PieceParts::of_edit(edit);
            let mut tx = pool.begin_write().await?;
            let maker_name: Option<String> =
                sqlx::query_scalar("SELECT display_name FROM makers WHERE id = $1")
                    .bind(maker.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let maker_name = maker_name.ok_or(domain::store::StoreError::MissingReference)?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO pieces (maker_id, slug, title, description, made_to_order, \
                 price_currency, price_minor, status, created_at, updated_at, dimensions, \
                 ring_sizes, search_text, disclosure, evidence) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $8, $9, $10, $11, $12, $13) \
                 RETURNING id",
            )
            .bind(maker.0)
            .bind(slug.as_str())
            .bind(&edit.title)
            .bind(&edit.description)
            .bind(made_to_order)
            .bind(amount.map(|m| m.currency().code()))
            .bind(amount.map(|m| m.minor()))
            .bind(DbTime(now))
            .bind(&edit.dimensions)
            .bind(&edit.ring_sizes)
            .bind(parts.search_text(&maker_name))
            .bind(sqlx::types::Json(&edit.disclosure))
            .bind(crate::store::catalogue::evidence_slugs(Some(
                &edit.disclosure,
            )))
            .fetch_one(&mut *tx)
            .await?;
            write_piece_parts!(&mut tx, id, &parts);
            write_piece_photos!(&mut tx, id, photos);
            if let Some(commission) = commission {
                // The commission must be this maker's: a piece is never linked
                // to another studio's commission.
                let linked = sqlx::query(
                    "INSERT INTO commission_pieces (commission_id, piece_id, created_at) \
                     SELECT id, $2, $3 FROM commissions WHERE id = $1 AND maker_id = $4",
                )
                .bind(commission.0)
                .bind(id)
                .bind(DbTime(now))
                .bind(maker.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if linked == 0 {
                    return Err(domain::store::StoreError::MissingReference.into());
                }
            }
            commit_catalogue_change!(tx, maker.0);
            Ok(domain::pieces::PieceId(id))
        })
    }

    async fn update_piece(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
        revision: i64,
        edit: &domain::studio::PieceEdit,
        now: jiff::Timestamp,
    ) -> Result<domain::studio::PieceUpdate, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            use domain::studio::PieceUpdate;
            let (made_to_order, amount) = crate::store::catalogue::price_columns(&edit.price);
            let parts = crate::store::catalogue::PieceParts::of_edit(edit);
            let mut tx = pool.begin_write().await?;
            let maker_name: Option<String> = sqlx::query_scalar(
                "SELECT m.display_name FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 WHERE p.id = $1 AND p.maker_id = $2",
            )
            .bind(piece.0)
            .bind(maker.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(maker_name) = maker_name else {
                return Ok(PieceUpdate::NotFound);
            };
            // The revision is compared by the update itself: PostgreSQL checks it
            // again on the row a concurrent writer left, SQLite writes one at a time.
            let updated = sqlx::query(
                "UPDATE pieces SET title = $3, description = $4, made_to_order = $5, \
                 price_currency = $6, price_minor = $7, dimensions = $8, ring_sizes = $9, \
                 search_text = $10, disclosure = $11, evidence = $12, updated_at = $13, \
                 revision = revision + 1 \
                 WHERE id = $1 AND maker_id = $2 AND revision = $14",
            )
            .bind(piece.0)
            .bind(maker.0)
            .bind(&edit.title)
            .bind(&edit.description)
            .bind(made_to_order)
            .bind(amount.map(|m| m.currency().code()))
            .bind(amount.map(|m| m.minor()))
            .bind(&edit.dimensions)
            .bind(&edit.ring_sizes)
            .bind(parts.search_text(&maker_name))
            .bind(sqlx::types::Json(&edit.disclosure))
            .bind(crate::store::catalogue::evidence_slugs(Some(
                &edit.disclosure,
            )))
            .bind(DbTime(now))
            .bind(revision)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Ok(PieceUpdate::ChangedMeanwhile);
            }
            for table in [
                "piece_metals",
                "piece_stones",
                "piece_techniques",
                "piece_sourcing",
            ] {
                sqlx::query(&format!("DELETE FROM {table} WHERE piece_id = $1"))
                    .bind(piece.0)
                    .execute(&mut *tx)
                    .await?;
            }
            write_piece_parts!(&mut tx, piece.0, &parts);
            commit_catalogue_change!(tx, maker.0);
            Ok(PieceUpdate::Saved)
        })
    }

    async fn set_piece_status(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
        status: domain::pieces::PieceStatus,
        now: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE pieces SET status = $3, updated_at = $4, \
                 published_at = CASE WHEN $5 THEN coalesce(published_at, $4) \
                 ELSE published_at END \
                 WHERE id = $1 AND maker_id = $2 \
                 AND NOT ($5 AND EXISTS (SELECT 1 FROM commission_pieces cp \
                 WHERE cp.piece_id = pieces.id AND NOT cp.shown_by_buyer))",
            )
            .bind(piece.0)
            .bind(maker.0)
            .bind(status.as_str())
            .bind(DbTime(now))
            .bind(status == domain::pieces::PieceStatus::Published)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            publish_piece_photos!(&mut tx, piece.0, maker.0);
            commit_catalogue_change!(tx, maker.0);
            Ok(true)
        })
    }

    async fn set_piece_photos(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
        photos: &[domain::shared::ImageRef],
        now: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let mut tx = pool.begin_write().await?;
            let changed =
                sqlx::query("UPDATE pieces SET updated_at = $3 WHERE id = $1 AND maker_id = $2")
                    .bind(piece.0)
                    .bind(maker.0)
                    .bind(DbTime(now))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            write_piece_photos!(&mut tx, piece.0, photos);
            publish_piece_photos!(&mut tx, piece.0, maker.0);
            commit_catalogue_change!(tx, maker.0);
            Ok(true)
        })
    }

    async fn delete_draft(
        &self,
        maker: domain::makers::MakerId,
        piece: domain::pieces::PieceId,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let deleted = sqlx::query(
                "DELETE FROM pieces WHERE id = $1 AND maker_id = $2 \
                 AND published_at IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM passports x WHERE x.piece_id = $1)",
            )
            .bind(piece.0)
            .bind(maker.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if deleted == 0 {
                return Ok(false);
            }
            commit_catalogue_change!(tx, maker.0);
            Ok(true)
        })
    }
}
