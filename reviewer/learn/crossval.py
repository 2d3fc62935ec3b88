"""Cross-validation by publisher: the figures that say how the review generalises.

The contracts are split into folds that never separate two agreements of the
same publisher. For each fold, everything that learns (relevance model,
status model, calibration) is fitted on the other folds only, the held-out
contracts are reviewed by the real engine with that fold's model, and the
reports are scored against the gold labels. The figures printed are therefore
out-of-fold: each contract was reviewed by a model that never saw its
publisher. The rule cues are hand-written and the same in every fold, so they
cannot be cross-validated; `../shared/eval` (which they were written against)
is reported beside the figures so that the difference stays visible.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from reviewer.evaluation import Pair, Scores, quote_found
from reviewer.learn.artifact import ReviewModel
from reviewer.learn.training import (
    SEED,
    PreparedDocument,
    TrainingSet,
    fit_review_model,
    group_folds,
)
from reviewer.library.model import Library

OUTER_FOLDS = 5
RELIABILITY_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass(slots=True)
class CrossValidation:
    scores: Scores
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    folds: list[list[str]] = field(default_factory=list)  # contract slugs per fold
    fold_members: list[list[int]] = field(default_factory=list)  # contract indexes per fold
    # (confidence, right?) of every scored finding, out of fold
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        out = self.scores.figures()
        out["folds"] = len(self.folds)
        out["groups"] = len({s.split("/")[0] for fold in self.folds for s in fold})
        out["reliability"] = self.reliability()
        out["errors_in_least_confident_fifth"] = self.errors_in_least_confident(0.2)
        return out

    def reliability(self) -> list[dict[str, Any]]:
        """Findings by confidence band: how often the status was right."""
        table = []
        for low, high in pairwise(RELIABILITY_BINS):
            band = [ok for c, ok in self.confidences if low <= c < high]
            table.append(
                {
                    "confidence": f"{low:.1f}-{min(high, 1.0):.1f}",
                    "findings": len(band),
                    "right": round(sum(band) / len(band), 3) if band else None,
                    "mean_confidence": (
                        round(sum(c for c, _ in self.confidences if low <= c < high) / len(band), 3)
                        if band
                        else None
                    ),
                }
            )
        return table

    def errors_in_least_confident(self, share: float) -> float | None:
        """Of all wrong statuses, the share found among the least confident `share` findings."""
        ranked = sorted(self.confidences, key=lambda item: item[0])
        errors = sum(not ok for _, ok in ranked)
        if not errors:
            return None
        cut = int(len(ranked) * share)
        return round(sum(not ok for _, ok in ranked[:cut]) / errors, 3)


def score_report(
    prepared: PreparedDocument, report: dict[str, Any], scores: CrossValidation
) -> None:
    findings = {f["requirement"]: f for f in report.get("findings", [])}
    doc = prepared.doc
    for requirement, label in doc.labels.items():
        if label.uncertain:
            scores.scores.uncertain_skipped += 1
            continue
        finding = findings.get(requirement, {})
        predicted = finding.get("status", "missing")
        hit = None
        if label.status != "missing" and label.quotes:
            texts = [e["text"] for e in finding.get("evidence", []) if len(e["text"]) <= 1500]
            hit = any(quote_found(t, q) for t in texts for q in label.quotes)
        scores.scores.pairs.append(Pair(doc.slug, requirement, label.status, predicted, hit))
        if finding:
            scores.confidences.append((float(finding["confidence"]), predicted == label.status))


def cross_validate(
    data: TrainingSet,
    library: Library,
    *,
    folds: int = OUTER_FOLDS,
    seed: int = SEED,
    progress: Callable[[str], None] | None = None,
) -> CrossValidation:
    from reviewer.engine.review import ReviewEngine

    say = progress or (lambda _message: None)
    docs = data.docs
    result = CrossValidation(Scores())
    split = group_folds([d.group for d in docs], folds)
    result.fold_members = [test for _, test in split]
    for number, (train, test) in enumerate(split, 1):
        say(f"fold {number}/{folds}: fitting on {len(train)} contracts, reviewing {len(test)}")
        # The other outer folds are the inner folds: a relevance model that leaves out
        # folds j and k serves both outer fold k and outer fold j.
        inner = [members for j, members in enumerate(result.fold_members) if j != number - 1]
        fitted = fit_review_model(data, train, library, inner_folds=inner, seed=seed, progress=say)
        model = ReviewModel.from_sklearn(fitted, {"languages": ["en"]})
        engine = ReviewEngine(library, model=model)
        result.folds.append([f"{docs[i].group}/{docs[i].doc.slug}" for i in test])
        for i in test:
            prepared = docs[i]
            report = json.loads(engine.review_document(prepared.doc.segmented.document).to_json())
            result.reports[prepared.doc.slug] = report
            score_report(prepared, report, result)
    return result
