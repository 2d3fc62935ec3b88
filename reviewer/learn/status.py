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
# Conflicts and met clauses are the rarer statuses and the costlier to miss (a
# missed conflict hides a clause against the client; a missed "met" sends the
# lawyer to negotiate what is already there). Chosen by grouped cross-validation
# (with the decider's guard for confirmed conflicts): conflict recall 0.49 -> 0.63
# and met recall 0.63 -> 0.67 at equal macro F1, gap recall kept at 0.96.
CLASS_WEIGHT = {"conflict": 1.5, "met": 1.15}


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
    weighted = [w * CLASS_WEIGHT.get(s, 1.0) for w, s in zip(weights, statuses, strict=True)]
    classifier.fit(features, list(statuses), sample_weight=np.asarray(weighted, dtype=float))
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
    """Top status probability -> probability that the status is right.

    Platt scaling on the log-odds of the top probability, fitted out of fold:
    smooth and monotone, so no finding is ever "0 % sure" because a few
    neighbours in a sparse band happened to be wrong.
    """

    slope: float = 1.0
    intercept: float = 0.0

    @classmethod
    def fit(cls, top_probability: Sequence[float], correct: Sequence[bool]) -> Calibration:
        from sklearn.linear_model import LogisticRegression

        logits = _logit(np.asarray(top_probability, dtype=float)).reshape(-1, 1)
        target = np.asarray(correct, dtype=int)
        if target.min() == target.max():  # all right or all wrong: nothing to learn
            return cls()
        model = LogisticRegression(C=100.0).fit(logits, target)
        return cls(float(model.coef_[0][0]), float(model.intercept_[0]))

    def __call__(self, probability: float) -> float:
        value = self.slope * float(_logit(np.asarray([probability]))[0]) + self.intercept
        return float(1.0 / (1.0 + np.exp(-value)))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))
