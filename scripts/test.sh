#!/usr/bin/env bash
# The project's test command (the README and CI both call this).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
targets=()
for dir in reviewer tests bench scripts; do [ -d "$dir" ] && targets+=("$dir"); done
"$PY" -m ruff check "${targets[@]}"
"$PY" -m ruff format --check "${targets[@]}"
"$PY" -m mypy
"$PY" -m pytest -q "$@"
