"""Parameter extraction from clause text: periods, countries, frequencies.

Values are normalised so rules can compare them with profile parameters:
hours (int), days (int), countries (ISO-like codes and region names),
frequency (times per year). English and Russian wording: "within seventy-two
(72) hours", "в течение 72 (семидесяти двух) часов", "3 рабочих дней",
"не позднее суток", "на территории Республики Казахстан", "не чаще одного
раза в год".
"""

from __future__ import annotations

import re

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-eight": 48, "fifty": 50, "sixty": 60, "seventy": 70, "seventy-two": 72,
    "eighty": 80, "ninety": 90, "hundred": 100, "twenty-four": 24,
    "thirty-six": 36, "one hundred and eighty": 180, "one hundred eighty": 180,
}  # fmt: skip
_WORD_ALTERNATION = "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
# "seventy-two (72)", "72", "thirty (30)", "ten"
_QUANTITY = rf"(?:(?P<word>{_WORD_ALTERNATION})\s*(?:\(\s*(?P<paren>\d+)\s*\))?|(?P<digits>\d+))"
_PERIOD = re.compile(
    rf"{_QUANTITY}\s*(?:-\s*)?(?P<business>business |working |calendar )?"
    r"(?P<unit>hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_IMMEDIATE = re.compile(r"\b(?:immediately|forthwith)\b", re.IGNORECASE)
_UNIT_HOURS = {"hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30, "year": 24 * 365}


def _quantity(match: re.Match[str]) -> int | None:
    if match.group("paren"):
        return int(match.group("paren"))
    if match.group("digits"):
        return int(match.group("digits"))
    word = match.group("word")
    return _NUMBER_WORDS.get(word.lower()) if word else None


# Russian numerals in any case ("семидесяти двух", "трёх", "одного"), as stems.
_RU_UNITS: list[tuple[str, int]] = [
    ("одиннадцат", 11), ("двенадцат", 12), ("тринадцат", 13), ("четырнадцат", 14),
    ("пятнадцат", 15), ("шестнадцат", 16), ("семнадцат", 17), ("восемнадцат", 18),
    ("девятнадцат", 19), ("двадцат", 20), ("тридцат", 30), ("сорок", 40),
    ("пятьдесят", 50), ("пятидесят", 50), ("шестьдесят", 60), ("шестидесят", 60),
    ("семьдесят", 70), ("семидесят", 70), ("восемьдесят", 80), ("восьмидесят", 80),
    ("девяност", 90), ("сто", 100), ("ста", 100),
    ("одн", 1), ("один", 1), ("дв", 2), ("тр", 3), ("четыр", 4), ("пят", 5), ("шест", 6),
    ("сем", 7), ("восем", 8), ("восьм", 8), ("девят", 9), ("десят", 10),
]  # fmt: skip
_RU_NUMBER_WORD = re.compile(
    r"(?:" + "|".join(sorted({stem for stem, _ in _RU_UNITS}, key=len, reverse=True)) + r")[а-яё]*",
    re.IGNORECASE,
)
_RU_NUMBER_PHRASE = rf"(?:{_RU_NUMBER_WORD.pattern}\s+){{0,2}}{_RU_NUMBER_WORD.pattern}"
_RU_PERIOD = re.compile(
    r"(?:(?P<digits>\d+)\s*(?:\([^)]{1,40}\)\s*)?|(?P<words>" + _RU_NUMBER_PHRASE + r")\s+)?"
    r"(?P<business>рабоч\w*\s+|календарн\w*\s+|банковск\w*\s+)?"
    r"(?P<unit>час(?:а|ов)?|сут(?:ок|ки)|дн(?:я|ей)|день|недел[ьияюе]\w*|месяц\w*|год(?:а|у)?|лет)(?![а-яё])",
    re.IGNORECASE,
)
_RU_IMMEDIATE = re.compile(r"(?<![а-яё])(?:немедленно|незамедлительно|безотлагательно)", re.I)
_RU_UNIT_HOURS = {"ч": 1, "с": 24, "д": 24, "н": 24 * 7, "м": 24 * 30, "г": 24 * 365, "л": 24 * 365}


def _russian_number(words: str) -> int | None:
    total = 0
    for word in words.lower().split():
        value = next(
            (n for stem, n in sorted(_RU_UNITS, key=lambda u: -len(u[0])) if word.startswith(stem)),
            None,
        )
        if value is None:
            return None
        total += value
    return total or None


def _russian_periods(text: str) -> list[float]:
    found: list[float] = []
    if _RU_IMMEDIATE.search(text):
        found.append(0.0)
    for match in _RU_PERIOD.finditer(text):
        unit = match.group("unit").lower()
        if match.group("digits"):
            quantity: int | None = int(match.group("digits"))
        elif match.group("words"):
            quantity = _russian_number(match.group("words"))
        else:
            # "в течение суток / месяца / года": one unit, but only after such a phrase.
            before = text[max(0, match.start() - 25) : match.start()].lower()
            quantity = 1 if re.search(r"(?:течение|позднее|чем через|чем за)\s*$", before) else None
        if quantity is None:
            continue
        key = "с" if unit.startswith("сут") else "д" if unit.startswith(("дн", "ден")) else unit[0]
        hours = float(quantity * _RU_UNIT_HOURS[key])
        if match.group("business") and match.group("business").lower().startswith(
            ("рабоч", "банковск")
        ):
            hours = hours * 7 / 5
        found.append(hours)
    return found


def periods_in_hours(text: str) -> list[float]:
    """Every period stated in `text`, in hours ("immediately" counts as 0)."""
    found: list[float] = []
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        found.extend(_russian_periods(text))
    if _IMMEDIATE.search(text):
        found.append(0.0)
    for match in _PERIOD.finditer(text):
        quantity = _quantity(match)
        if quantity is None:
            continue
        unit = match.group("unit").lower().rstrip("s")
        hours = float(quantity * _UNIT_HOURS[unit])
        if match.group("business") and match.group("business").lower().startswith(
            ("business", "working")
        ):
            hours = hours * 7 / 5  # business days run longer in calendar time
        found.append(float(hours))
    return found


def extract_hours(text: str) -> float | None:
    values = periods_in_hours(text)
    return min(values) if values else None


def extract_days(text: str) -> float | None:
    values = [v for v in periods_in_hours(text) if v > 0]
    return min(values) / 24 if values else None


_COUNTRIES: dict[str, str] = {
    "european economic area": "EEA", "eea": "EEA", "european union": "EU", "eu": "EU",
    "united kingdom": "GB", "uk": "GB", "switzerland": "CH", "united states": "US",
    "u.s.": "US", "usa": "US", "canada": "CA", "germany": "DE", "france": "FR",
    "ireland": "IE", "netherlands": "NL", "kazakhstan": "KZ", "uzbekistan": "UZ",
    "azerbaijan": "AZ", "kyrgyzstan": "KG", "kyrgyz republic": "KG", "tajikistan": "TJ",
    "turkmenistan": "TM", "georgia": "GE", "armenia": "AM", "australia": "AU",
    "japan": "JP", "singapore": "SG", "india": "IN", "russia": "RU", "china": "CN",
    "brazil": "BR", "sweden": "SE", "finland": "FI", "poland": "PL", "spain": "ES",
    "italy": "IT", "belgium": "BE", "austria": "AT", "denmark": "DK", "norway": "NO",
}  # fmt: skip
_COUNTRY_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(k) for k in sorted(_COUNTRIES, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
EU_MEMBERS = {"DE", "FR", "IE", "NL", "SE", "FI", "PL", "ES", "IT", "BE", "AT", "DK"}

# Russian names in every case ("Республики Казахстан", "в Казахстане", "России",
# "РФ", "казахстанских серверах"), as stems; abbreviations only in capitals.
_RU_COUNTRIES: list[tuple[str, str]] = [
    (r"европейск\w* экономическ\w* (?:зон|пространств)\w*", "EEA"),
    (r"европейск\w* союз\w*|евросоюз\w*", "EU"),
    (r"российск\w* федераци\w*|росси(?:я|и|ю|ей)|российск\w*", "RU"),
    (r"казахстан\w*", "KZ"),
    (r"узбекистан\w*", "UZ"),
    (r"азербайджан\w*", "AZ"),
    (r"кыргызстан\w*|киргизи\w*|кыргызск\w* республик\w*|киргизск\w* республик\w*", "KG"),
    (r"таджикистан\w*", "TJ"),
    (r"туркменистан\w*", "TM"),
    (r"армени[яиюей]|армянск\w*", "AM"),
    (r"грузи[яиюей]", "GE"),
    (r"беларус\w*|белорусси\w*", "BY"),
    (r"украин\w*", "UA"),
    (r"соединённ\w* штат\w*|соединенн\w* штат\w*|американск\w*", "US"),
    (r"великобритани\w*|соединённ\w* королевств\w*|соединенн\w* королевств\w*", "GB"),
    (r"германи\w*", "DE"),
    (r"франци[яиюей]", "FR"),
    (r"ирланди\w*", "IE"),
    (r"нидерланд\w*", "NL"),
    (r"финлянди\w*", "FI"),
    (r"швеци[яиюей]", "SE"),
    (r"польш\w*", "PL"),
    (r"швейцари\w*", "CH"),
    (r"сингапур\w*", "SG"),
    (r"кита[йяюе]\w*", "CN"),
    (r"инди[яиюей](?![а-яё])", "IN"),
    (r"япони\w*", "JP"),
    (r"турци[яиюей]", "TR"),
]
_RU_COUNTRY_RE = re.compile(
    r"(?<![а-яё])(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_RU_COUNTRIES)) + ")",
    re.IGNORECASE,
)
_RU_ABBREVIATIONS = re.compile(r"(?<![\w])(РФ|РК|РУз|КР|ЕС|ЕЭЗ|США|ФРГ|КНР)(?![\w])")
_RU_ABBREVIATION_CODES = {
    "РФ": "RU", "РК": "KZ", "РУз": "UZ", "КР": "KG", "ЕС": "EU", "ЕЭЗ": "EEA", "США": "US",
    "ФРГ": "DE", "КНР": "CN",
}  # fmt: skip


def _russian_countries(text: str) -> list[tuple[int, str]]:
    found = []
    for match in _RU_COUNTRY_RE.finditer(text):
        index = next(i for i in range(len(_RU_COUNTRIES)) if match.group(f"c{i}"))
        found.append((match.start(), _RU_COUNTRIES[index][1]))
    for match in _RU_ABBREVIATIONS.finditer(text):
        found.append((match.start(), _RU_ABBREVIATION_CODES[match.group(1)]))
    return sorted(found)


def extract_countries(text: str) -> list[str]:
    codes: list[str] = []
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        for _, code in _russian_countries(text):
            if code not in codes:
                codes.append(code)
    for match in _COUNTRY_RE.finditer(text):
        token = match.group(0)
        # "US" in capitals is the country; "us" in lower case is the pronoun.
        if token.lower() == "us" and token != "US":
            continue
        code = _COUNTRIES[token.lower()]
        if code not in codes:
            codes.append(code)
    return codes


def country_within(found: list[str], allowed: list[str]) -> bool:
    """True when every found location lies inside the allowed countries/regions."""
    allowed_set = {a.upper() for a in allowed}
    if "EU" in allowed_set or "EEA" in allowed_set:
        allowed_set |= EU_MEMBERS | {"EU", "EEA"}
    return bool(found) and all(code in allowed_set for code in found)


_FREQUENCY = re.compile(
    r"\b(?:(?P<once>once|twice)|(?P<n>\w+) times?) (?:per|a|each|every) "
    r"(?P<unit>year|calendar year|12[- ]month period|twelve[- ]month period|month|quarter)",
    re.IGNORECASE,
)
_ANNUAL = re.compile(r"\b(?:annual(?:ly)?|yearly)\b", re.IGNORECASE)


_RU_FREQUENCY = re.compile(
    r"(?:(?P<n>\d+|одн\w*|один|дв\w*|тр\w*|четыр\w*)\s+)?раз\w*\s+в\s+"
    r"(?P<unit>год|календарн\w* год|квартал|месяц|полугоди\w*|\d+\s*месяц\w*)",
    re.IGNORECASE,
)
_RU_ANNUAL = re.compile(r"(?<![а-яё])ежегодн\w*", re.IGNORECASE)
_RU_QUARTERLY = re.compile(r"(?<![а-яё])ежекварталь\w*", re.IGNORECASE)


def _russian_frequency(text: str) -> float | None:
    match = _RU_FREQUENCY.search(text)
    if match:
        raw = (match.group("n") or "1").lower()
        count = int(raw) if raw.isdigit() else (_russian_number(raw) or 1)
        unit = match.group("unit").lower()
        per_year = (
            12
            if unit == "месяц"
            else 4
            if unit == "квартал"
            else 2
            if unit.startswith("полугод")
            else 1
        )
        return float(count * per_year)
    if _RU_QUARTERLY.search(text):
        return 4.0
    if _RU_ANNUAL.search(text):
        return 1.0
    return None


def extract_frequency(text: str) -> float | None:
    """Times per year ("once per year" -> 1, "quarterly" not yet), or None."""
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        russian = _russian_frequency(text)
        if russian is not None:
            return russian
    match = _FREQUENCY.search(text)
    if match:
        if match.group("once"):
            count = 1 if match.group("once").lower() == "once" else 2
        else:
            n = match.group("n").lower()
            count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 1)
        unit = match.group("unit").lower()
        per_year = 12 if unit == "month" else 4 if unit == "quarter" else 1
        return float(count * per_year)
    if _ANNUAL.search(text):
        return 1.0
    return None
