//! The server binary as an operator uses it: its commands, its exit codes, and a
//! graceful stop on SIGTERM.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

#[path = "integration/support/process.rs"]
mod process;

use process::{served_address, server_command as server};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

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

/// Runs the command `args` with `settings` added to the environment: its exit
/// code and what it wrote to stderr.
fn run(dir: &std::path::Path, args: &[&str], settings: &[(&str, &str)]) -> (Option<i32>, String) {
    let output = server(dir)
        .args(args)
        .envs(settings.iter().copied())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), said)
}

#[test]
fn unknown_commands_and_bad_settings_exit_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (code, said) = run(dir.path(), &["frobnicate"], &[]);
    assert_eq!(code, Some(2));
    assert!(said.contains("unknown command `frobnicate`"), "{said}");

    let (code, said) = run(
        dir.path(),
        &["migrate"],
        &[("TOUCHSTONE_POOL_SIZE", "lots")],
    );
    assert_eq!(code, Some(2));
    assert!(said.contains("pool_size"), "{said}");

    let (code, said) = run(
        dir.path(),
        &["migrate"],
        &[("DATABASE_URL", "mysql://db/x")],
    );
    assert_eq!(code, Some(1));
    assert!(said.contains("sqlite:// or postgres://"), "{said}");
}

/// `/dev/mail` shows every sign-in, reset and booking link to anyone: a server
/// published anywhere but on this machine, or sending real mail, won't start with it.
#[test]
fn the_development_mailbox_refuses_to_serve_a_public_site() {
    let dir = tempfile::tempdir().unwrap();
    for setting in [
        ("TOUCHSTONE_PUBLIC_BASE_URL", "https://touchstone.example"),
        ("TOUCHSTONE_SMTP_URL", "smtp://127.0.0.1:2525"),
    ] {
        let (code, said) = run(
            dir.path(),
            &["serve"],
            &[("TOUCHSTONE_DEV_MAILBOX", "true"), setting],
        );
        assert_eq!(code, Some(2), "{}", setting.0);
        assert!(said.contains("dev_mailbox shows every sign-in"), "{said}");
    }
}

#[test]
fn migrate_then_seed_demo_adds_the_demo_data_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, said) = run(dir.path(), &["migrate"], &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(dir.path().join("touchstone.db").is_file());
    let (code, said) = run(dir.path(), &["seed-demo"], &[]);
    assert_eq!(code, Some(0));
    assert!(said.contains("demo data added"), "{said}");
    let (code, said) = run(dir.path(), &["seed-demo"], &[]);
    assert_eq!(code, Some(0));
    assert!(said.contains("demo data not added"), "{said}");
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = server(dir.path()).stderr(Stdio::piped()).spawn().unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let address = served_address(&mut log);

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
    let (code, said) = run(dir.path(), &["migrate"], &[]);
    assert_eq!(code, Some(0), "{said}");
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

    let (code, said) = run(
        dir.path(),
        &["grant-operator", "ines@touchstone.example"],
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(said.contains("hasn't confirmed"), "{said}");
    assert_eq!(store.account(id).await.unwrap().unwrap().role, Role::Buyer);
    store
        .mark_email_verified(id, jiff::Timestamp::now())
        .await
        .unwrap();

    let (code, said) = run(
        dir.path(),
        &["grant-operator", "Ines@Touchstone.example"],
        &[],
    );
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("now an operator"), "{said}");
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
