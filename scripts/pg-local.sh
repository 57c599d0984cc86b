#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package) on 127.0.0.1:${PGPORT:-55432}, trust auth, data in $PGDATA.
# Used by .ci/run and by developers: `bash scripts/pg-local.sh start|stop`.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGDATA=${PGDATA:-/tmp/meridian-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"; [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
      run "$BIN/initdb -D $PGDATA -A trust -U postgres >/dev/null"
    fi
    run "$BIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off' -l $PGDATA/log -w start >/dev/null"
    echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
    ;;
  stop) run "$BIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null || true ;;
  *) echo "usage: pg-local.sh start|stop" >&2; exit 2 ;;
esac
