//! The server binary as a process of its own, for the tests that start it (the
//! CLI tests include this file alone).

use std::io::{BufRead, BufReader};
use std::process::{ChildStderr, Command};

/// The server binary with its files in `data_dir`, listening on a free port on
/// loopback, logging at `info` without colour, and nothing else from the
/// environment but `PATH`.
pub fn server_command(data_dir: &std::path::Path) -> Command {
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

/// Reads the server's log until it says where it serves: `127.0.0.1:port`.
pub fn served_address(log: &mut BufReader<ChildStderr>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        let read = log.read_line(&mut line).expect("the server's log");
        assert!(read > 0, "the server exited before serving");
        if let Some(rest) = line.split("address=").nth(1) {
            return rest.trim().to_owned();
        }
    }
}
