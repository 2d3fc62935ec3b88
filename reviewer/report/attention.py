""" "Check these": the findings the review is least sure of, with a short reason.

A lawyer cannot re-read every clause; the least confident findings are where
the errors gather (the engine's confidence is calibrated for that), so every
output lists them first. The list is the lowest-confidence share of the checked
findings (a fifth by default) and, whatever their number, every finding below
the threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reviewer.report.messages import Messages
from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import location, ordered_findings

SHARE = 0.2
THRESHOLD = 0.6


@dataclass(frozen=True)
class CheckItem:
    finding: Finding
    reason: str  # a message key under "check.reason."
    # Placeholder -> the evidence passage it names, written in the reader's words.
    places: dict[str, Evidence | None] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, str]:
        return {key: _place(evidence, None) for key, evidence in self.places.items()}

    def text(self, t: Messages) -> str:
        values = {key: _place(evidence, t) for key, evidence in self.places.items()}
        return t(f"check.reason.{self.reason}", **values)


def _place(evidence: Evidence | None, t: Messages | None) -> str:
    if evidence is None:
        return ""
    return location(evidence.section, evidence.page, t) or evidence.text[:40] + "…"


def _first(finding: Finding, role: str) -> Evidence | None:
    return next((e for e in finding.evidence if e.role == role), None)


def reason_for(finding: Finding) -> CheckItem:
    """Why this finding deserves a second look, from what it rests on."""
    roles = {e.role for e in finding.evidence}
    if "decides" in roles and "other-way" in roles:
        return CheckItem(
            finding, "two_sides", {"here": _first(finding, "decides"),
                                   "there": _first(finding, "other-way")}
        )  # fmt: skip
    if finding.status == "missing":
        return CheckItem(finding, "missing_mentioned" if finding.evidence else "missing")
    if roles == {"mention"}:
        return CheckItem(finding, "mention_only", {"place": _first(finding, "mention")})
    if any(e.detector.startswith("model") for e in finding.evidence):
        return CheckItem(finding, "classifier")
    return CheckItem(finding, "weak_wording", {"place": _first(finding, "decides")})


def check_these(
    report: Report, *, share: float = SHARE, threshold: float = THRESHOLD
) -> list[CheckItem]:
    """The least confident checked findings, least confident first."""
    checked = [f for f in ordered_findings(report) if f.status != "not-applicable"]
    if not checked:
        return []
    by_confidence = sorted(checked, key=lambda f: f.confidence)  # stable: reading order kept
    count = math.ceil(len(checked) * share)
    chosen = by_confidence[:count] + [f for f in by_confidence[count:] if f.confidence < threshold]
    return [reason_for(f) for f in chosen]
