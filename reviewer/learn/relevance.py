"""The relevance model: which requirements a sentence is about.

One logistic regression per requirement over word and character TF-IDF
features, trained on the sentences that hold the gold evidence quotes of
labelled contracts (and the clause library's own examples), against every
other sentence of those contracts. It finds the clause that deals with a
requirement when the rule cues do not know its wording; the status model
decides what that means.

Fitting uses scikit-learn (imported inside the functions that fit); review
uses `RelevanceModel`, which needs NumPy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reviewer.detect.base import Detection, DetectionContext

if TYPE_CHECKING:
    from reviewer.segment.model import SegmentedDocument
from reviewer.learn.text import (
    SparseTfidf,
    TermMatrix,
    TfidfWeights,
    linear_scores,
    sigmoid,
)

DETECTOR_NAME = "model:relevance"
MAX_WORD_FEATURES = 30_000
MAX_CHAR_FEATURES = 40_000
C = 4.0
TOP_PER_REQUIREMENT = 3  # always reported: the status model reads the best three
MAX_PER_REQUIREMENT = 6
MIN_REPORTED = 0.3  # beyond the top three, sentences at least this likely
MIN_WORDS = 4


@dataclass(slots=True)
class SentenceMatrix:
    """Term counts of every training sentence, built once and sliced per fold."""

    words: TermMatrix
    chars: TermMatrix
    labels: list[set[str]]

    @classmethod
    def build(cls, texts: Sequence[str], labels: Sequence[set[str]]) -> SentenceMatrix:
        return cls(TermMatrix.build(texts, "words"), TermMatrix.build(texts, "chars"), list(labels))


@dataclass(slots=True)
class RelevanceFit:
    """The fitted TF-IDF weights and scikit-learn classifiers (saved with skops)."""

    blocks: list[TfidfWeights]  # words, then chars
    classifiers: list[Any]  # one LogisticRegression per requirement, same order
    requirements: list[str]

    def transform(self, matrix: SentenceMatrix, rows: Sequence[int]) -> Any:
        from scipy import sparse

        words, chars = self.blocks
        return sparse.hstack(
            [words.transform(matrix.words, rows), chars.transform(matrix.chars, rows)]
        ).tocsr()

    def predict_proba(self, matrix: SentenceMatrix, rows: Sequence[int]) -> np.ndarray:
        features = self.transform(matrix, rows)
        return np.column_stack([c.predict_proba(features)[:, 1] for c in self.classifiers])

    def predict_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities for new texts through scikit-learn (the reference path)."""
        from scipy import sparse

        features = sparse.hstack([b.transform_texts(texts) for b in self.blocks]).tocsr()
        return np.column_stack([c.predict_proba(features)[:, 1] for c in self.classifiers])


def fit_relevance(
    matrix: SentenceMatrix,
    rows: Sequence[int],
    requirements: Sequence[str],
    seed: int = 0,
) -> RelevanceFit:
    """Fit TF-IDF weights and one binary classifier per requirement on `rows`."""
    from sklearn.linear_model import LogisticRegression

    blocks = [
        TfidfWeights.fit(matrix.words, rows, min_df=2, max_features=MAX_WORD_FEATURES),
        TfidfWeights.fit(matrix.chars, rows, min_df=3, max_features=MAX_CHAR_FEATURES),
    ]
    fit_blocks = RelevanceFit(blocks, [], list(requirements))
    features = fit_blocks.transform(matrix, rows)

    def fit_one(requirement: str) -> Any:
        target = np.fromiter((requirement in matrix.labels[i] for i in rows), dtype=int)
        if target.sum() == 0:
            # No example yet (a new requirement): a constant "never" classifier.
            target[0] = 1
        # The dual problem is the fast one here: far more features than sentences.
        classifier = LogisticRegression(C=C, solver="liblinear", dual=True, random_state=seed)
        return classifier.fit(features, target)

    # One after the other: liblinear seeds one process-wide random generator, so
    # fits in parallel threads would interleave its draws and differ run to run.
    fit_blocks.classifiers = [fit_one(r) for r in requirements]
    return fit_blocks


@dataclass(slots=True)
class RelevanceModel:
    """The fitted model as NumPy arrays: what a review loads."""

    blocks: list[SparseTfidf]
    coef: np.ndarray  # (features, requirements)
    intercept: np.ndarray  # (requirements,)
    requirements: list[str]

    @classmethod
    def from_fit(cls, fit: RelevanceFit) -> RelevanceModel:
        words, chars = fit.blocks
        blocks = [words.runtime(0), chars.runtime(len(words.terms))]
        coef = np.column_stack([c.coef_[0] for c in fit.classifiers]).astype(np.float32)
        intercept = np.array([c.intercept_[0] for c in fit.classifiers])
        return cls(blocks, coef, intercept, list(fit.requirements))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, requirements) probabilities."""
        if not texts:
            return np.zeros((0, len(self.requirements)))
        return sigmoid(linear_scores(self.blocks, texts, self.coef, self.intercept))


def eligible_sentences(segmented: SegmentedDocument) -> list[int]:
    """Sentences long enough to carry a promise (headings and labels are not)."""
    return [i for i, s in enumerate(segmented.sentences) if len(s.text.split()) >= MIN_WORDS]


def relevance_detections(
    segmented: SegmentedDocument,
    eligible: Sequence[int],
    probabilities: np.ndarray,
    requirements: Sequence[str],
    wanted: Sequence[str],
) -> list[Detection]:
    """Per wanted requirement, the top sentences by probability (rows follow `eligible`)."""
    sentences = segmented.sentences
    columns = {r: i for i, r in enumerate(requirements)}
    detections: list[Detection] = []
    for requirement in wanted:
        column = probabilities[:, columns[requirement]]
        order = np.argsort(-column, kind="stable")
        for rank, row in enumerate(order[:MAX_PER_REQUIREMENT]):
            score = float(column[row])
            if rank >= TOP_PER_REQUIREMENT and score < MIN_REPORTED:
                break
            sentence = sentences[eligible[row]]
            detections.append(
                Detection(
                    requirement=requirement,
                    detector=DETECTOR_NAME,
                    sentence=eligible[row],
                    start=sentence.start,
                    end=sentence.end,
                    score=round(score, 4),
                )
            )
    return detections


class RelevanceDetector:
    """Proposes, per requirement, the sentences most likely to deal with it."""

    name = DETECTOR_NAME

    def __init__(self, model: RelevanceModel) -> None:
        self.model = model

    def detect(self, context: DetectionContext) -> list[Detection]:
        segmented = context.segmented
        wanted = [r for r in self.model.requirements if r in context.library.requirements]
        eligible = eligible_sentences(segmented)
        if not eligible or not wanted:
            return []
        probabilities = self.model.predict_proba([segmented.sentences[i].text for i in eligible])
        return relevance_detections(
            segmented, eligible, probabilities, self.model.requirements, wanted
        )
