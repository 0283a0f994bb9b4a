//! The release server as the benches run it: spawned, and known by the address it
//! says it listens on.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub const SERVER: &str = "target/release/server";

/// Spawns `command` (the server, set up) and waits until it says where it listens.
/// Its log is read on from another thread, so it never blocks on a full pipe.
pub fn spawn(
    mut command: Command,
) -> Result<(Child, String), Box<dyn std::error::Error + Send + Sync>> {
    let mut child = command.stderr(Stdio::piped()).spawn()?;
    let mut log = BufReader::new(child.stderr.take().ok_or("no log")?);
    let mut line = String::new();
    let address = loop {
        line.clear();
        if log.read_line(&mut line)? == 0 {
            return Err("the server exited before serving".into());
        }
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in log.lines() {});
    Ok((child, address))
}
