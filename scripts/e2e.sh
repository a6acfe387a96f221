#!/usr/bin/env bash
# Browser tests: builds the site (debug, scripts/build-site.sh), starts it on a fresh SQLite
# database with the demo users, and runs Playwright against Debian's chromium. Installs chromium
# and the Node packages when missing (never a browser download).
# E2E_NO_BUILD=1 (test.sh): the server binary is taken as built (target/debug/aftersale, linked
# by `cargo test --features ssr`); only the wasm client and the site assets are built.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[e2e]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d end2end/node_modules/@playwright/test ]; then
  log "installing Playwright (test runner only; the browser is Debian's)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-fund --no-audit)
fi

started=$SECONDS
if [ "${E2E_NO_BUILD:-}" = 1 ]; then
  log "building the client and assets (server: the binary already built)"
  ./scripts/build-site.sh --no-server
else
  log "building the site (debug)"
  ./scripts/build-site.sh
fi
bin="${CARGO_TARGET_DIR:-target}/debug/aftersale"
[ -x "$bin" ] || { log "$bin missing: build it (cargo build --features ssr --bin aftersale)"; exit 1; }
log "build: $((SECONDS - started)) s"

port=${E2E_PORT:-3077}
dir=$(mktemp -d)
log "starting the app on 127.0.0.1:$port"
AFTERSALE_ENV=development AFTERSALE_DEMO=1 AFTERSALE_ADDR="127.0.0.1:$port" AFTERSALE_JOBS=off \
  DATABASE_URL="sqlite://$dir/e2e.db?mode=rwc" LEPTOS_SITE_ROOT=target/site RUST_LOG=${RUST_LOG:-info,sqlx=warn} \
  "$bin" serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; cp "$dir/server.log" end2end/server.log 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$dir/server.log"; exit 1; }

mkdir -p end2end/screenshots
started=$SECONDS
status=0
(cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test) || status=$?
log "playwright: $((SECONDS - started)) s"
exit $status
