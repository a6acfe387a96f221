# The database groups of scripts/bench.sh (sourced by it: uses its want, row, wrk_run, ratio,
# signin, wait_up, log, pids and $dir): accounts, orders, invoices, payments, contracts lists and
# the open-tickets queue at $ROWS rows, the renewal job (examples/renewal_bench.rs)
# vs each page's raw SQL behind a bare handler (examples/raw_sql.rs), orders created through the
# REST API vs raw SQL inserts, and statement matching (examples/match_bench.rs). Run per engine.

# One value of a query on a seed database.
sql_value() {
  local engine=$1 url=$2 sql=$3
  if [ "$engine" = sqlite ]; then
    local file=${url#sqlite://}; file=${file%%\?*}
    sqlite3 "$file" "$sql"
  else
    psql "$url" -qAtc "$sql"
  fi
}
# A seed database's row count of a table.
count_rows() { sql_value "$1" "$2" "SELECT COUNT(*) FROM $3"; }
# A keyset cursor: the hex of "key 0x1f id".
key_cursor() { printf '%s\x1f%s' "$1" "$2" | od -An -tx1 | tr -d ' \n'; }

# "rps p50 p99" of a signed-in GET, wrk with $LIST_CONNECTIONS connections.
wrk_get() { wrk_run -c"$LIST_CONNECTIONS" -d"${DURATION}s" -H "Cookie: aftersale_session=$cookie" "$1"; }
list_setup() { echo "wrk ${DURATION} s × $LIST_CONNECTIONS connections; $1"; }
# The id-ordered lists' cursor for the middle: the hex of the id's text.
mid_id_cursor() { printf '%s' $((ROWS / 2)) | od -An -tx1 | tr -d ' \n'; }

# One list (first page and a keyset page from the middle) vs its raw SQL: two rows.
# list_pair GROUP NAME PATH RAW_PATH CURSOR TABLE_ID SETUP
list_pair() {
  local group=$1 name=$2 path=$3 raw=$4 cur=$5 table_id=$6 setup=$7 out
  local app="http://127.0.0.1:$port" anchor="http://127.0.0.1:$((port + 1))"
  log "$engine: $path first page and middle page vs raw SQL"
  out=$(wrk_get "$app$path"); read -r pr p50 p99 <<<"$out"
  out=$(wrk_get "$anchor$raw"); read -r rr r50 r99 <<<"$out"
  # A path with its own query (`?sort=end`) takes the cursor after `&`.
  local ps='?' rs='?'
  [[ $path == *\?* ]] && ps='&'
  [[ $raw == *\?* ]] && rs='&'
  out=$(wrk_get "$app$path${ps}after=$cur"); read -r mpr mp50 mp99 <<<"$out"
  out=$(wrk_get "$anchor$raw${rs}after=$cur"); read -r mrr mr50 mr99 <<<"$out"
  grep -q "id=\"$table_id\"" <(curl -s -H "Cookie: aftersale_session=$cookie" "$app$path${ps}after=$cur") \
    || { log "$engine: $path did not render its table"; exit 1; }
  row "$group" "$name, $engine, $S seed, first page p50 / p99 (req/s)" "$p50 / $p99 ($pr)" \
    "raw SQL: $r50 / $r99 ($rr)" "$(ratio "$pr" "$rr")" "$setup"
  row "$group" "$name, $engine, $S seed, middle page (keyset cursor) p50 / p99 (req/s)" "$mp50 / $mp99 ($mpr)" \
    "raw SQL: $mr50 / $mr99 ($mrr)" "$(ratio "$mpr" "$mrr")" "$setup"
}

bench_accounts() {
  local mid
  # The middle of the name order, as the page's cursor: name key and id.
  mid=$(sql_value "$engine" "$url" \
    "SELECT name_key || '|' || id FROM accounts WHERE active ORDER BY name_key, id LIMIT 1 OFFSET $((ROWS / 2))")
  list_pair accounts "accounts list" /accounts /raw "$(key_cursor "${mid%|*}" "${mid##*|}")" accounts-table \
    "$(list_setup "$(count_rows "$engine" "$url" accounts) accounts")"
}

# The open-tickets queue (the page's default: open, in progress and waiting, soonest due first).
bench_tickets() {
  local open mid
  open=$(sql_value "$engine" "$url" "SELECT COUNT(*) FROM tickets WHERE is_open = TRUE")
  mid=$(sql_value "$engine" "$url" \
    "SELECT queue_key || '|' || id FROM tickets WHERE is_open = TRUE ORDER BY queue_key, id LIMIT 1 OFFSET $((open / 2))")
  list_pair tickets "open-tickets queue" /tickets /raw-tickets "$(key_cursor "${mid%|*}" "${mid##*|}")" tickets-table \
    "$(list_setup "$(count_rows "$engine" "$url" tickets) tickets, $open open")"
}

# The contracts list: newest first (the page's default), and by the current term's end (soonest
# first: the renewals view), each first page and middle page vs its raw SQL.
bench_contracts() {
  local n mid setup
  n=$(count_rows "$engine" "$url" contracts)
  setup="$(list_setup "$n contracts")"
  list_pair contracts "contracts list" /contracts /raw-contracts "$(mid_id_cursor)" contracts-table "$setup"
  mid=$(sql_value "$engine" "$url" "SELECT end_key || '|' || id FROM contracts ORDER BY end_key, id LIMIT 1 OFFSET $((n / 2))")
  list_pair contracts "contracts list by term end" "/contracts?sort=end" "/raw-contracts?sort=end" \
    "$(key_cursor "${mid%|*}" "${mid##*|}")" contracts-table "$setup"
}

# The renewal job over 100,000 contracts due on one day, on a 100k seed of its own: its time, one
# invoice each, a second run writing nothing; vs the same rows by the db layer (examples/renewal_bench.rs).
bench_renewals() {
  local rurl=$1 out
  log "$engine: seeding 100000 accounts for the renewal job"
  AFTERSALE_ENV=development DATABASE_URL="$rurl" RUST_LOG=warn "$dir/$engine/aftersale" seed-demo --scale 100000 >/dev/null
  log "$engine: the renewal job over 100,000 contracts due on one day"
  out=$(AFTERSALE_ENV=development DATABASE_URL="$rurl" RUST_LOG=warn "$dir/$engine/renewal_bench" 100000)
  v() { printf '%s\n' "$out" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  [ "$(v renewed)" = "$(v contracts)" ] && [ "$(v invoices)" = "$(v contracts)" ] && [ "$(v one_each)" = "$(v contracts)" ] \
    || { log "$engine: the renewal job did not renew each contract once with one invoice: $out"; exit 1; }
  row renewals "renewal job, $engine, $(v contracts) contracts due on one day: new term and draft invoice each (µs per contract)" \
    "$(v job_ms) ms ($(v per_contract_us) µs); $(v invoices) invoices, $(v one_each) with exactly one; second run: $(v rerun_invoices) invoices" \
    "the same rows by the db layer alone, one transaction a contract: $(v anchor_ms) ms" \
    "$(ratio "$(v anchor_ms)" "$(v job_ms)")" "100k seed; jobs::catch_up as on the due day: one transaction a contract (lock, term, lines, invoice, timeline, schedule)"
}

# Orders with 20 lines created per second through the REST API vs the same rows written by raw
# SQL in one transaction.
bench_order_writes() {
  local token lines out
  token=$(AFTERSALE_ENV=development DATABASE_URL="$url" RUST_LOG=warn "$dir/$engine/aftersale" create-api-token --email admin@example.com --name bench)
  lines=$(for i in $(seq 1 20); do printf '{"product_id": %d, "quantity": "2", "discount_percent": "5"},' "$i"; done)
  local body="{\"account_id\": 1, \"customer_reference\": \"bench\", \"lines\": [${lines%,}]}"
  cat > "$dir/order.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '$body'
LUA
  printf 'wrk.method = "POST"\n' > "$dir/raw.lua"
  curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$body" \
    "http://127.0.0.1:$port/api/v1/sales-orders" | grep -q '"number"' || { log "$engine: the API did not create an order"; exit 1; }
  log "$engine: orders with 20 lines created per second, API vs raw SQL"
  out=$(wrk_run -c"$WRITE_CONNECTIONS" -d"${DURATION}s" -s "$dir/order.lua" "http://127.0.0.1:$port/api/v1/sales-orders")
  read -r cr c50 c99 <<<"$out"
  out=$(wrk_run -c"$WRITE_CONNECTIONS" -d"${DURATION}s" -s "$dir/raw.lua" "http://127.0.0.1:$((port + 1))/raw-order?account=1")
  read -r wr w50 w99 <<<"$out"
  row orders "orders with 20 lines created per second, $engine, $S seed, REST API (p50 / p99)" "$cr ($c50 / $c99)" \
    "raw SQL insert: $wr ($w50 / $w99)" "$(ratio "$cr" "$wr")" "wrk ${DURATION} s × $WRITE_CONNECTIONS connections"
}

# Statement matching: 10,000 lines drawn from the open invoices, uploaded, imported, matched and
# stored through the services, vs one raw indexed SQL lookup per line (unless no-anchor).
# bench_match URL SEED_LABEL [no-anchor]
bench_match() {
  local murl=$1 label=$2 anchor=${3:-} out
  log "$engine: matching 10,000 statement lines ($label seed)"
  out=$(DATABASE_URL="$murl" RUST_LOG=warn "$dir/$engine/match_bench" 10000 $anchor)
  v() { printf '%s\n' "$out" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  local against
  if [ "$(v anchor_ms)" = skipped ]; then against="anchor not run at this size (see notes)"
  else against="one indexed SQL lookup per line: $(v anchor_ms) ms; goal ≤ 2000 ms at 100,000"; fi
  row matching "matching 10,000 statement lines, $engine, $label seed: upload, import, match, store (load / score)" \
    "$(v total_ms) ms ($(v load_ms) / $(v score_ms) ms); $(v right) of $(v lines) right" "$against" \
    "$(ratio "$(v total_ms)" "$(v anchor_ms)")" "$(v open) open invoices"
}

# One engine: ENGINE LIST_URL MATCH_URL PORT [RENEWAL_URL] (the app on PORT, its raw SQL anchor on PORT + 1).
bench_engine() {
  engine=$1 url=$2 port=$4
  local match_url=$3 renewal_url=${5:-} engine_pids=()
  if want renewals && [ -n "$renewal_url" ]; then bench_renewals "$renewal_url"; fi
  # The groups below all read the list-scale seed.
  want accounts orders invoices payments tickets contracts matching || return 0
  if want matching; then
    log "$engine: seeding 100000 accounts for matching"
    AFTERSALE_ENV=development DATABASE_URL="$match_url" RUST_LOG=warn "$dir/$engine/aftersale" seed-demo --scale 100000 >/dev/null
    bench_match "$match_url" 100k
  fi
  log "$engine: seeding $ROWS accounts (and their orders, invoices, payments, tickets)"
  local t0=$SECONDS
  AFTERSALE_ENV=development DATABASE_URL="$url" RUST_LOG=warn "$dir/$engine/aftersale" seed-demo --scale "$ROWS" >/dev/null
  row lists "seed-demo --scale $S, $engine" "$((SECONDS - t0)) s" "" "" "accounts, orders, invoices, payments, tickets and contracts"
  if want accounts orders invoices payments tickets contracts; then
    AFTERSALE_ENV=development AFTERSALE_ADDR=127.0.0.1:$port AFTERSALE_JOBS=off RUST_LOG=warn DATABASE_URL="$url" \
      LEPTOS_SITE_ROOT=target/site "$dir/$engine/aftersale" serve >"$dir/$engine.log" 2>&1 &
    pids+=($!); engine_pids+=($!)
    DATABASE_URL="$url" AFTERSALE_DB_MAX_CONNECTIONS=10 "$dir/$engine/raw_sql" 127.0.0.1:$((port + 1)) &
    pids+=($!); engine_pids+=($!)
    wait_up "$port"
    sleep 1
    cookie=$(signin "$port")
    [ -n "$cookie" ] || { log "$engine: could not sign in"; exit 1; }
    if want accounts; then bench_accounts; fi
    if want orders; then
      list_pair orders "orders list" /orders /raw-orders "$(mid_id_cursor)" orders-table \
        "$(list_setup "$(count_rows "$engine" "$url" sales_orders) orders")"
      bench_order_writes
    fi
    if want invoices; then
      list_pair invoices "invoices list" /invoices /raw-invoices "$(mid_id_cursor)" invoices-table \
        "$(list_setup "$(count_rows "$engine" "$url" invoices) invoices")"
    fi
    if want payments; then
      list_pair payments "payments list" /payments /raw-payments "$(mid_id_cursor)" payments-table \
        "$(list_setup "$(count_rows "$engine" "$url" payments) payments")"
    fi
    if want tickets; then bench_tickets; fi
    if want contracts; then bench_contracts; fi
  fi
  # At the list scale the per-line anchor is skipped: the scale seed's invoices share a few dozen
  # balances, so each lookup returns ~15,000 rows at 1M and the anchor runs for hours.
  if want matching; then bench_match "$url" "$S" no-anchor; fi
  if [ ${#engine_pids[@]} -gt 0 ]; then kill "${engine_pids[@]}" 2>/dev/null || true; fi
}
