"""Ingestion speed benchmark: prints a table of pages per second.

PDF: our reader against bare pdfplumber `extract_text()` and bare pypdfium2
`get_text_range()` on the same files, with the two ratios. DOCX: our reader,
with a "page" counted as 3,000 characters of extracted text.

Run: .venv/bin/python bench/ingest.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.ingest.limits import IngestLimits  # noqa: E402
from reviewer.ingest.pdf import read_pdf  # noqa: E402

FOLDERS = [ROOT / "sample_contracts", ROOT.parent / "shared" / "eval" / "docs"]
CHARS_PER_PAGE = 3000


def _best(run: Callable[[], object], repeat: int) -> float:
    # Best of N: the machine is shared, so the minimum is the least noisy figure.
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _plumber(data: bytes) -> None:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _pdfium(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        pdf.close()


def _docx_reader() -> Callable[[Path], str] | None:
    import importlib.util

    # The DOCX reader is built separately; without it there is nothing to time.
    if importlib.util.find_spec("reviewer.ingest.docx") is None:
        return None
    try:
        from reviewer.ingest import ingest

        return lambda path: ingest(path, isolate=False).text
    except (ImportError, TypeError):
        pass
    try:
        from reviewer.ingest.docx import read_docx

        return lambda path: read_docx(path, path.read_bytes(), IngestLimits()).text
    except ImportError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    limits = IngestLimits()
    pdfs = [p for folder in FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.pdf"))]
    docxs = [p for folder in FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.docx"))]
    print(
        f"{'file':45} {'pages':>5} {'ours p/s':>9} {'plumb p/s':>9} {'pdfium p/s':>10}"
        f" {'ours/plumb':>10} {'ours/pdfium':>11}"
    )
    totals = [0.0, 0.0, 0.0, 0.0]
    for path in pdfs:
        data = path.read_bytes()
        pages = read_pdf(path, data, limits).pages or 1
        ours = _best(partial(read_pdf, path, data, limits), args.repeat)
        plumb = _best(partial(_plumber, data), args.repeat)
        pdfium = _best(partial(_pdfium, data), args.repeat)
        totals = [totals[0] + pages, totals[1] + ours, totals[2] + plumb, totals[3] + pdfium]
        print(
            f"{path.name[:45]:45} {pages:5d} {pages / ours:9.1f} {pages / plumb:9.1f}"
            f" {pages / pdfium:10.1f} {ours / plumb:10.2f} {ours / pdfium:11.1f}"
        )
    if pdfs:
        all_pages, ours, plumb, pdfium = totals
        print(
            f"{'ALL PDF':45} {int(all_pages):5d} {all_pages / ours:9.1f} {all_pages / plumb:9.1f}"
            f" {all_pages / pdfium:10.1f} {ours / plumb:10.2f} {ours / pdfium:11.1f}"
        )
        print(
            f"ms/page: ours {1000 * ours / all_pages:.1f}, pdfplumber {1000 * plumb / all_pages:.1f},"
            f" pypdfium2 {1000 * pdfium / all_pages:.2f}"
        )
    else:
        print("no PDF files found in", ", ".join(map(str, FOLDERS)))
    reader = _docx_reader()
    if reader is None or not docxs:
        print("DOCX: skipped (no reader or no files)")
        return
    chars = 0
    seconds = 0.0
    for path in docxs:
        try:
            chars += len(reader(path))
        except Exception as exc:  # a benchmark reports failures rather than stopping
            print(f"DOCX {path.name}: failed ({type(exc).__name__}: {exc})")
            continue
        seconds += _best(partial(reader, path), args.repeat)
    if seconds:
        print(
            f"DOCX: {len(docxs)} files, {chars} chars, {chars / seconds:,.0f} chars/s"
            f" = {chars / CHARS_PER_PAGE / seconds:.1f} pages/s (page = 3,000 chars)"
        )


if __name__ == "__main__":
    main()
