"""Word output: the annotated contract, or a Word memo when there is no Word original.

For a DOCX input the lawyer gets their own document back, untouched except for
margin comments and a review summary appended at the end. A comment sits on the
clause that decides a finding and carries the why and the proposed wording; a
clause cited because it points the other way says so and refers to the deciding
one; each paragraph carries at most one comment, listing every finding on it.
PDF and text inputs get an A4 memo with the same content, since there is no
Word original to annotate. python-docx writes real Word comments (1.2+).
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
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reviewer.errors import InputError
from reviewer.report.attention import check_these
from reviewer.report.messages import Messages, language_for, messages
from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import (
    GAP_STATUSES,
    STATUS_COLOUR,
    STATUS_TINT,
    STATUSES,
    action_label,
    clause_of,
    deciding_place,
    evidence_role_label,
    kind_label,
    language_label,
    location,
    ordered_findings,
    parallel_label,
    parameter_sentences,
    topic_grid,
    topic_label,
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


def write_docx(
    report: Report, output: Path, source: Path | None = None, *, language: str | None = None
) -> AnnotationResult:
    """Annotate `source` when it is a Word file, otherwise write a Word memo; in the
    report's language unless another is asked for."""
    t = messages(language_for(report, language))
    if source is not None and _is_docx(source):
        document = open_word(source, "annotate it")
        result = annotate(document, report, t)
        _page_break(document)
        _add_summary(document, report, result, t)
    else:
        document = docx.Document()
        result = AnnotationResult(comments=0, unanchored=[])
        _add_memo(document, report, t)
    save_atomically(document, output)
    return result


def open_word(source: Path, purpose: str) -> WordDocument:
    try:
        return docx.Document(str(source))
    except Exception as exc:  # python-docx raises many types on a damaged package
        raise InputError(
            f"{source.name}: cannot reopen the Word file to {purpose} ({exc})"
        ) from exc


def _is_docx(path: Path) -> bool:
    return path.suffix.lower() == ".docx"


def save_atomically(document: WordDocument, output: Path) -> None:
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


@dataclass(frozen=True)
class Anchor:
    """Where a passage sits in the Word document."""

    first: Run
    last: Run
    paragraph: int  # index of the paragraph the passage starts in (locator order)
    last_paragraph: int
    start: int  # offsets into the locator's joined, normalised text
    end: int


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

    def span(self, text: str, *, exact: bool = False) -> tuple[int, int] | None:
        """Offsets of the passage in the joined text, tolerant of Word-generated numbers.
        With `exact`, only a passage found from its first to its last word (never just its
        closing words), for changes that must cover the whole passage."""
        needle = normalise(text)
        if not needle or not self.paras:
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
            if start >= 0:
                needle = unnumbered
        if start < 0:
            if exact:
                return None
            head = needle[-ANCHOR_CHARS // 2 :]
            start = self.joined.find(head)
            if start < 0:
                return None
            return start, start + len(head)
        if len(needle) <= ANCHOR_CHARS:
            return start, start + len(needle)
        tail = needle[-ANCHOR_CHARS:]
        tail_at = self.joined.find(tail, start)
        limit = start + len(needle) + 200
        if not 0 <= tail_at < limit:
            return None if exact else (start, start + len(head))
        return start, tail_at + len(tail)

    def locate(self, text: str) -> Anchor | None:
        found = self.span(text)
        if found is None:
            return None
        start, end = found
        first_index, first_offset = self._position(start)
        last_index, last_offset = self._position(max(start, end - 1))
        return Anchor(
            first=self._run_at(self.paras[first_index], first_offset, last=False),
            last=self._run_at(self.paras[last_index], last_offset, last=True),
            paragraph=first_index,
            last_paragraph=last_index,
            start=start,
            end=end,
        )

    def find(self, text: str) -> tuple[Run, Run] | None:
        anchor = self.locate(text)
        return (anchor.first, anchor.last) if anchor else None


# --------------------------------------------------------------------- comments


@dataclass
class _Note:
    """One finding's part of the comment on one paragraph."""

    finding: Finding
    evidence: Evidence
    anchor: Anchor
    see_first: bool = False  # a further deciding clause: refer to the first one's note
    # The other-language version of the deciding clause (bilingual contracts): its
    # language, and where the original is.
    parallel_of: tuple[str, str] | None = None


def _note_lines(note: _Note, home: dict[str, str], t: Messages) -> list[str]:
    finding, evidence = note.finding, note.evidence
    values = {
        "status": t.status(finding.status).upper(),
        "severity": t.severity(finding.severity),
        "title": finding.title,
    }
    place = home.get(finding.requirement) or deciding_place(finding, t) or t("common.unnumbered")
    if note.parallel_of is not None:
        language, original = note.parallel_of
        return [t("docx.comment_parallel", **values, language=language, place=original)]
    if evidence.role == "decides" and note.see_first:
        return [t("docx.comment_also", **values, place=place)]
    if evidence.role == "decides":
        lines = [t("docx.comment_head", **values), t("docx.comment_why", text=finding.explanation)]
        if finding.status in GAP_STATUSES and finding.action in ("replace", "strengthen", "add"):
            lines.append(t(f"docx.comment_proposal.{finding.action}", clause=clause_of(finding)))
        return lines
    if evidence.role == "other-way":
        its_status = t.status(evidence.points_to or "met").lower()
        return [t("docx.comment_other_way", **values, its_status=its_status, place=place)]
    return [t("docx.comment_mention", **values, place=place)]


def annotate(document: WordDocument, report: Report, t: Messages | None = None) -> AnnotationResult:
    """One margin comment per paragraph that evidence rests on, listing its findings."""
    t = t or messages(language_for(report))
    locator = _Locator(document)
    unanchored: list[str] = []
    by_paragraph: dict[int, list[_Note]] = {}
    home: dict[str, str] = {}  # requirement -> where its full comment is
    for finding in ordered_findings(report):
        if finding.status == "not-applicable" or not finding.evidence:
            continue
        placed_here: set[int] = set()
        explained = False
        found_any = False
        # The deciding clauses first: the full comment goes on the first of them.
        ordered = sorted(finding.evidence, key=lambda e: e.role != "decides")
        for evidence in ordered:
            anchor = locator.locate(evidence.text)
            if anchor is None:
                continue
            found_any = True
            if anchor.paragraph in placed_here:
                continue  # one note per finding per paragraph
            placed_here.add(anchor.paragraph)
            # The first deciding clause carries the full note; further ones refer to it.
            see_first = evidence.role == "decides" and explained
            if evidence.role == "decides" and not explained:
                explained = True
                home[finding.requirement] = location(evidence.section, evidence.page, t) or ""
            by_paragraph.setdefault(anchor.paragraph, []).append(
                _Note(finding, evidence, anchor, see_first)
            )
            if evidence.role != "decides":
                continue
            # Both versions of a bilingual clause are binding: mark the other one too.
            original = location(evidence.section, evidence.page, t) or t("common.unnumbered")
            for passage in evidence.parallel:
                twin = locator.locate(passage.text)
                if twin is None or twin.paragraph in placed_here:
                    continue
                placed_here.add(twin.paragraph)
                language = language_label(passage.language, t)
                by_paragraph.setdefault(twin.paragraph, []).append(
                    _Note(finding, evidence, twin, parallel_of=(language, original))
                )
        if not found_any:
            unanchored.append(finding.requirement)
    comments = 0
    for notes in by_paragraph.values():
        first = min(notes, key=lambda n: n.anchor.start).anchor.first
        last = max(notes, key=lambda n: n.anchor.end).anchor.last
        lines: list[str] = []
        for index, note in enumerate(notes):
            if index:
                lines.append("")
            lines.extend(_note_lines(note, home, t))
        head, *rest = (xml_safe(line) for line in lines)
        comment = document.add_comment([first, last], text=head, author=AUTHOR, initials=INITIALS)
        for line in rest:
            comment.add_paragraph(line)
        comments += 1
    return AnnotationResult(comments=comments, unanchored=unanchored)


# ------------------------------------------------------------------ document parts


def _heading(document: WordDocument, text: str, level: int) -> Paragraph:
    try:
        return document.add_heading(xml_safe(text), level)
    except KeyError:  # the original document's styles may lack Word's built-in headings
        paragraph = document.add_paragraph()
        run = paragraph.add_run(xml_safe(text))
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
    # Word honours cell widths, not column widths; set both for LibreOffice. A fixed
    # layout keeps LibreOffice from squeezing a column until words break mid-word.
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
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
    # The header row repeats on every page the table runs onto.
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)
    return table


def _where(evidence: list[Evidence], t: Messages) -> str:
    places = []
    for item in sorted(evidence, key=lambda e: e.role != "decides"):
        place = location(item.section, item.page, t)
        if place and place not in places:
            places.append(place)
    return "; ".join(places[:3])


def _counts_text(report: Report, t: Messages) -> str:
    s = report.summary
    parts = [t(f"status_count.{status}", count=getattr(s, status.replace("-", "_")))
             for status in ("met", "partial", "conflict", "missing")]  # fmt: skip
    if s.not_applicable:
        parts.append(t("status_count.not-applicable", count=s.not_applicable))
    text = ", ".join(parts)
    text = text[:1].upper() + text[1:] + "."
    if s.highest_severity_gap:
        text += " " + t("common.highest_gap_sentence", severity=t.severity(s.highest_severity_gap))
    return text


def _add_grid(document: WordDocument, report: Report, t: Messages, width: float) -> None:
    table = _table(document, [t("common.topic"), *(t(f"status_short.{s}") for s in STATUSES)])
    for cell in table.rows[0].cells[1:]:
        # Status names a word long ("Противор."): a size smaller keeps them on one line.
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(8)
    for row in topic_grid(report):
        cells = table.add_row().cells
        _cell_text(cells[0], row.label)
        for cell, status in zip(cells[1:], STATUSES, strict=True):
            count = row.counts[status]
            _cell_text(cell, str(count), bold=bool(count))
            if count:
                _shade(cell, STATUS_TINT[status])
    status_width = min(0.95, (width - 1.9) / len(STATUSES))
    _widths(table, [width - status_width * len(STATUSES)] + [status_width] * len(STATUSES))


def _add_findings_table(document: WordDocument, report: Report, t: Messages, width: float) -> Table:
    header = [t("common.requirement"), t("common.status"), t("common.severity"), t("common.where")]
    table = _table(document, header)
    for finding in ordered_findings(report):
        cells = table.add_row().cells
        _cell_text(cells[0], finding.title)
        _cell_text(cells[1], t.status(finding.status), bold=True, colour="FFFFFF")
        _shade(cells[1], STATUS_COLOUR[finding.status])
        severity = t.severity(finding.severity) if finding.status != "not-applicable" else ""
        _cell_text(cells[2], severity)
        _cell_text(cells[3], _where(finding.evidence, t))
    # Wide enough for the longest word of each column in this language ("критическая"),
    # so no word breaks in the middle.
    fixed = [
        _fit([header[1], *(t.status(s) for s in STATUSES)], 1.15),
        _fit([header[2], *(t.severity(s) for s in ("critical", "high", "medium", "low"))], 0.85),
        1.3,
    ]
    _widths(table, [width - sum(fixed), *fixed])
    return table


def _fit(words: list[str], least: float) -> float:
    """Inches a 9-point bold column needs so that none of `words` breaks."""
    longest = max((len(word) for text in words for word in text.split()), default=0)
    return round(max(least, 0.095 * longest + 0.2), 2)


def _add_check_these(document: WordDocument, report: Report, t: Messages) -> None:
    _heading(document, t("check.title"), 1)
    document.add_paragraph(xml_safe(t("check.intro")))
    items = check_these(report)
    if not items:
        document.add_paragraph(t("check.none"))
    for item in items:
        paragraph = _list_paragraph(document)
        lead = paragraph.add_run(f"{t.status(item.finding.status)}: ")
        lead.bold = True
        lead.font.color.rgb = RGBColor.from_string(STATUS_COLOUR[item.finding.status])
        paragraph.add_run(xml_safe(item.finding.title)).bold = True
        confidence = t("common.confidence", value=f"{item.finding.confidence:.2f}")
        paragraph.add_run(xml_safe(f" ({confidence}): {item.text(t)}"))


def _list_paragraph(document: WordDocument) -> Paragraph:
    try:
        return document.add_paragraph(style="List Bullet")
    except KeyError:  # an annotated original may not define the list style
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(14)
        paragraph.add_run("• ")
        return paragraph


def _add_clause(document: WordDocument, finding: Finding, t: Messages) -> None:
    """The recommended clause once: what to do, the clause, the fallback."""
    rec = document.add_paragraph()
    rec.paragraph_format.left_indent = Pt(18)
    rec.add_run(xml_safe(action_label(finding, t)) + ": ").bold = True
    rec.add_run(xml_safe(clause_of(finding)))
    if finding.fallback_clause:
        fallback = document.add_paragraph()
        fallback.paragraph_format.left_indent = Pt(18)
        fallback.add_run(xml_safe(t("common.fallback")) + ": ").bold = True
        fallback.add_run(xml_safe(finding.fallback_clause))


def _add_recommendations(document: WordDocument, report: Report, t: Messages) -> None:
    gaps = [f for f in ordered_findings(report) if f.status in GAP_STATUSES]
    _heading(document, t("docx.recommended_clauses"), 1)
    if not gaps:
        document.add_paragraph(t("docx.nothing_to_change"))
        return
    for finding in gaps:
        _heading(
            document,
            t("docx.recommended_for", title=finding.title, status=t.status(finding.status).lower()),
            2,
        )
        _add_clause(document, finding, t)


def _party_text(report: Report, role: str, t: Messages) -> str | None:
    party = getattr(report.document.roles, role)
    if party is None:
        return None
    return t("facts.as_named", name=party.name, term=party.term) if party.name else party.term


def _add_facts(document: WordDocument, report: Report, t: Messages, width: float) -> None:
    doc = report.document
    facts = [
        (t("facts.file"), doc.path),
        (t("facts.kind"), kind_label(doc.kind, t)),
        (
            t("facts.format"),
            doc.format.upper() + (", " + t("common.pages", count=doc.pages) if doc.pages else ""),
        ),
    ]
    for role in ("vendor", "customer"):
        text = _party_text(report, role, t)
        if text:
            facts.append((t(f"facts.{role}"), text))
    if not (doc.roles.vendor or doc.roles.customer):
        facts.append((t("facts.parties"), "; ".join(doc.parties) or t("facts.not_identified")))
    facts += [
        (t("facts.language"), doc.language_line(t) if doc.languages else ""),
        (t("facts.profile"), report.profile),
        (t("facts.settings"), _sentences(parameter_sentences(report, t))),
        (t("facts.library"), t("facts.library_version", version=report.tool.library_version)),
        (t("facts.sha256"), doc.sha256),
        (t("facts.reviewed"), f"{report.tool.name} {report.tool.version}"),
    ]
    table = document.add_table(rows=0, cols=2)
    for label, value in facts:
        if not value:
            continue
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True)
        _cell_text(cells[1], value)
    _widths(table, [1.5, width - 1.5])
    for warning in doc.warnings:
        document.add_paragraph(xml_safe(t("common.warning", text=warning)))


def _sentences(parts: list[str]) -> str:
    return " ".join(p[:1].upper() + p[1:] + "." for p in parts)


def _text_width(document: WordDocument) -> float:
    section = document.sections[-1]
    if section.page_width and section.left_margin is not None and section.right_margin is not None:
        width = (section.page_width - section.left_margin - section.right_margin) / 914400
        if 3.0 < width < 12.0:
            return float(width)
    return 6.3


def _add_summary(
    document: WordDocument, report: Report, result: AnnotationResult, t: Messages
) -> None:
    width = _text_width(document)
    _heading(document, t("docx.summary_heading"), 1)
    document.add_paragraph(
        xml_safe(
            t(
                "docx.summary_intro",
                tool=f"{report.tool.name} {report.tool.version}",
                profile=report.profile,
                version=report.tool.library_version,
                comments=t("docx.summary_comments", count=result.comments),
            )
        )
    )
    settings = parameter_sentences(report, t)
    if settings:
        document.add_paragraph(xml_safe(_sentences(settings)))
    if result.unanchored:
        document.add_paragraph(t("docx.unanchored", ids=", ".join(result.unanchored)))
    document.add_paragraph(_counts_text(report, t))
    _add_grid(document, report, t, width)
    _add_check_these(document, report, t)
    _heading(document, t("memo.summary_table"), 1)
    _add_findings_table(document, report, t, width)
    _add_recommendations(document, report, t)


def _a4_with_page_numbers(document: WordDocument, t: Messages) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    template = t("memo.page_of", page="\x00PAGE\x00", pages="\x00NUMPAGES\x00")
    for index, piece in enumerate(template.split("\x00")):
        if index % 2:
            _field(footer, piece)
        elif piece:
            footer.add_run(piece).font.size = Pt(8)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laid out."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _add_memo(document: WordDocument, report: Report, t: Messages) -> None:
    _a4_with_page_numbers(document, t)
    width = _text_width(document)
    _heading(document, t("memo.title", file=PurePath(report.document.path).name), 0)
    _add_facts(document, report, t, width)
    _heading(document, t("common.at_a_glance"), 1)
    document.add_paragraph(_counts_text(report, t))
    _add_grid(document, report, t, width)
    _add_check_these(document, report, t)
    _heading(document, t("memo.summary_table"), 1)
    _add_findings_table(document, report, t, width)
    _heading(document, t("common.findings"), 1)
    for finding in ordered_findings(report):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(10)
        status = paragraph.add_run(f"{t.status(finding.status).upper()} ")
        status.bold = True
        status.font.color.rgb = RGBColor.from_string(STATUS_COLOUR[finding.status])
        if finding.status != "not-applicable":
            paragraph.add_run(f"({t.severity(finding.severity)}) ")
        paragraph.add_run(xml_safe(finding.title)).bold = True
        tag = paragraph.add_run(
            f"  {topic_label(finding.topic, report.topics)} · {finding.requirement}"
        )
        tag.font.size = Pt(8)
        document.add_paragraph(xml_safe(finding.explanation))
        for evidence in finding.evidence:
            quote = document.add_paragraph()
            quote.paragraph_format.left_indent = Pt(18)
            place = location(evidence.section, evidence.page, t)
            if place:
                quote.add_run(place + ": ").bold = True
            quote.add_run(f"“{xml_safe(evidence.text)}”").italic = True
            if evidence.role == "other-way":
                quote.add_run(f" ({evidence_role_label(evidence, t)})").font.size = Pt(8.5)
            for passage in evidence.parallel:
                # The same clause in the contract's other language, right below it.
                twin = document.add_paragraph()
                twin.paragraph_format.left_indent = Pt(30)
                twin.add_run(xml_safe(parallel_label(passage, t)) + ": ").bold = True
                run = twin.add_run(f"“{xml_safe(passage.text)}”")
                run.italic = True
                run.font.color.rgb = RGBColor.from_string("59636E")
        if finding.status in GAP_STATUSES and (
            finding.recommended_clause or finding.recommendation
        ):
            _add_clause(document, finding, t)
