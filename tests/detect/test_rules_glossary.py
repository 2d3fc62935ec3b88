"""Rule matching with a document's glossary: defined terms joining concepts, spliced definitions."""

from __future__ import annotations

from reviewer.detect.rules import document_concepts
from reviewer.engine import ReviewEngine
from reviewer.ingest.text import document_from_text
from reviewer.library.loader import load_library
from reviewer.segment import segment

GLOSSARY = """# Terms

1. Definitions

    1. "User" means an individual who accesses the hosted platform under an account.

    2. "Customer Content" means files that Customer uploads to the hosted platform.

    3. "Service" means the hosted collaboration platform, its application programming
       interfaces, mobile applications and every related feature described in an order form.

2. Accounts

    1. Customer is responsible for promptly notifying Acme of any unauthorized access to
       the Service through its account.
"""


def test_short_concept_words_do_not_pull_in_terms_containing_them() -> None:
    # 'us' is a vendor word; "User" and "Customer Content" merely contain the letters.
    concepts = document_concepts(load_library(), segment(document_from_text(GLOSSARY, "t.md")))
    assert "User" not in concepts["vendor"]
    assert "Customer\\ Content" not in concepts["vendor"]


def test_spliced_definition_does_not_escape_a_carve_out() -> None:
    # The account-security carve-out matches the sentence as written; the
    # definition of "Service" spliced into it must not push its words apart.
    report = ReviewEngine(use_model=False).review_text(GLOSSARY, "t.md")
    finding = next(f for f in report.findings if f.requirement == "incidents.breach-notification")
    assert finding.status == "missing"


PARTIES = """# Platform Terms

These terms are made between Orbitly Labs Ltd ("Orbitly") and the organisation that
signs the order form ("Subscriber").

1. Content

    1. Orbitly may use Subscriber Content and the outputs of the assistant to train and
       improve its machine learning models.
"""


def test_the_parties_short_names_join_the_party_concepts() -> None:
    segmented = segment(document_from_text(PARTIES, "t.md"))
    concepts = document_concepts(load_library(), segmented)
    assert "Orbitly" in concepts["vendor"] and "Orbitly\\ Labs\\ Ltd" in concepts["vendor"]
    assert "Orbitly" not in concepts["customer"]
    # "Orbitly may use ..." now reads like "the Provider may use ...".
    report = ReviewEngine(use_model=False).review_text(PARTIES, "t.md")
    finding = next(
        f for f in report.findings if f.requirement == "training.no-training-without-consent"
    )
    assert finding.status == "conflict"


# An `unless` reads the same words whichever way the cue matched: the sentence
# as written, plus the definitions of the defined terms the cue's matches rest on.

METRICS = """# Brightfield Platform Terms

1. Definitions

    1. "Platform Metrics" means aggregated and de-identified usage statistics of the
       Platform, such as page loads and error counts.

2. Our Rights

    1. Brightfield may collect Platform Metrics and use them to analyse and improve the
       Platform.
"""


def _finding(text: str, requirement: str) -> tuple[str, list[dict[str, object]]]:
    report = ReviewEngine(use_model=False).review_text(text, "t.md")
    finding = next(f for f in report.findings if f.requirement == requirement)
    return finding.status, [dict(step) for step in finding.trail]


def test_a_carve_out_in_the_definition_of_a_matched_term_vetoes_the_cue() -> None:
    # The sentence alone reads like free use of usage data; the definition of the
    # term it uses says the data is aggregated and de-identified.
    status, trail = _finding(METRICS, "logs.use-restricted")
    assert status == "partial"
    vetoed = [s for s in trail if s.get("step") == "vetoed" and s.get("cue") == "free-use"]
    assert vetoed and "{deidentified}" in str(vetoed[0]["unless"])


SEATS = """# Lumawise Service Terms

Lumawise provides an AI assistant powered by large language models.

1. Definitions

    1. "Copilot" means the generative features of the Platform that draft replies for Users.

    2. "Seat Bundle" means a group of user seats bought at the fees listed in these Terms.

2. Changes

    1. Lumawise may change the Copilot at any time without notice, including for any
       Seat Bundle.
"""


def test_the_definition_of_another_term_in_the_sentence_does_not_veto_the_cue() -> None:
    # The cue rests on "Copilot" and its definition (the generative features); the
    # words 'fees' and 'these Terms' in the definition of "Seat Bundle" are not a
    # carve-out of the right to change the Copilot.
    status, trail = _finding(SEATS, "training.model-change-notice")
    assert status == "conflict"
    assert not [s for s in trail if s.get("step") == "vetoed"]
