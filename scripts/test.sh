#!/usr/bin/env bash
# Every test: Rasa's data validation, Rasa's test stories, and pytest (unit, store on SQLite and
# PostgreSQL, and end to end against the real servers). Run through `make test`, which installs first.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

source scripts/debian-packages.sh
need_debian_packages /usr/bin/chromedriver chromium chromium-driver  # for the web chat's browser test
need_debian_packages /usr/bin/lame espeak-ng lame  # speech when Google's cannot be reached (bot/media/espeak.py)
# LibreOffice Calc, headless, opens the XLSX exports as an analyst's spreadsheet would (tests/test_xlsx_workbook.py)
need_debian_packages /usr/bin/soffice --no-install-recommends libreoffice-calc-nogui
# several servers sharing the work: trackers and locks in Redis, nginx in front (tests/test_several_servers.py)
need_debian_packages /usr/bin/redis-server redis-server
need_debian_packages /usr/sbin/nginx nginx-light
source scripts/postgres.sh
trap stop_test_postgres EXIT

echo "[test] ruff and mypy"
.venv/bin/ruff check bot actions channels tests
.venv/bin/mypy

mkdir -p var
echo "[test] rasa data validate --fail-on-warning"
.venv/bin/rasa data validate --fail-on-warning >var/validate.log 2>&1 \
  || { cat var/validate.log; exit 1; }

echo "[test] Training the model if the training data changed"
.venv/bin/sayit train

echo "[test] rasa test: the test stories end to end (intents and actions), failing on any prediction error"
mkdir -p var
.venv/bin/rasa test core --e2e --stories tests/test_stories.yml --model models/sayit.tar.gz \
  --fail-on-prediction-errors --out var/rasa-test >var/rasa-test.log 2>&1 \
  || { tail -n 40 var/rasa-test.log; echo "[test] rasa test found prediction errors (var/rasa-test/)"; exit 1; }
grep -h "Correct:" var/rasa-test.log | tail -n 3 || true

echo "[test] pytest"
.venv/bin/python -m pytest "$@"
