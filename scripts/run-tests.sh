#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when a server answers
# (or DATABASE_URL is set). In CI PostgreSQL is required.
set -uo pipefail
cd "$(dirname "$0")/.."
export HOPTAC_TESTING=true
PG_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
unset DATABASE_URL

pg_answers() { .venv/bin/python scripts/pg_ping.py "$PG_URL"; }

echo "== Test suite on SQLite"
.venv/bin/pytest "$@"
sqlite_rc=$?

if ! pg_answers && command -v pg_ctlcluster >/dev/null 2>&1; then
  version=$(ls /etc/postgresql 2>/dev/null | head -1)
  if [ -n "$version" ]; then
    echo "Starting PostgreSQL $version ..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    sleep 1
  fi
fi
if pg_answers; then
  echo "== Test suite on PostgreSQL ($PG_URL)"
  DATABASE_URL=$PG_URL .venv/bin/pytest "$@"
  pg_rc=$?
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI but does not answer at $PG_URL" >&2
  pg_rc=1
else
  echo "== PostgreSQL not available: suite ran on SQLite only"
  pg_rc=0
fi
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
