"""Paths shared by the tests: the repository and ../shared beside it."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL_DOCS = SHARED / "eval" / "docs"
EVAL_GOLD = SHARED / "eval" / "gold"
SCORER = SHARED / "eval" / "score.py"
CATALOGUE = SHARED / "spec" / "requirements.yaml"
SAMPLES = REPO / "sample_contracts"
EVAL_RU_GOLD = SHARED / "eval-ru" / "gold"
