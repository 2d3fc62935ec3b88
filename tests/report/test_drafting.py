"""Recommended clauses in the contract's own words."""

from __future__ import annotations

from reviewer.engine import ReviewEngine
from reviewer.report.drafting import DraftingContext
from reviewer.report.model import Report
from reviewer.segment.roles import PartyRole
from tests.paths import SAMPLES


def test_samples_get_their_own_party_names_and_no_invented_annex(sample_report: Report) -> None:
    roles = sample_report.document.roles
    assert roles.vendor and roles.vendor.term == "Supplier"
    assert roles.vendor.name == "Lumen Insight GmbH"
    assert roles.customer and roles.customer.term == "Client"
    for finding in sample_report.findings:
        for text in (finding.recommended_clause, finding.fallback_clause, finding.recommendation):
            assert "Provider" not in text and "Customer" not in text, finding.requirement
            assert "Annex 2" not in text and "Annex 3" not in text, finding.requirement
    training = next(
        f for f in sample_report.findings if f.requirement == "training.no-training-without-consent"
    )
    assert training.action == "replace"
    assert training.recommended_clause.startswith("Supplier shall not use Client Data")
    assert training.recommendation.startswith("Replace clause 3.2 with: Supplier shall not")
    located = next(
        f for f in sample_report.findings if f.requirement == "residency.location-specified"
    )
    # The kz profile requires Kazakhstan, so the clause names it instead of an annex.
    assert "only in Kazakhstan" in located.recommended_clause
    default = ReviewEngine(None).review_path(SAMPLES / "lumen-msa-ai-addendum.docx")
    located = next(f for f in default.findings if f.requirement == "residency.location-specified")
    assert "only in the locations listed in an annex to this Agreement" in (
        located.recommended_clause
    )


def test_articles_follow_the_contract_and_annexes_that_exist_are_used() -> None:
    context = DraftingContext(
        vendor=PartyRole("Processor", article=True),
        customer=PartyRole("Controller", article=True),
        data_term="Personal Data",
        self_term="DPA",
        annexes={"Annex 3": " Annex 3 List of Sub-processors approved by the Controller"},
    )
    text = context.adapt(
        "The Provider shall not engage any subprocessor listed in Annex 3 without the "
        "Customer's consent; Customer Data stays protected under this Agreement. The Provider "
        "keeps the locations in Annex 2."
    )
    assert text == (
        "The Processor shall not engage any subprocessor listed in Annex 3 without the "
        "Controller's consent; Personal Data stays protected under this DPA. The Processor "
        "keeps the locations in an annex to this DPA."
    )


def test_plain_text_contract_without_defined_parties_keeps_neutral_words() -> None:
    report = ReviewEngine(None).review_text(
        "1. Security\n\nThe supplier shall notify the customer of any security incident without undue delay.\n",
        "x.txt",
    )
    breach = next(f for f in report.findings if f.requirement == "incidents.breach-notification")
    assert breach.action == "strengthen"
    assert breach.recommended_clause and breach.fallback_clause
