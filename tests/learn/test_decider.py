"""The learned decision: the model decides, the rules explain, the trail tells."""

from __future__ import annotations

import pytest

from reviewer.detect.base import Detection
from reviewer.engine import ReviewEngine
from reviewer.engine.decide import Decision
from reviewer.learn import artifact
from reviewer.learn.artifact import ReviewModel
from reviewer.learn.decider import CONFIRMED_CONFLICT_RELEVANCE, _confirmed_conflict
from reviewer.learn.training import TrainingSet, fit_review_model
from reviewer.library.model import Library

CONTRACT = """# Services Agreement

1. The fees are payable within thirty days of the invoice date.

2. The Supplier shall notify the Client of a personal data breach within 24 hours of discovery.

3. The Supplier may use Client content and usage data to train and improve its models.
"""


@pytest.fixture(scope="module")
def model(training_set: TrainingSet, library: Library) -> ReviewModel:
    fitted = fit_review_model(training_set, list(range(len(training_set.docs))), library)
    return ReviewModel.from_sklearn(
        fitted, {"format": artifact.FORMAT_VERSION, "languages": ["en"]}
    )


@pytest.fixture(scope="module")
def report(model: ReviewModel, library: Library):  # type: ignore[no-untyped-def]
    return ReviewEngine(library, model=model).review_text(CONTRACT, "agreement.md")


def test_the_model_decides_the_requirements_it_knows(report, model: ReviewModel) -> None:  # type: ignore[no-untyped-def]
    for finding in report.findings:
        if finding.requirement in model.requirements:
            assert finding.decided_by == "model:review-model"
            assert 0.0 < finding.confidence < 1.0
        elif finding.status != "not-applicable":
            assert finding.decided_by == "rules"


def test_the_trail_shows_cues_relevance_model_and_calibration(report) -> None:  # type: ignore[no-untyped-def]
    finding = next(f for f in report.findings if f.requirement == "incidents.breach-notification")
    steps = [t["step"] for t in finding.trail]
    for step in ("cue", "rules", "relevance", "model", "calibration"):
        assert step in steps, steps
    model_step = next(t for t in finding.trail if t["step"] == "model")
    assert set(model_step["probabilities"]) == {"met", "partial", "conflict", "missing"}
    assert finding.status == "met"
    assert any("24 hours" in e.text for e in finding.evidence)


def test_disagreements_are_said(report) -> None:  # type: ignore[no-untyped-def]
    for finding in report.findings:
        if finding.rule_status is not None:
            assert finding.rule_status != finding.status
            assert any(t["step"] == "disagreement" for t in finding.trail)


def test_a_document_in_another_language_keeps_the_rule_decision(
    model: ReviewModel, library: Library
) -> None:
    text = (
        "1. Исполнитель обязуется уведомить Заказчика об утечке персональных данных "
        "в течение 24 часов с момента её обнаружения.\n\n"
        "2. Стоимость услуг указана в счёте и оплачивается в течение десяти дней.\n"
    )
    report = ReviewEngine(library, model=model).review_text(text, "договор.txt")
    assert all(f.decided_by == "rules" for f in report.findings)


def _detection(sentence: int, score: float, status: str | None = None) -> Detection:
    return Detection(
        requirement="r.x",
        detector="rules:r.x#c" if status else "model:relevance",
        sentence=sentence,
        start=0,
        end=1,
        score=score,
        status=status,  # type: ignore[arg-type]
        cue="c" if status else None,
    )


def test_a_conflict_cue_on_a_relevant_sentence_stands() -> None:
    cue = _detection(3, 0.9, "conflict")
    rule = Decision(status="conflict", confidence=0.9, winners=[cue])
    relevant = [_detection(3, CONFIRMED_CONFLICT_RELEVANCE + 0.1)]
    assert _confirmed_conflict(rule, relevant) is relevant[0]
    barely = [_detection(3, CONFIRMED_CONFLICT_RELEVANCE - 0.1)]
    assert _confirmed_conflict(rule, barely) is None
    elsewhere = [_detection(4, 0.9)]
    assert _confirmed_conflict(rule, elsewhere) is None


def test_one_engine_reviews_many_documents_as_fresh_engines_do(
    model: ReviewModel, library: Library
) -> None:
    other = CONTRACT.replace("Services Agreement", "Artificial intelligence model outputs terms")
    shared = ReviewEngine(library, model=model)
    for text in (CONTRACT, other, CONTRACT):
        fresh = ReviewEngine(library, model=model).review_text(text, "a.md")
        again = shared.review_text(text, "a.md")
        assert [(f.status, f.confidence) for f in again.findings] == [
            (f.status, f.confidence) for f in fresh.findings
        ]
