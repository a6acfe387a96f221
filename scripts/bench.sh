#!/usr/bin/env bash
# The benchmark suite: builds release binaries, then measures each figure side by side with its
# anchor in one run on this machine, and prints one table (also written to bench/RESULTS.md).
# Figures so far: login page throughput vs a bare axum handler; gzipped wasm size.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}

./scripts/install-tools.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

log "release build (app, wasm, and the bare axum anchor)"
cargo leptos build --release
cargo build --release --features ssr --example bare_axum

dir=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

AFTERSALE_ENV=development AFTERSALE_DEMO=1 AFTERSALE_ADDR=127.0.0.1:3900 AFTERSALE_JOBS=off RUST_LOG=warn \
  DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" LEPTOS_SITE_ROOT=target/site \
  target/release/aftersale serve >"$dir/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:3900/healthz >/dev/null 2>&1 && break; sleep 0.5; done
page_bytes=$(curl -s http://127.0.0.1:3900/login | wc -c)
target/release/examples/bare_axum 127.0.0.1:3901 "$page_bytes" &
pids+=($!)
sleep 1

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

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
table=$(cat <<TABLE
| figure | Aftersale | anchor | ratio |
|---|---|---|---|
| login page (SSR, session layer) req/s, wrk ${DURATION}s ×$CONNECTIONS conns | $app_rps | bare axum, same bytes: $bare_rps | $ratio |
| login page latency p50 / p99 | $app_p50 / $app_p99 | $bare_p50 / $bare_p99 | |
| wasm (islands), release, gzip -9 | $((wasm_gz / 1024)) KB ($((wasm_raw / 1024)) KB raw) | target ≤ 200 KB gz | $(awk -v a="$wasm_gz" 'BEGIN {printf "%.2f", a / 204800}') |
| server RSS after the load | $((rss_kb / 1024)) MB | | |
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
