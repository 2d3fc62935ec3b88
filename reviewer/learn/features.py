"""Features of one (document, requirement) pair for the status model.

Built from the detections that every detector produced (rule cues, vetoed
cues, anchor mentions, the relevance model's sentences) plus a few facts
about the document. The same function serves training and review, so the
model sees at review time exactly what it was trained on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.detect.base import Detection

if TYPE_CHECKING:
    from reviewer.engine.decide import Decision
    from reviewer.segment.model import SegmentedDocument

RELEVANCE_DETECTOR = "model:relevance"
CUE_STATUSES = ("met", "partial", "conflict")
_AI_WORDS = re.compile(
    r"\b(?:artificial intelligence|machine learning|AI|models?|outputs?|generative|LLMs?|"
    r"prompts?|inference|neural|training data)\b"
)


@dataclass(frozen=True, slots=True)
class DocumentSignals:
    """Facts about the whole document that change how a requirement reads."""

    kind: str
    ai_density: float  # log(1 + AI words per 10,000 characters)
    language: str  # the document's main language (the status model knows English only)


def document_signals(segmented: SegmentedDocument) -> DocumentSignals:
    text = segmented.document.text
    per_10k = len(_AI_WORDS.findall(text)) / max(1.0, len(text) / 10_000)
    return DocumentSignals(
        kind=segmented.kind.kind,
        ai_density=math.log1p(per_10k),
        language=segmented.languages.primary or "unknown",
    )


def requirement_features(
    requirement: str,
    detections: list[Detection],
    rule_decision: Decision,
    signals: DocumentSignals,
) -> dict[str, float]:
    """Named numeric features; names carry the requirement where it matters.

    Shared features ("any_conflict") let every requirement learn from all
    contracts; requirement-specific ones ("<id>|rule=met") let the model
    learn how far each requirement's cues can be trusted.
    """
    features: dict[str, float] = {f"req={requirement}": 1.0, f"kind={signals.kind}": 1.0}
    features["ai_density"] = signals.ai_density

    rules = [d for d in detections if d.is_rule]
    cued = [d for d in rules if d.is_cue]
    vetoed = [d for d in rules if d.vetoed_by is not None]
    mentions = [d for d in rules if not d.is_cue and d.vetoed_by is None]
    rule_status = rule_decision.status
    if rule_status == "missing":
        rule_status = "mentioned" if mentions else "none"
    features[f"rule={rule_status}"] = 1.0
    features[f"{requirement}|rule={rule_status}"] = 1.0
    features["rule_confidence"] = rule_decision.confidence
    if rule_decision.others:
        features["rule_two_sides"] = 1.0
    by_sentence: dict[int, float] = {}
    for d in detections:
        if d.detector == RELEVANCE_DETECTOR:
            by_sentence[d.sentence] = max(d.score, by_sentence.get(d.sentence, 0.0))
    for status in CUE_STATUSES:
        sentences = {d.sentence for d in cued if d.status == status}
        if sentences:
            features[f"cue_{status}"] = math.log1p(len(sentences))
            features[f"{requirement}|cue_{status}"] = 1.0
            # Is the sentence the cue fired on about this requirement at all? A cue
            # that fires on an unrelated sentence is the commonest rule error.
            relevant = max(by_sentence.get(i, 0.0) for i in sentences)
            features[f"cue_{status}_relevance"] = relevant
            features[f"{requirement}|cue_{status}_relevance"] = relevant
        blocked = {d.sentence for d in vetoed if d.vetoed_status == status}
        if blocked:
            features[f"vetoed_{status}"] = math.log1p(len(blocked))
    features["mentions"] = math.log1p(len({d.sentence for d in mentions}))

    relevance = sorted(by_sentence.values(), reverse=True)
    # How the wording of the three most relevant sentences leans, weighted by relevance.
    best = sorted(
        (d for d in detections if d.detector == RELEVANCE_DETECTOR and d.leaning),
        key=lambda d: (-d.score, d.sentence),
    )[:3]
    total = sum(d.score for d in best)
    if total > 0:
        for status in CUE_STATUSES:
            leaning = sum(d.score * d.leaning.get(status, 0.0) for d in best) / total
            features[f"wording_{status}"] = leaning
            features[f"wording_{status}_x_relevance"] = leaning * best[0].score
    top = [*relevance[:3], 0.0, 0.0, 0.0][:3]
    features["relevance_max"] = top[0]
    features["relevance_second"] = top[1]
    features["relevance_top3"] = sum(top) / 3
    features["relevance_over_03"] = math.log1p(sum(s >= 0.3 for s in relevance))
    features["relevance_over_05"] = math.log1p(sum(s >= 0.5 for s in relevance))
    features[f"{requirement}|relevance_max"] = top[0]
    return features
