#!/usr/bin/env bash
# The test command (README, and what CI runs): format and lint checks, the unit and integration
# suite on SQLite, the browser tests and the REST fuzzer against the SQLite binary that suite
# built, then the same suite on PostgreSQL. Installs what it needs. Every step runs even when an
# earlier one failed; each prints its duration, a table of all steps closes the run, and the exit
# status is non-zero when any step failed.
#
# One target dir, one (dev) profile, each thing built once:
# - `cargo test --features ssr` also links target/debug/aftersale (integration tests make cargo
#   build the bin). That binary differs from a plain `cargo build --bin aftersale`: in a build
#   that includes tests, cargo unifies the dev-dependencies' features (tokio "process", reqwest's
#   hyper client, …) into the bin's dependencies, so a separate `cargo build` recompiles a few
#   hundred crates. The e2e run (E2E_NO_BUILD=1) and the fuzzer (FUZZ_NO_BUILD=1) therefore use
#   that binary as it is, and run before the PostgreSQL suite, which relinks it with `postgres`.
# - Clippy first: it type-checks (metadata only, clippy-driver) and cannot reuse what `cargo test`
#   compiles; the two share only build scripts and proc-macros, so the order does not change the
#   total, and lint errors show within minutes instead of after the suites.
set -uo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n\033[1;34m[test]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never
results=$(mktemp)
trap 'rm -f "$results"' EXIT

names=() took=() outcome=()
step() {
  local name=$1 start=$SECONDS rc=0
  shift
  log "$name"
  "$@" || rc=$?
  names+=("$name") took+=("$((SECONDS - start))")
  if [ "$rc" = 0 ]; then outcome+=(ok); else outcome+=("FAILED (exit $rc)"); fi
  log "$name: $((SECONDS - start)) s"
}

tools() {
  ./scripts/install-tools.sh || return
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    log "installing aiosmtpd (the SMTP server the mail test talks to)"
    python3 -m pip install --quiet --disable-pip-version-check aiosmtpd 2>/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd; } || return
  fi
  if ! command -v pdftotext >/dev/null; then
    log "installing poppler-utils (pdftotext reads the PDFs the tests download)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  fi
}
sqlite_suite() { cargo test --features ssr 2>&1 | tee -a "$results"; }
e2e() { E2E_NO_BUILD=1 ./scripts/e2e.sh 2>&1 | tee -a "$results"; }
fuzz() { FUZZ_NO_BUILD=1 ./scripts/fuzz-api.sh 2>&1 | tail -25; }
pg_suite() {
  TEST_PG_URL=$(./scripts/pg.sh) || return
  TEST_PG_URL=$TEST_PG_URL cargo test --features ssr,postgres 2>&1 | tee -a "$results"
}

step "tools" tools
step "fmt" cargo fmt --check
step "clippy ssr" cargo clippy --features ssr --all-targets -- -D warnings
step "clippy wasm" cargo clippy --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings
step "tests sqlite" sqlite_suite
step "e2e (browser)" e2e
step "fuzz (schemathesis)" fuzz
step "tests postgres" pg_suite

echo
printf '%-22s %8s  %s\n' step seconds result
total=0 failed_steps=()
for i in "${!names[@]}"; do
  printf '%-22s %8s  %s\n' "${names[$i]}" "${took[$i]}" "${outcome[$i]}"
  total=$((total + took[i]))
  [ "${outcome[$i]}" = ok ] || failed_steps+=("${names[$i]}")
done
printf '%-22s %8s  (%d min)\n' total "$total" "$(((total + 30) / 60))"

# One closing line for all runners (cargo's and Playwright's counts added up).
passed=$(grep -oE '[0-9]+ passed' "$results" | awk '{s += $1} END {print s + 0}')
failed=$(grep -oE '[0-9]+ failed' "$results" | awk '{s += $1} END {print s + 0}')
echo
[ "${#failed_steps[@]}" = 0 ] || (IFS=,; echo "failed steps: ${failed_steps[*]}")
echo "summary: ${passed:-0} passed, ${failed:-0} failed"
[ "${#failed_steps[@]}" = 0 ]
