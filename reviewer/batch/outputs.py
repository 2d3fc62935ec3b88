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
from reviewer.report.messages import Messages, messages
from reviewer.report.model import Report
from reviewer.report.overview import (
    GAP_STATUSES,
    SEVERITY_RANK,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_TINT,
    STATUSES,
    clause_of,
    ordered_findings,
    topic_positions,
)
from reviewer.report.overview import location as place_of

MATRIX_STATUSES = ("met", "partial", "conflict", "missing")
# "Highest gap" cells: the darker, the more urgent (white text on the two darkest).
SEVERITY_FILL = {"critical": "82071E", "high": "CF222E", "medium": "F2CC60", "low": "D8DEE4"}
SEVERITY_FONT = {"critical": "FFFFFF", "high": "FFFFFF", "medium": "1F2328", "low": "1F2328"}
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

    topic_position: int = 999

    def order(self) -> tuple[int, int, int, int, int, str]:
        # The reading order of every output: severity first, then the worst status
        # (most conflicts, then most missing, then most partial), then topic.
        return (
            SEVERITY_RANK.get(self.severity, 9),
            -self.counts["conflict"],
            -self.counts["missing"],
            -self.counts["partial"],
            self.topic_position,
            self.requirement,
        )


def tally(reports: Sequence[Report]) -> list[RequirementTally]:
    """Per requirement, how many contracts have each status, in the reading order."""
    tallies: dict[str, RequirementTally] = {}
    for report in reports:
        topics = topic_positions(report)
        for finding in report.findings:
            entry = tallies.setdefault(
                finding.requirement,
                RequirementTally(
                    finding.requirement,
                    finding.title,
                    finding.topic,
                    finding.severity,
                    topic_position=topics.get(finding.topic, 999),
                ),
            )
            entry.counts[finding.status] = entry.counts.get(finding.status, 0) + 1
    return sorted(tallies.values(), key=RequirementTally.order)


@dataclass(frozen=True)
class RequirementColumn:
    requirement: str
    title: str
    severity: str


def _requirement_columns(reports: Sequence[Report]) -> list[RequirementColumn]:
    """Matrix columns: the requirements in the reading order (severity, then topic)."""
    seen: dict[str, RequirementColumn] = {}
    order: dict[str, tuple[int, int, str]] = {}
    for report in reports:
        topics = topic_positions(report)
        for finding in report.findings:
            if finding.requirement not in seen:
                seen[finding.requirement] = RequirementColumn(
                    finding.requirement, finding.title, finding.severity
                )
                order[finding.requirement] = (
                    SEVERITY_RANK.get(finding.severity, 9),
                    topics.get(finding.topic, 999),
                    finding.requirement,
                )
    return sorted(seen.values(), key=lambda c: order[c.requirement])


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
    *,
    language: str = "en",
) -> None:
    """The matrix workbook: Matrix, Findings and Errors sheets, ready to print."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    t = messages(language)
    rows = _as_rows(reports)
    all_reports = [r.report for r in rows]
    columns = _requirement_columns(all_reports)
    bold = Font(bold=True)
    small = Font(size=8, color="59636E")
    header_fill = PatternFill("solid", fgColor="EAEEF2")
    fills = {s: PatternFill("solid", fgColor=STATUS_TINT[s]) for s in STATUSES}
    fonts = {s: Font(bold=True, color=STATUS_COLOUR[s]) for s in STATUSES}
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # contract text is never a formula
        return cell

    def header(sheet: Worksheet, titles: list[str], widths: Sequence[float]) -> None:
        for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
            cell = put(sheet, 1, column, title)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(column)].width = width

    def printable(sheet: Worksheet, title_rows: str) -> None:
        # Landscape, as wide as the page, as many pages down as it takes.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = title_rows
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.oddFooter.right.text = "&P / &N"

    workbook = Workbook()
    matrix = workbook.active
    assert matrix is not None
    matrix.title = "Matrix"
    fixed = [t("batch.contract"), t("batch.file"), t("batch.kind"), t("batch.highest_gap"),
             *(t(f"status_short.{s}") for s in STATUSES)]  # fmt: skip
    header(
        matrix,
        fixed + [c.title for c in columns],
        [30, 34, 11, 10, 6, 7, 8, 8, 6] + [15] * len(columns),
    )
    # Second header row: the requirement ids (what JSON, CSV and the playbook call them).
    for index in range(1, len(fixed) + 1):
        matrix.merge_cells(start_row=1, start_column=index, end_row=2, end_column=index)
    for index, req_column in enumerate(columns, start=len(fixed) + 1):
        id_cell = put(matrix, 2, index, req_column.requirement)
        id_cell.font = small
        id_cell.fill = header_fill
        id_cell.alignment = Alignment(wrap_text=True, vertical="top")
        title_cell = matrix.cell(row=1, column=index)
        title_cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    matrix.row_dimensions[1].height = 75
    matrix.row_dimensions[2].height = 24
    first_row = 3
    for row_index, row in enumerate(rows, start=first_row):
        report = row.report
        s = report.summary
        values = [
            row.name,
            report.document.path,
            report.document.kind,
            t.severity(s.highest_severity_gap) if s.highest_severity_gap else "",
            s.met,
            s.partial,
            s.conflict,
            s.missing,
            s.not_applicable,
        ]
        for column, value in enumerate(values, start=1):
            put(matrix, row_index, column, value)
        if s.highest_severity_gap in SEVERITY_FILL:
            gap = matrix.cell(row=row_index, column=4)
            gap.fill = PatternFill("solid", fgColor=SEVERITY_FILL[s.highest_severity_gap])
            gap.font = Font(bold=True, color=SEVERITY_FONT[s.highest_severity_gap])
            gap.alignment = centre
        statuses = {f.requirement: f.status for f in report.findings}
        for index, req_column in enumerate(columns, start=len(fixed) + 1):
            status = statuses.get(req_column.requirement)
            if status is None:
                continue
            cell = put(matrix, row_index, index, t(f"status_short.{status}"))
            cell.fill = fills[status]
            cell.font = fonts[status]
            cell.alignment = centre
    matrix.freeze_panes = f"B{first_row}"
    last_column = get_column_letter(len(fixed) + len(columns))
    matrix.auto_filter.ref = f"A2:{last_column}{max(len(rows) + 2, 2)}"
    printable(matrix, "1:2")
    matrix.print_title_cols = "A:A"

    findings = workbook.create_sheet("Findings")
    titles = [t("batch.contract"), t("common.requirement"), t("batch.title"), t("common.topic"),
              t("common.status"), t("common.severity"), t("batch.confidence"), t("common.where"),
              t("batch.evidence"), t("batch.explanation"), t("batch.action"),
              t("batch.recommended_clause"), t("common.fallback")]  # fmt: skip
    header(findings, titles, [26, 28, 32, 16, 11, 10, 10, 14, 55, 55, 18, 55, 45])
    line = 2
    for row in rows:
        for finding in ordered_findings(row.report):
            where = "; ".join(
                dict.fromkeys(
                    p for p in (place_of(e.section, e.page) for e in finding.evidence) if p
                )
            )
            evidence = "\n\n".join(e.text for e in finding.evidence)[:EVIDENCE_CHARS]
            gap = finding.status in GAP_STATUSES
            values = [
                row.name,
                finding.requirement,
                finding.title,
                row.report.topics.get(finding.topic, finding.topic),
                t.status(finding.status),
                t.severity(finding.severity),
                round(finding.confidence, 2),
                where,
                evidence,
                finding.explanation,
                _action_words(finding.action, t) if gap else "",
                clause_of(finding) if gap else "",
                finding.fallback_clause if gap else "",
            ]
            for column, value in enumerate(values, start=1):
                cell = put(findings, line, column, value)
                cell.alignment = wrap
            status_cell = findings.cell(row=line, column=5)
            status_cell.fill = fills[finding.status]
            status_cell.font = fonts[finding.status]
            line += 1
    findings.freeze_panes = "C2"
    findings.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{max(line - 1, 1)}"
    printable(findings, "1:1")

    problems = workbook.create_sheet("Errors")
    header(problems, [t("batch.file"), t("batch.error")], [50, 100])
    for line, error in enumerate(errors, start=2):
        put(problems, line, 1, error.source)
        put(problems, line, 2, error.message).alignment = wrap
    problems.freeze_panes = "A2"
    problems.auto_filter.ref = f"A1:B{max(len(errors) + 1, 1)}"
    printable(problems, "1:1")

    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(path, buffer.getvalue())


def _action_words(action: str, t: Messages) -> str:
    key = {"strengthen": "strengthen_anywhere", "replace": "replace_anywhere"}.get(action, action)
    return t(f"action.{key}") if t.has(f"action.{key}") else ""


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
    columns = [c.requirement for c in _requirement_columns([r.report for r in rows])]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["contract", "file", "kind", "error", *columns])
    for row in rows:
        statuses = {f.requirement: f.status for f in row.report.findings}
        writer.writerow(
            _csv_safe(v)
            for v in [
                row.name,
                row.report.document.path,
                row.report.document.kind,
                "",
                *(statuses.get(req, "") for req in columns),
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
    tallies = tally(reports)
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
        "inventory": [inventory_entry(report) for report in reports],
    }


EVIDENCE_FIELDS = {"ai_evidence", "location_evidence", "subprocessor_evidence",
                   "governing_law_evidence"}  # fmt: skip


def inventory_entry(report: Report) -> dict[str, Any]:
    """The contract's inventory values for summary.json and summary.html (evidence is in
    inventory.xlsx)."""
    entry: dict[str, Any] = {"contract": PurePath(report.document.path).name}
    if report.inventory is not None:
        entry |= report.inventory.model_dump(exclude=EVIDENCE_FIELDS)
    return entry


@cache
def _templates() -> jinja2.Environment:
    return template_environment(jinja2.PackageLoader("reviewer.batch", "templates"))


def render_summary_html(summary: dict[str, Any], *, language: str = "en") -> str:
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
            t=messages(language),
            summary=summary,
            rows=rows,
            bar_width=bar_width,
            statuses=MATRIX_STATUSES,
            colours=STATUS_COLOUR,
            labels={s: messages(language).status(s) for s in STATUS_LABEL},
            inventory=summary.get("inventory", []),
            ai_count=sum(1 for e in summary.get("inventory", []) if e.get("uses_ai") == "yes"),
            number=_number,
        )
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def write_summaries(summary: dict[str, Any], out: Path) -> None:
    write_atomically(out / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False))
    write_atomically(out / "summary.html", render_summary_html(summary))
