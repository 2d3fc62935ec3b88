"""Compiling rule patterns: `{concept}` expansion and case-insensitive regexes.

A pattern is a Python regular expression in which `{name}` (lower-case
identifier) stands for the alternation of concept `name`, matched as whole
words. Regex quantifiers
(`{2}`, `{0,80}`) never clash because they start with a digit or a comma.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

CONCEPT_REFERENCE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
FLAGS = re.IGNORECASE | re.DOTALL


class PatternError(ValueError):
    """A pattern refers to an unknown concept or is not a valid regex."""


def concept_references(pattern: str) -> list[str]:
    return CONCEPT_REFERENCE.findall(pattern)


def expand(pattern: str, concepts: Mapping[str, Iterable[str]]) -> str:
    """Replace each `{name}` with a non-capturing group of the concept's patterns."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in concepts:
            raise PatternError(f"unknown concept {{{name}}}")
        alternatives = sorted(set(concepts[name]), key=len, reverse=True)
        # Whole words only: "us" must not match inside "business".
        return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"

    return CONCEPT_REFERENCE.sub(replace, pattern)


@lru_cache(maxsize=8192)
def _compile(expanded: str) -> re.Pattern[str]:
    return re.compile(expanded, FLAGS)


def compile_pattern(pattern: str, concepts: Mapping[str, Iterable[str]]) -> re.Pattern[str]:
    expanded = expand(pattern, concepts)
    try:
        return _compile(expanded)
    except re.error as exc:
        raise PatternError(f"bad regular expression ({exc})") from exc
