#!/usr/bin/env bash
# Browser tests: builds the site (debug), starts it on a fresh SQLite database with the demo
# users, and runs Playwright against Debian's chromium. Installs chromium and the Node packages
# when missing (never a browser download).
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

log "building the site (debug)"
cargo leptos build

port=${E2E_PORT:-3077}
dir=$(mktemp -d)
log "starting the app on 127.0.0.1:$port"
AFTERSALE_ENV=development AFTERSALE_DEMO=1 AFTERSALE_ADDR="127.0.0.1:$port" AFTERSALE_JOBS=off \
  DATABASE_URL="sqlite://$dir/e2e.db?mode=rwc" LEPTOS_SITE_ROOT=target/site RUST_LOG=${RUST_LOG:-info,sqlx=warn} \
  target/debug/aftersale serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; cp "$dir/server.log" end2end/server.log 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$dir/server.log"; exit 1; }

mkdir -p end2end/screenshots
(cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test)
