//! Custody logs: entries inserted once per place, and the signed head moved with
//! each insert from the length it expected, written once for both dialects.

use super::{Dialect, SqlStore, time::DbTime};
use domain::commissions::{CommissionId, CustodyLog, CustodyStore, SignedHead, StoredCustodyEntry};
use domain::store::{Conflict, StoreError};

#[async_trait::async_trait]
impl CustodyStore for SqlStore {
    async fn append_custody(
        &self,
        commission: CommissionId,
        entry: &StoredCustodyEntry,
        head: &SignedHead,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let seq = i64::from(entry.seq);
        let pictures = serde_json::to_string(&entry.pictures)
            .map_err(|error| StoreError::Backend(format!("custody pictures: {error}")))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO custody_entries (commission_id, seq, payload, sha256, pictures, \
                 recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(commission.0)
            .bind(seq)
            .bind(&entry.payload)
            .bind(&entry.sha256)
            .bind(&pictures)
            .bind(DbTime(at))
            .execute(&mut *tx)
            .await?;
            let moved = if seq == 1 {
                sqlx::query(
                    "INSERT INTO custody_heads (commission_id, length, sha256, key_id, signature) \
                     VALUES ($1, 1, $2, $3, $4)",
                )
                .bind(commission.0)
                .bind(&head.sha256)
                .bind(&head.key_id)
                .bind(&head.signature)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            } else {
                // Only from the length this entry follows: an entry whose
                // predecessor is missing never gets a head.
                sqlx::query(
                    "UPDATE custody_heads SET length = $1, sha256 = $2, key_id = $3, \
                     signature = $4 WHERE commission_id = $5 AND length = $6",
                )
                .bind(seq)
                .bind(&head.sha256)
                .bind(&head.key_id)
                .bind(&head.signature)
                .bind(commission.0)
                .bind(seq - 1)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            };
            if moved != 1 {
                return Err(Conflict::CustodyEntry.into());
            }
            Ok(tx.commit().await?)
        })
    }

    async fn custody_log(&self, commission: CommissionId) -> Result<CustodyLog, StoreError> {
        on_pool!(self, |pool| {
            // One statement, so the entries and the head come from one snapshot
            // even while another server appends.
            let rows: Vec<(i64, i64, String, String, String, String, String)> = sqlx::query_as(
                "SELECT CAST(0 AS BIGINT) AS part, seq, payload, sha256, pictures, \
                 '' AS key_id, '' AS signature \
                 FROM custody_entries WHERE commission_id = $1 \
                 UNION ALL \
                 SELECT CAST(1 AS BIGINT), length, '', sha256, '[]', key_id, signature \
                 FROM custody_heads WHERE commission_id = $1 \
                 ORDER BY 1, 2",
            )
            .bind(commission.0)
            .fetch_all(pool)
            .await?;
            // A number that doesn't fit shows as a broken log, not an error.
            let number = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
            let mut log = CustodyLog::default();
            for (part, seq, payload, sha256, pictures, key_id, signature) in rows {
                if part == 0 {
                    log.entries.push(StoredCustodyEntry {
                        seq: number(seq),
                        payload,
                        sha256,
                        // Pictures that can't be read name no digest: the entry
                        // then fails its check rather than the whole page.
                        pictures: serde_json::from_str(&pictures).unwrap_or_default(),
                    });
                } else {
                    log.head = Some(SignedHead {
                        length: number(seq),
                        sha256,
                        key_id,
                        signature,
                    });
                }
            }
            Ok(log)
        })
    }
}
