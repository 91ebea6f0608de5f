#!/usr/bin/env bash
# Source this: installs PostgreSQL from Debian's packages if it is missing, starts a throwaway server on a
# free loopback port, and exports SAYIT_TEST_POSTGRES_URL. `stop_test_postgres` stops it and removes it.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/debian-packages.sh"
need_debian_packages "/usr/lib/postgresql/*/bin/initdb" postgresql
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
SAYIT_PG_DIR=$(mktemp -d /tmp/sayit-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$SAYIT_PG_DIR"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$SAYIT_PG_DIR/data" -A trust -U sayit >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$SAYIT_PG_DIR/data" -l "$SAYIT_PG_DIR/server.log" -w \
  -o "-p $port -k $SAYIT_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U sayit sayit_test
export SAYIT_TEST_POSTGRES_URL="postgresql://sayit@127.0.0.1:$port/sayit_test"
echo "[postgres] PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') is up on 127.0.0.1:$port"

stop_test_postgres() {
  as_pg "$PGBIN/pg_ctl" -D "$SAYIT_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$SAYIT_PG_DIR"
}
