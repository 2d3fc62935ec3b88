"""The inventory across contracts: spreadsheet, CSV and the batch summary section."""

from __future__ import annotations

import csv
import io

import openpyxl

from reviewer.batch.outputs import render_summary_html, summary_data
from reviewer.engine import ReviewEngine
from reviewer.inventory.model import Inventory
from reviewer.inventory.outputs import InventoryRow, inventory_csv, inventory_xlsx
from tests.paths import SAMPLES


def _rows() -> list[InventoryRow]:
    engine = ReviewEngine(None)
    reports = [
        engine.review_path(SAMPLES / f"{n}.docx")
        for n in ("lumen-msa-ai-addendum", "northwind-ai-dpa")
    ]
    rows = [InventoryRow(r.document.path.rsplit("/", 1)[-1], r.inventory) for r in reports]
    hostile = Inventory(vendor='=HYPERLINK("http://x")', uses_ai="unclear")
    return [*rows, InventoryRow("=evil.txt", hostile), InventoryRow("old.pdf", None)]


def test_spreadsheet_has_a_row_per_contract_and_no_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(inventory_xlsx(_rows())))
    sheet = book["Inventory"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Contract", "Vendor", "Customer", "Uses AI"]
    assert sheet.max_row == 5
    values = {sheet.cell(row=r, column=1).value: r for r in range(2, 6)}
    lumen = values["lumen-msa-ai-addendum.docx"]
    assert sheet.cell(row=lumen, column=2).value == "Lumen Insight GmbH"
    assert sheet.cell(row=lumen, column=4).value == "yes"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet.page_setup.orientation == "landscape"


def test_csv_escapes_formulas() -> None:
    rows = list(csv.reader(io.StringIO(inventory_csv(_rows()))))
    assert rows[0][:3] == ["contract", "vendor", "customer"]
    assert rows[3][0] == "'=evil.txt" and rows[3][1].startswith("'=")


def test_batch_summary_has_an_inventory_section() -> None:
    engine = ReviewEngine(None)
    reports = [engine.review_path(SAMPLES / "lumen-msa-ai-addendum.docx")]
    summary = summary_data(reports, [], inputs=1, reused=0, seconds=1.0, interrupted=False)
    assert summary["inventory"][0]["vendor"] == "Lumen Insight GmbH"
    assert "ai_evidence" not in summary["inventory"][0]
    html = render_summary_html(summary)
    assert 'id="inventory"' in html and "Lumen Insight GmbH" in html
    assert "1 of 1 contract describes a service that uses AI." in html
