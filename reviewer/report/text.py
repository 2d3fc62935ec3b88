"""The terminal summary (rich): grouped by topic, gaps first, coloured by status.

Contract text only ever enters rich as `Text` objects, never as markup, so a
clause containing "[bold]" or "[/]" prints as written.
"""

from __future__ import annotations

import io
import sys
from typing import TextIO

from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import (
    GAP_STATUSES,
    GRID_HEADER,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUSES,
    location,
    topic_grid,
    topics_gaps_first,
)

MARK = {"conflict": "✗", "missing": "∅", "partial": "◐", "met": "✓", "not-applicable": "–"}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
WIDTH = 100
QUOTE_CHARS = 300


def _status_style(status: str) -> str:
    return f"bold #{STATUS_COLOUR[status]}"


def _header(report: Report) -> Group:
    doc = report.document
    s = report.summary
    facts = f"{doc.kind}  ·  {doc.format.upper()}"
    if doc.pages:
        facts += f", {doc.pages} pages"
    facts += f"  ·  profile {report.profile}"
    if doc.parties:
        facts += "  ·  " + "; ".join(doc.parties)
    if doc.languages:
        facts += "  ·  language: " + doc.language_line()
    counts = Text()
    for status in STATUSES:
        value = getattr(s, status.replace("-", "_"))
        if status == "not-applicable" and not value:
            continue
        counts.append(
            f"{MARK[status]} {value} {STATUS_LABEL[status].lower()}", _status_style(status)
        )
        counts.append("   ")
    if s.highest_severity_gap:
        counts.append("highest gap severity: ")
        counts.append(s.highest_severity_gap, SEVERITY_STYLE.get(s.highest_severity_gap, ""))
    parts: list[Text] = [
        Text.assemble(("Review of ", "bold"), (doc.path, "bold")),
        Text(facts, style="dim"),
        counts,
    ]
    parts.extend(Text(f"warning: {w}", style="yellow") for w in doc.warnings)
    return Group(*parts)


def _grid(report: Report) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Topic", no_wrap=True, overflow="ellipsis", max_width=34)
    for status in STATUSES:
        table.add_column(GRID_HEADER[status], justify="right", no_wrap=True)
    for row in topic_grid(report):
        cells: list[Text] = [Text(f"{MARK[row.worst]} {row.label}", style=_status_style(row.worst))]
        for status in STATUSES:
            count = row.counts[status]
            cells.append(Text(str(count), style=_status_style(status) if count else "dim"))
        table.add_row(*cells)
    return table


def _where(evidence: Evidence) -> str:
    place = location(evidence.section, evidence.page)
    if evidence.heading:
        place = f"{place} · {evidence.heading}" if place else evidence.heading
    return place


def _finding(finding: Finding) -> Group:
    head = Text.assemble(
        (f"{MARK[finding.status]} {finding.status.upper():8} ", _status_style(finding.status)),
    )
    if finding.status != "not-applicable":
        head.append(f"[{finding.severity}] ", SEVERITY_STYLE.get(finding.severity, ""))
    head.append(finding.title, "bold")
    head.append(f" ({finding.requirement})", "dim")
    body: list[Text] = [Text(finding.explanation)]
    for evidence in finding.evidence[:3]:
        quote = evidence.text
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 3] + "..."
        line = Text("> ", style="dim")
        where = _where(evidence)
        if where:
            line.append(where + ": ", "cyan")
        line.append(f"“{quote}”", "italic")
        body.append(line)
    if len(finding.evidence) > 3:
        body.append(Text(f"> and {len(finding.evidence) - 3} more passages", style="dim"))
    if finding.status in GAP_STATUSES and finding.recommendation:
        body.append(Text.assemble(("Recommendation: ", "bold"), finding.recommendation))
    return Group(head, Padding(Group(*body), (0, 0, 0, 4), expand=False))


def print_report(report: Report, console: Console) -> None:
    console.print(_header(report))
    console.print()
    console.print(_grid(report))
    for row in topics_gaps_first(report):
        console.print()
        console.print(Rule(Text(row.label.upper(), style="bold"), align="left"))
        for finding in row.findings:
            console.print(_finding(finding))


def render_text(report: Report, *, colour: bool = False, width: int = WIDTH) -> str:
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
    print_report(report, console)
    # rich pads wrapped lines to the console width; files should not carry that padding.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def print_to_terminal(report: Report, stream: TextIO | None = None) -> None:
    """Print with colour when the stream is a terminal (rich decides), plain otherwise."""
    console = Console(file=stream or sys.stdout, highlight=False, emoji=False)
    print_report(report, console)
