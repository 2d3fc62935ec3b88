"""Typed clause numbers: read from a paragraph's start, written again in the same style."""

from __future__ import annotations

import pytest

from reviewer.report.clause_labels import parse_label


@pytest.mark.parametrize(
    ("text", "parts", "length", "next_label"),
    [
        ("2.2. The Provider may", (2, 2), 5, "2.3. "),
        ("2.2 The Provider may", (2, 2), 4, "2.3 "),
        ("2.2.\tThe Provider may", (2, 2), 5, "2.3.\t"),
        ("  4.2.1 Backups", (4, 2, 1), 8, "4.2.2 "),
        ("Clause 7.3 The Provider", (7, 3), 11, "Clause 7.4 "),
        ("Section 12 Notices", (12,), 11, "Section 13 "),
        ("§ 5 Scope", (5,), 4, "§ 6 "),
        ("1) one thing", (1,), 3, "2) "),
        ("(b) the Provider", (2,), 4, "(c) "),
        ("c) the Provider", (3,), 3, "d) "),
        ("B. Scope", (2,), 3, "C. "),
        ("(iv) records", (4,), 5, "(v) "),
        ("ARTICLE III Data", (3,), 12, "ARTICLE IV "),
        ("п. 2.2. Исполнитель вправе", (2, 2), 8, "п. 2.3. "),
        ("Статья 5. Персональные данные", (5,), 10, "Статья 6. "),
        ("2.2. Исполнитель вправе", (2, 2), 5, "2.3. "),
        ("а) Исполнитель", (1,), 3, "б) "),
        ("и) Исполнитель", (9,), 3, "к) "),  # Russian lists skip й
    ],
)
def test_a_typed_number_is_read_and_continued_in_its_style(
    text: str, parts: tuple[int, ...], length: int, next_label: str
) -> None:
    label = parse_label(text)
    assert label is not None
    assert label.parts == parts and label.length == length
    assert text[label.length :].strip() == text[label.length :]  # the spacing is the label's
    assert label.following().render() == next_label


def test_the_letter_after_h_is_i_not_roman_one() -> None:
    label = parse_label("(i) the Provider", previous_letter="h")
    assert label is not None and label.scheme == "latin"
    assert label.following().render() == "(j) "
    roman = parse_label("(i) the Provider")
    assert roman is not None and roman.following().render() == "(ii) "


def test_after_z_come_double_letters() -> None:
    label = parse_label("(z) last")
    assert label is not None and label.following().render() == "(aa) "


@pytest.mark.parametrize(
    "text",
    [
        "The Provider may",
        "30 days after termination",  # a number, not a clause number
        "2026. The year",
        "4 General",  # a bare number reads as a quantity, as in the segmenter
        "г. Алматы",  # an abbreviation, not a lettered item
    ],
)
def test_text_without_a_typed_number(text: str) -> None:
    assert parse_label(text) is None
