"""Our TF-IDF equals scikit-learn's TfidfVectorizer, on both paths."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from reviewer.learn.text import (
    ANALYZERS,
    TermMatrix,
    TfidfWeights,
    char_ngrams,
    linear_scores,
    word_ngrams,
)

TEXTS = [
    "The Processor shall notify the Customer within 48 hours.",
    "Customer data stays in Kazakhstan at all times.",
    "The Provider may use data to improve models and notify nobody.",
    "Notify notify notify the customer, customer!",
    "Unrelated words about fees and invoices.",
] * 2


def test_words_are_lowercased_bigrammed_and_digit_blind() -> None:
    assert word_ngrams("Notify within 72 Hours") == [
        "notify",
        "within",
        "00",
        "hours",
        "notify within",
        "within 00",
        "00 hours",
    ]


def test_character_grams_stay_inside_words() -> None:
    grams = char_ngrams("to go")
    assert " to " in grams and " go " in grams
    assert all(" " not in g.strip() for g in grams)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_fitted_weights_equal_tfidf_vectorizer(analyzer: str) -> None:
    matrix = TermMatrix.build(TEXTS, analyzer)
    ours = TfidfWeights.fit(matrix, range(len(TEXTS)), min_df=2, max_features=1_000_000)
    reference = TfidfVectorizer(analyzer=ANALYZERS[analyzer], sublinear_tf=True, min_df=2)
    expected = reference.fit_transform(TEXTS).toarray()
    assert sorted(ours.terms) == sorted(reference.vocabulary_)
    order = [reference.vocabulary_[t] for t in ours.terms]
    assert np.allclose(ours.transform(matrix, range(len(TEXTS))).toarray(), expected[:, order])


def test_max_features_keeps_the_most_frequent_terms() -> None:
    matrix = TermMatrix.build(TEXTS, "words")
    kept = TfidfWeights.fit(matrix, range(len(TEXTS)), min_df=1, max_features=5)
    frequency = dict(zip(matrix.terms, np.asarray(matrix.counts.sum(axis=0)).ravel(), strict=True))
    lowest_kept = min(frequency[t] for t in kept.terms)
    assert len(kept.terms) == 5
    assert all(frequency[t] <= lowest_kept for t in matrix.terms if t not in kept.terms)


def test_weights_fitted_on_some_rows_ignore_the_others() -> None:
    matrix = TermMatrix.build(TEXTS, "words")
    first = TfidfWeights.fit(matrix, range(2), min_df=1, max_features=1000)
    assert "kazakhstan" in first.terms and "invoices" not in first.terms


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_runtime_rows_equal_the_fitted_transform(analyzer: str) -> None:
    matrix = TermMatrix.build(TEXTS, analyzer)
    weights = TfidfWeights.fit(matrix, range(6), min_df=1, max_features=10_000)
    expected = weights.transform_texts(TEXTS).toarray()
    runtime = weights.runtime(offset=0)
    got = np.zeros_like(expected)
    for i, (columns, values) in enumerate(runtime.rows(TEXTS)):
        got[i, columns] = values
    assert np.allclose(got, expected)


def test_linear_scores_with_no_known_term_give_the_intercept() -> None:
    matrix = TermMatrix.build(TEXTS, "words")
    weights = TfidfWeights.fit(matrix, range(len(TEXTS)), min_df=1, max_features=100)
    coef = np.ones((len(weights.terms), 2))
    scores = linear_scores([weights.runtime(0)], ["zzz qqq"], coef, np.array([0.5, -1.0]))
    assert scores.tolist() == [[0.5, -1.0]]
