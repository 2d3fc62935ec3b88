"""Word output: the annotated contract, or a Word memo when there is no Word original.

For a DOCX input the lawyer gets their own document back, untouched except for
margin comments anchored on each evidence passage and a review summary appended
at the end. PDF and text inputs get a memo with the same content, since there is
no Word original to annotate. python-docx writes real Word comments (1.2+).
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reviewer.errors import InputError
from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import (
    GAP_STATUSES,
    GRID_HEADER,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_TINT,
    STATUSES,
    finding_order,
    location,
    topic_grid,
    topics_gaps_first,
)

AUTHOR = "contract-reviewer"
INITIALS = "CR"
# Enough characters to pin a passage to one paragraph, few enough to survive
# small differences between the extracted text and Word's runs.
ANCHOR_CHARS = 60
LIST_LABEL = re.compile(r"^(?:\(?[0-9]{1,3}\)|\(?[a-z]{1,4}\)|[0-9]+(?:\.[0-9]+)*\.?|[a-z]\.)\s+")


@dataclass
class AnnotationResult:
    comments: int
    unanchored: list[str]  # requirement ids whose evidence was not found in the document


def write_docx(report: Report, output: Path, source: Path | None = None) -> AnnotationResult:
    """Annotate `source` when it is a Word file, otherwise write a Word memo."""
    if source is not None and _is_docx(source):
        try:
            document = docx.Document(str(source))
        except Exception as exc:  # python-docx raises many types on a damaged package
            raise InputError(
                f"{source.name}: cannot reopen the Word file to annotate it ({exc})"
            ) from exc
        result = annotate(document, report)
        _page_break(document)
        _add_summary(document, report, result)
    else:
        document = docx.Document()
        result = AnnotationResult(comments=0, unanchored=[])
        _add_memo(document, report)
    _save_atomically(document, output)
    return result


def _is_docx(path: Path) -> bool:
    return path.suffix.lower() == ".docx"


def _save_atomically(document: WordDocument, output: Path) -> None:
    tmp = output.with_name(output.name + ".part")
    document.save(str(tmp))
    os.replace(tmp, output)


# --------------------------------------------------------------------- anchoring


def _normalise_char(ch: str) -> str:
    if ch in "\u2018\u2019\u201a\u201b\u2032":
        return "'"
    if ch in "\u201c\u201d\u201e\u201f\u2033":
        return '"'
    if ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        return "-"
    if ch.isspace() or unicodedata.category(ch) in ("Zs", "Cc", "Cf"):
        return " "
    return ch.lower()


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Word's XML cannot hold most control characters; a damaged PDF can yield them."""
    return _XML_ILLEGAL.sub(" ", text)


def normalise(text: str) -> str:
    return re.sub(r" +", " ", "".join(_normalise_char(ch) for ch in text)).strip()


@dataclass
class _Piece:
    run: Run
    start: int  # offsets into the normalised paragraph text
    end: int


@dataclass
class _Para:
    paragraph: Paragraph
    pieces: list[_Piece]
    text: str  # normalised, runs joined


def _runs(paragraph: Paragraph) -> Iterator[Run]:
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            yield from item.runs
        else:
            yield item


def _index_paragraph(paragraph: Paragraph) -> _Para:
    pieces: list[_Piece] = []
    text = ""
    for run in _runs(paragraph):
        raw = "".join(_normalise_char(ch) for ch in run.text)
        if not raw:
            continue
        # Collapse spaces across run boundaries the same way `normalise` does.
        if text.endswith(" "):
            raw = raw.lstrip(" ")
        raw = re.sub(r" +", " ", raw)
        if not raw:
            continue
        pieces.append(_Piece(run, len(text), len(text) + len(raw)))
        text += raw
    return _Para(paragraph, pieces, text)


def _block_paragraphs(container: Any) -> Iterator[Paragraph]:
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        elif isinstance(item, Table):
            seen: set[int] = set()
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats across the grid
                        continue
                    seen.add(id(cell._tc))
                    yield from _block_paragraphs(cell)


class _Locator:
    """Finds an evidence passage among the document's paragraphs."""

    def __init__(self, document: WordDocument) -> None:
        self.paras = [
            p for p in (_index_paragraph(p) for p in _block_paragraphs(document)) if p.pieces
        ]
        # One string over all paragraphs so a passage can be found even when it crosses
        # paragraph boundaries (a list item read with its lead-in, for example).
        self.joined = ""
        self.starts: list[int] = []
        for para in self.paras:
            self.starts.append(len(self.joined))
            self.joined += para.text + " "

    def _position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index, offset - self.starts[index]

    def _run_at(self, para: _Para, offset: int, *, last: bool) -> Run:
        for piece in para.pieces:
            if piece.start <= offset < piece.end:
                return piece.run
        return para.pieces[-1].run if last else para.pieces[0].run

    def find(self, text: str, after: int = 0) -> tuple[Run, Run] | None:
        needle = normalise(text)
        if not needle:
            return None
        head = needle[:ANCHOR_CHARS]
        start = self.joined.find(head)
        if start < 0:
            # Word's automatic numbers ("(b)", "4.2") are in the extracted text but not
            # in the runs; a spliced lead-in may be too. Retry without the number, then
            # on the passage's last words.
            unnumbered = LIST_LABEL.sub("", needle)
            head = unnumbered[:ANCHOR_CHARS]
            start = self.joined.find(head) if unnumbered != needle else -1
        if start < 0:
            head = needle[-ANCHOR_CHARS // 2 :]
            start = self.joined.find(head)
            if start < 0:
                return None
            end = start + len(head)
        else:
            tail = needle[-ANCHOR_CHARS:]
            tail_at = self.joined.find(tail, start)
            limit = start + len(needle) + 200
            end = tail_at + len(tail) if 0 <= tail_at < limit else start + len(head)
        first_index, first_offset = self._position(start)
        last_index, last_offset = self._position(max(start, end - 1))
        first = self._run_at(self.paras[first_index], first_offset, last=False)
        last = self._run_at(self.paras[last_index], last_offset, last=True)
        return first, last


def _comment_text(finding: Finding) -> list[str]:
    lines = [
        f"{STATUS_LABEL[finding.status].upper()} ({finding.severity}): {finding.title} "
        f"[{finding.requirement}]",
        f"Why: {finding.explanation}",
    ]
    if finding.status in GAP_STATUSES and finding.recommendation:
        lines.append(f"Recommendation: {finding.recommendation}")
    return lines


def annotate(document: WordDocument, report: Report) -> AnnotationResult:
    """Add one margin comment per evidence passage; returns what could not be placed."""
    locator = _Locator(document)
    comments = 0
    unanchored: list[str] = []
    placed: set[tuple[int, int, str]] = set()
    for finding in sorted(report.findings, key=finding_order):
        if finding.status == "not-applicable" or not finding.evidence:
            continue
        found_any = False
        for evidence in finding.evidence:
            anchor = locator.find(evidence.text)
            if anchor is None:
                continue
            found_any = True
            key = (id(anchor[0]._r), id(anchor[1]._r), finding.requirement)
            if key in placed:
                continue
            placed.add(key)
            first_line, *rest = (xml_safe(line) for line in _comment_text(finding))
            comment = document.add_comment(
                [anchor[0], anchor[1]], text=first_line, author=AUTHOR, initials=INITIALS
            )
            for line in rest:
                comment.add_paragraph(line)
            comments += 1
        if not found_any:
            unanchored.append(finding.requirement)
    return AnnotationResult(comments=comments, unanchored=unanchored)


# ------------------------------------------------------------------ document parts


def _heading(document: WordDocument, text: str, level: int) -> Paragraph:
    try:
        return document.add_heading(text, level)
    except KeyError:  # the original document's styles may lack Word's built-in headings
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt({0: 20, 1: 16, 2: 13}.get(level, 12))
        return paragraph


def _page_break(document: WordDocument) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _borders(table: Table) -> None:
    # Drawn explicitly: an annotated original may not define the "Table Grid" style.
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "A0A7B0")
        borders.append(element)
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(borders)
    else:
        properties.append(borders)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, colour: str | None = None) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(xml_safe(text))
    run.bold = bold
    run.font.size = Pt(9)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def _widths(table: Table, inches: list[float]) -> None:
    # Word honours cell widths, not column widths; set both for LibreOffice.
    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def _table(document: WordDocument, header: list[str]) -> Table:
    table = document.add_table(rows=1, cols=len(header))
    _borders(table)
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, title, bold=True)
        _shade(cell, "EAEEF2")
    return table


def _where(evidence: list[Evidence]) -> str:
    places = []
    for item in evidence:
        place = location(item.section, item.page)
        if place and place not in places:
            places.append(place)
    return "; ".join(places[:3])


def _add_counts(document: WordDocument, report: Report) -> None:
    s = report.summary
    parts = [
        f"{s.met} met",
        f"{s.partial} partial",
        f"{s.conflict} conflict",
        f"{s.missing} missing",
    ]
    if s.not_applicable:
        parts.append(f"{s.not_applicable} not applicable")
    text = ", ".join(parts)
    if s.highest_severity_gap:
        text += f". Highest gap severity: {s.highest_severity_gap}."
    document.add_paragraph(text)


def _add_grid(document: WordDocument, report: Report) -> None:
    table = _table(document, ["Topic", *(GRID_HEADER[s] for s in STATUSES)])
    for row in topic_grid(report):
        cells = table.add_row().cells
        _cell_text(cells[0], row.label)
        for cell, status in zip(cells[1:], STATUSES, strict=True):
            count = row.counts[status]
            _cell_text(cell, str(count), bold=bool(count))
            if count:
                _shade(cell, STATUS_TINT[status])
    _widths(table, [2.3] + [0.8] * len(STATUSES))


def _add_findings_table(document: WordDocument, report: Report) -> None:
    table = _table(document, ["Requirement", "Status", "Severity", "Where", "Why"])
    for row in topics_gaps_first(report):
        for finding in row.findings:
            cells = table.add_row().cells
            _cell_text(cells[0], f"{finding.title} ({finding.requirement})")
            _cell_text(cells[1], STATUS_LABEL[finding.status], bold=True, colour="FFFFFF")
            _shade(cells[1], STATUS_COLOUR[finding.status])
            _cell_text(cells[2], finding.severity if finding.status != "not-applicable" else "")
            _cell_text(cells[3], _where(finding.evidence))
            _cell_text(cells[4], finding.explanation)
    _widths(table, [1.6, 0.75, 0.65, 0.8, 2.5])


def _add_recommendations(document: WordDocument, report: Report) -> None:
    gaps = [
        f for row in topics_gaps_first(report) for f in row.findings if f.status in GAP_STATUSES
    ]
    _heading(document, "Recommended clauses", 1)
    if not gaps:
        document.add_paragraph("Every requirement is met; no changes are recommended.")
        return
    for finding in gaps:
        _heading(document, f"{finding.title} ({STATUS_LABEL[finding.status].lower()})", 2)
        where = _where(finding.evidence)
        if where:
            document.add_paragraph(f"Clause concerned: {where}.")
        document.add_paragraph(xml_safe(finding.recommendation))


def _add_facts(document: WordDocument, report: Report) -> None:
    doc = report.document
    facts = [
        ("File", doc.path),
        ("Document kind", doc.kind),
        ("Format", doc.format.upper() + (f", {doc.pages} pages" if doc.pages else "")),
        ("Parties", "; ".join(doc.parties) or "not identified"),
        ("Language", doc.language_line()),
        ("Profile", report.profile),
        ("Clause library", f"version {report.tool.library_version}"),
        ("SHA-256", doc.sha256),
        ("Reviewed by", f"{report.tool.name} {report.tool.version}"),
    ]
    table = document.add_table(rows=0, cols=2)
    for label, value in facts:
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True)
        _cell_text(cells[1], value)
    _widths(table, [1.6, 4.7])
    for warning in doc.warnings:
        document.add_paragraph(xml_safe(f"Warning: {warning}"))


def _add_summary(document: WordDocument, report: Report, result: AnnotationResult) -> None:
    _heading(document, "Contract review summary", 1)
    document.add_paragraph(
        f"Reviewed by {report.tool.name} {report.tool.version} against the "
        f"{report.profile} profile (clause library version {report.tool.library_version}). "
        f"{result.comments} margin comments mark the clauses each finding rests on."
    )
    if result.unanchored:
        document.add_paragraph(
            "Evidence for these requirements could not be placed as a comment and is "
            "described in the table only: " + ", ".join(result.unanchored) + "."
        )
    _add_counts(document, report)
    _add_grid(document, report)
    document.add_paragraph()
    _add_findings_table(document, report)
    _add_recommendations(document, report)


def _add_memo(document: WordDocument, report: Report) -> None:
    _heading(document, xml_safe(f"Contract review: {PurePath(report.document.path).name}"), 0)
    _add_facts(document, report)
    _heading(document, "At a glance", 1)
    _add_counts(document, report)
    _add_grid(document, report)
    _heading(document, "Findings", 1)
    for row in topics_gaps_first(report):
        _heading(document, row.label, 2)
        for finding in row.findings:
            paragraph = document.add_paragraph()
            status = paragraph.add_run(f"{STATUS_LABEL[finding.status].upper()} ")
            status.bold = True
            status.font.color.rgb = RGBColor.from_string(STATUS_COLOUR[finding.status])
            if finding.status != "not-applicable":
                paragraph.add_run(f"({finding.severity}) ")
            paragraph.add_run(xml_safe(finding.title)).bold = True
            paragraph.add_run(f"  {finding.requirement}").font.size = Pt(8)
            document.add_paragraph(xml_safe(finding.explanation))
            for evidence in finding.evidence:
                quote = document.add_paragraph()
                quote.paragraph_format.left_indent = Pt(18)
                place = location(evidence.section, evidence.page)
                if place:
                    quote.add_run(place + ": ").bold = True
                quote.add_run(f"“{xml_safe(evidence.text)}”").italic = True
            if finding.status in GAP_STATUSES and finding.recommendation:
                rec = document.add_paragraph()
                rec.paragraph_format.left_indent = Pt(18)
                rec.add_run("Recommended language: ").bold = True
                rec.add_run(xml_safe(finding.recommendation))
    _page_break(document)
    _heading(document, "Summary table", 1)
    _add_findings_table(document, report)
    _add_recommendations(document, report)
