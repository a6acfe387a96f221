#!/usr/bin/env bash
# Bad-input suite: schemathesis (PyPI) generates requests from our OpenAPI document and checks
# that no answer is a 500, every status code and body is the documented one. Uses the debug
# binary the other suites built. The seed is fixed so CI is repeatable; FUZZ_SEED=random explores.
#
# The server runs on the demo data, and the `{id}` (and `{event}`, `{shipment_id}`,
# `{allocation_id}`) path parameters draw most of their values from the ids that data really has
# (schemathesis dictionaries, written below from the database), so operations on one record reach
# their handlers instead of only ever answering 404. The closing table counts, per operation, the
# answers it got; FUZZ_ONLY_404_MAX (default 0) is how many operations may have seen nothing but 404.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*" >&2; }
command -v st >/dev/null || python3 -m pip install --quiet --disable-pip-version-check schemathesis
ST=$(command -v st || echo "python3 -m schemathesis.cli")
# The SQLite build (a PostgreSQL test run may have left the other one in target/debug);
# FUZZ_NO_BUILD=1 (test.sh, before the PostgreSQL run): the one `cargo test --features ssr` linked.
[ "${FUZZ_NO_BUILD:-}" = 1 ] || cargo build --quiet --features ssr --bin aftersale

dir=$(mktemp -d)
port=${FUZZ_PORT:-3078}
export DATABASE_URL="sqlite://$dir/fuzz.db?mode=rwc" AFTERSALE_SECRET="fuzz-secret-fuzz-secret-fuzz-secret-0000"
target/debug/aftersale seed-demo 2>/dev/null
token=$(target/debug/aftersale create-api-token --email admin@example.com --name fuzz 2>/dev/null)
AFTERSALE_ADDR="127.0.0.1:$port" AFTERSALE_JOBS=off RUST_LOG=warn target/debug/aftersale serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# Real ids for the path parameters, read from the seeded database before the run starts: one
# [[operations]] entry per documented path with `{...}` segments (FUZZ_REAL_IDS=0: none, as before).
curl -fs "http://127.0.0.1:$port/api/v1/openapi.json" >"$dir/openapi.json"
: >"$dir/schemathesis.toml"
if [ "${FUZZ_REAL_IDS:-1}" = 1 ]; then
  python3 - "$dir/fuzz.db" "$dir/openapi.json" "$dir/schemathesis.toml" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
doc = json.load(open(sys.argv[2]))
def ids(table, by=None):
    """The first record of each status (so every state is reachable), then the newest ones."""
    first = [r[0] for r in db.execute(f"SELECT MIN(id) FROM {table} GROUP BY {by}")] if by else []
    rest = [r[0] for r in db.execute(f"SELECT id FROM {table} ORDER BY id DESC LIMIT 30")]
    return list(dict.fromkeys(first + rest))
tables = {
    "users": ("users", None), "accounts": ("accounts", None), "contacts": ("contacts", None),
    "products": ("products", None), "tax-rates": ("tax_rates", None),
    "opportunities": ("opportunities", "stage"), "sales-orders": ("sales_orders", "status"),
    "invoices": ("invoices", "status"), "credit-notes": ("credit_notes", None),
    "payments": ("payments", "status"), "bank-accounts": ("bank_accounts", None),
    "bank-statements": ("bank_statements", "status"), "bank-statement-lines": ("bank_statement_lines", "status"),
    "contracts": ("contracts", "status"),
}
events = {
    "invoices": ["issue", "send", "void"],
    "sales-orders": ["confirm", "hold", "release", "cancel", "close"],
    "payments": ["complete", "fail", "refund"],
    "opportunities": ["prospecting", "qualification", "proposal", "negotiation", "won", "lost"],
    "contracts": ["activate", "renew", "cancel"],
}
dicts = {}
for segment, (table, by) in tables.items():
    dicts[f"{table}_ids"] = ids(table, by)
for segment, values in events.items():
    dicts[f"{segment.replace('-', '_')}_events"] = values
# Nested records: parents that have children, and the children.
shipments = list(db.execute("SELECT sales_order_id, id FROM shipments ORDER BY id LIMIT 30"))
allocations = list(db.execute("SELECT payment_id, id FROM payment_allocations ORDER BY id LIMIT 30"))
dicts["shipment_orders"] = sorted({o for o, _ in shipments})
dicts["shipment_ids"] = [s for _, s in shipments]
dicts["allocated_payments"] = sorted({p for p, _ in allocations})
dicts["allocation_ids"] = [a for _, a in allocations]
dicts = {k: v for k, v in dicts.items() if v}
entries = []
for path in doc["paths"]:
    segs = path.split("/")
    if "{" not in path or len(segs) < 4:
        continue
    resource = segs[3]
    params = {}
    if "{id}" in segs:
        params["id"] = f"{tables[resource][0]}_ids" if resource in tables else None
    if "{shipment_id}" in segs:
        params["id"], params["shipment_id"] = "shipment_orders", "shipment_ids"
    if "{allocation_id}" in segs:
        params["id"], params["allocation_id"] = "allocated_payments", "allocation_ids"
    if "{event}" in segs:
        params["event"] = f"{resource.replace('-', '_')}_events"
    params = {p: d for p, d in params.items() if d in dicts}
    if params:
        entries.append((path, params))
with open(sys.argv[3], "w") as out:
    for name, values in dicts.items():
        out.write(f"[dictionaries.{name}]\nvalues = {json.dumps(values)}\n\n")
    for path, params in entries:
        pairs = ", ".join(f'"path.{p}" = {{ dictionary = "{d}", probability = 0.85 }}' for p, d in params.items())
        out.write(f"[[operations]]\ninclude-path = {json.dumps(path)}\nparameters = {{ {pairs} }}\n\n")
print(f"[fuzz] real ids: {sum(len(v) for v in dicts.values())} values in {len(dicts)} dictionaries for {len(entries)} paths", file=sys.stderr)
PY
fi
config=(--config-file "$dir/schemathesis.toml")

seed_args=(--seed "${FUZZ_SEED:-20261123}")
[ "${FUZZ_SEED:-}" = random ] && seed_args=()
log "schemathesis against http://127.0.0.1:$port/api/v1/openapi.json"
status=0
$ST "${config[@]}" run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${FUZZ_EXAMPLES:-50}" --request-timeout 10 "${seed_args[@]}" --no-color \
  --report har --report-har-path "$dir/run.har" || status=$?

# Per operation: what it answered. An operation that only ever saw 404 tested nothing behind it.
python3 - "$dir/openapi.json" "$dir/run.har" "${FUZZ_ONLY_404_MAX:-0}" <<'PY' || status=$?
import collections, json, re, sys, urllib.parse
doc = json.load(open(sys.argv[1]))
har = json.load(open(sys.argv[2]))
templates = []
for path, item in doc["paths"].items():
    rx = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
    for method in item:
        if method != "parameters":
            templates.append((path.count("{"), method.upper(), path, re.compile(rx)))
templates.sort(key=lambda t: t[0])  # literal segments win over `{...}` ones
seen = collections.defaultdict(collections.Counter)
for e in har["log"]["entries"]:
    method, url = e["request"]["method"], urllib.parse.urlsplit(e["request"]["url"]).path
    op = next((f"{m} {p}" for _, m, p, rx in templates if m == method and rx.match(url)), f"{method} {url} (undocumented)")
    seen[op][e["response"]["status"]] += 1
ops = [f"{m} {p}" for _, m, p, _ in templates]
only_404 = sorted(op for op in ops if set(seen[op]) == {404})
# Schemathesis's own "missing test data" measure is softer: most answers 404 and none a success.
mostly_404 = sorted(op for op in ops if seen[op] and seen[op][404] >= 0.5 * sum(seen[op].values())
                    and not any(200 <= s < 300 for s in seen[op]))
never = sorted(op for op in ops if not seen[op])
errors = sum(n for c in seen.values() for s, n in c.items() if s >= 500)
print(f"{len(ops)} operations, {sum(sum(c.values()) for c in seen.values())} requests, {errors} server errors")
print(f"operations that only ever saw 404: {len(only_404)}")
for op in only_404:
    print(f"  {op}")
print(f"operations that answered 404 at least half the time and never 2xx: {len(mostly_404)}")
for op in mostly_404:
    print(f"  {op} {dict(seen[op])}")
if never:
    print(f"operations never called: {len(never)}: {', '.join(never)}")
sys.exit(1 if errors or len(only_404) > int(sys.argv[3]) else 0)
PY
exit $status
