//! Commissions, written once for both dialects. A step is an `UPDATE … WHERE
//! version = $from` and an insert keyed by (commission, version) in one write
//! transaction: of two steps decided on the same version, the second finds the
//! version moved (PostgreSQL re-reads the row once the first commits; SQLite's
//! write lock runs them one after the other) and writes nothing.

use super::SqlResult;
use super::corrupt;
use super::{Dialect, SqlStore, time::DbTime};
use domain::accounts::AccountId;
use domain::commissions::{
    Action, ClockJob, Commission, CommissionId, CommissionRecord, CommissionStore, DueJob,
    NewCommission, NewStep, Party, SignedAgreement, Stage, StepRecord,
};
use domain::makers::MakerId;
use domain::store::StoreError;

/// A commission with the names of both sides; `WHERE` on `c` follows.
const RECORD: &str = "SELECT c.id, c.maker_id, m.display_name, m.slug, ma.email, c.buyer_id, \
                      b.display_name, b.email, c.booking_id, c.brief, c.state, c.created_at, \
                      c.updated_at FROM commissions c JOIN makers m ON m.id = c.maker_id \
                      LEFT JOIN accounts ma ON ma.id = m.account_id \
                      JOIN accounts b ON b.id = c.buyer_id";

type RecordRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    i64,
    String,
    String,
    Option<i64>,
    String,
    String,
    DbTime,
    DbTime,
);

fn record(row: RecordRow) -> SqlResult<CommissionRecord> {
    let (id, maker, maker_name, maker_slug, maker_email, buyer, buyer_name, buyer_email) =
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
    let state: Commission =
        serde_json::from_str(&row.10).map_err(|error| corrupt("state", error))?;
    Ok(CommissionRecord {
        id: CommissionId(id),
        maker: MakerId(maker),
        maker_name,
        maker_slug,
        maker_email,
        buyer: AccountId(buyer),
        buyer_name,
        buyer_email,
        booking: row.8.map(domain::booking::BookingId),
        brief: row.9,
        state,
        created_at: row.11.0,
        updated_at: row.12.0,
    })
}

/// A stage or party as its serde name (`"changes-asked"`), the spelling the
/// tables' checks list.
pub(super) fn slug_of(value: &impl serde::Serialize) -> SqlResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Ok(name),
        other => Err(corrupt("name", format!("{other:?}"))),
    }
}

pub(super) fn from_slug<T: serde::de::DeserializeOwned>(what: &str, name: &str) -> SqlResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|error| corrupt(what, error))
}

#[async_trait::async_trait]
impl CommissionStore for SqlStore {
    async fn create_commission(&self, new: &NewCommission) -> Result<CommissionId, StoreError> {
        let state = Commission::requested();
        let json = serde_json::to_string(&state).map_err(|error| corrupt("state", error))?;
        let stage = slug_of(&state.stage)?;
        on_pool!(self, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO commissions (maker_id, buyer_id, booking_id, brief, stage, version, \
                 state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $7) \
                 RETURNING id",
            )
            .bind(new.maker.0)
            .bind(new.buyer.0)
            .bind(new.booking.map(|booking| booking.0))
            .bind(&new.brief)
            .bind(&stage)
            .bind(&json)
            .bind(DbTime(new.created_at))
            .fetch_one(pool)
            .await?;
            Ok(CommissionId(id))
        })
    }

    async fn commission(&self, id: CommissionId) -> Result<Option<CommissionRecord>, StoreError> {
        on_pool!(self, |pool| {
            let row: Option<RecordRow> = sqlx::query_as(&format!("{RECORD} WHERE c.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            row.map(record).transpose()
        })
    }

    async fn buyer_commissions(
        &self,
        buyer: AccountId,
    ) -> Result<Vec<CommissionRecord>, StoreError> {
        on_pool!(self, |pool| {
            let rows: Vec<RecordRow> = sqlx::query_as(&format!(
                "{RECORD} WHERE c.buyer_id = $1 ORDER BY c.updated_at DESC, c.id DESC"
            ))
            .bind(buyer.0)
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(record).collect()
        })
    }

    async fn maker_commissions(&self, maker: MakerId) -> Result<Vec<CommissionRecord>, StoreError> {
        on_pool!(self, |pool| {
            let rows: Vec<RecordRow> = sqlx::query_as(&format!(
                "{RECORD} WHERE c.maker_id = $1 ORDER BY c.updated_at DESC, c.id DESC"
            ))
            .bind(maker.0)
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(record).collect()
        })
    }

    async fn record_step(
        &self,
        id: CommissionId,
        step: &NewStep,
        agreement: Option<&SignedAgreement>,
    ) -> Result<bool, StoreError> {
        let state = serde_json::to_string(&step.next).map_err(|error| corrupt("state", error))?;
        let action =
            serde_json::to_string(&step.action).map_err(|error| corrupt("action", error))?;
        let pictures =
            serde_json::to_string(&step.pictures).map_err(|error| corrupt("pictures", error))?;
        let stage = slug_of(&step.next.stage)?;
        let party = slug_of(&step.party)?;
        let version = i64::from(step.next.version);
        let Some(from) = version.checked_sub(1) else {
            return Ok(false);
        };
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let moved = sqlx::query(
                "UPDATE commissions SET stage = $1, version = $2, state = $3, updated_at = $4 \
                 WHERE id = $5 AND version = $6",
            )
            .bind(&stage)
            .bind(version)
            .bind(&state)
            .bind(DbTime(step.at))
            .bind(id.0)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO commission_steps (commission_id, version, party, action, note, \
                 pictures, stage, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id.0)
            .bind(version)
            .bind(&party)
            .bind(&action)
            .bind(&step.note)
            .bind(&pictures)
            .bind(&stage)
            .bind(DbTime(step.at))
            .execute(&mut *tx)
            .await?;
            // The step's schedule replaces the commission's: a job it no longer
            // sets (a reminder for a proposal since revised) goes.
            sqlx::query("DELETE FROM commission_jobs WHERE commission_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            for (job, due) in &step.schedule {
                sqlx::query(
                    "INSERT INTO commission_jobs (commission_id, kind, due_at) VALUES ($1, $2, $3)",
                )
                .bind(id.0)
                .bind(job.slug())
                .bind(DbTime(*due))
                .execute(&mut *tx)
                .await?;
            }
            if !super::payments::apply(&mut tx, &step.money, step.at).await? {
                return Ok(false);
            }
            if let Some(agreement) = agreement {
                sqlx::query(
                    "INSERT INTO commission_agreements (commission_id, payload, key_id, \
                     signature, signed_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id.0)
                .bind(&agreement.payload)
                .bind(&agreement.key_id)
                .bind(&agreement.signature)
                .bind(DbTime(agreement.signed_at))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    async fn commission_steps(&self, id: CommissionId) -> Result<Vec<StepRecord>, StoreError> {
        on_pool!(self, |pool| {
            let rows: Vec<(i64, String, String, String, String, String, DbTime)> = sqlx::query_as(
                "SELECT version, party, action, note, pictures, stage, taken_at \
                 FROM commission_steps WHERE commission_id = $1 ORDER BY version",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(|(version, party, action, note, pictures, stage, at)| {
                    Ok(StepRecord {
                        version: u32::try_from(version)
                            .map_err(|error| corrupt("version", error))?,
                        party: from_slug::<Party>("party", &party)?,
                        action: serde_json::from_str::<Action>(&action)
                            .map_err(|error| corrupt("action", error))?,
                        note,
                        pictures: serde_json::from_str(&pictures)
                            .map_err(|error| corrupt("pictures", error))?,
                        stage: from_slug::<Stage>("stage", &stage)?,
                        at: at.0,
                    })
                })
                .collect()
        })
    }

    async fn agreement(&self, id: CommissionId) -> Result<Option<SignedAgreement>, StoreError> {
        on_pool!(self, |pool| {
            let row: Option<(String, String, String, DbTime)> = sqlx::query_as(
                "SELECT payload, key_id, signature, signed_at FROM commission_agreements \
                 WHERE commission_id = $1",
            )
            .bind(id.0)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(payload, key_id, signature, at)| SignedAgreement {
                payload,
                key_id,
                signature,
                signed_at: at.0,
            }))
        })
    }

    async fn claim_clock_jobs(
        &self,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
        limit: u32,
    ) -> Result<Vec<DueJob>, StoreError> {
        on_pool!(self, |pool| {
            // The conditions are repeated outside the subquery: PostgreSQL checks
            // them again on a row another server claimed meanwhile.
            let rows: Vec<(i64, i64, String, DbTime)> = sqlx::query_as(
                "UPDATE commission_jobs SET claimed_until = $1 \
                 WHERE id IN (SELECT id FROM commission_jobs WHERE due_at <= $2 \
                 AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY due_at LIMIT $3) \
                 AND due_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2) \
                 RETURNING id, commission_id, kind, due_at",
            )
            .bind(DbTime(lease_until))
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            let mut jobs = rows
                .into_iter()
                .map(|(id, commission, kind, due)| {
                    Ok(DueJob {
                        id,
                        commission: CommissionId(commission),
                        job: ClockJob::from_slug(&kind).ok_or_else(|| corrupt("job", &kind))?,
                        due_at: due.0,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            jobs.sort_by_key(|job| (job.due_at, job.id));
            Ok(jobs)
        })
    }

    async fn finish_clock_job(&self, job: &DueJob) -> Result<(), StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM commission_jobs WHERE id = $1 AND due_at = $2")
                .bind(job.id)
                .bind(DbTime(job.due_at))
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn finished_piece(
        &self,
        commission: CommissionId,
    ) -> Result<Option<domain::commissions::FinishedPiece>, StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            let Some(row) = sqlx::query(
                "SELECT p.id, p.slug, p.status, cp.shown_by_buyer, x.id AS passport, \
                 x.version AS passport_version \
                 FROM commission_pieces cp JOIN pieces p ON p.id = cp.piece_id \
                 LEFT JOIN passports x ON x.piece_id = p.id AND x.version = \
                 (SELECT max(y.version) FROM passports y WHERE y.piece_id = p.id) \
                 WHERE cp.commission_id = $1",
            )
            .bind(commission.0)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let status: String = c::column(&row, "status")?;
            let passport: Option<String> = c::column(&row, "passport")?;
            let version: Option<i32> = c::column(&row, "passport_version")?;
            Ok(Some(domain::commissions::FinishedPiece {
                piece: domain::shared::PieceId(c::column(&row, "id")?),
                slug: c::slug(c::column(&row, "slug")?)?,
                published: status == "published",
                shown_by_buyer: c::column(&row, "shown_by_buyer")?,
                passport: passport.zip(version.and_then(|v| u32::try_from(v).ok())),
            }))
        })
    }

    async fn show_finished_piece(
        &self,
        commission: CommissionId,
        shown_by_buyer: bool,
        now: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let piece: Option<(i64, i64)> = sqlx::query_as(
                "SELECT p.id, p.maker_id FROM commission_pieces cp \
                 JOIN pieces p ON p.id = cp.piece_id WHERE cp.commission_id = $1",
            )
            .bind(commission.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((piece, maker)) = piece else {
                return Ok(false);
            };
            sqlx::query(
                "UPDATE commission_pieces SET shown_by_buyer = $2 WHERE commission_id = $1",
            )
            .bind(commission.0)
            .bind(shown_by_buyer)
            .execute(&mut *tx)
            .await?;
            if !shown_by_buyer {
                let hidden = sqlx::query(
                    "UPDATE pieces SET status = 'draft', updated_at = $2 \
                     WHERE id = $1 AND status = 'published'",
                )
                .bind(piece)
                .bind(DbTime(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if hidden > 0 {
                    record_catalogue_change!(&mut tx, maker);
                }
            }
            tx.commit().await?;
            Ok(true)
        })
    }
}
