"""Shared test helpers: paths to the repository, the clause library and ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL_DOCS = SHARED / "eval" / "docs"
EVAL_GOLD = SHARED / "eval" / "gold"
CATALOGUE = SHARED / "spec" / "requirements.yaml"


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not EVAL_GOLD.is_dir():
        pytest.skip("../shared/eval is not beside the repository")
    return SHARED / "eval"
