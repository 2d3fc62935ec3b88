"""PDF contracts into a `Document`.

Text comes from pypdfium2 (the fast path, about 2-3x the cost of bare
pypdfium2 text extraction): one pass over the page's text with PDFium's own
line breaks and word spaces, and character boxes fetched only at word edges
(`FPDFText_GetLooseCharBox`), so a page costs a few hundred C calls rather
than one per character. Words on one line are split into separate runs at
wide gaps (a gutter between columns or table cells), and runs that share a
baseline are merged back when PDFium broke them apart.

pdfplumber is the reference reader (`reader="pdfplumber"`, ~60x slower): it
reads PDFs PDFium refuses and says what is wrong with a file PDFium only
calls unreadable (encryption, damage).

On top of the lines both readers give, this module removes running headers,
footers and page numbers (text repeated across pages in the top or bottom
band, digits normalised), reads two-column pages column by column, rebuilds
paragraphs (a clause number or a vertical gap starts a new one; a paragraph
may continue on the next page), joins words hyphenated at line ends, and
keeps the page of every character.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import itertools
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reviewer.document import Block, Document
from reviewer.errors import (
    CorruptFileError,
    EncryptedFileError,
    NeedsOcrError,
    ResourceLimitError,
    ReviewerError,
)
from reviewer.ingest import ocr
from reviewer.ingest.limits import IngestLimits
from reviewer.ingest.ocr import OcrProgress
from reviewer.segment.numbering import NumberToken, parse_number

log = logging.getLogger(__name__)

PdfReader = Literal["pdfium", "pdfplumber"]
BAND = 0.09  # top / bottom share of the page where running headers and footers live
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;:!?)\]\"”]$")
_WORD = re.compile(r"\S+")
# OCR reads the dot of a clause number at a line start as a colon or comma ("1:2").
_OCR_NUMBER = re.compile(r"^(\d{1,2})[:,](\d{1,2})(?=\s|$)")
# PDFium ends a line with "\r\n"; a hyphen that ends a line it marks U+FFFE
# (older builds U+0002) and joins the two lines into one word, which we undo.
_LINE_END_HYPHENS = "\x02\ufffe"
_PDFIUM_LINE = re.compile(r"[^\r\n\x02\ufffe]+[\x02\ufffe]?")
_PDFIUM_HYPHENS = str.maketrans(dict.fromkeys(_LINE_END_HYPHENS, "-"))


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    size: float = 0.0  # font size of the line's first character (points)
    bold: bool = False
    # "cell": first line of a table cell or a column (starts a block);
    # "row": a whole table row, its cells joined with " | "
    kind: str = ""
    # PDFium runs: the left edge of every word, to cut a run at a table column
    lefts: list[float] | None = None
    # How far right of the page's first column the line's column begins: indents
    # are measured from a line's own column (the right column of a bilingual page).
    margin: float = 0.0


@dataclass(slots=True)
class _Pages:
    """What a reader found: lines per page, in the page's top-down coordinates."""

    lines: list[list[_Line]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    silent: set[int] = field(default_factory=set)  # empty pages already explained in warnings


def _normalise(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _gutter(size: float) -> float:
    """The horizontal gap that separates columns or cells rather than words."""
    return max(18.0, 2.5 * size)


# --- the fast path: pypdfium2 -------------------------------------------------------------


def _open_pdfium(data: bytes, path: Path) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFileError(
                "is password-protected; remove the password (or save an unprotected copy) "
                "and retry",
                path=path,
            ) from exc
        raise


class _CharBoxes:
    """Loose character boxes (font ascent to descent) of one PDFium text page."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as pdfium_c

        self._raw = textpage.raw
        self._rect = pdfium_c.FS_RECTF()
        self._ref = ctypes.byref(self._rect)
        self._loose = pdfium_c.FPDFText_GetLooseCharBox
        self._size = pdfium_c.FPDFText_GetFontSize
        self._weight = pdfium_c.FPDFText_GetFontWeight
        self._info = pdfium_c.FPDFText_GetFontInfo
        self._name = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int()
        self._origin = pdfium_c.FPDFText_GetCharOrigin
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._x_ref, self._y_ref = ctypes.byref(self._x), ctypes.byref(self._y)

    def origin(self, index: int) -> tuple[float, float]:
        """(x, baseline y) where the character is drawn, in PDF user space."""
        self._origin(self._raw, index, self._x_ref, self._y_ref)
        return self._x.value, self._y.value

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in PDF user space (y grows upwards)."""
        rect = self._rect
        self._loose(self._raw, index, self._ref)
        return rect.left, rect.top, rect.right, rect.bottom

    def font(self, index: int) -> tuple[float, bool]:
        """(size, bold) of the character's font."""
        size = float(self._size(self._raw, index))
        weight = int(self._weight(self._raw, index))
        if weight > 0:
            return size, weight >= 600
        length = self._info(
            self._raw, index, self._name, len(self._name), ctypes.byref(self._flags)
        )
        name = self._name.raw[: max(0, length - 1)].decode("latin-1").lower()
        # Font descriptor flag 19 is ForceBold.
        return size, "bold" in name or "black" in name or bool(self._flags.value & (1 << 18))


def _pdfium_text(textpage: Any) -> str:
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    if count <= 0:
        return ""
    text: str = textpage.get_text_range(0, count)
    if len(text) != count:
        # Characters outside the BMP come back as UTF-16 pairs and shift every
        # index after them: read the text one code point per character instead.
        unicode = pdfium_c.FPDFText_GetUnicode
        text = "".join(chr(unicode(textpage.raw, i) or 32) for i in range(count))
    return text


def _pdfium_page_lines(page: Any, number: int) -> list[_Line]:
    left, _, _, page_top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        text = _pdfium_text(textpage)
        if not text.strip():
            return []
        boxes = _CharBoxes(textpage)
        runs: list[_Line] = []
        for match in _PDFIUM_LINE.finditer(text):
            runs.extend(_pdfium_runs(match.group(), match.start(), boxes, number, left, page_top))
    finally:
        textpage.close()
    if _has_cells(runs):
        return _cell_layout(runs)
    return _merge_baselines(runs)


def _has_cells(runs: list[_Line]) -> bool:
    """Text drawn in cells or columns: in drawing order, text jumps back up the page
    (the next cell or column starts at the top of its row) at least twice.

    Two columns drawn line by line, alternating, are not cells: there the text
    switches column at nearly every line; such pages are left to `_reading_order`.
    """
    jumps = switches = 0
    for previous, run in itertools.pairwise(runs):
        size = max(previous.size, 1.0)
        if previous.top - run.top > 0.5 * size:
            jumps += 1
        if abs(run.top - previous.top) > 0.5 and (run.x0 > previous.x1 or run.x1 < previous.x0):
            switches += 1
    # Cells hold a few lines each; alternating columns switch at nearly every line.
    return jumps >= 2 and switches < 0.75 * len(runs)


def _column_evidence(runs: list[_Line]) -> list[_Line]:
    """Runs that start a cell or column: after a jump up the page, or beside the run
    before them on the same line."""
    found = []
    for previous, run in itertools.pairwise(runs):
        beside = abs(run.top - previous.top) <= 3.0 and run.x0 > previous.x1
        if beside or run.top < previous.top - 0.5 * max(previous.size, 1.0):
            found.append(run)
    return found


def _column_starts(evidence: list[_Line], left: float) -> list[float]:
    """Left edges of table columns or text columns, each seen at least twice."""
    starts = sorted(run.x0 for run in evidence)
    clusters: list[list[float]] = []
    for x in starts:
        # A window from the cluster's first value: chaining small steps would let
        # scattered starts walk a column edge away.
        if clusters and x - clusters[-1][0] <= 3.0:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    columns = [
        Counter(round(x, 1) for x in c).most_common(1)[0][0] for c in clusters if len(c) >= 2
    ]
    return sorted({left, *[x for x in columns if x - left > 12.0]})


def _bands(evidence: list[_Line]) -> list[tuple[float, float]]:
    """Vertical extents of the page's tables or column sections (where the evidence
    of columns lies, a few lines apart at most)."""
    bands: list[tuple[float, float]] = []
    for run in sorted(evidence, key=lambda r: r.top):
        reach = 4.0 * max(run.size, 1.0)
        if bands and run.top <= bands[-1][1] + 2 * reach:  # rows of tall cells
            bands[-1] = (bands[-1][0], max(bands[-1][1], run.bottom))
        else:
            bands.append((run.top - reach, run.bottom))
    return bands


def _cell_layout(runs: list[_Line]) -> list[_Line]:
    """Read a page laid out in cells or columns: each cell whole, cells of a row left
    to right, rows top to bottom. Rows of three or more short cells (a data table)
    become one line "cell | cell | cell"; other cells (text columns, bilingual
    columns) are read one after the other, each starting a block."""
    evidence = _column_evidence(runs)
    left = min(run.x0 for run in runs)
    # Each table (or column section) has its own columns.
    bands = [
        (top, bottom, _column_starts([r for r in evidence if top <= r.top <= bottom], left))
        for top, bottom in _bands(evidence)
    ]

    def band_of(run: _Line) -> list[float] | None:
        # A cell's later lines reach below the last cell start that marks the band,
        # and a line that starts at an inner column belongs to the table.
        reach = 3.0 * max(run.size, 1.0)
        for top, bottom, columns in bands:
            if top <= run.top and run.bottom <= bottom + reach:
                return columns
        for top, bottom, columns in bands:
            if top <= run.top <= bottom + 6 * reach and any(
                abs(run.x0 - x) <= 3.0 for x in columns[1:]
            ):
                return columns
        return None

    cut: list[tuple[_Line, list[float] | None]] = []
    for run in runs:
        columns = band_of(run)
        for part in _cut_at_columns(run, columns) if columns else [run]:
            cut.append((part, columns))

    def column_of(run: _Line, columns: list[float]) -> int:
        return max([0, *(i for i, x in enumerate(columns) if x <= run.x0 + 3.0)])

    cells: list[list[_Line]] = []  # each: lines of one cell in drawing order
    cell_columns: list[tuple[int, int]] = []  # (left, right edge) of the column of each cell
    spanning: list[_Line] = []
    for run, columns in cut:
        if columns is None:
            spanning.append(run)
            continue
        column = column_of(run, columns)
        limit = columns[column + 1] if column + 1 < len(columns) else float("inf")
        if run.x1 > limit + 3.0:  # wider than its column: text across the table
            spanning.append(run)
            continue
        where = (round(columns[column]), round(limit) if limit != float("inf") else 0)
        run.margin = columns[column] - columns[0]
        current = cells[-1] if cells else None
        if (
            current is not None
            and cell_columns[-1] == where
            and run.top >= current[-1].bottom - 0.5 * max(run.size, 1.0)
            and run.top - current[-1].bottom < 2.0 * max(run.size, 1.0)
        ):
            current.append(run)
        else:
            cells.append([run])
            cell_columns.append(where)
    # Rows: cells whose heights overlap; text across the page stands alone.
    items: list[tuple[float, float, list[list[_Line]]]] = [
        (min(r.top for r in cell), max(r.bottom for r in cell), [cell]) for cell in cells
    ]
    items.sort(key=lambda item: item[0])
    rows: list[tuple[float, float, list[list[_Line]]]] = []
    for top, bottom, group in items:
        if rows and top < rows[-1][1] - 1.0:
            last_top, last_bottom, last_cells = rows[-1]
            rows[-1] = (last_top, max(last_bottom, bottom), last_cells + group)
        else:
            rows.append((top, bottom, group))
    ordered: list[tuple[float, list[_Line]]] = [(run.top, [run]) for run in spanning]
    for top, _, row_cells in rows:
        row_cells.sort(key=lambda cell: cell[0].x0)
        lines: list[_Line] = []
        if len(row_cells) >= 3 and all(len(cell) <= 6 for cell in row_cells):
            first = row_cells[0][0]
            text = " | ".join(_cell_text(cell) for cell in row_cells)
            row = _Line(
                text,
                first.x0,
                max(c[-1].x1 for c in row_cells),
                top,
                first.bottom,
                first.page,
                first.size,
                first.bold,
                "row",
            )
            row.bottom = max(r.bottom for cell in row_cells for r in cell)
            lines.append(row)
        else:
            for cell in row_cells:
                cell_lines = _merge_baselines(list(cell))
                if len(row_cells) > 1:
                    cell_lines[0].kind = "cell"
                lines.extend(cell_lines)
        ordered.append((top, lines))
    ordered.sort(key=lambda item: item[0])
    return [line for _, lines in ordered for line in lines]


def _cut_at_columns(run: _Line, columns: list[float]) -> list[_Line]:
    """A run that crosses a column start where one of its words begins: one run per
    cell (narrow cell gaps are closer than a gutter, so the run joined them)."""
    if not run.lefts:
        return [run]
    offsets = itertools.accumulate((len(word) + 1 for word in run.text.split(" ")), initial=0)
    cuts = [
        (offset, x)
        for offset, x in list(zip(offsets, run.lefts, strict=False))[1:]
        if any(abs(x - column) <= 2.0 for column in columns)
    ]
    if not cuts:
        return [run]
    parts: list[_Line] = []
    bounds = [(0, run.x0), *cuts, (len(run.text) + 1, run.x1)]
    for (start, x0), (end, x1) in itertools.pairwise(bounds):
        # Each part ends where the next begins, less the gap (its words' widths are
        # not kept); close enough to tell columns apart.
        right = run.x1 if end > len(run.text) else x1 - 2.0
        parts.append(
            _Line(
                run.text[start : end - 1].strip(),
                x0,
                right,
                run.top,
                run.bottom,
                run.page,
                run.size,
                run.bold,
            )
        )
    return [part for part in parts if part.text]


def _cell_text(cell: list[_Line]) -> str:
    text = ""
    for line in _merge_baselines(list(cell)):
        text = _join(text, line.text) if text else line.text
    return text


def _pdfium_runs(
    line: str, offset: int, boxes: _CharBoxes, number: int, left: float, page_top: float
) -> list[_Line]:
    """One PDFium line into runs of words, split at gutter-wide gaps.

    Boxes are fetched for the first character of every word and for the last
    character of a word only where a gutter could follow it: a word is at
    least `narrow` points wide per character, so a next word that starts
    closer than that plus a gutter cannot be across one.
    """
    runs: list[_Line] = []
    words: list[str] = []
    lefts: list[float] = []
    run: _Line | None = None
    gutter = narrow = previous_x0 = 0.0
    previous_length = previous_last = 0
    hyphen = line.endswith(("\x02", "\ufffe"))
    for match in _WORD.finditer(line):
        first = offset + match.start()
        x0, baseline = boxes.origin(first)
        x0 -= left
        baseline = page_top - baseline
        word = match.group().translate(_PDFIUM_HYPHENS) if hyphen else match.group()
        if run is not None and (
            x0 < previous_x0 or x0 - previous_x0 > previous_length * narrow + gutter
        ):
            run.x1 = boxes.box(previous_last)[2] - left
            if not 0 <= x0 - run.x1 <= gutter:
                runs.append(_finish(run, words, lefts))
                run = None
        if run is None:
            size, bold = boxes.font(first)
            gutter, narrow = _gutter(size), 0.15 * size
            run = _Line("", x0, x0, 0.0, baseline, number, size, bold)
            words, lefts = [word], [x0]
        else:
            words.append(word)
            lefts.append(x0)
            run.bottom = max(run.bottom, baseline)
        previous_x0, previous_length = x0, len(word)
        previous_last = offset + match.end() - 1
    if run is not None:
        run.x1 = boxes.box(previous_last)[2] - left
        runs.append(_finish(run, words, lefts))
    return runs


def _finish(run: _Line, words: list[str], lefts: list[float]) -> _Line:
    """Text and height of a run whose `bottom` holds its lowest baseline so far.

    A line is one font size tall, from a typical descent below the baseline, as
    pdfminer measures it; paragraph breaks are judged on the gaps between.
    """
    size = run.size or 10.0
    run.text = " ".join(words)
    run.lefts = lefts
    run.bottom += 0.2 * size
    run.top = run.bottom - size
    return run


def _merge_baselines(runs: list[_Line]) -> list[_Line]:
    """Runs in reading order by rows (tops within 3 pt), left to right; runs of one row
    closer than a gutter are one line (PDFium may break a line where a text object ends)."""
    if not runs:
        return []
    runs.sort(key=lambda r: r.top)
    rows: list[list[_Line]] = [[runs[0]]]
    for run in runs[1:]:
        if run.top - rows[-1][-1].top <= 3.0:
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        current = row[0]
        for run in row[1:]:
            gap = run.x0 - current.x1
            if -1.0 <= gap <= _gutter(max(current.size, run.size)):
                joiner = " " if gap > 0.2 * max(current.size, run.size, 1.0) else ""
                current.text = current.text + joiner + run.text
                current.x1 = max(current.x1, run.x1)
                current.top = min(current.top, run.top)
                current.bottom = max(current.bottom, run.bottom)
            else:
                lines.append(current)
                current = run
        lines.append(current)
    return lines


def _pdfium_pages(
    path: Path, data: bytes, limits: IngestLimits, progress: OcrProgress | None = None
) -> _Pages:
    pdf = _open_pdfium(data, path)
    try:
        page_count = len(pdf)
        _check_page_count(page_count, limits, path)
        pages = _Pages()
        scanned: list[int] = []
        for index in range(page_count):
            number = index + 1
            page = pdf[index]
            try:
                width, height = page.get_size()
                try:
                    lines = _pdfium_page_lines(page, number)
                    if _is_scanned(page, lines, float(width) * float(height)):
                        scanned.append(index)
                        lines = []
                except Exception as exc:  # a damaged page must not sink the document
                    log.debug("page %d of %s unreadable", number, path, exc_info=True)
                    pages.warnings.append(f"page {number} could not be read ({type(exc).__name__})")
                    lines = []
            finally:
                page.close()
            pages.lines.append(lines)
            pages.widths.append(float(width))
            pages.heights.append(float(height))
        if scanned:
            _read_scanned_pages(pdf, scanned, pages, limits, path, progress)
        info = pdf.get_metadata_dict(skip_empty=True)
        pages.metadata = {
            key.lower(): str(value) for key, value in info.items() if key in ("Title", "Author")
        }
    finally:
        pdf.close()
    return pages


def _is_scanned(page: Any, lines: list[_Line], area: float) -> bool:
    """No text layer, or a stamp of text over a page-sized image (a scan with a header)."""
    if not lines:
        return True
    if sum(len(line.text) for line in lines) >= 80:
        return False
    return _scan_dpi(page, area) is not None


def _scan_dpi(page: Any, area: float) -> float | None:
    """Resolution of the image that covers most of the page, if one does."""
    import pypdfium2.raw as pdfium_c

    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * area and right > left:
            pixels_wide, _ = image.get_px_size()
            return float(pixels_wide) / ((right - left) / 72.0)
    return None


def _ocr_dpi(page: Any) -> int:
    """Render a scan at its own resolution (resampling adds blur that costs
    Tesseract accuracy and time), within what Tesseract reads well."""
    width, height = page.get_size()
    dpi = _scan_dpi(page, float(width) * float(height))
    return ocr.RENDER_DPI if dpi is None else int(min(400, max(150, round(dpi))))


def _ocr_runs(line: ocr.OcrLine, number: int) -> list[_Line]:
    """A Tesseract line as runs of words, split where a gutter separates columns."""
    size = max(4.0, line.bottom - line.top)
    runs: list[_Line] = []
    words: list[str] = []
    for text, x0, x1 in sorted(line.words, key=lambda word: word[1]):
        if runs and words and x0 - runs[-1].x1 <= _gutter(size):
            words.append(text)
            runs[-1].x1 = x1
            continue
        if runs:
            runs[-1].text = " ".join(words)
        runs.append(_Line("", x0, x1, line.top, line.bottom, number, size))
        words = [text]
    if runs:
        runs[-1].text = " ".join(words)
    for run in runs:
        run.text = _OCR_NUMBER.sub(r"\1.\2", run.text)
    return runs


def _even_ocr_sizes(lines: list[_Line]) -> None:
    """OCR gives a line's ink height, which varies with its letters: give body lines
    the page's usual size and keep a size of their own only for clearly larger text
    (titles), so that headings are judged on real differences."""
    if not lines:
        return
    heights = sorted(line.size for line in lines)
    usual = heights[len(heights) // 2]
    for line in lines:
        line.size = usual if line.size < 1.3 * usual else round(line.size)


def _ocr_rows(lines: list[_Line]) -> list[_Line]:
    """Tesseract's lines in rows: a clause number that Tesseract read as a block of
    its own joins the text beside it. Rows are found by vertical overlap, as a
    slightly turned scan moves a line's top along its length."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        for row in reversed(rows[-3:]):
            overlap = min(row[0].bottom, line.bottom) - max(row[0].top, line.top)
            if overlap >= 0.5 * min(row[0].bottom - row[0].top, line.bottom - line.top):
                row.append(line)
                break
        else:
            rows.append([line])
    merged: list[_Line] = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        current = row[0]
        for line in row[1:]:
            if line.x0 - current.x1 <= _gutter(max(current.size, line.size)):
                current.text = f"{current.text} {line.text}"
                current.x1 = max(current.x1, line.x1)
                current.top = min(current.top, line.top)
                current.bottom = max(current.bottom, line.bottom)
            else:
                merged.append(current)
                current = line
        merged.append(current)
    return merged


def _read_scanned_pages(
    pdf: Any,
    scanned: list[int],
    pages: _Pages,
    limits: IngestLimits,
    path: Path,
    progress: OcrProgress | None,
) -> None:
    """OCR the pages in `scanned` (0-based) into `pages`, or say why they stay empty."""
    numbers = _page_ranges([index + 1 for index in scanned], "has")
    if not limits.ocr:
        pages.warnings.append(f"{numbers} no text layer (scanned?); OCR is switched off")
        pages.silent.update(scanned)
        return
    try:
        language = ocr.languages(limits.ocr_languages)
    except ocr.OcrUnavailable as exc:
        if len(scanned) == len(pages.lines):
            raise NeedsOcrError(
                f"has no text layer (scanned) and cannot be read: {exc}; {ocr.INSTALL_HINT}",
                path=path,
            ) from exc
        pages.warnings.append(
            f"{numbers} no text layer (scanned?) and were not read: {exc}; {ocr.INSTALL_HINT}"
        )
        pages.silent.update(scanned)
        return
    confidences: list[tuple[float, int]] = []
    words = 0
    started = time.perf_counter()
    if progress is not None:
        progress(0, len(scanned))
    for done, index in enumerate(scanned, start=1):
        number = index + 1
        page = pdf[index]
        try:
            dpi = _ocr_dpi(page)
            result = ocr.read_image(
                ocr.render(page, dpi), language, seconds=limits.ocr_seconds_per_page, dpi=dpi
            )
        except ocr.OcrTimeout as exc:
            pages.warnings.append(f"page {number}: OCR {exc}; the page was left out")
            pages.silent.add(index)
            continue
        except Exception as exc:  # Tesseract failing on one page must not sink the rest
            log.debug("OCR of page %d of %s failed", number, path, exc_info=True)
            pages.warnings.append(f"page {number}: OCR failed ({type(exc).__name__})")
            pages.silent.add(index)
            continue
        finally:
            page.close()
            if progress is not None:
                progress(done, len(scanned))
        lines = [run for line in result.lines for run in _ocr_runs(line, number)]
        _even_ocr_sizes(lines)
        pages.lines[index] = _ocr_rows(lines)
        if result.confidence is not None:
            confidences.append((result.confidence, number))
            words += result.words
        else:
            pages.warnings.append(f"page {number}: OCR found no text (blank page?)")
            pages.silent.add(index)
    if confidences:
        mean = sum(c * 1.0 for c, _ in confidences) / len(confidences)
        lowest, lowest_page = min(confidences)
        note = (
            f"; lowest page {lowest_page} at {lowest:.0f} %"
            if len(confidences) > 1 and lowest < mean - 5
            else ""
        )
        pages.warnings.append(
            f"{_page_ranges([index + 1 for index in scanned])} read by OCR (Tesseract, {language}): {words} words, mean word confidence"
            f" {mean:.0f} %{note}, {time.perf_counter() - started:.1f} s; check quotes against"
            " the scan"
        )


def _page_ranges(numbers: list[int], verb: str = "") -> str:
    """ "page 3" / "pages 1-4, 7", with `verb` ("has"/"have") agreeing when given."""
    singular, plural = {"has": ("has", "have"), "": ("", "")}.get(verb, (verb, verb))
    if len(numbers) == 1:
        return f"page {numbers[0]} {singular}".rstrip()
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return f"pages {', '.join(parts)} {plural}".rstrip()


# --- the reference reader: pdfplumber -----------------------------------------------------


def _open_plumber(data: bytes, path: Path) -> Any:
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


def _plumber_page_lines(page: Any, number: int) -> list[_Line]:
    lines = page.extract_text_lines(layout=False, strip=True, return_chars=True)
    result: list[_Line] = []
    for line in lines:
        if not line["text"].strip():
            continue
        # pdfplumber joins runs at the same height into one line, so two
        # columns side by side come back as one line: split at a wide gap.
        result.extend(_split_at_gutter(line, number))
    return result


def _split_at_gutter(line: dict[str, Any], number: int) -> list[_Line]:
    chars = [c for c in line["chars"] if c["text"].strip()]
    if not chars:
        return []
    size = max(float(c.get("size", 10.0)) for c in chars)
    bold = "bold" in str(chars[0].get("fontname", "")).lower()
    cut = [
        i
        for i in range(1, len(chars))
        if float(chars[i]["x0"]) - float(chars[i - 1]["x1"]) > _gutter(size)
    ]
    if not cut:
        return [
            _Line(
                line["text"],
                float(line["x0"]),
                float(line["x1"]),
                float(line["top"]),
                float(line["bottom"]),
                number,
                size,
                bold,
            )
        ]
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
            _Line(
                text,
                float(group[0]["x0"]),
                float(group[-1]["x1"]),
                min(float(c["top"]) for c in group),
                max(float(c["bottom"]) for c in group),
                number,
                size,
                "bold" in str(group[0].get("fontname", "")).lower(),
            )
        )
    return parts


def _plumber_pages(path: Path, data: bytes, limits: IngestLimits) -> _Pages:
    pdf = _open_plumber(data, path)
    try:
        _check_page_count(len(pdf.pages), limits, path)
        pages = _Pages()
        for number, page in enumerate(pdf.pages, start=1):
            try:
                lines = _plumber_page_lines(page, number)
            except Exception as exc:  # a damaged page must not sink the document
                log.debug("page %d of %s unreadable", number, path, exc_info=True)
                pages.warnings.append(f"page {number} could not be read ({type(exc).__name__})")
                lines = []
            pages.lines.append(lines)
            pages.widths.append(float(page.width))
            pages.heights.append(float(page.height))
            # pdfplumber caches every page's objects; a long contract would
            # otherwise hold hundreds of MB until the end.
            page.close()
        pages.metadata = {
            key.lower(): str(value)
            for key, value in (pdf.metadata or {}).items()
            if key in ("Title", "Author") and isinstance(value, str | bytes)
        }
    finally:
        pdf.close()
    return pages


# --- from lines to a Document -------------------------------------------------------------


def _check_page_count(count: int, limits: IngestLimits, path: Path) -> None:
    if count > limits.max_pages:
        raise ResourceLimitError(
            f"has {count} pages (limit {limits.max_pages}); split the file", path=path
        )


def read_pdf(
    path: Path,
    data: bytes,
    limits: IngestLimits,
    *,
    reader: PdfReader = "pdfium",
    progress: OcrProgress | None = None,
) -> Document:
    """Read a PDF with PDFium (default) or pdfplumber (the slower reference reader).

    Pages without a text layer are read by OCR (PDFium reader, `limits.ocr`);
    `progress(done, total)` follows the OCR page by page.
    """
    try:
        return _read(path, data, limits, reader, progress)
    except ReviewerError:
        raise
    except RecursionError as exc:
        raise ResourceLimitError(
            "nests its objects too deeply to read; the file may be malformed", path=path
        ) from exc
    except Exception as exc:  # both libraries raise many unrelated types on damaged files
        raise CorruptFileError(
            f"is a damaged PDF ({type(exc).__name__}); re-save or re-print it to PDF", path=path
        ) from exc


def _read(
    path: Path,
    data: bytes,
    limits: IngestLimits,
    reader: PdfReader,
    progress: OcrProgress | None = None,
) -> Document:
    if reader == "pdfplumber":
        pages = _plumber_pages(path, data, limits)
    else:
        try:
            pages = _pdfium_pages(path, data, limits, progress)
        except ReviewerError:
            raise
        except Exception:
            # PDFium says only "format error" about a damaged file: pdfminer
            # either reads it (it forgives other damage) or says what is wrong.
            log.debug("PDFium could not open %s; trying pdfplumber", path, exc_info=True)
            pages = _plumber_pages(path, data, limits)
    return _document(path, data, pages)


def _document(path: Path, data: bytes, pages: _Pages) -> Document:
    page_count = len(pages.lines)
    warnings = list(pages.warnings)
    empty = [
        number
        for number, lines in enumerate(pages.lines, start=1)
        if not lines and number - 1 not in pages.silent
    ]
    if empty and len(empty) < page_count:
        warnings.append(f"{_page_ranges(empty, 'has')} no text layer (scanned?)")
    # Pages read cell by cell are in reading order already.
    ordered = [
        lines if any(line.kind for line in lines) else _reading_order(lines, width)
        for lines, width in zip(pages.lines, pages.widths, strict=True)
    ]
    if not any(ordered):
        raise NeedsOcrError(_no_text(pages), path=path)
    running = _running_lines(ordered, pages.heights)
    body = [
        ln
        for lines, height in zip(ordered, pages.heights, strict=True)
        for ln in lines
        if not _is_running(ln, height, running)
    ]
    document = Document.from_blocks(
        path=str(path),
        format="pdf",
        blocks=_paragraphs(body),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=page_count,
        warnings=warnings,
        metadata=pages.metadata,
    )
    if not document.text:
        raise NeedsOcrError(_no_text(pages), path=path)
    return document


def _no_text(pages: _Pages) -> str:
    if pages.warnings and len(pages.silent) == len(pages.lines):
        # OCR was tried (or is off): say what happened, in one line.
        return "has no readable text: " + "; ".join(pages.warnings)
    return f"has no text layer (scanned?); {ocr.INSTALL_HINT} to read scans"


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
        offset = min(ln.x0 for ln in right) - min(ln.x0 for ln in left)
        for line in right:
            line.margin = offset
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


_HYPHENATED = re.compile(r"(\w+)-(\w+)")
_WORD_BEFORE_HYPHEN = re.compile(r"(\w+)-$")


def _join(previous: str, line: str, compounds: frozenset[str] = frozenset()) -> str:
    """Join a line to the text before it, undoing line-end hyphenation.

    "pro-" + "cessing" -> "processing". The hyphen stays where it belongs to the
    word: the next part is capitalised or a number ("third-" + "Party"), the
    part before is an acronym or has digits ("AI-" + "provider"), or the
    document writes the same compound with a hyphen inside a line.
    """
    before = _WORD_BEFORE_HYPHEN.search(previous[-64:]) if previous.endswith("-") else None
    if before is not None and line[:1].islower():
        stem = before.group(1)
        rest = re.match(r"\w+", line)
        compound = f"{stem}-{rest.group()}".lower() if rest else ""
        if stem.isalpha() and not (len(stem) > 1 and stem.isupper()) and compound not in compounds:
            return previous[:-1] + line
        return previous + line
    return previous + " " + line


def _compounds(lines: list[_Line]) -> frozenset[str]:
    """Hyphenated words the document writes inside lines ("well-known", "веб-сайт")."""
    found: set[str] = set()
    for line in lines:
        for match in _HYPHENATED.finditer(line.text):
            found.add(match.group().lower())
    return frozenset(found)


def _style(line: _Line) -> tuple[float, bool]:
    return round(line.size * 2) / 2, line.bold


def _heading_sizes(lines: list[_Line]) -> dict[tuple[float, bool], float]:
    """Text styles used for headings, each with its rank key (bigger first).

    The body style is the one most text is set in. A style is a heading style
    when it is at least 15 % larger than the body, or as large and bold where
    the body is not, and its lines are short and never end a sentence.
    """
    amount: Counter[tuple[float, bool]] = Counter()
    sentences: Counter[tuple[float, bool]] = Counter()
    longest: dict[tuple[float, bool], int] = {}
    for line in lines:
        if line.kind:
            continue
        style = _style(line)
        amount[style] += len(line.text)
        longest[style] = max(longest.get(style, 0), len(line.text))
        if line.text.rstrip().endswith((".", ";", ",")) and parse_number(line.text) is None:
            sentences[style] += 1
    if not amount:
        return {}
    body_size, body_bold = amount.most_common(1)[0][0]
    headings = {}
    for size, bold in amount:
        larger = size >= body_size * 1.15
        bolder = bold and not body_bold and size >= body_size - 0.5
        if (larger or bolder) and sentences[(size, bold)] == 0 and longest[(size, bold)] <= 120:
            # Rank: size first, bold breaks ties (negative so that sorting ascending
            # puts the biggest first).
            headings[(size, bold)] = -(size + (0.25 if bold else 0.0))
    return headings


# "п. 8.3", "ст. 5", "Clause 11": references that start a line but go on with the
# sentence of the line before.
_REFERENCE_AT_START = re.compile(
    r"^(п\.|пп\.|ст\.|пункт|статья|[Cc]lause|[Ss]ection|[Aa]rticle|[Pp]aragraph)\s*\d[\d.]*\.?"
)
# Abbreviations a number follows ("д. 26", "ст. 5", "Sec. 4.2"): a line ending with
# one goes on with the number on the next line.
_ABBREVIATIONS_BEFORE_NUMBERS = frozenset(
    "д п пп ст ч абз гл разд прил стр кв корп оф пом тел "  # noqa: SIM905 (a word list)
    "no nos sec secs art arts para paras cl p pp sch app ch reg regs".split()
)
_BULLET_BEFORE_NUMBER = re.compile(r"^[•●▪◦·‣∙■]\s*(?=\d{1,3}(?:\.\d{1,3})+\.?\s)")


def _continues(previous: _Line, line: _Line) -> bool:
    """A numbered-looking line that goes on with the sentence of the line before:
    "... в соответствии с" + "п. 8.3.", or "... переулок, д." + "26."."""
    if previous.page != line.page or line.kind:
        return False
    before = previous.text.rstrip()
    reference = _REFERENCE_AT_START.match(line.text)
    if reference and _SENTENCE_END.search(before) is None:
        # "п. 8.3" is always a reference; "Clause 11" only when the sentence goes on.
        return reference.group(1).islower() or line.text[reference.end() :].lstrip()[:1].islower()
    last_word = re.search(r"(\w+)\.$", before)
    return last_word is not None and last_word.group(1).lower() in _ABBREVIATIONS_BEFORE_NUMBERS


def _indent(line: _Line) -> int:
    """A line's indent from the left edge of its column, in steps of 6 points."""
    return round((line.x0 - line.margin) / 6)


def _decimal(token: NumberToken) -> bool:
    """A number that says its own depth: "7.3", "4.1.2", "Статья 5", "Section 4"."""
    return token.style in ("dotted", "keyword")


def _paragraphs(lines: list[_Line]) -> list[Block]:
    """Lines into paragraph blocks; numbered lines start blocks and get a list level."""
    if not lines:
        return []
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and 0 < b.top - a.bottom < 40
    ]
    # The lower quartile: the gap between lines of a paragraph even where most
    # paragraphs are two or three lines long (the median would be a paragraph gap).
    usual_gap = sorted(gaps)[len(gaps) // 4] if gaps else 4.0
    for line in lines:
        # "• 4.1.1. Предоставить ...": a bullet before a clause number is decoration
        # (a numbered item styled as a bulleted one); the number starts the clause.
        bullet = _BULLET_BEFORE_NUMBER.match(line.text)
        if bullet:
            line.text = line.text[bullet.end() :]
    # List levels come from indents. Decimal numbers ("7.3", "Статья 5") carry their
    # own depth and take no part in ranking the indents of the others, so "8. Heading"
    # set further right than the "7.3 ..." before it is not a sub-item of 7.3; and
    # indents are measured from the line's own column, so the right column of a
    # bilingual page starts at the same level as the left one.
    ranks = sorted(
        {
            _indent(ln)
            for ln in lines
            if (lead := parse_number(ln.text)) is not None and not _decimal(lead)
        }
    )
    heading_sizes = _heading_sizes(lines)
    compounds = _compounds(lines)
    blocks: list[Block] = []
    text = ""
    current: Block | None = None
    previous: _Line | None = None
    previous_heading: float | None = None
    for line in lines:
        token = parse_number(line.text)
        if token is not None and previous is not None and _continues(previous, line):
            token = None  # "... в соответствии с" / "п. 8.3.": a reference wrapped to a new line
        heading = heading_sizes.get(_style(line)) if token is None and not line.kind else None
        new_page = previous is not None and line.page != previous.page
        starts_new = (
            current is None
            or token is not None
            or line.kind in ("cell", "row")
            or (previous is not None and previous.kind == "row")
            # A heading set apart by size or weight: its own block, one or more lines
            # (a numbered heading that wraps goes on in the same style).
            or (
                heading != previous_heading
                and (previous is None or _style(previous) != _style(line))
            )
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
            if line.kind == "row":
                kind = "table_row"
            elif heading is not None:
                kind = "heading"
                level = sorted(set(heading_sizes.values())).index(heading)
            elif token is not None:
                kind = "list_item"
                level = token.depth - 1 if _decimal(token) else ranks.index(_indent(line))
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
            text = _join(text, line.text, compounds)
        previous = line
        previous_heading = heading
    if current is not None:
        current.text = text
        blocks.append(current)
    return blocks
