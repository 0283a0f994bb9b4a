use super::{migrate_error, store_error};
use app::store::StoreError;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::time::Duration;

/// The shared database for several stateless app servers.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Creates the database if it does not exist yet, connects a pool of
    /// `pool_size` and applies the migrations (under PostgreSQL's advisory lock,
    /// so app servers starting together take turns).
    pub async fn connect(url: &str, pool_size: u32) -> Result<Self, StoreError> {
        if !Postgres::database_exists(url).await.map_err(store_error)? {
            // Several servers may race to create it; losing that race is fine.
            if let Err(error) = Postgres::create_database(url).await
                && !Postgres::database_exists(url).await.map_err(store_error)?
            {
                return Err(store_error(error));
            }
        }
        let pool = PgPoolOptions::new()
            .max_connections(pool_size.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(store_error)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(migrate_error)?;
        Ok(PostgresStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.pool.begin().await
    }
}

catalogue_store!(PostgresStore, Postgres, ordered_agg: "string_agg(t.technique, ',' ORDER BY t.position)");
