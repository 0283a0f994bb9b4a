#!/usr/bin/env bash
# Installs the wasm-bindgen CLI at exactly the version Cargo.lock resolves (the CLI
# and the library must match), unless it is already on PATH. Only the
# `wasm-bindgen` binary is needed, and without TLS: it never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
if wasm-bindgen --version 2>/dev/null | grep -q "$version"; then
  exit 0
fi
# Not --locked: the lock file it was published with names a webpki-roots the registry
# no longer has (TLS that this build leaves out anyway). A debug build: it compiles in
# a fraction of the release build's time and still processes our wasm in seconds.
cargo install wasm-bindgen-cli --version "$version" --no-default-features --bin wasm-bindgen --debug
