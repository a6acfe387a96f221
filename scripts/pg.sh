#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on loopback for the tests and prints its admin URL.
# Uses TEST_PG_URL when it already answers; otherwise installs Debian's postgresql if missing,
# starts (or creates) a cluster listening on 127.0.0.1 only, and sets the postgres password.
set -euo pipefail
log() { printf '\033[1;34m[pg]\033[0m %s\n' "$*" >&2; }

URL="${TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
if command -v psql >/dev/null && psql "$URL" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  echo "$URL"; exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing PostgreSQL (Debian package)"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
conf="/etc/postgresql/$version/main/postgresql.conf"
# Loopback only; fsync off: the tests create and drop many throwaway databases.
grep -q "^listen_addresses = '127.0.0.1'" "$conf" || echo "listen_addresses = '127.0.0.1'" >> "$conf"
grep -q "^fsync = off" "$conf" || printf "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 300\n" >> "$conf"
log "starting cluster $version/main"
pg_ctlcluster "$version" main restart >&2 || pg_ctlcluster "$version" main start >&2
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
# Throwaway databases of earlier runs.
for db in $(psql "$URL" -qAtc "SELECT datname FROM pg_database WHERE datname LIKE 'aftersale_test_%'"); do
  psql "$URL" -qc "DROP DATABASE \"$db\"" >/dev/null 2>&1 || true
done
echo "$URL"
