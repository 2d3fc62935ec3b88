"""Word automatic numbering rendered as the reader sees it.

python-docx leaves numbering out of `paragraph.text`, yet lawyers cite the
numbers Word generates ("4.2", "(a)", "Article 3"). This module reads
numbering.xml (abstract definitions, instances with start overrides) and
keeps the counters Word keeps while walking the document in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_LEVELS = 9


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: reset after this (1-based) level advances
    legal: bool = False  # w:isLgl: show higher levels as decimal numbers
    suffix: str = "tab"


@dataclass(slots=True)
class Instance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag)
    return None if child is None else child.get(W + "val")


def _roman(number: int) -> str:
    pairs = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    out = ""
    for value, letters in pairs:
        while number >= value:
            out += letters
            number -= value
    return out


def _letters(number: int) -> str:
    # Word repeats the letter after z: aa, bb, ...
    if number <= 0:
        return ""
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    match fmt:
        case "lowerLetter":
            return _letters(number)
        case "upperLetter":
            return _letters(number).upper()
        case "lowerRoman":
            return _roman(number)
        case "upperRoman":
            return _roman(number).upper()
        case "decimalZero":
            return f"{number:02d}"
        case "ordinal":
            suffix = (
                "th"
                if 10 <= number % 100 <= 20
                else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
            )
            return f"{number}{suffix}"
        case "none" | "bullet":
            return ""
        case _:
            return str(number)


class Numbering:
    """Numbering definitions of one document plus the running counters."""

    def __init__(self, numbering_element: Any | None) -> None:
        self.abstracts: dict[str, list[Level]] = {}
        self.instances: dict[str, Instance] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering_element is None:
            return
        for abstract in numbering_element.iter(W + "abstractNum"):
            levels = [Level() for _ in range(MAX_LEVELS)]
            for lvl in abstract.iter(W + "lvl"):
                index = int(lvl.get(W + "ilvl", "0"))
                if not 0 <= index < MAX_LEVELS:
                    continue
                level = levels[index]
                level.start = int(_val(lvl, "start") or 1)
                level.fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText")
                level.text = text if text is not None else ""
                restart = _val(lvl, "lvlRestart")
                level.restart = int(restart) if restart is not None else None
                level.legal = lvl.find(W + "isLgl") is not None
                level.suffix = _val(lvl, "suff") or "tab"
            self.abstracts[abstract.get(W + "abstractNumId", "")] = levels
        for num in numbering_element.iter(W + "num"):
            abstract_id = _val(num, "abstractNumId") or ""
            overrides: dict[int, int] = {}
            for override in num.iter(W + "lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[int(override.get(W + "ilvl", "0"))] = int(start)
            self.instances[num.get(W + "numId", "")] = Instance(abstract_id, overrides)

    def label(self, num_id: str, ilvl: int) -> tuple[str | None, bool]:
        """Advance the counters for a paragraph; return (label, is_bullet)."""
        instance = self.instances.get(num_id)
        if instance is None or num_id == "0":
            return None, False
        levels = self.abstracts.get(instance.abstract_id)
        if levels is None:
            return None, False
        ilvl = max(0, min(ilvl, MAX_LEVELS - 1))
        level = levels[ilvl]
        if level.fmt == "bullet":
            return None, True
        # Instances with start overrides restart the list; plain instances of
        # the same abstract definition continue one shared list, as Word does.
        key = f"num:{num_id}" if instance.start_overrides else f"abs:{instance.abstract_id}"
        counters = self.counters.setdefault(key, [None] * MAX_LEVELS)
        current = counters[ilvl]
        if current is None:
            counters[ilvl] = instance.start_overrides.get(ilvl, level.start)
        else:
            counters[ilvl] = current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            # w:lvlRestart names the (1-based) level whose advance resets this
            # one; 0 means never; absent means any higher level.
            restart = levels[deeper].restart
            if restart is None or (restart > 0 and ilvl <= restart - 1):
                counters[deeper] = None
        text = level.text
        for index in range(MAX_LEVELS):
            placeholder = f"%{index + 1}"
            if placeholder not in text:
                continue
            value = counters[index]
            if value is None:
                value = instance.start_overrides.get(index, levels[index].start)
            fmt = "decimal" if (level.legal and index < ilvl) else levels[index].fmt
            text = text.replace(placeholder, format_number(value, fmt))
        text = text.strip()
        return (text or None), False
