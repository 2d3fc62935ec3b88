import pytest

from reviewer.detect.extract import (
    country_within,
    extract_countries,
    extract_days,
    extract_frequency,
    extract_hours,
)


def test_hours_from_digits_words_and_parentheses() -> None:
    assert extract_hours("within 48 hours of becoming aware") == 48
    assert extract_hours("within seventy-two (72) hours") == 72
    assert extract_hours("no later than twenty-four hours") == 24
    assert extract_hours("shall immediately inform the Customer") == 0


def test_days_convert_periods_and_business_days() -> None:
    assert extract_days("within thirty (30) days after termination") == 30
    assert extract_days("within 10 business days") == 14
    assert extract_days("within two (2) months") == 60
    assert extract_days("promptly after termination") is None


def test_countries_and_regions() -> None:
    assert extract_countries("hosted in the European Economic Area and the United States") == [
        "EEA",
        "US",
    ]
    assert extract_countries("let us know if we can help") == []
    assert extract_countries("servers located in Kazakhstan") == ["KZ"]


def test_country_within_regions() -> None:
    assert country_within(["DE", "IE"], ["EU"])
    assert not country_within(["US"], ["EEA"])
    assert not country_within([], ["KZ"])


def test_frequency() -> None:
    assert extract_frequency("no more than once per calendar year") == 1
    assert extract_frequency("twice a year") == 2
    assert extract_frequency("an annual audit") == 1


# --------------------------------------------------------------------- Russian


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("в течение 72 (семидесяти двух) часов с момента обнаружения", 72.0),
        ("в течение семидесяти двух часов", 72.0),
        ("в течение двадцати четырех часов", 24.0),
        ("не позднее суток с момента", 24.0),
        ("не позднее 3 (трех) рабочих дней", 3 * 24 * 7 / 5),
        ("в течение тридцати календарных дней", 720.0),
        ("в течение 1 (одного) месяца", 720.0),
        ("незамедлительно уведомляет", 0.0),
    ],
)
def test_russian_periods(text: str, hours: float) -> None:
    assert extract_hours(text) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("на территории Республики Казахстан", ["KZ"]),
        ("на серверах в РФ и в Европейском союзе", ["RU", "EU"]),
        ("на казахстанских серверах", ["KZ"]),
        ("в России, Узбекистане и США", ["RU", "UZ", "US"]),
        ("индивидуальный предприниматель", []),
    ],
)
def test_russian_countries_in_any_case(text: str, codes: list[str]) -> None:
    assert extract_countries(text) == codes


@pytest.mark.parametrize(
    ("text", "per_year"),
    [("не чаще одного раза в год", 1.0), ("не чаще 2 раз в год", 2.0), ("ежегодно", 1.0)],
)
def test_russian_frequency(text: str, per_year: float) -> None:
    assert extract_frequency(text) == per_year
