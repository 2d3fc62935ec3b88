"""Compiling rule patterns: `{concept}` expansion, case-insensitive regexes, proximity.

A pattern is a Python regular expression in which `{name}` (lower-case
identifier) stands for the alternation of concept `name`, matched as whole
words. Regex quantifiers
(`{2}`, `{0,80}`) never clash because they start with a digit or a comma.
A proximity group (`near: [terms], within: N`) matches where every term occurs
within N words of the others, in any order.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from reviewer.library.model import AnyOf, Near

CONCEPT_REFERENCE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
FLAGS = re.IGNORECASE | re.DOTALL


class PatternError(ValueError):
    """A pattern refers to an unknown concept or is not a valid regex."""


def concept_references(pattern: str) -> list[str]:
    return CONCEPT_REFERENCE.findall(pattern)


MAX_CONCEPT_NESTING = 4


def expand(pattern: str, concepts: Mapping[str, Iterable[str]]) -> str:
    """Replace each `{name}` with a non-capturing group of the concept's patterns.

    Concepts may refer to other concepts ("{vendor} may use ... to improve"):
    references are expanded again, a few levels deep (a cycle is an error).
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in concepts:
            raise PatternError(f"unknown concept {{{name}}}")
        alternatives = sorted(set(concepts[name]), key=len, reverse=True)
        # Whole words only: "us" must not match inside "business".
        return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"

    expanded = CONCEPT_REFERENCE.sub(replace, pattern)
    for _ in range(MAX_CONCEPT_NESTING):
        if not CONCEPT_REFERENCE.search(expanded):
            return expanded
        expanded = CONCEPT_REFERENCE.sub(replace, expanded)
    if CONCEPT_REFERENCE.search(expanded):
        raise PatternError(
            f"concepts refer to each other more than {MAX_CONCEPT_NESTING} levels deep (a cycle?)"
        )
    return expanded


@lru_cache(maxsize=8192)
def _compile(expanded: str) -> re.Pattern[str]:
    return re.compile(expanded, FLAGS)


def compile_pattern(pattern: str, concepts: Mapping[str, Iterable[str]]) -> re.Pattern[str]:
    expanded = expand(pattern, concepts)
    try:
        return _compile(expanded)
    except re.error as exc:
        raise PatternError(f"bad regular expression ({exc})") from exc


_WORD_SPAN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SpanMatch:
    """What a proximity group matched: the same calls as a `re.Match` the rules use."""

    string: str
    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, index: int = 0) -> str:
        return self.string[self.begin : self.finish]


@dataclass(frozen=True, slots=True)
class Proximity:
    """Every term within `within` words of the others, in any order."""

    terms: tuple[re.Pattern[str], ...]
    within: int

    def search(self, text: str) -> SpanMatch | None:
        # Word positions of every match of every term: (first word, last word, start, end).
        hits: list[list[tuple[int, int, int, int]]] = []
        starts: list[int] | None = None
        for term in self.terms:
            found = list(term.finditer(text))
            if not found:
                return None
            if starts is None:
                starts = [m.start() for m in _WORD_SPAN.finditer(text)]
            hits.append(
                [
                    (
                        max(0, bisect.bisect_right(starts, m.start()) - 1),
                        max(0, bisect.bisect_right(starts, max(m.start(), m.end() - 1)) - 1),
                        m.start(),
                        m.end(),
                    )
                    for m in found
                ]
            )
        # Smallest window holding one hit of each term (few terms, few hits each).
        events: list[tuple[tuple[int, int, int, int], int]] = sorted(
            (hit, term) for term, term_hits in enumerate(hits) for hit in term_hits
        )
        best: tuple[int, int, int] | None = None
        for i, (first_hit, _) in enumerate(events):
            chosen: dict[int, tuple[int, int, int, int]] = {}
            for hit, term_index in events[i:]:
                if hit[0] - first_hit[0] > self.within:
                    break
                chosen.setdefault(term_index, hit)
                if len(chosen) == len(self.terms):
                    last_word = max(h[1] for h in chosen.values())
                    if last_word - first_hit[0] <= self.within:
                        begin = min(h[2] for h in chosen.values())
                        finish = max(h[3] for h in chosen.values())
                        if best is None or finish - begin < best[1] - best[0]:
                            best = (begin, finish, i)
                    break
            if best is not None and best[2] < i:
                break  # the earliest window wins; later ones are only for ties
        if best is None:
            return None
        return SpanMatch(text, best[0], best[1])


@dataclass(frozen=True, slots=True)
class Choice:
    """The first of several matchers that matches."""

    options: tuple[re.Pattern[str] | Proximity, ...]

    def search(self, text: str) -> re.Match[str] | SpanMatch | None:
        for option in self.options:
            match = option.search(text)
            if match is not None:
                return match
        return None


Matcher = re.Pattern[str] | Proximity | Choice


def compile_matcher(spec: str | Near | AnyOf, concepts: Mapping[str, Iterable[str]]) -> Matcher:
    """A regex, a proximity group or a choice, with `{concept}` references expanded."""
    if isinstance(spec, str):
        return compile_pattern(spec, concepts)
    if isinstance(spec, AnyOf):
        return Choice(tuple(_compile_near_or_regex(option, concepts) for option in spec.any))
    return _compile_near_or_regex(spec, concepts)


def _compile_near_or_regex(
    spec: str | Near, concepts: Mapping[str, Iterable[str]]
) -> re.Pattern[str] | Proximity:
    if isinstance(spec, str):
        return compile_pattern(spec, concepts)
    # Terms are whole words: "отказ" must not match inside "отказаться" (write
    # "отказ\\w*" for every form), "право" not inside "правообладатель".
    return Proximity(
        tuple(compile_pattern(rf"(?<!\w)(?:{t})(?!\w)", concepts) for t in spec.near), spec.within
    )
