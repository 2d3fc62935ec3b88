"""Blocks into a flat list of numbered clauses with heading paths.

A numbered block or a heading starts a new clause; unnumbered paragraphs and
table rows that follow belong to it. Numbers are composed the way lawyers
cite them: "(b)" inside clause 12 is "12(b)", a markdown item "1." nested
under "2." is "2.1", and numbers inside an annex carry the annex ("Annex 2,
3.1" is built by the report from `Clause.part`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from reviewer.document import Block, Document
from reviewer.segment.languages import CELL_SEPARATOR
from reviewer.segment.model import Clause
from reviewer.segment.numbering import NumberToken, parse_number, parse_part
from reviewer.segment.parallel import number_key

_INLINE_HEADING = re.compile(r"^([A-ZА-ЯЁ][\w’'&/,\- ]{1,80}?)[.:]\s+(?=[A-ZА-ЯЁ\"“«(]|\d+[a-z])")
_CAPS_HEADING = re.compile(
    r"^((?:[A-ZА-ЯЁ0-9][A-ZА-ЯЁ0-9’'&/,\-]*\s+){1,9}?[A-ZА-ЯЁ][A-ZА-ЯЁ’'&/\-]+)\s+"
    r"(?=\S*[a-zа-яё])(?!(?:shall|will|may|must|is|are|agrees?|has|have)\b)"
)
_SMALL_WORDS = {"and", "or", "of", "the", "to", "for", "in", "on", "by", "with", "a", "an", "as"}
MAX_HEADING_CHARS = 90


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё][\w’'-]*")


def _looks_like_russian_title(text: str) -> bool:
    """Russian headings are in sentence case ("Права и обязанности сторон") or capitals."""
    words = _CYRILLIC_WORD.findall(text)
    if not words or len(words) > 10 or not words[0][0].isupper():
        return False
    if text.isupper():
        return True
    # Short, no verb-like clause punctuation: a title, not the first words of a duty.
    return len(words) <= 6 and not re.search(r"[,;:«»()]", text)


def _looks_like_title(text: str) -> bool:
    if _CYRILLIC_WORD.match(text.lstrip('«"“ ')):
        return _looks_like_russian_title(text)
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text)]
    if not words or len(words) > 12:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return capitalised / len(words) >= 0.75


def split_heading(rest: str) -> str | None:
    """The heading of a numbered block: a short title line, or an inline "Audits." lead."""
    stripped = rest.strip()
    if not stripped:
        return None
    if (
        len(stripped) <= MAX_HEADING_CHARS
        and not stripped.endswith((".", ";", ","))
        and _looks_like_title(stripped)
    ):
        return stripped.rstrip(":")
    if (
        len(stripped) <= MAX_HEADING_CHARS
        and stripped.endswith(".")
        and _looks_like_title(stripped[:-1])
        and len(stripped.split()) <= 8
    ):
        return stripped[:-1]
    match = _INLINE_HEADING.match(stripped)
    if match and _looks_like_title(match.group(1)) and len(match.group(1).split()) <= 8:
        return match.group(1).strip()
    # An upper-case lead run into the text: "DATA SUBJECT REQUESTS 37signals shall ...".
    caps = _CAPS_HEADING.match(stripped)
    if caps and len(caps.group(1).split()) >= 2:
        return caps.group(1).strip()
    return None


@dataclass(slots=True)
class _Frame:
    level: int
    citation: str | None
    title: str
    decimal: bool  # a decimal/keyword number that list markers hang from
    heading: bool = False  # came from a heading block ("## 2. Processing")


@dataclass(slots=True)
class _State:
    part: str | None = None
    stack: list[_Frame] = field(default_factory=list)
    # markdown / Word list nesting level -> (citation, clause level)
    list_labels: dict[int, tuple[str, int]] = field(default_factory=dict)
    previous_letter: str | None = None
    last_list_style: str | None = None
    # heading level -> (citation, clause level) of numbered headings ("## C." -> "C")
    heading_labels: dict[int, tuple[str, int]] = field(default_factory=dict)


def _base_citation(state: _State) -> tuple[str | None, int]:
    """Citation and level of the nearest decimal-numbered clause."""
    for frame in reversed(state.stack):
        if frame.decimal:
            return frame.citation, frame.level
    return None, -1


def _citation_for(token: NumberToken, block: Block, state: _State) -> tuple[str, int, bool]:
    """(citation, level, is_decimal) for a numbered block."""
    style = token.style
    if block.kind == "heading" and block.level is not None:
        heading = _heading_citation(token, block.level, state)
        if heading is not None:
            return heading
    if style in ("dotted", "keyword"):
        state.list_labels.clear()
        return token.label, max(0, token.depth - 1), True
    md_level = block.level if block.kind == "list_item" and block.level is not None else None
    if md_level and style == "single" and token.label != "1" and md_level not in state.list_labels:
        # "7." indented deeper than the "3." before it, with no sub-list running at
        # its level: a sub-list would start at 1, so this is clause 7, set in from
        # the margin (a PDF heading), not item 3.7.
        md_level = 0
    if md_level is not None:
        # Markdown / Word list: compose with the enclosing list levels.
        for lvl in [lvl for lvl in state.list_labels if lvl >= md_level]:
            del state.list_labels[lvl]
        parent: str | None = None
        level = md_level
        if md_level > 0 and (md_level - 1) in state.list_labels:
            parent, parent_level = state.list_labels[md_level - 1]
            level = parent_level + 1
        elif md_level > 0:
            parent, base_level = _base_citation(state)
            level = base_level + 1
        else:
            # Items right under a numbered heading ("## 2. Processing") continue its numbering.
            heading_frame = next((f for f in reversed(state.stack) if f.heading), None)
            if heading_frame is not None and heading_frame.decimal:
                parent, level = heading_frame.citation, heading_frame.level + 1
            elif style != "single":
                # "(i)" list items after "2.2.1 ..." hang from that clause: "2.2.1(i)".
                parent, base_level = _base_citation(state)
                if parent is not None:
                    level = base_level + 1
        if style == "single":
            citation = f"{parent}.{token.label}" if parent else token.label
        else:
            own = token.label.strip("().")
            citation = f"{parent}({own})" if parent else f"({own})"
        state.list_labels[md_level] = (citation, level)
        return citation, level, style == "single"
    if style == "single":
        state.list_labels.clear()
        return token.label, 0, True
    base, base_level = _base_citation(state)
    own = token.label.strip("().")
    nested = 1
    if style in ("paren-roman", "roman") and state.last_list_style in ("paren-letter", "letter"):
        nested = 2
    citation = f"{base}({own})" if base else f"({own})"
    if nested == 2:
        letter_frame = next(
            (f for f in reversed(state.stack) if f.citation and f.level == base_level + 1), None
        )
        if letter_frame and letter_frame.citation:
            citation = f"{letter_frame.citation}({own})"
    return citation, base_level + nested, False


# A decimal number inside a block's text that starts a sub-clause the reader
# merged into the block ("4. PERSONNEL 4.1 Confidentiality. ..."): it must
# follow a sentence end, a colon or an upper-case heading word.
_EMBEDDED = re.compile(r"(?<=[.:;A-ZА-ЯЁа-яё)])\s+(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=[A-ZА-ЯЁ\"“«(])")


def _follows(previous: list[int], candidate: list[int]) -> bool:
    """True when `candidate` is the next number a reader expects after `previous`."""
    if candidate == [*previous, 1]:
        return True
    for k in range(len(previous)):
        bumped = [*previous[:k], previous[k] + 1]
        if candidate in (bumped, [*bumped, 1]):
            return True
    return False


def _split_embedded(document: Document, block: Block, last: list[int]) -> list[Block]:
    """`block` cut before embedded sub-clause numbers that continue the numbering."""
    if block.kind in ("table_row", "heading"):
        return [block]
    token = parse_number(block.text)
    if token is not None and token.style in ("dotted", "single"):
        last = [int(x) for x in token.label.split(".")]
    cuts: list[int] = []
    for match in _EMBEDDED.finditer(block.text):
        candidate = [int(x) for x in match.group(1).split(".")]
        if last and _follows(last, candidate):
            cuts.append(match.start(1))
            last = candidate
    if not cuts:
        return [block]
    pieces: list[Block] = []
    bounds = [0, *cuts, len(block.text)]
    for a, b in itertools.pairwise(bounds):
        piece_text = block.text[a:b].rstrip()
        start = block.start + a
        pieces.append(
            replace(
                block,
                text=piece_text,
                start=start,
                end=start + len(piece_text),
                page=document.page_at(start) if block.page is not None else None,
                page_breaks=[
                    pb for pb in block.page_breaks if start <= pb[0] < start + len(piece_text)
                ],
                number=block.number if a == 0 else None,
                kind=block.kind if a == 0 else "paragraph",
                level=block.level if a == 0 else None,
            )
        )
    return pieces


def _heading_citation(
    token: NumberToken, level: int, state: _State
) -> tuple[str, int, bool] | None:
    """Citations for numbered headings under lettered ones: "## C." then "### 1." is "C.1".

    Returns None when the ordinary rules apply (decimal headings carry their
    own hierarchy: "## 2." then "### 2.1").
    """
    drop_heading_labels(state, level)
    parent = state.heading_labels[max(state.heading_labels)] if state.heading_labels else None
    own = token.label.strip("().")
    if token.style in ("letter", "roman", "paren-letter", "paren-roman"):
        citation, clause_level = own, len(state.heading_labels)
    elif token.style == "single" and parent is not None and not parent[0][0].isdigit():
        citation, clause_level = f"{parent[0]}.{own}", parent[1] + 1
    else:
        if token.style in ("single", "dotted", "keyword"):
            state.heading_labels[level] = (token.label, max(0, token.depth - 1))
        return None
    state.list_labels.clear()
    state.heading_labels[level] = (citation, clause_level)
    return citation, clause_level, True


def drop_heading_labels(state: _State, level: int) -> None:
    """Forget numbered headings at `level` and deeper: a new heading closes them."""
    for old in [lvl for lvl in state.heading_labels if lvl >= level]:
        del state.heading_labels[old]


def _bilingual_row_number(text: str) -> NumberToken | None:
    """The clause a table row holds in two languages: "3.1 Исполнитель ... | 3.1 Орындаушы
    ..." (or "Статья 5 ... | 5-бап ...", or the number in a cell of its own before the
    versions) is clause 3.1. Rows of other tables are not clauses."""
    cells = [cell.strip() for cell in text.split(CELL_SEPARATOR) if cell.strip()]
    if len(cells) < 2:
        return None
    token = parse_number(cells[0])
    if token is None or token.style not in ("dotted", "single", "keyword"):
        return None
    keys = [number_key(cell) for cell in cells]
    alone = token.length >= len(cells[0])  # "3.1 | text | text"
    if alone and len(cells) >= 3 and set(keys[1:]) <= {keys[0], None}:
        return token
    if not alone and len(set(keys)) == 1:
        return token
    return None


def build_clauses(document: Document) -> list[Clause]:
    clauses: list[Clause] = []
    state = _State()
    text = document.text

    def start_clause(
        block: Block, number: str | None, heading: str | None, level: int, title: str, decimal: bool
    ) -> None:
        while state.stack and state.stack[-1].level >= level:
            state.stack.pop()
        parent_frame = state.stack[-1] if state.stack else None
        state.stack.append(_Frame(level, number, title, decimal, heading=block.kind == "heading"))
        parent_index = None
        if parent_frame is not None:
            for clause in reversed(clauses):
                if clause.number == parent_frame.citation and clause.level == parent_frame.level:
                    parent_index = clause.index
                    break
        clauses.append(
            Clause(
                index=len(clauses),
                number=number,
                heading=heading,
                heading_path=[f.title for f in state.stack if f.title],
                text=block.text,
                start=block.start,
                end=block.end,
                page_start=block.page,
                page_end=block.page,
                level=level,
                parent=parent_index,
                part=state.part,
                block_indexes=[block.index],
            )
        )

    blocks: list[Block] = []
    last_number: list[int] = []
    for original in document.blocks:
        pieces = _split_embedded(document, original, last_number)
        for piece in pieces:
            lead = parse_number(piece.text)
            if lead is not None and lead.style in ("dotted", "single"):
                last_number = [int(x) for x in lead.label.split(".")]
        blocks.extend(pieces)
    for block in blocks:
        part = (
            parse_part(block.text) if (block.kind == "heading" or len(block.text) < 140) else None
        )
        if part:
            state.part = part
            state.stack.clear()
            state.list_labels.clear()
            start_clause(block, None, block.text, 0, block.text, False)
            continue
        token: NumberToken | None = None
        if block.kind != "table_row":
            token = parse_number(block.text, state.previous_letter)
        else:
            token = _bilingual_row_number(block.text)
        if (
            token is not None
            and block.number
            and block.kind == "list_item"
            and block.level is not None
        ):
            pass  # markdown / Word list marker: composed below with the list levels
        if token is not None:
            rest = block.text[token.length :]
            citation, level, decimal = _citation_for(token, block, state)
            heading = split_heading(rest) if (decimal or block.kind == "heading") else None
            if token.style in ("paren-letter", "letter"):
                letter = token.label.strip("().").lower()
                state.previous_letter = letter if len(letter) == 1 else None
            elif token.style in ("dotted", "single", "keyword"):
                state.previous_letter = None
            if token.style not in ("dotted", "single", "keyword"):
                state.last_list_style = token.style
            title = f"{citation} {heading}" if heading else citation
            start_clause(block, citation, heading, level, title, decimal)
            continue
        if block.kind == "heading":
            level = block.level if block.level is not None else 0
            state.list_labels.clear()
            drop_heading_labels(state, level)
            start_clause(block, None, block.text, level, block.text, False)
            continue
        if clauses:
            current = clauses[-1]
            current.end = block.end
            current.text = text[current.start : current.end]
            current.block_indexes.append(block.index)
            if block.page is not None:
                current.page_end = block.page
            for _, page in block.page_breaks:
                current.page_end = page
        else:
            start_clause(block, None, None, 0, "", False)
    for clause in clauses:
        last = document.blocks[clause.block_indexes[-1]]
        if last.page_breaks:
            clause.page_end = last.page_breaks[-1][1]
    return clauses
