#!/usr/bin/env bash
# The run command: builds and serves Aftersale on SQLite (data/aftersale.db) with the demo company
# seeded on first start, installing the build tools when missing (no cargo-leptos).
# `--release` builds and runs the release binary. For live reload use `cargo leptos watch`
# instead (./scripts/install-tools.sh --cargo-leptos).
#
# On a fresh machine the server build (~8 min on 2 cores, with the dependencies unoptimised —
# profile.dev in Cargo.toml; 16 min at opt-level 1) is the long pole, so the rest is laid
# around it: the server starts as soon as its binary is linked, and the tools only the browser
# client needs (wasm-bindgen-cli is a ~5 min compile of its own) install at the lowest CPU priority
# meanwhile — sharing the two cores equally made the first page wait 19 min instead of ~12 (measured
# 2026-12-02). Pages are server-rendered and every form works without JavaScript, so the app is
# usable at once; the wasm client builds next (~2 min cold, seconds after that) and pages loaded
# from then on hydrate.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
log() { printf '\033[1;34m[dev]\033[0m %s\n' "$*" >&2; }

profile=debug build_args=()
for arg in "$@"; do
  case "$arg" in
    --release) profile=release build_args=(--release) ;;
    *) echo "usage: $0 [--release]" >&2; exit 2 ;;
  esac
done

started=$SECONDS
tools_log=$(mktemp)
server="" tools=""
trap 'rc=$?; kill $server $tools 2>/dev/null; rm -f "$tools_log"; exit $rc' EXIT
nice -n 19 ./scripts/install-tools.sh >"$tools_log" 2>&1 &
tools=$!
log "building the server (the first build takes several minutes; the client tools install meanwhile, at low priority)"
./scripts/build-site.sh --no-client "${build_args[@]}"
log "server built in $((SECONDS - started)) s"

export AFTERSALE_ENV="${AFTERSALE_ENV:-development}"
export AFTERSALE_DEMO="${AFTERSALE_DEMO:-1}"
export AFTERSALE_ADDR="${AFTERSALE_ADDR:-${LEPTOS_SITE_ADDR:-127.0.0.1:3000}}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export RUST_LOG="${RUST_LOG:-info,sqlx=warn,tower_sessions=warn}"
mkdir -p data
"${CARGO_TARGET_DIR:-target}/$profile/aftersale" serve &
server=$!
log "serving http://$AFTERSALE_ADDR (Ctrl-C stops); building the browser client"

wait "$tools" || { cat "$tools_log" >&2; log "installing the tools failed"; exit 1; }
tools=""
cat "$tools_log" >&2
./scripts/build-site.sh --no-server "${build_args[@]}" || { log "the client build failed"; exit 1; }
log "client ready after $((SECONDS - started)) s: pages loaded from now on hydrate (http://$AFTERSALE_ADDR)"
wait "$server"
