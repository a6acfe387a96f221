#!/usr/bin/env bash
# The run command: installs the build tools when missing, then builds and serves Aftersale on
# SQLite (data/aftersale.db) with the demo company seeded on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:${AFTERSALE_TOOLS_DIR:-$HOME/.cache/aftersale-tools}/node_modules/.bin:$PATH"
./scripts/install-tools.sh
export AFTERSALE_ENV="${AFTERSALE_ENV:-development}"
export AFTERSALE_DEMO="${AFTERSALE_DEMO:-1}"
export RUST_LOG="${RUST_LOG:-info,sqlx=warn,tower_sessions=warn}"
echo "Building Aftersale (the first build takes several minutes)…" >&2
exec cargo leptos serve "$@"
