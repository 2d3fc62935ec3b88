"""The detector registry: every detector runs the same way and feeds the decision.

Like a recognizer registry, it holds an ordered list of detectors (the rule
cues of the clause library, the learned relevance model, or a plug-in) and
runs each of them on the same parsed document. Their detections are grouped
by requirement for the decision step; no detector is special-cased.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator

from reviewer.detect.base import Detection, DetectionContext, Detector

log = logging.getLogger(__name__)


class DetectorRegistry:
    def __init__(self, detectors: Iterable[Detector] = ()) -> None:
        self._detectors: list[Detector] = []
        for detector in detectors:
            self.add(detector)

    def add(self, detector: Detector) -> None:
        if any(d.name == detector.name for d in self._detectors):
            raise ValueError(f"a detector named {detector.name!r} is already registered")
        self._detectors.append(detector)

    @property
    def names(self) -> list[str]:
        return [d.name for d in self._detectors]

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors)

    def __len__(self) -> int:
        return len(self._detectors)

    def analyze(self, context: DetectionContext) -> dict[str, list[Detection]]:
        """All detections of all detectors, grouped by requirement."""
        grouped: dict[str, list[Detection]] = defaultdict(list)
        for detector in self._detectors:
            started = time.perf_counter()
            detections = detector.detect(context)
            log.debug(
                "%s: %d detections in %.0f ms",
                detector.name,
                len(detections),
                (time.perf_counter() - started) * 1000,
            )
            for detection in detections:
                grouped[detection.requirement].append(detection)
        return dict(grouped)
