"""The languages of a document, block by block, and whether the playbook can read them.

A Russian offer with a Kazakh twin in a second column, an English DPA with a
Russian translation in a table, a Kazakh-only order: each block (and each cell
of a bilingual table row) gets its language; short blocks (headings, numbers,
names) take the language of their neighbours. `check_reviewable` then decides
whether the review may go on: a document whose text is in no language the
playbook has cues for, or that holds too little text, is an input error, never
a review that reports everything missing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reviewer.document import Block
from reviewer.errors import TooLittleTextError, UnsupportedLanguageError
from reviewer.language import (
    LanguageGuess,
    detect_language,
    join_names,
    language_name,
    letter_count,
)

CELL_SEPARATOR = " | "
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
# A block's own guess is trusted from this many words on; shorter blocks inherit.
CONFIDENT_WORDS = 8
CONFIDENT_MARGIN = 0.25
# A language holding less than this share of the text is a stray quotation or a
# misread heading, not a second version of the contract.
SECOND_LANGUAGE_SHARE = 0.1
# The reviewable text must be at least this share of the recognised text.
MIN_REVIEWABLE_SHARE = 0.25
MIN_REVIEW_WORDS = 10  # one obligation with its parties needs more


@dataclass(slots=True)
class BlockLanguage:
    language: str | None  # None: not recognised and no neighbour to inherit from
    confident: bool  # the block's own text decided it (not inherited)
    # Bilingual table rows: (start, end, language) of each cell, offsets in the block.
    cells: list[tuple[int, int, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class LanguageSummary:
    """Shares of the recognised text per language, largest first."""

    shares: dict[str, float] = field(default_factory=dict)
    words: int = 0

    @property
    def primary(self) -> str | None:
        return next(iter(self.shares), None)

    def multilingual(self) -> list[str]:
        return [lang for lang, share in self.shares.items() if share >= SECOND_LANGUAGE_SHARE]


def _confident(guess: LanguageGuess | None) -> bool:
    return (
        guess is not None
        and guess.words >= CONFIDENT_WORDS
        and guess.confidence >= CONFIDENT_MARGIN
    )


def _cells(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        cut = text.find(CELL_SEPARATOR, start)
        end = cut if cut >= 0 else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        if cut < 0:
            return spans
        start = cut + len(CELL_SEPARATOR)


def _script(text: str) -> str:
    """ "cyrillic" or "latin": the alphabet most of the letters of `text` are in
    ("" for a text without letters, such as a bare number)."""
    letters = letter_count(text)
    if not letters:
        return ""
    return "cyrillic" if len(_CYRILLIC_LETTER.findall(text)) * 2 >= letters else "latin"


def _cell_languages(block: Block) -> list[tuple[int, int, str | None]]:
    """Each non-empty cell of a table row with its own language (None: not sure)."""
    cells: list[tuple[int, int, str | None]] = []
    for start, end in _cells(block.text):
        guess = detect_language(block.text[start:end])
        cells.append((start, end, guess.language if guess and _confident(guess) else None))
    return cells


def _fill_table_columns(rows: list[list[tuple[int, int, str | None]]]) -> None:
    """Cells too short to judge take their column's language: a bilingual table keeps
    each language in its own column, so a four-word Uzbek cell beside a Russian one is
    Uzbek because the cells above and below it are."""
    width = Counter(len(cells) for cells in rows).most_common(1)[0][0] if rows else 0
    columns: list[Counter[str]] = [Counter() for _ in range(width)]
    for cells in rows:
        if len(cells) == width:
            for column, (_, _, lang) in enumerate(cells):
                if lang:
                    columns[column][lang] += 1
    majority = [c.most_common(1)[0][0] if c else None for c in columns]
    if len({lang for lang in majority if lang}) < 2:
        return  # not a bilingual table
    for cells in rows:
        if len(cells) == width:
            for column, (start, end, lang) in enumerate(cells):
                if lang is None and majority[column]:
                    cells[column] = (start, end, majority[column])


def block_languages(blocks: list[Block]) -> list[BlockLanguage]:
    """The language of every block; bilingual table rows carry one language per cell."""
    found: list[BlockLanguage] = []
    table: list[list[tuple[int, int, str | None]]] = []  # the cells of the current table
    for index, block in enumerate(blocks):
        guess = detect_language(block.text)
        cells: list[tuple[int, int, str | None]] = []
        if block.kind == "table_row" and CELL_SEPARATOR in block.text:
            cells = _cell_languages(block)
            table.append(cells)
        if block.kind != "table_row" or index + 1 == len(blocks):
            _fill_table_columns(table)
            table = []
        found.append(
            BlockLanguage(
                language=guess.language if guess else None, confident=_confident(guess), cells=cells
            )
        )
    for info in found:
        if len({lang for _, _, lang in info.cells if lang}) < 2:
            info.cells = []  # one language: the row is read as one text
    # Short blocks take the language of the nearest confident block before them
    # (a heading belongs to the text it introduces, so also look after) written
    # in the same alphabet: an Uzbek paragraph in Latin letters that is too short
    # to tell is not Russian because the paragraph before it was.
    scripts = [_script(block.text) for block in blocks]
    # ("" holds the nearest of any alphabet, for blocks without letters).
    for order in (found, found[::-1]):
        scripts_in_order = scripts if order is found else scripts[::-1]
        nearest: dict[str, str | None] = {}
        for info, script in zip(order, scripts_in_order, strict=True):
            if info.confident:
                nearest[script] = nearest[""] = info.language
            elif nearest.get(script) is not None and (order is found or info.language is None):
                info.language = nearest[script]
    return found


def summarise(blocks: list[Block], languages: list[BlockLanguage]) -> LanguageSummary:
    letters: Counter[str] = Counter()
    words = 0
    for block, info in zip(blocks, languages, strict=True):
        words += len(block.text.split())
        if info.cells:
            for start, end, lang in info.cells:
                if lang:
                    letters[lang] += letter_count(block.text[start:end])
        elif info.confident and info.language:
            letters[info.language] += letter_count(block.text)
    total = sum(letters.values())
    shares = {lang: round(n / total, 3) for lang, n in letters.most_common()} if total else {}
    return LanguageSummary(shares=shares, words=words)


def check_reviewable(
    summary: LanguageSummary,
    supported: frozenset[str] | set[str],
    *,
    path: str,
    min_words: int = MIN_REVIEW_WORDS,
    language: str = "en",
) -> list[str]:
    """Warnings for the report (in the report's `language`); raises when the document
    cannot be reviewed at all.

    `supported` are the languages the playbook has cues for.
    """
    readable = join_names(sorted(supported, key=lambda c: (c != "en", c)))
    if summary.words < min_words:
        raise TooLittleTextError(
            f"only {summary.words} words of text, too little to be a contract "
            "(scanned pages without a text layer? run OCR first); not reviewed",
            path=path,
        )
    reviewable = sum(share for lang, share in summary.shares.items() if lang in supported)
    if not summary.shares:
        if min_words == 0:
            return []  # a snippet reviewed on purpose (review_text)
        raise UnsupportedLanguageError(
            f"no text in a language the playbook reads ({readable}) was recognised; "
            "not reviewed, so that nothing is reported missing by mistake",
            path=path,
        )
    if reviewable < MIN_REVIEWABLE_SHARE:
        main = summary.primary
        raise UnsupportedLanguageError(
            f"the document is in {language_name(main)} ({summary.shares[main or '']:.0%} of its "
            f"text); the playbook has cues for {readable} only, so it was not reviewed "
            "(a review would report every requirement missing)",
            path=path,
        )
    warnings: list[str] = []
    read = [x for x in summary.multilingual() if x in supported]
    for lang in summary.multilingual():
        if lang not in supported:
            share = f"{summary.shares[lang]:.0%}"
            if language == "ru":
                warnings.append(
                    f"Текст на языке «{_RU_NAMES.get(lang, language_name(lang))}» ({share} "
                    "документа) распознан, но не проверялся (в библиотеке положений нет правил "
                    f"для этого языка); выводы основаны на тексте на языке "
                    f"«{'», «'.join(_RU_NAMES.get(x, language_name(x)) for x in read)}». "
                    "Цитаты на нём приведены рядом с проверенным текстом, где вёрстка их сопоставляет."
                )
                continue
            warnings.append(
                f"{language_name(lang)} text ({share} of the document) was "
                f"recognised but not reviewed (the playbook has no {language_name(lang)} cues); "
                f"the findings rest on the {join_names(read)} text. Where the layout pairs "
                "the two versions, each quote is shown with its other-language version."
            )
    return warnings


_RU_NAMES = {
    "en": "английский", "ru": "русский", "kk": "казахский", "uz": "узбекский",
    "ky": "киргизский", "tg": "таджикский", "az": "азербайджанский", "uk": "украинский",
    "be": "белорусский", "tr": "турецкий", "de": "немецкий", "fr": "французский",
}  # fmt: skip
