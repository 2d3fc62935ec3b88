"""Segmentation: a `Document` into clauses, sentences, glossary, parties and kind.

Runs once per document; every detector reads the result. Languages are found
first (per block, per cell of bilingual tables) so that every sentence knows
which language's cues read it.
"""

from __future__ import annotations

import bisect

from reviewer.document import Block, Document
from reviewer.language import detect_language
from reviewer.segment.clauses import build_clauses
from reviewer.segment.glossary import collect_definitions
from reviewer.segment.kind import guess_kind
from reviewer.segment.languages import (
    CONFIDENT_MARGIN,
    CONFIDENT_WORDS,
    BlockLanguage,
    LanguageSummary,
    block_languages,
    summarise,
)
from reviewer.segment.model import Clause, SegmentedDocument, Sentence
from reviewer.segment.parallel import align
from reviewer.segment.parties import find_parties
from reviewer.segment.roles import find_roles
from reviewer.segment.sentences import split_sentences

__all__ = ["segment"]


def _fallback_language(document: Document) -> str:
    """The language of a text nothing could be recognised in: by its alphabet."""
    cyrillic = sum(1 for ch in document.text[:20_000] if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in document.text[:20_000] if ch.isascii() and ch.isalpha())
    return "ru" if cyrillic > latin else "en"


def _sentence_language(
    text: str, unit_language: str | None, versions: list[str], primary: str
) -> str:
    """Which language's cues read a sentence.

    Only languages that hold a real share of the document (`versions`) are
    told apart; in a monolingual contract every sentence is read in its
    language, so a misjudged short line costs nothing.
    """
    if len(versions) > 1:
        guess = detect_language(text)
        if (
            guess is not None
            and guess.language in versions
            and guess.words >= CONFIDENT_WORDS
            and guess.confidence >= CONFIDENT_MARGIN
        ):
            return guess.language
        if unit_language in versions:
            return unit_language
    return primary


def _units(block: Block, info: BlockLanguage) -> list[tuple[int, int, str | None]]:
    """The parts of a block read as separate texts: its cells when it is a bilingual row."""
    return info.cells or [(0, len(block.text), info.language)]


def _sentences(
    document: Document,
    clauses: list[Clause],
    languages: list[BlockLanguage],
    summary: LanguageSummary,
) -> list[Sentence]:
    starts = [c.start for c in clauses]
    versions = summary.multilingual()
    primary = summary.primary or _fallback_language(document)
    sentences: list[Sentence] = []
    for block, info in zip(document.blocks, languages, strict=True):
        for unit_start, unit_end, unit_language in _units(block, info):
            unit = block.text[unit_start:unit_end]
            for start, end in split_sentences(unit):
                start, end = start + unit_start, end + unit_start
                # By the sentence's own start: one text block may hold several
                # numbered clauses (plain-text contracts without blank lines).
                clause_index = max(0, bisect.bisect_right(starts, block.start + start) - 1)
                text = block.text[start:end]
                sentence = Sentence(
                    start=block.start + start,
                    end=block.start + end,
                    clause=clause_index,
                    text=text,
                    language=_sentence_language(text, unit_language, versions, primary),
                )
                clauses[clause_index].sentence_indexes.append(len(sentences))
                sentences.append(sentence)
    return sentences


def segment(document: Document) -> SegmentedDocument:
    languages = block_languages(document.blocks)
    summary = summarise(document.blocks, languages)
    clauses = build_clauses(document)
    sentences = _sentences(document, clauses, languages, summary) if clauses else []
    glossary = collect_definitions(sentences, document.blocks)
    return SegmentedDocument(
        document=document,
        clauses=clauses,
        sentences=sentences,
        glossary=glossary,
        kind=guess_kind(document),
        parties=find_parties(document, glossary),
        roles=find_roles(document, glossary),
        languages=summary,
        block_languages=languages,
        parallels=align(document, languages, summary, sentences),
    )
