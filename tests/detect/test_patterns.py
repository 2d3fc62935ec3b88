"""Rule patterns: concept expansion and the proximity operator."""

from __future__ import annotations

import pytest

from reviewer.detect.patterns import PatternError, compile_matcher
from reviewer.library.model import Near

CONCEPTS = {"vendor": ["исполнитель", "лицензиар"], "breach": ["инцидент", "утечка"]}


def _near(*terms: str, within: int = 6):  # type: ignore[no-untyped-def]
    return compile_matcher(Near(near=list(terms), within=within), CONCEPTS)


@pytest.mark.parametrize(
    "text",
    [
        "исполнитель уведомлять заказчик о инцидент",
        "о инцидент исполнитель обязан уведомлять заказчик",
        "уведомлять о утечка лицензиар",
    ],
)
def test_proximity_matches_in_any_order(text: str) -> None:
    match = _near("{vendor}", r"уведом\w*", "{breach}").search(text)
    assert match is not None
    # The match spans the words it found, first to last.
    assert match.group(0).split()[0] in {"исполнитель", "инцидент", "уведомлять", "утечка"}


def test_proximity_respects_the_word_window() -> None:
    far = "исполнитель обязан в течение очень долгого срока и много слов уведомлять о инцидент"
    assert _near("{vendor}", r"уведом\w*", "{breach}").search(far) is None
    assert _near("{vendor}", r"уведом\w*", "{breach}", within=20).search(far) is not None


def test_proximity_terms_are_whole_words() -> None:
    assert _near("отказ", "договор").search("отказаться от договор") is None
    assert _near(r"отказ\w*", "договор").search("отказаться от договор") is not None


def test_every_term_must_occur() -> None:
    assert _near("{vendor}", "{breach}").search("исполнитель уведомлять заказчик") is None


def test_an_unknown_concept_in_a_proximity_term_is_an_error() -> None:
    with pytest.raises(PatternError, match="unknown concept"):
        _near("{nothing}", "x")


def test_match_offsets_point_into_the_text() -> None:
    text = "пункт: о инцидент сообщать исполнитель"
    match = _near("{vendor}", "{breach}").search(text)
    assert match is not None
    assert text[match.start() : match.end()] == "инцидент сообщать исполнитель"


def test_any_of_matches_the_first_option_that_matches() -> None:
    from reviewer.library.model import AnyOf

    choice = compile_matcher(
        AnyOf(any=[Near(near=["{vendor}", "{breach}"], within=3), r"\bнемедленно\b"]), CONCEPTS
    )
    assert choice.search("исполнитель о инцидент") is not None
    assert choice.search("сообщить немедленно") is not None
    assert choice.search("заказчик платить") is None


def test_concepts_may_refer_to_other_concepts() -> None:
    from reviewer.detect.patterns import compile_pattern

    concepts = {**CONCEPTS, "vendor_notifies": [r"{vendor} уведом\w*"]}
    pattern = compile_pattern("{vendor_notifies}", concepts)
    assert pattern.search("лицензиар уведомлять") is not None
    assert pattern.search("заказчик уведомлять") is None


def test_concepts_that_refer_to_each_other_in_a_cycle_are_an_error() -> None:
    from reviewer.detect.patterns import compile_pattern

    with pytest.raises(PatternError, match="cycle"):
        compile_pattern("{a}", {"a": ["x{b}"], "b": ["y{a}"]})
