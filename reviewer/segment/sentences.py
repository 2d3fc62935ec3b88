"""Sentence boundaries tuned for legal text.

Rules, not a statistical model: contracts are full of abbreviations
("e.g.", "Inc.", "U.S.", "No.", "Sec."), numbered references ("Section 4.2
of"), list markers ("(a)", "(ii)") and defined terms in quotes, which
general-purpose splitters break on. The rules are plain Python so that a
review does not pay spaCy's import cost (about 0.8 s here); `reviewer.nlp`
wraps the same rules as a spaCy pipeline component for lemma-based work.
Sentences never cross block boundaries.
"""

from __future__ import annotations

import re

# Lower-cased abbreviations that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "cf",
        "vs",
        "v",
        "viz",
        "al",
        "approx",
        "incl",
        "excl",
        "esp",
        "inc",
        "ltd",
        "llc",
        "llp",
        "plc",
        "co",
        "corp",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "sa",
        "sarl",
        "pty",
        "pte",
        "no",
        "nos",
        "sec",
        "secs",
        "art",
        "arts",
        "para",
        "paras",
        "cl",
        "reg",
        "regs",
        "ch",
        "pt",
        "pp",
        "p",
        "sch",
        "app",
        "annex",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "e.u",
        "u.s.a",
        "u.n",
        "min",
        "max",
        "dept",
        "govt",
        "est",
        # Russian: "т.е.", "т.д.", "ст. 6", "п. 3.2", "пп. а)", "2024 г.", "ул.", "руб."
        "т.е",
        "т.к",
        "т.д",
        "т.п",
        "т.ч",
        "т.н",
        "т",
        "др",
        "пр",
        "см",
        "ср",
        "ст",
        "стст",
        "п",
        "пп",
        "подп",
        "ч",
        "абз",
        "гл",
        "разд",
        "прил",
        "г",
        "гг",
        "руб",
        "коп",
        "тыс",
        "млн",
        "млрд",
        "ул",
        "д",
        "кв",
        "корп",
        "стр",
        "оф",
        "пом",
        "обл",
        "им",
        "тел",
        "напр",
        "прим",
        "рис",
        "табл",
        "мин",
        "макс",
        "юр",
        "физ",
        "ген",
        "дир",
        "зам",
        "и.о",
        "вкл",
        "искл",
        "з.п",
    ]
)
# Colons introduce lists and stay inside the sentence with the first item.
_CANDIDATE = re.compile(r"[.!?;]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(
    r"\s+(?=[\"'“‘«(\[]?[A-ZА-ЯЁ0-9§•№]|\((?:[a-zа-я]{1,2}|[ivx]{1,5})\)\s|[а-я]\)\s)"
)
# A sentence may not consist of a bare clause number ("1.", "4.2.", "(a).", "Section 3.").
_BARE_NUMBER = re.compile(
    r"\s*(?:(?:section|clause|article|§|статья|ст\.|пункт|п\.|раздел|глава)\s*)?"
    r"(?:\(?[a-zа-я]{1,3}\)|\(?[ivxlc]{1,6}[.)]|\d+(?:\.\d+)*\.?|[a-zа-я][.)])\s*\.?",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"([\w.&-]+)$")
_NEXT_ITEM = re.compile(
    r"\s+((?:and|or|и|или|либо)\b)?\s*(?=\(?(?:[a-zа-я]|[ivx]{1,4}|\d{1,2})[).]\s)"
)
MAX_SENTENCE_CHARS = 2000


def _is_abbreviation(text: str, end: int) -> bool:
    """True when the period at text[end-1] closes an abbreviation or initial."""
    # Search a short window: an end-anchored search from 0 is quadratic on long blocks.
    match = _WORD_BEFORE.search(text, max(0, end - 41), end - 1)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Initials and dotted abbreviations: "U.S.", "J.", "a.m.", "И.И.", "т.е."
    return re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences in `text` (one block)."""
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        punct = match.group(0)
        if end >= length:
            break
        if punct[0] == ";":
            # Semicolons end a sentence only before a list marker
            # such as "(b)" or "2." that begins a new item ("; and (b) ...").
            item = _NEXT_ITEM.match(text, end)
            if not item:
                continue
            # "and" / "or" before the next marker stays with this item.
            spans.append((start, item.end(1) if item.group(1) else end))
            start = item.end()
            continue
        nxt = _NEXT_START.match(text, end)
        if not nxt:
            continue
        elif punct[0] == ".":
            if _is_abbreviation(text, match.start() + 1):
                continue
            if _BARE_NUMBER.fullmatch(text, start, match.end()):
                continue
        sentence_end = match.end()
        if sentence_end - start > 0 and text[start:sentence_end].strip():
            spans.append((start, sentence_end))
        start = nxt.end()
    if text[start:].strip():
        spans.append((start, length))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
