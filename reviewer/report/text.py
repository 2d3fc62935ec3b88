"""The terminal summary (rich): the grid, what to check first, then every finding in the
one reading order (severity, then status, then topic), coloured by status.

Contract text only ever enters rich as `Text` objects, never as markup, so a
clause containing "[bold]" or "[/]" prints as written.
"""

from __future__ import annotations

import io
import sys
from itertools import groupby
from typing import TextIO

from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from reviewer.report.attention import check_these
from reviewer.report.messages import Messages, language_for, messages
from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import (
    GAP_STATUSES,
    STATUS_COLOUR,
    STATUSES,
    action_label,
    clause_of,
    evidence_role_label,
    kind_label,
    location,
    ordered_findings,
    parallel_label,
    parameter_sentences,
    topic_grid,
    topic_label,
)

MARK = {"conflict": "✗", "missing": "∅", "partial": "◐", "met": "✓", "not-applicable": "–"}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
WIDTH = 100
QUOTE_CHARS = 300


def _status_style(status: str) -> str:
    return f"bold #{STATUS_COLOUR[status]}"


def _header(report: Report, t: Messages) -> Group:
    doc = report.document
    s = report.summary
    facts = f"{kind_label(doc.kind, t)}  ·  {doc.format.upper()}"
    if doc.pages:
        facts += ", " + t("common.pages", count=doc.pages)
    facts += f"  ·  {t('facts.profile').lower()} {report.profile}"
    if doc.parties:
        facts += "  ·  " + "; ".join(doc.parties)
    if doc.languages:
        facts += f"  ·  {t('facts.language').lower()}: " + doc.language_line(t)
    counts = Text()
    for status in STATUSES:
        value = getattr(s, status.replace("-", "_"))
        if status == "not-applicable" and not value:
            continue
        counts.append(
            f"{MARK[status]} {t(f'status_count.{status}', count=value)}", _status_style(status)
        )
        counts.append("   ")
    if s.highest_severity_gap:
        counts.append(t("common.highest_gap", severity=""))
        counts.append(
            t.severity(s.highest_severity_gap), SEVERITY_STYLE.get(s.highest_severity_gap, "")
        )
    parts: list[Text] = [
        Text.assemble((t("text.review_of"), "bold"), (doc.path, "bold")),
        Text(facts, style="dim"),
    ]
    parts.extend(
        Text(sentence[:1].upper() + sentence[1:], style="dim")
        for sentence in parameter_sentences(report, t)
    )
    parts.append(counts)
    parts.extend(Text(t("common.warning", text=w), style="yellow") for w in doc.warnings)
    return Group(*parts)


def _grid(report: Report, t: Messages) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(t("text.grid_topic"), no_wrap=True, overflow="ellipsis", max_width=34)
    for status in STATUSES:
        table.add_column(t(f"status_short.{status}"), justify="right", no_wrap=True)
    for row in topic_grid(report):
        cells: list[Text] = [Text(f"{MARK[row.worst]} {row.label}", style=_status_style(row.worst))]
        for status in STATUSES:
            count = row.counts[status]
            cells.append(Text(str(count), style=_status_style(status) if count else "dim"))
        table.add_row(*cells)
    return table


def _check_these(report: Report, t: Messages) -> Group:
    items = check_these(report)
    lines: list[Text] = [Text(t("check.intro"), style="dim")]
    if not items:
        lines.append(Text(t("check.none")))
    for item in items:
        finding = item.finding
        line = Text(f"{MARK[finding.status]} ", style=_status_style(finding.status))
        line.append(finding.title, "bold")
        line.append(f" ({t.status(finding.status).lower()}, ", "dim")
        line.append(t("common.confidence", value=f"{finding.confidence:.2f}") + "): ", "dim")
        line.append(item.text(t))
        lines.append(line)
    return Group(*lines)


def _where(evidence: Evidence, t: Messages) -> str:
    place = location(evidence.section, evidence.page, t)
    if evidence.heading:
        place = f"{place} · {evidence.heading}" if place else evidence.heading
    return place


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."


def _finding(finding: Finding, report: Report, t: Messages) -> Group:
    head = Text.assemble(
        (
            f"{MARK[finding.status]} {t.status(finding.status).upper():8} ",
            _status_style(finding.status),
        ),
    )
    if finding.status != "not-applicable":
        head.append(f"[{t.severity(finding.severity)}] ", SEVERITY_STYLE.get(finding.severity, ""))
    head.append(finding.title, "bold")
    head.append(f" · {topic_label(finding.topic, report.topics)} ({finding.requirement})", "dim")
    body: list[Text] = [Text(finding.explanation)]
    for evidence in finding.evidence[:3]:
        line = Text("> ", style="dim")
        where = _where(evidence, t)
        if where:
            line.append(where + ": ", "cyan")
        line.append(f"“{_quote(evidence.text)}”", "italic")
        if evidence.role == "other-way":
            line.append(f" ({evidence_role_label(evidence, t)})", "dim")
        body.append(line)
        for passage in evidence.parallel:
            # The same clause in the contract's other language, beside the quote.
            twin = Text("  ⇄ ", style="dim")
            twin.append(parallel_label(passage, t) + ": ", "cyan")
            twin.append(f"“{_quote(passage.text)}”", "italic dim")
            body.append(twin)
    if len(finding.evidence) > 3:
        body.append(
            Text("> " + t("common.more_passages", count=len(finding.evidence) - 3), style="dim")
        )
    if finding.status in GAP_STATUSES and (finding.recommended_clause or finding.recommendation):
        body.append(Text.assemble((action_label(finding, t) + ": ", "bold"), clause_of(finding)))
        if finding.fallback_clause:
            body.append(Text.assemble((t("text.fallback"), "bold"), finding.fallback_clause))
    return Group(head, Padding(Group(*body), (0, 0, 0, 4), expand=False))


def _group_title(finding: Finding, t: Messages) -> str:
    if finding.status == "not-applicable":
        return t("text.not_checked_rule")
    return t("text.severity_rule", severity=t(f"severity_title.{finding.severity}"))


def print_report(report: Report, console: Console, t: Messages | None = None) -> None:
    t = t or messages(language_for(report))
    console.print(_header(report, t))
    console.print()
    console.print(_grid(report, t))
    console.print()
    console.print(Rule(Text(t("check.title").upper(), style="bold"), align="left"))
    console.print(_check_these(report, t))
    for title, group in groupby(ordered_findings(report), key=lambda f: _group_title(f, t)):
        console.print()
        console.print(Rule(Text(title.upper(), style="bold"), align="left"))
        for finding in group:
            console.print(_finding(finding, report, t))


def render_text(
    report: Report, *, colour: bool = False, width: int = WIDTH, language: str | None = None
) -> str:
    """The summary as a string; with `colour`, ANSI escapes are kept."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        no_color=not colour,
        highlight=False,
        emoji=False,
    )
    print_report(report, console, messages(language_for(report, language)))
    # rich pads wrapped lines to the console width; files should not carry that padding.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def print_to_terminal(
    report: Report, stream: TextIO | None = None, language: str | None = None
) -> None:
    """Print with colour when the stream is a terminal (rich decides), plain otherwise;
    in the report's language unless another is asked for."""
    console = Console(file=stream or sys.stdout, highlight=False, emoji=False)
    print_report(report, console, messages(language_for(report, language)))
