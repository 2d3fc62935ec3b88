"""Every example clause of every requirement is a test (Semgrep-style rule tests).

Each example text is reviewed on its own; the finding for its requirement
must have the example's status ("missing" for unrelated look-alikes). The
examples of each language pack (clause_library/languages/<lang>/) run the
same way, read by that language's cues.
"""

from __future__ import annotations

import pytest

from reviewer.engine import ReviewEngine
from reviewer.library.loader import load_library

LIBRARY = load_library()
CASES = [
    pytest.param(
        req.id, "en", i, example.status, example.text, id=f"{req.id}[{i}:{example.status}]"
    )
    for req in LIBRARY.requirements.values()
    for i, example in enumerate(req.examples)
] + [
    pytest.param(
        req.id,
        language,
        i,
        example.status,
        example.text,
        id=f"{language}:{req.id}[{i}:{example.status}]",
    )
    for req in LIBRARY.requirements.values()
    for language, pack in req.languages.items()
    for i, example in enumerate(pack.examples)
]


@pytest.fixture(scope="module")
def engine() -> ReviewEngine:
    # Rules only: the examples test the rule files, not the classifier.
    return ReviewEngine(LIBRARY, profile="default", country="KZ", use_model=False)


@pytest.mark.parametrize(("requirement", "language", "index", "status", "text"), CASES)
def test_example_gets_its_status(
    engine: ReviewEngine, requirement: str, language: str, index: int, status: str, text: str
) -> None:
    report = engine.review_text(text, name=f"{requirement}-example-{index}.txt")
    assert report.document.reviewed_languages == [language]
    finding = next(f for f in report.findings if f.requirement == requirement)
    assert finding.status == status, finding.explanation
    if status != "missing":
        assert finding.evidence, "a met/partial/conflict finding must cite its clause"
