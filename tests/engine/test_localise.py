"""Findings in the report's language: a Russian contract is reported in Russian by default."""

from __future__ import annotations

from reviewer.engine import ReviewEngine

# Written for this test.
OFFER = """ЛИЦЕНЗИОННЫЙ ДОГОВОР

ООО «Облако», именуемое в дальнейшем «Лицензиар», и ТОО «Степь», именуемое в дальнейшем «Лицензиат», заключили настоящий Договор.

1. Персональные данные

1.1. Лицензиар уведомляет Лицензиата об инцидентах, повлёкших неправомерную передачу персональных данных, не позднее 24 часов с момента их выявления.

1.2. Лицензиар вправе использовать данные Лицензиата для развития и улучшения Программы.
"""
ENGLISH = (
    "The Provider shall notify the Customer of any personal data breach within 48 hours. "
    "The Provider may use Customer Data to improve its services."
)


def _finding(report, requirement):  # type: ignore[no-untyped-def]
    return next(f for f in report.findings if f.requirement == requirement)


def test_a_russian_contract_is_reported_in_russian() -> None:
    report = ReviewEngine(use_model=False).review_text(OFFER, "offer.txt")
    breach = _finding(report, "incidents.breach-notification")
    assert breach.status == "met"
    assert breach.title == "Об инцидентах сообщается в установленный срок"
    assert breach.explanation.startswith(
        "П.\u00a01.1: Лицензиар обязан сообщать об инцидентах в течение 24"
    )
    training = _finding(report, "training.no-training-without-consent")
    assert training.status == "conflict"
    # The recommended clause names the parties as this contract does, declined.
    assert training.recommendation.startswith("Заменить противоречащее положение")
    assert "Лицензиар не использует данные, запросы, файлы Лицензиата" in training.recommendation
    missing = _finding(report, "audits.customer-audit-right")
    assert missing.explanation.startswith("В документе этот вопрос не урегулирован.")
    assert missing.recommendation.startswith("Дополнить договор положением: Лицензиат вправе")
    assert report.topics["incidents"] == "Инциденты, утечки и сбои ИИ"
    localisation = _finding(report, "residency.localization")
    assert localisation.explanation.startswith("Не проверялось")


def test_a_russian_contract_for_an_english_reader() -> None:
    report = ReviewEngine(use_model=False, report_language="en").review_text(OFFER, "offer.txt")
    breach = _finding(report, "incidents.breach-notification")
    assert breach.title == "Breaches are notified within a fixed time"
    assert breach.explanation == "Clause 1.1: The vendor must notify breaches within 24 hours."
    assert breach.recommendation.startswith("No change needed.")
    # The quotes stay in the contract's words.
    assert "уведомляет" in breach.evidence[0].text


def test_an_english_contract_is_untouched_by_default() -> None:
    report = ReviewEngine(use_model=False).review_text(ENGLISH, "dpa.txt")
    breach = _finding(report, "incidents.breach-notification")
    assert breach.title == "Breaches are notified within a fixed time"
    assert report.topics["incidents"] == "Incidents, breaches and AI failures"


def test_an_english_contract_for_a_russian_reader() -> None:
    report = ReviewEngine(use_model=False, report_language="ru").review_text(ENGLISH, "dpa.txt")
    breach = _finding(report, "incidents.breach-notification")
    assert breach.title == "Об инцидентах сообщается в установленный срок"
    assert breach.explanation.startswith("Документ: ")
    assert "Исполнитель уведомляет Заказчика" in breach.recommendation


def test_clauses_on_where_data_is_kept_name_the_profiles_country() -> None:
    report = ReviewEngine(use_model=False, profile="kz").review_text(OFFER, "offer.txt")
    for requirement in (
        "residency.localization",
        "residency.location-specified",
        "residency.transfer-restriction",
    ):
        recommendation = _finding(report, requirement).recommendation
        assert "Республики Казахстан" in recommendation, requirement
        assert "[страна]" not in recommendation, requirement


def test_fill_country_takes_every_country_the_profile_requires() -> None:
    from reviewer.engine.localise import fill_country

    text = "только на территории [страна]"
    two = {"residency.localization": {"required_countries": ["kz", "UZ"]}}
    assert fill_country(text, two) == (
        "только на территории Республики Казахстан или Республики Узбекистан"
    )
    # No country in the profile: the blank stays for the lawyer to fill.
    assert fill_country(text, {"residency.localization": {}}) == text
