"""Training, the saved artifact, and the NumPy path that reviews use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from reviewer.errors import ModelError
from reviewer.learn import artifact
from reviewer.learn.artifact import ReviewModel, SklearnModel
from reviewer.learn.training import TrainingSet, fit_review_model
from reviewer.library.model import Library

from .conftest import CLAUSES

SENTENCES = [
    "The Supplier shall notify the Client of a security breach within 12 hours.",
    "Client content is never used to train the Supplier's models without opt-in consent.",
    "Payment is due on receipt of the invoice.",
    "Data is hosted in France and nowhere else.",
]


@pytest.fixture(scope="module")
def fitted(training_set: TrainingSet, library: Library) -> SklearnModel:
    return fit_review_model(training_set, list(range(len(training_set.docs))), library)


@pytest.fixture(scope="module")
def saved(fitted: SklearnModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model")
    model = ReviewModel.from_sklearn(
        fitted, {"format": artifact.FORMAT_VERSION, "languages": ["en"]}
    )
    artifact.save(fitted, model, out)
    return out


def test_the_model_learns_only_the_labelled_requirements(fitted: SklearnModel) -> None:
    assert set(fitted.relevance.requirements) == set(CLAUSES)


def test_numpy_relevance_and_wording_equal_scikit_learn(saved: Path) -> None:
    relevance, wording = artifact.load_sklearn(saved).relevance.predict_texts(SENTENCES)
    got_relevance, got_wording = artifact.load(saved).relevance.predict(SENTENCES)
    assert np.allclose(got_relevance, relevance, atol=1e-5)
    assert np.allclose(got_wording, wording, atol=1e-5)
    assert np.allclose(got_wording.sum(axis=1), 1.0)


def test_the_wording_model_reads_how_a_clause_is_phrased(saved: Path) -> None:
    from reviewer.learn.relevance import LEANINGS

    _, wording = artifact.load(saved).relevance.predict(
        [
            "The Supplier has no obligation to notify the Client of any security incident.",
            "The Supplier shall notify the Client of a personal data breach within 24 hours.",
        ]
    )
    assert LEANINGS[int(wording[0].argmax())] == "conflict"
    assert LEANINGS[int(wording[1].argmax())] == "met"


def test_numpy_status_equals_scikit_learn(saved: Path) -> None:
    reference = artifact.load_sklearn(saved)
    model = artifact.load(saved)
    rows = [
        {"req=incidents.breach-notification": 1.0, "rule=met": 1.0, "relevance_max": 0.9},
        {"req=audits.customer-audit-right": 1.0, "rule=none": 1.0, "relevance_max": 0.05},
        {"unknown feature": 3.0},
    ]
    expected = reference.status.predict_proba(rows)
    got = np.array([model.status.predict_proba(r) for r in rows])
    assert np.allclose(got, expected, atol=1e-9)


def test_calibration_is_monotone_and_bounded(fitted: SklearnModel) -> None:
    values = [fitted.calibration(p) for p in np.linspace(0, 1, 21)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert values == sorted(values)


def test_training_is_deterministic(
    training_set: TrainingSet, library: Library, saved: Path, tmp_path: Path
) -> None:
    again = TrainingSet.build(training_set.docs, [])  # a fresh cache: really refit
    fitted = fit_review_model(again, list(range(len(again.docs))), library)
    model = ReviewModel.from_sklearn(
        fitted, {"format": artifact.FORMAT_VERSION, "languages": ["en"]}
    )
    artifact.save(fitted, model, tmp_path)
    assert (tmp_path / artifact.ARRAYS).read_bytes() == (saved / artifact.ARRAYS).read_bytes()
    assert (tmp_path / artifact.SKOPS).read_bytes() == (saved / artifact.SKOPS).read_bytes()


def test_a_missing_model_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="reviewer train"):
        artifact.load(tmp_path)


def test_a_damaged_model_is_refused(saved: Path, tmp_path: Path) -> None:
    shutil.copytree(saved, tmp_path / "m")
    (tmp_path / "m" / artifact.ARRAYS).write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match="cannot load"):
        artifact.load(tmp_path / "m")


def test_a_model_of_another_format_is_refused(saved: Path, tmp_path: Path) -> None:
    shutil.copytree(saved, tmp_path / "m")
    metadata = tmp_path / "m" / artifact.METADATA
    metadata.write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ModelError, match="format"):
        artifact.load(tmp_path / "m")


def test_a_model_for_another_playbook_is_refused(saved: Path, library: Library) -> None:
    smaller = library.model_copy(
        update={
            "requirements": {
                k: v for k, v in library.requirements.items() if k != "audits.customer-audit-right"
            }
        }
    )
    with pytest.raises(ModelError, match="retrain"):
        artifact.load(saved, smaller)


def test_unexpected_types_in_the_skops_file_are_refused(saved: Path, tmp_path: Path) -> None:
    import os

    import skops.io as sio

    shutil.copytree(saved, tmp_path / "m")
    sio.dump({"payload": os.system}, tmp_path / "m" / artifact.SKOPS)
    with pytest.raises(ModelError, match="refusing to load unexpected types"):
        artifact.load_sklearn(tmp_path / "m")
