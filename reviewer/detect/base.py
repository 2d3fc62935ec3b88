"""What detectors produce, what they read, and the protocol they implement.

A detector reads the segmented document (parsed once) through a
`DetectionContext` and returns `Detection`s: a claim that a sentence bears on
a requirement, with the detector's name, a score and, for rule cues, the
status the wording points to. Every detector, hand-written or learned, runs
through the same `DetectorRegistry`; the engine hands all their detections to
the decision step (`reviewer.engine.decide`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from reviewer.library.model import Library
    from reviewer.segment.model import SegmentedDocument

CueStatus = Literal["met", "partial", "conflict"]


@dataclass(slots=True)
class Detection:
    requirement: str
    detector: str  # "rules:<requirement>#<cue>" or "model:<name>"
    sentence: int  # index into SegmentedDocument.sentences
    start: int  # matched span, offsets into Document.text
    end: int
    score: float
    status: CueStatus | None = None  # None: relevant to the requirement, status undecided
    cue: str | None = None
    priority: int = 0
    matched: str = ""  # the words that matched
    explanation: str = ""
    extracted: dict[str, object] = field(default_factory=dict)
    # A cue whose patterns matched but whose `unless` pattern vetoed it: kept for
    # the decision trail ("which carve-out blocked the cue") and as a model feature.
    # Such a detection never decides a status (`status` is None).
    vetoed_status: CueStatus | None = None
    vetoed_by: str | None = None
    # Learned detectors: how the sentence's wording leans, status -> probability
    # ("shall not ..." leans met, "may use ... to improve" leans conflict).
    leaning: dict[str, float] = field(default_factory=dict)

    @property
    def is_rule(self) -> bool:
        return self.detector.startswith("rules:")

    @property
    def is_cue(self) -> bool:
        """A rule cue that fired (it points to a status)."""
        return self.status is not None


@dataclass(slots=True)
class DetectionContext:
    """Everything a detector may read: the parse (once) and the active playbook."""

    segmented: SegmentedDocument
    library: Library
    # requirement id -> the profile's parameters for it (max_hours, countries, ...)
    parameters: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


class Detector(Protocol):
    name: str

    def detect(self, context: DetectionContext) -> list[Detection]: ...
