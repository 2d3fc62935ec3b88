"""The redline: the contract back as Word with each recommended clause as a tracked change.

What a negotiating lawyer sends to the other side. For every gap of the review:

- a conflicting or weak clause (the passage that decides the finding) is deleted
  and the recommended clause inserted in its place, as one Word deletion plus
  one insertion inside the same paragraph, so the clause keeps its number;
- a missing protection is inserted as a new paragraph after the last clause of
  the section that deals with the same topic (with that clause's paragraph
  properties, so it continues the numbering: a new 5.3 after 5.2, no later
  number moves), or, when no clause deals with the topic, in a new section
  "Data protection and AI" at the end;
- each change carries a margin comment saying why.

Every change is a real Word revision (`w:ins` / `w:del`, author
"contract-reviewer"), so Word and LibreOffice show it and "Accept all" yields
the amended contract. Paragraphs that are not changed stay byte for byte as
they were, as do the numbering, styles and section properties. A passage that
decides a met finding is never deleted (a weak clause that also gives another
protection gets the stronger wording added after it instead), and a clause
cited only as pointing the other way is never touched.
"""

from __future__ import annotations

import copy
import itertools
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from reviewer.report.clause_labels import TypedLabel, parse_label
from reviewer.report.docx import (
    AUTHOR,
    INITIALS,
    _Locator,
    _normalise_char,
    _runs,
    open_word,
    save_atomically,
    xml_safe,
)
from reviewer.report.messages import Messages, language_for, messages
from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import GAP_STATUSES, clause_of, ordered_findings

W_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n",
               qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}  # fmt: skip


@dataclass
class RedlineResult:
    replaced: list[str] = field(default_factory=list)  # requirement ids: deletion + insertion
    strengthened: list[str] = field(default_factory=list)  # inserted after a clause kept
    added: list[str] = field(default_factory=list)  # new paragraphs
    skipped: list[str] = field(default_factory=list)  # gaps with no clause to propose
    # After accepting every change and reviewing again: requirement -> its new status.
    after_accepting: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> list[str]:
        return self.replaced + self.strengthened + self.added

    @property
    def fixed(self) -> list[str]:
        return [r for r in self.changed if self.after_accepting.get(r) == "met"]

    @property
    def still_open(self) -> dict[str, str]:
        """Changed requirements that do not review as met once the changes are accepted."""
        return {
            r: self.after_accepting[r]
            for r in self.changed
            if r in self.after_accepting and self.after_accepting[r] != "met"
        }


@dataclass
class _Replacement:
    paragraph: int  # locator paragraph index
    start: int  # normalised offsets inside that paragraph's text
    end: int
    findings: list[Finding] = field(default_factory=list)
    delete: bool = True


@dataclass
class _Addition:
    after: int | None  # locator paragraph index; None: the new section at the end
    findings: list[Finding] = field(default_factory=list)


class _Revisions:
    """Ids and dates for w:ins / w:del / comments (ids unique in the document part)."""

    def __init__(self, document: WordDocument) -> None:
        body = document.element.body
        used = [
            int(v)
            for v in body.xpath(".//w:ins/@w:id | .//w:del/@w:id")
            if str(v).lstrip("-").isdigit()
        ]
        self._ids = itertools.count(max(used, default=0) + 1000)
        self.date = datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")

    def mark(self, tag: str) -> etree._Element:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self._ids)))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        return element


# ------------------------------------------------------------------------ planning


def _deciding(finding: Finding) -> list[Evidence]:
    return [e for e in finding.evidence if e.role == "decides"]


def _plan(
    report: Report, locator: _Locator
) -> tuple[list[_Replacement], list[_Addition], list[str]]:
    """Which passages to replace and where to add clauses, from the review."""
    findings = ordered_findings(report)
    # Passages that give a protection the contract has: never deleted.
    protected: set[tuple[int, int]] = set()
    for finding in findings:
        if finding.status == "met":
            for evidence in _deciding(finding):
                found = locator.span(evidence.text)
                if found:
                    protected.add(found)
    replacements: dict[tuple[int, int], _Replacement] = {}
    additions: dict[int | None, _Addition] = {}
    skipped: list[str] = []
    for finding in findings:
        if finding.status not in GAP_STATUSES:
            continue
        if not clause_of(finding):
            skipped.append(finding.requirement)
            continue
        targets: list[tuple[tuple[int, int], int]] = []
        if finding.status in ("conflict", "partial"):
            # Every passage that decides the gap goes (a carve-out sentence after the
            # clause would keep the gap open); the new clause takes the first one's place.
            for evidence in _deciding(finding):
                found = locator.span(evidence.text, exact=True)
                if found is None:
                    continue
                first, _ = locator._position(found[0])
                last, _ = locator._position(max(found[0], found[1] - 1))
                if first == last:  # a passage across paragraphs is left alone
                    targets.append((found, first))
        if targets:
            for index, ((start, end), paragraph) in enumerate(targets):
                offset = locator.starts[paragraph]
                replacement = replacements.setdefault(
                    (start, end), _Replacement(paragraph, start - offset, end - offset)
                )
                if (start, end) in protected:
                    replacement.delete = False
                if index == 0:
                    replacement.findings.append(finding)
            continue
        anchor = _related_paragraph(finding, report, locator)
        additions.setdefault(anchor, _Addition(anchor)).findings.append(finding)
    return list(replacements.values()), list(additions.values()), skipped


def _related_paragraph(finding: Finding, report: Report, locator: _Locator) -> int | None:
    """The last paragraph, in reading order, of the clauses cited on the same topic."""
    cited: list[int] = []
    for other in report.findings:
        if other.topic != finding.topic:
            continue
        for evidence in other.evidence:
            found = locator.span(evidence.text)
            if found:
                cited.append(locator._position(max(found[0], found[1] - 1))[0])
    for evidence in finding.evidence:
        found = locator.span(evidence.text)
        if found:
            cited.append(locator._position(max(found[0], found[1] - 1))[0])
    return max(cited) if cited else None


# ------------------------------------------------------------------- run surgery


def _atoms(run: etree._Element) -> list[tuple[etree._Element, str]]:
    """The run's content children with the text each stands for (as python-docx reads it)."""
    out = []
    for child in run:
        if child.tag == qn("w:rPr"):
            continue
        if child.tag in W_TEXT_TAGS:
            text = W_TEXT_TAGS[child.tag]
            out.append((child, child.text or "" if text is None else text))
        else:
            out.append((child, ""))
    return out


def _split_run(run: etree._Element, at: int) -> etree._Element:
    """Split `run` after `at` characters; returns the new right-hand run (inserted after)."""
    right = copy.deepcopy(run)
    for child in list(right):
        if child.tag != qn("w:rPr"):
            right.remove(child)
    seen = 0
    moving = False
    for child, text in _atoms(run):
        if moving:
            run.remove(child)
            right.append(child)
            continue
        if seen + len(text) <= at:
            seen += len(text)
            if seen == at and text:
                moving = True
            continue
        # The split falls inside this w:t.
        keep = at - seen
        tail = OxmlElement("w:t")
        tail.text = text[keep:]
        tail.set(qn("xml:space"), "preserve")
        child.text = text[:keep]
        child.set(qn("xml:space"), "preserve")
        right.append(tail)
        moving = True
        seen = at
    run.addnext(right)
    return right


def _paragraph_runs(paragraph: Paragraph) -> list[tuple[etree._Element, list[int | None]]]:
    """Each run with, per character of its text, the position in the normalised paragraph
    text the locator searches (None where a space collapses into the one before), built
    exactly as the locator builds that text."""
    out = []
    length = 0
    last_space = False
    for run in _runs(paragraph):
        positions: list[int | None] = []
        for ch in run.text:
            normal = _normalise_char(ch)
            if normal == " " and last_space:
                positions.append(None)
                continue
            positions.append(length)
            length += len(normal)
            last_space = normal.endswith(" ")
        out.append((run._r, positions))
    return out


def _isolate(paragraph: Paragraph, start: int, end: int) -> list[etree._Element]:
    """Split runs so that the normalised span [start, end) is whole runs; return them."""
    chosen: list[etree._Element] = []
    for run, positions in _paragraph_runs(paragraph):
        inside = [i for i, p in enumerate(positions) if p is not None and start <= p < end]
        if not inside:
            continue
        first, last = inside[0], inside[-1] + 1
        if last < len(positions):
            _split_run(run, last)
        if first > 0:
            run = _split_run(run, first)
        chosen.append(run)
    return chosen


def _delete(runs: list[etree._Element], revisions: _Revisions) -> list[etree._Element]:
    """Wrap each run in a w:del (its text becomes w:delText); returns the w:del elements."""
    wrappers = []
    for run in runs:
        wrapper = revisions.mark("w:del")
        run.addprevious(wrapper)
        wrapper.append(run)
        for text in run.findall(qn("w:t")):
            text.tag = qn("w:delText")
        for instruction in run.findall(qn("w:instrText")):
            instruction.tag = qn("w:delInstrText")
        wrappers.append(wrapper)
    return wrappers


def _inserted_run(text: str, like: etree._Element | None) -> etree._Element:
    run = OxmlElement("w:r")
    if like is not None:
        properties = like.find(qn("w:rPr"))
        if properties is not None:
            run.append(copy.deepcopy(properties))
    element = OxmlElement("w:t")
    element.text = xml_safe(text)
    element.set(qn("xml:space"), "preserve")
    run.append(element)
    return run


def _insertion(text: str, like: etree._Element | None, revisions: _Revisions) -> etree._Element:
    wrapper = revisions.mark("w:ins")
    wrapper.append(_inserted_run(text, like))
    return wrapper


def _comment(
    document: WordDocument, first: etree._Element, last: etree._Element, lines: list[str]
) -> None:
    """A margin comment spanning from `first` to `last` (siblings in one paragraph)."""
    head, *rest = (xml_safe(line) for line in lines)
    comment = document.comments.add_comment(text=head, author=AUTHOR, initials=INITIALS)
    for line in rest:
        comment.add_paragraph(line)
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), str(comment.comment_id))
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), str(comment.comment_id))
    first.addprevious(start)
    last.addnext(end)
    reference_run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "CommentReference")
    properties.append(style)
    reference_run.append(properties)
    reference = OxmlElement("w:commentReference")
    reference.set(qn("w:id"), str(comment.comment_id))
    reference_run.append(reference)
    end.addnext(reference_run)


def _new_paragraph(
    text: str, properties: etree._Element | None, like_run: etree._Element | None,
    revisions: _Revisions,
) -> etree._Element:  # fmt: skip
    """A whole paragraph inserted as a tracked change (its mark too)."""
    paragraph = OxmlElement("w:p")
    p_pr = copy.deepcopy(properties) if properties is not None else OxmlElement("w:pPr")
    for unwanted in p_pr.findall(qn("w:sectPr")) + p_pr.findall(qn("w:pPrChange")):
        p_pr.remove(unwanted)
    mark_properties = p_pr.find(qn("w:rPr"))
    if mark_properties is None:
        mark_properties = OxmlElement("w:rPr")
        p_pr.append(mark_properties)
    for old in mark_properties.findall(qn("w:ins")) + mark_properties.findall(qn("w:del")):
        mark_properties.remove(old)
    mark_properties.insert(0, revisions.mark("w:ins"))
    paragraph.append(p_pr)
    paragraph.append(_insertion(text, like_run, revisions))
    return paragraph


def _number(paragraph: etree._Element, label: TypedLabel, like: etree._Element | None) -> None:
    """Put a typed number at the start of an inserted paragraph (inside its insertion),
    formatted like the number of the clause it copies."""
    insertion = paragraph.find(qn("w:ins"))
    assert insertion is not None
    insertion.insert(0, _inserted_run(label.render(), like))


# ------------------------------------------------------------------------ writing


def _why(finding: Finding, t: Messages) -> str:
    key = {"conflict": "comment_replace", "partial": "comment_strengthen"}.get(
        finding.status, "comment_add"
    )
    return t(f"redline.{key}", title=finding.title, why_short=t("redline.conflicting"))


# Blanks a model clause leaves for the lawyer: "[страна]", "Приложение № [__]".
_BLANK = re.compile(r"\[(?:_+|страна)\]")


def _comment_lines(findings: list[Finding], t: Messages) -> list[str]:
    lines: list[str] = []
    for index, finding in enumerate(findings):
        if index:
            lines.append("")
        lines.append(_why(finding, t))
        lines.append(t("docx.comment_why", text=finding.explanation))
        if finding.fallback_clause:
            lines.append(t("redline.comment_fallback", clause=finding.fallback_clause))
        if "an annex to this" in clause_of(finding):
            lines.append(t("redline.comment_annex"))
        elif _BLANK.search(clause_of(finding)) or _BLANK.search(finding.fallback_clause):
            lines.append(t("redline.comment_blanks"))
    return lines


def _numbering(paragraph: etree._Element) -> tuple[str, int] | None:
    """(numId, level) of a paragraph with Word numbering, else None."""
    num_id = paragraph.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if not num_id:
        return None
    level = paragraph.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    return str(num_id[0]), int(level[0]) if level else 0


def _style(paragraph: etree._Element) -> str:
    found = paragraph.xpath("./w:pPr/w:pStyle/@w:val")
    return str(found[0]) if found else ""


def _list_end(paragraphs: list[Paragraph], index: int) -> int:
    """The last paragraph of the list run `index` belongs to, at its level or deeper, so
    an inserted sibling takes the next number without moving any later number."""
    here = _numbering(paragraphs[index]._p)
    if here is None:
        return index
    end = index
    for next_index in range(index + 1, len(paragraphs)):
        element = paragraphs[next_index]._p
        other = _numbering(element)
        if other is None or other[0] != here[0] or other[1] < here[1]:
            break
        if other[1] == here[1] and _style(element).lower().startswith("heading"):
            break
        end = next_index
    return end


def _section_styles(document: WordDocument) -> tuple[etree._Element | None, etree._Element | None]:
    """Paragraph properties for a new top-level section: the contract's last top-level
    heading and its last numbered clause, so the new section continues the numbering
    (None where the contract has no such paragraph: built-in styles are used)."""
    heading = clause = None
    for element in document.element.body.iter(qn("w:p")):
        style = _style(element).lower()
        numbering = _numbering(element)
        if style.startswith("heading") and (heading is None or style in ("heading1", "heading 1")):
            heading = element.pPr
        elif numbering is not None and not style.startswith("heading"):
            clause = element.pPr
    return heading, clause


# ---------------------------------------------------------------- typed numbers


def _paragraph_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in _runs(paragraph))


def _word_numbered(paragraph: Paragraph) -> bool:
    """Whether Word generates the paragraph's number (its own list properties or its
    style's); such a paragraph's text carries no number of its own."""
    found = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if found:
        return str(found[0]) != "0"
    style = paragraph.style
    while style is not None:
        found = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if found:
            return str(found[0]) != "0"
        style = style.base_style
    return False


def _typed_label(paragraph: Paragraph, previous_letter: str | None = None) -> TypedLabel | None:
    if _word_numbered(paragraph):
        return None
    return parse_label(_paragraph_text(paragraph), previous_letter)


def _label_end(paragraph: Paragraph) -> int:
    """Where a typed number and the spacing after it end, as an offset into the
    normalised paragraph text the locator searches (0 where there is none)."""
    label = _typed_label(paragraph)
    if label is None:
        return 0
    typed = _paragraph_text(paragraph)[: label.length]
    return len(re.sub(r" +", " ", "".join(_normalise_char(ch) for ch in typed)))


def _run_at(paragraph: etree._Element, offset: int) -> etree._Element | None:
    """The run (w:r) holding character `offset` of the paragraph's text."""
    seen = 0
    for run in paragraph.iter(qn("w:r")):
        if run.getparent() is not None and run.getparent().tag == qn("w:del"):
            continue
        length = sum(len(text) for _, text in _atoms(run))
        if seen + length > offset:
            return run
        seen += length
    return None


def _looks_like_heading(paragraph: Paragraph, label: TypedLabel) -> bool:
    """A section heading ("2. Use of data", "Статья 5. Персональные данные") rather than
    a clause: a heading style, or a few words that are not a sentence nor lead into a list."""
    if _style(paragraph._p).lower().startswith(("heading", "title")):
        return True
    words = _paragraph_text(paragraph)[label.length :].strip()
    return (
        len(words) <= 80 and len(words.split()) <= 10 and not words.endswith((".", ":", ";", ","))
    )


class _TypedNumbers:
    """The typed numbers of a document's paragraphs (locator order), read once."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self.word = [_word_numbered(p) for p in paragraphs]
        self.labels: list[TypedLabel | None] = []
        previous_letter: str | None = None
        for paragraph, word in zip(paragraphs, self.word, strict=True):
            label = None if word else parse_label(_paragraph_text(paragraph), previous_letter)
            if label is not None and label.scheme == "latin" and len(label.parts) == 1:
                previous_letter = label.core().lower()[0]
            self.labels.append(label)
        self.parents = [p._p.getparent() for p in paragraphs]
        # The runs holding each number and the words after it, to format new ones alike.
        self.runs: list[tuple[etree._Element | None, etree._Element | None]] = [
            (None, None) if label is None else (_run_at(p._p, 0), _run_at(p._p, label.length))
            for p, label in zip(paragraphs, self.labels, strict=True)
        ]

    def _stops(self, index: int, container: etree._Element) -> bool:
        """A paragraph a typed run cannot go past: another container (a table cell, the
        body), a Word-numbered one, or an unnumbered heading."""
        if self.parents[index] is not container or self.word[index]:
            return True
        return self.labels[index] is None and _style(self.paragraphs[index]._p).lower().startswith(
            ("heading", "title")
        )

    def place(self, index: int) -> tuple[int, int, TypedLabel] | None:
        """Where a clause inserted for the clause at `index` goes when the document types
        its numbers: (the paragraph it follows, the sibling whose style it copies, its
        number); None where the clause has no typed number (Word's numbering or none).

        The rule, as Word's own numbering does it in `_list_end`: the new clause goes
        after the last clause of the run the anchor belongs to and takes the next free
        number (after 2.1, 2.2, 2.3 comes 2.4 at the end of section 2, even for a clause
        on the topic of 2.2), so no clause is renumbered. A section heading with clauses
        under it takes the new clause as its last clause. A lettered item ("(b)") inside a
        numbered clause is a list item of that clause: a whole new clause, a sentence of
        its own, goes after that clause's run as a numbered clause, not as "(d)"."""
        container = self.parents[index]
        start = index
        while self.labels[start] is None:  # a paragraph that goes on the clause above
            if start == 0 or self._stops(start, container) or self._stops(start - 1, container):
                return None
            start -= 1
        anchor = self.labels[start]
        assert anchor is not None
        if not anchor.decimal:
            outer = start
            while outer > 0 and not self._stops(outer - 1, container):
                outer -= 1
                found = self.labels[outer]
                if found is not None and found.decimal:
                    start, anchor = outer, found
                    break
        if anchor.decimal:
            return self._decimal_place(start, anchor, container)
        return self._item_place(start, anchor, container)

    def _decimal_place(
        self, start: int, anchor: TypedLabel, container: etree._Element
    ) -> tuple[int, int, TypedLabel]:
        level, parent = anchor.depth, anchor.parts[:-1]
        for index in range(start + 1, len(self.labels)):
            if self._stops(index, container):
                break
            label = self.labels[index]
            if label is not None and label.decimal:
                child = label.depth == anchor.depth + 1 and label.parts[:-1] == anchor.parts
                if child and _looks_like_heading(self.paragraphs[start], anchor):
                    level, parent = anchor.depth + 1, anchor.parts
                break
        end, sibling = start, start if level == anchor.depth else None
        for index in range(start + 1, len(self.labels)):
            if self._stops(index, container):
                break
            label = self.labels[index]
            if label is None:
                continue  # text going on a clause: the run ends at a numbered paragraph
            if not label.decimal:
                end = index  # an item of the clause above
                continue
            if label.depth < level or label.parts[: level - 1] != parent:
                break
            end = index
            if label.depth == level:
                sibling = index
        assert sibling is not None  # a heading only takes children it has
        last = self.labels[sibling]
        assert last is not None
        return end, sibling, last.following()

    def _item_place(
        self, start: int, anchor: TypedLabel, container: etree._Element
    ) -> tuple[int, int, TypedLabel]:
        """A list of lettered (or roman) items with no numbered clause around it."""
        end = sibling = start
        for index in range(start + 1, len(self.labels)):
            if self._stops(index, container):
                break
            label = self.labels[index]
            if label is None:
                continue
            if label.decimal:
                break
            end = index
            if (label.scheme, label.head, label.tail) == (anchor.scheme, anchor.head, anchor.tail):
                sibling = index
        last = self.labels[sibling]
        assert last is not None
        return end, sibling, last.following()

    def new_section(
        self, body: etree._Element
    ) -> tuple[tuple[int, TypedLabel] | None, tuple[int, TypedLabel] | None]:
        """Typed numbers for the new section at the end: (paragraph whose style the
        heading copies, the heading's number) and (the clause whose style its clauses
        copy, the first clause's number); None for either where the document types no
        such number. Sections go on from the highest section number; clauses under a
        numbered section are its 1, 2, ...; in a flat list of clauses they go on from the
        last; lettered items start again at (a)."""
        top = 0
        heading = deep = flat = item = None
        word = -1  # the last clause Word numbers
        for index, label in enumerate(self.labels):
            if self.parents[index] is not body:
                continue
            if self.word[index] and not _style(self.paragraphs[index]._p).lower().startswith(
                "heading"
            ):
                word = index
            if label is None:
                continue
            if not label.decimal:
                item = index
                continue
            top = max(top, label.parts[0])
            if label.depth > 1:
                deep = index
            elif _looks_like_heading(self.paragraphs[index], label):
                heading = index
            else:
                flat = index
        if max((i for i in (deep, flat, item) if i is not None), default=-1) < word:
            return None, None  # the contract ends in Word's numbering: the new section too
        if deep is not None:  # sections with numbered clauses: 5. then 5.1, 5.2 ...
            clause = (deep, self._label(deep).with_parts((top + 1, 1)))
            if heading is None:
                return None, clause
            return (heading, self._label(heading).with_parts((top + 1,))), clause
        if flat is not None or heading is not None:  # one list: 1, 2, 3 ... goes on
            last = max(i for i in (flat, heading) if i is not None)
            return None, (last, self._label(last).with_parts((top + 1,)))
        if item is not None:  # lettered items under unnumbered headings: (a) again
            return None, (item, self._label(item).with_parts((1,)))
        return None, None

    def _label(self, index: int) -> TypedLabel:
        label = self.labels[index]
        assert label is not None
        return label


def write_redline(
    report: Report, source: Path, output: Path, *, language: str | None = None
) -> RedlineResult:
    """Write `source` (a Word file) with the review's recommended clauses tracked."""
    t = messages(language_for(report, language))
    document = open_word(source, "write the redline")
    revisions = _Revisions(document)
    locator = _Locator(document)
    replacements, additions, skipped = _plan(report, locator)
    result = RedlineResult(skipped=skipped)
    paragraphs = [para.paragraph for para in locator.paras]
    # Typed numbers are read before any change, from the paragraphs as the drafter wrote them.
    typed = _TypedNumbers(paragraphs)

    # Replacements first: they only touch runs inside paragraphs that already exist. Last
    # passage first, so the offsets of earlier passages in the same paragraph still hold.
    for replacement in sorted(replacements, key=lambda r: (r.paragraph, r.start), reverse=True):
        if not replacement.findings and not replacement.delete:
            continue  # a protective passage of a finding whose clause went in elsewhere
        paragraph = locator.paras[replacement.paragraph].paragraph
        # A typed number ("2.2.", "Clause 7.3", "(b)") stays: the clause keeps its number.
        start = max(replacement.start, _label_end(paragraph))
        runs = _isolate(paragraph, start, replacement.end) if start < replacement.end else []
        if not runs:
            if not replacement.findings:
                continue
            replacement.delete = False
            runs = [r._r for r in _runs(paragraph)][-1:]
        text = " ".join(clause_of(f) for f in replacement.findings)
        ids = [f.requirement for f in replacement.findings]
        if replacement.delete:
            deleted = _delete(runs, revisions)
            if not replacement.findings:
                continue  # a further passage of a finding whose clause went in elsewhere
            inserted = _insertion(text, runs[0], revisions)
            deleted[-1].addnext(inserted)
            _comment(document, deleted[0], inserted, _comment_lines(replacement.findings, t))
            result.replaced += ids
        elif replacement.findings:
            inserted = _insertion(" " + text, runs[-1], revisions)
            runs[-1].addnext(inserted)
            _comment(document, inserted, inserted, _comment_lines(replacement.findings, t))
            result.strengthened += ids

    body = document.element.body
    # Paragraphs inserted after a clause with a typed number, numbered once all are in:
    # end of the run -> (the sibling whose style they copy, the first number, the new ones).
    numbered: dict[int, tuple[int, TypedLabel, list[etree._Element]]] = {}
    for addition in additions:
        if addition.after is not None:
            place = None if typed.word[addition.after] else typed.place(addition.after)
            if place is None:
                anchor_index = _list_end(paragraphs, addition.after)
                anchor = paragraphs[anchor_index]._p
                properties = anchor.pPr
                like = next(iter(anchor.findall(qn("w:r"))), None)
                fresh: list[etree._Element] = []
            else:
                anchor_index, sibling, label = place
                anchor = paragraphs[anchor_index]._p
                properties = paragraphs[sibling]._p.pPr
                like = typed.runs[sibling][1]
                fresh = numbered.setdefault(anchor_index, (sibling, label, []))[2]
            for finding in addition.findings:
                new = _new_paragraph(clause_of(finding), properties, like, revisions)
                anchor.addnext(new)
                fresh.append(new)
                inserted = new.find(qn("w:ins"))
                _comment(document, inserted, inserted, _comment_lines([finding], t))
                anchor = new
                result.added.append(finding.requirement)
            continue
        heading_pr, clause_pr = _section_styles(document)
        typed_heading, typed_clause = typed.new_section(body)
        heading_like = clause_like = None
        last = body[-1] if body[-1].tag != qn("w:sectPr") else body[-1].getprevious()
        heading_properties = heading_pr
        if typed_heading is not None:
            # Set as the contract sets its numbered section headings (a plain paragraph
            # has no properties: then plain too, not a Word heading style).
            heading_properties = paragraphs[typed_heading[0]]._p.pPr
            if heading_properties is None:
                heading_properties = OxmlElement("w:pPr")
            heading_like = typed.runs[typed_heading[0]][1]
        if heading_properties is None:
            heading_properties = OxmlElement("w:pPr")
            style = OxmlElement("w:pStyle")
            style.set(qn("w:val"), "Heading1")
            heading_properties.append(style)
        heading = _new_paragraph(
            t("redline.section_heading"), heading_properties, heading_like, revisions
        )
        if typed_heading is not None:
            _number(heading, typed_heading[1], typed.runs[typed_heading[0]][0])
        last.addnext(heading)
        if typed_clause is not None:
            clause_pr = paragraphs[typed_clause[0]]._p.pPr
            clause_like = typed.runs[typed_clause[0]][1]
        anchor = heading
        clause_label = typed_clause[1] if typed_clause is not None else None
        for finding in addition.findings:
            new = _new_paragraph(clause_of(finding), clause_pr, clause_like, revisions)
            if typed_clause is not None and clause_label is not None:
                _number(new, clause_label, typed.runs[typed_clause[0]][0])
                clause_label = clause_label.following()
            anchor.addnext(new)
            inserted = new.find(qn("w:ins"))
            _comment(document, inserted, inserted, _comment_lines([finding], t))
            anchor = new
            result.added.append(finding.requirement)
    for end, (sibling, label, fresh) in numbered.items():
        # In reading order: a later addition at the same place went in before earlier ones.
        element = paragraphs[end]._p.getnext()
        while element is not None and any(element is new for new in fresh):
            _number(element, label, typed.runs[sibling][0])
            label = label.following()
            element = element.getnext()
    save_atomically(document, output)
    return result


def check_redline(result: RedlineResult, redline: Path, review: Callable[[Path], Report]) -> None:
    """Accept every change of `redline`, review the result with `review` and record, per
    changed requirement, the status it gets: the proof that the redline fixes what it
    says, and the list of clauses a lawyer must still complete (an annex to attach)."""
    with tempfile.TemporaryDirectory(prefix="reviewer-redline-") as work:
        accepted = Path(work) / redline.name
        accept_all(redline, accepted)
        after = review(accepted)
    result.after_accepting = {f.requirement: f.status for f in after.findings}


def accept_all(source: Path, output: Path) -> None:
    """Accept every tracked change (what Word's "Accept all" does), for checking a redline."""
    document = open_word(source, "accept its changes")
    body = document.element.body
    for deleted in body.xpath(".//w:del"):
        parent = deleted.getparent()
        if parent is not None and parent.tag == qn("w:rPr"):
            # A deleted paragraph mark: merge the paragraph with the next one.
            paragraph = parent.getparent().getparent()
            parent.remove(deleted)
            following = paragraph.getnext()
            if following is not None and following.tag == qn("w:p"):
                for child in list(following):
                    if child.tag != qn("w:pPr"):
                        paragraph.append(child)
                following.getparent().remove(following)
            continue
        if parent is not None:
            parent.remove(deleted)
    for inserted in body.xpath(".//w:ins"):
        parent = inserted.getparent()
        if parent is None:
            continue
        if parent.tag == qn("w:rPr"):
            parent.remove(inserted)
            continue
        for child in list(inserted):
            inserted.addprevious(child)
        parent.remove(inserted)
    save_atomically(document, output)
