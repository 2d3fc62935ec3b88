"""Language detection per document, block and table cell; never a silent all-missing review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli.main import main
from reviewer.engine import ReviewEngine
from reviewer.errors import TooLittleTextError, UnsupportedLanguageError
from reviewer.ingest.text import document_from_text
from reviewer.language import detect_language
from reviewer.segment import segment
from reviewer.segment.languages import LanguageSummary, check_reviewable

# Texts written for these tests (no contract from ../shared is quoted).
ENGLISH = (
    "The Provider shall process Customer Data only on the documented instructions of the "
    "Customer. Customer Data is stored in data centres located in Germany and Ireland. "
    "The Provider shall notify the Customer of any personal data breach within 48 hours."
)
RUSSIAN = (
    "Исполнитель обязуется обрабатывать персональные данные Заказчика исключительно в целях "
    "исполнения настоящего Договора. Персональные данные хранятся на серверах, расположенных "
    "на территории Республики Казахстан. Исполнитель уведомляет Заказчика об инциденте в "
    "течение 72 часов с момента его обнаружения."
)
KAZAKH = (
    "Орындаушы Тапсырыс берушінің дербес деректерін тек осы Шартта көзделген мақсаттарда "
    "өңдеуге міндетті. Дербес деректер Қазақстан Республикасының аумағында орналасқан "
    "серверлерде сақталады. Орындаушы деректердің қауіпсіздігі бұзылған жағдайда бұл туралы "
    "Тапсырыс берушіге жетпіс екі сағат ішінде хабарлайды."
)
UZBEK_LATIN = (
    "Ijrochi Buyurtmachining shaxsiy ma'lumotlarini faqat ushbu Shartnomada nazarda tutilgan "
    "maqsadlarda qayta ishlash majburiyatini oladi. Shaxsiy ma'lumotlar O'zbekiston "
    "Respublikasi hududida joylashgan serverlarda saqlanadi va uchinchi shaxslarga faqat "
    "qonun hujjatlarida nazarda tutilgan hollarda beriladi."
)
UZBEK_CYRILLIC = (
    "Ижрочи Буюртмачининг шахсий маълумотларини фақат ушбу Шартномада назарда тутилган "
    "мақсадларда қайта ишлаш мажбуриятини олади ва бу маълумотлар Ўзбекистон Республикаси "
    "ҳудудида жойлашган серверларда сақланади."
)
GERMAN = (
    "Der Auftragnehmer verarbeitet personenbezogene Daten ausschließlich im Auftrag und nach "
    "Weisung des Auftraggebers. Die Daten werden nur in Rechenzentren innerhalb der "
    "Europäischen Union gespeichert. Der Auftragnehmer informiert den Auftraggeber "
    "unverzüglich über jede Verletzung des Schutzes personenbezogener Daten."
)
UKRAINIAN = (
    "Виконавець зобов'язується повідомити Замовника про будь-який інцидент протягом 72 годин "
    "з моменту його виявлення та надати всю інформацію щодо його наслідків."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (RUSSIAN, "ru"),
        (KAZAKH, "kk"),
        (UZBEK_LATIN, "uz"),
        (UZBEK_CYRILLIC, "uz"),
        (GERMAN, "de"),
        (UKRAINIAN, "uk"),
    ],
)
def test_language_of_a_paragraph(text: str, language: str) -> None:
    guess = detect_language(text)
    assert guess is not None and guess.language == language


def test_too_short_or_not_prose_is_not_guessed() -> None:
    assert detect_language("Статья 5") is None
    assert detect_language("12345 67890 | 2024-01-01") is None


def test_a_short_heading_takes_the_language_of_its_text() -> None:
    document = document_from_text(f"## Статья 5\n\n{RUSSIAN}\n", "d.md", markdown=True)
    segmented = segment(document)
    assert [b.language for b in segmented.block_languages] == ["ru", "ru"]
    assert segmented.languages.shares == {"ru": 1.0}
    assert {s.language for s in segmented.sentences} == {"ru"}


def test_bilingual_table_rows_are_read_cell_by_cell() -> None:
    table = f"| English | Қазақша |\n|---|---|\n| {ENGLISH} | {KAZAKH} |\n"
    segmented = segment(document_from_text(table, "twin.md", markdown=True))
    assert set(segmented.languages.shares) == {"en", "kk"}
    by_language = {s.language for s in segmented.sentences}
    assert by_language == {"en", "kk"}
    # No sentence runs across the two columns.
    assert not any("Provider" in s.text and "Орындаушы" in s.text for s in segmented.sentences)


def test_bilingual_english_kazakh_is_reviewed_in_english_with_a_warning() -> None:
    table = f"| English | Қазақша |\n|---|---|\n| {ENGLISH} | {KAZAKH} |\n"
    report = ReviewEngine(use_model=False).review_text(table, "twin.md")
    assert report.document.reviewed_languages == ["en"]
    assert set(report.document.languages) == {"en", "kk"}
    assert any("Kazakh text" in w and "not reviewed" in w for w in report.document.warnings)
    breach = next(f for f in report.findings if f.requirement == "incidents.breach-notification")
    assert breach.status == "met"
    assert all("Орындаушы" not in e.text for e in breach.evidence)


@pytest.mark.parametrize(
    ("text", "named"),
    [(KAZAKH * 2, "Kazakh"), (UZBEK_LATIN * 2, "Uzbek"), (GERMAN * 2, "German")],
)
def test_a_document_in_an_unsupported_language_is_not_reviewed(text: str, named: str) -> None:
    engine = ReviewEngine(use_model=False)
    document = document_from_text(text, "contract.txt")
    with pytest.raises(UnsupportedLanguageError, match=named) as error:
        engine.review_document(document)
    assert str(error.value).startswith("contract.txt: ")


def test_too_little_text_is_not_reviewed() -> None:
    document = document_from_text("ДОГОВОР ОКАЗАНИЯ УСЛУГ № 15\n\nг. Алматы", "scan.pdf")
    with pytest.raises(TooLittleTextError, match="too little"):
        ReviewEngine(use_model=False).review_document(document)


def test_text_in_no_recognised_language_is_not_reviewed() -> None:
    summary = LanguageSummary(shares={}, words=400)
    with pytest.raises(UnsupportedLanguageError, match="no text in a language"):
        check_reviewable(summary, {"en", "ru"}, path="x.pdf")


def test_a_russian_kazakh_twin_is_reviewable_where_russian_is_supported() -> None:
    summary = LanguageSummary(shares={"kk": 0.52, "ru": 0.48}, words=900)
    warnings = check_reviewable(summary, {"en", "ru"}, path="twin.docx")
    assert warnings and "Kazakh text (52% of the document)" in warnings[0]
    assert "rest on the Russian text" in warnings[0]


def test_cli_names_the_file_and_the_language_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "шарт.txt"
    path.write_text(KAZAKH * 3, encoding="utf-8")
    assert main(["review", str(path), "--format", "json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: шарт.txt: the document is in Kazakh")
    assert "\n" not in err


def test_json_report_says_which_language_it_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dpa.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert main(["review", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)["document"]
    assert document["language"] == "en"
    assert document["languages"] == {"en": 1.0}
    assert document["reviewed_languages"] == ["en"]


def test_batch_turns_an_unreadable_language_into_an_error_row(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "dpa.txt").write_text(ENGLISH, encoding="utf-8")
    (inputs / "kz-only.txt").write_text(KAZAKH * 3, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(inputs), "--out", str(out), "--workers", "1"]) == 2
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["contracts"] == 1 and summary["errors"] == 1
    csv_text = (out / "matrix.csv").read_text("utf-8")
    assert "kz-only.txt" in csv_text and "Kazakh" in csv_text


def test_a_russian_kazakh_twin_is_reviewed_in_russian_and_cites_the_russian() -> None:
    table = f"| Русский | Қазақша |\n|---|---|\n| {RUSSIAN} | {KAZAKH} |\n"
    report = ReviewEngine(use_model=False).review_text(table, "twin.md")
    assert report.document.reviewed_languages == ["ru"]
    assert set(report.document.languages) == {"ru", "kk"}
    # A Russian review says so in Russian.
    assert any(
        "«казахский»" in w and "основаны на тексте на языке «русский»" in w
        for w in report.document.warnings
    )
    breach = next(f for f in report.findings if f.requirement == "incidents.breach-notification")
    assert breach.status == "met"
    assert breach.evidence and all("Орындаушы" not in e.text for e in breach.evidence)
    # ... and cites the Kazakh cell of the same row beside the Russian one.
    assert [p.language for p in breach.evidence[0].parallel] == ["kk"]
    assert "Орындаушы" in breach.evidence[0].parallel[0].text
