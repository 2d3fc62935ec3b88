"""Reports rendered from real reviews: a sample contract and a hostile one."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.engine import ReviewEngine
from reviewer.report.model import Report
from tests.paths import SAMPLES

# Clause text that tries to break out of HTML, rich markup and Word XML.
HOSTILE = (
    "1. Use of Data\n\n"
    "Provider may use Customer Content to train and improve its models "
    '<script>alert("x")</script> [bold red]markup[/] "><img src=x onerror=alert(1)>.\n\n'
    "2. Security\n\n"
    "Provider shall notify Customer of any Security Incident within 48 hours & without delay.\n"
)


@pytest.fixture(scope="session")
def engine() -> ReviewEngine:
    return ReviewEngine(None, profile="kz")


@pytest.fixture(scope="session")
def sample_docx() -> Path:
    return SAMPLES / "lumen-msa-ai-addendum.docx"


@pytest.fixture(scope="session")
def sample_report(engine: ReviewEngine, sample_docx: Path) -> Report:
    return engine.review_path(sample_docx)


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "<b>vendor<i> terms.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hostile_report(engine: ReviewEngine, hostile_file: Path) -> Report:
    return engine.review_path(hostile_file)


@pytest.fixture(scope="session")
def bilingual_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Russian | Kazakh contract in a two-column Word table (tests/bilingual.py)."""
    from tests.bilingual import docx_table

    return docx_table(tmp_path_factory.mktemp("bilingual") / "dogovor-ru-kk.docx", "ru", "kk")


@pytest.fixture(scope="session")
def bilingual_report(engine: ReviewEngine, bilingual_docx: Path) -> Report:
    return engine.review_path(bilingual_docx)
