"""From detections to one decision per requirement: a swappable step.

A `Decider` takes every detection of every detector for one requirement and
returns a `Decision`: the status, the detections cited as evidence, a
confidence, and the trail that led there (which cue fired on which words,
which carve-out blocked a cue, what the model read, where rules and model
disagree). Two deciders ship:

- `RuleDecider` follows the clause library's rule: among the cues that
  matched, the highest priority wins; at equal priority the weaker position
  wins (conflict < partial < met), as a careful lawyer reads conflicting
  clauses, and both sides are cited.
- `reviewer.learn.decider.LearnedDecider` weighs the same detections (rule
  cues, carve-outs, the relevance model's sentences) with a status model
  trained on labelled contracts, and keeps the rule reading in its trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from reviewer.detect.base import Detection
from reviewer.library.model import STATUS_STRENGTH, Requirement

if TYPE_CHECKING:
    from reviewer.segment.model import SegmentedDocument

MAX_EVIDENCE = 4
MAX_SAME_SIDE = 3
# Confidence of rule decisions, by how they came about. A trained model
# replaces these with calibrated probabilities where it applies.
RULE_MISSING_NOTHING = 0.85  # no anchor, no cue: missing is likely right
RULE_MISSING_MENTIONED = 0.6  # anchors matched but no cue: the wording may be unusual
RULE_MENTIONED_STATUS = 0.55
TWO_SIDES_FACTOR = 0.9  # the text pulls in two directions


@dataclass(slots=True)
class Decision:
    status: str
    confidence: float
    winners: list[Detection] = field(default_factory=list)  # evidence for the status
    others: list[Detection] = field(default_factory=list)  # the other side(s), cited too
    mentions: list[Detection] = field(default_factory=list)
    decided_by: str = "rules"  # "rules" or the model's name
    # Steps that led to the status, for "why?": dicts with a "step" key
    # ("cue", "vetoed", "relevance", "rules", "model", "calibration", "disagreement").
    trail: list[dict[str, Any]] = field(default_factory=list)
    # Set when the decider's reading of the same detections differs from the rules'.
    rule_status: str | None = None


class Decider(Protocol):
    name: str

    def decide(
        self,
        requirement: Requirement,
        detections: list[Detection],
        segmented: SegmentedDocument,
    ) -> Decision: ...


def distinct_sentences(detections: list[Detection], limit: int) -> list[Detection]:
    """The best-scored detection of each sentence, `limit` sentences, in reading order."""
    seen: set[int] = set()
    out: list[Detection] = []
    for det in sorted(detections, key=lambda d: (-d.score, d.sentence)):
        if det.sentence in seen:
            continue
        seen.add(det.sentence)
        out.append(det)
        if len(out) == limit:
            break
    return sorted(out, key=lambda d: d.sentence)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rule_trail(detections: list[Detection]) -> list[dict[str, Any]]:
    """Trail entries for the rule cues that fired and those a carve-out blocked."""
    trail: list[dict[str, Any]] = []
    seen: set[tuple[str | None, int, str | None]] = set()
    for det in sorted(detections, key=lambda d: (d.sentence, d.start)):
        if not det.is_rule:
            continue
        key = (det.cue, det.sentence, det.status or det.vetoed_status)
        if key in seen:
            continue
        seen.add(key)
        if det.is_cue:
            trail.append(
                {
                    "step": "cue",
                    "detector": det.detector,
                    "cue": det.cue,
                    "status": det.status,
                    "priority": det.priority,
                    "sentence": det.sentence,
                    "matched": _short(det.matched),
                    "score": det.score,
                    "extracted": det.extracted,
                }
            )
        elif det.vetoed_by is not None:
            trail.append(
                {
                    "step": "vetoed",
                    "detector": det.detector,
                    "cue": det.cue,
                    "status": det.vetoed_status,
                    "sentence": det.sentence,
                    "matched": _short(det.matched),
                    "unless": det.vetoed_by,
                }
            )
    return trail


class RuleDecider:
    """The clause library's own decision rule (priority, then the weaker position)."""

    name = "rules"

    def decide(
        self,
        requirement: Requirement,
        detections: list[Detection],
        segmented: SegmentedDocument | None = None,
    ) -> Decision:
        rules = [d for d in detections if d.is_rule]
        cued = [d for d in rules if d.is_cue]
        mentions = [d for d in rules if not d.is_cue and d.vetoed_by is None]
        trail = rule_trail(rules)
        if not cued:
            mentioned = requirement.detection.mentioned_status
            if mentioned and mentions:
                trail.append(
                    {
                        "step": "rules",
                        "status": mentioned,
                        "rule": "anchors matched but no cue: the library's mentioned_status",
                    }
                )
                return Decision(
                    status=mentioned,
                    confidence=RULE_MENTIONED_STATUS,
                    mentions=distinct_sentences(mentions, 2),
                    trail=trail,
                )
            trail.append(
                {
                    "step": "rules",
                    "status": "missing",
                    "rule": "no cue matched"
                    + (" (anchors matched: the topic is mentioned)" if mentions else ""),
                }
            )
            # Nothing decided it: fewer anchor hits make "missing" more certain.
            return Decision(
                status="missing",
                confidence=RULE_MISSING_MENTIONED if mentions else RULE_MISSING_NOTHING,
                trail=trail,
            )

        def rank(d: Detection) -> tuple[int, int]:
            assert d.status is not None
            return (d.priority, -STATUS_STRENGTH[d.status])

        best = max(rank(d) for d in cued)
        winners = [d for d in cued if rank(d) == best]
        status = winners[0].status
        assert status is not None
        others = [d for d in cued if d.status != status]
        winners = distinct_sentences(winners, MAX_SAME_SIDE)
        room = max(1, MAX_EVIDENCE - len(winners))
        others = [
            d
            for d in distinct_sentences(others, room)
            if d.sentence not in {w.sentence for w in winners}
        ]
        confidence = max(d.score for d in winners)
        if others:
            confidence *= TWO_SIDES_FACTOR
        trail.append(
            {
                "step": "rules",
                "status": status,
                "rule": f"highest priority ({best[0]}) wins; at equal priority the weaker position",
            }
        )
        return Decision(
            status=status,
            confidence=round(confidence, 2),
            winners=winners,
            others=others,
            trail=trail,
        )


def decide(requirement: Requirement, detections: list[Detection]) -> Decision:
    """The rule decision (kept for callers that need no model)."""
    return RuleDecider().decide(requirement, detections)
