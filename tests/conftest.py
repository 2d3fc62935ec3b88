"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import EVAL_GOLD, SHARED


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not EVAL_GOLD.is_dir():
        pytest.skip("../shared/eval is not beside the repository")
    return SHARED / "eval"
