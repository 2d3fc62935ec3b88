"""Batch outputs: the contracts x requirements matrix (XLSX, CSV) and the summaries.

Everything here takes finished reports and error rows, so the web app can build
the same matrix for a multi-file upload.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path, PurePath
from typing import Any

import jinja2

from reviewer.batch.state import write_atomically
from reviewer.report.html import template_environment
from reviewer.report.model import Report
from reviewer.report.overview import (
    GAP_STATUSES,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_TINT,
    STATUSES,
    location,
)

MATRIX_STATUSES = ("met", "partial", "conflict", "missing")
EVIDENCE_CHARS = 1000
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class BatchError:
    source: str
    message: str


@dataclass(frozen=True)
class ContractRow:
    name: str  # the report's file stem in the batch folder
    report: Report


@dataclass
class RequirementTally:
    requirement: str
    title: str
    topic: str
    severity: str
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATUSES})

    @property
    def reviewed(self) -> int:
        return sum(self.counts[s] for s in MATRIX_STATUSES)

    def badness(self) -> tuple[int, int, int, str]:
        # Worst first: most conflicts and missing clauses, then most partial ones.
        return (
            -(self.counts["conflict"] + self.counts["missing"]),
            -self.counts["partial"],
            -self.counts["conflict"],
            self.requirement,
        )


def tally(reports: Sequence[Report]) -> list[RequirementTally]:
    tallies: dict[str, RequirementTally] = {}
    for report in reports:
        for finding in report.findings:
            entry = tallies.setdefault(
                finding.requirement,
                RequirementTally(
                    finding.requirement, finding.title, finding.topic, finding.severity
                ),
            )
            entry.counts[finding.status] = entry.counts.get(finding.status, 0) + 1
    return list(tallies.values())


def _requirement_columns(reports: Sequence[Report]) -> list[tuple[str, str]]:
    columns: dict[str, str] = {}
    for report in reports:
        for finding in report.findings:
            columns.setdefault(finding.requirement, finding.title)
    return list(columns.items())


def _as_rows(reports: Sequence[Report] | Sequence[ContractRow]) -> list[ContractRow]:
    rows = []
    for item in reports:
        if isinstance(item, ContractRow):
            rows.append(item)
        else:
            rows.append(ContractRow(PurePath(item.document.path).name, item))
    return rows


# ------------------------------------------------------------------------- XLSX


def write_xlsx(
    reports: Sequence[Report] | Sequence[ContractRow],
    errors: Sequence[BatchError],
    path: Path,
) -> None:
    """The matrix workbook: Matrix, Findings and Errors sheets."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    rows = _as_rows(reports)
    all_reports = [r.report for r in rows]
    columns = _requirement_columns(all_reports)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="EAEEF2")
    fills = {s: PatternFill("solid", fgColor=STATUS_TINT[s]) for s in STATUSES}
    fonts = {s: Font(bold=True, color=STATUS_COLOUR[s]) for s in STATUSES}
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # contract text is never a formula
        return cell

    def header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
        for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
            cell = put(sheet, 1, column, title)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(column)].width = width

    workbook = Workbook()
    matrix = workbook.active
    assert matrix is not None
    matrix.title = "Matrix"
    fixed = ["Contract", "File", "Kind", "Highest gap", "Met", "Partial", "Conflict", "Missing"]
    header(
        matrix,
        fixed + [req for req, _ in columns],
        [34, 40, 12, 11, 6, 7, 8, 8] + [14] * len(columns),
    )
    for index, (_, title) in enumerate(columns, start=len(fixed) + 1):
        matrix.cell(row=1, column=index).comment = Comment(title, "contract-reviewer")
    matrix.row_dimensions[1].height = 60
    for row_index, row in enumerate(rows, start=2):
        report = row.report
        s = report.summary
        values = [
            row.name,
            report.document.path,
            report.document.kind,
            s.highest_severity_gap or "",
            s.met,
            s.partial,
            s.conflict,
            s.missing,
        ]
        for column, value in enumerate(values, start=1):
            put(matrix, row_index, column, value)
        statuses = {f.requirement: f.status for f in report.findings}
        for column, (requirement, _) in enumerate(columns, start=len(fixed) + 1):
            status = statuses.get(requirement)
            if status is None:
                continue
            cell = put(matrix, row_index, column, status)
            cell.fill = fills[status]
            cell.font = fonts[status]
    matrix.freeze_panes = "B2"
    matrix.auto_filter.ref = f"A1:{get_column_letter(len(fixed) + len(columns))}{len(rows) + 1}"

    findings = workbook.create_sheet("Findings")
    titles = ["Contract", "Requirement", "Title", "Topic", "Status", "Severity", "Where",
              "Evidence", "Explanation", "Recommendation"]  # fmt: skip
    header(findings, titles, [30, 30, 34, 16, 11, 10, 14, 60, 60, 60])
    line = 2
    for row in rows:
        for finding in row.report.findings:
            where = "; ".join(
                dict.fromkeys(
                    p for p in (location(e.section, e.page) for e in finding.evidence) if p
                )
            )
            evidence = "\n\n".join(e.text for e in finding.evidence)[:EVIDENCE_CHARS]
            values = [
                row.name,
                finding.requirement,
                finding.title,
                row.report.topics.get(finding.topic, finding.topic),
                finding.status,
                finding.severity,
                where,
                evidence,
                finding.explanation,
                finding.recommendation if finding.status in GAP_STATUSES else "",
            ]
            for column, value in enumerate(values, start=1):
                cell = put(findings, line, column, value)
                cell.alignment = wrap
            status_cell = findings.cell(row=line, column=5)
            status_cell.fill = fills[finding.status]
            status_cell.font = fonts[finding.status]
            line += 1
    findings.freeze_panes = "C2"
    findings.auto_filter.ref = f"A1:J{max(line - 1, 1)}"

    problems = workbook.create_sheet("Errors")
    header(problems, ["File", "Error"], [50, 100])
    for line, error in enumerate(errors, start=2):
        put(problems, line, 1, error.source)
        put(problems, line, 2, error.message).alignment = wrap
    problems.freeze_panes = "A2"
    problems.auto_filter.ref = f"A1:B{max(len(errors) + 1, 1)}"

    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(path, buffer.getvalue())


# -------------------------------------------------------------------------- CSV


def _csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_LEAD):
        return "'" + value
    return value


def write_csv(
    reports: Sequence[Report] | Sequence[ContractRow],
    errors: Sequence[BatchError],
    path: Path,
) -> None:
    rows = _as_rows(reports)
    columns = _requirement_columns([r.report for r in rows])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["contract", "file", "kind", "error", *(req for req, _ in columns)])
    for row in rows:
        statuses = {f.requirement: f.status for f in row.report.findings}
        writer.writerow(
            _csv_safe(v)
            for v in [
                row.name,
                row.report.document.path,
                row.report.document.kind,
                "",
                *(statuses.get(req, "") for req, _ in columns),
            ]
        )
    for error in errors:
        writer.writerow(
            _csv_safe(v)
            for v in [PurePath(error.source).name, error.source, "", error.message]
            + [""] * len(columns)
        )
    write_atomically(path, buffer.getvalue())


# -------------------------------------------------------------------- summaries


def summary_data(
    reports: Sequence[Report],
    errors: Sequence[BatchError],
    *,
    inputs: int,
    reused: int,
    seconds: float,
    interrupted: bool,
) -> dict[str, Any]:
    tallies = sorted(tally(reports), key=RequirementTally.badness)
    totals = {s: sum(t.counts[s] for t in tallies) for s in STATUSES}
    reviewed_now = len(reports) - reused
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": inputs,
        "contracts": len(reports),
        "reused_from_previous_run": reused,
        "errors": len(errors),
        "interrupted": interrupted,
        "not_done": inputs - len(reports) - len(errors),
        "seconds": round(seconds, 2),
        "contracts_per_minute": round(reviewed_now / seconds * 60, 1) if seconds > 0 else None,
        "statuses": totals,
        "requirements": [
            {
                "requirement": t.requirement,
                "title": t.title,
                "topic": t.topic,
                "severity": t.severity,
                **t.counts,
            }
            for t in tallies
        ],
        "error_list": [{"source": e.source, "message": e.message} for e in errors],
    }


@cache
def _templates() -> jinja2.Environment:
    return template_environment(jinja2.PackageLoader("reviewer.batch", "templates"))


def render_summary_html(summary: dict[str, Any]) -> str:
    bar_width = 520
    rows = []
    for entry in summary["requirements"]:
        total = sum(entry[s] for s in MATRIX_STATUSES)
        segments = []
        x = 0.0
        for status in MATRIX_STATUSES:
            width = bar_width * entry[status] / total if total else 0.0
            if entry[status]:
                segments.append({"status": status, "x": round(x, 2), "width": round(width, 2),
                                 "count": entry[status]})  # fmt: skip
            x += width
        rows.append({**entry, "total": total, "segments": segments})
    return (
        _templates()
        .get_template("summary.html.j2")
        .render(
            summary=summary,
            rows=rows,
            bar_width=bar_width,
            statuses=MATRIX_STATUSES,
            colours=STATUS_COLOUR,
            labels=STATUS_LABEL,
        )
    )


def write_summaries(summary: dict[str, Any], out: Path) -> None:
    write_atomically(out / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False))
    write_atomically(out / "summary.html", render_summary_html(summary))
