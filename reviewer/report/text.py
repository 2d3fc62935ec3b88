"""Plain-text rendering of a report: grouped by topic, gaps first."""

from __future__ import annotations

import textwrap

from reviewer.report.model import Finding, Report

STATUS_ORDER = {"conflict": 0, "missing": 1, "partial": 2, "met": 3, "not-applicable": 4}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
MARK = {"conflict": "✗", "missing": "∅", "partial": "◐", "met": "✓", "not-applicable": "–"}
WIDTH = 100


def _topic_rank(findings: list[Finding]) -> tuple[int, int]:
    worst = min(STATUS_ORDER[f.status] for f in findings)
    severity = min(SEVERITY_ORDER[f.severity] for f in findings if STATUS_ORDER[f.status] == worst)
    return worst, severity


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_text(report: Report) -> str:
    doc = report.document
    s = report.summary
    lines = [
        f"Review of {doc.path}",
        f"  kind {doc.kind}  format {doc.format}"
        + (f"  pages {doc.pages}" if doc.pages else "")
        + f"  profile {report.profile}",
        f"  met {s.met}  partial {s.partial}  conflict {s.conflict}  missing {s.missing}"
        + (f"  not applicable {s.not_applicable}" if s.not_applicable else "")
        + (f"  highest gap severity: {s.highest_severity_gap}" if s.highest_severity_gap else ""),
    ]
    for warning in doc.warnings:
        lines.append(f"  warning: {warning}")
    by_topic: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_topic.setdefault(finding.topic, []).append(finding)
    for topic, findings in sorted(by_topic.items(), key=lambda item: _topic_rank(item[1])):
        lines.append("")
        lines.append(topic.replace("_", " ").upper())
        for f in sorted(
            findings, key=lambda f: (STATUS_ORDER[f.status], SEVERITY_ORDER[f.severity])
        ):
            lines.append(
                f"  {MARK[f.status]} {f.status.upper():8} [{f.severity}] {f.title} ({f.requirement})"
            )
            lines.append(_wrap(f.explanation, "      "))
            for e in f.evidence[:3]:
                where = ", ".join(
                    part
                    for part in (
                        f"section {e.section}" if e.section else "",
                        f"page {e.page}" if e.page else "",
                    )
                    if part
                )
                quote = e.text if len(e.text) <= 300 else e.text[:297] + "..."
                lines.append(_wrap(f"“{quote}”" + (f" ({where})" if where else ""), "      > "))
            if f.status in ("partial", "conflict", "missing") and f.recommendation:
                lines.append(_wrap("Recommendation: " + f.recommendation, "      "))
    return "\n".join(lines) + "\n"
