"""Screens: literal strings every match of a rule regex must contain, tested before it runs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import reviewer.detect.rules as rules
from reviewer.detect.patterns import FLAGS, fold, screen_of, screen_strings
from reviewer.engine import ReviewEngine

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_contracts").glob("*.md"))
# Every character of the Basic Multilingual Plane but the surrogates.
BMP = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize(
    "literal",
    [*"aeiksuzAIKSZ0'’-", *"явсоёЁЯ", *"µΣσςθϑΚ", "\u017f", "\u0131", "\u0130", "\u212a", "\u1e9b"],
)
def test_fold_agrees_with_ignorecase(literal: str) -> None:
    # Every character `re.IGNORECASE` matches to the literal folds to what the literal folds to.
    matched = re.compile(re.escape(literal), FLAGS).findall(BMP)
    assert literal in matched
    assert {fold(c) for c in matched} == {fold(literal)}


def test_fold_keeps_length_where_lower_would_not() -> None:
    # str.lower turns "İ" into two characters; `re` (and the fold) compare it as "i".
    assert fold("İNFORM") == "inform"
    assert re.search("inform", "İNFORM", FLAGS)
    assert fold("ſhall Σ") == fold("SHALL σ")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"notif(?:y|ied)", (("notify", "notified"),)),
        (r"\bdata(?:\s+subject)?s?\b", (("data",),)),
        (r"(?:ab|cd\w+)x", (("x",), ("ab", "cd"))),
        (r"(?<!\w)(?:breach)(?!\w).{0,80}\bnotif\w*", (("breach",), ("notif",))),
        (
            r"breach[’']s? notice",
            (("breach' notice", "breach’ notice", "breach's notice", "breach’s notice"),),
        ),
        (r"(?:x+)yz", (("x",), ("yz",))),
        # Nothing every match must hold: no screen.
        (r"a|b?", ()),
        (r"\w+ly", (("ly",),)),
        (r"[^a]bc|d", (("bc", "d"),)),
        (r"[^a]|bc", ()),
        (r"(?:foo)*bar", (("bar",),)),
        (r"(a)\1", (("a",),)),
    ],
)
def test_screen_strings(pattern: str, expected: tuple[tuple[str, ...], ...]) -> None:
    got = screen_strings(re.compile(pattern, FLAGS))
    assert sorted(map(sorted, got)) == sorted(map(sorted, expected))


def test_screen_of_case_and_groups() -> None:
    screen = screen_of(re.compile(r"(?<!\w)(?:Customer|client)s?(?!\w).{0,20}\bAUDIT", FLAGS))
    assert screen is not None
    assert screen(fold("the CUSTOMER may audit"))
    assert screen(fold("Clients' audits"))
    assert not screen(fold("the customer may inspect"))
    # A group with its own flags still needs its words, in any case of the text.
    screen = screen_of(re.compile(r"(?-i:Data) room", FLAGS))
    assert screen is not None and screen(fold("DATA ROOM"))


def _screen_checks_hold(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Run every search anyway; fail if a screen ever rejects a text its regex matches."""
    counts = [0, 0]  # searches screened out, searches run

    def checked(
        matchers: tuple[rules.Screened, ...], text: str, folded: str
    ) -> Iterator[rules.MatchLike | None]:
        for matcher, screen in matchers:
            match = matcher.search(text)
            if screen is not None and not screen(folded):
                assert match is None, (getattr(matcher, "pattern", matcher), text)
                counts[0] += 1
            counts[1] += 1
            yield match

    monkeypatch.setattr(rules, "_screened_search", checked)
    return counts


def test_screens_never_reject_a_match_on_the_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = _screen_checks_hold(monkeypatch)
    engine = ReviewEngine(use_model=False)
    for path in SAMPLES:
        engine.review_path(path)
    engine.review_text(
        "Исполнитель обязан уведомить Заказчика об инциденте в течение 24 часов. "
        "Исполнитель не использует данные Заказчика для обучения моделей без согласия Заказчика. "
        "Данные хранятся на серверах, расположенных на территории Российской Федерации."
    )
    screened, run = counts
    assert run > 1000 and screened > run / 4  # many searches are screened out


def _report(engine: ReviewEngine, path: Path) -> dict[str, object]:
    report = json.loads(engine.review_path(path).to_json())
    report.pop("timings_ms")
    return report


def test_screens_do_not_change_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ReviewEngine(use_model=False)
    screened = [_report(engine, path) for path in SAMPLES]

    def unscreened(
        matchers: tuple[rules.Screened, ...], text: str, folded: str
    ) -> Iterator[rules.MatchLike | None]:
        return (matcher.search(text) for matcher, _ in matchers)

    monkeypatch.setattr(rules, "_screened_search", unscreened)
    assert [_report(engine, path) for path in SAMPLES] == screened
