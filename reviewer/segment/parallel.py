"""Parallel texts of bilingual contracts: which passage translates which.

Contracts in Kazakhstan and Uzbekistan are often signed in two languages at
once: Russian and Kazakh (or Uzbek, or English) side by side in the two
columns of a table, in two text columns of a page, or each Russian paragraph
followed by its Kazakh twin under the same clause number. The review reads
the language the playbook has cues for; a lawyer wants the other version of
every quoted clause beside it, because both are binding. This module pairs
the texts the layout pairs:

- the cells of one table row ("3.1 Исполнитель ... | 3.1 Орындаушы ...");
- on a PDF page, paragraphs side by side in two columns that start on the
  same line, or, where the columns drift apart, the n-th paragraph of one
  column with the n-th of the other when both hold the same number of them;
- paragraphs with the same clause number ("5.", "Статья 5" / "5-бап"), taken
  in order, so that two columns of a page or twin paragraphs line up;
- a paragraph followed at once by one in another language of about the same
  length, neither numbered otherwise (an unnumbered twin).

Only languages that hold a real share of the document are paired; a
monolingual contract has no parallels. Within a pair, sentences are matched
by position when both texts have as many sentences, else the whole twin is
cited.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewer.document import Document
from reviewer.language import letter_count
from reviewer.segment.languages import BlockLanguage, LanguageSummary
from reviewer.segment.numbering import parse_number, parse_part

if TYPE_CHECKING:  # the model module imports this one
    from reviewer.segment.model import Sentence

Box = tuple[float, float, float, float]

# Kazakh, Kyrgyz, Uzbek and Azerbaijani put the number before the word: "5-бап", "3-modda".
_NUMBER_FIRST = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3})*)\s*-\s*(?:бап|тарау|бөлім|тармақ|модда|боб|bob|modda|bo'lim|boʻlim|"
    r"berene|maddə|fəsil)\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+(?:\.\d+)*|\([a-zа-я]{1,2}\)|[a-zа-я]\)", re.IGNORECASE)
SAME_ROW_POINTS = 8.0  # tops of side-by-side paragraphs closer than this share a row
MAX_LENGTH_RATIO = 2.5  # a translation is not more than this much longer than its original
NUMBER_WINDOW = 40  # how far ahead in the other language a numbered twin is looked for
MAX_PASSAGE_CHARS = 1000


@dataclass(slots=True)
class TextUnit:
    """A paragraph, or one cell of a bilingual table row, read as one text."""

    block: int  # index of its block
    start: int  # offsets into Document.text
    end: int
    language: str | None
    number: str | None  # the clause number it starts with, reduced to digits ("5", "3.1")
    in_row: bool = False  # a cell of a bilingual table row
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Parallels:
    """The units of a document and, per unit, its twins in the other languages."""

    units: list[TextUnit] = field(default_factory=list)
    twins: dict[int, list[int]] = field(default_factory=dict)

    def unit_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.units, offset, key=lambda u: u.start) - 1
        if i >= 0 and offset < self.units[i].end:
            return i
        return None

    def passages(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """(language, start, end) of the text parallel to document.text[start:end]."""
        index = self.unit_at(start)
        if index is None or index not in self.twins:
            return []
        unit = self.units[index]
        found = []
        for twin_index in self.twins[index]:
            twin = self.units[twin_index]
            if twin.language:
                found.append((twin.language, *_matching_part(unit, twin, start, end)))
        return found


def _apart(first: Box, second: Box) -> bool:
    """Side by side: one box ends (nearly) where the other begins, or before."""
    return first[2] <= second[0] + 2 or second[2] <= first[0] + 2


def _matching_part(unit: TextUnit, twin: TextUnit, start: int, end: int) -> tuple[int, int]:
    """The part of `twin` that translates unit[start:end]: the sentences in the same
    places when both have as many, else the whole twin (or, when that is long, the
    part at the same relative place)."""
    covered = [i for i, (s, e) in enumerate(unit.sentences) if s < end and e > start]
    if covered and len(unit.sentences) == len(twin.sentences):
        return twin.sentences[covered[0]][0], twin.sentences[covered[-1]][1]
    if twin.end - twin.start <= MAX_PASSAGE_CHARS or not twin.sentences:
        return twin.start, min(twin.end, twin.start + MAX_PASSAGE_CHARS)
    # The sentence of the twin at the same relative place, with neighbours while
    # the passage stays about as long as the quoted one.
    where = (start - unit.start) / max(1, unit.end - unit.start)
    target = twin.start + where * (twin.end - twin.start)
    middle = min(
        range(len(twin.sentences)),
        key=lambda i: abs((twin.sentences[i][0] + twin.sentences[i][1]) / 2 - target),
    )
    first = last = middle
    budget = max(end - start, 200) * 1.5
    while True:
        grown = False
        for candidate in (first - 1, last + 1):
            if 0 <= candidate < len(twin.sentences):
                lo = min(first, candidate)
                hi = max(last, candidate)
                if twin.sentences[hi][1] - twin.sentences[lo][0] <= budget:
                    first, last, grown = lo, hi, True
        if not grown:
            return twin.sentences[first][0], twin.sentences[last][1]


def number_key(text: str) -> str | None:
    """The clause number `text` starts with, as digits, whatever the language writes
    around it: "Статья 5" / "5-бап" / "5." -> "5"; "п. 3.1" / "3.1" -> "3.1"."""
    text = text.lstrip()
    match = _NUMBER_FIRST.match(text)
    if match:
        return match.group(1)
    part = parse_part(text)
    if part:
        digits = re.search(r"[0-9A-ZА-Я]+$", part)
        return f"part {digits.group(0)}" if digits else None
    token = parse_number(text)
    if token is None:
        return None
    found = _DIGITS.search(token.label)
    return found.group(0).lower() if found else token.label.lower()


def _units(
    document: Document, languages: list[BlockLanguage], sentences: list[Sentence]
) -> list[TextUnit]:
    units: list[TextUnit] = []
    for index, (block, info) in enumerate(zip(document.blocks, languages, strict=True)):
        if info.cells:
            for start, end, language in info.cells:
                text = block.text[start:end]
                units.append(
                    TextUnit(
                        index,
                        block.start + start,
                        block.start + end,
                        language,
                        number_key(text),
                        in_row=True,
                    )
                )
        else:
            number = number_key(block.text)
            units.append(TextUnit(index, block.start, block.end, info.language, number))
    starts = [u.start for u in units]
    for sentence in sentences:
        i = bisect.bisect_right(starts, sentence.start) - 1
        if i >= 0 and sentence.start < units[i].end:
            units[i].sentences.append((sentence.start, sentence.end))
    return units


class _Pairing:
    def __init__(self, units: list[TextUnit], document: Document, versions: list[str]) -> None:
        self.units = units
        self.document = document
        self.versions = set(versions)
        self.twins: dict[int, dict[str, int]] = defaultdict(dict)

    def usable(self, i: int) -> bool:
        return self.units[i].language in self.versions

    def free(self, i: int, language: str | None) -> bool:
        return language is not None and language not in self.twins[i]

    def alike(self, a: int, b: int) -> bool:
        """Two texts of about the same length (a translation of one another could be)."""
        first = letter_count(self._text(a))
        second = letter_count(self._text(b))
        if not first or not second:
            return False
        return 1 / MAX_LENGTH_RATIO <= first / second <= MAX_LENGTH_RATIO

    def _text(self, i: int) -> str:
        unit = self.units[i]
        return self.document.text[unit.start : unit.end]

    def pair(self, a: int, b: int) -> bool:
        first, second = self.units[a], self.units[b]
        if (
            first.language == second.language
            or not self.usable(a)
            or not self.usable(b)
            or not self.free(a, second.language)
            or not self.free(b, first.language)
        ):
            return False
        assert first.language and second.language
        self.twins[a][second.language] = b
        self.twins[b][first.language] = a
        return True

    # ------------------------------------------------------------- the layouts
    def table_rows(self) -> None:
        by_row: dict[int, list[int]] = defaultdict(list)
        for i, unit in enumerate(self.units):
            if unit.in_row:
                by_row[unit.block].append(i)
        for cells in by_row.values():
            for a in cells:
                for b in cells:
                    if a < b:
                        self.pair(a, b)

    def side_by_side(self) -> None:
        """PDF pages: paragraphs in two columns that start on the same line; then the
        columns of a page with as many paragraphs left over on each side, in order."""
        pages: dict[int, dict[int, Box]] = defaultdict(dict)
        for i, unit in enumerate(self.units):
            block = self.document.blocks[unit.block]
            if not unit.in_row and block.bbox is not None and block.page and self.usable(i):
                pages[block.page][i] = block.bbox
        for boxes in pages.values():
            candidates = []
            for a, box_a in boxes.items():
                for b, box_b in boxes.items():
                    if (
                        a < b
                        and self.units[a].language != self.units[b].language
                        and _apart(box_a, box_b)
                    ):
                        candidates.append((abs(box_a[1] - box_b[1]), a, b))
            for distance, a, b in sorted(candidates):
                if distance <= SAME_ROW_POINTS and self.alike(a, b):
                    self.pair(a, b)
            self._columns_in_order(boxes)

    def _columns_in_order(self, boxes: dict[int, Box]) -> None:
        languages = sorted({self.units[i].language or "" for i in boxes})
        for first in languages:
            for second in languages:
                if first >= second:
                    continue
                ours = [
                    i for i in boxes if self.units[i].language == first and self.free(i, second)
                ]
                theirs = [
                    i for i in boxes if self.units[i].language == second and self.free(i, first)
                ]
                if not ours or len(ours) != len(theirs):
                    continue
                # Two separate columns: no paragraph of one overlaps the other sideways.
                if not all(_apart(boxes[a], boxes[b]) for a in ours for b in theirs):
                    continue
                pairs = list(
                    zip(
                        sorted(ours, key=lambda i: boxes[i][1]),
                        sorted(theirs, key=lambda i: boxes[i][1]),
                        strict=True,
                    )
                )
                if all(self.alike(a, b) for a, b in pairs):
                    for a, b in pairs:
                        self.pair(a, b)

    def same_numbers(self) -> None:
        """Numbered paragraphs of two languages in order: "5." with "5.", "Статья 5" with
        "5-бап", whatever lies between them (the rest of a column, or nothing)."""
        for first in sorted(self.versions):
            for second in sorted(self.versions):
                if first >= second:
                    continue
                ours = [
                    i
                    for i, u in enumerate(self.units)
                    if u.language == first and u.number and self.free(i, second)
                ]
                theirs = [
                    i
                    for i, u in enumerate(self.units)
                    if u.language == second and u.number and self.free(i, first)
                ]
                cursor = 0
                for a in ours:
                    for k in range(cursor, min(len(theirs), cursor + NUMBER_WINDOW)):
                        b = theirs[k]
                        if self.units[b].number == self.units[a].number and self.alike(a, b):
                            if self.pair(a, b):
                                cursor = k + 1
                            break

    def next_to_each_other(self) -> None:
        """A paragraph followed at once by its twin in another language."""
        for a in range(len(self.units) - 1):
            b = a + 1
            first, second = self.units[a], self.units[b]
            if first.in_row or second.in_row or first.language == second.language:
                continue
            if first.number and second.number and first.number != second.number:
                continue
            if self.alike(a, b):
                self.pair(a, b)


def align(
    document: Document,
    languages: list[BlockLanguage],
    summary: LanguageSummary,
    sentences: list[Sentence],
) -> Parallels:
    """The parallel texts of a bilingual document (none for a monolingual one)."""
    versions = summary.multilingual()
    if len(versions) < 2 or not document.blocks:
        return Parallels()
    units = _units(document, languages, sentences)
    pairing = _Pairing(units, document, versions)
    pairing.table_rows()
    pairing.side_by_side()
    pairing.same_numbers()
    pairing.next_to_each_other()
    twins = {
        i: sorted(by_language.values()) for i, by_language in pairing.twins.items() if by_language
    }
    return Parallels(units=units, twins=twins)
