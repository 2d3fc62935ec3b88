"""What detectors produce and the protocol they implement.

A detector reads the segmented document (parsed once) and returns
`Detection`s: a claim that a sentence bears on a requirement, with the
detector's name, a score and, for rule cues, the status the wording points to.
The engine turns detections into one finding per requirement.
"""

from __future__ import annotations

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


class Detector(Protocol):
    name: str

    def detect(self, segmented: SegmentedDocument, library: Library) -> list[Detection]: ...
