"""The message catalogues: every renderer's fixed words come from here."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.report import messages as catalogue
from reviewer.report.messages import (
    MessageCatalogueError,
    available_languages,
    check_against_english,
    load_catalogue,
    messages,
    plural_form,
)
from reviewer.report.overview import STATUSES


def test_english_is_complete_for_the_shared_vocabulary() -> None:
    t = messages("en")
    assert available_languages()[0] == "en"
    for status in STATUSES:
        assert t.status(status) and t(f"status_short.{status}")
        assert t(f"status_count.{status}", count=2).startswith("2 ")
    for severity in ("critical", "high", "medium", "low"):
        assert t.severity(severity) == severity
    assert t("status_count.conflict", count=1) == "1 conflict"
    assert t("status_count.conflict", count=3) == "3 conflicts"
    assert t("common.pages", count=1) == "1 page"
    assert t.country("KZ") == "Kazakhstan" and t.country("XX") == "XX"


def test_every_other_catalogue_agrees_with_english() -> None:
    english = load_catalogue(catalogue.LOCALE_DIR / "en.yaml")
    for language in available_languages()[1:]:
        other = load_catalogue(catalogue.LOCALE_DIR / f"{language}.yaml")
        assert check_against_english(language, other, english) == []


def test_a_catalogue_with_unknown_keys_or_placeholders_is_refused(tmp_path: Path) -> None:
    english = {"common.pages": {"one": "{count} page", "other": "{count} pages"},
               "memo.title": "Contract review: {file}"}  # fmt: skip
    bad = {"memo.title": "Обзор: {name}", "memo.typo": "x"}
    problems = check_against_english("ru", bad, english)
    assert any("memo.typo" in p for p in problems)
    assert any("unknown placeholders name" in p for p in problems)
    broken = tmp_path / "xx.yaml"
    broken.write_text("status: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(MessageCatalogueError, match=r"xx\.yaml"):
        load_catalogue(broken)


def test_missing_keys_fall_back_to_english_and_unknown_languages_fail() -> None:
    english = messages("en")
    partial = catalogue.Messages("ru", {"status.met": "Выполнено"}, english.entries)
    assert partial.status("met") == "Выполнено"
    assert partial.status("conflict") == "Conflict"
    with pytest.raises(Exception, match="no report language 'xx'"):
        messages("xx")


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (1, "one"),
        (2, "few"),
        (4, "few"),
        (5, "many"),
        (11, "many"),
        (21, "one"),
        (22, "few"),
        (112, "many"),
    ],
)
def test_russian_plural_forms(count: int, form: str) -> None:
    assert plural_form("ru", count) == form
