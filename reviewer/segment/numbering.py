"""Clause numbers as readers see and cite them.

Recognises "4.", "4.2", "4.2.1", "(a)", "a)", "(iv)", "A.", "Section 4.2",
"Clause 7", "Article 3", "ARTICLE III", "§ 5" at the start of a block, and
the parts of a contract: Annex / Schedule / Exhibit / Appendix / Attachment.
Russian contracts number the same way and add keywords: "Статья 5",
"Раздел 4", "Глава 2", "п. 3.2" (cited as "3.2"), lettered items "а)",
"(б)", and parts "Приложение № 1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_KEYWORD = r"(?:section|clause|article|§|статья|раздел|глава|пункт|п\.)"
# Keywords a citation keeps ("Статья 5"); "п. 3.2" / "пункт 3.2" are cited as "3.2".
_BARE_KEYWORDS = {"п.", "пункт"}
NUMBER_AT_START = re.compile(
    rf"""^(?:
        (?P<keyword>{_KEYWORD})\s*(?P<kw_num>\d+(?:\.\d+)*|[IVXLC]+)\.?
      | (?P<dotted>\d{{1,3}}(?:\.\d{{1,3}})+)\.?
      | (?P<single>\d{{1,3}})[.)]
      | \((?P<paren>[a-zа-я]{{1,2}}|[ivxlc]{{1,6}}|\d{{1,3}}|[A-ZА-Я]{{1,2}})\)
      | (?P<letter>[a-zA-Zа-яА-Я])[.)]
      | (?P<roman>[ivxlc]{{1,6}}|[IVXLC]{{1,6}})[.)]
    )(?=\s|$)""",
    re.IGNORECASE | re.VERBOSE,
)
PART_AT_START = re.compile(
    r"^(?P<kind>annex|schedule|exhibit|appendix|attachment|addendum|приложение)\s+"
    r"(?P<sign>№\s*)?(?P<label>[A-ZА-Я0-9]{1,4}(?:\.\d+)?|[IVXLC]{1,6})(?!\w)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d\.?$")


def is_roman(token: str) -> bool:
    return bool(token) and bool(_ROMAN.match(token.lower()))


_ROMAN_VALUES = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def roman(number: int) -> str:
    """`number` in lower-case Roman numerals (14 -> "xiv")."""
    out = ""
    for value, letters in _ROMAN_VALUES:
        while number >= value:
            out += letters
            number -= value
    return out


def roman_value(text: str) -> int:
    """The value of Roman numerals in either case ("XIV" -> 14)."""
    total = 0
    rest = text.lower()
    for value, letters in _ROMAN_VALUES:
        while rest.startswith(letters):
            total += value
            rest = rest[len(letters) :]
    return total


@dataclass(frozen=True, slots=True)
class NumberToken:
    label: str  # as written, without trailing punctuation: "4.2", "(a)", "Article 3"
    style: (
        str  # dotted | single | paren-letter | paren-roman | paren-digit | letter | roman | keyword
    )
    depth: int  # dotted depth for decimal numbers (4.2.1 -> 3); 0 for list markers
    length: int  # characters consumed at the start of the text


def parse_number(text: str, previous_letter: str | None = None) -> NumberToken | None:
    """The clause number at the start of `text`, if any.

    `previous_letter` disambiguates "(i)" after "(h)" (a letter, not roman one).
    """
    match = NUMBER_AT_START.match(text)
    if not match:
        return None
    raw = match.group(0)
    if _YEAR.match(raw.strip()):
        return None
    if match.group("keyword"):
        keyword = match.group("keyword")
        number = match.group("kw_num")
        if keyword.lower() in _BARE_KEYWORDS:
            depth = number.count(".") + 1 if number[0].isdigit() else 1
            style = "dotted" if "." in number else "single"
            return NumberToken(number, style, depth, len(raw))
        label = f"{keyword.capitalize() if keyword != '§' else '§'} {number}"
        depth = number.count(".") + 1 if number[0].isdigit() else 1
        return NumberToken(label, "keyword", depth, len(raw))
    if match.group("dotted"):
        number = match.group("dotted")
        return NumberToken(number, "dotted", number.count(".") + 1, len(raw))
    if match.group("single"):
        return NumberToken(match.group("single"), "single", 1, len(raw))
    if match.group("paren"):
        inner = match.group("paren")
        if inner.isdigit():
            style = "paren-digit"
        elif is_roman(inner) and not (
            previous_letter and len(inner) == 1 and ord(inner.lower()) == ord(previous_letter) + 1
        ):
            style = "paren-roman" if len(inner) > 1 or inner.lower() in "iv" else "paren-letter"
        else:
            style = "paren-letter"
        return NumberToken(f"({inner})", style, 0, len(raw))
    if match.group("letter"):
        letter = match.group("letter")
        if not letter.isascii() and raw.rstrip().endswith("."):
            # Russian lists use "а)"; "г. Алматы", "д. 5", "п. 3" are abbreviations.
            return None
        if letter.lower() in "iv" and previous_letter is None:
            return NumberToken(f"{letter}.", "roman", 0, len(raw))
        return NumberToken(f"{letter}.", "letter", 0, len(raw))
    if match.group("roman"):
        return NumberToken(f"{match.group('roman')}.", "roman", 0, len(raw))
    return None


def parse_part(text: str) -> str | None:
    """ "Annex 2", "Schedule A", "Exhibit B" when `text` begins a contract part."""
    match = PART_AT_START.match(text)
    if not match:
        return None
    rest = text[match.end() :].strip()
    # "Annex 2 describes ..." in running text is a reference, not a part heading.
    if len(rest) > 120 or re.match(
        r"^(?:of|to|in|and|or|describes?|sets?|shall|will|is|are"
        r"|является|содержит|устанавливает|определяет|описывает|составляет)\b",
        rest,
        re.I,
    ):
        return None
    kind = match.group("kind").capitalize()
    sign = "№ " if match.group("sign") or kind == "Приложение" else ""
    return f"{kind} {sign}{match.group('label')}"
