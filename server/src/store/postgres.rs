use super::{migrate_error, store_error};
use app::store::StoreError;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::time::Duration;

/// The shared database for several stateless app servers.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    index: std::sync::Arc<super::index::AtVersion<super::index::Catalogue>>,
    front_page_lists: std::sync::Arc<super::index::AtVersion<app::home::FrontPage>>,
    media: crate::files::MediaFiles,
    pool: PgPool,
}

impl PostgresStore {
    /// Creates the database if it does not exist yet, connects a pool of
    /// `pool_size` and applies the migrations (under PostgreSQL's advisory lock,
    /// so app servers starting together take turns).
    pub async fn connect(
        url: &str,
        pool_size: u32,
        media: crate::files::MediaFiles,
    ) -> Result<Self, StoreError> {
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
        Ok(PostgresStore {
            index: Default::default(),
            front_page_lists: Default::default(),
            media,
            pool,
        })
    }

    fn media_files(&self) -> &crate::files::MediaFiles {
        &self.media
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    /// Pieces or makers matching the search words, ranked by `ts_rank` over the
    /// weighted documents (title or name weighs most).
    async fn text_scores(
        &self,
        target: super::browse::TextTarget,
        text: &str,
    ) -> Result<std::collections::HashMap<i64, f32>, StoreError> {
        let Some(query) = super::text::tsquery(text) else {
            return Ok(Default::default());
        };
        let sql = match target {
            super::browse::TextTarget::Makers => {
                "SELECT string_agg(id || ' ' || ts_rank(document, query), ' ') \
                 FROM makers, to_tsquery('english', $1) query WHERE document @@ query"
            }
            super::browse::TextTarget::Pieces => {
                "SELECT string_agg(id || ' ' || ts_rank(document, query), ' ') \
                 FROM pieces, to_tsquery('english', $1) query WHERE document @@ query"
            }
        };
        // One aggregated row instead of thousands.
        let pairs: Option<String> = sqlx::query_scalar(sql)
            .bind(query)
            .fetch_one(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(super::text::scores(pairs.as_deref().unwrap_or_default()))
    }
}

catalogue_store!(PostgresStore, Postgres, ordered_agg: "string_agg(t.technique, ',' ORDER BY t.position)");
account_store!(PostgresStore);
passport_store!(PostgresStore);
studio_store!(PostgresStore);
document_store!(PostgresStore);
booking_store!(PostgresStore);
