//! Settings, layered: built-in defaults < a TOML file < environment variables.
//!
//! The file is `touchstone.toml` in the working directory, or the path in
//! `TOUCHSTONE_CONFIG`. Environment variables are `TOUCHSTONE_<KEY>` (for example
//! `TOUCHSTONE_POOL_SIZE=20`), plus the conventional `DATABASE_URL`, `RUST_LOG`
//! and the `LEPTOS_SITE_ADDR` / `LEPTOS_SITE_ROOT` that cargo-leptos sets.

use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Where to listen; port 0 picks a free port (tests).
    pub address: SocketAddr,
    /// Where the SQLite database and other local state live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means the SQLite file in `data_dir`.
    pub database_url: String,
    /// Connections in the database pool.
    pub pool_size: u32,
    /// The address people reach the site at; `https://` turns on HSTS and secure cookies.
    pub public_base_url: String,
    /// A tracing filter such as `info,touchstone_server=debug`.
    pub log_filter: String,
    /// The folder cargo-leptos writes the compiled site to (`pkg/`, public files).
    pub site_root: PathBuf,
    pub request_timeout_secs: u64,
    /// The largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Shows outgoing mail at `/dev/mail`. Development and tests only: the mail
    /// holds sign-in links.
    pub dev_mailbox: bool,
    /// The header trusted proxies put the client's address in: empty for
    /// `x-forwarded-for`, or `forwarded` (RFC 7239), `x-real-ip`… Read only on
    /// connections from `trusted_proxies`.
    pub client_ip_header: String,
    /// The reverse proxies whose forwarded header is believed, as comma-separated
    /// addresses or networks (`127.0.0.1, 10.0.0.0/8`); empty when clients connect
    /// directly.
    #[serde(deserialize_with = "networks")]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The Ed25519 seed passports are signed with, 64 hex digits, the same on every
    /// app server; empty: `<data_dir>/passport.key`, made on first start.
    pub passport_key: String,
    /// Public keys (hex, comma-separated) of earlier passport keys, whose passports
    /// must still verify after a rotation.
    pub passport_retired_keys: String,
    /// The secrets booking links are signed with (HMAC-SHA256), 64 hex digits each,
    /// comma-separated, the same on every app server: the first signs, each listed
    /// one verifies (so a rotation lists the new one first and drops the old one
    /// once its links have expired). Empty: `<data_dir>/link.key`, made on first start.
    pub link_keys: String,
    /// Where the outbox is delivered: `smtp://host:25`, `smtp://host:587?tls=required`
    /// or `smtps://user:password@host:465`; empty keeps mail in the outbox only.
    pub smtp_url: String,
    /// The sender of every email, e.g. `Touchstone <hello@touchstone.example>`.
    pub mail_from: String,
    /// Where photo files go: empty for `data_dir/media`, `file:///a/directory`, or
    /// `s3://bucket/prefix` (credentials and endpoint from the `AWS_*` variables).
    pub media_url: String,
    /// Uploads (photos, pictures, documents) read and processed at once; more wait
    /// a few seconds for a turn, then are asked to try again. Each holds its files
    /// in memory, up to a few hundred MB while a photo is decoded.
    pub upload_slots: usize,
    /// The bytes of photos and documents one maker may store.
    pub maker_storage_quota_bytes: u64,
    /// The memory public pages rendered for signed-out visitors may take in the
    /// render cache, in bytes; 0 renders every page afresh.
    pub render_cache_bytes: usize,
    /// What the platform keeps of each sale's price, in basis points (800 is 8%):
    /// the ledger owes each maker the rest.
    pub platform_fee_basis_points: u32,
    /// Card payments through Stripe: on when the secret key, the publishable key
    /// and the webhook secret are all set.
    pub stripe_secret_key: String,
    pub stripe_publishable_key: String,
    pub stripe_webhook_secret: String,
    /// Where Stripe's API is: a test server (localstripe) in the tests.
    pub stripe_api_base: String,
    /// Where Stripe.js is loaded from.
    pub stripe_js_url: String,
    /// Where `/metrics` (Prometheus text format) is served, apart from the site so
    /// it can stay inside the network; empty turns metrics off.
    #[serde(deserialize_with = "optional_address")]
    pub metrics_address: Option<SocketAddr>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration: {0}")]
    Invalid(#[from] config::ConfigError),
    #[error(
        "configuration: dev_mailbox shows every sign-in, reset and booking link at /dev/mail to \
         anyone, so it is only for a development server: it needs public_base_url to be a \
         loopback http:// address (http://127.0.0.1:3000, http://localhost:3000) and no smtp_url \
         (the mail would reach real people too). {0}"
    )]
    DevMailboxOutsideDevelopment(&'static str),
}

impl Settings {
    /// Reads the settings from the process environment and the optional file.
    pub fn load() -> Result<Self, SettingsError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let file = env
            .get("TOUCHSTONE_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("touchstone.toml"));
        Self::from_sources(Some(&file), &env)
    }

    /// The layering itself, with the environment passed in so tests can use their own.
    pub fn from_sources(
        file: Option<&Path>,
        env: &HashMap<String, String>,
    ) -> Result<Self, SettingsError> {
        let mut builder = config::Config::builder()
            .set_default("address", "127.0.0.1:3000")?
            .set_default("data_dir", "data")?
            .set_default("database_url", "")?
            .set_default("pool_size", 10)?
            .set_default("public_base_url", "")?
            .set_default("log_filter", "info,tower_http=info,sqlx=warn")?
            .set_default("site_root", "target/site")?
            .set_default("request_timeout_secs", 30)?
            .set_default("body_limit_bytes", 1024 * 1024)?
            .set_default("dev_mailbox", false)?
            .set_default("client_ip_header", "")?
            .set_default("trusted_proxies", "")?
            .set_default("passport_key", "")?
            .set_default("passport_retired_keys", "")?
            .set_default("link_keys", "")?
            .set_default("smtp_url", "")?
            .set_default("mail_from", "Touchstone <no-reply@localhost>")?
            .set_default("media_url", "")?
            .set_default("upload_slots", 2)?
            .set_default("maker_storage_quota_bytes", 2_u64 * 1024 * 1024 * 1024)?
            .set_default("render_cache_bytes", 32_u64 * 1024 * 1024)?
            .set_default("platform_fee_basis_points", 800)?
            .set_default("stripe_secret_key", "")?
            .set_default("stripe_publishable_key", "")?
            .set_default("stripe_webhook_secret", "")?
            .set_default("stripe_api_base", "https://api.stripe.com")?
            .set_default("stripe_js_url", "https://js.stripe.com/v3/")?
            .set_default("metrics_address", "")?;
        if let Some(file) = file {
            builder = builder.add_source(config::File::from(file).required(false));
        }
        let prefixed: HashMap<String, String> = env
            .iter()
            .filter(|(key, _)| key.starts_with("TOUCHSTONE_") && *key != "TOUCHSTONE_CONFIG")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        builder = builder.add_source(
            config::Environment::with_prefix("TOUCHSTONE")
                .prefix_separator("_")
                .try_parsing(true)
                .source(Some(prefixed)),
        );
        for (conventional, key) in [
            ("LEPTOS_SITE_ADDR", "address"),
            ("LEPTOS_SITE_ROOT", "site_root"),
            ("DATABASE_URL", "database_url"),
            ("RUST_LOG", "log_filter"),
        ] {
            if let Some(value) = env.get(conventional).filter(|v| !v.is_empty()) {
                builder = builder.set_override(key, value.as_str())?;
            }
        }
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        if settings.database_url.is_empty() {
            settings.database_url = format!(
                "sqlite://{}",
                settings.data_dir.join("touchstone.db").display()
            );
        }
        if settings.public_base_url.is_empty() {
            settings.public_base_url = format!("http://{}", settings.address);
        }
        settings.public_base_url = settings.public_base_url.trim_end_matches('/').to_owned();
        if settings.dev_mailbox {
            settings.refuse_dev_mailbox_outside_development()?;
        }
        settings.check_client_addressing()?;
        let stripe = [
            &settings.stripe_secret_key,
            &settings.stripe_publishable_key,
            &settings.stripe_webhook_secret,
        ];
        if stripe.iter().any(|key| !key.is_empty()) && stripe.iter().any(|key| key.is_empty()) {
            return Err(SettingsError::Invalid(config::ConfigError::Message(
                "card payments need stripe_secret_key, stripe_publishable_key and \
                 stripe_webhook_secret all set (or none of them)"
                    .into(),
            )));
        }
        if settings.platform_fee_basis_points > 10_000 {
            return Err(SettingsError::Invalid(config::ConfigError::Message(
                format!(
                    "platform_fee_basis_points is {}: a fee is at most 10000 (the whole price)",
                    settings.platform_fee_basis_points
                ),
            )));
        }
        Ok(settings)
    }

    /// Stripe's settings, when card payments are on.
    pub fn stripe(&self) -> Option<crate::stripe::StripeSettings> {
        (!self.stripe_secret_key.is_empty()).then(|| crate::stripe::StripeSettings {
            secret_key: self.stripe_secret_key.clone(),
            publishable_key: self.stripe_publishable_key.clone(),
            webhook_secret: self.stripe_webhook_secret.clone(),
            api_base: self.stripe_api_base.clone(),
            script: self.stripe_js_url.clone(),
        })
    }

    fn refuse_dev_mailbox_outside_development(&self) -> Result<(), SettingsError> {
        if !self.smtp_url.trim().is_empty() {
            return Err(SettingsError::DevMailboxOutsideDevelopment(
                "Here smtp_url is set.",
            ));
        }
        if !is_loopback_http(&self.public_base_url) {
            return Err(SettingsError::DevMailboxOutsideDevelopment(
                "Here public_base_url is not one.",
            ));
        }
        Ok(())
    }

    /// The header naming the client, read from trusted proxies; `None` when no
    /// proxy is trusted.
    pub fn forwarded_header(&self) -> Option<http::HeaderName> {
        if self.trusted_proxies.is_empty() {
            return None;
        }
        let name = self.client_ip_header.trim();
        if name.is_empty() {
            return Some(http::header::HeaderName::from_static("x-forwarded-for"));
        }
        http::HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).ok()
    }

    /// A header named without a proxy to trust was once believed from anyone; now
    /// it would be ignored, and every client behind the proxy counted as one, so
    /// the server refuses to start until the proxies are named.
    fn check_client_addressing(&self) -> Result<(), SettingsError> {
        if self.client_ip_header.trim().is_empty() {
            return Ok(());
        }
        let problem = if self.trusted_proxies.is_empty() {
            "client_ip_header is set but trusted_proxies is empty: name the reverse proxies' \
             addresses in trusted_proxies (TOUCHSTONE_TRUSTED_PROXIES, e.g. `127.0.0.1` or \
             `10.0.0.0/8`), or leave client_ip_header empty when clients connect directly"
        } else if self.forwarded_header().is_none() {
            "client_ip_header is not a header name (such as `x-forwarded-for`)"
        } else {
            return Ok(());
        };
        Err(SettingsError::Invalid(config::ConfigError::Message(
            problem.to_owned(),
        )))
    }

    /// The object store photo files go to.
    pub fn media_files(&self) -> Result<crate::files::MediaFiles, crate::files::FilesError> {
        crate::files::MediaFiles::open(&self.media_url, &self.data_dir)
    }

    pub fn served_over_https(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

/// `http://` to this machine only: `127.0.0.0/8`, `[::1]` or `localhost`, any port.
fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((host, port)) if port.is_empty() || port.starts_with(':') => host,
            _ => return false,
        },
        None => authority.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

/// An address to listen on such as `127.0.0.1:9100`, or nothing.
fn optional_address<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<SocketAddr>, D::Error> {
    let text = String::deserialize(deserializer)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        serde::de::Error::custom(format!(
            "metrics_address: `{text}` is not an address to listen on such as 127.0.0.1:9100"
        ))
    })
}

/// Comma-separated addresses (a single host) and networks in CIDR notation.
fn networks<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ipnet::IpNet>, D::Error> {
    let list = String::deserialize(deserializer)?;
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    serde::de::Error::custom(format!(
                        "trusted_proxies: `{entry}` is neither an IP address nor a network \
                         such as 10.0.0.0/8"
                    ))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_give_a_local_sqlite_site() {
        let settings = Settings::from_sources(None, &env(&[])).unwrap();
        assert_eq!(settings.address.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.database_url, "sqlite://data/touchstone.db");
        assert_eq!(settings.public_base_url, "http://127.0.0.1:3000");
        assert!(!settings.served_over_https());
        assert!(
            !settings.dev_mailbox,
            "the mailbox holds sign-in links: off by default"
        );
        assert_eq!(settings.upload_slots, 2);
        assert_eq!(settings.maker_storage_quota_bytes, 2 << 30);
        assert_eq!(settings.metrics_address, None, "metrics are off by default");
    }

    #[test]
    fn metrics_listen_on_their_own_address_or_refuse_to_start() {
        let on = Settings::from_sources(
            None,
            &env(&[("TOUCHSTONE_METRICS_ADDRESS", "127.0.0.1:9100")]),
        )
        .unwrap();
        assert_eq!(
            on.metrics_address,
            Some(SocketAddr::from(([127, 0, 0, 1], 9100)))
        );
        let error =
            Settings::from_sources(None, &env(&[("TOUCHSTONE_METRICS_ADDRESS", "port 9100")]))
                .unwrap_err()
                .to_string();
        assert!(error.contains("`port 9100` is not an address"), "{error}");
    }

    #[test]
    fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("touchstone.toml");
        std::fs::write(
            &file,
            "pool_size = 4\ndata_dir = \"/var/lib/touchstone\"\npublic_base_url = \"https://touchstone.example/\"\n",
        )
        .unwrap();
        let settings = Settings::from_sources(
            Some(&file),
            &env(&[
                ("TOUCHSTONE_POOL_SIZE", "32"),
                ("DATABASE_URL", "postgres://postgres@127.0.0.1/touchstone"),
            ]),
        )
        .unwrap();
        assert_eq!(settings.pool_size, 32);
        assert_eq!(settings.data_dir, PathBuf::from("/var/lib/touchstone"));
        assert_eq!(
            settings.database_url,
            "postgres://postgres@127.0.0.1/touchstone"
        );
        assert_eq!(settings.public_base_url, "https://touchstone.example");
        assert!(settings.served_over_https());
    }

    #[test]
    fn trusted_proxies_are_addresses_and_networks_and_name_the_header_read() {
        let direct = Settings::from_sources(None, &env(&[])).unwrap();
        assert!(direct.trusted_proxies.is_empty());
        assert_eq!(
            direct.forwarded_header(),
            None,
            "no proxy, no header believed"
        );

        let proxied = Settings::from_sources(
            None,
            &env(&[(
                "TOUCHSTONE_TRUSTED_PROXIES",
                "127.0.0.1, 10.0.0.0/8,2001:db8::/32",
            )]),
        )
        .unwrap();
        let expected: Vec<ipnet::IpNet> = ["127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32"]
            .iter()
            .map(|network| network.parse().unwrap())
            .collect();
        assert_eq!(proxied.trusted_proxies, expected);
        assert_eq!(
            proxied.forwarded_header().unwrap().as_str(),
            "x-forwarded-for"
        );

        let standard = Settings::from_sources(
            None,
            &env(&[
                ("TOUCHSTONE_TRUSTED_PROXIES", "10.0.0.1"),
                ("TOUCHSTONE_CLIENT_IP_HEADER", "Forwarded"),
            ]),
        )
        .unwrap();
        assert_eq!(standard.forwarded_header().unwrap().as_str(), "forwarded");
    }

    #[test]
    fn a_client_header_without_trusted_proxies_or_a_bad_proxy_is_refused() {
        let error = Settings::from_sources(
            None,
            &env(&[("TOUCHSTONE_CLIENT_IP_HEADER", "x-forwarded-for")]),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("trusted_proxies"), "{error}");
        let error = Settings::from_sources(
            None,
            &env(&[("TOUCHSTONE_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.300")]),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("trusted_proxies") && error.contains("10.0.0.300"),
            "{error}"
        );
        let error = Settings::from_sources(
            None,
            &env(&[
                ("TOUCHSTONE_TRUSTED_PROXIES", "10.0.0.1"),
                ("TOUCHSTONE_CLIENT_IP_HEADER", "not a header"),
            ]),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("client_ip_header"), "{error}");
    }

    #[test]
    fn the_development_mailbox_refuses_to_serve_anything_but_this_machine() {
        for base in [
            "http://127.0.0.1:3000",
            "http://localhost:8080/",
            "http://[::1]:3000",
            "http://127.0.0.2",
        ] {
            let settings = Settings::from_sources(
                None,
                &env(&[
                    ("TOUCHSTONE_DEV_MAILBOX", "true"),
                    ("TOUCHSTONE_PUBLIC_BASE_URL", base),
                ]),
            );
            assert!(settings.is_ok_and(|s| s.dev_mailbox), "{base}");
        }
        let on_address = |address: &str| {
            Settings::from_sources(
                None,
                &env(&[
                    ("TOUCHSTONE_DEV_MAILBOX", "true"),
                    ("TOUCHSTONE_ADDRESS", address),
                ]),
            )
        };
        assert!(on_address("127.0.0.1:0").is_ok());
        let exposed = on_address("0.0.0.0:3000").unwrap_err().to_string();
        assert!(exposed.contains("public_base_url"), "{exposed}");
        for base in [
            "https://touchstone.example",
            "https://127.0.0.1:3000",
            "http://touchstone.example",
            "http://192.168.1.10:3000",
            "http://127.0.0.1.touchstone.example",
            "http://localhost@touchstone.example",
            "http://[::1].example",
        ] {
            let refused = Settings::from_sources(
                None,
                &env(&[
                    ("TOUCHSTONE_DEV_MAILBOX", "true"),
                    ("TOUCHSTONE_PUBLIC_BASE_URL", base),
                ]),
            )
            .unwrap_err()
            .to_string();
            assert!(
                refused.contains("dev_mailbox shows every sign-in"),
                "{base}: {refused}"
            );
        }
        let with_smtp = Settings::from_sources(
            None,
            &env(&[
                ("TOUCHSTONE_DEV_MAILBOX", "true"),
                ("TOUCHSTONE_SMTP_URL", "smtp://mail.example:25"),
            ]),
        )
        .unwrap_err()
        .to_string();
        assert!(with_smtp.contains("smtp_url is set"), "{with_smtp}");
        assert!(
            Settings::from_sources(
                None,
                &env(&[("TOUCHSTONE_PUBLIC_BASE_URL", "https://touchstone.example")])
            )
            .is_ok(),
            "without the mailbox any address is fine"
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_key_named() {
        let error = Settings::from_sources(None, &env(&[("TOUCHSTONE_POOL_SIZE", "many")]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("pool_size"), "{error}");
    }
}
