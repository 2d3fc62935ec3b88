"""Defined terms: '"Customer Data" means ...', '(the "Provider")' and definition tables."""

from __future__ import annotations

import re

from reviewer.document import Block
from reviewer.segment.model import Definition, Sentence

_Q_OPEN = "\"“”'‘’"
_TERM = r"[A-Z][\w’'&/.\- ]{0,58}[\w)]"
_MEANS = re.compile(
    rf"(?:^|(?<=[\s(]))[{_Q_OPEN}](?P<term>{_TERM})[{_Q_OPEN}]\s*,?\s*"
    r"(?:\([^)]{0,80}\)\s*)?(?:means|shall mean|will mean|has the meaning|have the meaning|refers to|includes|shall include|is defined)",
)
# '(the "Provider")', '("PSI", "we", "us" or "our" as the context may require)'
_PAREN = re.compile(
    rf"\((?:each\s+|collectively\s+|together\s+)?(?:the\s+|a\s+|an\s+)?[{_Q_OPEN}][^()]{{0,200}}\)"
)
_QUOTED = re.compile(rf"[{_Q_OPEN}](?P<term>[\w][\w’'&/.\- ]{{0,58}}[\w)]|\w)[{_Q_OPEN}]")
# Cover-page style: '“Specified Notice Period” is 48 hours.'
_QUOTED_IS = re.compile(
    rf"^\W*(?:\d+(?:\.\d+)*\.?\s+)?[{_Q_OPEN}](?P<term>{_TERM})[{_Q_OPEN}]\s+(?:is|are|will be|shall be)\s"
)
_BARE_MEANS = re.compile(rf"^(?P<term>{_TERM}?)\s+(?:means|shall mean)\b")


def _norm(term: str) -> str:
    return " ".join(term.replace("’", "'").split()).strip(" .")


# Header cells that mark a two-column table of definitions ("Term | Meaning").
_TABLE_HEADER = re.compile(r"^\W*(?:defined\s+)?(?:term|terms|word|expression)s?\W*$", re.I)


def _table_definitions(
    blocks: list[Block], sentences: list[Sentence]
) -> list[tuple[str, Sentence]]:
    """(term, row sentence) for each row of tables headed "Term | Meaning"."""
    by_start = {s.start: s for s in sentences}
    found: list[tuple[str, Sentence]] = []
    in_table = False
    previous: Block | None = None
    for block in blocks:
        if block.kind != "table_row":
            in_table = False
        else:
            cells = [c.strip() for c in block.text.split("|") if c.strip()]
            if previous is None or previous.kind != "table_row":
                # The first row of a table decides whether it defines terms.
                in_table = len(cells) >= 2 and bool(_TABLE_HEADER.match(cells[0]))
            elif in_table and len(cells) >= 2 and len(cells[1].split()) < 3:
                # A row without a sentence-like meaning is most likely the header of
                # the next table (the readers do not mark where one table ends).
                in_table = bool(_TABLE_HEADER.match(cells[0]))
            elif in_table and len(cells) >= 2 and len(cells[0].split()) <= 8:
                sentence = next(
                    (s for start, s in by_start.items() if block.start <= start < block.end), None
                )
                term = cells[0].strip("*_ ").strip(_Q_OPEN)
                if sentence is not None and term[:1].isalnum():
                    found.append((term, sentence))
        previous = block
    return found


def collect_definitions(
    sentences: list[Sentence], blocks: list[Block] | None = None
) -> dict[str, Definition]:
    """Defined terms of the document; `blocks` adds rows of definition tables."""
    glossary: dict[str, Definition] = {}

    def add(term: str, sentence: Sentence, style: str = "means") -> None:
        term = _norm(term)
        if len(term) < 2 or term.lower() in {"the", "this", "it"}:
            return
        glossary.setdefault(
            term,
            Definition(
                term=term,
                text=sentence.text,
                clause=sentence.clause,
                start=sentence.start,
                end=sentence.end,
                style=style,
            ),
        )

    for sentence in sentences:
        text = sentence.text
        if "mean" in text or "refers to" in text or "include" in text or "defined" in text:
            for match in _MEANS.finditer(text):
                add(match.group("term"), sentence)
            bare = _BARE_MEANS.match(re.sub(r"^\(?[\w.]{1,5}[.)]\s+", "", text))
            if bare and len(bare.group("term").split()) <= 6:
                add(bare.group("term"), sentence)
        quoted_is = _QUOTED_IS.match(text)
        if quoted_is:
            add(quoted_is.group("term"), sentence)
        if "(" in text:
            for match in _PAREN.finditer(text):
                for quoted in _QUOTED.finditer(match.group(0)):
                    add(quoted.group("term"), sentence, "alias")
    for term, sentence in _table_definitions(blocks or [], sentences):
        add(term, sentence)
    return glossary
