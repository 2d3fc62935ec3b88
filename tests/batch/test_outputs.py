from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from reviewer.batch.outputs import (
    BatchError,
    ContractRow,
    render_summary_html,
    summary_data,
    write_csv,
    write_xlsx,
)
from reviewer.engine import ReviewEngine
from reviewer.report.overview import STATUS_TINT
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
    assert matrix.freeze_panes == "B2"
    assert matrix.auto_filter.ref.startswith("A1:")
    header = [c.value for c in matrix[1]]
    first_req = reports[0].report.findings[0].requirement
    column = header.index(first_req) + 1
    assert matrix.cell(row=1, column=column).comment is not None
    for row_index, row in enumerate(reports, start=2):
        assert matrix.cell(row=row_index, column=1).value == row.name
        finding = row.report.findings[0]
        cell = matrix.cell(row=row_index, column=column)
        assert cell.value == finding.status
        assert cell.fill.fgColor.rgb.endswith(STATUS_TINT[finding.status])
    assert matrix.max_row == 1 + len(reports)


def test_findings_and_errors_sheets(reports: list[ContractRow], tmp_path: Path) -> None:
    path = tmp_path / "matrix.xlsx"
    write_xlsx(reports, ERRORS, path)
    book = openpyxl.load_workbook(path)
    findings = book["Findings"]
    assert findings.max_row == 1 + sum(len(r.report.findings) for r in reports)
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    gap = next(r for r in rows if r[4] == "missing")
    assert gap[9]  # recommendation for a gap
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
    badness = [-(e["conflict"] + e["missing"]) for e in summary["requirements"]]
    assert badness == sorted(badness)  # worst requirements first


def test_summary_html_is_self_contained_with_escaped_text(reports: list[ContractRow]) -> None:
    summary = _summary(reports)
    summary["error_list"].append({"source": "<script>x</script>.pdf", "message": "<b>bad</b>"})
    html = render_summary_html(summary)
    assert html.count('<svg role="img"') == len(summary["requirements"])
    assert "<script" not in html and "&lt;script&gt;" in html and "<b>bad" not in html
    assert "http://" not in html and "https://" not in html
