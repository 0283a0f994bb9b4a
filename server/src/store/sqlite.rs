//! SQLite, the embedded default: one database file in WAL mode.

use super::SqlResult;
use super::browse::TextTarget;
use super::{Dialect, migrate_error};
use domain::store::StoreError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// The schema this server expects, built into the binary.
pub(super) static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Opens (creating if needed) the database file and applies the migrations.
///
/// `synchronous = FULL` in WAL mode: a commit is on disk before it is
/// acknowledged, so it survives a killed process and a power cut alike.
pub(super) async fn connect(url: &str, pool_size: u32) -> SqlResult<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Unavailable(format!("invalid SQLite URL: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(parent) = options
        .get_filename()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            StoreError::Unavailable(format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(pool_size.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    MIGRATIONS.run(&pool).await.map_err(migrate_error)?;
    Ok(pool)
}

impl Dialect for SqlitePool {
    type Db = Sqlite;

    /// Takes the write lock up front: a deferred transaction that reads first and
    /// writes later can fail with SQLITE_BUSY halfway, where this one waits its turn.
    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }

    fn techniques_in_order(&self, column: &str, order: &str) -> String {
        format!("group_concat({column}, ',' ORDER BY {order})")
    }
}

/// Pieces or makers matching the search words, with bm25 relevance (negated, so
/// higher is better); the title or name weighs most.
pub(super) async fn text_scores(
    pool: &SqlitePool,
    target: TextTarget,
    text: &str,
) -> SqlResult<HashMap<i64, f32>> {
    let Some(query) = super::text::fts5_query(text) else {
        return Ok(Default::default());
    };
    let sql = match target {
        TextTarget::Makers => {
            "WITH hits AS MATERIALIZED (SELECT rowid || ' ' || -bm25(maker_text, 10.0, 4.0, 1.0, 3.0) AS pair \
             FROM maker_text WHERE maker_text MATCH $1) SELECT group_concat(pair, ' ') FROM hits"
        }
        TextTarget::Pieces => {
            "WITH hits AS MATERIALIZED (SELECT rowid || ' ' || -bm25(piece_text, 10.0, 4.0, 1.0) AS pair \
             FROM piece_text WHERE piece_text MATCH $1) SELECT group_concat(pair, ' ') FROM hits"
        }
    };
    // One aggregated row instead of thousands: in sqlx each row crosses a thread.
    let pairs: Option<String> = sqlx::query_scalar(sql).bind(query).fetch_one(pool).await?;
    Ok(super::text::scores(pairs.as_deref().unwrap_or_default()))
}
