//! Building and running the application (and the same in tests, on port 0).

use crate::config::Settings;
use crate::http::metrics::MetricsState;
use crate::http::render_cache::RenderCache;
use crate::http::{AppState, Assets, router};
use crate::links::HmacLinkKeys;
use crate::mail::Mailer;
use crate::passport::Ed25519Notary;
use crate::shutdown::{CLOSING_GRACE, ClosingListener, shutdown_signal};
use crate::store::SqlStore;
use app::provenance::Notary;
use app::store::{Store, StoreError};
use leptos::config::LeptosOptions;
use services::issue_passport;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// How often each server looks for commission steps whose time has come
/// (proposals expiring, pieces completing after dispatch).
const COMMISSION_CLOCK_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot load the site assets: {0}")]
    Assets(std::io::Error),
    #[error("{0}")]
    PassportKey(#[from] crate::passport::KeyError),
    #[error("{0}")]
    LinkKey(#[from] crate::links::LinkKeyError),
    #[error("{0}")]
    Mail(#[from] crate::mail::MailConfigError),
    #[error("{0}")]
    Files(#[from] crate::files::FilesError),
    #[error("cannot record metrics: {0}")]
    Metrics(String),
    #[error("cannot set up card payments: {0}")]
    Cards(String),
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    store: Arc<SqlStore>,
    notary: Arc<dyn Notary>,
    link_keys: Arc<HmacLinkKeys>,
    public_base_url: String,
    platform_fee_basis_points: u32,
    cards: Option<Arc<crate::stripe::Stripe>>,
    mailer: Option<Mailer>,
    /// The metrics address's listener and what its scrapes read.
    metrics: Option<(TcpListener, MetricsState)>,
}

/// cargo-leptos writes the asset hashes next to the server binary it built.
fn built_with_hashed_assets() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

impl Application {
    /// Connects and migrates the database, loads the assets and binds the address.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let store = Arc::new(
            SqlStore::connect(
                &settings.database_url,
                settings.pool_size,
                settings.media_files()?,
            )
            .await?,
        );
        // Listening only once the schema is current: a server that accepts
        // connections is ready for them.
        let listener = TcpListener::bind(settings.address)
            .await
            .map_err(|source| StartupError::Bind {
                address: settings.address,
                source,
            })?;
        let address = listener.local_addr().map_err(|source| StartupError::Bind {
            address: settings.address,
            source,
        })?;
        let hashed = built_with_hashed_assets();
        let leptos_options = LeptosOptions::builder()
            .output_name("touchstone")
            .site_root(settings.site_root.to_string_lossy().as_ref())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .hash_files(hashed)
            .build();
        let assets =
            Assets::load(&settings.site_root.join("pkg"), hashed).map_err(StartupError::Assets)?;
        let notary = load_notary(&settings, store.as_ref()).await?;
        let render_cache = Arc::new(RenderCache::new(settings.render_cache_bytes));
        let mailer = Mailer::from_settings(&settings.smtp_url, &settings.mail_from)?;
        let cards = match settings.stripe() {
            Some(stripe) => Some(Arc::new(
                crate::stripe::Stripe::new(stripe)
                    .map_err(|error| StartupError::Cards(error.to_string()))?,
            )),
            None => None,
        };
        let link_keys = Arc::new(HmacLinkKeys::load(&settings.link_keys, &settings.data_dir)?);
        let state = AppState {
            leptos_options,
            store: store.clone(),
            operations: store.clone(),
            assets: Arc::new(assets),
            public_base_url: settings.public_base_url.clone(),
            notary: notary.clone(),
            link_keys: link_keys.clone(),
            render_cache: render_cache.clone(),
            cards: cards.clone(),
            platform_fee: app::orders::PlatformFee(settings.platform_fee_basis_points),
        };
        let router = router(state, &settings);
        let metrics = match settings.metrics_address {
            None => None,
            Some(address) => {
                let listener = TcpListener::bind(address)
                    .await
                    .map_err(|source| StartupError::Bind { address, source })?;
                let handle = crate::http::metrics::recorder().map_err(StartupError::Metrics)?;
                Some((
                    listener,
                    MetricsState {
                        handle,
                        store: store.clone(),
                        render_cache,
                    },
                ))
            }
        };
        Ok(Application {
            listener,
            router,
            store,
            notary,
            link_keys,
            public_base_url: settings.public_base_url.clone(),
            platform_fee_basis_points: settings.platform_fee_basis_points,
            cards,
            mailer,
            metrics,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Where `/metrics` is served, when it is.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
    }

    /// The marketplace's signing key: passports and design agreements.
    pub fn notary(&self) -> Arc<dyn Notary> {
        self.notary.clone()
    }

    /// The public address pages and passports name.
    pub fn site(&self) -> &str {
        &self.public_base_url
    }

    /// Issues the passports that published pieces with a disclosure still lack
    /// (pieces published by the demo seed or before passports existed).
    pub async fn issue_missing_passports(&self) -> Result<usize, StoreError> {
        self.passport_backlog().issue().await
    }

    fn passport_backlog(&self) -> PassportBacklog {
        PassportBacklog {
            store: self.store.clone(),
            notary: self.notary.clone(),
            site: self.public_base_url.clone(),
        }
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
    pub async fn run_until_stopped(mut self) -> std::io::Result<()> {
        if let Some(mailer) = self.mailer.take() {
            mailer.spawn(self.store.clone());
        }
        tracing::info!(address = %self.address(), "serving Touchstone");
        if let Some((listener, state)) = self.metrics.take() {
            if let Ok(address) = listener.local_addr() {
                tracing::info!(metrics = %address, "serving metrics at /metrics");
            }
            let router = crate::http::metrics::router(state);
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, router).await {
                    tracing::error!(%error, "the metrics address stopped serving");
                }
            });
        }
        // Passports for pieces published without one (the demo seed, older data):
        // in the background, so a large backlog never delays serving.
        let backlog = self.passport_backlog();
        tokio::spawn(async move {
            match backlog.issue().await {
                Ok(0) => {}
                Ok(issued) => tracing::info!(issued, "provenance passports issued"),
                Err(error) => tracing::warn!(%error, "issuing missing passports failed"),
            }
        });
        // Build the facet index now rather than on the first buyer's search.
        let store = self.store();
        tokio::spawn(async move {
            if let Err(error) = store
                .search_pieces(&app::search::ListingQuery::default())
                .await
            {
                tracing::warn!(%error, "warming the facet index failed");
            }
        });
        let (store, site, notary, link_keys, platform_fee, cards) = (
            self.store.clone(),
            self.public_base_url.clone(),
            self.notary.clone(),
            self.link_keys.clone(),
            self.platform_fee_basis_points,
            self.cards.clone(),
        );
        tokio::spawn(async move {
            // Every server looks; the job table's leases (and each order step's
            // compare-and-set) let one of them act.
            let mut ticks = tokio::time::interval(COMMISSION_CLOCK_EVERY);
            loop {
                ticks.tick().await;
                let clock = services::commissions::clock::CommissionClock::new(
                    store.as_ref(),
                    &site,
                    jiff::Timestamp::now(),
                );
                match clock.run_due().await {
                    Ok(round) if round == Default::default() => {}
                    Ok(round) => tracing::info!(?round, "commission clock"),
                    Err(error) => tracing::warn!(%error, "the commission clock failed"),
                }
                let mut orders = services::orders::desk::OrderDesk::new(
                    store.as_ref(),
                    notary.as_ref(),
                    link_keys.as_ref(),
                    platform_fee,
                    &site,
                    jiff::Timestamp::now(),
                );
                orders.till.cards = cards
                    .as_deref()
                    .map(|stripe| stripe as &dyn app::payments::CardPayments);
                match orders.run_clock().await {
                    Ok(round) if round == Default::default() => {}
                    Ok(round) => tracing::info!(?round, "order clock"),
                    Err(error) => tracing::warn!(%error, "the order clock failed"),
                }
                let mut commissions = services::commissions::desk::CommissionDesk::new(
                    store.as_ref(),
                    notary.as_ref(),
                    platform_fee,
                    &site,
                    jiff::Timestamp::now(),
                );
                commissions.till.cards = orders.till.cards;
                match commissions.reconcile_cards().await {
                    Ok(0) => {}
                    Ok(settled) => tracing::info!(settled, "commission card payments settled"),
                    Err(error) => {
                        tracing::warn!(%error, "asking about commission card payments failed")
                    }
                }
            }
        });
        let store = self.store();
        tokio::spawn(async move {
            let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                hourly.tick().await;
                match store.delete_expired_sessions(jiff::Timestamp::now()).await {
                    Ok(0) => {}
                    Ok(removed) => tracing::info!(removed, "expired sessions removed"),
                    Err(error) => tracing::warn!(%error, "removing expired sessions failed"),
                }
            }
        });
        use axum::serve::ListenerExt;
        let (closing, closed) = tokio::sync::watch::channel(false);
        // Without TCP_NODELAY a response written in two parts (a file's headers,
        // then its body) waits for the client's delayed ACK: 40 ms per static
        // file on a kept-alive connection.
        let listener = ClosingListener::new(self.listener, closed).tap_io(|connection| {
            if let Err(error) = connection.set_nodelay(true) {
                tracing::debug!(%error, "TCP_NODELAY could not be set");
            }
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Refuse new connections at once (a proxy tries the next server);
            // a connection taken a moment ago may still be sending its request:
            // give it time to arrive before idle connections are closed.
            let _ = closing.send(true);
            tokio::time::sleep(CLOSING_GRACE).await;
        })
        .await
    }
}

/// The passport notary the settings name, its public key registered.
pub async fn load_notary(
    settings: &Settings,
    store: &dyn Store,
) -> Result<Arc<dyn Notary>, StartupError> {
    let notary = Ed25519Notary::load(&settings.passport_key, &settings.data_dir)?
        .with_retired_keys(&settings.passport_retired_keys)?;
    // What `passport_retired_keys` must list once this key is rotated out.
    tracing::info!(
        key_id = notary.key_id(),
        public_key = %notary.public_key_hex(),
        "signing passports with this key"
    );
    store
        .register_passport_key(
            notary.key_id(),
            &notary.public_key_hex(),
            jiff::Timestamp::now(),
        )
        .await?;
    Ok(Arc::new(notary))
}

/// Issues the passports published pieces lack, outside a running server (after
/// `seed-demo`, so the demo's passports exist before the first page is served).
pub async fn issue_missing_passports(
    settings: &Settings,
    store: Arc<dyn Store>,
) -> Result<usize, StartupError> {
    let notary = load_notary(settings, store.as_ref()).await?;
    Ok(PassportBacklog {
        store,
        notary,
        site: settings.public_base_url.clone(),
    }
    .issue()
    .await?)
}

struct PassportBacklog {
    store: Arc<dyn Store>,
    notary: Arc<dyn Notary>,
    site: String,
}

impl PassportBacklog {
    async fn issue(&self) -> Result<usize, StoreError> {
        let mut issued = 0;
        for slug in self.store.pieces_without_passport().await? {
            let now = jiff::Timestamp::now();
            let done = issue_passport(
                self.store.as_ref(),
                self.store.as_ref(),
                self.notary.as_ref(),
                &slug,
                &self.site,
                now,
            )
            .await?;
            issued += usize::from(done.is_some());
        }
        Ok(issued)
    }
}
