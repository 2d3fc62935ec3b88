#!/usr/bin/env bash
# Create .venv and install the project with its dev tools and every extra (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev,reports,web,postgres,cluster]'
# Scanned PDFs are read with Tesseract OCR, a system package (.ci/run installs it).
command -v tesseract >/dev/null ||
  echo "note: Tesseract OCR is not installed, so scanned PDFs cannot be read; install it with" \
    "sudo apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz tesseract-ocr-uzb" \
    "tesseract-ocr-aze (macOS: brew install tesseract tesseract-lang)" >&2
