"""What every renderer shows first: the topic x status grid and findings in reading order.

The terminal summary, the HTML memo, the DOCX memo and the web page all take
their grouping and ordering from here, so a lawyer sees the same picture
whichever output they open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.report.model import Finding, Report

# Columns of the grid, in the order a reader scans them.
STATUSES: tuple[str, ...] = ("met", "partial", "conflict", "missing", "not-applicable")
GAP_STATUSES: tuple[str, ...] = ("conflict", "missing", "partial")
# Worst first: a conflict is an active problem, a missing clause a silent one.
STATUS_RANK: dict[str, int] = {
    "conflict": 0,
    "missing": 1,
    "partial": 2,
    "met": 3,
    "not-applicable": 4,
}
SEVERITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}
STATUS_LABEL: dict[str, str] = {
    "met": "Met",
    "partial": "Partial",
    "conflict": "Conflict",
    "missing": "Missing",
    "not-applicable": "Not applicable",
}

# Grid column headers, short enough for a terminal or a Word table.
GRID_HEADER: dict[str, str] = STATUS_LABEL | {"not-applicable": "N/A"}


def topic_label(topic: str, topics: dict[str, str]) -> str:
    return topics.get(topic) or topic.replace("_", " ").capitalize()


@dataclass
class TopicRow:
    topic: str
    label: str
    counts: dict[str, int]
    worst: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(self.counts[s] for s in GAP_STATUSES)


def finding_order(finding: Finding) -> tuple[int, int, str]:
    return (
        STATUS_RANK.get(finding.status, 9),
        SEVERITY_RANK.get(finding.severity, 9),
        finding.requirement,
    )


def topic_grid(report: Report) -> list[TopicRow]:
    """One row per topic, in the library's topic order, findings gaps-first."""
    by_topic: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_topic.setdefault(finding.topic, []).append(finding)
    order = list(report.topics) + sorted(t for t in by_topic if t not in report.topics)
    rows = []
    for topic in order:
        findings = sorted(by_topic.get(topic, []), key=finding_order)
        if not findings:
            continue
        counts = {status: 0 for status in STATUSES}
        for finding in findings:
            counts[finding.status] = counts.get(finding.status, 0) + 1
        rows.append(
            TopicRow(
                topic=topic,
                label=topic_label(topic, report.topics),
                counts=counts,
                worst=findings[0].status,
                findings=findings,
            )
        )
    return rows


def topics_gaps_first(report: Report) -> list[TopicRow]:
    """Topic rows ordered for reading: the topic with the worst finding first."""
    rows = topic_grid(report)
    return sorted(rows, key=lambda row: finding_order(row.findings[0])[:2])


def location(section: str | None, page: int | None) -> str:
    """How a reader finds a passage: "§ 4.2, p. 3" (annexes and schedules keep their word)."""
    parts = []
    if section:
        label = section
        parts.append(label if label.lower().startswith(("annex", "schedule")) else f"§ {label}")
    if page:
        parts.append(f"p. {page}")
    return ", ".join(parts)


# One palette for every output (HTML, DOCX shading, XLSX fills): a traffic light
# with missing a shade apart from conflict, so the two gaps stay distinguishable.
STATUS_COLOUR: dict[str, str] = {
    "met": "1A7F37",
    "partial": "BF8700",
    "conflict": "CF222E",
    "missing": "BC4C00",
    "not-applicable": "8C959F",
}
STATUS_TINT: dict[str, str] = {
    "met": "DAFBE1",
    "partial": "FFF8C5",
    "conflict": "FFEBE9",
    "missing": "FFF1E5",
    "not-applicable": "F6F8FA",
}
