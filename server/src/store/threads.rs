//! Messages of commissions and bookings, written once for both dialects. A
//! thread is the commission or booking column its rows carry; each statement
//! names that column.

use super::commissions::{from_slug, slug_of};
use super::corrupt;
use super::{SqlStore, time::DbTime};
use domain::accounts::AccountId;
use domain::store::StoreError;
use domain::threads::{CommissionPicture, Message, Party, Thread, ThreadStore, Unread};

/// The column naming the thread, and the thread's number.
fn column(thread: Thread) -> (&'static str, i64) {
    match thread {
        Thread::Commission(id) => ("commission_id", id.0),
        Thread::Booking(id) => ("booking_id", id.0),
    }
}

#[async_trait::async_trait]
impl ThreadStore for SqlStore {
    async fn post_message(
        &self,
        thread: Thread,
        party: Party,
        body: &str,
        pictures: &[CommissionPicture],
        at: jiff::Timestamp,
    ) -> Result<i64, StoreError> {
        let party = slug_of(&party)?;
        let pictures =
            serde_json::to_string(pictures).map_err(|error| corrupt("pictures", error))?;
        let (column, id) = column(thread);
        let sql = format!(
            "INSERT INTO messages ({column}, party, body, pictures, sent_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id"
        );
        on_pool!(self, |pool| {
            sqlx::query_scalar(&sql)
                .bind(id)
                .bind(&party)
                .bind(body)
                .bind(&pictures)
                .bind(DbTime(at))
                .fetch_one(pool)
                .await
                .map_err(Into::into)
        })
    }

    async fn messages(&self, thread: Thread) -> Result<Vec<Message>, StoreError> {
        let (column, id) = column(thread);
        let sql = format!(
            "SELECT id, party, body, pictures, sent_at FROM messages \
             WHERE {column} = $1 ORDER BY id"
        );
        on_pool!(self, |pool| {
            let rows: Vec<(i64, String, String, String, DbTime)> =
                sqlx::query_as(&sql).bind(id).fetch_all(pool).await?;
            rows.into_iter()
                .map(|(id, party, body, pictures, at)| {
                    Ok(Message {
                        id,
                        party: from_slug("party", &party)?,
                        body,
                        pictures: serde_json::from_str(&pictures)
                            .map_err(|error| corrupt("pictures", error))?,
                        at: at.0,
                    })
                })
                .collect()
        })
    }

    async fn read_up_to(&self, thread: Thread, party: Party) -> Result<i64, StoreError> {
        let party = slug_of(&party)?;
        let (column, id) = column(thread);
        let sql =
            format!("SELECT read_up_to FROM message_reads WHERE {column} = $1 AND party = $2");
        on_pool!(self, |pool| {
            let read: Option<i64> = sqlx::query_scalar(&sql)
                .bind(id)
                .bind(&party)
                .fetch_optional(pool)
                .await?;
            Ok(read.unwrap_or(0))
        })
    }

    async fn mark_read(
        &self,
        thread: Thread,
        party: Party,
        message: i64,
    ) -> Result<(), StoreError> {
        let party = slug_of(&party)?;
        let (column, id) = column(thread);
        let sql = format!(
            "INSERT INTO message_reads ({column}, party, read_up_to) VALUES ($1, $2, $3) \
             ON CONFLICT ({column}, party) WHERE {column} IS NOT NULL DO UPDATE SET \
             read_up_to = CASE WHEN excluded.read_up_to > message_reads.read_up_to \
             THEN excluded.read_up_to ELSE message_reads.read_up_to END"
        );
        on_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(id)
                .bind(&party)
                .bind(message)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn unread_messages(
        &self,
        account: AccountId,
        except: Option<Thread>,
    ) -> Result<Unread, StoreError> {
        // Numbers no thread has (ids start at 1, a missing column reads as 0).
        let (except_commission, except_booking) = match except {
            Some(Thread::Commission(id)) => (id.0, -1),
            Some(Thread::Booking(id)) => (-1, id.0),
            None => (-1, -1),
        };
        on_pool!(self, |pool| {
            // The buyer of a commission, or the account a booking was made from.
            let (commissions, bookings): (i64, i64) = sqlx::query_as(
                "SELECT coalesce(sum(CASE WHEN msg.commission_id IS NULL THEN 0 ELSE 1 END), 0), \
                 coalesce(sum(CASE WHEN msg.booking_id IS NULL THEN 0 ELSE 1 END), 0) \
                 FROM messages msg \
                 LEFT JOIN commissions c ON c.id = msg.commission_id \
                 LEFT JOIN bookings b ON b.id = msg.booking_id \
                 JOIN makers m ON m.id = coalesce(c.maker_id, b.maker_id) \
                 LEFT JOIN message_reads r ON \
                 (r.commission_id = msg.commission_id OR r.booking_id = msg.booking_id) \
                 AND r.party = CASE WHEN coalesce(c.buyer_id, b.account_id) = $1 \
                 THEN 'buyer' ELSE 'maker' END \
                 WHERE ((coalesce(c.buyer_id, b.account_id) = $1 AND msg.party = 'maker') \
                 OR (m.account_id = $1 AND msg.party = 'buyer')) \
                 AND msg.id > coalesce(r.read_up_to, 0) \
                 AND coalesce(msg.commission_id, 0) <> $2 AND coalesce(msg.booking_id, 0) <> $3",
            )
            .bind(account.0)
            .bind(except_commission)
            .bind(except_booking)
            .fetch_one(pool)
            .await?;
            let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
            Ok(Unread {
                commissions: count(commissions),
                bookings: count(bookings),
            })
        })
    }

    async fn unread_by_booking(
        &self,
        account: AccountId,
    ) -> Result<Vec<(domain::threads::BookingId, u32)>, StoreError> {
        on_pool!(self, |pool| {
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT msg.booking_id, count(*) FROM messages msg \
                 JOIN bookings b ON b.id = msg.booking_id \
                 LEFT JOIN message_reads r ON r.booking_id = msg.booking_id AND r.party = 'buyer' \
                 WHERE b.account_id = $1 AND msg.party = 'maker' \
                 AND msg.id > coalesce(r.read_up_to, 0) \
                 GROUP BY msg.booking_id",
            )
            .bind(account.0)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(booking, unread)| {
                    let unread = u32::try_from(unread).unwrap_or(u32::MAX);
                    (domain::threads::BookingId(booking), unread)
                })
                .collect())
        })
    }
}
