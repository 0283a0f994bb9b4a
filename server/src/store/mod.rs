//! The storage adapter behind `domain::store::Store`: one `SqlStore` over SQLite (the
//! embedded default) or PostgreSQL, chosen at run time by the database URL.
//!
//! Each port's implementation (`impl AccountStore for SqlStore` in `accounts.rs`,
//! and so on) is written once: a method runs its body on whichever pool the store
//! holds (`on_pool!`), so the same SQL is compiled for both drivers. What the
//! dialects spell differently is asked of the pool through `Dialect`, and
//! `sqlite.rs` / `postgres.rs` hold the connection set-up and full-text search.

/// Runs `body` with `pool` bound to the store's concrete pool (and, in the second
/// form, `Db` naming its sqlx database type). The body is compiled once per
/// driver; `?` and `return` act on the enclosing method.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            crate::store::Pool::Sqlite($pool) => crate::store::sql(async { $body }).await,
            crate::store::Pool::Postgres($pool) => crate::store::sql(async { $body }).await,
        }
    };
    ($store:expr, |$pool:ident, $db:ident| $body:expr) => {
        match &$store.pool {
            crate::store::Pool::Sqlite($pool) => {
                type $db = sqlx::Sqlite;
                crate::store::sql(async { $body }).await
            }
            crate::store::Pool::Postgres($pool) => {
                type $db = sqlx::Postgres;
                crate::store::sql(async { $body }).await
            }
        }
    };
}

mod accounts;
#[macro_use]
mod bookings;
mod browse;
#[macro_use]
mod catalogue;
mod commissions;
mod custody;
mod documents;
mod index;
mod operations;
mod orders;
mod passports;
mod payments;
#[macro_use]
mod studio;
mod postgres;
mod sqlite;
mod text;
mod threads;
mod time;

use domain::store::{Conflict, Store, StoreError};
pub use operations::{Backlog, Readiness};
use std::sync::Arc;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else {
            Err(StoreError::Unavailable(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            ))
        }
    }
}

/// Connects to the database the URL names and brings its schema up to date.
/// Photo files go to `media`; the database keeps what is known about them.
pub async fn connect(
    url: &str,
    pool_size: u32,
    media: crate::files::MediaFiles,
) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(SqlStore::connect(url, pool_size, media).await?))
}

/// The application's data on one database, SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: Pool,
    /// This server's facet index, brought up to the database's catalogue version.
    index: Arc<index::AtVersion<index::Catalogue>>,
    front_page_lists: Arc<index::AtVersion<domain::home::FrontPage>>,
    media: crate::files::MediaFiles,
}

/// The whole port: each feature's part is implemented in its own file here.
impl Store for SqlStore {}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl SqlStore {
    /// Opens the database the URL names (creating it if needed) and applies the
    /// migrations.
    pub async fn connect(
        url: &str,
        pool_size: u32,
        media: crate::files::MediaFiles,
    ) -> Result<Self, StoreError> {
        let pool = match Backend::of_url(url)? {
            Backend::Sqlite => Pool::Sqlite(sqlite::connect(url, pool_size).await?),
            Backend::Postgres => Pool::Postgres(postgres::connect(url, pool_size).await?),
        };
        Ok(SqlStore {
            pool,
            index: Default::default(),
            front_page_lists: Default::default(),
            media,
        })
    }

    fn media_files(&self) -> &crate::files::MediaFiles {
        &self.media
    }

    /// Pieces or makers matching the search words, with the dialect's relevance
    /// score (higher is better).
    async fn text_scores(
        &self,
        target: browse::TextTarget,
        text: &str,
    ) -> SqlResult<std::collections::HashMap<i64, f32>> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::text_scores(pool, target, text).await,
            Pool::Postgres(pool) => postgres::text_scores(pool, target, text).await,
        }
    }
}

/// What the two databases spell differently, asked of the pool in a shared body.
trait Dialect {
    type Db: sqlx::Database;

    /// A write transaction that will not have to give way halfway through.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;

    /// SQL aggregating `column` into one comma-separated string, in `order`.
    fn techniques_in_order(&self, column: &str, order: &str) -> String;
}

/// Runs a transaction again (a few times) when the database chose it to give
/// way to a concurrent one.
async fn retrying<T, Attempt>(mut attempt: impl FnMut() -> Attempt) -> SqlResult<T>
where
    Attempt: std::future::Future<Output = SqlResult<T>>,
{
    for _ in 0..4 {
        match attempt().await {
            Err(SqlError(StoreError::Contended)) => continue,
            outcome => return outcome,
        }
    }
    attempt().await
}

/// A database error on its way out of an adapter as the port's `StoreError`:
/// adapter code says `?` to sqlx's errors and to its own checks alike.
#[derive(Debug)]
struct SqlError(StoreError);

type SqlResult<T> = Result<T, SqlError>;

impl From<sqlx::Error> for SqlError {
    fn from(error: sqlx::Error) -> Self {
        SqlError(store_error(error))
    }
}

impl From<StoreError> for SqlError {
    fn from(error: StoreError) -> Self {
        SqlError(error)
    }
}

impl From<Conflict> for SqlError {
    fn from(conflict: Conflict) -> Self {
        SqlError(StoreError::Duplicate(conflict))
    }
}

impl From<SqlError> for StoreError {
    fn from(error: SqlError) -> Self {
        error.0
    }
}

/// A stored value this code can't read back: written by hand, or by a version
/// that knew other values.
fn corrupt(what: &str, detail: impl std::fmt::Display) -> SqlError {
    SqlError(StoreError::Backend(format!(
        "stored {what} is invalid: {detail}"
    )))
}

/// Runs an adapter's body, handing its error to the port as a `StoreError`.
async fn sql<T>(body: impl std::future::Future<Output = SqlResult<T>>) -> Result<T, StoreError> {
    body.await.map_err(StoreError::from)
}

/// Maps a database error to the port's error, turning constraint names into the
/// rule a person would recognise.
fn store_error(error: sqlx::Error) -> StoreError {
    use sqlx::error::ErrorKind;
    match &error {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => {
                // PostgreSQL names the constraint; SQLite names the column.
                let rule = db.constraint().map(str::to_owned).unwrap_or_else(|| {
                    db.message()
                        .rsplit(": ")
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                });
                StoreError::Duplicate(duplicate_rule(&rule))
            }
            ErrorKind::ForeignKeyViolation => StoreError::MissingReference,
            // PostgreSQL's exclusion_violation: an overlapping booking.
            _ if db.code().as_deref() == Some("23P01") => {
                StoreError::Duplicate(duplicate_rule(db.constraint().unwrap_or_default()))
            }
            // deadlock_detected, serialization_failure: two inserts checking one
            // exclusion constraint can each wait for the other.
            _ if matches!(db.code().as_deref(), Some("40P01" | "40001")) => StoreError::Contended,
            _ => StoreError::Backend(error.to_string()),
        },
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(error.to_string())
        }
        _ => StoreError::Backend(error.to_string()),
    }
}

fn duplicate_rule(rule: &str) -> Conflict {
    match rule {
        "makers_slug_key" | "makers.slug" => Conflict::MakerAddress,
        "pieces_slug_key" | "pieces.slug" => Conflict::PieceAddress,
        "media_pkey" | "media.key" => Conflict::MediaFile,
        "accounts_email_key" | "accounts.email" => Conflict::EmailAddress,
        "makers_account_key" | "makers.account_id" => Conflict::Studio,
        "bookings_no_overlap"
        | "bookings_one_per_start"
        | "bookings.maker_id, bookings.starts_at" => Conflict::Time,
        "bookings_idempotency_key" | "bookings.idempotency_key" => Conflict::Booking,
        "payments_idempotency_key" | "payments.idempotency_key" => Conflict::Payment,
        "commission_pieces_pkey" | "commission_pieces.commission_id" => Conflict::FinishedPiece,
        "custody_entries_pkey"
        | "custody_entries.commission_id, custody_entries.seq"
        | "custody_heads_pkey"
        | "custody_heads.commission_id" => Conflict::CustodyEntry,
        "orders_one_per_unit" | "orders.piece_id, orders.unit" => Conflict::PieceTaken,
        _ => Conflict::Other,
    }
}

fn migrate_error(error: sqlx::migrate::MigrateError) -> StoreError {
    StoreError::Backend(format!("migration failed: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            Backend::of_url("sqlite://data/t.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(Backend::of_url("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::of_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn both_dialects_name_the_same_rules() {
        assert_eq!(
            duplicate_rule("makers_slug_key"),
            duplicate_rule("makers.slug")
        );
        assert_eq!(duplicate_rule("pieces_slug_key"), Conflict::PieceAddress);
        assert_eq!(duplicate_rule("something_else"), Conflict::Other);
    }
}
