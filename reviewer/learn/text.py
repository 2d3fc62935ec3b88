"""Text features shared by training (scikit-learn) and review time (NumPy only).

The analyzers below are plain functions that scikit-learn's `TfidfVectorizer`
calls at training time and that `SparseTfidf` calls at review time, so both
paths turn a sentence into exactly the same terms. `SparseTfidf` then applies
the fitted vocabulary and IDF weights with NumPy: a review never imports
scikit-learn (seconds of start-up on small machines).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

_WORD = re.compile(r"\w\w+")
MAX_CACHED_WORDS = 200_000
_DIGITS = re.compile(r"\d")


def _tokens(text: str) -> list[str]:
    # Digits become '0': "72 hours" and "48 hours" share a term, the value
    # itself is read by the extractors.
    return _WORD.findall(_DIGITS.sub("0", text.lower()))


def word_ngrams(text: str) -> list[str]:
    """Word unigrams and bigrams of the lower-cased text."""
    tokens = _tokens(text)
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def char_ngrams(text: str) -> list[str]:
    """Character 3- to 5-grams inside words padded with one space each side.

    They carry morphology ("notif" in notify, notification, notified) that
    word n-grams split into unrelated terms.
    """
    grams: list[str] = []
    for token in _tokens(text):
        padded = f" {token} "
        length = len(padded)
        for n in (3, 4, 5):
            grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


ANALYZERS = {"words": word_ngrams, "chars": char_ngrams}


@dataclass(slots=True)
class SparseTfidf:
    """One fitted TF-IDF block: vocabulary, IDF weights, sublinear TF, L2 norm."""

    analyzer: str  # a key of ANALYZERS
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int = 0  # column of this block's first feature in the joined matrix
    # Character grams never cross a word, so each word's known grams are looked
    # up once and reused: contracts repeat their words thousands of times.
    _word_columns: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def _char_columns(self, text: str) -> np.ndarray:
        cache, vocabulary = self._word_columns, self.vocabulary
        if len(cache) > MAX_CACHED_WORDS:
            cache.clear()
        parts = []
        for token in _tokens(text):
            columns = cache.get(token)
            if columns is None:
                grams = char_ngrams(token)
                columns = np.fromiter(
                    (vocabulary[g] for g in grams if g in vocabulary), dtype=np.int64
                )
                cache[token] = columns
            parts.append(columns)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def rows(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(column indexes, values) of each text, L2-normalised within this block."""
        out: list[tuple[np.ndarray, np.ndarray]] = []
        for text in texts:
            if self.analyzer == "chars":
                columns, counts = np.unique(self._char_columns(text), return_counts=True)
            else:
                found = Counter(g for g in word_ngrams(text) if g in self.vocabulary)
                columns = np.fromiter((self.vocabulary[g] for g in found), dtype=np.int64)
                counts = np.fromiter(found.values(), dtype=np.int64)
            if not len(columns):
                out.append((np.zeros(0, dtype=np.int64), np.zeros(0)))
                continue
            values = (1.0 + np.log(counts)) * self.idf[columns]
            values /= np.sqrt(values @ values)
            out.append((columns + self.offset, values))
        return out


def linear_scores(
    blocks: Sequence[SparseTfidf], texts: Sequence[str], coef: np.ndarray, intercept: np.ndarray
) -> np.ndarray:
    """Decision values `X @ coef + intercept` for TF-IDF rows of `texts`.

    `coef` is (features, outputs); each block's rows are normalised on their
    own, as scikit-learn's FeatureUnion of TfidfVectorizers does.
    """
    scores = np.tile(intercept.astype(float), (len(texts), 1))
    for block in blocks:
        for i, (columns, values) in enumerate(block.rows(texts)):
            if len(columns):
                scores[i] += values @ coef[columns]
    return scores


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-values))


def softmax(values: np.ndarray) -> np.ndarray:
    shifted = values - values.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


@dataclass(slots=True)
class TermMatrix:
    """Raw term counts of many texts over every term seen (built once, sliced by fold).

    Cross-validation refits TF-IDF weights on each fold's training rows; counting
    terms once and selecting columns per fold gives exactly what a TfidfVectorizer
    fitted on those rows gives, without analysing every sentence again.
    """

    counts: Any  # scipy.sparse.csr_matrix, (texts, terms)
    terms: list[str]
    analyzer: str

    @classmethod
    def build(cls, texts: Sequence[str], analyzer: str) -> TermMatrix:
        from scipy import sparse

        analyze = ANALYZERS[analyzer]
        vocabulary: dict[str, int] = {}
        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(analyze(text))
            for term, count in counts.items():
                indices.append(vocabulary.setdefault(term, len(vocabulary)))
                values.append(count)
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(texts), len(vocabulary)),
        )
        return cls(matrix, list(vocabulary), analyzer)


@dataclass(slots=True)
class TfidfWeights:
    """A TF-IDF block fitted on some rows of a `TermMatrix`: kept terms and their IDF.

    Same definition as scikit-learn's TfidfVectorizer with sublinear_tf, smooth
    IDF and L2 norm: terms in at least `min_df` rows, the `max_features` most
    frequent kept, idf = ln((1 + n) / (1 + df)) + 1.
    """

    analyzer: str
    columns: np.ndarray  # kept columns of the TermMatrix, in feature order
    terms: list[str]
    idf: np.ndarray

    @classmethod
    def fit(
        cls, matrix: TermMatrix, rows: Sequence[int], min_df: int, max_features: int
    ) -> TfidfWeights:
        counts = matrix.counts[np.asarray(rows)]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        frequency = np.asarray(counts.sum(axis=0)).ravel()
        candidates = np.flatnonzero(df >= min_df)
        if len(candidates) > max_features:
            # Most frequent first; ties by term, so the choice never depends on order.
            order = sorted(candidates, key=lambda c: (-frequency[c], matrix.terms[c]))
            candidates = np.asarray(order[:max_features])
        columns = np.asarray(sorted(candidates, key=lambda c: matrix.terms[c]), dtype=np.int64)
        n = counts.shape[0]
        idf = np.log((1 + n) / (1 + df[columns])) + 1.0
        return cls(matrix.analyzer, columns, [matrix.terms[c] for c in columns], idf)

    def transform(self, matrix: TermMatrix, rows: Sequence[int]) -> Any:
        from sklearn.preprocessing import normalize

        counts = matrix.counts[np.asarray(rows)][:, self.columns].tocsr()
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        return normalize(counts, norm="l2", copy=False)

    def transform_texts(self, texts: Sequence[str]) -> Any:
        """TF-IDF rows of new texts (the scikit-learn path, for checks and inspection)."""
        from scipy import sparse
        from sklearn.preprocessing import normalize

        analyze = ANALYZERS[self.analyzer]
        position = {t: i for i, t in enumerate(self.terms)}
        rows, columns, values = [], [], []
        for row, text in enumerate(texts):
            for term, count in Counter(analyze(text)).items():
                if term in position:
                    rows.append(row)
                    columns.append(position[term])
                    values.append((1.0 + math.log(count)) * self.idf[position[term]])
        matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(texts), len(self.terms)))
        return normalize(matrix, norm="l2", copy=False)

    def runtime(self, offset: int) -> SparseTfidf:
        return SparseTfidf(
            self.analyzer, {t: i for i, t in enumerate(self.terms)}, self.idf, offset
        )
