"""The status model: met / partial / conflict / missing from what the detectors found.

A multinomial logistic regression over `requirement_features` (rule cues,
carve-outs, relevance of the best sentences, document kind), one model for
all requirements with requirement-specific features, so that each
requirement borrows strength from the others. Its top probability is then
calibrated into a confidence: `Calibration` maps it to the share of
decisions that were right at that probability, measured out of fold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewer.learn.text import softmax

STATUSES = ("met", "partial", "conflict", "missing")
C = 1.0
UNCERTAIN_WEIGHT = 0.3  # labels the readers marked as close calls count less


@dataclass(slots=True)
class StatusFit:
    vectorizer: Any  # DictVectorizer
    classifier: Any  # LogisticRegression

    def predict_proba(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """(rows, STATUSES) probabilities, columns in STATUSES order."""
        raw = self.classifier.predict_proba(self.vectorizer.transform(rows))
        order = [list(self.classifier.classes_).index(s) for s in STATUSES]
        return np.asarray(raw)[:, order]


def fit_status(
    rows: Sequence[Mapping[str, float]],
    statuses: Sequence[str],
    weights: Sequence[float],
    seed: int = 0,
) -> StatusFit:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(C=C, max_iter=5000, random_state=seed)
    missing = [s for s in STATUSES if s not in set(statuses)]
    if missing:
        raise ValueError(f"no training example of status {missing}: too little data")
    classifier.fit(features, list(statuses), sample_weight=np.asarray(weights, dtype=float))
    return StatusFit(vectorizer, classifier)


@dataclass(slots=True)
class StatusModel:
    """The fitted status model as NumPy arrays."""

    features: dict[str, int]
    coef: np.ndarray  # (features, STATUSES)
    intercept: np.ndarray  # (STATUSES,)

    @classmethod
    def from_fit(cls, fit: StatusFit) -> StatusModel:
        classes = list(fit.classifier.classes_)
        order = [classes.index(s) for s in STATUSES]
        names = [str(n) for n in fit.vectorizer.get_feature_names_out()]
        coef = np.asarray(fit.classifier.coef_)[order].T.copy()
        intercept = np.asarray(fit.classifier.intercept_)[order].copy()
        return cls({n: i for i, n in enumerate(names)}, coef, intercept)

    def predict_proba(self, row: Mapping[str, float]) -> np.ndarray:
        scores = self.intercept.astype(float).copy()
        for name, value in row.items():
            index = self.features.get(name)
            if index is not None and value:
                scores += value * self.coef[index]
        return np.asarray(softmax(scores))


@dataclass(slots=True)
class Calibration:
    """Top status probability -> probability that the status is right (isotonic)."""

    x: np.ndarray
    y: np.ndarray

    @classmethod
    def fit(cls, top_probability: Sequence[float], correct: Sequence[bool]) -> Calibration:
        from sklearn.isotonic import IsotonicRegression

        isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        isotonic.fit(np.asarray(top_probability), np.asarray(correct, dtype=float))
        return cls(np.asarray(isotonic.X_thresholds_), np.asarray(isotonic.y_thresholds_))

    def __call__(self, probability: float) -> float:
        if len(self.x) == 0:
            return probability
        return float(np.interp(probability, self.x, self.y))
