//! `server [serve|migrate|seed-demo]` — see `server --help`.

use std::process::ExitCode;
use touchstone_server::startup::{self, Application};
use touchstone_server::{config::Settings, demo, store, telemetry};

const USAGE: &str = "\
Touchstone marketplace server

Usage: server [COMMAND]

Commands:
  serve       Serve the marketplace (the default)
  migrate     Bring the database schema up to date, then exit
  seed-demo   Add the demo makers and pieces if the database has no makers, issue the
              provenance passports published pieces lack, then exit
  grant-operator EMAIL
              Let the account with this address review evidence documents and
              verify claims (/operator/evidence), then exit

Configuration: touchstone.toml (or the file in TOUCHSTONE_CONFIG), then TOUCHSTONE_*
environment variables, DATABASE_URL and RUST_LOG. See the README.";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings.log_filter);
    let outcome = match command.as_str() {
        "serve" => serve(settings).await,
        "migrate" => connect(&settings, 1)
            .await
            .map(|_| tracing::info!("the database schema is up to date")),
        "seed-demo" => seed(&settings).await,
        "grant-operator" => match std::env::args().nth(2) {
            Some(email) => grant_operator(&settings, &email).await,
            None => {
                eprintln!("grant-operator needs the account's email address\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

async fn connect(
    settings: &Settings,
    pool_size: u32,
) -> Result<std::sync::Arc<dyn app::store::Store>, String> {
    let media = settings.media_files().map_err(|e| e.to_string())?;
    store::connect(&settings.database_url, pool_size, media)
        .await
        .map_err(|e| e.to_string())
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

async fn seed(settings: &Settings) -> Result<(), String> {
    let store = connect(settings, 2).await?;
    let notary = startup::load_notary(settings, store.as_ref())
        .await
        .map_err(|e| e.to_string())?;
    match demo::seed_if_empty(
        store.as_ref(),
        notary.as_ref(),
        &settings.public_base_url,
        settings.platform_fee_basis_points,
    )
    .await
    .map_err(|e| e.to_string())?
    {
        Some(report) => tracing::info!(
            makers = report.makers,
            pieces = report.pieces,
            commissions = report.commissions,
            "demo data added"
        ),
        None => tracing::info!("the database already has makers; demo data not added"),
    }
    let issued = startup::issue_missing_passports(settings, store)
        .await
        .map_err(|e| e.to_string())?;
    if issued > 0 {
        tracing::info!(issued, "provenance passports issued");
    }
    Ok(())
}

async fn grant_operator(settings: &Settings, email: &str) -> Result<(), String> {
    let email = app::accounts::Email::parse(email).map_err(|e| e.to_string())?;
    let store = connect(settings, 1).await?;
    let account = store
        .account_by_email(&email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("there is no account with the address {}", email.as_str()))?;
    if !account.email_verified {
        return Err(format!(
            "{} hasn't confirmed their email address yet; an operator's must be confirmed",
            email.as_str()
        ));
    }
    store
        .set_role(account.id, app::accounts::Role::Operator)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(email = email.as_str(), "the account is now an operator");
    Ok(())
}
