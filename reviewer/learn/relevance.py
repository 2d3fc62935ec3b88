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
    softmax,
)

DETECTOR_NAME = "model:relevance"
MAX_WORD_FEATURES = 30_000
MAX_CHAR_FEATURES = 40_000
C = 4.0
WORDING_C = 2.0
LEANINGS = ("met", "partial", "conflict")
TOP_PER_REQUIREMENT = 3  # always reported: the status model reads the best three
MAX_PER_REQUIREMENT = 20
# Beyond the top three, sentences at least this likely: the status model also
# asks how relevant the sentences are on which rule cues fired.
MIN_REPORTED = 0.05
MIN_WORDS = 4


@dataclass(slots=True)
class SentenceMatrix:
    """Term counts of every training sentence, built once and sliced per fold."""

    words: TermMatrix
    chars: TermMatrix
    labels: list[set[str]]  # requirements the sentence is evidence for
    statuses: list[set[str]]  # the statuses of those labels (met / partial / conflict)

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        labels: Sequence[set[str]],
        statuses: Sequence[set[str]] | None = None,
    ) -> SentenceMatrix:
        return cls(
            TermMatrix.build(texts, "words"),
            TermMatrix.build(texts, "chars"),
            list(labels),
            list(statuses) if statuses is not None else [set() for _ in texts],
        )


@dataclass(slots=True)
class RelevanceFit:
    """The fitted TF-IDF weights and scikit-learn classifiers (saved with skops)."""

    blocks: list[TfidfWeights]  # words, then chars
    classifiers: list[Any]  # one LogisticRegression per requirement, same order
    requirements: list[str]
    # How a sentence's wording leans (met / partial / conflict), from the words of
    # the evidence sentences of every requirement: "shall not", "without undue
    # delay", "may use ... to improve" read the same whatever the topic.
    wording: Any = None

    def transform(self, matrix: SentenceMatrix, rows: Sequence[int]) -> Any:
        from scipy import sparse

        words, chars = self.blocks
        return sparse.hstack(
            [words.transform(matrix.words, rows), chars.transform(matrix.chars, rows)]
        ).tocsr()

    def predict_proba(
        self, matrix: SentenceMatrix, rows: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, requirements) relevance and (rows, LEANINGS) wording probabilities."""
        return self._predict(self.transform(matrix, rows))

    def predict_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The same for new texts, through scikit-learn (the reference path)."""
        from scipy import sparse

        return self._predict(sparse.hstack([b.transform_texts(texts) for b in self.blocks]).tocsr())

    def _predict(self, features: Any) -> tuple[np.ndarray, np.ndarray]:
        relevance = np.column_stack([c.predict_proba(features)[:, 1] for c in self.classifiers])
        words = features[:, : len(self.blocks[0].terms)]
        raw = self.wording.predict_proba(words)
        order = [list(self.wording.classes_).index(s) for s in LEANINGS]
        return relevance, np.asarray(raw)[:, order]


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
    # The wording model reads words only: how a promise is phrased, not its topic.
    quoted = [(i, s) for i, row in enumerate(rows) for s in sorted(matrix.statuses[row])]
    if {s for _, s in quoted} != set(LEANINGS):
        raise ValueError(f"the wording model needs evidence of every status in {LEANINGS}")
    words = features[:, : len(blocks[0].terms)]
    fit_blocks.wording = LogisticRegression(C=WORDING_C, max_iter=5000).fit(
        words[[i for i, _ in quoted]], [s for _, s in quoted]
    )
    return fit_blocks


@dataclass(slots=True)
class RelevanceModel:
    """The fitted model as NumPy arrays: what a review loads."""

    blocks: list[SparseTfidf]
    coef: np.ndarray  # (features, requirements + LEANINGS): relevance, then wording
    intercept: np.ndarray  # (requirements + LEANINGS,)
    requirements: list[str]

    @classmethod
    def from_fit(cls, fit: RelevanceFit) -> RelevanceModel:
        words, chars = fit.blocks
        blocks = [words.runtime(0), chars.runtime(len(words.terms))]
        relevance = np.column_stack([c.coef_[0] for c in fit.classifiers])
        order = [list(fit.wording.classes_).index(s) for s in LEANINGS]
        wording = np.zeros((relevance.shape[0], len(LEANINGS)))
        wording[: len(words.terms)] = np.asarray(fit.wording.coef_)[order].T
        coef = np.hstack([relevance, wording]).astype(np.float32)
        intercept = np.concatenate(
            [[c.intercept_[0] for c in fit.classifiers], np.asarray(fit.wording.intercept_)[order]]
        )
        return cls(blocks, coef, intercept, list(fit.requirements))

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(texts, requirements) relevance and (texts, LEANINGS) wording probabilities."""
        if not texts:
            return np.zeros((0, len(self.requirements))), np.zeros((0, len(LEANINGS)))
        scores = linear_scores(self.blocks, texts, self.coef, self.intercept)
        split = len(self.requirements)
        return sigmoid(scores[:, :split]), softmax(scores[:, split:])

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, requirements) relevance probabilities."""
        return self.predict(texts)[0]


def eligible_sentences(segmented: SegmentedDocument) -> list[int]:
    """Sentences long enough to carry a promise (headings and labels are not)."""
    return [i for i, s in enumerate(segmented.sentences) if len(s.text.split()) >= MIN_WORDS]


def relevance_detections(
    segmented: SegmentedDocument,
    eligible: Sequence[int],
    probabilities: np.ndarray,
    requirements: Sequence[str],
    wanted: Sequence[str],
    wording: np.ndarray | None = None,
) -> list[Detection]:
    """Per wanted requirement, the top sentences by probability (rows follow `eligible`).

    Each detection carries how its sentence's wording leans (`wording` rows
    follow `eligible` too).
    """
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
                    leaning=(
                        {s: round(float(p), 4) for s, p in zip(LEANINGS, wording[row], strict=True)}
                        if wording is not None
                        else {}
                    ),
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
        relevance, wording = self.model.predict([segmented.sentences[i].text for i in eligible])
        return relevance_detections(
            segmented, eligible, relevance, self.model.requirements, wanted, wording
        )
