"""The headline figures: cross-validated by publisher, recorded with the shipped model.

`reviewer train` cross-validates before it fits the shipped model and writes
the out-of-fold figures into models/review-model.json (and the model card).
These tests hold those figures to floors that only go up, and check that they
describe this model: trained on the labelled data as it is now, reading the
clause library as it is now. Rerunning the whole cross-validation takes
minutes; set REVIEWER_FULL_CV=1 to do it here and compare.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reviewer.batch.state import library_fingerprint
from reviewer.learn.artifact import METADATA, default_model_dir
from reviewer.library.loader import load_library
from tests.paths import EVAL_GOLD, SHARED

FLOORS = json.loads((Path(__file__).parent / "floors_cv.json").read_text())
TRAIN_GOLD = SHARED / "train" / "gold"
METADATA_FILE = default_model_dir() / METADATA


@pytest.fixture(scope="module")
def recorded() -> dict:
    metadata = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    assert "cross_validation" in metadata, "train the shipped model with cross-validation"
    return metadata


FLOOR_CASES = [(part, figure) for part in sorted(FLOORS) for figure in sorted(FLOORS[part])]


@pytest.mark.parametrize(("part", "figure"), FLOOR_CASES)
def test_cross_validated_floor(recorded: dict, part: str, figure: str) -> None:
    """Out-of-fold figures over all labelled contracts ("all"), and over the agreements
    nobody read while writing the cues (a column of the model card)."""
    cv = recorded["cross_validation"]
    figures = cv if part == "all" else cv["by_source"][part]
    assert figures[figure] >= FLOORS[part][figure], f"{part}: {figure} fell below its floor"


def test_the_figures_describe_this_clause_library(recorded: dict) -> None:
    assert recorded["library_sha256"] == library_fingerprint(
        load_library().root, skip_languages=True
    ), (
        "the clause library changed since the model was trained: run `reviewer train` "
        "(it cross-validates, refits and rewrites models/ and the model card)"
    )


@pytest.mark.skipif(
    not (EVAL_GOLD.is_dir() and TRAIN_GOLD.is_dir()), reason="../shared/eval and train not present"
)
def test_the_figures_describe_the_labelled_data_as_it_is(recorded: dict) -> None:
    from reviewer.learn.corpus import gold_digest

    assert recorded["data_sha256"] == gold_digest([EVAL_GOLD, TRAIN_GOLD]), (
        "the labelled contracts changed since the model was trained: run `reviewer train`"
    )


def test_the_model_card_shows_the_recorded_figures(recorded: dict) -> None:
    from reviewer.learn.model_card import model_card

    card = (default_model_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert card == model_card(recorded)


@pytest.mark.skipif(
    os.environ.get("REVIEWER_FULL_CV") != "1", reason="set REVIEWER_FULL_CV=1 (minutes)"
)
def test_a_fresh_cross_validation_gives_the_recorded_figures(recorded: dict) -> None:
    from reviewer.learn.corpus import load_corpus
    from reviewer.learn.crossval import cross_validate
    from reviewer.learn.training import TrainingSet, extra_sentences, prepare

    library = load_library()
    docs = prepare(load_corpus([EVAL_GOLD, TRAIN_GOLD]), library)
    data = TrainingSet.build(
        docs, extra_sentences(library, default_model_dir() / "training_data.yaml")
    )
    figures = cross_validate(data, library, folds=recorded["cross_validation"]["folds"]).figures()
    for figure in FLOORS:
        assert figures[figure] == pytest.approx(recorded["cross_validation"][figure], abs=1e-3)
