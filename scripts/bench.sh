#!/usr/bin/env bash
# The benchmark suite: builds release binaries, then measures each figure side by side with its
# anchor in one run on this machine. Every figure is one row of bench/RESULTS.md with the date it
# was measured: a run collects the rows it measured, and bench/merge.py replaces those rows there and
# keeps all others, so a partial run touches only its own figures and a full run rewrites them all.
#
# Groups: BENCH_ONLY="pdf" or "wasm pdf" (spaces or commas; default: all of them, a full run):
#   login     the login page vs a bare axum handler of the same bytes; server RSS after the load
#   wasm      the release wasm after wasm-opt, raw and gzip -9, and its top 10 contributors (twiggy)
#   pdf       invoice PDFs of 40 and 500 lines: the route end to end and the renderer alone, beside
#             wkhtmltopdf and WeasyPrint on the same invoice (bench/invoice_html.py)
#   accounts  the accounts list at BENCH_ACCOUNTS (1M) rows, first page and a keyset page from the
#             middle, vs the page's raw SQL behind a bare handler (examples/raw_sql.rs)
#   orders    the orders list the same way; orders with 20 lines created per second, REST API vs raw SQL
#   invoices  the invoices list the same way
#   payments  the payments list the same way
#   tickets   the open-tickets queue (due time first) the same way, and the SLA clocks of one
#             ticket (model::sla::compute) vs a minute-by-minute count (examples/sla_bench.rs)
#   matching  statement matching of 10,000 lines at 100k open invoices vs one indexed lookup per
#             line, and at the list scale without the anchor (examples/match_bench.rs)
#   contracts the contracts list the same way (newest first, and by term end)
#   renewals  the renewal job over 100,000 contracts due on one day vs the same rows by the db layer
#             alone (examples/renewal_bench.rs, on a 100k seed of its own)
#   lists     short for accounts orders invoices payments tickets contracts
# The database groups run on each engine of BENCH_ENGINES ("sqlite postgres") and write the seed's time.
# Knobs: BENCH_SECONDS (10 per wrk run), BENCH_CONNECTIONS (32, login), BENCH_LIST_CONNECTIONS (8),
# BENCH_WRITE_CONNECTIONS (4), BENCH_ACCOUNTS (1000000), PDF_ITERATIONS (200 renders and route
# requests), PDF_RUNS (10 runs of each anchor), BENCH_RESULTS (bench/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# Binaries, site and wasm are read from ./target: a CARGO_TARGET_DIR elsewhere would build into one
# place and read another (found after a 39-minute release build), so refuse it before building.
if [ -n "${CARGO_TARGET_DIR:-}" ] && [ "$(realpath -m "$CARGO_TARGET_DIR")" != "$(realpath -m target)" ]; then
  echo "bench.sh reads ./target: unset CARGO_TARGET_DIR ($CARGO_TARGET_DIR) or make ./target a link to it" >&2
  exit 2
fi
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
LIST_CONNECTIONS=${BENCH_LIST_CONNECTIONS:-8}
WRITE_CONNECTIONS=${BENCH_WRITE_CONNECTIONS:-4}
ROWS=${BENCH_ACCOUNTS:-1000000}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
PDF_ITERATIONS=${PDF_ITERATIONS:-200}
PDF_RUNS=${PDF_RUNS:-10}
RESULTS=${BENCH_RESULTS:-bench/RESULTS.md}

ALL_GROUPS="login wasm pdf accounts orders invoices payments tickets contracts renewals matching"
asked=${BENCH_ONLY:-$ALL_GROUPS}
asked=" ${asked//,/ } "
asked=${asked// lists / accounts orders invoices payments tickets contracts }
for g in $asked; do
  [[ " $ALL_GROUPS " == *" $g "* ]] || { log "unknown group '$g' (groups: $ALL_GROUPS lists)"; exit 2; }
done
groups=""
for g in $ALL_GROUPS; do [[ "$asked" == *" $g "* ]] && groups+="$g "; done
groups=${groups% }
want() { local g; for g in "$@"; do [[ " $groups " == *" $g "* ]] && return 0; done; return 1; }
engine_on() { [[ " $ENGINES " == *" $1 "* ]]; }
DB_GROUPS="accounts orders invoices payments tickets contracts renewals matching"
full=""
[ "$groups" = "$ALL_GROUPS" ] && engine_on sqlite && engine_on postgres && full=--full
# "1M" and "100k" in the figures' names: a run at another scale writes rows of its own.
scale() { awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) printf "%dM", n / 1e6; else if (n % 1000 == 0) printf "%dk", n / 1e3; else print n }'; }
S=$(scale "$ROWS")
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
today=$(date -u +%Y-%m-%d)

dir=$(mktemp -d)
rows="$dir/rows.tsv"
: > "$rows"
sections=()
# One measured figure: group, figure (the row's key), Aftersale, anchor, ratio, setup.
row() { local IFS=$'\t'; printf '%s\n' "$*" >> "$rows"; }
merged=0
merge() {
  [ -s "$rows" ] || return 0
  python3 bench/merge.py "$RESULTS" "$rows" --date "$today" --machine "$machine" --groups "$groups" \
    $full "${sections[@]}"
  merged=1
  log "written to $RESULTS"
}
pids=()
cleanup() {
  local status=$?
  kill "${pids[@]}" 2>/dev/null || true
  # A failed run still keeps what it finished measuring (never as a full run).
  if [ "$status" != 0 ] && [ "$merged" = 0 ] && [ -s "$rows" ]; then
    log "run failed: merging the $(wc -l < "$rows") rows it measured"
    full="" merge || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
apt_need() { # command, Debian package
  command -v "$1" >/dev/null && return
  [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
# "rps p50 p99" of one wrk run (it prints "Requests/sec: N" and, with --latency, percentiles).
wrk_run() {
  wrk -t2 --latency "$@" > "$dir/wrk.txt"
  awk '/Requests\/sec/ {r=$2} $1 == "50%" {p50=$2} $1 == "99%" {p99=$2} END {print r, p50, p99}' "$dir/wrk.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0) printf "%.2f", a / b; else print "—"}'; }
# The session cookie of the demo admin, signed in through the login server fn (with the Origin a
# browser sends: the app refuses a cross-site login).
signin() {
  curl -s -c "$dir/jar" -H 'accept: application/json' -H "Origin: http://127.0.0.1:$1" \
    -d 'email=admin@example.com&password=aftersale-demo' "http://127.0.0.1:$1/fn/login" >/dev/null
  awk '$6 == "aftersale_session" {print $7}' "$dir/jar"
}
wait_up() { for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return; sleep 0.5; done
  log "the server on port $1 did not come up"; exit 1; }
log "groups: $groups; engines: $ENGINES; ${full:+full run, }results in $RESULTS"

# --- builds: only what the chosen groups run ---
examples=()
want login && examples+=(bare_axum)
want pdf && examples+=(pdf_bench)
want accounts orders invoices payments tickets contracts && examples+=(raw_sql)
want tickets && examples+=(sla_bench)
want renewals && examples+=(renewal_bench)
want matching && examples+=(match_bench)
if [ "$groups" != wasm ]; then
  log "release build of the server (SQLite) and ${examples[*]:-no examples}"
  cargo build --release --features ssr --bin aftersale "${examples[@]/#/--example=}"
  mkdir -p "$dir/sqlite" "$dir/postgres"
  cp target/release/aftersale "$dir/sqlite/"
  for e in "${examples[@]}"; do cp "target/release/examples/$e" "$dir/sqlite/"; done
  if engine_on postgres && want $DB_GROUPS; then
    log "release build for PostgreSQL"
    pg_examples=()
    want accounts orders invoices payments tickets contracts && pg_examples+=(raw_sql)
    want matching && pg_examples+=(match_bench)
    want renewals && pg_examples+=(renewal_bench)
    cargo build --release --features postgres --bin aftersale "${pg_examples[@]/#/--example=}"
    cp target/release/aftersale "$dir/postgres/"
    for e in "${pg_examples[@]}"; do cp "target/release/examples/$e" "$dir/postgres/"; done
    cp "$dir/sqlite/aftersale" target/release/aftersale
  fi
fi

# --- the demo server (login page, PDF route) ---
if want login pdf; then
  AFTERSALE_ENV=development AFTERSALE_DEMO=1 AFTERSALE_ADDR=127.0.0.1:3900 AFTERSALE_JOBS=off RUST_LOG=warn \
    DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" LEPTOS_SITE_ROOT=target/site \
    "$dir/sqlite/aftersale" serve >"$dir/app.log" 2>&1 &
  pids+=($!)
  demo_pid=$!
  wait_up 3900
fi

if want login; then
  apt_need wrk wrk
  page_bytes=$(curl -s http://127.0.0.1:3900/login | wc -c)
  "$dir/sqlite/bare_axum" 127.0.0.1:3901 "$page_bytes" &
  pids+=($!)
  sleep 1
  setup="wrk ${DURATION} s × $CONNECTIONS connections, $page_bytes bytes"
  log "login page, ${DURATION}s, $CONNECTIONS connections"
  out=$(wrk_run -c"$CONNECTIONS" -d"${DURATION}s" http://127.0.0.1:3900/login); read -r app_rps app_p50 app_p99 <<<"$out"
  log "bare axum handler, same page size ($page_bytes bytes)"
  out=$(wrk_run -c"$CONNECTIONS" -d"${DURATION}s" http://127.0.0.1:3901/login); read -r bare_rps bare_p50 bare_p99 <<<"$out"
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$demo_pid/status")
  row login "login page (SSR, session layer), req/s" "$app_rps" "bare axum, same bytes: $bare_rps" \
    "$(awk -v a="$app_rps" -v b="$bare_rps" 'BEGIN {printf "%.3f", a / b}')" "$setup"
  row login "login page latency p50 / p99" "$app_p50 / $app_p99" "bare axum: $bare_p50 / $bare_p99" "" "$setup"
  row login "server RSS after the login load" "$((rss_kb / 1024)) MB" "" "" "demo data, SQLite"
fi

if want pdf; then
  apt_need wkhtmltopdf wkhtmltopdf
  apt_need weasyprint weasyprint
  apt_need pdftotext poppler-utils
  token=$(AFTERSALE_ENV=development DATABASE_URL="sqlite://$dir/bench.db" RUST_LOG=warn "$dir/sqlite/aftersale" \
    create-api-token --email admin@example.com --name bench)
  cookie=$(signin 3900)
  [ -n "$cookie" ] || { log "could not sign in on the demo server"; exit 1; }
  # The PDF's text must hold the customer (Unicode beyond Latin-1) and the last line.
  pdf_check() { pdftotext "$1" - | tr -s ' \n' ' ' | grep -q "Zoë Łukasiewicz Straße.*part $2 " \
    || { log "$1 lacks the customer or line $2"; exit 1; }; }
  # Mean wall time in ms of N runs of an anchor (process start included, as ERPs call it), each
  # run checked to have written its PDF.
  anchor_ms() {
    local n=$1 pdf=$2 total=0 t0; shift 2
    for _ in $(seq 1 "$n"); do
      rm -f "$pdf"; t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || { log "$1 failed"; exit 1; }
      total=$((total + $(date +%s%N) - t0))
      [ -s "$pdf" ] || { log "$1 wrote no PDF"; exit 1; }
    done
    awk -v t="$total" -v n="$n" 'BEGIN {printf "%.1f", t / 1e6 / n}'
  }
  faster() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f×", a / b}'; }
  for lines in 40 500; do
    python3 bench/invoice_html.py "$lines" > "$dir/invoice-$lines.html"
    log "invoice PDF, $lines lines: renderer alone ×$PDF_ITERATIONS"
    out=$("$dir/sqlite/pdf_bench" "$lines" "$PDF_ITERATIONS" "$dir/ours-$lines.pdf"); read -r o50 o99 obytes <<<"$out"
    pdf_check "$dir/ours-$lines.pdf" "$lines"
    log "invoice PDF, $lines lines: GET /invoices/{id}/pdf ×$PDF_ITERATIONS, one connection"
    out=$(python3 bench/pdf_route.py 127.0.0.1:3900 "$token" "$cookie" "$lines" "$PDF_ITERATIONS" "$dir/route-$lines.pdf")
    read -r r50 r99 rbytes <<<"$out"
    pdf_check "$dir/route-$lines.pdf" "$lines"
    log "invoice PDF, $lines lines: wkhtmltopdf ×$PDF_RUNS, WeasyPrint ×$PDF_RUNS"
    wk=$(anchor_ms "$PDF_RUNS" "$dir/wk.pdf" wkhtmltopdf -q "$dir/invoice-$lines.html" "$dir/wk.pdf")
    pdf_check "$dir/wk.pdf" "$lines"
    we=$(anchor_ms "$PDF_RUNS" "$dir/we.pdf" weasyprint "$dir/invoice-$lines.html" "$dir/we.pdf")
    pdf_check "$dir/we.pdf" "$lines"
    anchors="wkhtmltopdf $wk ms · WeasyPrint $we ms"
    setup="$PDF_ITERATIONS requests / renders; anchors: mean of $PDF_RUNS runs from the same invoice as HTML"
    row pdf "invoice PDF, $lines lines: route end to end (GET /invoices/{id}/pdf, session cookie, 1 connection), p50 / p99 (size)" \
      "$r50 / $r99 ms ($((rbytes / 1024)) KB)" "$anchors" "$(faster "$wk" "$r50") / $(faster "$we" "$r50") faster" "$setup"
    row pdf "invoice PDF, $lines lines: renderer alone (in-process, fonts loaded), p50 / p99 (size)" \
      "$o50 / $o99 ms ($((obytes / 1024)) KB)" "$anchors" "$(faster "$wk" "$o50") / $(faster "$we" "$o50") faster" "$setup"
  done
fi
if [ -n "${demo_pid:-}" ]; then kill "$demo_pid" 2>/dev/null || true; fi

# --- the SLA clocks per ticket (no database: the model's pure function) ---
if want tickets; then
  log "SLA clocks of 10,000 generated tickets vs a minute-by-minute count"
  out=$("$dir/sqlite/sla_bench" 10000)
  v() { printf '%s\n' "$out" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  row tickets "SLA clocks of one ticket (model::sla::compute: both clocks, due and at-risk times), p50 / p99" \
    "$(v p50_us) / $(v p99_us) µs" "minute-by-minute count of the resolution clock: $(v naive_p50_us) / $(v naive_p99_us) µs" \
    "$(awk -v a="$(v naive_p50_us)" -v b="$(v p50_us)" 'BEGIN {printf "%.0f× faster", a / b}')" \
    "$(v tickets) tickets, 1–8 status changes over up to 30 days, Mon–Fri 09–17 Europe/Berlin, 10 holidays; $(v agree) agree"
fi

# --- the database groups, per engine (bench/lists.sh) ---
if want $DB_GROUPS; then
  apt_need wrk wrk
  apt_need sqlite3 sqlite3
  source bench/lists.sh
  if engine_on sqlite; then
    bench_engine sqlite "sqlite://$dir/list.db?mode=rwc" "sqlite://$dir/match.db?mode=rwc" 3910 \
      "sqlite://$dir/renewal.db?mode=rwc"
  fi
  if engine_on postgres; then
    pg_admin=$(./scripts/pg.sh)
    for db in aftersale_match aftersale_bench aftersale_renewal; do
      psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
      psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
    done
    bench_engine postgres "${pg_admin%/*}/aftersale_bench" "${pg_admin%/*}/aftersale_match" 3920 \
      "${pg_admin%/*}/aftersale_renewal"
  fi
fi

# --- wasm: the site's release build, its size and the twiggy list (bench/wasm.sh) ---
if want wasm; then
  source bench/wasm.sh
  bench_wasm "$dir/wasm-top.md"
  sections+=(--section "wasm-top=$dir/wasm-top.md")
  cat "$dir/wasm-top.md"
fi

merge
