"""Sentences belong to the clause they start in, even inside a merged block."""

from __future__ import annotations

from reviewer.document import Block, Document
from reviewer.segment import segment


def test_each_sentence_maps_to_the_clause_that_contains_it() -> None:
    # One text block holding three numbered clauses, as plain-text contracts
    # without blank lines arrive.
    blocks = [
        Block(
            text="7. PARTNERS 7.1 List. We keep a list of partners online. "
            "7.2 Changes. We will tell you before adding a partner. "
            "7.3 Objection. You may object and end the contract."
        )
    ]
    document = Document.from_blocks(path="x.txt", format="txt", blocks=blocks, sha256="0")
    segmented = segment(document)
    for index, sentence in enumerate(segmented.sentences):
        clause = segmented.clauses[sentence.clause]
        assert clause.start <= sentence.start < clause.end
        assert index in clause.sentence_indexes
    objection = next(s for s in segmented.sentences if "may object" in s.text)
    assert segmented.clauses[objection.clause].number == "7.3"
