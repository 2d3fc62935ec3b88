"""`reviewer train` and `reviewer eval --cv` end to end on our small corpus, offline."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from reviewer.cli.main import main
from reviewer.learn import artifact


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_train_writes_model_metadata_and_card_offline(
    no_network: None, gold_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", str(gold_dir), "--folds", "4", "--out", str(tmp_path)]) == 0
    for name in (artifact.ARRAYS, artifact.SKOPS, artifact.METADATA, "MODEL_CARD.md"):
        assert (tmp_path / name).is_file(), name
    metadata = json.loads((tmp_path / artifact.METADATA).read_text())
    cv = metadata["cross_validation"]
    assert cv["folds"] == 4 and 0.0 <= cv["macro_f1"] <= 1.0
    assert set(cv["per_requirement_f1"]) == set(metadata["requirements"])
    card = (tmp_path / "MODEL_CARD.md").read_text()
    assert f"{cv['macro_f1']:.3f}" in card and metadata["data_sha256"] in card
    assert "cross-validated by publisher" in capsys.readouterr().out
    model = artifact.load(tmp_path)
    assert model.requirements == metadata["requirements"]


def test_eval_cv_prints_out_of_fold_figures(
    gold_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = tmp_path / "cv.json"
    reports = tmp_path / "reports"
    code = main(
        [
            "eval",
            str(gold_dir),
            "--cv",
            "--folds",
            "4",
            "--json",
            str(figures),
            "--reports-out",
            str(reports),
            "--no-errors",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "out-of-fold" in out and "reliability" in out
    data = json.loads(figures.read_text())
    assert data["folds"] == 4 and data["contracts"] == 8
    assert len(list(reports.glob("*.json"))) == 8


def test_train_names_a_missing_gold_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert "gold folder not found" in capsys.readouterr().err
