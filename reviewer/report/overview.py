"""What every renderer shows first: the topic x status grid and findings in reading order.

The terminal summary, the HTML memo, the Word outputs, the web page and the
batch summary all take their ordering from here (severity, then status, then
topic), so a lawyer sees the same picture whichever output they open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.report.messages import Messages
from reviewer.report.model import Evidence, Finding, ParallelPassage, Report

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
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
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


def topic_positions(report: Report) -> dict[str, int]:
    """Topic id -> its place in the library (topics unknown to it sort after, by name)."""
    order = list(report.topics)
    extra = sorted({f.topic for f in report.findings} - set(order))
    return {topic: index for index, topic in enumerate(order + extra)}


def finding_order(
    finding: Finding, topics: dict[str, int] | None = None
) -> tuple[int, int, int, int, str]:
    """The one reading order of every output: severity, then status (conflict, missing,
    partial, met), then topic in library order. Requirements that were not checked
    come last whatever their severity: they are not findings about the contract."""
    not_checked = finding.status == "not-applicable"
    return (
        int(not_checked),
        SEVERITY_RANK.get(finding.severity, 9),
        STATUS_RANK.get(finding.status, 9),
        (topics or {}).get(finding.topic, 999),
        finding.requirement,
    )


def ordered_findings(report: Report) -> list[Finding]:
    """Every finding of the report in the reading order (see `finding_order`)."""
    topics = topic_positions(report)
    return sorted(report.findings, key=lambda f: finding_order(f, topics))


def topic_grid(report: Report) -> list[TopicRow]:
    """One row per topic, in the library's topic order; each row's findings in reading order."""
    topics = topic_positions(report)
    by_topic: dict[str, list[Finding]] = {}
    for finding in ordered_findings(report):
        by_topic.setdefault(finding.topic, []).append(finding)
    rows = []
    for topic in sorted(by_topic, key=topics.__getitem__):
        findings = by_topic[topic]
        counts = {status: 0 for status in STATUSES}
        for finding in findings:
            counts[finding.status] = counts.get(finding.status, 0) + 1
        rows.append(
            TopicRow(
                topic=topic,
                label=topic_label(topic, report.topics),
                counts=counts,
                worst=min((f.status for f in findings), key=lambda s: STATUS_RANK.get(s, 9)),
                findings=findings,
            )
        )
    return rows


# Labels that name their own kind of part or clause ("Annex 2, 3.1", "Статья 5")
# are cited as they are; bare numbers get the section sign or "п.".
_NAMED_LABEL = re.compile(
    r"^(?:annex|schedule|exhibit|appendix|attachment|addendum|section|clause|article|part"
    r"|приложение|статья|раздел|глава|часть)\b",
    re.IGNORECASE,
)


def location(section: str | None, page: int | None, t: Messages | None = None) -> str:
    """How a reader finds a passage: "§ 4.2, p. 3" ("п. 4.2, с. 3" in Russian); annexes,
    schedules and articles keep their word."""
    parts = []
    if section:
        if _NAMED_LABEL.match(section):
            parts.append(section)
        else:
            parts.append(t("common.section_ref", section=section) if t else f"§ {section}")
    if page:
        parts.append(t("common.page_ref", page=page) if t else f"p. {page}")
    return ", ".join(parts)


def language_label(code: str, t: Messages) -> str:
    """A language's name in the report's language: "Kazakh", "казахский"."""
    from reviewer.language import language_name

    return t.get(f"language_name.{code}", language_name(code))


def parallel_label(passage: ParallelPassage, t: Messages) -> str:
    """ "Kazakh version, § 3" / "Казахский текст, п. 3": what a parallel passage is."""
    words = t("evidence.parallel", language=language_label(passage.language, t))
    where = location(passage.section, passage.page, t)
    words = words[:1].upper() + words[1:]
    return f"{words}, {where}" if where else words


def kind_label(kind: str, t: Messages) -> str:
    """The kind of document in words: "data processing agreement"."""
    return t.get(f"kind.{kind}", kind)


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


def deciding_place(finding: Finding, t: Messages | None = None) -> str | None:
    """Where the clause that decides the finding is: "§ 3.2" (the page when unnumbered)."""
    for evidence in finding.evidence:
        if evidence.role == "decides" and (evidence.section or evidence.page):
            return location(evidence.section, None if evidence.section else evidence.page, t)
    return None


def action_label(finding: Finding, t: Messages) -> str:
    """What the recommendation asks for, in words: "Replace § 3.2", "Add a clause"."""
    action = finding.action
    if action == "none" and finding.status in GAP_STATUSES:
        action = {"conflict": "replace", "partial": "strengthen", "missing": "add"}[finding.status]
    if action in ("replace", "strengthen"):
        place = deciding_place(finding, t)
        return t(f"action.{action}", place=place) if place else t(f"action.{action}_anywhere")
    return t(f"action.{action}") if t.has(f"action.{action}") else ""


def clause_of(finding: Finding) -> str:
    """The recommended clause alone (older reports carry only the composed sentence)."""
    if finding.recommended_clause:
        return finding.recommended_clause
    text = finding.recommendation
    for lead in ("Replace the conflicting clause with: ", "Add: ", "Strengthen the clause to: "):
        if text.startswith(lead):
            return text[len(lead) :].split(" Fallback position: ")[0]
    return text


def evidence_role_label(evidence: Evidence, t: Messages) -> str:
    """ "decides the finding" / "points the other way (partial)" / "mentions the topic"."""
    if evidence.role == "other-way":
        return t("evidence.other-way", status=t.status(evidence.points_to or "met").lower())
    return t(f"evidence.{evidence.role}") if t.has(f"evidence.{evidence.role}") else ""


def parameter_sentences(report: Report, t: Messages) -> list[str]:
    """The profile's settings in words, not as "required_countries = none"."""
    sentences = []
    for params in report.parameters.values():
        for name, value in params.items():
            if name == "required_countries":
                countries = [t.country(str(c)) for c in value or []]
                sentences.append(
                    t("param.required_countries", value=", ".join(countries))
                    if countries
                    else t("param.required_countries_none")
                )
            elif t.has(f"param.{name}"):
                sentences.append(t(f"param.{name}", value=value))
            else:
                shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
                sentences.append(t("param.other", name=name.replace("_", " "), value=shown))
    localisation = any(f.requirement == "residency.localization" for f in report.findings)
    has_countries = any("required_countries" in p for p in report.parameters.values())
    if localisation and not has_countries:
        sentences.append(t("param.required_countries_none"))
    return sentences
