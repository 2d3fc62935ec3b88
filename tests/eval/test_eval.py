"""The evaluation on ../shared/eval: our scorer agrees with the reference, and floors hold.

Floors only ever go up: raise them in floors.json when the library improves.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli.main import main
from tests.paths import EVAL_GOLD, SCORER

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())
pytestmark = pytest.mark.skipif(not EVAL_GOLD.is_dir(), reason="../shared/eval not present")


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("eval")
    reports, figures = out / "reports", out / "figures.json"
    code = main(
        [
            "eval",
            str(EVAL_GOLD),
            "--reports-out",
            str(reports),
            "--json",
            str(figures),
            "--no-errors",
        ]
    )
    assert code == 0
    return reports, json.loads(figures.read_text())


def test_figures_match_the_reference_scorer(eval_run: tuple[Path, dict], tmp_path: Path) -> None:
    reports, ours = eval_run
    reference = tmp_path / "reference.json"
    subprocess.run(
        [sys.executable, str(SCORER), str(EVAL_GOLD), str(reports), "--json", str(reference)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    theirs = json.loads(reference.read_text())
    for key in ("status_accuracy", "macro_f1", "kappa", "gap_recall", "met_recall", "evidence_hit"):
        assert ours[key] == pytest.approx(theirs[key]), key


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_floor(eval_run: tuple[Path, dict], figure: str) -> None:
    _, figures = eval_run
    assert figures[figure] >= FLOORS[figure], f"{figure} fell below its floor"
