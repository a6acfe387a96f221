#!/usr/bin/env bash
# Installs the build tools Aftersale needs when they are missing: rustfmt and clippy, the wasm32
# target, the wasm-bindgen CLI of the version Cargo.lock pins for the wasm-bindgen crate, and npm's
# binaryen wasm-opt (release builds). That is all scripts/build-site.sh, dev.sh and test.sh use.
#
#   ./scripts/install-tools.sh [--cargo-leptos]
#
# --cargo-leptos also installs cargo-leptos 0.3.11 (patched to build on Rust 1.95, see README
# "Toolchain") for `cargo leptos watch` (live reload). It is off the run and CI path: it compiles
# ~600 crates, ~20 min on 2 cores, for what build-site.sh does with wasm-bindgen and wasm-opt.
# Safe to run again: every step is skipped when its tool is already there at the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}"
# The CLI has to match the crate the wasm links exactly (wasm-bindgen refuses other versions).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

cargo_leptos=0
for arg in "$@"; do
  case "$arg" in
    --cargo-leptos) cargo_leptos=1 ;;
    *) echo "usage: $0 [--cargo-leptos]" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1;34m[install]\033[0m %s\n' "$*" >&2; }
started=$SECONDS
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (one-time, ~4 min on 2 cores)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian's binaryen 108 breaks hydration; npm's binaryen 132 works. Only release builds use it.
if ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  if command -v npm >/dev/null 2>&1; then
    log "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
    mkdir -p "$TOOLS_DIR"
    npm install --silent --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION" >/dev/null
  else
    log "npm not found: skipping wasm-opt (only release builds need it)"
  fi
fi

if [ "$cargo_leptos" = 1 ] && ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (one-time, ~20 min on 2 cores)"
  # Its lock file wants a cargo-util-schemas that needs a newer Rust: fetch the crate, pin that
  # dependency to the last version that builds on our toolchain, and install from the patched copy.
  crate=$(ls "$HOME"/.cargo/registry/cache/*/cargo-leptos-$CARGO_LEPTOS_VERSION.crate 2>/dev/null | head -1 || true)
  if [ -z "$crate" ]; then
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked >/dev/null 2>&1 || true
    crate=$(ls "$HOME"/.cargo/registry/cache/*/cargo-leptos-$CARGO_LEPTOS_VERSION.crate 2>/dev/null | head -1 || true)
  fi
  if [ -z "$crate" ]; then
    # A fresh CARGO_HOME may not have fetched it: fetch it through a throwaway dependency.
    tmp=$(mktemp -d)
    (cd "$tmp" && cargo init -q --name fetchcl && cargo add -q "cargo-leptos@=$CARGO_LEPTOS_VERSION" >/dev/null 2>&1 && cargo fetch -q) || true
    rm -rf "$tmp"
    crate=$(ls "$HOME"/.cargo/registry/cache/*/cargo-leptos-$CARGO_LEPTOS_VERSION.crate | head -1)
  fi
  src=$(mktemp -d)
  tar xzf "$crate" -C "$src"
  (
    cd "$src/cargo-leptos-$CARGO_LEPTOS_VERSION"
    sed -i 's/^rust-version = .*/rust-version = "1.95.0"/' Cargo.toml
    CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo update -q -p cargo-util-schemas
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --path . --locked
  )
  rm -rf "$src"
fi

leptos=""
[ "$cargo_leptos" = 1 ] && leptos=", $(cargo leptos --version)"
log "tools ready in $((SECONDS - started)) s: $(wasm-bindgen --version)$leptos"
