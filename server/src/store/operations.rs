//! What operators ask of the store rather than people: whether this server can
//! serve (`/readyz`) and the backlogs `/metrics` reports.

use super::time::DbTime;
use super::{Pool, SqlStore, postgres, sqlite};
use domain::store::StoreError;

/// The checks `/readyz` makes, each passed or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readiness {
    pub database: bool,
    /// Every migration this binary carries has been applied.
    pub migrations: bool,
    pub media: bool,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.database && self.migrations && self.media
    }
}

/// The work waiting and the connections in use, read when metrics are scraped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    pub pool_connections: u32,
    pub pool_idle: u32,
    /// Mail not yet sent that will still be tried.
    pub outbox_pending: u64,
    /// Commission jobs whose time has come.
    pub jobs_due: u64,
}

impl SqlStore {
    /// Asks the database and the object store; a failed check is logged here,
    /// and only its name leaves the server.
    pub async fn readiness(&self) -> Readiness {
        let applied = match self.applied_migrations().await {
            Ok(applied) => Some(applied),
            Err(error) => {
                tracing::warn!(%error, "readiness: the database did not answer");
                None
            }
        };
        let carried: Vec<i64> = match &self.pool {
            Pool::Sqlite(_) => sqlite::MIGRATIONS.iter().map(|m| m.version).collect(),
            Pool::Postgres(_) => postgres::MIGRATIONS.iter().map(|m| m.version).collect(),
        };
        let media = match self.media_files().reachable().await {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "readiness: the object store did not answer");
                false
            }
        };
        Readiness {
            database: applied.is_some(),
            migrations: applied
                .is_some_and(|applied| carried.iter().all(|version| applied.contains(version))),
            media,
        }
    }

    async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(pool)
                .await
                .map_err(Into::into)
        })
    }

    pub async fn backlog(&self, now: jiff::Timestamp) -> Result<Backlog, StoreError> {
        let (pool_connections, pool_idle) = match &self.pool {
            Pool::Sqlite(pool) => (pool.size(), pool.num_idle()),
            Pool::Postgres(pool) => (pool.size(), pool.num_idle()),
        };
        let (outbox_pending, jobs_due): (i64, i64) = on_pool!(self, |pool| {
            Ok(sqlx::query_as(
                "SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts < $1), \
                 (SELECT count(*) FROM commission_jobs WHERE due_at <= $2)",
            )
            .bind(domain::accounts::MAX_DELIVERY_ATTEMPTS)
            .bind(DbTime(now))
            .fetch_one(pool)
            .await?)
        })?;
        Ok(Backlog {
            pool_connections,
            pool_idle: u32::try_from(pool_idle).unwrap_or(u32::MAX),
            outbox_pending: u64::try_from(outbox_pending).unwrap_or_default(),
            jobs_due: u64::try_from(jobs_due).unwrap_or_default(),
        })
    }
}
