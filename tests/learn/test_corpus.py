"""Labelled corpora: quote alignment, publisher groups, the data hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import ReviewerError
from reviewer.ingest.text import document_from_text
from reviewer.learn.corpus import (
    LabelledDocument,
    align_quote,
    corpus_digest,
    load_corpus,
    publisher_groups,
    read_gold,
)
from reviewer.segment import segment

from .conftest import PUBLISHERS


def test_a_quote_aligns_to_the_sentence_that_holds_it() -> None:
    text = (
        "1. Fees are due monthly. The Supplier shall notify the Client of a breach within "
        "24 hours. Notices go to the address above."
    )
    segmented = segment(document_from_text(text, "a.txt"))
    [index] = align_quote(segmented, "notify the Client of a breach within 24 hours")
    assert "within 24 hours" in segmented.sentences[index].text


def test_a_quote_over_two_sentences_aligns_to_both() -> None:
    text = (
        "1. The Supplier keeps logs of every access to customer data by its staff. "
        "It deletes these logs after ninety days unless the law requires longer retention. "
        "Fees are due monthly."
    )
    segmented = segment(document_from_text(text, "a.txt"))
    quote = (
        "The Supplier keeps logs of every access to customer data by its staff. It deletes "
        "these logs after ninety days unless the law requires longer retention."
    )
    assert len(align_quote(segmented, quote)) == 2


def test_a_quote_not_in_the_document_aligns_nowhere() -> None:
    segmented = segment(document_from_text("1. Fees are due monthly in advance.", "a.txt"))
    assert align_quote(segmented, "the vendor shall never train models on prompts") == []


def test_publishers_group_contracts(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (tmp_path / "SOURCES.tsv").write_text(
        "slug\ttitle\tkind\tpublisher\n"
        "a-dpa\tA\tDPA\tEuropean Commission\n"
        "b-terms\tB\tterms\tEuropean Commission Public Buyers Community\n"
        "c-msa\tC\tMSA\tAcme Cloud Ltd\n",
        encoding="utf-8",
    )
    groups = publisher_groups(gold)
    assert groups["a-dpa"] == groups["b-terms"] != groups["c-msa"]


def test_the_corpus_loads_with_labels_groups_and_evidence(
    corpus: list[LabelledDocument],
) -> None:
    assert len(corpus) == PUBLISHERS
    assert len({d.group for d in corpus}) == PUBLISHERS
    for doc in corpus:
        for requirement, label in doc.labels.items():
            if label.status != "missing":
                assert doc.evidence_sentences[requirement], (doc.slug, requirement)


def test_the_data_hash_follows_labels_not_order(corpus: list[LabelledDocument]) -> None:
    assert corpus_digest(corpus) == corpus_digest(list(reversed(corpus)))
    assert corpus_digest(corpus) != corpus_digest(corpus[1:])


def test_a_bad_gold_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("labels:\n  a.b: {status: maybe}\n", encoding="utf-8")
    with pytest.raises(ReviewerError, match=r"x\.yaml.*maybe"):
        read_gold(bad)


def test_a_missing_gold_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReviewerError, match="not found"):
        load_corpus([tmp_path / "nowhere"])


def test_the_data_hash_can_be_checked_without_reading_the_contracts(
    corpus: list[LabelledDocument], gold_dir: Path
) -> None:
    from reviewer.learn.corpus import gold_digest

    assert gold_digest([gold_dir]) == corpus_digest(corpus)
