#!/usr/bin/env bash
# Install everything SayIt needs into .venv/ (Python 3.10, as Rasa 3.6 requires). Safe to run again:
# it reinstalls only when pyproject.toml or constraints.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local prefix
  if command -v pyenv >/dev/null 2>&1 && prefix=$(pyenv prefix 3.10 2>/dev/null); then
    echo "$prefix/bin/python"; return
  fi
  for candidate in python3.10 "$HOME/.pyenv/versions/3.10"*/bin/python; do
    if command -v "$candidate" >/dev/null 2>&1; then echo "$candidate"; return; fi
  done
  echo "SayIt needs Python 3.10 (Rasa 3.6 runs on 3.8-3.10). Install it, e.g. 'pyenv install 3.10', then run this again." >&2
  exit 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python)
  echo "[setup] Making .venv with $("$python" --version)"
  "$python" -m venv .venv
fi

stamp=.venv/.sayit-installed
wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "[setup] Installing SayIt and its dependencies into .venv (a few minutes the first time)"
  .venv/bin/python -m pip install --quiet --upgrade "pip<25" wheel
  .venv/bin/python -m pip install --progress-bar off -c constraints.txt -e ".[test]" 2>&1 \
    | grep -E "^(Collecting|Installing collected|Successfully|ERROR)" | cut -c1-100 || true
  .venv/bin/python -c "import rasa, rasa_sdk, telegram, twilio, gtts, babel, sqlalchemy, alembic, openpyxl, pyarrow, pyreadstat" \
    || { echo "[setup] The install is incomplete; see the pip output above." >&2; exit 1; }
  echo "$wanted" > "$stamp"
else
  echo "[setup] .venv is up to date"
fi

# The symbol images (OpenMoji) and axe-core come from npm, pinned by package-lock.json, into node_modules/
# (never committed); reinstalled when npm's own record is missing or the lock file changed since the last install.
if ! command -v npm >/dev/null 2>&1; then
  (source scripts/debian-packages.sh && need_debian_packages /usr/bin/npm nodejs npm)
fi
npm_stamp=node_modules/.sayit-installed
npm_wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.package-lock.json ] || [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_wanted" ]; then
  echo "[setup] Installing OpenMoji and axe-core from npm into node_modules"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null  # its errors still reach stderr
  echo "$npm_wanted" > "$npm_stamp"
else
  echo "[setup] node_modules is up to date"
fi

(source scripts/debian-packages.sh && need_debian_packages /usr/bin/lame espeak-ng lame) || echo "[setup] Without espeak-ng and lame there is no audio when Google's speech cannot be reached (see the README's Speech section)" >&2

(source scripts/debian-packages.sh && need_debian_packages /usr/bin/ffmpeg ffmpeg && need_debian_packages /usr/bin/sox sox) || echo "[setup] Without ffmpeg no spoken answer can be heard, and without sox \`sayit evaluate --voice\` cannot add noise (see the README's Answering by voice section)" >&2

(source scripts/debian-packages.sh && need_debian_packages /usr/bin/sqlite3 sqlite3) || echo "[setup] Without sqlite3 \`sayit bench --export\` has no floor to measure against" >&2

(source scripts/debian-packages.sh && need_debian_packages /usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf fonts-noto-core) || echo "[setup] Without fonts-noto-core Telegram's picture cards cannot be drawn, so questions go as words (bot/media/card_text.py)" >&2

# Translations: the .mo files the bot reads are built from the committed .po catalogs, never committed themselves.
echo "[setup] Compiling the translation catalogs"
.venv/bin/sayit catalogs compile
