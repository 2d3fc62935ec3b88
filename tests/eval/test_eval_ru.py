"""The Russian evaluation on ../shared/eval-ru: status figures agree with the reference
scorer, and floors hold.

Floors only ever go up: raise them in floors_ru.json when the Russian cues
improve. The reference scorer reads only [a-z0-9] words, so a Russian quote
never counts as found there; our evidence figure reads Cyrillic words too and
is the one held to a floor.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli.main import main
from tests.paths import EVAL_RU_GOLD, SCORER

FLOORS = json.loads((Path(__file__).parent / "floors_ru.json").read_text())
pytestmark = pytest.mark.skipif(not EVAL_RU_GOLD.is_dir(), reason="../shared/eval-ru not present")


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("eval-ru")
    reports, figures = out / "reports", out / "figures.json"
    code = main(
        [
            "eval",
            str(EVAL_RU_GOLD),
            "--reports-out",
            str(reports),
            "--json",
            str(figures),
            "--no-errors",
        ]
    )
    assert code == 0
    return reports, json.loads(figures.read_text())


def test_status_figures_match_the_reference_scorer(
    eval_run: tuple[Path, dict], tmp_path: Path
) -> None:
    reports, ours = eval_run
    reference = tmp_path / "reference.json"
    subprocess.run(
        [sys.executable, str(SCORER), str(EVAL_RU_GOLD), str(reports), "--json", str(reference)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    theirs = json.loads(reference.read_text())
    for key in ("status_accuracy", "macro_f1", "kappa", "gap_recall", "met_recall"):
        assert ours[key] == pytest.approx(theirs[key]), key


def test_every_report_says_it_read_russian(eval_run: tuple[Path, dict]) -> None:
    reports, _ = eval_run
    for path in reports.glob("*.json"):
        document = json.loads(path.read_text("utf-8"))["document"]
        assert document["language"] == "ru", path.name
        assert document["reviewed_languages"] == ["ru"], path.name


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_floor(eval_run: tuple[Path, dict], figure: str) -> None:
    _, figures = eval_run
    assert figures[figure] >= FLOORS[figure], f"{figure} fell below its floor"
