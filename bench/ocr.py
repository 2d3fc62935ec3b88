"""OCR benchmark: scanned copies of the shared PDFs against their text layer.

For each shared PDF (../shared/eval and ../shared/eval-ru, up to --max-pages
pages), a scanned copy is made in a temporary folder (bench/scans.py: 200
dpi, a small turn, noise and speckle; never kept), read with OCR, and
compared with our reading of the original PDF's text layer:

- words in order: share of the text layer's words found, in order, in the
  OCR text (target >= 0.95);
- statuses: share of requirements whose status in a review of the scan
  equals the status in a review of the text PDF (target >= 95 %);
- seconds per page of OCR (rendering and Tesseract), and Tesseract's mean
  word confidence.

Run: .venv/bin/python bench/ocr.py [--max-pages N] [--jobs N]
"""

from __future__ import annotations

import argparse
import difflib
import re
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scans import scan_copy  # noqa: E402

SHARED = ROOT.parent / "shared"
TARGET_WORDS = 0.95
TARGET_STATUSES = 0.95


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _one(pdf: Path, folder: str) -> dict[str, object]:
    from reviewer.engine import ReviewEngine
    from reviewer.errors import ReviewerError
    from reviewer.ingest import ingest

    engine = ReviewEngine()
    scan = Path(folder) / pdf.name
    scan.write_bytes(scan_copy(pdf, seed=len(pdf.name)))
    typed = ingest(pdf)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    scanned = ingest(scan)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the reading child and the Tesseract processes it ran: what a
    # page costs on one free core, whatever else the machine is doing.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    source, ours = _words(typed.text), _words(scanned.text)
    matcher = difflib.SequenceMatcher(None, source, ours, autojunk=False)
    in_order = sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(source))
    try:
        expected = {f.requirement: f.status for f in engine.review_document(typed).findings}
    except ReviewerError as exc:  # e.g. a language the playbook has no cues for
        expected, got, note = {}, {}, exc.reason
    else:
        got = {f.requirement: f.status for f in engine.review_document(scanned).findings}
        note = ""
    agree = sum(expected[r] == got.get(r) for r in expected)
    confidence = re.search(r"mean word confidence (\d+) %", " ".join(scanned.warnings))
    return {
        "name": pdf.name,
        "pages": typed.pages or 0,
        "seconds": seconds,
        "cpu": cpu,
        "in_order": in_order,
        "agree": agree,
        "requirements": len(expected),
        "confidence": int(confidence.group(1)) if confidence else None,
        "differ": [(r, expected[r], got.get(r)) for r in expected if expected[r] != got.get(r)],
        "note": note,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-pages", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    import pypdfium2 as pdfium

    pdfs = []
    for folder in (SHARED / "eval" / "docs", SHARED / "eval-ru" / "docs"):
        for pdf in sorted(folder.glob("*.pdf")) if folder.is_dir() else []:
            if len(pdfium.PdfDocument(pdf)) <= args.max_pages:
                pdfs.append(pdf)
    if not pdfs:
        print("no shared PDFs found under", SHARED)
        return
    print(f"{len(pdfs)} PDFs of at most {args.max_pages} pages, {args.jobs} job(s)")
    print(
        f"{'file':40} {'pages':>5} {'s/page':>6} {'cpu/p':>6} {'conf':>4} {'words':>6}"
        f" {'statuses':>9}"
    )
    results = []
    with tempfile.TemporaryDirectory() as folder, ProcessPoolExecutor(args.jobs) as pool:
        for r in pool.map(_one, pdfs, [folder] * len(pdfs)):
            results.append(r)
            statuses = f"{r['agree']:4d}/{r['requirements']:<4d}" if r["requirements"] else "-"
            print(
                f"{str(r['name'])[:40]:40} {r['pages']:5d} {r['seconds'] / r['pages']:6.2f}"  # type: ignore[operator]
                f" {r['cpu'] / r['pages']:6.2f}"  # type: ignore[operator]
                f" {r['confidence'] or '-':>4} {r['in_order']:6.3f} {statuses:>9} {r['note'][:60]}",
                flush=True,
            )
            for requirement, typed, scanned in r["differ"]:  # type: ignore[attr-defined]
                print(f"    {requirement}: text PDF {typed}, scan {scanned}", flush=True)
    pages = sum(r["pages"] for r in results)  # type: ignore[misc]
    seconds = sum(r["seconds"] for r in results)  # type: ignore[misc]
    cpu = sum(r["cpu"] for r in results)  # type: ignore[misc]
    agree = sum(r["agree"] for r in results)  # type: ignore[misc]
    requirements = sum(r["requirements"] for r in results)  # type: ignore[misc]
    words = [r["in_order"] for r in results]
    print(
        f"\n{pages} pages: {seconds / pages:.2f} s/page of OCR ({cpu / pages:.2f} s of CPU);"
        f" words in order mean"
        f" {sum(words) / len(words):.3f} (min {min(words):.3f}, {sum(w >= TARGET_WORDS for w in words)}"  # type: ignore[operator]
        f"/{len(words)} files >= {TARGET_WORDS}); statuses agreeing {agree}/{requirements}"
        f" = {agree / max(1, requirements):.1%} (target >= {TARGET_STATUSES:.0%})"
    )


if __name__ == "__main__":
    main()
