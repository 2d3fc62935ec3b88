"""Scanned PDFs: OCR with Tesseract, its limits, and a clear error without it.

The scans are made here from text we wrote (our sample contract and our own
sentences), rendered at 200 dpi, turned a little and given noise.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import shutil
from pathlib import Path

import pytest

from bench.scans import scan_copy
from reviewer.cli.main import main
from reviewer.errors import NeedsOcrError
from reviewer.ingest import IngestLimits, ingest, ocr
from tests.ingest.pdfs import column, fonts, write_pdf
from tests.paths import SAMPLES

HAVE_TESSERACT = shutil.which("tesseract") is not None and {"eng", "rus", "kaz"} <= set(
    ocr.installed_languages()
)
needs_tesseract = pytest.mark.skipif(
    not HAVE_TESSERACT, reason="Tesseract with eng, rus and kaz data is not installed"
)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _in_order(expected: str, got: str) -> float:
    a, b = _words(expected), _words(got)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def _first_page(pdf: Path, out: Path) -> Path:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    single = pdfium.PdfDocument.new()
    single.import_pages(source, [0])
    single.save(out)
    return out


@pytest.fixture(scope="module")
def sample_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scan")
    text_pdf = _first_page(SAMPLES / "northwind-ai-dpa.pdf", folder / "page.pdf")
    scan = folder / "northwind-scan.pdf"
    scan.write_bytes(scan_copy(text_pdf, seed=3))
    return text_pdf, scan


@needs_tesseract
def test_a_scanned_page_is_read_with_its_numbers_and_confidence(
    sample_scan: tuple[Path, Path],
) -> None:
    text_pdf, scan = sample_scan
    reports: list[tuple[int, int]] = []
    document = ingest(scan, progress=lambda done, total: reports.append((done, total)))
    expected = ingest(text_pdf)
    assert _in_order(expected.text, document.text) >= 0.95
    assert reports == [(0, 1), (1, 1)]
    assert document.pages == 1 and document.blocks[0].page == 1
    numbers = [b.text.split()[0] for b in document.blocks if b.kind == "list_item"]
    assert {"1.", "1.1", "2.1"} <= set(numbers)
    (warning,) = [w for w in document.warnings if "OCR" in w]
    confidence = re.search(r"mean word confidence (\d+) %", warning)
    assert confidence is not None and 80 <= int(confidence.group(1)) <= 100
    assert "page 1 read by OCR (Tesseract, eng+rus+kaz" in warning


@needs_tesseract
def test_the_review_of_a_scan_carries_the_ocr_warning(sample_scan: tuple[Path, Path]) -> None:
    from reviewer.engine import ReviewEngine

    text_pdf, scan = sample_scan
    engine = ReviewEngine()
    scanned, typed = engine.review_path(scan), engine.review_path(text_pdf)
    assert any("read by OCR" in w for w in scanned.document.warnings)
    statuses = {f.requirement: f.status for f in typed.findings}
    same = sum(statuses[f.requirement] == f.status for f in scanned.findings)
    assert same >= 0.95 * len(statuses)


@needs_tesseract
def test_russian_and_kazakh_scans_are_read(tmp_path: Path) -> None:
    regular, bold = fonts()
    russian = (
        "Исполнитель обязуется хранить персональные данные Заказчика только на серверах, "
        "расположенных в Республике Казахстан, и удалять их в течение тридцати дней."
    )
    kazakh = (
        "Орындаушы Тапсырыс берушінің дербес деректерін тек Қазақстан Республикасындағы "
        "серверлерде сақтауға міндеттенеді."
    )
    runs, _ = column([russian, kazakh], regular, 72, 100, 460, size=12)
    text_pdf = write_pdf(tmp_path / "ru-kk.pdf", [[(72, 72, "Договор", bold, 16), *runs]])
    scan = tmp_path / "ru-kk-scan.pdf"
    scan.write_bytes(scan_copy(text_pdf, seed=5))
    document = ingest(scan)
    assert _in_order(russian, document.text) >= 0.95
    assert _in_order(kazakh, document.text) >= 0.9
    assert "Қазақстан" in document.text


def test_without_tesseract_a_scan_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(scan_copy(SAMPLES / "quickdesk-terms.pdf", max_angle=0.3))
    monkeypatch.setattr(ocr, "installed_languages", lambda: ())
    with pytest.raises(NeedsOcrError, match=r"signed\.pdf: .*Tesseract is not installed.*apt-get"):
        ingest(scan)
    assert main(["review", str(scan)]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "signed.pdf" in error and "tesseract-ocr-rus" in error


def test_without_tesseract_a_partly_scanned_pdf_keeps_its_text_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2 as pdfium

    text_pdf = SAMPLES / "northwind-ai-dpa.pdf"
    scan = pdfium.PdfDocument(scan_copy(_first_page(text_pdf, tmp_path / "one.pdf")))
    mixed = pdfium.PdfDocument(text_pdf)
    mixed.import_pages(scan, [0], index=1)  # a scanned page between typed ones
    mixed.save(tmp_path / "mixed.pdf")
    monkeypatch.setattr(ocr, "installed_languages", lambda: ())
    document = ingest(tmp_path / "mixed.pdf")
    assert document.pages == 4
    assert "Data Processing Addendum" in document.text
    (warning,) = [w for w in document.warnings if "page 2" in w]
    assert "no text layer" in warning and "not read" in warning and "apt-get" in warning


def test_ocr_switched_off_and_per_page_time_limit(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scan_copy(SAMPLES / "quickdesk-terms.pdf", max_angle=0.3))
    with pytest.raises(NeedsOcrError, match="OCR is switched off"):
        ingest(scan, limits=IngestLimits(ocr=False))
    if not HAVE_TESSERACT:
        pytest.skip("Tesseract is not installed")
    hurried = dataclasses.replace(IngestLimits(), ocr_seconds_per_page=0.05)
    with pytest.raises(NeedsOcrError, match=r"page 1: OCR took longer than 0 s"):
        ingest(scan, limits=hurried)
