#!/usr/bin/env bash
# Builds the server and the site (target/site) the way `cargo leptos build` did, without cargo-leptos.
#
#   ./scripts/build-site.sh [--release] [--postgres] [--no-server | --no-client]
#
# Server: `cargo build --features ssr --bin aftersale` (debug) or `--release` → target/{debug,release}/aftersale.
# Client: the lib for wasm32 with `hydrate` (dev profile, or `wasm-release` with --release), then
# wasm-bindgen → target/site/pkg/aftersale.js + aftersale_bg.wasm; in release wasm-opt -Oz on the wasm.
# Assets: style/main.css → target/site/pkg/aftersale.css, public/* → target/site/.
#
# Why not cargo-leptos: installing it compiles ~600 crates (~20 min on 2 cores) for what is three
# commands here. `cargo leptos watch` still works for live reload (./scripts/install-tools.sh
# --cargo-leptos); it reads [package.metadata.leptos].
# It also sets LEPTOS_OUTPUT_NAME while compiling, which leptos reads with option_env! (cargo
# tracks it: a change recompiles leptos and every crate above it), so its server build never
# matched the one `cargo test` makes. Without that variable leptos has pages load
# `aftersale_bg.wasm`, wasm-bindgen's own name, so nothing is renamed here.
#
# --no-server: client and assets only; the server binary is the one already built (test.sh and
# e2e.sh use the binary `cargo test --features ssr` links, see scripts/test.sh for why).
# --no-client: server and assets only (dev.sh serves pages while the client still builds).
# --postgres: the server for PostgreSQL (`--features ssr,postgres`).
# Each step prints its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[site]\033[0m %s\n' "$*" >&2; }
TOOLS_DIR="${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}"
export PATH="$HOME/.cargo/bin:$PATH"

release=0 server=1 client=1 features=ssr
for arg in "$@"; do
  case "$arg" in
    --release) release=1 ;;
    --postgres) features=ssr,postgres ;;
    --no-server) server=0 ;;
    --no-client) client=0 ;;
    *) echo "usage: $0 [--release] [--postgres] [--no-server | --no-client]" >&2; exit 2 ;;
  esac
done

target_dir="${CARGO_TARGET_DIR:-target}"
site="${LEPTOS_SITE_ROOT:-target/site}"
if [ "$release" = 1 ]; then
  server_args=(--release) client_args=(--profile wasm-release) wasm_dir=wasm-release
else
  server_args=() client_args=() wasm_dir=debug
fi

[ "$client" = 0 ] || command -v wasm-bindgen >/dev/null || { echo "wasm-bindgen not found: run ./scripts/install-tools.sh" >&2; exit 1; }
# The CLI must be the version of the wasm-bindgen crate the wasm links, or it refuses the file.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ "$client" = 0 ] || wasm-bindgen --version | grep -q " $want\$" \
  || { echo "wasm-bindgen $want needed (Cargo.lock), found $(wasm-bindgen --version): run ./scripts/install-tools.sh" >&2; exit 1; }
wasm_opt="$TOOLS_DIR/node_modules/.bin/wasm-opt"
if [ "$client" = 1 ] && [ "$release" = 1 ] && [ ! -x "$wasm_opt" ]; then
  # Not Debian's binaryen from PATH: its wasm-opt (108) produces wasm that fails to hydrate.
  echo "$wasm_opt not found: run ./scripts/install-tools.sh" >&2; exit 1
fi

timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  log "$name: $((SECONDS - start)) s"
}

# Assets first (they take no time): a server started before the client is built serves styled pages.
mkdir -p "$site/pkg"
cp -R public/. "$site/"
cp style/main.css "$site/pkg/aftersale.css"

if [ "$server" = 1 ]; then
  log "server: cargo build --features $features --bin aftersale ${server_args[*]}"
  timed server cargo build --features "$features" --bin aftersale "${server_args[@]}"
fi
[ "$client" = 1 ] || exit 0

log "client: cargo build --lib --target wasm32-unknown-unknown --features hydrate ${client_args[*]}"
timed client cargo build --lib --target wasm32-unknown-unknown --features hydrate "${client_args[@]}"

# Into a fresh directory that replaces pkg/ at the end, so no file of an earlier build (a
# wasm-bindgen snippet that is gone) lingers and a running server sees the old or the new set.
pkg_new="$site/.pkg-new"
rm -rf "$pkg_new"
mkdir -p "$pkg_new"
bindgen() {
  wasm-bindgen --target web --no-typescript --out-dir "$pkg_new" --out-name aftersale \
    "$target_dir/wasm32-unknown-unknown/$wasm_dir/aftersale.wasm"
}
timed wasm-bindgen bindgen
if [ "$release" = 1 ]; then
  # cargo-leptos's flags: bulk memory and non-trapping float-to-int are what rustc emits for wasm32.
  timed wasm-opt "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg_new/aftersale_bg.wasm" -o "$pkg_new/aftersale_bg.wasm"
fi
cp style/main.css "$pkg_new/aftersale.css"
rm -rf "$site/pkg"
mv "$pkg_new" "$site/pkg"
log "site ready in $site: $(cd "$site/pkg" && du -k aftersale_bg.wasm | cut -f1) KiB wasm"
