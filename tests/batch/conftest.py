from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.paths import SAMPLES

# A PDF header followed by nothing a PDF reader can use.
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated"


@pytest.fixture()
def contracts(tmp_path: Path) -> Path:
    """Three sample contracts (two formats of one) and a corrupt PDF in nested folders."""
    folder = tmp_path / "in"
    (folder / "vendors" / "a").mkdir(parents=True)
    shutil.copy(SAMPLES / "northwind-ai-dpa.docx", folder / "vendors" / "a" / "dpa.docx")
    shutil.copy(SAMPLES / "quickdesk-terms.txt", folder / "vendors" / "terms.txt")
    shutil.copy(SAMPLES / "quickdesk-terms.pdf", folder / "vendors" / "terms.pdf")
    (folder / "broken.pdf").write_bytes(CORRUPT_PDF)
    return folder
