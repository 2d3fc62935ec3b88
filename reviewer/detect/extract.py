"""Parameter extraction from clause text: periods, countries, frequencies.

Values are normalised so rules can compare them with profile parameters:
hours (int), days (int), countries (ISO-like codes and region names),
frequency (times per year).
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


def periods_in_hours(text: str) -> list[float]:
    """Every period stated in `text`, in hours ("immediately" counts as 0)."""
    found: list[float] = []
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


def extract_countries(text: str) -> list[str]:
    codes: list[str] = []
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


def extract_frequency(text: str) -> float | None:
    """Times per year ("once per year" -> 1, "quarterly" not yet), or None."""
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
