//! What the benches share: the release server, started as they measure it.

pub mod release_server;

/// The throughput bench's baselines, by the names its results carry: the home
/// page's bytes sent from memory (the limit pages are measured against) and from
/// disk.
pub const BYTES_FROM_MEMORY: &str = "bytes from memory";
pub const BYTES_FROM_DISK: &str = "bytes from disk";
