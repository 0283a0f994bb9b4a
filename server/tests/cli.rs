//! The server binary as an operator uses it: its commands, its exit codes, and a
//! graceful stop on SIGTERM.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn server(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TOUCHSTONE_DATA_DIR", data_dir)
        .env("TOUCHSTONE_SITE_ROOT", data_dir.join("site"))
        .env("TOUCHSTONE_ADDRESS", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .current_dir(data_dir);
    command
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let output = server(dir.path()).arg("--help").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for command in ["serve", "migrate", "seed-demo", "grant-operator"] {
        assert!(text.contains(command), "{text}");
    }
}

#[test]
fn unknown_commands_and_bad_settings_exit_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = server(dir.path()).arg("frobnicate").output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown command `frobnicate`"));

    let bad = server(dir.path())
        .arg("migrate")
        .env("TOUCHSTONE_POOL_SIZE", "lots")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("pool_size"));

    let unsupported = server(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "mysql://db/x")
        .output()
        .unwrap();
    assert_eq!(unsupported.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unsupported.stderr).contains("sqlite:// or postgres://"));
}

/// `/dev/mail` shows every sign-in, reset and booking link to anyone: a server
/// published anywhere but on this machine, or sending real mail, won't start with it.
#[test]
fn the_development_mailbox_refuses_to_serve_a_public_site() {
    let dir = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("TOUCHSTONE_PUBLIC_BASE_URL", "https://touchstone.example"),
        ("TOUCHSTONE_SMTP_URL", "smtp://127.0.0.1:2525"),
    ] {
        let refused = server(dir.path())
            .arg("serve")
            .env("TOUCHSTONE_DEV_MAILBOX", "true")
            .env(name, value)
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2), "{name}");
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(said.contains("dev_mailbox shows every sign-in"), "{said}");
    }
}

#[test]
fn migrate_then_seed_demo_adds_the_demo_data_once() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        server(dir.path())
            .arg("migrate")
            .status()
            .unwrap()
            .success()
    );
    assert!(dir.path().join("touchstone.db").is_file());
    let first = server(dir.path()).arg("seed-demo").output().unwrap();
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stderr).contains("demo data added"));
    let second = server(dir.path()).arg("seed-demo").output().unwrap();
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("demo data not added"));
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = server(dir.path()).stderr(Stdio::piped()).spawn().unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let address = loop {
        line.clear();
        assert!(
            log.read_line(&mut line).unwrap() > 0,
            "the server exited before serving"
        );
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.trim().to_owned();
        }
    };

    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    std::io::Write::write_all(
        &mut stream,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status}");
    let rest: String = log
        .lines()
        .map_while(Result::ok)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(rest.contains("shutting down"), "{rest}");
}

#[tokio::test]
async fn grant_operator_makes_an_existing_account_an_operator() {
    use app::accounts::{AccountStore, DisplayName, Email, NewAccount, Role};
    let dir = tempfile::tempdir().unwrap();
    assert!(
        server(dir.path())
            .arg("migrate")
            .status()
            .unwrap()
            .success()
    );
    let url = format!("sqlite://{}", dir.path().join("touchstone.db").display());
    let media = touchstone_server::files::MediaFiles::local(&dir.path().join("media")).unwrap();
    let store = touchstone_server::store::SqlStore::connect(&url, 1, media)
        .await
        .unwrap();
    let email = Email::parse("ines@touchstone.example").unwrap();
    let id = store
        .create_account(&NewAccount {
            email: email.clone(),
            display_name: DisplayName::parse("Ines Duarte").unwrap(),
            password_hash: "not used".into(),
            role: Role::Buyer,
            created_at: jiff::Timestamp::now(),
        })
        .await
        .unwrap();

    let unconfirmed = server(dir.path())
        .args(["grant-operator", "ines@touchstone.example"])
        .output()
        .unwrap();
    assert_eq!(unconfirmed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unconfirmed.stderr).contains("hasn't confirmed"));
    assert_eq!(store.account(id).await.unwrap().unwrap().role, Role::Buyer);
    store
        .mark_email_verified(id, jiff::Timestamp::now())
        .await
        .unwrap();

    let granted = server(dir.path())
        .args(["grant-operator", "Ines@Touchstone.example"])
        .output()
        .unwrap();
    assert!(
        granted.status.success(),
        "{}",
        String::from_utf8_lossy(&granted.stderr)
    );
    assert!(String::from_utf8_lossy(&granted.stderr).contains("now an operator"));
    assert_eq!(
        store.account(id).await.unwrap().unwrap().role,
        Role::Operator
    );

    let unknown = server(dir.path())
        .args(["grant-operator", "nobody@example.com"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account with the address"));
    let missing = server(dir.path()).arg("grant-operator").output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("needs the account's email address"));
}
