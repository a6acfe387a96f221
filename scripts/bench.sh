#!/usr/bin/env bash
# The benchmark suite: builds release binaries, then measures each figure side by side with its
# anchor in one run on this machine, and prints one table (also written to bench/RESULTS.md).
# Figures: login page throughput vs a bare axum handler; gzipped wasm size; the accounts and
# orders list pages at 1M rows on SQLite and PostgreSQL vs each page's raw SQL query behind a bare
# handler; sales orders with 20 lines created per second through the API vs raw SQL inserts;
# invoice PDFs (40 and 500 lines) vs wkhtmltopdf and weasyprint on the same invoice; the invoices
# and payments lists at 1M rows vs their raw SQL; bank-statement matching of 10,000 lines against
# 100,000 (and 1M) open invoices vs one raw indexed lookup per line.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}

./scripts/install-tools.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

ROWS=${BENCH_ACCOUNTS:-1000000}
# BENCH_ONLY=payments measures only the payments list and statement matching (on the engines in
# BENCH_ENGINES, default both) and appends them to bench/RESULTS.md as a dated section.
ONLY=${BENCH_ONLY:-}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
LIST_CONNECTIONS=${BENCH_LIST_CONNECTIONS:-8}
WRITE_CONNECTIONS=${BENCH_WRITE_CONNECTIONS:-4}
dir=$(mktemp -d)

log "release build (app, wasm, and the anchors) for SQLite, then the PostgreSQL build"
if [ -z "$ONLY" ]; then cargo leptos build --release; else cargo build --release --features ssr --bin aftersale; fi
cargo build --release --features ssr --example bare_axum --example raw_sql --example pdf_bench --example match_bench
mkdir -p "$dir/sqlite" "$dir/postgres"
cp target/release/aftersale target/release/examples/raw_sql target/release/examples/match_bench "$dir/sqlite/"
cargo build --release --features postgres --bin aftersale --example raw_sql --example match_bench
cp target/release/aftersale target/release/examples/raw_sql target/release/examples/match_bench "$dir/postgres/"
cp "$dir/sqlite/aftersale" target/release/aftersale

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

AFTERSALE_ENV=development AFTERSALE_DEMO=1 AFTERSALE_ADDR=127.0.0.1:3900 AFTERSALE_JOBS=off RUST_LOG=warn \
  DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" LEPTOS_SITE_ROOT=target/site \
  "$dir/sqlite/aftersale" serve >"$dir/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:3900/healthz >/dev/null 2>&1 && break; sleep 0.5; done
page_bytes=$(curl -s http://127.0.0.1:3900/login | wc -c)
target/release/examples/bare_axum 127.0.0.1:3901 "$page_bytes" &
pids+=($!)
sleep 1

if [ -z "$ONLY" ]; then
# wrk prints "Requests/sec: N" and a latency distribution with --latency.
measure() {
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" > "$dir/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk.txt")
  echo "$rps $p50 $p99"
}
log "login page, ${DURATION}s, $CONNECTIONS connections"
read -r app_rps app_p50 app_p99 < <(measure http://127.0.0.1:3900/login)
log "bare axum handler, same page size ($page_bytes bytes)"
read -r bare_rps bare_p50 bare_p99 < <(measure http://127.0.0.1:3901/login)
ratio=$(awk -v a="$app_rps" -v b="$bare_rps" 'BEGIN {printf "%.3f", a / b}')

wasm=target/site/pkg/aftersale.wasm
wasm_raw=$(wc -c < "$wasm")
wasm_gz=$(gzip -9 -c "$wasm" | wc -c)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/${pids[0]}/status")

# Invoice PDFs: our in-process renderer vs wkhtmltopdf and weasyprint (Debian) rendering the same
# 40-line invoice from the HTML that ../shared/bench/invoice_html.py writes; and a 500-line invoice.
for pkg in wkhtmltopdf weasyprint; do
  command -v "$pkg" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; }
done
html_script=${BENCH_INVOICE_HTML:-../shared/bench/invoice_html.py}
[ -f "$html_script" ] || { log "missing $html_script (the anchor's HTML writer)"; exit 1; }
python3 "$html_script" 40 > "$dir/invoice.html"
log "invoice PDF, 40 lines: Aftersale in-process ×200"
read -r ours_ms ours_bytes < <(target/release/examples/pdf_bench 40 200 "$dir/ours.pdf")
read -r ours500_ms ours500_bytes < <(target/release/examples/pdf_bench 500 20)
pdftotext "$dir/ours.pdf" - | grep -q "Zoë Łukasiewicz Straße" || { log "our PDF lost its Unicode text"; exit 1; }
# Mean wall time of a command over N runs, in ms.
time_ms() {
  local n=$1; shift
  local t0 t1; t0=$(date +%s%N)
  for _ in $(seq 1 "$n"); do "$@" >/dev/null 2>&1; done
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN {printf "%.1f", (b - a) / 1e6 / n}'
}
log "invoice PDF, 40 lines: wkhtmltopdf ×${PDF_RUNS:-10}, weasyprint ×${PDF_RUNS:-10}"
wk_ms=$(time_ms "${PDF_RUNS:-10}" wkhtmltopdf -q "$dir/invoice.html" "$dir/wk.pdf")
we_ms=$(time_ms "${PDF_RUNS:-10}" weasyprint "$dir/invoice.html" "$dir/we.pdf")
pdf_rows="| invoice PDF, 40 lines, ms per invoice (size) | $ours_ms ms ($((ours_bytes / 1024)) KB) | wkhtmltopdf: $wk_ms ms | $(awk -v a="$wk_ms" -v b="$ours_ms" 'BEGIN {printf "%.0f× faster", a / b}') |
| invoice PDF, 40 lines, ms per invoice | $ours_ms ms | weasyprint: $we_ms ms | $(awk -v a="$we_ms" -v b="$ours_ms" 'BEGIN {printf "%.0f× faster", a / b}') |
| invoice PDF, 500 lines, ms per invoice (size) | $ours500_ms ms ($((ours500_bytes / 1024)) KB) | | |
"
fi

# The accounts list at $ROWS accounts: the page (session, auth, SSR) vs its raw SQL query.
# First page and a page from the middle of the name order (keyset cursor, no OFFSET).
cursor_hex() { printf '%s\x1f%s' "$1" "$2" | od -An -tx1 | tr -d ' \n'; }
list_rows=""
bench_list() {
  local engine=$1 url=$2 port=$3
  log "$engine: seeding $ROWS accounts"
  local t0; t0=$(date +%s)
  AFTERSALE_ENV=development DATABASE_URL="$url" RUST_LOG=warn "$dir/$engine/aftersale" seed-demo --scale "$ROWS" >/dev/null
  local seed_s=$(( $(date +%s) - t0 ))
  AFTERSALE_ENV=development AFTERSALE_ADDR=127.0.0.1:$port AFTERSALE_JOBS=off RUST_LOG=warn DATABASE_URL="$url" \
    LEPTOS_SITE_ROOT=target/site "$dir/$engine/aftersale" serve >"$dir/$engine.log" 2>&1 &
  pids+=($!)
  DATABASE_URL="$url" AFTERSALE_DB_MAX_CONNECTIONS=10 "$dir/$engine/raw_sql" 127.0.0.1:$((port + 1)) &
  pids+=($!)
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 1
  curl -s -c "$dir/jar" -H 'accept: application/json' -d 'email=admin@example.com&password=aftersale-demo' \
    "http://127.0.0.1:$port/fn/login" >/dev/null
  local cookie; cookie=$(awk '$6 == "aftersale_session" {print $7}' "$dir/jar")
  local mid key id
  if [ "$engine" = sqlite ]; then
    local file=${url#sqlite://}; file=${file%%\?*}
    mid=$(sqlite3 "$file" "SELECT name_key || '|' || id FROM accounts WHERE active ORDER BY name_key, id LIMIT 1 OFFSET $((ROWS / 2))" 2>/dev/null || true)
  else
    mid=$(psql "$url" -qAtc "SELECT name_key || '|' || id FROM accounts WHERE active ORDER BY name_key, id LIMIT 1 OFFSET $((ROWS / 2))")
  fi
  key=${mid%|*}; id=${mid##*|}
  local cur; cur=$(cursor_hex "$key" "$id")
  wrk_get() { wrk -t2 -c"$LIST_CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: aftersale_session=$cookie" "$1" > "$dir/wrk.txt"
    awk '/Requests\/sec/ {r=$2} $1 == "50%" {p50=$2} $1 == "99%" {p99=$2} END {print r, p50, p99}' "$dir/wrk.txt"; }
  if [ -n "$ONLY" ]; then
    bench_payments "$engine" "$url" "$port" "$cookie"
    return
  fi
  log "$engine: /accounts first page vs raw SQL"
  read -r pr p50 p99 < <(wrk_get "http://127.0.0.1:$port/accounts")
  read -r rr r50 r99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw")
  log "$engine: /accounts middle page (keyset) vs raw SQL"
  read -r mpr mp50 mp99 < <(wrk_get "http://127.0.0.1:$port/accounts?after=$cur")
  read -r mrr mr50 mr99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw?after=$cur")
  grep -q 'id="accounts-table"' <(curl -s -H "Cookie: aftersale_session=$cookie" "http://127.0.0.1:$port/accounts?after=$cur") \
    || { log "$engine: the page did not render accounts"; exit 1; }
  list_rows+="| accounts list, $engine, $ROWS accounts, first page p50 / p99 (req/s) | $p50 / $p99 ($pr) | raw SQL: $r50 / $r99 ($rr) | $(awk -v a="$pr" -v b="$rr" 'BEGIN {printf "%.2f", a / b}') |
| accounts list, $engine, middle page (keyset cursor) p50 / p99 (req/s) | $mp50 / $mp99 ($mpr) | raw SQL: $mr50 / $mr99 ($mrr) | $(awk -v a="$mpr" -v b="$mrr" 'BEGIN {printf "%.2f", a / b}') |
| seed-demo --scale $ROWS (and as many orders), $engine | ${seed_s} s | | |
"
  bench_orders "$engine" "$url" "$port" "$cookie"
}

# The orders list at $ROWS orders (first page and a keyset page from the middle) vs its raw SQL,
# and orders created per second with 20 lines each through the REST API vs the same rows written
# by raw SQL in one transaction.
bench_orders() {
  local engine=$1 url=$2 port=$3 cookie=$4
  local mid; mid=$(printf '%s' $((ROWS / 2)) | od -An -tx1 | tr -d ' \n')
  log "$engine: /orders first page and middle page vs raw SQL"
  read -r pr p50 p99 < <(wrk_get "http://127.0.0.1:$port/orders")
  read -r rr r50 r99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw-orders")
  read -r mpr mp50 mp99 < <(wrk_get "http://127.0.0.1:$port/orders?after=$mid")
  read -r mrr mr50 mr99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw-orders?after=$mid")
  grep -q 'id="orders-table"' <(curl -s -H "Cookie: aftersale_session=$cookie" "http://127.0.0.1:$port/orders?after=$mid") \
    || { log "$engine: the page did not render orders"; exit 1; }
  local token; token=$(AFTERSALE_ENV=development DATABASE_URL="$url" RUST_LOG=warn "$dir/$engine/aftersale" create-api-token --email admin@example.com --name bench)
  local lines; lines=$(for i in $(seq 1 20); do printf '{"product_id": %d, "quantity": "2", "discount_percent": "5"},' "$i"; done)
  cat > "$dir/order.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"account_id": 1, "customer_reference": "bench", "lines": [${lines%,}]}'
LUA
  printf 'wrk.method = "POST"\n' > "$dir/raw.lua"
  curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "$(awk -F"'" '/wrk.body/ {print $2}' "$dir/order.lua")" "http://127.0.0.1:$port/api/v1/sales-orders" | grep -q '"number"' \
    || { log "$engine: the API did not create an order"; exit 1; }
  wrk_post() { wrk -t2 -c"$WRITE_CONNECTIONS" -d"${DURATION}s" --latency -s "$2" "$1" > "$dir/wrk.txt"
    awk '/Requests\/sec/ {r=$2} $1 == "50%" {p50=$2} $1 == "99%" {p99=$2} END {print r, p50, p99}' "$dir/wrk.txt"; }
  log "$engine: orders with 20 lines created per second, API vs raw SQL"
  read -r cr c50 c99 < <(wrk_post "http://127.0.0.1:$port/api/v1/sales-orders" "$dir/order.lua")
  read -r wr w50 w99 < <(wrk_post "http://127.0.0.1:$((port + 1))/raw-order?account=1" "$dir/raw.lua")
  log "$engine: /invoices first page and middle page vs raw SQL"
  read -r ipr ip50 ip99 < <(wrk_get "http://127.0.0.1:$port/invoices")
  read -r irr ir50 ir99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw-invoices")
  read -r impr imp50 imp99 < <(wrk_get "http://127.0.0.1:$port/invoices?after=$mid")
  read -r imrr imr50 imr99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw-invoices?after=$mid")
  grep -q 'id="invoices-table"' <(curl -s -H "Cookie: aftersale_session=$cookie" "http://127.0.0.1:$port/invoices?after=$mid") \
    || { log "$engine: the page did not render invoices"; exit 1; }
  list_rows+="| invoices list, $engine, $ROWS invoices, first page p50 / p99 (req/s) | $ip50 / $ip99 ($ipr) | raw SQL: $ir50 / $ir99 ($irr) | $(awk -v a="$ipr" -v b="$irr" 'BEGIN {printf "%.2f", a / b}') |
| invoices list, $engine, middle page (keyset cursor) p50 / p99 (req/s) | $imp50 / $imp99 ($impr) | raw SQL: $imr50 / $imr99 ($imrr) | $(awk -v a="$impr" -v b="$imrr" 'BEGIN {printf "%.2f", a / b}') |
"
  bench_payments "$engine" "$url" "$port" "$cookie"
  list_rows+="| orders list, $engine, $ROWS orders, first page p50 / p99 (req/s) | $p50 / $p99 ($pr) | raw SQL: $r50 / $r99 ($rr) | $(awk -v a="$pr" -v b="$rr" 'BEGIN {printf "%.2f", a / b}') |
| orders list, $engine, middle page (keyset cursor) p50 / p99 (req/s) | $mp50 / $mp99 ($mpr) | raw SQL: $mr50 / $mr99 ($mrr) | $(awk -v a="$mpr" -v b="$mrr" 'BEGIN {printf "%.2f", a / b}') |
| orders with 20 lines created per second, $engine, REST API (p50 / p99) | $cr ($c50 / $c99) | raw SQL insert: $wr ($w50 / $w99) | $(awk -v a="$cr" -v b="$wr" 'BEGIN {printf "%.2f", a / b}') |
"
}

# The payments list at 1M payments (first page, a keyset page from the middle) vs its raw SQL, and
# statement matching on the same database without its anchor: the scale seed's invoices share a few
# dozen balances, so at 1M one lookup per line returns ~15,000 rows and the anchor takes hours.
bench_payments() {
  local engine=$1 url=$2 port=$3 cookie=$4
  local mid; mid=$(printf '%s' $((ROWS / 2)) | od -An -tx1 | tr -d ' \n')
  log "$engine: /payments first page and middle page vs raw SQL"
  read -r ppr pp50 pp99 < <(wrk_get "http://127.0.0.1:$port/payments")
  read -r prr pr50 pr99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw-payments")
  read -r pmpr pmp50 pmp99 < <(wrk_get "http://127.0.0.1:$port/payments?after=$mid")
  read -r pmrr pmr50 pmr99 < <(wrk_get "http://127.0.0.1:$((port + 1))/raw-payments?after=$mid")
  grep -q 'id="payments-table"' <(curl -s -H "Cookie: aftersale_session=$cookie" "http://127.0.0.1:$port/payments?after=$mid") \
    || { log "$engine: the page did not render payments"; exit 1; }
  local payments; payments=$(count_rows "$engine" "$url" payments)
  list_rows+="| payments list, $engine, $payments payments, first page p50 / p99 (req/s) | $pp50 / $pp99 ($ppr) | raw SQL: $pr50 / $pr99 ($prr) | $(awk -v a="$ppr" -v b="$prr" 'BEGIN {printf "%.2f", a / b}') |
| payments list, $engine, middle page (keyset cursor) p50 / p99 (req/s) | $pmp50 / $pmp99 ($pmpr) | raw SQL: $pmr50 / $pmr99 ($pmrr) | $(awk -v a="$pmpr" -v b="$pmrr" 'BEGIN {printf "%.2f", a / b}') |
"
  bench_match "$engine" "$url" no-anchor
}
count_rows() {
  local engine=$1 url=$2 table=$3
  if [ "$engine" = sqlite ]; then
    local file=${url#sqlite://}; file=${file%%\?*}
    sqlite3 "$file" "SELECT COUNT(*) FROM $table"
  else
    psql "$url" -qAtc "SELECT COUNT(*) FROM $table"
  fi
}

# Statement matching: 10,000 lines drawn from the open invoices, uploaded, imported, matched and
# stored through the services, vs one raw indexed SQL lookup per line — on the database at hand.
bench_match() {
  local engine=$1 url=$2 anchor=${3:-}
  log "$engine: matching 10,000 statement lines"
  local out; out=$(DATABASE_URL="$url" RUST_LOG=warn "$dir/$engine/match_bench" 10000 $anchor)
  v() { printf '%s\n' "$out" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  list_rows+="| matching $(v lines) statement lines against $(v open) open invoices, $engine: upload, import, match, store (load / score) | $(v total_ms) ms ($(v load_ms) / $(v score_ms) ms); $(v right) of $(v lines) right | $(if [ "$(v anchor_ms)" = skipped ]; then echo "anchor not run at 1M (see notes)"; else echo "one indexed SQL lookup per line: $(v anchor_ms) ms; goal ≤ 2000 ms at 100,000"; fi) | $(awk -v a="$(v total_ms)" -v b="$(v anchor_ms)" 'BEGIN {if (b + 0 > 0) printf "%.2f", a / b; else print "—"}') |
"
}

# The same at 100,000 accounts (about as many open invoices), the size the goal names.
bench_match_100k() {
  local engine=$1 url=$2
  log "$engine: seeding 100000 accounts for matching"
  AFTERSALE_ENV=development DATABASE_URL="$url" RUST_LOG=warn "$dir/$engine/aftersale" seed-demo --scale 100000 >/dev/null
  bench_match "$engine" "$url"
}

command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
if [[ " $ENGINES " == *" sqlite "* ]]; then
  bench_match_100k sqlite "sqlite://$dir/match.db?mode=rwc"
  bench_list sqlite "sqlite://$dir/list.db?mode=rwc" 3910
fi
if [[ " $ENGINES " == *" postgres "* ]]; then
  pg_admin=$(./scripts/pg.sh)
  for db in aftersale_match aftersale_bench; do
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
    psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
  done
  bench_match_100k postgres "${pg_admin%/*}/aftersale_match"
  bench_list postgres "${pg_admin%/*}/aftersale_bench" 3920
fi

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
if [ -n "$ONLY" ]; then
  {
    echo
    echo "## Payments and statement matching ($ENGINES), $(date -u +%Y-%m-%d), $machine"
    echo
    echo "| figure | Aftersale | anchor | ratio |"
    echo "|---|---|---|---|"
    printf '%s' "$list_rows"
  } | tee -a bench/RESULTS.md
  exit 0
fi
table=$(cat <<TABLE
| figure | Aftersale | anchor | ratio |
|---|---|---|---|
| login page (SSR, session layer) req/s, wrk ${DURATION}s ×$CONNECTIONS conns | $app_rps | bare axum, same bytes: $bare_rps | $ratio |
| login page latency p50 / p99 | $app_p50 / $app_p99 | $bare_p50 / $bare_p99 | |
| wasm (islands), release, gzip -9 | $((wasm_gz / 1024)) KB ($((wasm_raw / 1024)) KB raw) | target ≤ 200 KB gz | $(awk -v a="$wasm_gz" 'BEGIN {printf "%.2f", a / 204800}') |
| server RSS after the load | $((rss_kb / 1024)) MB | | |
${pdf_rows}${list_rows%$'\n'}
TABLE
)
echo "$table"
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d) ($machine). Each figure is taken side by side"
  echo "with its anchor in the same run; the ratio is Aftersale ÷ anchor. wrk and both servers share"
  echo "the machine's cores, so absolute numbers are low; the ratio is the figure to watch."
  echo
  echo "$table"
} > bench/RESULTS.md
log "written to bench/RESULTS.md"
