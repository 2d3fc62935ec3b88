from __future__ import annotations

from reviewer.report.messages import messages
from reviewer.report.model import Report
from reviewer.report.overview import (
    SEVERITY_RANK,
    STATUS_RANK,
    STATUSES,
    action_label,
    ordered_findings,
    parameter_sentences,
    topic_grid,
    topic_positions,
)


def test_grid_counts_every_finding_once_in_library_topic_order(sample_report: Report) -> None:
    rows = topic_grid(sample_report)
    assert [row.topic for row in rows] == [
        t for t in sample_report.topics if any(f.topic == t for f in sample_report.findings)
    ]
    assert sum(sum(row.counts.values()) for row in rows) == len(sample_report.findings)
    for row in rows:
        assert set(row.counts) == set(STATUSES)
        assert row.label == sample_report.topics[row.topic]
        assert row.worst == min((f.status for f in row.findings), key=STATUS_RANK.__getitem__)


def test_one_reading_order_severity_then_status_then_topic(sample_report: Report) -> None:
    findings = ordered_findings(sample_report)
    assert len(findings) == len(sample_report.findings)
    checked = [f for f in findings if f.status != "not-applicable"]
    topics = topic_positions(sample_report)
    keys = [(SEVERITY_RANK[f.severity], STATUS_RANK[f.status], topics[f.topic]) for f in checked]
    assert keys == sorted(keys)
    # Critical conflicts first (localisation, then training: library topic order);
    # requirements that were not checked come last.
    assert [f.requirement for f in findings[:2]] == [
        "residency.localization",
        "training.no-training-without-consent",
    ]
    not_checked = [f.status == "not-applicable" for f in findings]
    assert not_checked == sorted(not_checked)


def test_settings_are_said_in_words(sample_report: Report) -> None:
    t = messages()
    sentences = parameter_sentences(sample_report, t)
    assert "data must stay in Kazakhstan" in sentences
    assert not any("required_countries" in s or "=" in s for s in sentences)
    unset = sample_report.model_copy(
        update={"parameters": {"residency.localization": {"required_countries": []}}}
    )
    assert any("no country is set" in s for s in parameter_sentences(unset, t))


def test_action_names_the_deciding_clause(sample_report: Report) -> None:
    t = messages()
    training = next(
        f for f in sample_report.findings if f.requirement == "training.no-training-without-consent"
    )
    assert training.status == "conflict"
    assert action_label(training, t) == "Replace § 3.2"
    missing = next(f for f in sample_report.findings if f.status == "missing")
    assert action_label(missing, t) == "Add a clause"
