#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server:
#   bash scripts/with_postgres.sh .venv/bin/python -m pytest -q tests/web
# The server lives in a fresh temporary folder, listens only on a Unix socket
# there (no TCP port, so it cannot clash with another server), is owned by this
# run and is stopped and deleted when the command ends, however it ends.
# REVIEWER_TEST_DATABASE_URL points the command at an empty database on it.
# Without PostgreSQL's server programs (Debian: apt-get install postgresql) it
# says why and exits 0 without running the command.
set -euo pipefail

find_bindir() {
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return; }
  done
  command -v initdb >/dev/null && command -v pg_ctl >/dev/null && dirname "$(command -v initdb)"
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  echo "skipping the PostgreSQL run: no PostgreSQL server programs (initdb, pg_ctl) found;" \
    "install them (Debian: apt-get install postgresql)" >&2
  exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reviewer-pg.XXXXXX")
# PostgreSQL refuses to run as root: as root, the server runs as the postgres account
# the Debian package creates (or nobody), and only inside the temporary folder.
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  id -u "$OWNER" >/dev/null 2>&1 || OWNER=nobody
  chown "$OWNER" "$WORK"
  as_owner() { runuser -u "$OWNER" -- "$@"; }
fi

cleanup() {
  as_owner "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

as_owner "$BINDIR/initdb" -D "$WORK/data" -U reviewer -A trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
# Tests need no durability: fsync off makes the run several times faster.
if ! as_owner "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start \
  -o "-c listen_addresses='' -c unix_socket_directories='$WORK' -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
  cat "$WORK/server.log" >&2
  exit 1
fi
"$BINDIR/createdb" -h "$WORK" -U reviewer reviewer_test
VERSION=$("$BINDIR/postgres" --version)
echo "PostgreSQL run: $VERSION, throwaway cluster in $WORK (Unix socket only)" >&2

export REVIEWER_TEST_DATABASE_URL="postgresql+psycopg://reviewer@/reviewer_test?host=$WORK"
set +e
"$@"
status=$?
set -e
exit "$status"
