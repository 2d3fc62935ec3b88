"""PDF ingestion on real published agreements (../shared/eval/docs/*.pdf).

Each PDF was printed from Word with a running header and a "Page X of Y"
footer; the .md beside it is the source text.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

import pytest

from reviewer.document import Document
from reviewer.ingest import ingest
from tests.paths import EVAL_DOCS

PDFS = sorted(EVAL_DOCS.glob("*.pdf")) if EVAL_DOCS.is_dir() else []
pytestmark = pytest.mark.skipif(not PDFS, reason="../shared/eval/docs not present")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _md_words(text: str) -> list[str]:
    """Words of the markdown source as a reader sees them: no front matter,
    HTML tags, link targets or bare URLs (none of which is printed)."""
    text = re.sub(r"\A---\n.*?\n---\n", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return _words(re.sub(r"https?://\S+", " ", text))


@cache
def _document(path: Path) -> Document:
    return ingest(path)


def _coverage(path: Path) -> float:
    source = _md_words(path.with_suffix(".md").read_text(encoding="utf-8"))
    ours = _words(_document(path).text)
    matcher = difflib.SequenceMatcher(None, source, ours, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(source)


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_no_running_header_or_footer_leaks(path: Path) -> None:
    document = _document(path)
    assert not re.search(r"\bPage \d+ of \d+\b", document.text)
    assert document.pages and document.pages > 0
    # A running header or footer is a line repeated on many pages that is not
    # contract text: every line we repeat must come from the source text
    # (tables repeat their header row on each page, which is fine).
    source = " " + " ".join(_md_words(path.with_suffix(".md").read_text(encoding="utf-8"))) + " "
    lines = [b.text for b in document.blocks]
    for line in {line for line in lines if lines.count(line) >= 3 and _words(line)}:
        words = " " + " ".join(_words(line)) + " "
        assert words in source, line


def test_words_are_kept_in_order() -> None:
    coverage = {p.stem: _coverage(p) for p in PDFS}
    at_target = [stem for stem, value in coverage.items() if value >= 0.98]
    # Table-heavy pages read cell by cell and score lower; no file may lose much.
    assert len(at_target) >= 0.9 * len(coverage), coverage
    assert min(coverage.values()) >= 0.8, coverage


def test_pages_are_kept_for_clauses() -> None:
    document = _document(EVAL_DOCS / "commonpaper-dpa.pdf")
    pages = [b.page for b in document.blocks]
    assert pages == sorted(pages)
    assert pages[-1] == document.pages
    assert document.page_at(len(document.text) - 1) == document.pages
