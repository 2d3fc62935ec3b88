"""The shared spaCy pipeline: legal sentence starts, offline lookup lemmas."""

from __future__ import annotations

import socket

import pytest

from reviewer.nlp import get_nlp, lemmas
from reviewer.segment.sentences import split_sentences


def test_pipeline_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spaCy pipeline tried to open a network connection")

    get_nlp.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", refuse)
    nlp = get_nlp()
    assert nlp.pipe_names == ["legal_sentences", "lemmatizer"]


def test_spacy_sentences_match_the_rule_splitter() -> None:
    text = (
        "The Vendor, e.g. Zeta Corp., shall inform the U.S. regulator. "
        "Each party may: (a) terminate; or (b) suspend. Fees are due."
    )
    doc = get_nlp()(text)
    assert [s.text for s in doc.sents] == [text[a:b] for a, b in split_sentences(text)]


def test_lookup_lemmas() -> None:
    assert lemmas("Customers were audited; processors deleted records") == [
        "customer",
        "be",
        "audit",
        "processor",
        "delete",
        "record",
    ]


def test_segmented_document_gives_sentence_lemmas() -> None:
    from reviewer.ingest.text import document_from_text
    from reviewer.segment import segment

    segmented = segment(document_from_text("1. Audits. Processors deleted the records.", "a.txt"))
    index = next(i for i, s in enumerate(segmented.sentences) if "deleted" in s.text)
    assert segmented.sentence_lemmas(index) == ["processor", "delete", "the", "record"]
    assert index in segmented.lemma_cache
