"""Segmentation: a `Document` into clauses, sentences, glossary, parties and kind.

Runs once per document; every detector reads the result.
"""

from __future__ import annotations

import bisect

from reviewer.document import Document
from reviewer.segment.clauses import build_clauses
from reviewer.segment.glossary import collect_definitions
from reviewer.segment.kind import guess_kind
from reviewer.segment.model import Clause, SegmentedDocument, Sentence
from reviewer.segment.parties import find_parties
from reviewer.segment.roles import find_roles
from reviewer.segment.sentences import split_sentences

__all__ = ["segment"]


def _sentences(document: Document, clauses: list[Clause]) -> list[Sentence]:
    starts = [c.start for c in clauses]
    sentences: list[Sentence] = []
    for block in document.blocks:
        for start, end in split_sentences(block.text):
            # By the sentence's own start: one text block may hold several
            # numbered clauses (plain-text contracts without blank lines).
            clause_index = max(0, bisect.bisect_right(starts, block.start + start) - 1)
            sentence = Sentence(
                start=block.start + start,
                end=block.start + end,
                clause=clause_index,
                text=block.text[start:end],
            )
            clauses[clause_index].sentence_indexes.append(len(sentences))
            sentences.append(sentence)
    return sentences


def segment(document: Document) -> SegmentedDocument:
    clauses = build_clauses(document)
    sentences = _sentences(document, clauses) if clauses else []
    glossary = collect_definitions(sentences, document.blocks)
    return SegmentedDocument(
        document=document,
        clauses=clauses,
        sentences=sentences,
        glossary=glossary,
        kind=guess_kind(document),
        parties=find_parties(document, glossary),
        roles=find_roles(document, glossary),
    )
