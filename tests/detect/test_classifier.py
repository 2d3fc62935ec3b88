"""The clause classifier: training, skops round trip, refusing bad artifacts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reviewer.detect.classifier import (
    ARTIFACT,
    METADATA,
    NONE_LABEL,
    default_model_dir,
    load_detector,
    train,
    training_set,
)
from reviewer.engine import ReviewEngine
from reviewer.errors import ModelError
from reviewer.library.loader import load_library


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model")
    train(load_library(), out)
    return out


def test_training_set_labels_are_requirements_or_none() -> None:
    library = load_library()
    data = training_set(library)
    assert set(data.labels) <= {*library.requirements, NONE_LABEL}
    assert len(set(data.labels)) == len(library.requirements) + 1


def test_round_trip_and_predictions(trained: Path) -> None:
    detector = load_detector(load_library(), trained)
    probabilities = detector.pipeline.predict(
        [
            "The Processor shall notify the Controller of any Personal Data Breach within 24 hours.",
            "Invoices are payable within thirty days.",
        ]
    )
    assert list(probabilities) == ["incidents.breach-notification", NONE_LABEL]


def test_training_is_reproducible(trained: Path, tmp_path: Path) -> None:
    train(load_library(), tmp_path)
    first = json.loads((trained / METADATA).read_text())
    second = json.loads((tmp_path / METADATA).read_text())
    assert first == second


def test_refuses_labels_that_disagree_with_the_library(trained: Path, tmp_path: Path) -> None:
    shutil.copytree(trained, tmp_path / "m")
    meta_path = tmp_path / "m" / METADATA
    meta = json.loads(meta_path.read_text())
    meta["labels"] = meta["labels"][:-1]
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="labels do not match"):
        load_detector(load_library(), tmp_path / "m")


def test_refuses_a_damaged_artifact(trained: Path, tmp_path: Path) -> None:
    shutil.copytree(trained, tmp_path / "m")
    (tmp_path / "m" / ARTIFACT).write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelError, match="cannot load"):
        load_detector(load_library(), tmp_path / "m")


def test_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="reviewer train"):
        load_detector(load_library(), tmp_path)


def test_shipped_model_matches_the_library() -> None:
    detector = load_detector(load_library(), default_model_dir())
    report = ReviewEngine(detectors=[detector]).review_text(
        "Provider shall notify Customer of any Security Incident within 48 hours."
    )
    finding = next(f for f in report.findings if f.requirement == "incidents.breach-notification")
    assert finding.status == "met"
