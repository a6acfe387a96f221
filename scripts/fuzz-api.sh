#!/usr/bin/env bash
# Bad-input suite: schemathesis (PyPI) generates requests from our OpenAPI document and checks
# that no answer is a 500, every status code and body is the documented one. Uses the debug
# binary the other suites built. The seed is fixed so CI is repeatable; FUZZ_SEED=random explores.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*" >&2; }
command -v st >/dev/null || python3 -m pip install --quiet --disable-pip-version-check schemathesis
ST=$(command -v st || echo "python3 -m schemathesis.cli")
# The SQLite build (a PostgreSQL test run may have left the other one in target/debug).
cargo build --quiet --features ssr --bin aftersale

dir=$(mktemp -d)
port=${FUZZ_PORT:-3078}
export DATABASE_URL="sqlite://$dir/fuzz.db?mode=rwc" AFTERSALE_SECRET="fuzz-secret-fuzz-secret-fuzz-secret-0000"
target/debug/aftersale seed-demo 2>/dev/null
token=$(target/debug/aftersale create-api-token --email admin@example.com --name fuzz 2>/dev/null)
AFTERSALE_ADDR="127.0.0.1:$port" AFTERSALE_JOBS=off RUST_LOG=warn target/debug/aftersale serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

seed_args=(--seed "${FUZZ_SEED:-20261123}")
[ "${FUZZ_SEED:-}" = random ] && seed_args=()
log "schemathesis against http://127.0.0.1:$port/api/v1/openapi.json"
$ST run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${FUZZ_EXAMPLES:-50}" --request-timeout 10 "${seed_args[@]}" --no-color
