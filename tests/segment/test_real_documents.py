"""Segmentation of the real contracts in ../shared/eval (skipped when absent).

Checks that the clause numbers we report are visible where their clauses
start, that offsets are exact, that numbering inside a part mostly moves
forward, that we find most numbered lines of the markdown sources, and that
segmenting the largest contract stays fast. Figures are logged per file.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest

from reviewer.ingest import ingest
from reviewer.segment import segment
from tests.paths import EVAL_DOCS

log = logging.getLogger(__name__)

MARKDOWN = sorted(EVAL_DOCS.glob("*.md")) if EVAL_DOCS.is_dir() else []
pytestmark = pytest.mark.skipif(not MARKDOWN, reason="../shared/eval/docs not present")

# A numbered line of markdown source: optional heading / bullet / bold marker,
# then "4.", "4.2", "(a)" or "Section 4" and text.
_SOURCE_NUMBER = re.compile(
    r"^\s*(?:#+\s*|[-*+]\s+)?(?:\*\*)?(?:(?:Section|Clause|Article)\s+)?"
    r"(\d{1,3}(?:\.\d{1,3})*\.?|\([a-z]{1,4}\)|\(\d{1,2}\))\s+\S",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d")


def _source_numbered_lines(path: Path) -> int:
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if _SOURCE_NUMBER.match(line) and not _YEAR.match(line.strip("#* -")):
            count += 1
    return count


@pytest.mark.parametrize("path", MARKDOWN, ids=[p.name for p in MARKDOWN])
def test_numbers_are_visible_and_offsets_exact(path: Path) -> None:
    document = ingest(path)
    segmented = segment(document)
    text = document.text
    numbered = [c for c in segmented.clauses if c.number]
    for clause in segmented.clauses:
        assert text[clause.start : clause.end] == clause.text
    for sentence in segmented.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for clause in numbered:
        assert clause.number is not None
        # The clause's own label ("b" of "12(b)", "3" of "2.3") starts its text.
        own = re.findall(r"[A-Za-z0-9]+", clause.number)[-1]
        assert own.lower() in clause.text[:40].lower(), (path.name, clause.number)
    # Top-level decimal numbers inside one part go forward nearly always.
    backwards = 0
    previous: dict[str | None, int] = {}
    for clause in segmented.clauses:
        if clause.number is None and clause.heading:
            # Numbering restarts under unnumbered section headings.
            previous.clear()
            continue
        if clause.number is None:
            continue
        match = re.fullmatch(r"(\d+)(?:\.\d+)*", clause.number)
        if not match:
            continue
        top = int(match.group(1))
        if top < previous.get(clause.part, 0):
            backwards += 1
        previous[clause.part] = top
    source = _source_numbered_lines(path)
    log.info(
        "%s: %d clauses, %d numbered, %d numbered source lines, %d backward steps",
        path.name,
        len(segmented.clauses),
        len(numbered),
        source,
        backwards,
    )
    assert backwards <= max(2, len(numbered) // 10), path.name
    if source >= 10:
        assert len(numbered) >= 0.6 * source, (path.name, len(numbered), source)


def test_largest_contract_segments_quickly() -> None:
    path = max(MARKDOWN, key=lambda p: p.stat().st_size)
    document = ingest(path)
    segment(document)  # warm caches (regex compilation)
    started = time.perf_counter()
    segmented = segment(document)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("%s: segment() %.1f ms for %d chars", path.name, elapsed_ms, len(document.text))
    assert segmented.sentences
    # 300 ms per 100 pages is the target; this contract is well under 100 pages.
    assert elapsed_ms < 300


def _docx_reader_present() -> bool:
    import importlib.util

    return importlib.util.find_spec("reviewer.ingest.docx") is not None


# Known gaps, measured and left open; neither is a numbering problem (the
# numbers Word shows match LibreOffice's print, tests/ingest/test_docx_numbers_vs_pdf.py):
# numbers typed inside long Word paragraphs, and recital numbers that the
# markdown twin has and the DOCX does not contain at all.
DOCX_KNOWN_GAPS = {
    "basecamp-37signals-dpa.docx": "sub-clause numbers typed inside long paragraphs",
    "eu-scc-2021-914.docx": "the DOCX has no recital numbers; its markdown twin has 200+",
}
DOCX = [
    pytest.param(p, marks=pytest.mark.xfail(reason=DOCX_KNOWN_GAPS[p.name], strict=False))
    if p.name in DOCX_KNOWN_GAPS
    else p
    for p in (sorted(EVAL_DOCS.glob("*.docx")) if EVAL_DOCS.is_dir() else [])
]


@pytest.mark.slow
@pytest.mark.skipif(not _docx_reader_present(), reason="DOCX reader not built yet")
@pytest.mark.parametrize("path", DOCX)
def test_docx_numbers_match_the_markdown_twin(path: Path) -> None:
    """The Word version of a contract yields about as many numbered clauses as its markdown."""
    twin = path.with_suffix(".md")
    if not twin.exists():
        pytest.skip("no markdown twin")
    ours = [c for c in segment(ingest(path)).clauses if c.number]
    theirs = [c for c in segment(ingest(twin)).clauses if c.number]
    for clause in ours:
        assert clause.number is not None
        own = re.findall(r"[A-Za-z0-9]+", clause.number)[-1]
        assert own.lower() in clause.text[:40].lower(), (path.name, clause.number)
    log.info("%s: %d numbered clauses (markdown: %d)", path.name, len(ours), len(theirs))
    assert len(ours) >= 0.6 * len(theirs), (path.name, len(ours), len(theirs))
