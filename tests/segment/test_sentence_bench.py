"""The hand-checked sentence sample in bench/ keeps its boundary quality."""

from __future__ import annotations

import pytest

from bench.sentence_split_quality import main
from tests.paths import REPO


def test_sample_boundaries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(REPO / "bench" / "sentence_split_sample.yaml")]) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    f1 = float(summary.rsplit("F1 ", 1)[1])
    precision = float(summary.split("precision ")[1].split(",")[0])
    assert precision >= 0.97 and f1 >= 0.95, summary
