//! Payments, written once for both dialects: inserted and refunded inside the
//! transaction of the step they belong to, read by purpose.

use super::SqlResult;
use super::corrupt;
use super::{SqlStore, time::DbTime};
use domain::payments::{
    NewPayment, Payment, PaymentChanges, PaymentId, PaymentMethod, PaymentStatus, PaymentStore,
};
use domain::shared::{Currency, Money};
use domain::store::StoreError;

fn status_slug(status: PaymentStatus) -> &'static str {
    match status {
        PaymentStatus::Pending => "pending",
        PaymentStatus::Succeeded => "succeeded",
        PaymentStatus::Failed => "failed",
    }
}

fn status_of(slug: &str) -> SqlResult<PaymentStatus> {
    [
        PaymentStatus::Pending,
        PaymentStatus::Succeeded,
        PaymentStatus::Failed,
    ]
    .into_iter()
    .find(|status| status_slug(*status) == slug)
    .ok_or_else(|| corrupt("status", slug))
}

/// Writes what a step does with money inside the transaction `tx` of the step:
/// the payment it records (`Duplicate(Payment)` when its idempotency key was used
/// already), the pending payment it settles or gives up on, the refunds (beyond
/// what is kept of a payment the table's check refuses them) and the ledger
/// entries. `false` when the payment it settles is no longer pending: the caller
/// then drops the transaction, and the step with it.
pub(super) async fn apply<'c, Db>(
    tx: &mut sqlx::Transaction<'c, Db>,
    changes: &PaymentChanges,
    at: jiff::Timestamp,
) -> SqlResult<bool>
where
    Db: sqlx::Database,
    for<'e> &'e mut Db::Connection: sqlx::Executor<'e, Database = Db>,
    for<'q> Db::Arguments<'q>: sqlx::IntoArguments<'q, Db>,
    for<'q> i64: sqlx::Encode<'q, Db> + sqlx::Type<Db> + sqlx::Decode<'q, Db>,
    for<'q> &'q str: sqlx::Encode<'q, Db> + sqlx::Type<Db>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, Db> + sqlx::Type<Db>,
    for<'q> DbTime: sqlx::Encode<'q, Db> + sqlx::Type<Db>,
    (i64,): for<'r> sqlx::FromRow<'r, Db::Row>,
    usize: sqlx::ColumnIndex<Db::Row>,
{
    if let Some(payment) = &changes.payment {
        let request = &payment.request;
        sqlx::query(
            "INSERT INTO payments (purpose, amount_minor, currency, method, status, \
             refunded_minor, reference, idempotency_key, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $8)",
        )
        .bind(request.purpose.as_str())
        .bind(request.amount.minor())
        .bind(request.amount.currency().code())
        .bind(request.method.slug())
        .bind(status_slug(payment.status))
        .bind(payment.reference.as_deref())
        .bind(request.idempotency_key.as_str())
        .bind(DbTime(payment.at))
        .execute(&mut **tx)
        .await?;
    }
    let settled = [
        (changes.settles, PaymentStatus::Succeeded),
        (changes.abandons, PaymentStatus::Failed),
    ];
    for (payment, to) in settled {
        let Some(payment) = payment else { continue };
        let moved: Option<i64> = sqlx::query_scalar(
            "UPDATE payments SET status = $3, updated_at = $2 \
             WHERE id = $1 AND status = 'pending' RETURNING id",
        )
        .bind(payment.0)
        .bind(DbTime(at))
        .bind(status_slug(to))
        .fetch_optional(&mut **tx)
        .await?;
        // A card given up on may have been settled meanwhile: only a settlement
        // that finds nothing pending refuses the step.
        if moved.is_none() && to == PaymentStatus::Succeeded {
            return Ok(false);
        }
    }
    for (payment, minor) in &changes.refunds {
        let refunded: Option<i64> = sqlx::query_scalar(
            "UPDATE payments SET refunded_minor = refunded_minor + $2, updated_at = $3 \
             WHERE id = $1 AND status = 'succeeded' RETURNING id",
        )
        .bind(payment.0)
        .bind(*minor)
        .bind(DbTime(at))
        .fetch_optional(&mut **tx)
        .await?;
        if refunded.is_none() {
            return Err(
                StoreError::Backend(format!("payment {} can't be refunded", payment.0)).into(),
            );
        }
    }
    for (entry, lines) in &changes.ledger {
        for line in lines {
            sqlx::query(
                "INSERT INTO ledger_lines (entry, account, amount_minor, currency, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(entry.as_str())
            .bind(line.account.as_str())
            .bind(line.amount_minor)
            .bind(line.currency.code())
            .bind(DbTime(at))
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(true)
}

/// The columns `payment` reads, in its order.
const COLUMNS: &str = "SELECT id, purpose, amount_minor, currency, method, status, refunded_minor, \
                       reference, created_at, idempotency_key FROM payments";

type PaymentRow = (
    i64,
    String,
    i64,
    String,
    String,
    String,
    i64,
    Option<String>,
    DbTime,
    String,
);

fn payment(
    (id, purpose, minor, currency, method, status, refunded, reference, at, key): PaymentRow,
) -> SqlResult<Payment> {
    let currency = Currency::parse(&currency).map_err(|e| corrupt("currency", e))?;
    Ok(Payment {
        id: PaymentId(id),
        purpose,
        idempotency_key: key,
        amount: Money::from_minor(minor, currency).map_err(|e| corrupt("amount", e))?,
        method: PaymentMethod::from_slug(&method).ok_or_else(|| corrupt("method", &method))?,
        status: status_of(&status)?,
        refunded_minor: refunded,
        reference,
        created_at: at.0,
    })
}

#[async_trait::async_trait]
impl PaymentStore for SqlStore {
    async fn payments_for(&self, purpose: &str) -> Result<Vec<Payment>, StoreError> {
        on_pool!(self, |pool| {
            let rows: Vec<PaymentRow> =
                sqlx::query_as(&format!("{COLUMNS} WHERE purpose = $1 ORDER BY id"))
                    .bind(purpose)
                    .fetch_all(pool)
                    .await?;
            rows.into_iter().map(payment).collect()
        })
    }

    async fn ledger_entry(
        &self,
        entry: &str,
    ) -> Result<Vec<domain::payments::LedgerLine>, StoreError> {
        let rows: Vec<(String, i64, String)> = on_pool!(self, |pool| {
            Ok(sqlx::query_as(
                "SELECT account, amount_minor, currency FROM ledger_lines WHERE entry = $1 \
                 ORDER BY id",
            )
            .bind(entry)
            .fetch_all(pool)
            .await?)
        })?;
        rows.into_iter()
            .map(|(account, amount_minor, currency)| {
                Ok(domain::payments::LedgerLine {
                    account,
                    amount_minor,
                    currency: Currency::parse(&currency).map_err(|e| corrupt("currency", e))?,
                })
            })
            .collect()
    }

    async fn add_payment(&self, new: &NewPayment) -> Result<(), StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let payment = PaymentChanges {
                payment: Some(new.clone()),
                ..PaymentChanges::default()
            };
            apply(&mut tx, &payment, new.at).await?;
            Ok(tx.commit().await?)
        })
    }

    async fn payment_by_reference(&self, reference: &str) -> Result<Option<Payment>, StoreError> {
        on_pool!(self, |pool| {
            let row: Option<PaymentRow> = sqlx::query_as(&format!(
                "{COLUMNS} WHERE reference = $1 ORDER BY id LIMIT 1"
            ))
            .bind(reference)
            .fetch_optional(pool)
            .await?;
            row.map(payment).transpose()
        })
    }

    async fn unsettled_card_payments(
        &self,
        before: jiff::Timestamp,
    ) -> Result<Vec<Payment>, StoreError> {
        let since = before - jiff::SignedDuration::from_hours(24);
        on_pool!(self, |pool| {
            let rows: Vec<PaymentRow> = sqlx::query_as(&format!(
                "{COLUMNS} WHERE method = 'card' AND status IN ('pending', 'failed') \
                 AND created_at < $1 AND created_at >= $2 ORDER BY id"
            ))
            .bind(DbTime(before))
            .bind(DbTime(since))
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(payment).collect()
        })
    }

    async fn refund_unclaimed(
        &self,
        payment: PaymentId,
        at: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, |pool| {
            let refunded = sqlx::query(
                "UPDATE payments SET status = 'succeeded', refunded_minor = amount_minor, \
                 updated_at = $2 WHERE id = $1 AND status IN ('pending', 'failed')",
            )
            .bind(payment.0)
            .bind(DbTime(at))
            .execute(pool)
            .await?
            .rows_affected();
            Ok(refunded == 1)
        })
    }

    async fn event_seen(&self, id: &str) -> Result<bool, StoreError> {
        on_pool!(self, |pool| {
            let seen: Option<String> =
                sqlx::query_scalar("SELECT id FROM payment_events WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            Ok(seen.is_some())
        })
    }

    async fn record_event(&self, id: &str, at: jiff::Timestamp) -> Result<(), StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO payment_events (id, received_at) VALUES ($1, $2) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(DbTime(at))
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
