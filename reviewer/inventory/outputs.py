"""The inventory across contracts: one row per contract for the spreadsheet, the CSV,
the batch summary page and the web page of a multi-file upload."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.inventory.model import Inventory, Passage
from reviewer.report.messages import Messages, messages

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "vendor", "customer", "uses_ai", "ai_providers", "ai_models", "data_categories",
    "locations", "subprocessors", "governing_law", "breach_notice_hours", "deletion_days",
    "audits_per_year",
)  # fmt: skip


@dataclass(frozen=True)
class InventoryRow:
    contract: str  # the file or report name
    inventory: Inventory | None  # None: the report predates the inventory (re-run the batch)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _where(passage: Passage | None) -> str:
    if passage is None:
        return ""
    place = f"§ {passage.section}: " if passage.section else ""
    return place + passage.text


def cells(row: InventoryRow, t: Messages) -> dict[str, str]:
    """The row's values as text, keyed by column."""
    inventory = row.inventory
    if inventory is None:
        return {"contract": row.contract} | {c: "" for c in COLUMNS}
    return {
        "contract": row.contract,
        "vendor": inventory.vendor or "",
        "customer": inventory.customer or "",
        "uses_ai": t(f"inventory.ai_{inventory.uses_ai}"),
        "ai_evidence": "\n".join(_where(p) for p in inventory.ai_evidence),
        "ai_providers": ", ".join(inventory.ai_providers),
        "ai_models": ", ".join(inventory.ai_models),
        "data_categories": ", ".join(inventory.data_categories),
        "locations": ", ".join(t.country(code) for code in inventory.locations),
        "subprocessors": ", ".join(inventory.subprocessors),
        "governing_law": inventory.governing_law or "",
        "governing_law_evidence": _where(inventory.governing_law_evidence),
        "breach_notice_hours": _number(inventory.breach_notice_hours),
        "deletion_days": _number(inventory.deletion_days),
        "audits_per_year": _number(inventory.audits_per_year),
    }


def headers(t: Messages) -> dict[str, str]:
    return {
        "contract": t("batch.contract"),
        "vendor": t("inventory.vendor"),
        "customer": t("inventory.customer"),
        "uses_ai": t("inventory.uses_ai"),
        "ai_evidence": t("inventory.ai_evidence"),
        "ai_providers": t("inventory.ai_providers"),
        "ai_models": t("inventory.ai_models"),
        "data_categories": t("inventory.data_categories"),
        "locations": t("inventory.locations"),
        "subprocessors": t("inventory.subprocessors"),
        "governing_law": t("inventory.governing_law"),
        "governing_law_evidence": t("inventory.governing_law_evidence"),
        "breach_notice_hours": t("inventory.breach_hours"),
        "deletion_days": t("inventory.deletion_days"),
        "audits_per_year": t("inventory.audit_frequency"),
    }


NUMBER_COLUMNS = ("breach_notice_hours", "deletion_days", "audits_per_year")
SHEET_COLUMNS = (
    ("contract", 28), ("vendor", 26), ("customer", 20), ("uses_ai", 9), ("ai_evidence", 50),
    ("ai_providers", 22), ("ai_models", 16), ("data_categories", 34), ("locations", 24),
    ("subprocessors", 40), ("governing_law", 18), ("governing_law_evidence", 40),
    ("breach_notice_hours", 10), ("deletion_days", 10), ("audits_per_year", 10),
)  # fmt: skip


def fill_inventory_sheet(sheet: Any, rows: Sequence[InventoryRow], t: Messages) -> None:
    """One row per contract, the evidence beside the values; prints landscape."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = "Inventory"
    names = headers(t)
    for column, (key, width) in enumerate(SHEET_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=names[key])
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EAEEF2")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for line, row in enumerate(rows, start=2):
        values = cells(row, t)
        for column, (key, _) in enumerate(SHEET_COLUMNS, start=1):
            value: Any = ILLEGAL_CHARACTERS_RE.sub(" ", values.get(key, ""))
            if key in NUMBER_COLUMNS and value:
                value = float(value)
            cell = sheet.cell(row=line, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # contract text is never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(SHEET_COLUMNS))}{max(len(rows) + 1, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def inventory_xlsx(rows: Sequence[InventoryRow], *, language: str = "en") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    fill_inventory_sheet(workbook.active, rows, messages(language))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_LEAD) else value


def inventory_csv(rows: Sequence[InventoryRow], *, language: str = "en") -> str:
    t = messages(language)
    keys = [key for key, _ in SHEET_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    for row in rows:
        values = cells(row, t)
        writer.writerow(_csv_safe(values.get(key, "").replace("\n", " | ")) for key in keys)
    return buffer.getvalue()


def inventory_overview(rows: Sequence[InventoryRow]) -> dict[str, Any]:
    """Counts across contracts for the summary: how many use AI, whose models, where."""
    known = [r.inventory for r in rows if r.inventory is not None]
    return {
        "contracts": len(rows),
        "uses_ai": Counter(i.uses_ai for i in known),
        "ai_providers": Counter(p for i in known for p in i.ai_providers).most_common(),
        "locations": Counter(c for i in known for c in i.locations).most_common(),
        "subprocessors": Counter(s for i in known for s in i.subprocessors).most_common(12),
        "governing_law": Counter(i.governing_law for i in known if i.governing_law).most_common(),
        "not_extracted": len(rows) - len(known),
    }


def write_inventory(rows: Sequence[InventoryRow], out: Path, *, language: str = "en") -> None:
    from reviewer.batch.state import write_atomically

    write_atomically(out / "inventory.xlsx", inventory_xlsx(rows, language=language))
    write_atomically(out / "inventory.csv", inventory_csv(rows, language=language))
