//! What the benches share: the release server, started as they measure it.

pub mod release_server;
