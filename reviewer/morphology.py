"""Russian lemmas (pymorphy3 with its offline OpenCorpora dictionary) and lemma views.

Russian inflects nouns, adjectives and verbs: "персональные данные",
"персональных данных", "персональным данным" are one phrase. Cues of a
language pack with `match: lemmas` are therefore matched against the *lemma
view* of a sentence: the same text with every word replaced by its dictionary
form, lower-cased, "ё" written "е" ("Исполнитель уведомит Заказчика об
инцидентах" reads "исполнитель уведомить заказчик об инцидент"). The view
keeps a map back to the original offsets, so evidence still points into the
document.

pymorphy3 loads in about 0.2 s and is imported on first use only: a review of
an English contract never pays for it. Its dictionaries ship in the
`pymorphy3-dicts-ru` package; nothing is downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reviewer.errors import ReviewerError

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Short words in capitals are abbreviations ("ИИ", "РФ", "ПДн"): kept as written,
# the dictionary would read "ИИ" as a form of "ия".
_ABBREVIATION = re.compile(r"^[А-ЯЁA-Z][А-ЯЁA-Zа-яё]{0,4}$")


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise ReviewerError(
            "pymorphy3 is not installed; reinstall the project (`pip install -e .`) to review "
            "Russian contracts"
        ) from exc
    try:
        return pymorphy3.MorphAnalyzer(lang="ru")
    except (ValueError, OSError) as exc:  # pragma: no cover - missing dictionary package
        raise ReviewerError(
            f"the Russian dictionary of pymorphy3 could not be loaded ({exc}); "
            "install the package pymorphy3-dicts-ru"
        ) from exc


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of one Russian word, lower case, "ё" as "е"."""
    if len(word) == 1 or not any("\u0400" <= ch <= "\u04ff" for ch in word):
        # Single letters are abbreviations or list markers ("т.ч.", "п.", "а)").
        return word.lower().replace("ё", "е")
    if _ABBREVIATION.match(word) and sum(ch.isupper() for ch in word) >= 2:
        return word.lower().replace("ё", "е")
    head, dash, rest = word.partition("-")
    if dash and rest and _ABBREVIATION.match(head) and sum(ch.isupper() for ch in head) >= 2:
        # "ИИ-сервиса": the abbreviation as written, the rest in its dictionary form.
        return f"{head.lower()}-{lemma(rest)}".replace("ё", "е")
    parsed = _analyzer().parse(word)
    if not parsed:
        return word.lower().replace("ё", "е")
    best = parsed[0]
    if best.tag.POS in ("PRTF", "PRTS"):
        # "данные" is first read as a participle of "дать"; in a contract it is the noun.
        noun = next((p for p in parsed if p.tag.POS == "NOUN"), None)
        if noun is not None:
            best = noun
    return str(best.normal_form).replace("ё", "е")


@dataclass(frozen=True, slots=True)
class LemmaView:
    """`text` with every word in its dictionary form, and the way back to the original.

    `segments` are (offset in the view, offset in the original, length in the
    original), in order; a position inside a replaced word maps into that word.
    """

    text: str
    segments: tuple[tuple[int, int, int], ...]


def lemma_view(text: str, start: int = 0) -> LemmaView:
    """The lemma view of `text`, whose first character is at `start` in the document."""
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    cursor = 0
    length = 0
    for match in _TOKEN.finditer(text):
        if match.start() > cursor:
            gap = text[cursor : match.start()].lower().replace("ё", "е")
            segments.append((length, start + cursor, match.start() - cursor))
            pieces.append(gap)
            length += len(gap)
        word = lemma(match.group(0))
        segments.append((length, start + match.start(), match.end() - match.start()))
        pieces.append(word)
        length += len(word)
        cursor = match.end()
    if cursor < len(text):
        tail = text[cursor:].lower().replace("ё", "е")
        segments.append((length, start + cursor, len(text) - cursor))
        pieces.append(tail)
    return LemmaView("".join(pieces), tuple(segments))


def lemmas(text: str) -> list[str]:
    """The dictionary forms of the words of `text`, in order."""
    return [lemma(m.group(0)) for m in _TOKEN.finditer(text)]


def inflect_like(word: str, form: str) -> str:
    """`word` in the case and number of `form`: ("Лицензиар", "Исполнителя") -> "Лицензиара"."""
    analyzer = _analyzer()
    parsed = next((p for p in analyzer.parse(form) if p.tag.POS == "NOUN"), None)
    target = next((p for p in analyzer.parse(word) if p.tag.POS == "NOUN"), None)
    if parsed is None or target is None:
        return word
    grammemes = {g for g in (parsed.tag.case, parsed.tag.number) if g}
    inflected = target.inflect(grammemes) if grammemes else None
    result = str(inflected.word) if inflected else word.lower()
    return result[0].upper() + result[1:] if form[:1].isupper() else result
