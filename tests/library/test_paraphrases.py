"""The English cues know the common ways agreements phrase each promise.

tests/library/paraphrases.yaml holds short clauses written by us in the
wording publishers typically use (contractions, passive voice, present tense,
"no data will be used for ...", lists of purposes). Each is reviewed on its
own like a library example and must get its status. Unlike the library's own
examples, these are not tied to one cue each: they check that a promise is
recognised however it is worded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reviewer.engine import ReviewEngine
from reviewer.library.coverage import EXAMPLE_COUNTRY, EXAMPLE_PROFILE, review_example
from reviewer.library.loader import load_library

PARAPHRASES = yaml.safe_load((Path(__file__).parent / "paraphrases.yaml").read_text("utf-8"))
CASES = [
    pytest.param(
        requirement, case["status"], case["text"], id=f"{requirement}[{i}:{case['status']}]"
    )
    for requirement, cases in PARAPHRASES.items()
    for i, case in enumerate(cases)
]


@pytest.fixture(scope="module")
def engine() -> ReviewEngine:
    return ReviewEngine(
        load_library(), profile=EXAMPLE_PROFILE, country=EXAMPLE_COUNTRY, use_model=False
    )


def test_every_requirement_has_paraphrases_of_each_status() -> None:
    library = load_library()
    assert set(PARAPHRASES) <= set(library.requirements)
    for requirement, cases in PARAPHRASES.items():
        assert len({c["status"] for c in cases}) >= 2, requirement


@pytest.mark.parametrize(("requirement", "status", "text"), CASES)
def test_paraphrase_gets_its_status(
    engine: ReviewEngine, requirement: str, status: str, text: str
) -> None:
    outcome = review_example(engine, requirement, text, f"{requirement}-paraphrase.txt")
    assert outcome.status == status, sorted(outcome.fired)
