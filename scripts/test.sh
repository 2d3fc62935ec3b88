#!/usr/bin/env bash
# The project's test command (the README and CI both call this).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
"$PY" -m ruff check reviewer tests bench scripts
"$PY" -m ruff format --check reviewer tests bench scripts
"$PY" -m mypy
"$PY" -m pytest -q "$@"
