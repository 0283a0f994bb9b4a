#!/usr/bin/env bash
# Builds the site — what `cargo leptos build --release` produces — with the tools
# `make tools-build` installs and the wasm-bindgen CLI (installed here, while the rest
# compiles), so a first run does not have to compile cargo-leptos (about 15 minutes on
# two cores). cargo-leptos stays the tool of the development loop (`make dev`).
#
#   scripts/build-site.sh [release|dev|none]     which server to build with it
#
#   target/site/pkg/touchstone.<hash>.{js,wasm,css}   always optimised for size
#   target/site/<public files>
#   target/{release,debug}/server   the server, with the release profile (the default:
#                                   deployments, benchmarks) or the dev profile (make
#                                   run, the browser tests); `none` builds no server
#   target/{release,debug}/hash.txt the hashes, read by the server and Leptos at start-up
set -euo pipefail
cd "$(dirname "$0")/.."
server_profile="${1:-release}"
# Kept in step with the Makefile's WASM_TOOLCHAIN, which installs it.
WASM_TOOLCHAIN="${WASM_TOOLCHAIN:-nightly-2026-10-29}"
case "$server_profile" in
  release) server_build=(cargo build --release -p server) ;;
  dev) server_build=(cargo build -p server) ;;
  none) server_build=(true) ;;
  *) echo "usage: $0 [release|dev|none]" >&2; exit 2 ;;
esac

site=target/site
pkg="$site/pkg"
staging=target/site-staging
# The same names cargo-leptos gives both builds (Leptos reads them at compile time).
export LEPTOS_OUTPUT_NAME=touchstone
export LEPTOS_SITE_PKG_DIR=pkg

# The wasm-bindgen CLI, the wasm and the server share nothing compiled (other
# targets, other profiles), so they are built at once, the wasm in a target folder
# of its own: each build's long single-threaded steps (the app crate, the wasm's
# link-time optimisation) leave a core to the others.
# A failing build stops the script; the others are not left running.
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
scripts/wasm-bindgen-cli.sh &
cli=$!
# The wasm is built with a pinned nightly and its own standard library, optimised for
# size and aborting at once on a panic (no panic messages, no formatting code for
# them): about 8 KB less brotli than stable, which the JS + wasm budget needs.
CARGO_TARGET_DIR=target/wasm \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
  cargo "+$WASM_TOOLCHAIN" build --profile wasm-release -p frontend --target wasm32-unknown-unknown \
  -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size &
wasm=$!
"${server_build[@]}"
wait "$wasm"
wait "$cli"

rm -rf "$staging"
mkdir -p "$staging"
wasm-bindgen --target web --no-typescript --out-dir "$staging" --out-name touchstone \
  target/wasm/wasm32-unknown-unknown/wasm-release/frontend.wasm
# wasm-opt takes the features the wasm may use from the target_features section rustc writes.
wasm-opt -Oz "$staging/touchstone_bg.wasm" -o "$staging/touchstone.wasm"
esbuild "$staging/touchstone.js" --minify --format=esm --log-level=warning --outfile="$staging/touchstone.min.js"
mv "$staging/touchstone.min.js" "$staging/touchstone.js"
lightningcss --minify --targets defaults style/main.css -o "$staging/touchstone.css"

hash_of() { sha256sum "$1" | cut -c1-16; }
js_hash=$(hash_of "$staging/touchstone.js")
wasm_hash=$(hash_of "$staging/touchstone.wasm")
css_hash=$(hash_of "$staging/touchstone.css")

rm -rf "$site"
mkdir -p "$pkg"
cp -R public/. "$site/"
cp "$staging/touchstone.js" "$pkg/touchstone.$js_hash.js"
cp "$staging/touchstone.wasm" "$pkg/touchstone.$wasm_hash.wasm"
cp "$staging/touchstone.css" "$pkg/touchstone.$css_hash.css"
for profile_dir in target/release target/debug; do
  mkdir -p "$profile_dir"
  printf 'js: %s\nwasm: %s\ncss: %s\n' "$js_hash" "$wasm_hash" "$css_hash" >"$profile_dir/hash.txt"
done
rm -rf "$staging"
echo "site built in $site (js $js_hash, wasm $wasm_hash, css $css_hash)"
