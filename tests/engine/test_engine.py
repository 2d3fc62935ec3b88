"""ReviewEngine end to end on texts we write."""

from __future__ import annotations

import pytest

from reviewer.engine import ReviewEngine
from reviewer.errors import ReviewerError
from reviewer.library.loader import load_library

CONTRACT = """# Master Services Agreement

1. Security

    1. Breach notice. Provider shall notify Customer of any Security Incident without undue delay.

    2. Notice period. Provider shall notify Customer of any Security Incident within 24 hours.

2. Use of Data

    1. Provider may use Customer Content to develop and improve Provider's products and services.

3. Subcontractors

    1. Provider may use subcontractors at its sole discretion.
"""


@pytest.fixture(scope="module")
def engine() -> ReviewEngine:
    return ReviewEngine(use_model=False)


def _finding(report, requirement):  # type: ignore[no-untyped-def]
    return next(f for f in report.findings if f.requirement == requirement)


def test_every_requirement_appears_once(engine: ReviewEngine) -> None:
    report = engine.review_text(CONTRACT, "msa.md")
    ids = [f.requirement for f in report.findings]
    assert sorted(ids) == sorted(load_library().requirements)
    assert len(ids) == len(set(ids))


def test_fixed_period_beats_vague_wording_and_both_are_cited(engine: ReviewEngine) -> None:
    report = engine.review_text(CONTRACT, "msa.md")
    breach = _finding(report, "incidents.breach-notification")
    assert breach.status == "met"
    assert breach.extracted["hours"] == 24
    assert {e.section for e in breach.evidence} == {"1.2", "1.1"}
    assert "both are cited" in breach.explanation


def test_conflict_wins_and_cites_the_clause(engine: ReviewEngine) -> None:
    report = engine.review_text(CONTRACT, "msa.md")
    training = _finding(report, "training.no-training-without-consent")
    assert training.status == "conflict"
    evidence = training.evidence[0]
    assert evidence.section == "2.1"
    assert evidence.detector.startswith("rules:training.no-training-without-consent#")
    assert report.document.kind == "MSA"
    text = report.document  # offsets point into the extracted text
    assert text is not None


def test_evidence_offsets_point_into_the_document_text(engine: ReviewEngine) -> None:
    from reviewer.ingest.text import document_from_text

    document = document_from_text(CONTRACT, "msa.md", markdown=True)
    report = engine.review_document(document)
    for finding in report.findings:
        for evidence in finding.evidence:
            assert document.text[evidence.start : evidence.end] == evidence.text


def test_missing_findings_recommend_language(engine: ReviewEngine) -> None:
    report = engine.review_text(CONTRACT, "msa.md")
    audit = _finding(report, "audits.customer-audit-right")
    assert audit.status == "missing"
    assert audit.evidence == []
    assert audit.recommendation.startswith("Add: ")


def test_summary_counts_and_highest_gap(engine: ReviewEngine) -> None:
    report = engine.review_text(CONTRACT, "msa.md")
    s = report.summary
    assert s.met + s.partial + s.conflict + s.missing + s.not_applicable == len(report.findings)
    assert s.highest_severity_gap == "critical"


def test_localisation_needs_a_country() -> None:
    without = ReviewEngine(use_model=False).review_text(CONTRACT)
    assert _finding(without, "residency.localization").status == "not-applicable"
    kz = ReviewEngine(profile="kz", use_model=False).review_text(
        "Provider shall store Customer Data only in data centres located in Kazakhstan."
    )
    finding = _finding(kz, "residency.localization")
    assert finding.status == "met"
    assert finding.severity == "critical"
    assert kz.parameters["residency.localization"] == {"required_countries": ["KZ"]}


def test_country_option_overrides_and_conflicts() -> None:
    engine = ReviewEngine(profile="central-asia-public", country="tj", use_model=False)
    report = engine.review_text("Provider shall store Customer Data only in Germany.")
    assert _finding(report, "residency.localization").status == "conflict"


def test_profile_changes_severity() -> None:
    eu = ReviewEngine(profile="eu", use_model=False).review_text(CONTRACT)
    assert _finding(eu, "subprocessors.authorization").severity == "high"


def test_unknown_profile_and_bad_country_are_user_errors() -> None:
    with pytest.raises(ReviewerError, match="unknown profile"):
        ReviewEngine(profile="mars", use_model=False)
    with pytest.raises(ReviewerError, match="two-letter"):
        ReviewEngine(country="Kazakhstan", use_model=False)


def test_glossary_term_resolves_customer_data(engine: ReviewEngine) -> None:
    text = (
        '1. "Client Materials" means the files and information the Client uploads.\n\n'
        "2. Supplier may use Client Materials to improve its services."
    )
    report = engine.review_text(text)
    assert _finding(report, "training.no-training-without-consent").status == "conflict"


def test_list_items_are_read_with_their_lead_in(engine: ReviewEngine) -> None:
    text = (
        "4. The Processor agrees and warrants:\n\n"
        "(a) that it will promptly notify the Controller about:\n\n"
        "(i) any legally binding request for disclosure of the personal data by a law "
        "enforcement authority unless otherwise prohibited; and\n\n"
        "(ii) any accidental or unauthorised access.\n\n"
        "(b) that it will keep its records up to date."
    )
    report = engine.review_text(text)
    finding = next(f for f in report.findings if f.requirement == "government.notify-customer")
    assert finding.status == "met"
    assert any(e.text.startswith("(i) any legally binding request") for e in finding.evidence)
    assert not any(e.text.startswith("(b)") for e in finding.evidence)
