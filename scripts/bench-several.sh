#!/usr/bin/env bash
# `sayit bench --load` beside several servers behind nginx, as `sayit run --rasa-servers 2 --action-servers 2` runs
# them: starts a throwaway PostgreSQL and Redis (Debian's packages) for the run, then stops and removes them.
# Usage: bash scripts/bench-several.sh [sayit bench options], e.g. --load 1,20,100 --baseline --rasa-servers 2
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/debian-packages.sh
need_debian_packages /usr/bin/redis-server redis-server
need_debian_packages /usr/sbin/nginx nginx-light
source scripts/postgres.sh
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$SAYIT_PG_DIR" >/dev/null &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; stop_test_postgres' EXIT
export SAYIT_DB_URL=$SAYIT_TEST_POSTGRES_URL SAYIT_REDIS_URL="redis://127.0.0.1:$redis_port/0"
.venv/bin/sayit bench "$@"
