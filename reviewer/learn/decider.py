"""`LearnedDecider`: the status model decides, the rules explain.

For each requirement it reads the rule decision and every detection, asks the
status model for met / partial / conflict / missing, calibrates the top
probability into a confidence, and picks the evidence: the sentences whose
cues point to the decided status first, then the sentences the relevance
model ranks highest, then one clause pulling the other way. The trail keeps
the rule reading, so where model and rules disagree the finding says so.

Requirements the model was not trained on, and documents in a language it
was not trained on, keep the rule decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.detect.base import Detection
from reviewer.engine.decide import (
    MAX_EVIDENCE,
    Decision,
    RuleDecider,
    distinct_sentences,
)
from reviewer.learn.features import (
    RELEVANCE_DETECTOR,
    DocumentSignals,
    document_signals,
    requirement_features,
)
from reviewer.learn.status import STATUSES
from reviewer.library.model import Requirement

if TYPE_CHECKING:
    from reviewer.learn.artifact import ReviewModel
    from reviewer.segment.model import SegmentedDocument

MAX_RULE_EVIDENCE = 2  # sentences whose cue supports the decided status
MAX_MODEL_EVIDENCE = 2  # sentences the relevance model ranks highest
MIN_EVIDENCE_RELEVANCE = 0.05
# A conflict cue on a sentence that the relevance model, independently, reads as
# being about this requirement is not overruled: two detectors agree that this
# clause grants the vendor what the requirement forbids.
CONFIRMED_CONFLICT_RELEVANCE = 0.3
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.01, 0.99


def _confirmed_conflict(rule_decision: Decision, relevance: list[Detection]) -> Detection | None:
    """The most relevant sentence on which a deciding conflict cue fired, if relevant enough."""
    if rule_decision.status != "conflict":
        return None
    scores = {d.sentence: d for d in relevance}
    confirmed = [
        scores[w.sentence]
        for w in rule_decision.winners
        if w.sentence in scores and scores[w.sentence].score >= CONFIRMED_CONFLICT_RELEVANCE
    ]
    return max(confirmed, key=lambda d: d.score) if confirmed else None


class LearnedDecider:
    def __init__(self, model: ReviewModel) -> None:
        self.model = model
        self.name = f"model:{model.name}"
        self.rules = RuleDecider()
        self._signals: tuple[int, DocumentSignals] | None = None

    def _document(self, segmented: SegmentedDocument) -> DocumentSignals:
        if self._signals is None or self._signals[0] != id(segmented):
            self._signals = (id(segmented), document_signals(segmented))
        return self._signals[1]

    def applies_to(self, requirement: Requirement, segmented: SegmentedDocument) -> bool:
        return (
            requirement.id in self.model.requirements
            and self._document(segmented).language in self.model.languages
        )

    def decide(
        self,
        requirement: Requirement,
        detections: list[Detection],
        segmented: SegmentedDocument,
    ) -> Decision:
        rule_decision = self.rules.decide(requirement, detections, segmented)
        if not self.applies_to(requirement, segmented):
            rule_decision.trail.append(
                {"step": "model", "note": "not applied (requirement or language not trained)"}
            )
            return rule_decision
        signals = self._document(segmented)
        features = requirement_features(requirement.id, detections, rule_decision, signals)
        probabilities = self.model.status.predict_proba(features)
        best = int(probabilities.argmax())
        status = STATUSES[best]
        confidence = self.model.calibration(float(probabilities[best]))
        relevance = sorted(
            (d for d in detections if d.detector == RELEVANCE_DETECTOR),
            key=lambda d: (-d.score, d.sentence),
        )
        confirmed = _confirmed_conflict(rule_decision, relevance)
        trail = list(rule_decision.trail)
        trail.extend(
            {
                "step": "relevance",
                "detector": d.detector,
                "sentence": d.sentence,
                "score": d.score,
            }
            for d in relevance[:3]
        )
        trail.append(
            {
                "step": "model",
                "detector": self.name,
                "status": status,
                "probabilities": {
                    s: round(float(p), 3) for s, p in zip(STATUSES, probabilities, strict=True)
                },
            }
        )
        if confirmed is not None and status != "conflict":
            status = "conflict"
            # The model's confidence in its own reading says nothing about this one;
            # the probability it gave conflict, calibrated, is the honest figure.
            confidence = self.model.calibration(float(probabilities[STATUSES.index("conflict")]))
            trail.append(
                {
                    "step": "rule-stands",
                    "status": "conflict",
                    "sentence": confirmed.sentence,
                    "relevance": confirmed.score,
                    "rule": "a conflict cue on a sentence the relevance model also reads as "
                    "about this requirement is not overruled",
                }
            )
        trail.append(
            {
                "step": "calibration",
                "top_probability": round(float(probabilities[best]), 3),
                "confidence": round(confidence, 3),
            }
        )
        decision = self._with_evidence(status, rule_decision, detections, relevance)
        # A learned reading is never certain either way.
        decision.confidence = round(min(MAX_CONFIDENCE, max(MIN_CONFIDENCE, confidence)), 2)
        decision.decided_by = self.name
        decision.trail = trail
        if status != rule_decision.status:
            decision.rule_status = rule_decision.status
            trail.append({"step": "disagreement", "rules": rule_decision.status, "model": status})
        return decision

    @staticmethod
    def _with_evidence(
        status: str,
        rule_decision: Decision,
        detections: list[Detection],
        relevance: list[Detection],
    ) -> Decision:
        if status == "missing":
            return Decision(status=status, confidence=0.0)
        if status == rule_decision.status:
            winners = list(rule_decision.winners)
        else:
            supporting = [d for d in detections if d.is_cue and d.status == status]
            winners = distinct_sentences(supporting, MAX_RULE_EVIDENCE)
        used = {d.sentence for d in winners}
        for det in relevance:
            if len(winners) >= MAX_RULE_EVIDENCE + MAX_MODEL_EVIDENCE:
                break
            if det.sentence in used or det.score < MIN_EVIDENCE_RELEVANCE:
                continue
            if sum(d.detector == RELEVANCE_DETECTOR for d in winners) >= MAX_MODEL_EVIDENCE:
                break
            winners.append(det)
            used.add(det.sentence)
        # Cues of another status are the other side: the text pulls both ways.
        other_side = [d for d in detections if d.is_cue and d.status != status]
        others = [
            d
            for d in distinct_sentences(other_side, 1)
            if d.sentence not in used and len(winners) < MAX_EVIDENCE + 1
        ]
        mentions = [] if winners else list(rule_decision.mentions)
        return Decision(
            status=status,
            confidence=0.0,
            winners=winners,
            others=others,
            mentions=mentions,
        )
