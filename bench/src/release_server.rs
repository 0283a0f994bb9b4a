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

use crate::Error;

/// A process's resident memory (VmRSS), in megabytes.
pub fn resident_megabytes(pid: u32) -> Result<f64, Error> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kilobytes: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or("no VmRSS")?
        .parse()?;
    Ok(kilobytes / 1_024.0)
}

/// The release server on SQLite with the demo data, serving a copy of the built
/// site (so a bench can add files to it); stopped when dropped.
pub struct DemoServer {
    child: Child,
    pub address: String,
    site: tempfile::TempDir,
    data: tempfile::TempDir,
    settings: Vec<(String, String)>,
}

/// The release server, set up to keep its data in `data` and serve `site`.
fn server_command(data: &std::path::Path, site: &std::path::Path) -> Command {
    let mut command = Command::new(SERVER);
    command
        .env("TOUCHSTONE_DATA_DIR", data)
        .env("TOUCHSTONE_ADDRESS", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", site)
        .env("RUST_LOG", "warn,touchstone_server=info")
        .env("NO_COLOR", "1");
    command
}

fn serve(
    data: &std::path::Path,
    site: &std::path::Path,
    settings: &[(String, String)],
) -> Result<(Child, String), Error> {
    let mut command = server_command(data, site);
    command.envs(settings.iter().map(|(key, value)| (key, value)));
    let (child, address) = spawn(command)?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    Ok((child, address))
}

impl DemoServer {
    pub fn start() -> Result<DemoServer, Error> {
        DemoServer::start_with(&[])
    }

    /// The demo server with these settings (`TOUCHSTONE_…` variables) on top.
    pub fn start_with(settings: &[(&str, &str)]) -> Result<DemoServer, Error> {
        if !std::path::Path::new(SERVER).is_file() {
            return Err(format!("{SERVER} is missing: run `make build` first").into());
        }
        let data = tempfile::tempdir()?;
        let site = tempfile::tempdir()?;
        let copied = Command::new("cp")
            .args(["-r", "target/site/."])
            .arg(site.path())
            .status()?;
        if !copied.success() {
            return Err("copying target/site failed".into());
        }
        let seeded = server_command(data.path(), site.path())
            .arg("seed-demo")
            .output()?;
        if !seeded.status.success() {
            return Err("seeding the demo data failed".into());
        }
        let settings: Vec<(String, String)> = settings
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect();
        let (child, address) = serve(data.path(), site.path(), &settings)?;
        Ok(DemoServer {
            child,
            address,
            site,
            data,
            settings,
        })
    }

    /// Stops the server and starts it again on the same data and site (it reads
    /// `/pkg` once, at start).
    pub fn restart(&mut self) -> Result<(), Error> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        (self.child, self.address) = serve(self.data.path(), self.site.path(), &self.settings)?;
        Ok(())
    }

    /// Its resident memory (VmRSS), in megabytes.
    pub fn resident_megabytes(&self) -> Result<f64, Error> {
        resident_megabytes(self.child.id())
    }

    /// Where the served site's files are.
    pub fn site(&self) -> &std::path::Path {
        self.site.path()
    }

    /// A page's body, by curl.
    pub fn get(&self, path: &str) -> Result<String, Error> {
        let output = Command::new("curl")
            .args(["-sf", &format!("http://{}{path}", self.address)])
            .output()?;
        if !output.status.success() {
            return Err(format!("GET {path} failed").into());
        }
        Ok(String::from_utf8(output.stdout)?)
    }

    /// The public pages the benches measure: home, the first maker and the first
    /// piece the home page links, the maker directory and a search.
    pub fn public_pages(&self) -> Result<Vec<(&'static str, String)>, Error> {
        let home = self.get("/")?;
        let link = |prefix: &str| {
            home.split(&format!("href=\"{prefix}"))
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .map(|rest| format!("{prefix}{rest}"))
        };
        Ok(vec![
            ("home page", "/".to_owned()),
            (
                "maker page",
                link("/makers/").ok_or("no maker on the home page")?,
            ),
            (
                "piece page",
                link("/pieces/").ok_or("no piece on the home page")?,
            ),
            // The listings carry an island: their JS and wasm are part of the figure.
            ("maker directory", "/makers?open=1".to_owned()),
            ("search", "/search?q=ring".to_owned()),
        ])
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
