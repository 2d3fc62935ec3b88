"""Clause numbers typed into a paragraph's text ("2.2.", "2.2", "(b)", "Clause 7.3",
"п. 2.2.", "Статья 5."), as opposed to the numbers Word generates from its numbering.

The redline needs them twice: a replaced clause keeps its typed number (only the words
after it are deleted), and an inserted clause gets a typed number written the way its
neighbours write theirs. Recognition is the segmenter's (`parse_number`), so the redline
and the review agree on what is a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reviewer.segment.numbering import is_roman, parse_number, roman, roman_value

# Russian lettered lists skip ё, й, ъ, ы, ь ("а)", "б)", ... "и)", "к)").
CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SPLIT = re.compile(r"^(?P<head>.*?)(?P<core>\d+(?:\.\d+)*|[^\W\d_]+)(?P<tail>[.)]?)$", re.DOTALL)
_SEPARATOR = re.compile(r"[ \t\u00a0]*")


@dataclass(frozen=True)
class TypedLabel:
    """A typed clause number at the start of a paragraph, and how it is written."""

    head: str  # what comes before the number: "", "(", "Clause ", "п. ", "Статья "
    parts: tuple[int, ...]  # "2.2" -> (2, 2); "(b)" -> (2,); "(iv)" -> (4,)
    scheme: str  # decimal | latin | cyrillic | roman
    upper: bool  # "(B)", "IV.", "ARTICLE"-style upper-case letters
    tail: str  # what follows the number: "", ".", ")"
    separator: str  # the spacing typed after it: " ", "\t", ""
    length: int  # characters of the paragraph text the label and its spacing take

    @property
    def decimal(self) -> bool:
        return self.scheme == "decimal"

    @property
    def depth(self) -> int:
        """2.2.1 -> 3; letters and roman numerals are items of a clause: 0."""
        return len(self.parts) if self.decimal else 0

    def core(self, parts: tuple[int, ...] | None = None) -> str:
        parts = self.parts if parts is None else parts
        if self.decimal:
            return ".".join(str(p) for p in parts)
        (number,) = parts
        if self.scheme == "roman":
            text = roman(number)
        else:
            alphabet = CYRILLIC_LETTERS if self.scheme == "cyrillic" else LATIN_LETTERS
            # Past the last letter Word doubles it (aa, bb, ...); so do we.
            text = alphabet[(number - 1) % len(alphabet)] * ((number - 1) // len(alphabet) + 1)
        return text.upper() if self.upper else text

    def render(self, parts: tuple[int, ...] | None = None) -> str:
        """The label with `parts` written as this one is, spacing included."""
        return f"{self.head}{self.core(parts)}{self.tail}{self.separator or ' '}"

    def with_parts(self, parts: tuple[int, ...]) -> TypedLabel:
        return replace(self, parts=parts)

    def following(self) -> TypedLabel:
        """The next sibling: 2.3 -> 2.4, (c) -> (d), (iv) -> (v)."""
        return self.with_parts((*self.parts[:-1], self.parts[-1] + 1))


def parse_label(text: str, previous_letter: str | None = None) -> TypedLabel | None:
    """The typed number at the start of a paragraph's `text`, if it has one.

    `previous_letter` (the letter of the lettered item before) reads "(i)" after "(h)" as
    a letter, as the segmenter does.
    """
    lead = len(text) - len(text.lstrip(" \t\u00a0"))
    token = parse_number(text[lead:], previous_letter)
    if token is None:
        return None
    raw = text[lead : lead + token.length]
    split = _SPLIT.match(raw)
    if split is None:
        return None
    head, core, tail = split.group("head"), split.group("core"), split.group("tail")
    separator = _SEPARATOR.match(text, lead + token.length)
    spacing = separator.group(0) if separator else ""
    length = lead + token.length + len(spacing)
    if core[0].isdigit():
        parts = tuple(int(p) for p in core.split("."))
        return TypedLabel(head, parts, "decimal", False, tail, spacing, length)
    upper = core.isupper()
    lower = core.lower()
    roman = token.style in ("roman", "paren-roman") or (
        token.style == "keyword" and is_roman(lower)
    )
    if roman and is_roman(lower):
        return TypedLabel(head, (roman_value(lower),), "roman", upper, tail, spacing, length)
    if len(set(lower)) != 1:
        return None  # not a letter sequence Word or a drafter would type
    for scheme, alphabet in (("latin", LATIN_LETTERS), ("cyrillic", CYRILLIC_LETTERS)):
        if lower[0] in alphabet:
            number = alphabet.index(lower[0]) + 1 + len(alphabet) * (len(lower) - 1)
            return TypedLabel(head, (number,), scheme, upper, tail, spacing, length)
    return None
