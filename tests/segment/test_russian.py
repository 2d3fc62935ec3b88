"""Russian contracts: sentences, clause numbers, parts, parties and kinds (texts written by us)."""

from __future__ import annotations

from reviewer.ingest.text import document_from_text
from reviewer.segment import segment
from reviewer.segment.numbering import parse_number, parse_part
from reviewer.segment.sentences import split_sentences

OFFER = """ДОГОВОР ОКАЗАНИЯ УСЛУГ № 15

г. Алматы

Товарищество с ограниченной ответственностью «Облако Степи», именуемое в дальнейшем «Исполнитель», в лице директора Сейтова А.Б., действующего на основании Устава, с одной стороны, и АО «Банк Сапа», именуемое в дальнейшем «Заказчик», с другой стороны, заключили настоящий Договор о нижеследующем.

Статья 1. Предмет договора

1.1. Исполнитель обязуется оказывать Заказчику услуги хранения данных, т.е. размещать данные на своих серверах, а Заказчик обязуется их оплачивать.

1.2. Перечень услуг приведён в Приложении № 1, см. также ст. 6 Закона РК «О персональных данных и их защите».

Статья 2. Персональные данные

2.1. Исполнитель обрабатывает персональные данные по поручению Заказчика. Данные хранятся на территории Республики Казахстан.

2.2. Исполнитель уведомляет Заказчика об инцидентах:

а) в течение 24 часов, если затронуты персональные данные;

б) в течение 3 рабочих дней в иных случаях.

Приложение № 1 к Договору оказания услуг

1. Хранение данных в г. Астана.
"""


def _segmented():  # type: ignore[no-untyped-def]
    return segment(document_from_text(OFFER, "offer.txt"))


def test_russian_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = (
        "Исполнитель, в лице директора Сейтова А.Б., обязуется хранить данные, т.е. "
        "размещать их на серверах (см. ст. 6 Закона). Заказчик оплачивает услуги в 2024 г. "
        "в размере 100 тыс. руб. Иные условия определены в п. 3.2 Договора."
    )
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert len(sentences) == 2, sentences
    assert sentences[1].startswith("Заказчик")


def test_russian_clause_numbers() -> None:
    assert parse_number("Статья 5. Конфиденциальность").label == "Статья 5"  # type: ignore[union-attr]
    assert parse_number("РАЗДЕЛ IV. ОТВЕТСТВЕННОСТЬ").label == "Раздел IV"  # type: ignore[union-attr]
    assert parse_number("Глава 2 Общие положения").label == "Глава 2"  # type: ignore[union-attr]
    # "п. 3.2" is cited as "3.2"
    assert parse_number("п. 3.2. Исполнитель обязуется").label == "3.2"  # type: ignore[union-attr]
    assert parse_number("3.2.1. Исполнитель").label == "3.2.1"  # type: ignore[union-attr]
    assert parse_number("б) иные сведения").label == "б."  # type: ignore[union-attr]
    # abbreviations are not list markers
    assert parse_number("г. Алматы") is None
    assert parse_number("д. 5, кв. 3") is None


def test_russian_parts() -> None:
    assert parse_part("Приложение № 1 к Договору оказания услуг") == "Приложение № 1"
    assert parse_part("ПРИЛОЖЕНИЕ 2") == "Приложение № 2"
    assert parse_part("Приложение № 1 является неотъемлемой частью Договора") is None


def test_russian_offer_outline() -> None:
    segmented = _segmented()
    numbers = [c.number for c in segmented.clauses if c.number]
    assert numbers[:6] == ["Статья 1", "1.1", "1.2", "Статья 2", "2.1", "2.2"]
    items = [c for c in segmented.clauses if c.number and c.number.startswith("2.2(")]
    assert [c.number for c in items] == ["2.2(а)", "2.2(б)"]
    heading = next(c for c in segmented.clauses if c.number == "Статья 2")
    assert heading.heading == "Персональные данные"
    annex = [c for c in segmented.clauses if c.part == "Приложение № 1"]
    assert annex and annex[-1].number == "1"


def test_russian_parties_and_kind() -> None:
    segmented = _segmented()
    assert segmented.parties == [
        "Товарищество с ограниченной ответственностью «Облако Степи» (Исполнитель)",
        "АО «Банк Сапа» (Заказчик)",
    ]
    assert segmented.kind.kind == "MSA"
    assert "Договор оказания услуг".lower() in segmented.kind.cue.lower()


def test_russian_kinds_from_titles() -> None:
    cases = {
        "Поручение на обработку персональных данных": "DPA",
        "Пользовательское соглашение сервиса": "terms",
        "Лицензионное соглашение на программу для ЭВМ": "MSA",
        "Условия использования сервиса на основе искусственного интеллекта": "AI-addendum",
    }
    body = "\n\nИсполнитель обязуется оказывать услуги Заказчику в соответствии с Договором."
    for title, kind in cases.items():
        assert segment(document_from_text(title + body, "k.txt")).kind.kind == kind, title


def test_russian_sentences_carry_their_language() -> None:
    assert {s.language for s in _segmented().sentences} == {"ru"}
