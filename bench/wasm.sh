# The wasm group of scripts/bench.sh (sourced by it: uses its row, log and $dir): the site's release
# build, the size of the wasm it ships (after wasm-opt) raw and gzip -9, and its top 10 contributors
# by twiggy, written to the file bench_wasm is given (bench/RESULTS.md's wasm-top block).
#
# The shipped wasm has no names left (wasm-opt drops the name section), so twiggy reads a twin: the
# same cargo output through the same wasm-bindgen and wasm-opt flags plus -g, which keeps the names.
# bench/wasm_top.py prints its size without the name section beside the shipped file's.

# The flags scripts/build-site.sh gives wasm-opt in release.
WASM_OPT_FLAGS=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int)

bench_wasm() {
  local top_md=$1 wasm_opt="${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin/wasm-opt"
  local cargo_wasm=target/wasm32-unknown-unknown/wasm-release/aftersale.wasm shipped t0=$SECONDS
  ./scripts/install-tools.sh
  if [ -x scripts/build-site.sh ]; then
    log "wasm: ./scripts/build-site.sh --release --no-server"
    ./scripts/build-site.sh --release --no-server
    shipped=target/site/pkg/aftersale_bg.wasm
  else
    # The same three steps without the script.
    log "wasm: cargo build --lib --target wasm32-unknown-unknown --features hydrate --profile wasm-release"
    cargo build --lib --target wasm32-unknown-unknown --features hydrate --profile wasm-release
    wasm-bindgen --target web --no-typescript --out-dir "$dir/pkg" --out-name aftersale "$cargo_wasm"
    "$wasm_opt" "${WASM_OPT_FLAGS[@]}" "$dir/pkg/aftersale_bg.wasm" -o "$dir/pkg/aftersale_bg.wasm"
    shipped=$dir/pkg/aftersale_bg.wasm
  fi
  log "wasm: built in $((SECONDS - t0)) s"
  local raw gz
  raw=$(wc -c < "$shipped")
  gz=$(gzip -9 -c "$shipped" | wc -c)
  row wasm "wasm (islands), release after wasm-opt, gzip -9 (raw)" "$((gz / 1024)) KB ($((raw / 1024)) KB raw)" \
    "target ≤ 200 KB gz" "$(awk -v a="$gz" 'BEGIN {printf "%.2f", a / 204800}')" "$raw bytes raw, $gz gz"

  command -v twiggy >/dev/null || { log "installing twiggy (one time)"; cargo install twiggy --locked; }
  mkdir -p "$dir/named"
  wasm-bindgen --target web --no-typescript --out-dir "$dir/named" --out-name aftersale "$cargo_wasm"
  "$wasm_opt" "${WASM_OPT_FLAGS[@]}" -g "$dir/named/aftersale_bg.wasm" -o "$dir/named/opt.wasm"
  twiggy top -n 40 -f json "$dir/named/opt.wasm" > "$dir/twiggy.json"
  python3 bench/wasm_top.py "$dir/twiggy.json" "$dir/named/opt.wasm" "$shipped" "$gz" "$(date -u +%Y-%m-%d)" > "$top_md"
}
