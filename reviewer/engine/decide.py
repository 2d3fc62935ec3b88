"""From detections to one finding per requirement.

The decision follows the clause library's rule: among the cues that matched,
the highest priority wins; at equal priority the weaker position wins
(conflict < partial < met), as a careful lawyer reads conflicting clauses.
Both sides are cited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.detect.base import Detection
from reviewer.library.model import STATUS_STRENGTH, Requirement

MAX_EVIDENCE = 4
MAX_SAME_SIDE = 3


@dataclass(slots=True)
class Decision:
    status: str
    confidence: float
    winners: list[Detection] = field(default_factory=list)
    others: list[Detection] = field(default_factory=list)  # the other side(s), cited too
    mentions: list[Detection] = field(default_factory=list)


def _distinct_sentences(detections: list[Detection], limit: int) -> list[Detection]:
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


def decide(requirement: Requirement, detections: list[Detection]) -> Decision:
    cued = [d for d in detections if d.status is not None]
    mentions = [d for d in detections if d.status is None]
    if not cued:
        mentioned = requirement.detection.mentioned_status
        anchored = [d for d in mentions if d.detector.startswith("rules:")]
        if mentioned and anchored:
            return Decision(
                status=mentioned,
                confidence=0.55,
                mentions=_distinct_sentences(anchored, 2),
            )
        # Nothing decided it: fewer anchor hits make "missing" more certain.
        return Decision(status="missing", confidence=0.85 if not mentions else 0.6)

    def rank(d: Detection) -> tuple[int, int]:
        assert d.status is not None
        return (d.priority, -STATUS_STRENGTH[d.status])

    best = max(rank(d) for d in cued)
    winners = [d for d in cued if rank(d) == best]
    status = winners[0].status
    assert status is not None
    others = [d for d in cued if d.status != status]
    winners = _distinct_sentences(winners, MAX_SAME_SIDE)
    room = max(1, MAX_EVIDENCE - len(winners))
    others = [
        d
        for d in _distinct_sentences(others, room)
        if d.sentence not in {w.sentence for w in winners}
    ]
    confidence = max(d.score for d in winners)
    if others:
        confidence *= 0.9  # the text pulls in two directions
    return Decision(status=status, confidence=round(confidence, 2), winners=winners, others=others)
