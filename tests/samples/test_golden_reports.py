"""Golden reports for the sample contracts: any change in a status, severity or cited
section shows up as a diff. After an intended change, regenerate with
`REVIEWER_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/samples/test_golden_reports.py`
and review the diff of tests/samples/golden/ before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reviewer.engine import ReviewEngine
from reviewer.report.model import Report
from tests.paths import SAMPLES

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    (name, fmt, profile)
    for name in ("northwind-ai-dpa", "lumen-msa-ai-addendum", "quickdesk-terms")
    for fmt in ("docx", "pdf")
    for profile in ("kz",)
]


def _essentials(report: Report) -> dict[str, Any]:
    # Paths, hashes and timings vary by machine; what a reader acts on does not.
    return {
        "kind": report.document.kind,
        "parties": report.document.parties,
        "summary": report.summary.model_dump(),
        "findings": {
            f.requirement: {
                "status": f.status,
                "severity": f.severity,
                "sections": [e.section for e in f.evidence],
                "pages": [e.page for e in f.evidence],
            }
            for f in report.findings
        },
    }


@pytest.fixture(scope="module")
def engines() -> dict[str, ReviewEngine]:
    return {}


@pytest.mark.parametrize(("name", "fmt", "profile"), CASES)
def test_report_matches_golden(
    name: str, fmt: str, profile: str, engines: dict[str, ReviewEngine]
) -> None:
    engine = engines.setdefault(profile, ReviewEngine(None, profile=profile))
    actual = _essentials(engine.review_path(SAMPLES / f"{name}.{fmt}"))
    golden = GOLDEN / f"{name}.{fmt}.{profile}.json"
    if os.environ.get("REVIEWER_REGENERATE_GOLDEN") == "1":
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert golden.exists(), f"no golden file {golden.name}; regenerate (see module docstring)"
    assert actual == json.loads(golden.read_text("utf-8"))
