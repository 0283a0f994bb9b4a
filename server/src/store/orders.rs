//! Orders, written once for both dialects. A hold takes the lowest unit of the
//! piece no order holds, under the partial unique index `orders_one_per_unit`:
//! SQLite's write lock runs two checkouts one after the other; on PostgreSQL two
//! checkouts that chose the same unit meet at the index, and the second looks
//! again (another unit of an edition, or "taken"). A step is an `UPDATE … WHERE
//! status = $from`, with its payment, refunds and ledger entry in the same
//! transaction.

use super::SqlResult;
use super::catalogue::{SHOWN_PIECE, SOLD_UNITS};
use super::corrupt;
use super::{Dialect, SqlStore, catalogue::column, store_error, time::DbTime};
use domain::accounts::AccountId;
use domain::makers::MakerId;
use domain::orders::{
    Delivery, Held, LedgerLine, NewOrder, OrderBuyer, OrderChange, OrderId, OrderRecord,
    OrderStatus, OrderStore, PieceForSale, SalesTerms, Shipment,
};
use domain::pieces::PieceId;
use domain::shared::{Currency, Money};
use domain::store::{Conflict, StoreError};

/// An order with its piece, maker and buyer; `WHERE` on `o` follows.
const RECORD: &str = "SELECT o.id, o.piece_id, p.slug AS piece_slug, p.title AS piece_title, \
                      o.maker_id, m.display_name AS maker_name, m.slug AS maker_slug, \
                      ma.email AS maker_email, o.buyer_id, \
                      COALESCE(b.display_name, o.guest_name) AS buyer_name, \
                      COALESCE(b.email, o.guest_email) AS buyer_email, o.email_confirmed_at, o.unit, o.edition_number, o.edition_of, \
                      o.price_minor, o.delivery_minor, o.fee_minor, o.currency, o.delivery, \
                      o.terms, o.status, o.hold_until, o.carrier, o.tracking, o.created_at, \
                      o.paid_at, o.shipped_at, o.closed_at \
                      FROM orders o JOIN pieces p ON p.id = o.piece_id \
                      JOIN makers m ON m.id = o.maker_id \
                      LEFT JOIN accounts ma ON ma.id = m.account_id \
                      LEFT JOIN accounts b ON b.id = o.buyer_id";

/// The buyer's orders, by `$2` (an account) or `$3` (a guest's address).
const OF_BUYER: &str = "(buyer_id = $2 OR (buyer_id IS NULL AND guest_email = $3))";

/// The `$2` and `$3` of `OF_BUYER`.
fn buyer_keys(buyer: &OrderBuyer) -> (Option<i64>, Option<&str>) {
    match buyer {
        OrderBuyer::Account(account) => (Some(account.0), None),
        OrderBuyer::Guest { email, .. } => (None, Some(email.as_str())),
    }
}

/// The statuses that hold a unit, as the unique index names them.
const TAKING_UNIT: &str = "('held', 'awaiting-payment', 'paid', 'shipped', 'completed')";

fn json<T: serde::Serialize>(value: &T) -> SqlResult<String> {
    serde_json::to_string(value).map_err(|error| corrupt("field", error))
}

fn unit_number(value: i64) -> SqlResult<u32> {
    u32::try_from(value).map_err(|error| corrupt("unit", error))
}

fn record<R>(row: &R) -> SqlResult<OrderRecord>
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database>,
    for<'r> DbTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<DbTime>: sqlx::Decode<'r, R::Database>,
{
    let currency: String = column(row, "currency")?;
    let currency = Currency::parse(&currency).map_err(|error| corrupt("currency", error))?;
    let money = |name: &str| -> SqlResult<Money> {
        Money::from_minor(column(row, name)?, currency).map_err(|error| corrupt(name, error))
    };
    let at = |name: &str| -> SqlResult<Option<jiff::Timestamp>> {
        Ok(column::<_, Option<DbTime>>(row, name)?.map(|time| time.0))
    };
    let status: String = column(row, "status")?;
    let delivery: String = column(row, "delivery")?;
    let terms: String = column(row, "terms")?;
    let carrier: Option<String> = column(row, "carrier")?;
    let buyer: Option<i64> = column(row, "buyer_id")?;
    let edition = match (
        column::<_, Option<i64>>(row, "edition_number")?,
        column::<_, Option<i64>>(row, "edition_of")?,
    ) {
        (Some(number), Some(of)) => Some((unit_number(number)?, unit_number(of)?)),
        _ => None,
    };
    Ok(OrderRecord {
        id: OrderId(column(row, "id")?),
        piece: PieceId(column(row, "piece_id")?),
        piece_slug: column(row, "piece_slug")?,
        piece_title: column(row, "piece_title")?,
        maker: MakerId(column(row, "maker_id")?),
        maker_name: column(row, "maker_name")?,
        maker_slug: column(row, "maker_slug")?,
        maker_email: column(row, "maker_email")?,
        buyer: buyer.map(AccountId),
        buyer_name: column(row, "buyer_name")?,
        buyer_email: column(row, "buyer_email")?,
        email_confirmed: buyer.is_some() || at("email_confirmed_at")?.is_some(),
        unit: unit_number(column(row, "unit")?)?,
        edition,
        price: money("price_minor")?,
        delivery_fee: money("delivery_minor")?,
        fee_minor: column(row, "fee_minor")?,
        delivery: serde_json::from_str::<Delivery>(&delivery)
            .map_err(|error| corrupt("delivery", error))?,
        terms: serde_json::from_str::<SalesTerms>(&terms)
            .map_err(|error| corrupt("terms", error))?,
        status: OrderStatus::from_slug(&status).ok_or_else(|| corrupt("status", &status))?,
        hold_until: at("hold_until")?,
        shipment: carrier.map(|carrier| Shipment {
            carrier,
            tracking: column(row, "tracking").ok().flatten().unwrap_or_default(),
        }),
        created_at: at("created_at")?.ok_or_else(|| corrupt("created_at", "none"))?,
        paid_at: at("paid_at")?,
        shipped_at: at("shipped_at")?,
        closed_at: at("closed_at")?,
    })
}

#[async_trait::async_trait]
impl OrderStore for SqlStore {
    async fn sales_terms(&self, maker: MakerId) -> Result<Option<SalesTerms>, StoreError> {
        let terms: Option<String> = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT terms FROM sales_terms WHERE maker_id = $1")
                .bind(maker.0)
                .fetch_optional(pool)
                .await
                .map_err(Into::into)
        })?;
        Ok(terms
            .map(|terms| serde_json::from_str(&terms).map_err(|error| corrupt("terms", error)))
            .transpose()?)
    }

    async fn set_sales_terms(
        &self,
        maker: MakerId,
        terms: &SalesTerms,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let terms = json(terms)?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO sales_terms (maker_id, terms, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (maker_id) DO UPDATE SET terms = excluded.terms, \
                 updated_at = excluded.updated_at",
            )
            .bind(maker.0)
            .bind(&terms)
            .bind(DbTime(at))
            .execute(&mut *tx)
            .await?;
            record_catalogue_change!(&mut tx, maker.0);
            Ok(tx.commit().await?)
        })
    }

    async fn piece_for_sale(&self, slug: &str) -> Result<Option<PieceForSale>, StoreError> {
        on_pool!(self, |pool| {
            let Some(row) = sqlx::query(&format!(
                "SELECT p.id, p.slug, p.title, p.maker_id, m.display_name, p.made_to_order, \
                 p.price_currency, p.price_minor, p.disclosure, t.terms, \
                 {SOLD_UNITS} AS sold \
                 FROM pieces p JOIN makers m ON m.id = p.maker_id \
                 LEFT JOIN sales_terms t ON t.maker_id = p.maker_id \
                 WHERE p.slug = $1 AND {SHOWN_PIECE}"
            ))
            .bind(slug)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let made_to_order: bool = column(&row, "made_to_order")?;
            let currency: Option<String> = column(&row, "price_currency")?;
            let price = super::catalogue::money(currency.as_deref(), column(&row, "price_minor")?)?
                .filter(|_| !made_to_order);
            let disclosure: Option<sqlx::types::Json<domain::provenance::Disclosure>> =
                column(&row, "disclosure")?;
            let terms: Option<String> = column(&row, "terms")?;
            let sold: i64 = column(&row, "sold")?;
            Ok(Some(PieceForSale {
                piece: PieceId(column(&row, "id")?),
                slug: column(&row, "slug")?,
                title: column(&row, "title")?,
                maker: MakerId(column(&row, "maker_id")?),
                maker_name: column(&row, "display_name")?,
                price,
                disclosure: disclosure.map(|json| json.0),
                sold_units: unit_number(sold)?,
                terms: terms
                    .map(|terms| {
                        serde_json::from_str(&terms).map_err(|error| corrupt("terms", error))
                    })
                    .transpose()?,
            }))
        })
    }

    async fn hold_piece(&self, order: &NewOrder) -> Result<Held, StoreError> {
        // Each clash at the index means another checkout took a unit: at most
        // one look per unit (and a few for contention) settles it.
        let attempts = order.units.saturating_add(4);
        for _ in 0..attempts {
            // One look: `Contended` when another checkout took the unit this one
            // chose between the look and the insert.
            let attempt: Result<Held, StoreError> = on_pool!(self, |pool| {
                async {
                    let mut tx = pool.begin_write().await?;
                    sqlx::query(
                        "UPDATE orders SET status = 'lapsed', hold_until = NULL, closed_at = $2, \
                         updated_at = $2 WHERE piece_id = $1 AND status IN ('held', 'awaiting-payment') \
                         AND hold_until <= $2",
                    )
                    .bind(order.piece.0)
                    .bind(DbTime(order.at))
                    .execute(&mut *tx)
                    .await?;
                    let (account, guest_email) = buyer_keys(&order.buyer);
                    let own: Option<i64> = sqlx::query_scalar(&format!(
                        "SELECT id FROM orders WHERE piece_id = $1 AND {OF_BUYER} \
                         AND status IN ('held', 'awaiting-payment') ORDER BY id LIMIT 1"
                    ))
                    .bind(order.piece.0)
                    .bind(account)
                    .bind(guest_email)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some(own) = own {
                        tx.commit().await?;
                        return Ok(Held::Again(OrderId(own)));
                    }
                    let taken: Vec<i64> = sqlx::query_scalar(&format!(
                        "SELECT unit FROM orders WHERE piece_id = $1 AND status IN {TAKING_UNIT} ORDER BY unit"
                    ))
                    .bind(order.piece.0)
                    .fetch_all(&mut *tx)
                    .await?;
                    let Some(unit) = (1..=i64::from(order.units)).find(|unit| !taken.contains(unit)) else {
                        return Err(Conflict::PieceTaken.into());
                    };
                    let edition = order
                        .edition
                        .map(|(first, of)| (i64::from(first) + unit - 1, i64::from(of)));
                    let inserted: Result<i64, StoreError> = sqlx::query_scalar(
                        "INSERT INTO orders (piece_id, maker_id, buyer_id, guest_name, guest_email, \
                         unit, edition_number, edition_of, price_minor, delivery_minor, fee_minor, \
                         currency, delivery, terms, status, hold_until, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'held', \
                         $15, $16, $16) RETURNING id",
                    )
                    .bind(order.piece.0)
                    .bind(order.maker.0)
                    .bind(account)
                    .bind(match &order.buyer {
                        OrderBuyer::Guest { name, .. } => Some(name.as_str()),
                        OrderBuyer::Account(_) => None,
                    })
                    .bind(guest_email)
                    .bind(unit)
                    .bind(edition.map(|(number, _)| number))
                    .bind(edition.map(|(_, of)| of))
                    .bind(order.price.minor())
                    .bind(order.delivery_fee.minor())
                    .bind(order.fee_minor)
                    .bind(order.price.currency().code())
                    .bind(json(&order.delivery)?)
                    .bind(json(&order.terms)?)
                    .bind(DbTime(order.hold_until))
                    .bind(DbTime(order.at))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error);
                    match inserted {
                        Ok(id) => {
                            tx.commit().await?;
                            Ok(Held::New(OrderId(id)))
                        }
                        Err(StoreError::Duplicate(Conflict::PieceTaken)) => Err(StoreError::Contended.into()),
                        Err(error) => Err(error.into()),
                    }
                }
                .await
            });
            match attempt {
                Err(StoreError::Contended) => continue,
                outcome => return outcome,
            }
        }
        Err(StoreError::Duplicate(Conflict::PieceTaken))
    }

    async fn running_holds(
        &self,
        buyer: &OrderBuyer,
        besides: PieceId,
        now: jiff::Timestamp,
    ) -> Result<u32, StoreError> {
        let (account, guest_email) = buyer_keys(buyer);
        let holds: i64 = on_pool!(self, |pool| {
            Ok(sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM orders WHERE piece_id <> $1 AND {OF_BUYER} \
                 AND status IN ('held', 'awaiting-payment') AND hold_until > $4"
            ))
            .bind(besides.0)
            .bind(account)
            .bind(guest_email)
            .bind(DbTime(now))
            .fetch_one(pool)
            .await?)
        })?;
        Ok(u32::try_from(holds).map_err(|error| corrupt("count", error))?)
    }

    async fn confirm_order_email(
        &self,
        id: OrderId,
        now: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let confirmed = on_pool!(self, |pool| {
            Ok(sqlx::query(
                "UPDATE orders SET email_confirmed_at = $2, updated_at = $2 WHERE id = $1 \
                 AND buyer_id IS NULL AND email_confirmed_at IS NULL AND status = 'held' \
                 AND hold_until > $2",
            )
            .bind(id.0)
            .bind(DbTime(now))
            .execute(pool)
            .await?
            .rows_affected())
        })?;
        Ok(confirmed == 1)
    }

    async fn order(&self, id: OrderId) -> Result<Option<OrderRecord>, StoreError> {
        on_pool!(self, |pool| {
            let row = sqlx::query(&format!("{RECORD} WHERE o.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            row.as_ref().map(record).transpose()
        })
    }

    async fn buyer_orders(
        &self,
        buyer: AccountId,
        guest_address: Option<&str>,
    ) -> Result<Vec<OrderRecord>, StoreError> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!(
                "{RECORD} WHERE o.buyer_id = $1 OR (o.buyer_id IS NULL AND o.guest_email = $2 \
                 AND o.email_confirmed_at IS NOT NULL) ORDER BY o.id DESC"
            ))
            .bind(buyer.0)
            .bind(guest_address)
            .fetch_all(pool)
            .await?;
            rows.iter().map(record).collect()
        })
    }

    async fn maker_orders(&self, maker: MakerId) -> Result<Vec<OrderRecord>, StoreError> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!(
                "{RECORD} WHERE o.maker_id = $1 AND o.status <> 'held' ORDER BY o.id DESC"
            ))
            .bind(maker.0)
            .fetch_all(pool)
            .await?;
            rows.iter().map(record).collect()
        })
    }

    async fn move_order(&self, id: OrderId, change: &OrderChange) -> Result<bool, StoreError> {
        let sale_changed = change.from.is_sale() != change.to.is_sale();
        let closes = change.to.is_closed();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let maker: Option<i64> = sqlx::query_scalar(
                "UPDATE orders SET status = $3, hold_until = $4, \
                 carrier = COALESCE($5, carrier), tracking = COALESCE($6, tracking), \
                 paid_at = CASE WHEN $3 = 'paid' THEN $7 ELSE paid_at END, \
                 shipped_at = CASE WHEN $3 = 'shipped' THEN $7 ELSE shipped_at END, \
                 closed_at = CASE WHEN $8 THEN $7 ELSE closed_at END, updated_at = $7 \
                 WHERE id = $1 AND status = $2 RETURNING maker_id",
            )
            .bind(id.0)
            .bind(change.from.slug())
            .bind(change.to.slug())
            .bind(change.hold_until.map(DbTime))
            .bind(
                change
                    .shipment
                    .as_ref()
                    .map(|shipment| shipment.carrier.as_str()),
            )
            .bind(
                change
                    .shipment
                    .as_ref()
                    .map(|shipment| shipment.tracking.as_str()),
            )
            .bind(DbTime(change.at))
            .bind(closes)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(maker) = maker else {
                return Ok(false);
            };
            if !super::payments::apply(&mut tx, &change.money, change.at).await? {
                return Ok(false);
            }
            if sale_changed {
                // The piece's page says whether it is sold.
                record_catalogue_change!(&mut tx, maker);
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    async fn orders_due(
        &self,
        now: jiff::Timestamp,
        sent_before: jiff::Timestamp,
    ) -> Result<Vec<OrderRecord>, StoreError> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!(
                "{RECORD} WHERE (o.status IN ('held', 'awaiting-payment') AND o.hold_until <= $1) \
                 OR (o.status = 'shipped' AND o.shipped_at <= $2) ORDER BY o.id"
            ))
            .bind(DbTime(now))
            .bind(DbTime(sent_before))
            .fetch_all(pool)
            .await?;
            rows.iter().map(record).collect()
        })
    }

    async fn ledger(&self) -> Result<Vec<(String, LedgerLine)>, StoreError> {
        on_pool!(self, |pool| {
            let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                "SELECT entry, account, amount_minor, currency FROM ledger_lines ORDER BY id",
            )
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(|(entry, account, amount_minor, currency)| {
                    Ok((
                        entry,
                        LedgerLine {
                            account,
                            amount_minor,
                            currency: Currency::parse(&currency)
                                .map_err(|error| corrupt("currency", error))?,
                        },
                    ))
                })
                .collect()
        })
    }
}
