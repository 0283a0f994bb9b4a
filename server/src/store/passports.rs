//! The passport queries, written once for both dialects.

use super::catalogue::SHOWN_PIECE;
use super::{Dialect, SqlStore};
use domain::provenance::PassportStore;

#[async_trait::async_trait]
impl PassportStore for SqlStore {
    async fn passport_of_piece(
        &self,
        piece_slug: &str,
    ) -> Result<Option<(i64, Option<domain::provenance::StoredPassport>)>, domain::store::StoreError>
    {
        on_pool!(self, |pool| {
            let piece: Option<i64> = sqlx::query_scalar(&format!(
                "SELECT p.id FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 WHERE p.slug = $1 AND {SHOWN_PIECE}"
            ))
            .bind(piece_slug)
            .fetch_optional(pool)
            .await?;
            let Some(piece) = piece else {
                return Ok(None);
            };
            Ok(Some((piece, self.latest_passport(piece).await?)))
        })
    }

    async fn latest_passport(
        &self,
        piece_id: i64,
    ) -> Result<Option<domain::provenance::StoredPassport>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let latest: Option<String> = sqlx::query_scalar(
                "SELECT id FROM passports WHERE piece_id = $1 ORDER BY version DESC LIMIT 1",
            )
            .bind(piece_id)
            .fetch_optional(pool)
            .await?;
            match latest {
                Some(id) => Ok(self.passport(&id, None).await?),
                None => Ok(None),
            }
        })
    }

    async fn add_passport_version(
        &self,
        piece_id: i64,
        version: &domain::provenance::NewPassportVersion,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let number = i32::try_from(version.version)
                .map_err(|_| domain::store::StoreError::Backend("version out of range".into()))?;
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "INSERT INTO passports (id, version, piece_id, key_id, payload, signature, \
                 issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (id, version) DO NOTHING",
            )
            .bind(&version.id)
            .bind(number)
            .bind(piece_id)
            .bind(&version.key_id)
            .bind(&version.payload)
            .bind(&version.signature)
            .bind(crate::store::time::DbTime(version.issued_at))
            .execute(&mut *tx)
            .await?;
            let added = done.rows_affected() == 1;
            if added {
                // The piece's page links its passport.
                let maker: i64 = sqlx::query_scalar("SELECT maker_id FROM pieces WHERE id = $1")
                    .bind(piece_id)
                    .fetch_one(&mut *tx)
                    .await?;
                record_catalogue_change!(&mut tx, maker);
            }
            tx.commit().await?;
            Ok(added)
        })
    }

    async fn passport(
        &self,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<domain::provenance::StoredPassport>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let version = version.map(|v| i32::try_from(v).unwrap_or(i32::MAX));
            let row: Option<(String, i64, i32, i32, String, String, String)> = sqlx::query_as(
                "SELECT x.id, x.piece_id, x.version, \
                 (SELECT max(y.version) FROM passports y WHERE y.id = x.id), \
                 x.key_id, x.payload, x.signature FROM passports x \
                 WHERE x.id = $1 AND ($2 IS NULL OR x.version = $2) \
                 ORDER BY x.version DESC LIMIT 1",
            )
            .bind(id)
            .bind(version)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(
                |(id, piece_id, version, latest, key_id, payload, signature)| {
                    domain::provenance::StoredPassport {
                        id,
                        piece_id,
                        version: u32::try_from(version).unwrap_or_default(),
                        latest_version: u32::try_from(latest).unwrap_or_default(),
                        key_id,
                        payload,
                        signature,
                    }
                },
            ))
        })
    }

    async fn passport_of_slug(
        &self,
        piece_slug: &str,
    ) -> Result<Option<(String, u32)>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let row: Option<(String, i32)> = sqlx::query_as(
                "SELECT x.id, x.version FROM passports x JOIN pieces p ON p.id = x.piece_id \
                 WHERE p.slug = $1 AND p.status = 'published' \
                 ORDER BY x.version DESC LIMIT 1",
            )
            .bind(piece_slug)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(id, version)| (id, u32::try_from(version).unwrap_or_default())))
        })
    }

    async fn register_passport_key(
        &self,
        key_id: &str,
        public_key: &str,
        at: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO passport_keys (key_id, public_key, created_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING",
            )
            .bind(key_id)
            .bind(public_key)
            .bind(crate::store::time::DbTime(at))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn pieces_without_passport(&self) -> Result<Vec<String>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query_scalar(&format!(
                "SELECT p.slug FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 WHERE {SHOWN_PIECE} \
                 AND p.disclosure IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM passports x WHERE x.piece_id = p.id) \
                 ORDER BY p.id"
            ))
            .fetch_all(pool)
            .await
            .map_err(Into::into)
        })
    }
}
