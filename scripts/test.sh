#!/usr/bin/env bash
# The test command (README, and what CI runs): format and lint checks, the unit and integration
# suite on SQLite, the same suite on PostgreSQL, the browser tests, then the REST fuzzer.
# Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n\033[1;34m[test]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never
results=$(mktemp)
trap 'rm -f "$results"' EXIT

./scripts/install-tools.sh
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  log "installing aiosmtpd (the SMTP server the mail test talks to)"
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd 2>/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd; }
fi

if ! command -v pdftotext >/dev/null; then
  log "installing poppler-utils (pdftotext reads the PDFs the tests download)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi

log "format and lints"
cargo fmt --check
cargo clippy --features ssr --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings

log "unit and integration tests on SQLite"
cargo test --features ssr 2>&1 | tee -a "$results"

log "integration tests on PostgreSQL"
TEST_PG_URL=$(./scripts/pg.sh)
export TEST_PG_URL
cargo test --features ssr,postgres 2>&1 | tee -a "$results"

log "browser tests"
./scripts/e2e.sh 2>&1 | tee -a "$results"

log "bad input against the REST API (schemathesis)"
./scripts/fuzz-api.sh 2>&1 | tail -25

# One closing line for all runners (cargo's and Playwright's counts added up).
passed=$(grep -oE '[0-9]+ passed' "$results" | awk '{s += $1} END {print s + 0}')
failed=$(grep -oE '[0-9]+ failed' "$results" | awk '{s += $1} END {print s + 0}')
echo
echo "summary: ${passed:-0} passed, ${failed:-0} failed"
