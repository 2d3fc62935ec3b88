"""Compiling rule patterns: `{concept}` expansion, case-insensitive regexes, proximity.

A pattern is a Python regular expression in which `{name}` (lower-case
identifier) stands for the alternation of concept `name`, matched as whole
words. Regex quantifiers
(`{2}`, `{0,80}`) never clash because they start with a digit or a comma.
A proximity group (`near: [terms], within: N`) matches where every term occurs
within N words of the others, in any order.
"""

from __future__ import annotations

import _sre
import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

# The parser and case tables of the standard library's `re`: screens are derived
# from them so that they agree with how `re` itself matches (CPython 3.11+).
from re import _constants, _parser  # type: ignore[attr-defined]
from re._compiler import _EXTRA_CASES

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


@lru_cache(maxsize=8)
def _word_starts(text: str) -> list[int]:
    # Cached: one document's text is searched for several proximity groups.
    return [m.start() for m in _WORD_SPAN.finditer(text)]


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
                starts = _word_starts(text)
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


# --------------------------------------------------------------------------- screens
# Most searches fail: a sentence rarely holds any of a concept's words. Before a
# regex runs, its screen checks that the text holds at least one of the literal
# strings every match of the regex must contain (read off the parsed regex), so
# most failing searches cost a few substring tests. A screen is a necessary
# condition only: when it passes, the regex itself decides.
#
# Literals and text are compared folded the way `re.IGNORECASE` compares
# characters: each character's simple lower case (not `str.lower`, whose full
# mapping turns "İ" into two characters), with the few characters `re` also
# counts as equal ("ſ" and "s", "ı" and "i", ...) mapped to one representative.

_MAX_SCREEN_STRINGS = 64  # alternatives a screen may test; more and it screens nothing


def _fold_char(char: int) -> int:
    lower: int = _sre.unicode_tolower(char)
    return min((lower, *_EXTRA_CASES.get(lower, ())))


_FOLDED: dict[int, int] = {}  # code point -> folded code point, where they differ
_FOLD_SEEN: set[str] = set()
# Characters that `str.lower` folds to the same single character: a text of only
# these folds with the (much faster) `str.lower`.
_LOWER_FOLDS: set[str] = set()


def fold(text: str) -> str:
    """`text` with every character folded as the screens fold their literals."""
    chars = set(text)
    unseen = chars - _FOLD_SEEN
    for char in unseen:
        code = ord(char)
        folded = _fold_char(code)
        if folded != code:
            _FOLDED[code] = folded
        if char.lower() == chr(folded):
            _LOWER_FOLDS.add(char)
    _FOLD_SEEN.update(unseen)
    if chars <= _LOWER_FOLDS:
        return text.lower()
    return text.translate(_FOLDED)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a piece of a regex can match, as far as literal strings go.

    `exact`: every string the piece can match (None: too many, or not only
    literals). `required`: sets of strings such that every match holds at
    least one string of each set (empty: nothing known).
    """

    exact: frozenset[str] | None
    required: tuple[frozenset[str], ...] = ()


_EMPTY = _Shape(frozenset({""}))
_UNKNOWN = _Shape(None)


def _usable(strings: frozenset[str] | None) -> bool:
    return strings is not None and 0 < len(strings) <= _MAX_SCREEN_STRINGS and "" not in strings


def _selectivity(strings: frozenset[str]) -> tuple[int, int]:
    """Longer shortest string first, then fewer strings: the likelier to screen a text out."""
    return (min(map(len, strings)), -len(strings))


def _needs(shape: _Shape) -> tuple[frozenset[str], ...]:
    """Every requirement of a piece, its exact strings included."""
    exact = (shape.exact,) if shape.exact is not None and _usable(shape.exact) else ()
    return shape.required + exact


def _sequence_shape(items: Iterable[tuple[object, object]]) -> _Shape:
    run = frozenset({""})  # the strings the current run of exact pieces can match
    literal = ""  # characters of the run not yet appended to `run`
    required: list[frozenset[str]] = []
    whole_exact = True
    for op, av in items:
        if op is _constants.LITERAL:
            literal += chr(_fold_char(av))  # type: ignore[arg-type]
            continue
        if literal:
            run, literal = frozenset(a + literal for a in run), ""
        piece = _piece_shape(op, av)
        if piece.exact is not None and len(run) * len(piece.exact) <= _MAX_SCREEN_STRINGS:
            run = frozenset(a + b for a in run for b in piece.exact)
            continue
        whole_exact = False
        if _usable(run):
            required.append(run)
        required.extend(piece.required)
        run = piece.exact if piece.exact is not None else frozenset({""})
    if literal:
        run = frozenset(a + literal for a in run)
    if not whole_exact and _usable(run):
        required.append(run)
    return _Shape(run if whole_exact else None, tuple(dict.fromkeys(required)))


def _piece_shape(op: object, av: object) -> _Shape:
    c = _constants
    if op is c.LITERAL:
        assert isinstance(av, int)
        return _Shape(frozenset({chr(_fold_char(av))}))
    if op is c.IN:
        assert isinstance(av, list)
        if all(kind is c.LITERAL for kind, _ in av):  # a plain set such as [’']
            return _Shape(frozenset(chr(_fold_char(code)) for _, code in av))
        return _UNKNOWN
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return _EMPTY  # matches no characters: the pieces around it stay adjacent
    if op is c.SUBPATTERN:
        assert isinstance(av, tuple)
        return _sequence_shape(av[3])
    if op is c.ATOMIC_GROUP:
        return _sequence_shape(av)  # type: ignore[arg-type]
    if op is c.BRANCH:
        assert isinstance(av, tuple)
        shapes = [_sequence_shape(branch) for branch in av[1]]
        exact: frozenset[str] | None = None
        if all(s.exact is not None for s in shapes):
            exact = frozenset().union(*(s.exact for s in shapes if s.exact is not None))
            if len(exact) > _MAX_SCREEN_STRINGS:
                exact = None
        # Some branch matches: one string of the union of one requirement per branch.
        bests = [max(_needs(s), key=_selectivity, default=None) for s in shapes]
        if exact is None and all(b is not None for b in bests):
            union = frozenset().union(*(b for b in bests if b is not None))
            if _usable(union):
                return _Shape(None, (union,))
        return _Shape(exact)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        assert isinstance(av, tuple)
        low, high, body = av
        shape = _sequence_shape(body)
        if low == 0 and high == 1 and shape.exact is not None:
            return _Shape(shape.exact | {""})
        if low >= 1:  # at least one copy of the body
            return _Shape(None, _needs(shape))
        return _UNKNOWN
    return _UNKNOWN  # any character, classes, back references, conditionals


def _minimal(strings: frozenset[str]) -> tuple[str, ...]:
    """The strings that hold none of the others (a text holding a longer one holds both)."""
    kept: list[str] = []
    for s in sorted(strings, key=lambda s: (len(s), s)):
        if not any(k in s for k in kept):
            kept.append(s)
    return tuple(kept)


_MAX_SCREEN_SETS = 4  # the most selective requirements a screen tests


def screen_strings(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Folded string sets such that every match of `pattern` holds one string of each set.

    Empty when nothing is known.
    """
    return _screen_strings(pattern.pattern, pattern.flags)


@lru_cache(maxsize=8192)  # by source: hashing a compiled pattern hashes its whole program
def _screen_strings(source: str, flags: int) -> tuple[tuple[str, ...], ...]:
    if flags & re.LOCALE:
        return ()
    try:
        parsed = _parser.parse(source, flags)
    except (re.error, RecursionError):
        return ()
    needs = sorted(_needs(_sequence_shape(parsed)), key=_selectivity, reverse=True)
    # The fewer strings a set has, the cheaper its test: the cheap tests run first.
    chosen = sorted(needs[:_MAX_SCREEN_SETS], key=len)
    return tuple(_minimal(strings) for strings in chosen)


# A screen takes the folded text and says whether the matcher may match it.
Screen = Callable[[str], bool]


def _holds_one_of_each(sets: tuple[tuple[str, ...], ...]) -> Screen:
    if len(sets) == 1 and len(sets[0]) == 1:
        only = sets[0][0]
        return lambda folded: only in folded

    def screen(folded: str) -> bool:
        for strings in sets:
            for s in strings:
                if s in folded:
                    break
            else:
                return False
        return True

    return screen


def screen_of(matcher: Matcher) -> Screen | None:
    """The matcher's screen: False only when it cannot match; None when nothing is known."""
    if isinstance(matcher, re.Pattern):
        sets = screen_strings(matcher)
        return _holds_one_of_each(sets) if sets else None
    if isinstance(matcher, Proximity):  # every term must match
        terms = [s for s in map(screen_of, matcher.terms) if s is not None]
        if not terms:
            return None
        return lambda folded: all(term(folded) for term in terms)
    options = [screen_of(option) for option in matcher.options]  # one option must match
    if any(o is None for o in options):
        return None
    return lambda folded: any(option(folded) for option in options if option is not None)


# Deriving a screen parses the regex, which costs about as much as a dozen
# searches of a sentence: a matcher is screened once it has been tried this often.
SCREEN_AFTER_TRIES = 12


def _passes(folded: str) -> bool:
    return True


class LazyScreen:
    """A matcher's screen, derived once the matcher has been tried often enough to pay for it."""

    __slots__ = ("_matcher", "_test", "_tries")

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self._tries = 0
        self._test: Screen | None = None

    def __call__(self, folded: str) -> bool:
        test = self._test
        if test is None:
            self._tries += 1
            if self._tries < SCREEN_AFTER_TRIES:
                return True
            test = self._test = screen_of(self._matcher) or _passes
        return test(folded)
