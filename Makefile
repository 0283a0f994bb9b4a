# Touchstone — `make run` serves the marketplace with demo data; `make test` runs everything.
# Both install whatever tools are missing first (see `make tools`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Project-local tools come first, so Debian's wasm-opt 108 (which breaks hydration) never wins.
# `cargo install` puts its tools in $CARGO_HOME/bin.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
export LEPTOS_SITE_ROOT := target/site

CARGO_LEPTOS_VERSION := 0.3.10
BINARYEN_VERSION := 132.0.0
LIGHTNINGCSS_VERSION := 1.33.0
ESBUILD_VERSION := 0.28.2
# The wasm's toolchain (see scripts/build-site.sh): a pinned nightly with the standard
# library's source, so the wasm carries a standard library built for size.
export WASM_TOOLCHAIN := nightly-2026-10-29
# `make run` and the browser tests use the debug server (only the dependencies whose
# speed they feel optimised: see Cargo.toml), which compiles in about half the time of the release one;
# `make build` makes the release server for deployments and `make bench`.
DEV_SERVER := target/debug/server

.PHONY: help run dev build site tools tools-build tools-dev tools-test tools-cluster fmt-check clippy unit-tests budget e2e cluster test soak fuzz fuzz-tools bench clean

help:
	@echo "make run    build and serve the marketplace with demo data on http://127.0.0.1:3000"
	@echo "make dev    the development loop: debug build, rebuilt and reloaded on every change"
	@echo "make test   formatting, clippy, unit, integration and conformance tests, the site build, browser tests, the cluster test"
	@echo "make cluster  the scale-out test alone: nginx, two app servers, PostgreSQL, S3 (moto), SMTP (aiosmtpd)"
	@echo "make build  the release server and site (for deployments)"
	@echo "make tools  install the build and test tools that are missing"
	@echo "make soak   the long reliability runs (100 server kills under concurrent writes, the fuzz targets)"
	@echo "make bench  benchmarks (search, bookings, cold start, throughput, page weight, Lighthouse); not part of make test"

## Tools ----------------------------------------------------------------------------------

tools: tools-build tools-test tools-cluster

# What the release build needs: the wasm target (stable, for clippy; and the pinned
# nightly with its standard library's source, for the site's wasm) and, from npm, wasm-opt, lightningcss
# and esbuild (scripts/build-site.sh does what cargo-leptos would, and installs the
# wasm-bindgen CLI while the rest compiles).
tools-build:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@rustup run $(WASM_TOOLCHAIN) rustc --print sysroot >/dev/null 2>&1 \
	  && test -d "$$(rustup run $(WASM_TOOLCHAIN) rustc --print sysroot)/lib/rustlib/src/rust/library" \
	  && test -d "$$(rustup run $(WASM_TOOLCHAIN) rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" \
	  || rustup toolchain install $(WASM_TOOLCHAIN) --profile minimal --component rust-src \
	       --target wasm32-unknown-unknown
	@test -x tools/node_modules/.bin/wasm-opt \
	  && tools/node_modules/.bin/wasm-opt --version | grep -q "version $(firstword $(subst ., ,$(BINARYEN_VERSION)))" \
	  && test -x tools/node_modules/.bin/lightningcss \
	  && tools/node_modules/.bin/esbuild --version | grep -qx "$(ESBUILD_VERSION)" \
	  || npm install --no-save --no-audit --no-fund --prefix tools \
	       binaryen@$(BINARYEN_VERSION) lightningcss-cli@$(LIGHTNINGCSS_VERSION) esbuild@$(ESBUILD_VERSION)

# cargo-leptos only for the development loop (about 15 minutes to compile, once).
tools-dev: tools-build
	@scripts/wasm-bindgen-cli.sh
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" \
	  || cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads

# localstripe (PyPI), the fake Stripe the card payment tests talk to: GPL, so it runs as
# a process of its own from a virtual environment of its own, never linked or bundled.
LOCALSTRIPE_VERSION := 1.15.10
tools-test:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@tools/localstripe/bin/pip show localstripe 2>/dev/null | grep -qx "Version: $(LOCALSTRIPE_VERSION)" \
	  || { python3 -m venv tools/localstripe \
	       && tools/localstripe/bin/pip install --quiet --disable-pip-version-check "localstripe==$(LOCALSTRIPE_VERSION)"; }
	@test -d end2end/node_modules/@playwright/test \
	  || (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)

# The cluster test's parts: nginx (Debian) as the load balancer, and, in a virtual
# environment of their own, moto's S3 server and aiosmtpd (PyPI). They run as separate
# processes; nothing of them is linked or bundled.
MOTO_VERSION := 5.2.5
AIOSMTPD_VERSION := 1.4.6
tools-cluster:
	@test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }
	@tools/venv/bin/pip show moto 2>/dev/null | grep -qx "Version: $(MOTO_VERSION)" \
	  && tools/venv/bin/pip show aiosmtpd 2>/dev/null | grep -qx "Version: $(AIOSMTPD_VERSION)" \
	  || { python3 -m venv tools/venv \
	       && tools/venv/bin/pip install --quiet --disable-pip-version-check \
	            "moto[server]==$(MOTO_VERSION)" "aiosmtpd==$(AIOSMTPD_VERSION)"; }

## Run ------------------------------------------------------------------------------------

# The release server and the site: what a deployment runs, and what `make bench` measures.
build: tools-build
	scripts/build-site.sh release

# The site (wasm, JS, CSS) alone, for the browser tests' debug server.
site: tools-build
	scripts/build-site.sh none

# The development mailbox at /dev/mail shows the emailed sign-up and password links.
run: tools-build
	scripts/build-site.sh dev
	$(DEV_SERVER) seed-demo
	TOUCHSTONE_DEV_MAILBOX=true $(DEV_SERVER) serve

# Debug builds of the server and the wasm, rebuilt on every change, the browser reloaded.
# The demo data lives in its own folder so it never mixes with `make run`'s.
DEV_DATA := target/dev-data
dev: tools-dev
	rm -f target/debug/hash.txt  # cargo-leptos' watch loop serves unhashed file names
	test -f $(DEV_DATA)/touchstone.db || TOUCHSTONE_DATA_DIR=$(DEV_DATA) cargo run -p server -- seed-demo
	TOUCHSTONE_DATA_DIR=$(DEV_DATA) TOUCHSTONE_DEV_MAILBOX=true cargo leptos watch

## Test -----------------------------------------------------------------------------------

fmt-check:
	cargo fmt --all -- --check

# Each crate with each of its own feature sets: the domain and services (no features), the
# server (ssr), the app for the server and for the browser, and the wasm entry point.
clippy: tools-build
	cargo clippy -p domain -p services --all-targets -- -D warnings
	cargo clippy -p domain --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p touchstone-bench --all-targets -- -D warnings

# Unit and integration tests, and the storage conformance suite on SQLite and, when
# DATABASE_URL_TEST_PG names a PostgreSQL server, on PostgreSQL too.
unit-tests:
	@if [ -z "$${DATABASE_URL_TEST_PG:-}" ]; then \
	  echo "NOTICE: DATABASE_URL_TEST_PG is not set: the PostgreSQL half of the conformance suite is SKIPPED"; \
	  echo "        (set it to e.g. postgres://postgres@127.0.0.1:5432/postgres; .ci/run always does)"; \
	fi
	cargo test --workspace

budget:
	node scripts/asset-budget.mjs target/site/pkg

# Browser tests against the debug server and the release site: on SQLite, then on
# PostgreSQL when available.
e2e: tools-test
	cargo build -p server
	cd end2end && npx playwright test
	@if [ -n "$${DATABASE_URL_TEST_PG:-}" ]; then \
	  base="$${DATABASE_URL_TEST_PG%/*}"; \
	  psql "$$DATABASE_URL_TEST_PG" -qc 'DROP DATABASE IF EXISTS touchstone_e2e WITH (FORCE)'; \
	  cd end2end && E2E_DATABASE_URL="$$base/touchstone_e2e" npx playwright test; \
	fi

# Two app servers behind nginx on PostgreSQL, S3 and SMTP, all through nginx: sign-up
# by mail, photos, publishing, a 200-buyer race, a server killed and a rolling restart
# under load (server/tests/cluster.rs). PostgreSQL is required.
cluster: tools-cluster
	DATABASE_URL_TEST_PG="$${DATABASE_URL_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}" \
	  cargo test -p server --test cluster -- --ignored --nocapture

test: tools fmt-check clippy unit-tests site budget e2e cluster
	@echo "make test: all passed"

# The server killed 100 times while makers write (make test kills it 20 times), and each
# fuzz target run for FUZZ_SECONDS from its committed corpus (fuzz/corpus; what a run
# finds new is added there, a crash saved in fuzz/artifacts).
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := availability piece_form listing_query photo

soak: fuzz
	TOUCHSTONE_CRASH_ROUNDS=100 cargo test -p server --test crash -- --nocapture

fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

fuzz: fuzz-tools
	cd fuzz && for target in $(FUZZ_TARGETS); do \
	  cargo +nightly fuzz run "$$target" "corpus/$$target" -- -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

# Search and facets at 1 000, 10 000 and 100 000 pieces, and booking throughput and
# contention, on SQLite and (when DATABASE_URL_TEST_PG is set) PostgreSQL; the release
# server's cold start and memory, its throughput against the home page's bytes sent from
# memory and from disk (oha), and what chromium sees of the public pages (page weight from the network
# log; Lighthouse, mobile); writes bench/results/*.json and ends with one table of
# every figure beside its target.
bench: build tools-test
	test -d bench/web/node_modules/lighthouse || (cd bench/web && npm ci --no-audit --no-fund)
	cargo run --release -p touchstone-bench --bin search-bench
	cargo run --release -p touchstone-bench --bin booking-bench
	cargo run --release -p touchstone-bench --bin startup-bench
	cargo run --release -p touchstone-bench --bin throughput-bench
	cargo run --release -p touchstone-bench --bin browser-bench
	cargo run --release -p touchstone-bench --bin bench-report

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results bench/web/node_modules tools
