"""Russian lemmas and the lemma view that Russian cues are matched against."""

from __future__ import annotations

from reviewer.morphology import lemma, lemma_view, lemmas


def test_inflected_forms_share_a_lemma() -> None:
    assert (
        lemmas("персональных данных")
        == lemmas("персональным данным")
        == [
            "персональный",
            "данные",
        ]
    )
    assert lemma("Заказчику") == "заказчик"
    assert lemma("лицам") == "лицо"


def test_contract_words_are_read_as_contracts_use_them() -> None:
    # "данные" is first a participle of "дать" in the dictionary; in a contract it is the noun.
    assert lemma("данные") == "данные"
    # Abbreviations stay as written, also in compounds.
    assert lemma("ИИ") == "ии"
    assert lemma("РФ") == "рф"
    assert lemma("ИИ-сервиса") == "ии-сервис"
    # Single letters ("т.ч.", "п.") are not words to look up.
    assert lemma("т") == "т"
    assert lemma("ёлка") == "елка"


def test_lemma_view_maps_back_to_the_original_offsets() -> None:
    text = "п. 3: Исполнитель уведомит Заказчика об инцидентах."
    view = lemma_view(text, start=100)
    assert view.text == "п. 3: исполнитель уведомить заказчик о инцидент."
    at = view.text.index("заказчик")
    # The segment holding "заказчик" starts where "Заказчика" starts in the document.
    segment = max(s for s in view.segments if s[0] <= at)
    assert text[segment[1] - 100 : segment[1] - 100 + segment[2]] == "Заказчика"


def test_latin_words_and_numbers_are_kept() -> None:
    assert lemma_view("ISO 27001 и SOC 2").text == "iso 27001 и soc 2"


def test_an_english_review_never_loads_the_russian_dictionary() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from reviewer.engine import ReviewEngine\n"
        "ReviewEngine(use_model=False).review_text("
        "'The Provider shall notify the Customer of any personal data breach within 48 hours.')\n"
        "print('pymorphy3' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "False"
