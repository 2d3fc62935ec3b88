"""The fast PDFium path and the pdfplumber reference reader agree on real contracts.

Both readers feed the same layout code; a review must not depend on which one
read the file. Runs over every ../shared/eval PDF (skipped when absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.engine import ReviewEngine
from reviewer.ingest.limits import IngestLimits
from reviewer.ingest.pdf import read_pdf
from tests.paths import EVAL_DOCS

PDFS = sorted(EVAL_DOCS.glob("*.pdf")) if EVAL_DOCS.is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not PDFS, reason="../shared/eval/docs not present")
def test_statuses_are_identical_with_either_reader() -> None:
    engine = ReviewEngine()
    limits = IngestLimits()
    differences = []
    for path in PDFS:
        data = path.read_bytes()
        fast = engine.review_document(read_pdf(path, data, limits))
        reference = engine.review_document(read_pdf(path, data, limits, reader="pdfplumber"))
        assert fast.document.pages == reference.document.pages
        expected = {f.requirement: f.status for f in reference.findings}
        for finding in fast.findings:
            if expected.get(finding.requirement) != finding.status:
                differences.append(
                    (
                        path.name,
                        finding.requirement,
                        expected.get(finding.requirement),
                        finding.status,
                    )
                )
    assert not differences


def _one_page(tmp_path: Path) -> Path:
    from tests.ingest.test_pdf import _pages_pdf

    path = tmp_path / "one.pdf"
    path.write_bytes(
        _pages_pdf([[(72, 700, "1. Provider keeps logs for 30 days."), (72, 686, "2. Fees.")]])
    )
    return path


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_both_readers_give_the_same_lines(tmp_path: Path, reader: str) -> None:
    path = _one_page(tmp_path)
    document = read_pdf(path, path.read_bytes(), IngestLimits(), reader=reader)  # type: ignore[arg-type]
    assert [b.text for b in document.blocks] == [
        "1. Provider keeps logs for 30 days.",
        "2. Fees.",
    ]
    assert [b.kind for b in document.blocks] == ["list_item", "list_item"]
