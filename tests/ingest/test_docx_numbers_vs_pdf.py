"""Word numbers we print match what LibreOffice prints for the same DOCX.

Each shared DOCX (../shared/eval*/docs) has a PDF beside it that LibreOffice
printed from it. For every paragraph to which our DOCX reader gave a Word
generated number, the PDF paragraph with the same opening words must start
with the same number. Skipped when ../shared is absent.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from reviewer.ingest import ingest
from tests.paths import SHARED

log = logging.getLogger(__name__)

PAIRS = sorted(
    p
    for folder in SHARED.glob("eval*/docs")
    for p in folder.glob("*.docx")
    if p.with_suffix(".pdf").exists()
)
pytestmark = pytest.mark.skipif(not PAIRS, reason="../shared/eval*/docs not present")


def _normal(text: str) -> str:
    return " ".join(text.split())


def compare_numbers(docx: Path) -> tuple[int, list[tuple[str, str, str]], int]:
    """(matching numbers, mismatches as (ours, printed, opening words), paragraphs not found)."""
    ours = ingest(docx, isolate=False)
    printed = "\n\n" + ingest(docx.with_suffix(".pdf"), isolate=False).text
    cursor = 0
    matching, mismatches, missing = 0, [], 0
    for block in ours.blocks:
        if not block.number or block.kind == "table_row":
            continue
        label, _, rest = block.text.partition(" ")
        opening = _normal(rest)[:40]
        if len(opening) < 4:
            continue
        # A printed paragraph that starts with a number (digits, a dot or a
        # parenthesis in it) and then these words.
        pattern = re.compile(r"\n\n(\S*[\d().]\S*) " + re.escape(opening).replace(r"\ ", r"\s+"))
        found = pattern.search(printed, cursor)
        if found is None:
            missing += 1
            continue
        cursor = found.end()
        if found.group(1) == label:
            matching += 1
        else:
            mismatches.append((label, found.group(1), opening))
    return matching, mismatches, missing


def test_word_numbers_match_the_libreoffice_print() -> None:
    total_matching = total_missing = 0
    all_mismatches = []
    for docx in PAIRS:
        matching, mismatches, missing = compare_numbers(docx)
        log.info(
            "%s: %d match, %d differ, %d not found", docx.name, matching, len(mismatches), missing
        )
        total_matching += matching
        total_missing += missing
        all_mismatches += [(docx.name, *m) for m in mismatches]
    checked = total_matching + len(all_mismatches)
    log.info(
        "numbers matching the print: %d / %d (%d not found)", total_matching, checked, total_missing
    )
    assert checked >= 400
    assert total_missing <= 0.05 * (checked + total_missing)
    assert not all_mismatches
