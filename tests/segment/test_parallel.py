"""Bilingual contracts: each quoted clause carries its version in the other language.

One short agreement of our own in Russian, Kazakh, Uzbek and English (tests/bilingual.py),
laid out the ways such contracts are signed: a two-column Word or markdown table,
twin paragraphs under the same number, two PDF text columns (also drifting apart) and
a ruled PDF table. The Russian text is reviewed; the other version is cited beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.engine import ReviewEngine
from reviewer.ingest.text import document_from_text
from reviewer.report.model import Report
from reviewer.segment import segment
from reviewer.segment.parallel import number_key
from tests import bilingual
from tests.bilingual import CLAUSE_OF, VERSIONS


def _flat(text: str) -> str:
    return " ".join(text.split())


def _markdown_table(path: Path, left: str, right: str) -> Path:
    target = path.with_suffix(".md")
    target.write_text(bilingual.markdown_table(left, right), encoding="utf-8")
    return target


def _twin_text(path: Path, first: str, second: str) -> Path:
    target = path.with_suffix(".txt")
    target.write_text(bilingual.twin_paragraphs(first, second), encoding="utf-8")
    return target


def _pdf_drifting_columns(path: Path, left: str, right: str) -> Path:
    return bilingual.pdf_columns(path, left, right, drift=True)


Builder = Callable[[Path, str, str], Path]
LAYOUTS: list[tuple[str, Builder, str, str]] = [
    ("markdown table RU|KK", _markdown_table, "ru", "kk"),
    ("twin paragraphs RU, KK", _twin_text, "ru", "kk"),
    ("Word table RU|KK", bilingual.docx_table, "ru", "kk"),
    ("Word table RU|UZ", bilingual.docx_table, "ru", "uz"),
    ("Word twins KK first", bilingual.docx_twins, "kk", "ru"),
    ("PDF columns RU|KK", bilingual.pdf_columns, "ru", "kk"),
    ("PDF columns drifting RU|KK", _pdf_drifting_columns, "ru", "kk"),
    ("PDF columns RU|UZ", bilingual.pdf_columns, "ru", "uz"),
    ("PDF table RU|KK", bilingual.pdf_table, "ru", "kk"),
]


@pytest.fixture(scope="module")
def engine() -> ReviewEngine:
    return ReviewEngine(profile="kz", use_model=False)


def _review(engine: ReviewEngine, tmp_path: Path, build: Builder, left: str, right: str) -> Report:
    suffix = ".pdf" if "pdf" in build.__name__ else ".docx"
    return engine.review_path(build(tmp_path / f"contract{suffix}", left, right))


@pytest.mark.parametrize(("layout", "build", "left", "right"), LAYOUTS, ids=[x[0] for x in LAYOUTS])
def test_each_russian_quote_carries_its_translation(
    layout: str, build: Builder, left: str, right: str, engine: ReviewEngine, tmp_path: Path
) -> None:
    report = _review(engine, tmp_path, build, left, right)
    other = right if left == "ru" else left
    assert report.document.reviewed_languages == ["ru"]
    assert report.report_language == "ru"
    for requirement, index in CLAUSE_OF.items():
        finding = next(f for f in report.findings if f.requirement == requirement)
        assert finding.status == "met", (requirement, finding.status)
        deciding = next(e for e in finding.evidence if e.role == "decides")
        assert deciding.language == "ru"
        assert _flat(deciding.text) == VERSIONS["ru"][index], requirement
        # The twin: the same clause in the other language, with the same number.
        assert [p.language for p in deciding.parallel] == [other], requirement
        twin = deciding.parallel[0]
        assert _flat(twin.text) == VERSIONS[other][index], requirement
        assert twin.section == deciding.section == str(index + 1), requirement
        assert twin.page == deciding.page
        assert _flat(report_text(report, twin.start, twin.end)) == _flat(twin.text)


def report_text(report: Report, start: int, end: int) -> str:
    """The extracted text at a passage's offsets (what `reviewer extract` prints)."""
    from reviewer.ingest import ingest

    return ingest(report.document.path).text[start:end]


def test_english_russian_table_cites_each_clause_once(engine: ReviewEngine, tmp_path: Path) -> None:
    """Both columns are read, so a clause may be found in both: it is cited once, with the
    other version beside it, never twice."""
    report = _review(engine, tmp_path, bilingual.pdf_table, "en", "ru")
    assert report.document.reviewed_languages == ["en", "ru"]
    for requirement, index in CLAUSE_OF.items():
        finding = next(f for f in report.findings if f.requirement == requirement)
        deciding = [e for e in finding.evidence if e.role == "decides"]
        texts = {_flat(e.text) for e in deciding}
        twins = {_flat(p.text) for e in deciding for p in e.parallel}
        assert not texts & twins, requirement
        first = deciding[0]
        versions = {first.language: _flat(first.text)} | {
            p.language: _flat(p.text) for p in first.parallel
        }
        assert versions == {"en": VERSIONS["en"][index], "ru": VERSIONS["ru"][index]}


def test_a_monolingual_contract_has_no_parallels() -> None:
    text = "\n\n".join(VERSIONS["ru"])
    segmented = segment(document_from_text(text, "dogovor.txt"))
    assert segmented.parallels.twins == {}


def test_a_stray_english_paragraph_is_not_a_translation() -> None:
    """A Russian contract quoting an English notice has no second version to pair."""
    notice = "The Service is provided as is and the Provider gives no warranty of any kind."
    text = "\n\n".join([*VERSIONS["ru"], notice])
    segmented = segment(document_from_text(text, "dogovor.txt"))
    assert segmented.parallels.twins == {}


def test_sentences_of_twins_are_matched_one_by_one() -> None:
    """A clause of two sentences: the second Russian sentence gets the second Kazakh one."""
    ru = (
        "9. Исполнитель уведомляет Заказчика об изменении модели за 30 дней. "
        "Заказчик вправе отказаться от Договора без штрафа до вступления изменения в силу."
    )
    kk = (
        "9. Орындаушы Тапсырыс берушіні модельдің өзгергені туралы 30 күн бұрын хабардар "
        "етеді. Тапсырыс беруші өзгеріс күшіне енгенге дейін Шарттан айыппұлсыз бас тартуға "
        "құқылы."
    )
    text = bilingual.twin_paragraphs("ru", "kk") + f"\n{ru}\n\n{kk}\n"
    segmented = segment(document_from_text(text, "twins.txt"))
    second = segmented.document.text.index("Заказчик вправе отказаться")
    end = segmented.document.text.index("в силу.", second) + len("в силу.")
    passages = segmented.parallels.passages(second, end)
    assert [(lang, segmented.document.text[s:e]) for lang, s, e in passages] == [
        ("kk", kk[kk.index("Тапсырыс беруші өзгеріс") :])
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("5. Исполнитель", "5"),
        ("Статья 5. Конфиденциальность", "5"),
        ("5-бап. Құпиялылық", "5"),
        ("3-modda. Maxfiylik", "3"),
        ("п. 3.2 Исполнитель", "3.2"),
        ("3.2. Орындаушы", "3.2"),
        ("а) данные", "а."),
        ("Приложение № 2", "part 2"),
        ("Исполнитель обязуется", None),
    ],
)
def test_clause_numbers_are_compared_as_digits(text: str, key: str | None) -> None:
    assert number_key(text) == key
