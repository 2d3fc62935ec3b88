"""PDF contracts into a `Document` with pdfplumber.

Lines come from pdfplumber (one pass per page). On top of them this module
removes running headers, footers and page numbers (text repeated across pages
in the top or bottom band, digits normalised), reads two-column pages column
by column, rebuilds paragraphs (a clause number or a vertical gap starts a
new one; a paragraph may continue on the next page), joins words hyphenated
at line ends, and keeps the page of every character.

Speed: about 1.0x bare pdfplumber `extract_text()` (~125 ms/page, layout
analysis in pure Python dominates). Plan for a fast path within 3x of bare
pypdfium2 (~2 ms/page): build `_Line`s from pypdfium2 instead
(`PdfTextPage.count_chars()`, `get_charbox(i)` and `get_text_range()` in one
pass, grouping chars into lines by baseline and splitting at wide x gaps),
then reuse `_reading_order`, `_running_lines` and `_paragraphs` unchanged;
keep pdfplumber only to confirm errors pdfium reports vaguely (encryption).
Check fidelity with tests/ingest/test_pdf_real_documents.py before switching.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.document import Block, Document
from reviewer.errors import (
    CorruptFileError,
    EncryptedFileError,
    NeedsOcrError,
    ResourceLimitError,
    ReviewerError,
)
from reviewer.ingest.limits import IngestLimits
from reviewer.segment.numbering import parse_number

log = logging.getLogger(__name__)

BAND = 0.09  # top / bottom share of the page where running headers and footers live
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;:!?)\]\"”]$")


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


def _normalise(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _open(data: bytes, path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFileError(
            "is password-protected; remove the password (or save an unprotected copy) and retry",
            path=path,
        ) from exc
    except PDFSyntaxError as exc:
        raise CorruptFileError("is not a readable PDF (damaged or truncated)", path=path) from exc
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise EncryptedFileError(
                "is password-protected; remove the password and retry", path=path
            ) from exc
        raise CorruptFileError(
            f"is not a readable PDF ({type(exc).__name__}); the file may be damaged", path=path
        ) from exc


def _page_lines(page: Any, number: int) -> list[_Line]:
    lines = page.extract_text_lines(layout=False, strip=True, return_chars=True)
    result: list[_Line] = []
    for line in lines:
        if not line["text"].strip():
            continue
        # pdfplumber joins runs at the same height into one line, so two
        # columns side by side come back as one line: split at a wide gap.
        for part in _split_at_gutter(line):
            result.append(_Line(page=number, **part))
    return result


def _split_at_gutter(line: dict[str, Any]) -> list[dict[str, Any]]:
    chars = [c for c in line["chars"] if c["text"].strip()]
    whole = {
        "text": line["text"],
        "x0": float(line["x0"]),
        "x1": float(line["x1"]),
        "top": float(line["top"]),
        "bottom": float(line["bottom"]),
    }
    if len(chars) < 2:
        return [whole]
    size = max(float(c.get("size", 10.0)) for c in chars)
    cut = [
        i
        for i in range(1, len(chars))
        if float(chars[i]["x0"]) - float(chars[i - 1]["x1"]) > max(18.0, 2.5 * size)
    ]
    if not cut:
        return [whole]
    parts = []
    for start, end in zip([0, *cut], [*cut, len(chars)], strict=True):
        group = chars[start:end]
        text = group[0]["text"]
        for previous, char in itertools.pairwise(group):
            gap = float(char["x0"]) - float(previous["x1"])
            # A word space in the source, or glyphs set apart without one.
            if gap > 0.2 * size:
                text += " "
            text += char["text"]
        parts.append(
            {
                "text": text,
                "x0": float(group[0]["x0"]),
                "x1": float(group[-1]["x1"]),
                "top": min(float(c["top"]) for c in group),
                "bottom": max(float(c["bottom"]) for c in group),
            }
        )
    return parts


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Left column before right column on two-column pages."""
    if len(lines) < 8:
        return lines
    middle = width / 2
    left = [ln for ln in lines if ln.x1 < middle + 5]
    right = [ln for ln in lines if ln.x0 > middle - 5]
    crossing = len(lines) - len(left) - len(right)
    if (
        len(left) >= 0.3 * len(lines)
        and len(right) >= 0.3 * len(lines)
        and crossing <= 0.1 * len(lines)
    ):
        spanning = [ln for ln in lines if ln not in left and ln not in right]
        return sorted(spanning + left, key=lambda ln: ln.top) + sorted(right, key=lambda ln: ln.top)
    return lines


def _running_lines(pages: list[list[_Line]], heights: list[float]) -> set[str]:
    """Normalised texts that recur in the header / footer band of many pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen = {
            _normalise(ln.text)
            for ln in lines
            if ln.top < height * BAND or ln.bottom > height * (1 - BAND)
        }
        counts.update(seen)
    threshold = max(2, int(len(pages) * 0.5))
    return {text for text, n in counts.items() if n >= threshold}


def _is_running(line: _Line, height: float, running: set[str]) -> bool:
    in_band = line.top < height * BAND or line.bottom > height * (1 - BAND)
    if not in_band:
        return False
    return _normalise(line.text) in running or bool(_PAGE_NUMBER.match(line.text.strip()))


def _join(previous: str, line: str) -> str:
    # "pro-" + "cessing" -> "processing"; "third-" + "party" keeps its hyphen
    # only when the next part is capitalised or a number.
    if (
        previous.endswith("-")
        and len(previous) > 1
        and previous[-2].isalpha()
        and line[:1].islower()
    ):
        return previous[:-1] + line
    return previous + " " + line


def read_pdf(path: Path, data: bytes, limits: IngestLimits) -> Document:
    try:
        return _read(path, data, limits)
    except ReviewerError:
        raise
    except RecursionError as exc:
        raise ResourceLimitError(
            "nests its objects too deeply to read; the file may be malformed", path=path
        ) from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise CorruptFileError(
            f"is a damaged PDF ({type(exc).__name__}); re-save or re-print it to PDF", path=path
        ) from exc


def _read(path: Path, data: bytes, limits: IngestLimits) -> Document:
    pdf = _open(data, path)
    try:
        page_count = len(pdf.pages)
        if page_count > limits.max_pages:
            raise ResourceLimitError(
                f"has {page_count} pages (limit {limits.max_pages}); split the file", path=path
            )
        pages: list[list[_Line]] = []
        heights: list[float] = []
        warnings: list[str] = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                lines = _page_lines(page, number)
            except Exception as exc:  # a damaged page must not sink the document
                log.debug("page %d of %s unreadable", number, path, exc_info=True)
                warnings.append(f"page {number} could not be read ({type(exc).__name__})")
                lines = []
            if not lines:
                warnings.append(f"page {number} has no text layer (scanned?)")
            pages.append(_reading_order(lines, float(page.width)))
            heights.append(float(page.height))
            # pdfplumber caches every page's objects; a long contract would
            # otherwise hold hundreds of MB until the end.
            page.close()
        metadata = {
            key.lower(): str(value)
            for key, value in (pdf.metadata or {}).items()
            if key in ("Title", "Author") and isinstance(value, str | bytes)
        }
    finally:
        pdf.close()
    if not any(pages):
        raise NeedsOcrError("has no text layer (scanned?); run OCR first", path=path)
    running = _running_lines(pages, heights)
    body = [
        ln
        for lines, height in zip(pages, heights, strict=True)
        for ln in lines
        if not _is_running(ln, height, running)
    ]
    blocks = _paragraphs(body)
    document = Document.from_blocks(
        path=str(path),
        format="pdf",
        blocks=blocks,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=page_count,
        warnings=warnings if len(warnings) < page_count else [],
        metadata=metadata,
    )
    if not document.text:
        raise NeedsOcrError("has no text layer (scanned?); run OCR first", path=path)
    return document


def _paragraphs(lines: list[_Line]) -> list[Block]:
    """Lines into paragraph blocks; numbered lines start blocks and get a list level."""
    if not lines:
        return []
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and 0 < b.top - a.bottom < 40
    ]
    usual_gap = sorted(gaps)[len(gaps) // 2] if gaps else 4.0
    numbered_indents = sorted(
        {round(ln.x0 / 6) for ln in lines if parse_number(ln.text) is not None}
    )
    blocks: list[Block] = []
    text = ""
    current: Block | None = None
    previous: _Line | None = None
    for line in lines:
        token = parse_number(line.text)
        new_page = previous is not None and line.page != previous.page
        starts_new = (
            current is None
            or token is not None
            or (
                previous is not None
                and not new_page
                and line.top - previous.bottom > usual_gap * 1.8 + 2
            )
            or (new_page and (_SENTENCE_END.search(text) is not None or line.text[:1].isupper()))
        )
        if starts_new:
            if current is not None:
                current.text = text
                blocks.append(current)
            level = None
            kind = "paragraph"
            if token is not None:
                kind = "list_item"
                level = numbered_indents.index(round(line.x0 / 6))
            current = Block(
                text="",
                kind=kind,  # type: ignore[arg-type]
                page=line.page,
                level=level,
                bbox=(line.x0, line.top, line.x1, line.bottom),
            )
            text = line.text
        else:
            assert current is not None
            if new_page:
                current.page_breaks.append((len(text) + 1, line.page))
            text = _join(text, line.text)
        previous = line
    if current is not None:
        current.text = text
        blocks.append(current)
    return blocks
