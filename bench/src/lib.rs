//! What the benches share: the release server, started as they measure it.

pub mod release_server;

use sqlx::migrate::MigrateDatabase;

/// What a bench's `main` may fail with.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Writes a bench's figures to `bench/results/{name}.json`, where `bench-report`
/// reads them.
pub fn write_results(name: &str, figures: &serde_json::Value) -> Result<(), Error> {
    std::fs::create_dir_all("bench/results")?;
    let path = format!("bench/results/{name}.json");
    std::fs::write(&path, serde_json::to_string_pretty(figures)?)?;
    println!("\nwritten to {path}");
    Ok(())
}

/// An empty PostgreSQL database called `name` on the server
/// `DATABASE_URL_TEST_PG` names (dropped first if a run left it behind), or
/// none when that variable is unset: the bench then measures SQLite alone.
pub async fn fresh_postgres(name: &str) -> Result<Option<String>, Error> {
    let Ok(admin) = std::env::var("DATABASE_URL_TEST_PG") else {
        eprintln!("DATABASE_URL_TEST_PG is not set: PostgreSQL not measured");
        return Ok(None);
    };
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    if sqlx::Postgres::database_exists(&url).await? {
        sqlx::Postgres::force_drop_database(&url).await?;
    }
    Ok(Some(url))
}
