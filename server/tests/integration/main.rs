//! The integration tests: one binary, so the server is linked once.
//!
//! `support` starts apps and databases (a fresh SQLite file or PostgreSQL database
//! per test) and holds the fixtures; `cases` are the storage conformance cases.
//! Each other module is a feature's tests over HTTP or over the store, each case on
//! SQLite and, when `DATABASE_URL_TEST_PG` is set, on PostgreSQL.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

/// Runs an async `journey(&TestApp)` as two tests, `name::on_sqlite` and
/// `name::on_postgres`, each on a fresh app and database, with optional extra
/// settings: `on_both_databases!(name, journey, [("TOUCHSTONE_…", "…")]);`.
/// The PostgreSQL half runs when `DATABASE_URL_TEST_PG` is set (`.ci/run` sets it).
macro_rules! on_both_databases {
    ($name:ident, $journey:ident $(, [$($setting:expr),* $(,)?])?) => {
        mod $name {
            #[tokio::test]
            async fn on_sqlite() {
                let app = crate::support::spawn_app_with(&[$($($setting),*)?]).await;
                super::$journey(&app).await;
            }

            #[tokio::test]
            async fn on_postgres() {
                let Some(db) = crate::support::TestDb::postgres().await else {
                    return;
                };
                let url = db.url();
                let app = crate::support::spawn_app_with(
                    &[("DATABASE_URL", url.as_str()) $($(, $setting)*)?],
                )
                .await;
                super::$journey(&app).await;
            }
        }
    };
}

mod cases;
mod support;

mod accounts;
mod booking;
mod booking_messages;
mod cards;
mod commissions;
mod conformance;
mod custody;
mod finished_piece;
mod guest_orders;
mod http;
mod orders;
mod studio;
