"""Word automatic numbering rendered as the reader sees it.

python-docx leaves numbering out of `paragraph.text`, yet lawyers cite the
numbers Word generates ("4.2", "(a)", "Article 3"). This module reads
numbering.xml (abstract definitions, instances with start overrides) and
keeps the counters Word keeps while walking the document in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reviewer.segment.numbering import roman

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
    """A `w:num`: an abstract definition plus this list's overrides."""

    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag)
    return None if child is None else child.get(W + "val")


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
            return roman(number)
        case "upperRoman":
            return roman(number).upper()
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


def _level(lvl: Any) -> Level:
    level = Level()
    level.start = int(_val(lvl, "start") or 1)
    level.fmt = _val(lvl, "numFmt") or "decimal"
    text = _val(lvl, "lvlText")
    level.text = text if text is not None else ""
    restart = _val(lvl, "lvlRestart")
    level.restart = int(restart) if restart is not None else None
    level.legal = lvl.find(W + "isLgl") is not None
    level.suffix = _val(lvl, "suff") or "tab"
    return level


class Numbering:
    """Numbering definitions of one document plus the running counters.

    The model follows what Word and LibreOffice display:
    - every `w:num` of one abstract definition continues one list: they share
      the counters (a new `w:num` does not restart the count by itself);
    - `w:lvlOverride/w:startOverride` restarts the overridden level at the
      first paragraph of that `w:num` which uses it; levels above it go on
      counting (so "2.1" follows "2." even when the sub-list is a new `w:num`);
    - `w:lvlOverride/w:lvl` replaces a level's definition for that `w:num`;
    - `w:lvlRestart` says which higher level resets a level (0: never);
    - an abstract definition with `w:numStyleLink` takes its levels and its
      counters from the list that the numbering style points to;
    - styles carry numbering (`w:numPr` in a paragraph style, or a level's
      `w:pStyle`), resolved by the reader through `level_of_style`.
    """

    def __init__(
        self, numbering_element: Any | None, style_numbering: dict[str, str] | None = None
    ) -> None:
        self.abstracts: dict[str, list[Level]] = {}
        self.instances: dict[str, Instance] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.style_levels: dict[str, tuple[str, int]] = {}  # style id -> (abstract id, ilvl)
        self._started: set[tuple[str, int]] = set()  # (num id, ilvl) restarted already
        self._links: dict[str, str] = {}  # abstract id -> numbering style it links to
        if numbering_element is None:
            return
        for abstract in numbering_element.iter(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId", "")
            levels = [Level() for _ in range(MAX_LEVELS)]
            for lvl in abstract.iter(W + "lvl"):
                index = int(lvl.get(W + "ilvl", "0"))
                if not 0 <= index < MAX_LEVELS:
                    continue
                levels[index] = _level(lvl)
                style = _val(lvl, "pStyle")
                if style:
                    self.style_levels.setdefault(style, (abstract_id, index))
            link = _val(abstract, "numStyleLink")
            if link:
                self._links[abstract_id] = link
            self.abstracts[abstract_id] = levels
        for num in numbering_element.iter(W + "num"):
            instance = Instance(_val(num, "abstractNumId") or "")
            for override in num.iter(W + "lvlOverride"):
                index = int(override.get(W + "ilvl", "0"))
                if not 0 <= index < MAX_LEVELS:
                    continue
                start = _val(override, "startOverride")
                if start is not None:
                    instance.start_overrides[index] = int(start)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.level_overrides[index] = _level(lvl)
            self.instances[num.get(W + "numId", "")] = instance
        self._resolve_links(style_numbering or {})

    def _resolve_links(self, style_numbering: dict[str, str]) -> None:
        """Point abstract definitions with `w:numStyleLink` at the linked list's definition."""
        for abstract_id, style in self._links.items():
            num_id = style_numbering.get(style)
            target = self.instances.get(num_id) if num_id else None
            if target is not None and target.abstract_id in self.abstracts:
                for instance in self.instances.values():
                    if instance.abstract_id == abstract_id:
                        instance.abstract_id = target.abstract_id

    def level_of_style(self, style_id: str | None) -> int | None:
        """The list level a paragraph style is bound to by a level's `w:pStyle`."""
        found = self.style_levels.get(style_id or "")
        return found[1] if found else None

    def _levels(self, instance: Instance) -> list[Level] | None:
        levels = self.abstracts.get(instance.abstract_id)
        if levels is None or not instance.level_overrides:
            return levels
        return [instance.level_overrides.get(i, level) for i, level in enumerate(levels)]

    def label(self, num_id: str, ilvl: int) -> tuple[str | None, bool]:
        """Advance the counters for a paragraph; return (label, is_bullet)."""
        instance = self.instances.get(num_id)
        if instance is None or num_id == "0":
            return None, False
        levels = self._levels(instance)
        if levels is None:
            return None, False
        ilvl = max(0, min(ilvl, MAX_LEVELS - 1))
        level = levels[ilvl]
        if level.fmt == "bullet":
            return None, True
        counters = self.counters.setdefault(instance.abstract_id, [None] * MAX_LEVELS)
        current = counters[ilvl]
        if ilvl in instance.start_overrides and (num_id, ilvl) not in self._started:
            counters[ilvl] = instance.start_overrides[ilvl]
        elif current is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] = current + 1
        self._started.add((num_id, ilvl))
        for deeper in range(ilvl + 1, MAX_LEVELS):
            # w:lvlRestart names the (1-based) level whose advance resets this
            # one; 0 means never; absent means any higher level.
            restart = levels[deeper].restart
            if restart is None or (restart > 0 and ilvl <= restart - 1):
                counters[deeper] = None
                # A level the list restarts is restarted by its override again.
                self._started.discard((num_id, deeper))
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
