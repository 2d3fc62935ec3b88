from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from reviewer.batch.outputs import (
    SEVERITY_FILL,
    BatchError,
    ContractRow,
    render_summary_html,
    summary_data,
    write_csv,
    write_xlsx,
)
from reviewer.engine import ReviewEngine
from reviewer.report.overview import SEVERITY_RANK, STATUS_LABEL, STATUS_TINT, ordered_findings
from tests.paths import SAMPLES

FORMULA_TEXT = (
    '1. Data\n\n=HYPERLINK("http://evil","x") Provider may use Customer Content to train '
    "its models <script>x</script>.\n"
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[ContractRow]:
    engine = ReviewEngine(None, profile="default")
    hostile = tmp_path_factory.mktemp("h") / "=cmd|' calc'!A0.txt"
    hostile.write_text(FORMULA_TEXT, encoding="utf-8")
    return [
        ContractRow("dpa.docx", engine.review_path(SAMPLES / "northwind-ai-dpa.docx")),
        ContractRow("terms.txt", engine.review_path(SAMPLES / "quickdesk-terms.txt")),
        ContractRow("=evil.txt", engine.review_path(hostile)),
    ]


ERRORS = [BatchError("in/broken.pdf", "broken.pdf: not a readable PDF (damaged)")]


def test_matrix_sheet_has_statuses_colours_frozen_headers_and_filters(
    reports: list[ContractRow], tmp_path: Path
) -> None:
    path = tmp_path / "matrix.xlsx"
    write_xlsx(reports, ERRORS, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Matrix", "Findings", "Errors"]
    matrix = book["Matrix"]
    assert matrix.freeze_panes == "B3"
    assert matrix.auto_filter.ref.startswith("A2:")
    titles = [c.value for c in matrix[1]]
    ids = [c.value for c in matrix[2]]
    assert titles[:9] == ["Contract", "File", "Kind", "Highest gap", "Met", "Partial",
                          "Conflict", "Missing", "N/A"]  # fmt: skip
    findings = {f.requirement: f for f in reports[0].report.findings}
    # Requirement titles head the columns, their ids sit in the second header row,
    # and the columns run most severe first.
    requirement_ids = ids[9:]
    assert set(requirement_ids) == set(findings)
    assert [titles[9 + i] for i in range(len(requirement_ids))] == [
        findings[r].title for r in requirement_ids
    ]
    severities = [SEVERITY_RANK[findings[r].severity] for r in requirement_ids]
    assert severities == sorted(severities)
    first_req = requirement_ids[0]
    column = ids.index(first_req) + 1
    for row_index, row in enumerate(reports, start=3):
        assert matrix.cell(row=row_index, column=1).value == row.name
        finding = next(f for f in row.report.findings if f.requirement == first_req)
        cell = matrix.cell(row=row_index, column=column)
        assert (
            cell.value == STATUS_LABEL[finding.status]
            if finding.status != "not-applicable"
            else "N/A"
        )
        assert cell.fill.fgColor.rgb.endswith(STATUS_TINT[finding.status])
        gap = row.report.summary.highest_severity_gap
        highest = matrix.cell(row=row_index, column=4)
        assert highest.value == (gap or "")
        if gap:
            assert highest.fill.fgColor.rgb.endswith(SEVERITY_FILL[gap])
        assert matrix.cell(row=row_index, column=9).value == row.report.summary.not_applicable
    assert matrix.max_row == 2 + len(reports)
    # Printing: landscape, one page wide, header rows repeated.
    assert matrix.page_setup.orientation == "landscape"
    assert matrix.page_setup.fitToWidth == 1 and matrix.page_setup.fitToHeight == 0
    assert matrix.sheet_properties.pageSetUpPr.fitToPage
    assert matrix.print_title_rows == "$1:$2"


def test_findings_and_errors_sheets(reports: list[ContractRow], tmp_path: Path) -> None:
    path = tmp_path / "matrix.xlsx"
    write_xlsx(reports, ERRORS, path)
    book = openpyxl.load_workbook(path)
    findings = book["Findings"]
    assert findings.max_row == 1 + sum(len(r.report.findings) for r in reports)
    header = [c.value for c in findings[1]]
    rows = [
        dict(zip(header, r, strict=True)) for r in findings.iter_rows(min_row=2, values_only=True)
    ]
    gap = next(r for r in rows if r["Status"] == "Missing")
    assert gap["What to do"] == "Add a clause"
    assert gap["Recommended clause"] and not gap["Recommended clause"].startswith("Add:")
    first_contract = [r for r in rows if r["Contract"] == reports[0].name]
    assert [r["Requirement"] for r in first_contract] == [
        f.requirement for f in ordered_findings(reports[0].report)
    ]
    errors = book["Errors"]
    assert [c.value for c in errors[2]] == [ERRORS[0].source, ERRORS[0].message]


def test_contract_text_is_never_a_formula(reports: list[ContractRow], tmp_path: Path) -> None:
    path = tmp_path / "matrix.xlsx"
    write_xlsx(reports, ERRORS, path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    names = [c.value for c in book["Matrix"]["A"]]
    assert "=evil.txt" in names


def test_csv_matrix_escapes_formulas_and_lists_errors(
    reports: list[ContractRow], tmp_path: Path
) -> None:
    path = tmp_path / "matrix.csv"
    write_csv(reports, ERRORS, path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0][:4] == ["contract", "file", "kind", "error"]
    assert len(rows) == 1 + len(reports) + len(ERRORS)
    assert rows[3][0] == "'=evil.txt"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert rows[-1][3] == ERRORS[0].message
    statuses = {r.requirement: r.status for r in reports[0].report.findings}
    assert dict(zip(rows[0][4:], rows[1][4:], strict=True)) == statuses


def _summary(reports: list[ContractRow]) -> dict:
    return summary_data(
        [r.report for r in reports],
        ERRORS,
        inputs=len(reports) + 1,
        reused=0,
        seconds=2.0,
        interrupted=False,
    )


def test_summary_counts_agree_with_the_reports(reports: list[ContractRow]) -> None:
    summary = _summary(reports)
    json.dumps(summary)
    assert summary["contracts"] == 3 and summary["errors"] == 1 and summary["not_done"] == 0
    all_findings = [f for r in reports for f in r.report.findings]
    for status, count in summary["statuses"].items():
        assert count == sum(f.status == status for f in all_findings)
    # Most severe first; within a severity, most conflicts, then most missing.
    order = [
        (SEVERITY_RANK[e["severity"]], -e["conflict"], -e["missing"], -e["partial"])
        for e in summary["requirements"]
    ]
    assert order == sorted(order)


def test_summary_html_is_self_contained_with_escaped_text(reports: list[ContractRow]) -> None:
    summary = _summary(reports)
    summary["error_list"].append({"source": "<script>x</script>.pdf", "message": "<b>bad</b>"})
    html = render_summary_html(summary)
    assert html.count('<svg role="img"') == len(summary["requirements"])
    assert "<script" not in html and "&lt;script&gt;" in html and "<b>bad" not in html
    assert "http://" not in html and "https://" not in html
    first = summary["requirements"][0]
    assert html.index(first["title"]) < html.index(summary["requirements"][-1]["title"])
