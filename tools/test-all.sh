#!/usr/bin/env bash
# The whole suite on SQLite, printing the coverage of sxsh/ (files not fully covered),
# then on a real PostgreSQL server started for this run.
# `tools/test-all.sh postgres` runs only the PostgreSQL pass.
set -euo pipefail
cd "$(dirname "$0")/.."
pytest=.venv/bin/pytest
if [ "${1:-all}" != "postgres" ]; then
  echo "== SQLite (with coverage) =="
  unset DATABASE_URL
  # SlipCover instruments the bytecode of sxsh/ alone: about 5 % more CPU, where
  # coverage.py's trace hook slows every frame of Python 3.11 (+60 %).
  .venv/bin/python -m slipcover --source sxsh --omit '*/migrations/*,*/tests/*' \
    --skip-covered -m pytest -n 2
fi
echo "== PostgreSQL =="
pgdir_file=$(mktemp)
DATABASE_URL=$(tools/pg-start.sh 2>"$pgdir_file")
export DATABASE_URL
pgdir=$(tail -n 1 "$pgdir_file"); rm -f "$pgdir_file"
trap 'tools/pg-stop.sh "$pgdir"' EXIT
"$pytest" -n 2
