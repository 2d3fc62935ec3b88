from __future__ import annotations

from reviewer.report.model import Report
from reviewer.report.overview import STATUS_RANK, STATUSES, topic_grid, topics_gaps_first


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


def test_reading_order_puts_the_worst_topic_and_finding_first(sample_report: Report) -> None:
    rows = topics_gaps_first(sample_report)
    firsts = [STATUS_RANK[row.findings[0].status] for row in rows]
    assert firsts == sorted(firsts)
    for row in rows:
        ranks = [STATUS_RANK[f.status] for f in row.findings]
        assert ranks == sorted(ranks)
