//! PostgreSQL, the shared database for several stateless app servers.

use super::SqlResult;
use super::browse::TextTarget;
use super::{Dialect, migrate_error};
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::collections::HashMap;
use std::time::Duration;

/// The schema this server expects, built into the binary.
pub(super) static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Creates the database if it does not exist yet, connects a pool of `pool_size`
/// and applies the migrations (under PostgreSQL's advisory lock, so app servers
/// starting together take turns).
pub(super) async fn connect(url: &str, pool_size: u32) -> SqlResult<PgPool> {
    if !Postgres::database_exists(url).await? {
        // Several servers may race to create it; losing that race is fine.
        if let Err(error) = Postgres::create_database(url).await
            && !Postgres::database_exists(url).await?
        {
            return Err(error.into());
        }
    }
    let pool = PgPoolOptions::new()
        .max_connections(pool_size.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    MIGRATIONS.run(&pool).await.map_err(migrate_error)?;
    Ok(pool)
}

impl Dialect for PgPool {
    type Db = Postgres;

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.begin().await
    }

    fn techniques_in_order(&self, column: &str, order: &str) -> String {
        format!("string_agg({column}, ',' ORDER BY {order})")
    }
}

/// Pieces or makers matching the search words, ranked by `ts_rank` over the
/// weighted documents (title or name weighs most).
pub(super) async fn text_scores(
    pool: &PgPool,
    target: TextTarget,
    text: &str,
) -> SqlResult<HashMap<i64, f32>> {
    let Some(query) = super::text::tsquery(text) else {
        return Ok(Default::default());
    };
    let sql = match target {
        TextTarget::Makers => {
            "SELECT string_agg(id || ' ' || ts_rank(document, query), ' ') \
             FROM makers, to_tsquery('english', $1) query WHERE document @@ query"
        }
        TextTarget::Pieces => {
            "SELECT string_agg(id || ' ' || ts_rank(document, query), ' ') \
             FROM pieces, to_tsquery('english', $1) query WHERE document @@ query"
        }
    };
    // One aggregated row instead of thousands.
    let pairs: Option<String> = sqlx::query_scalar(sql).bind(query).fetch_one(pool).await?;
    Ok(super::text::scores(pairs.as_deref().unwrap_or_default()))
}
