"""Check these first: the least confident findings, with a reason."""

from __future__ import annotations

import math

from reviewer.report.attention import THRESHOLD, check_these, reason_for
from reviewer.report.messages import messages
from reviewer.report.model import Evidence, Finding, Report


def test_lowest_fifth_and_everything_under_the_threshold(sample_report: Report) -> None:
    items = check_these(sample_report)
    checked = [f for f in sample_report.findings if f.status != "not-applicable"]
    below = [f for f in checked if f.confidence < THRESHOLD]
    assert len(items) >= math.ceil(len(checked) * 0.2)
    assert all(any(i.finding is f for i in items) for f in below)
    confidences = [item.finding.confidence for item in items]
    assert confidences == sorted(confidences)
    assert max(confidences) <= min(
        f.confidence for f in checked if f not in [i.finding for i in items]
    )
    t = messages()
    assert all(item.text(t) for item in items)


def _finding(**values) -> Finding:
    base = dict(requirement="r.x", topic="t", title="T", status="conflict", severity="high",
                confidence=0.5, explanation="", recommendation="")  # fmt: skip
    return Finding(**(base | values))


def _evidence(role: str, section: str) -> Evidence:
    return Evidence(text="x", section=section, start=0, end=1, detector="rules:x", score=0.5,
                    role=role)  # fmt: skip


def test_reasons_say_why_in_words() -> None:
    t = messages()
    two = reason_for(
        _finding(evidence=[_evidence("decides", "3.2"), _evidence("other-way", "3.1")])
    )
    assert two.text(t) == "§ 3.2 and § 3.1 point different ways"
    mention = reason_for(_finding(status="partial", evidence=[_evidence("mention", "7")]))
    assert "§ 7 touches the topic" in mention.text(t)
    missing = reason_for(_finding(status="missing"))
    assert missing.text(t).startswith("nothing found")
