"""DOCX ingestion on real published agreements: no words lost, no header/footer text."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from reviewer.ingest import ingest
from tests.ingest.test_pdf_real_documents import _md_words, _words
from tests.paths import EVAL_DOCS

DOCX = sorted(EVAL_DOCS.glob("*.docx")) if EVAL_DOCS.is_dir() else []
pytestmark = pytest.mark.skipif(not DOCX, reason="../shared/eval/docs not present")


def _coverage(path: Path) -> float:
    source = _md_words(path.with_suffix(".md").read_text(encoding="utf-8"))
    matcher = difflib.SequenceMatcher(None, source, _words(ingest(path).text), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(source)


def test_words_are_kept_in_order() -> None:
    coverage = {p.stem: _coverage(p) for p in DOCX}
    at_target = [stem for stem, value in coverage.items() if value >= 0.98]
    assert len(at_target) >= 0.9 * len(coverage), coverage
    assert min(coverage.values()) >= 0.9, coverage


@pytest.mark.parametrize("path", DOCX, ids=[p.stem for p in DOCX])
def test_headers_footers_and_page_numbers_stay_out(path: Path) -> None:
    text = ingest(path).text
    assert "Page 1 of" not in text
    assert "CONFIDENTIAL - EXECUTION VERSION" not in text
