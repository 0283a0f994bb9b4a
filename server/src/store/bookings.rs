//! Consultations and bookings, written once for both dialects. Booking checks for
//! an overlap inside a write transaction — which on SQLite holds the database's
//! write lock, so the check and the insert are one step — and PostgreSQL's
//! exclusion constraint refuses what a concurrent transaction slipped past the
//! check. Either way the answer is `Duplicate(Time)`.

use super::SqlResult;
use super::{Dialect, SqlStore};
use domain::booking::BookingStore;

/// A consultation from its row (`id, maker_id, name, minutes, format, description,
/// price_minor, currency, needs_approval, retired`).
pub(super) fn consultation<R>(row: &R) -> SqlResult<domain::booking::Consultation>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database>,
{
    use super::{catalogue::column, corrupt};
    let format: String = column(row, "format")?;
    let minor: Option<i64> = column(row, "price_minor")?;
    let currency: Option<String> = column(row, "currency")?;
    let price = match (minor, currency) {
        (Some(minor), Some(code)) => Some(
            domain::shared::Currency::parse(&code)
                .and_then(|currency| domain::shared::Money::from_minor(minor, currency))
                .map_err(|_| corrupt("price", "unreadable"))?,
        ),
        _ => None,
    };
    Ok(domain::booking::Consultation {
        id: domain::booking::ConsultationId(column(row, "id")?),
        offer: domain::booking::NewConsultation {
            maker: domain::makers::MakerId(column(row, "maker_id")?),
            name: column(row, "name")?,
            minutes: u16::try_from(column::<_, i32>(row, "minutes")?)
                .map_err(|_| corrupt("length", "unreadable"))?,
            format: domain::booking::Format::from_slug(&format)
                .ok_or_else(|| corrupt("format", "unreadable"))?,
            description: column(row, "description")?,
            price,
            needs_approval: column(row, "needs_approval")?,
        },
        retired: column(row, "retired")?,
    })
}

/// Another pending or confirmed booking of the maker (`$1`) than `$2` whose
/// blocked time meets `$3`..`$4`.
pub(super) const OVERLAPS_ANOTHER: &str = "SELECT id FROM bookings \
                                           WHERE maker_id = $1 AND id <> $2 AND status IN ('pending', 'confirmed') \
                                           AND blocked_from < $4 AND $3 < blocked_until LIMIT 1";

/// A booking with its consultation and maker; `WHERE` on `b` follows.
pub(super) const RECORD: &str = "\
                                 SELECT b.id AS booking_id, b.starts_at, b.ends_at, b.buyer_zone, b.guest_name, \
                                 b.guest_email, b.account_id, b.brief, b.status, b.email_confirmed_at, b.maker_message, \
                                 b.sequence, b.awaiting_buyer, b.created_at, c.id, c.maker_id, c.name, c.minutes, c.format, c.description, \
                                 c.price_minor, c.currency, c.needs_approval, (c.retired_at IS NOT NULL) AS retired, \
                                 m.display_name AS maker_name, \
                                 m.slug AS maker_slug, a.email AS maker_email \
                                 FROM bookings b JOIN consultations c ON c.id = b.consultation_id \
                                 JOIN makers m ON m.id = b.maker_id LEFT JOIN accounts a ON a.id = m.account_id";

/// A booking from a `RECORD` row.
pub(super) fn record<R>(row: &R) -> SqlResult<domain::booking::BookingRecord>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database>,
    for<'r> super::time::DbTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<super::time::DbTime>: sqlx::Decode<'r, R::Database>,
{
    use super::catalogue::column;
    use super::time::DbTime;
    let status: String = column(row, "status")?;
    let at = |name: &str| column::<_, DbTime>(row, name).map(|time| time.0);
    Ok(domain::booking::BookingRecord {
        id: domain::booking::BookingId(column(row, "booking_id")?),
        maker: domain::makers::MakerId(column(row, "maker_id")?),
        maker_name: column(row, "maker_name")?,
        maker_slug: column(row, "maker_slug")?,
        maker_email: column(row, "maker_email")?,
        consultation: consultation(row)?,
        meeting: domain::booking::availability::Interval {
            start: at("starts_at")?,
            end: at("ends_at")?,
        },
        buyer_zone: column(row, "buyer_zone")?,
        guest_name: column(row, "guest_name")?,
        guest_email: column(row, "guest_email")?,
        account: column::<_, Option<i64>>(row, "account_id")?.map(domain::accounts::AccountId),
        brief: column(row, "brief")?,
        status: domain::booking::BookingStatus::from_slug(&status).ok_or_else(|| {
            domain::store::StoreError::Backend(format!("booking has a bad status {status}"))
        })?,
        email_confirmed: column::<_, Option<DbTime>>(row, "email_confirmed_at")?.is_some(),
        maker_message: column(row, "maker_message")?,
        sequence: column(row, "sequence")?,
        awaiting_buyer: column(row, "awaiting_buyer")?,
        created_at: at("created_at")?,
    })
}

/// Records a single-use link as used; affects no row when it had been already.
pub(super) const USE_LINK: &str = "INSERT INTO used_booking_links (digest, used_at) \
                                   VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING";

/// Spends `$link` (an `Option<&UsedLink>`) inside the change's transaction `$tx`:
/// a link used already refuses the whole change.
macro_rules! spend_link {
    ($tx:expr, $link:expr) => {
        if let Some(link) = $link {
            let spent = sqlx::query(crate::store::bookings::USE_LINK)
                .bind(&link.digest)
                .bind(crate::store::time::DbTime(link.at))
                .execute(&mut *$tx)
                .await?
                .rows_affected();
            if spent == 0 {
                return Err(domain::store::Conflict::Link.into());
            }
        }
    };
}

/// Refuses the change (`Duplicate(Time)`) when the time from `$from` to `$until`
/// overlaps another of the maker's bookings that keeps its time.
macro_rules! refuse_overlap {
    ($tx:expr, $maker:expr, $booking:expr, $from:expr, $until:expr) => {
        let taken: Option<i64> = sqlx::query_scalar(crate::store::bookings::OVERLAPS_ANOTHER)
            .bind($maker)
            .bind($booking)
            .bind($from)
            .bind($until)
            .fetch_optional(&mut *$tx)
            .await?;
        if taken.is_some() {
            return Err(domain::store::Conflict::Time.into());
        }
    };
}

#[async_trait::async_trait]
impl BookingStore for SqlStore {
    async fn create_consultation(
        &self,
        offer: &domain::booking::NewConsultation,
    ) -> Result<domain::booking::ConsultationId, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO consultations (maker_id, name, minutes, format, description, \
                 price_minor, currency, needs_approval) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(offer.maker.0)
            .bind(&offer.name)
            .bind(i32::from(offer.minutes))
            .bind(offer.format.slug())
            .bind(&offer.description)
            .bind(offer.price.map(|price| price.minor()))
            .bind(offer.price.map(|price| price.currency().code()))
            .bind(offer.needs_approval)
            .fetch_one(pool)
            .await?;
            Ok(domain::booking::ConsultationId(id))
        })
    }

    async fn consultations(
        &self,
        maker: domain::makers::MakerId,
    ) -> Result<Vec<domain::booking::Consultation>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT id, maker_id, name, minutes, format, description, price_minor, \
                 currency, needs_approval, (retired_at IS NOT NULL) AS retired FROM consultations \
                 WHERE maker_id = $1 AND retired_at IS NULL ORDER BY id",
            )
            .bind(maker.0)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(crate::store::bookings::consultation)
                .collect()
        })
    }

    async fn published_maker(
        &self,
        slug: &str,
    ) -> Result<Option<(domain::makers::MakerId, String)>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, display_name FROM makers \
                 WHERE slug = $1 AND published_at IS NOT NULL",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(id, name)| (domain::makers::MakerId(id), name)))
        })
    }

    async fn retire_consultation(
        &self,
        maker: domain::makers::MakerId,
        consultation: domain::booking::ConsultationId,
        now: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let retired = sqlx::query(
                "UPDATE consultations SET retired_at = coalesce(retired_at, $3) \
                 WHERE id = $1 AND maker_id = $2",
            )
            .bind(consultation.0)
            .bind(maker.0)
            .bind(crate::store::time::DbTime(now))
            .execute(pool)
            .await?
            .rows_affected();
            Ok(retired > 0)
        })
    }

    async fn consultation(
        &self,
        id: domain::booking::ConsultationId,
    ) -> Result<Option<domain::booking::Consultation>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(
            "SELECT id, maker_id, name, minutes, format, description, price_minor, \
             currency, needs_approval, (retired_at IS NOT NULL) AS retired FROM consultations WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(crate::store::bookings::consultation)
        .transpose()
        })
    }

    async fn availability_rules(
        &self,
        maker: domain::makers::MakerId,
    ) -> Result<Option<domain::booking::AvailabilityRules>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let rules: Option<String> =
                sqlx::query_scalar("SELECT rules FROM availability_rules WHERE maker_id = $1")
                    .bind(maker.0)
                    .fetch_optional(pool)
                    .await?;
            rules
                .map(|json| {
                    serde_json::from_str(&json)
                        .map_err(|error| crate::store::corrupt("availability", error))
                })
                .transpose()
        })
    }

    async fn set_availability_rules(
        &self,
        maker: domain::makers::MakerId,
        rules: &domain::booking::AvailabilityRules,
        now: jiff::Timestamp,
    ) -> Result<(), domain::store::StoreError> {
        on_pool!(self, |pool| {
            let json = serde_json::to_string(rules)
                .map_err(|e| domain::store::StoreError::Backend(e.to_string()))?;
            sqlx::query(
                "INSERT INTO availability_rules (maker_id, rules, updated_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (maker_id) \
                 DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
            )
            .bind(maker.0)
            .bind(json)
            .bind(crate::store::time::DbTime(now))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn booking_by_key(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<domain::booking::BookingId>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let id: Option<i64> =
                sqlx::query_scalar("SELECT id FROM bookings WHERE idempotency_key = $1")
                    .bind(idempotency_key)
                    .fetch_optional(pool)
                    .await?;
            Ok(id.map(domain::booking::BookingId))
        })
    }

    async fn book(
        &self,
        booking: &domain::booking::NewBooking,
    ) -> Result<domain::booking::Booked, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let attempt = || async {
                let mut tx = pool.begin_write().await?;
                let again: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM bookings WHERE idempotency_key = $1")
                        .bind(&booking.idempotency_key)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(id) = again {
                    return Ok(domain::booking::Booked::Again(domain::booking::BookingId(
                        id,
                    )));
                }
                let maker: Option<i64> =
                    sqlx::query_scalar("SELECT maker_id FROM consultations WHERE id = $1")
                        .bind(booking.consultation.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                let maker = maker.ok_or(domain::store::StoreError::MissingReference)?;
                let blocked = booking.busy.blocked;
                // A booking not made yet has no id (ids start at 1): none is left out.
                refuse_overlap!(tx, maker, 0_i64, DbTime(blocked.start), DbTime(blocked.end));
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO bookings (maker_id, consultation_id, starts_at, ends_at, \
                     blocked_from, blocked_until, buyer_zone, guest_name, guest_email, \
                     account_id, brief, status, idempotency_key, created_at, \
                     email_confirmed_at, hold_until) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                     $15, $16) RETURNING id",
                )
                .bind(maker)
                .bind(booking.consultation.0)
                .bind(DbTime(booking.busy.meeting.start))
                .bind(DbTime(booking.busy.meeting.end))
                .bind(DbTime(blocked.start))
                .bind(DbTime(blocked.end))
                .bind(&booking.buyer_zone)
                .bind(&booking.guest_name)
                .bind(&booking.guest_email)
                .bind(booking.account.map(|account| account.0))
                .bind(&booking.brief)
                .bind(booking.status.as_str())
                .bind(&booking.idempotency_key)
                .bind(DbTime(booking.created_at))
                .bind(
                    booking
                        .email_confirmed
                        .then_some(DbTime(booking.created_at)),
                )
                .bind(booking.hold_until.map(DbTime))
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(domain::booking::Booked::New(domain::booking::BookingId(id)))
            };
            match crate::store::retrying(attempt).await {
                // The same submission, committed meanwhile by another request.
                Err(crate::store::SqlError(domain::store::StoreError::Duplicate(
                    domain::store::Conflict::Booking,
                ))) => {
                    match domain::booking::BookingStore::booking_by_key(
                        self,
                        &booking.idempotency_key,
                    )
                    .await?
                    {
                        Some(id) => Ok(domain::booking::Booked::Again(id)),
                        None => Err(domain::store::StoreError::Duplicate(
                            domain::store::Conflict::Booking,
                        )
                        .into()),
                    }
                }
                outcome => outcome,
            }
        })
    }

    async fn busy(
        &self,
        maker: domain::makers::MakerId,
        within: domain::booking::availability::Interval,
        now: jiff::Timestamp,
    ) -> Result<Vec<domain::booking::availability::Busy>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::{catalogue as c, time::DbTime};
            use domain::booking::availability::{Busy, Interval};
            let rows = sqlx::query(
                "SELECT starts_at, ends_at, blocked_from, blocked_until FROM bookings \
                 WHERE maker_id = $1 AND status IN ('pending', 'confirmed') \
                 AND (hold_until IS NULL OR hold_until > $4) \
                 AND blocked_from < $3 AND $2 < blocked_until ORDER BY blocked_from",
            )
            .bind(maker.0)
            .bind(DbTime(within.start))
            .bind(DbTime(within.end))
            .bind(DbTime(now))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    let at = |name: &str| c::column::<_, DbTime>(row, name).map(|t| t.0);
                    Ok(Busy {
                        meeting: Interval {
                            start: at("starts_at")?,
                            end: at("ends_at")?,
                        },
                        blocked: Interval {
                            start: at("blocked_from")?,
                            end: at("blocked_until")?,
                        },
                    })
                })
                .collect()
        })
    }

    async fn set_booking_status(
        &self,
        maker: domain::makers::MakerId,
        booking: domain::booking::BookingId,
        from: domain::booking::BookingStatus,
        status: domain::booking::BookingStatus,
        message: &str,
        link: Option<&domain::booking::UsedLink>,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::catalogue as c;
            // Two changes into overlapping times wait on each other's row in
            // PostgreSQL's exclusion constraint, and one is chosen to give way:
            // run again, it finds the other's booking and says the time is taken.
            let attempt = || async {
                let mut tx = pool.begin_write().await?;
                let Some(row) = sqlx::query(
                    "SELECT status, blocked_from, blocked_until FROM bookings \
                     WHERE id = $1 AND maker_id = $2 AND status = $3",
                )
                .bind(booking.0)
                .bind(maker.0)
                .bind(from.as_str())
                .fetch_optional(&mut *tx)
                .await?
                else {
                    return Ok(false);
                };
                let keeps_time = |status: &str| status == "pending" || status == "confirmed";
                let before: String = c::column(&row, "status")?;
                if keeps_time(status.as_str()) && !keeps_time(&before) {
                    let from: crate::store::time::DbTime = c::column(&row, "blocked_from")?;
                    let until: crate::store::time::DbTime = c::column(&row, "blocked_until")?;
                    refuse_overlap!(tx, maker.0, booking.0, from, until);
                }
                // The status is checked again by the update itself: of two changes
                // racing on PostgreSQL, the second finds nothing to change.
                let changed = sqlx::query(
                    "UPDATE bookings SET status = $3, maker_message = $4, sequence = sequence + 1, \
                     awaiting_buyer = FALSE WHERE id = $1 AND maker_id = $2 AND status = $5",
                )
                .bind(booking.0)
                .bind(maker.0)
                .bind(status.as_str())
                .bind(message)
                .bind(from.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(false);
                }
                spend_link!(tx, link);
                tx.commit().await?;
                Ok(true)
            };
            crate::store::retrying(attempt).await
        })
    }

    async fn move_booking(
        &self,
        change: &domain::booking::BookingMove,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            use crate::store::time::DbTime;
            let attempt = || async {
                let mut tx = pool.begin_write().await?;
                let blocked = change.to.blocked;
                refuse_overlap!(
                    tx,
                    change.maker.0,
                    change.booking.0,
                    DbTime(blocked.start),
                    DbTime(blocked.end)
                );
                // Status and start are checked again by the update itself: of two
                // moves racing on PostgreSQL, the second finds nothing to move.
                let moved = sqlx::query(
                    "UPDATE bookings SET starts_at = $5, ends_at = $6, blocked_from = $7, \
                     blocked_until = $8, status = $9, awaiting_buyer = $10, \
                     maker_message = $11, sequence = sequence + 1 \
                     WHERE id = $1 AND maker_id = $2 AND status = $3 AND starts_at = $4",
                )
                .bind(change.booking.0)
                .bind(change.maker.0)
                .bind(change.from_status.as_str())
                .bind(DbTime(change.from_start))
                .bind(DbTime(change.to.meeting.start))
                .bind(DbTime(change.to.meeting.end))
                .bind(DbTime(blocked.start))
                .bind(DbTime(blocked.end))
                .bind(change.status.as_str())
                .bind(change.awaiting_buyer)
                .bind(&change.message)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved == 0 {
                    return Ok(false);
                }
                spend_link!(tx, change.link.as_ref());
                tx.commit().await?;
                Ok(true)
            };
            crate::store::retrying(attempt).await
        })
    }

    async fn booking(
        &self,
        booking: domain::booking::BookingId,
    ) -> Result<Option<domain::booking::BookingRecord>, domain::store::StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(&format!(
                "{} WHERE b.id = $1",
                crate::store::bookings::RECORD
            ))
            .bind(booking.0)
            .fetch_optional(pool)
            .await?
            .as_ref()
            .map(crate::store::bookings::record)
            .transpose()
        })
    }

    async fn replace_brief(
        &self,
        booking: domain::booking::BookingId,
        was: &str,
        brief: &str,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let replaced =
                sqlx::query("UPDATE bookings SET brief = $3 WHERE id = $1 AND brief = $2")
                    .bind(booking.0)
                    .bind(was)
                    .bind(brief)
                    .execute(pool)
                    .await?
                    .rows_affected();
            Ok(replaced > 0)
        })
    }

    async fn bookings_of(
        &self,
        whose: domain::booking::BookingsOf,
    ) -> Result<Vec<domain::booking::BookingRecord>, domain::store::StoreError> {
        use domain::booking::BookingsOf;
        let (of, order, id) = match whose {
            BookingsOf::Maker(maker) => ("b.maker_id", "", maker.0),
            BookingsOf::Account(account) => ("b.account_id", " DESC", account.0),
        };
        let sql = format!(
            "{} WHERE {of} = $1 AND b.email_confirmed_at IS NOT NULL \
             ORDER BY b.starts_at{order}, b.id{order}",
            crate::store::bookings::RECORD
        );
        on_pool!(self, |pool| {
            let rows = sqlx::query(&sql).bind(id).fetch_all(pool).await?;
            rows.iter().map(crate::store::bookings::record).collect()
        })
    }

    async fn confirm_booking_email(
        &self,
        booking: domain::booking::BookingId,
        now: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let confirmed = sqlx::query(
                "UPDATE bookings SET email_confirmed_at = $2, hold_until = NULL \
                 WHERE id = $1 AND email_confirmed_at IS NULL \
                 AND status IN ('pending', 'confirmed') AND hold_until > $2",
            )
            .bind(booking.0)
            .bind(crate::store::time::DbTime(now))
            .execute(pool)
            .await?
            .rows_affected();
            Ok(confirmed > 0)
        })
    }

    async fn release_expired_holds(
        &self,
        now: jiff::Timestamp,
    ) -> Result<u64, domain::store::StoreError> {
        on_pool!(self, |pool| {
            Ok(sqlx::query(
                "UPDATE bookings SET status = 'cancelled', hold_until = NULL \
                 WHERE hold_until IS NOT NULL AND hold_until <= $1 \
                 AND email_confirmed_at IS NULL AND status IN ('pending', 'confirmed')",
            )
            .bind(crate::store::time::DbTime(now))
            .execute(pool)
            .await?
            .rows_affected())
        })
    }

    async fn use_booking_link(
        &self,
        digest: &str,
        now: jiff::Timestamp,
    ) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            let used = sqlx::query(crate::store::bookings::USE_LINK)
                .bind(digest)
                .bind(crate::store::time::DbTime(now))
                .execute(pool)
                .await?
                .rows_affected();
            Ok(used > 0)
        })
    }

    async fn booking_link_used(&self, digest: &str) -> Result<bool, domain::store::StoreError> {
        on_pool!(self, |pool| {
            Ok(
                sqlx::query("SELECT 1 FROM used_booking_links WHERE digest = $1")
                    .bind(digest)
                    .fetch_optional(pool)
                    .await?
                    .is_some(),
            )
        })
    }
}
