"""Clauses, numbering, glossary, kind and parties from small documents we write."""

from __future__ import annotations

from reviewer.document import Block, Document
from reviewer.ingest.text import document_from_text
from reviewer.segment import segment
from reviewer.segment.numbering import parse_number, parse_part

MARKDOWN = """# Data Processing Addendum

This Data Processing Addendum is entered into between Acme Cloud Ltd ("Provider") and
Example Bank plc ("Customer").

1. Definitions

    1. "Customer Data" means all data that Customer uploads to the Service.

    2. "Subprocessor" means any processor engaged by Provider.

2. Security

    1. Audits. Customer may audit Provider once a year.

        a. Audits take place on thirty days' notice.

        b. Provider shall cooperate with the auditor.

Annex 2 - Subprocessors

| Name | Purpose | Country |
|------|---------|---------|
| HostCo | Hosting | Germany |
"""


def _doc() -> Document:
    return document_from_text(MARKDOWN, "dpa.md", markdown=True)


def test_numbers_are_composed_as_lawyers_cite_them() -> None:
    segmented = segment(_doc())
    numbers = [c.number for c in segmented.clauses if c.number]
    assert numbers == ["1", "1.1", "1.2", "2", "2.1", "2.1(a)", "2.1(b)"]
    audit = next(c for c in segmented.clauses if c.number == "2.1")
    assert audit.heading == "Audits"
    assert audit.heading_path == ["2 Security", "2.1 Audits"]


def test_annex_starts_a_part_and_keeps_its_table() -> None:
    segmented = segment(_doc())
    annex = next(c for c in segmented.clauses if c.part == "Annex 2")
    assert "HostCo | Hosting | Germany" in annex.text


def test_clauses_are_flat_ordered_and_exact() -> None:
    segmented = segment(_doc())
    text = segmented.document.text
    previous_end = -1
    for clause in segmented.clauses:
        assert clause.start >= previous_end
        assert text[clause.start : clause.end] == clause.text
        previous_end = clause.end
    for sentence in segmented.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        clause = segmented.clauses[sentence.clause]
        assert clause.start <= sentence.start < clause.end


def test_glossary_parties_and_kind() -> None:
    segmented = segment(_doc())
    assert {"Customer Data", "Subprocessor", "Provider", "Customer"} <= set(segmented.glossary)
    assert segmented.glossary["Customer Data"].text.startswith('1. "Customer Data" means')
    assert segmented.parties[:2] == ["Acme Cloud Ltd", "Example Bank plc"]
    assert segmented.kind.kind == "DPA"
    assert "Data Processing Addendum" in segmented.kind.cue


def test_typed_numbers_in_plain_text_and_page_provenance() -> None:
    blocks = [
        Block(text="9. Security", kind="heading", page=1),
        Block(text="9.3 Audits. The Customer may audit the Provider.", page=2),
        Block(text="(a) on-site, on notice;", page=2),
        Block(text="(b) remotely.", page=3),
    ]
    document = Document.from_blocks(path="x.pdf", format="pdf", blocks=blocks, sha256="0")
    segmented = segment(document)
    assert [c.number for c in segmented.clauses] == ["9", "9.3", "9.3(a)", "9.3(b)"]
    assert segmented.clauses[1].page_start == 2
    assert segmented.clauses[3].page_start == 3


def test_number_parser_edge_cases() -> None:
    assert parse_number("2024. was a good year") is None
    roman = parse_number("(ii) the second")
    assert roman is not None and roman.style == "paren-roman"
    letter_after_h = parse_number("(i) ninth item", previous_letter="h")
    assert letter_after_h is not None and letter_after_h.style == "paren-letter"
    keyword = parse_number("ARTICLE III Term")
    assert keyword is not None and keyword.label == "Article III"
    assert parse_part("Schedule 2 – Security Measures") == "Schedule 2"
    assert parse_part("Schedule 2 describes the measures") is None


def test_sub_clauses_merged_into_one_block_are_split() -> None:
    blocks = [
        Block(
            text="3. FEES 3.1 Invoices. Invoices are due in 30 days. 3.2 Taxes. Taxes are extra."
        ),
        Block(text="See Section 3.1 of the Order. Payment 4.7 Late. Not a clause."),
    ]
    document = Document.from_blocks(path="x.txt", format="txt", blocks=blocks, sha256="0")
    segmented = segment(document)
    assert [c.number for c in segmented.clauses if c.number] == ["3", "3.1", "3.2"]
    for clause in segmented.clauses:
        assert document.text[clause.start : clause.end] == clause.text
    assert segmented.clauses[1].heading == "Invoices"


def test_numbered_headings_under_lettered_sections() -> None:
    text = "## A. Definitions\n\nTerms.\n\n## B. Accounts\n\n### 1. Controls\n\nText.\n\n### 2. Security\n\nMore.\n"
    segmented = segment(document_from_text(text, "tos.md", markdown=True))
    numbers = [c.number for c in segmented.clauses if c.number]
    assert numbers == ["A", "B", "B.1", "B.2"]
    security = next(c for c in segmented.clauses if c.number == "B.2")
    assert security.heading_path == ["B Accounts", "B.2 Security"]


GLOSSARY_MD = """# Cloud Terms

Nimbus Hosting Ltd (“Nimbus”, "we" or "us") provides the services.

**"Usage Data"** means metrics about how the services run.

"Personal Data" includes any information about an identified person.

| Term | Meaning |
|------|---------|
| Outage | A period when the services cannot be reached. |
| Credit | The amount we refund for an Outage. |

| Name | Purpose |
|------|---------|
| HostCo | Hosting of the platform in two regions |
"""


def test_glossary_styles() -> None:
    segmented = segment(document_from_text(GLOSSARY_MD, "terms.md", markdown=True))
    glossary = segmented.glossary
    assert {"Nimbus", "we", "us", "Usage Data", "Personal Data", "Outage", "Credit"} <= set(
        glossary
    )
    assert glossary["Nimbus"].style == "alias"
    assert glossary["Outage"].text.startswith("Outage |")
    assert "HostCo" not in glossary
    for definition in glossary.values():
        assert segmented.document.text[definition.start : definition.end] == definition.text


def test_upper_case_lead_headings_and_items_under_sub_clauses() -> None:
    blocks = [
        Block(text="3. DATA REQUESTS 12hours after a request, the Vendor shall reply."),
        Block(text="3.1 The Vendor shall help:", kind="paragraph"),
        Block(text="(i) by answering; and", kind="list_item", number="(i)", level=0),
        Block(text="4. THE BUYER shall pay the fees."),
    ]
    document = Document.from_blocks(path="x.md", format="md", blocks=blocks, sha256="0")
    clauses = segment(document).clauses
    assert clauses[0].heading == "DATA REQUESTS"
    assert [c.number for c in clauses] == ["3", "3.1", "3.1(i)", "4"]
    assert clauses[3].heading is None


def test_company_alias_party_and_ai_procurement_kind() -> None:
    text = (
        "# Clauses for the Procurement of Artificial Intelligence\n\n"
        'These terms apply to services offered by Orbital Labs, Inc. ("Orbital") to the Customer.\n'
    )
    segmented = segment(document_from_text(text, "ai.md", markdown=True))
    assert segmented.parties == ["Orbital Labs, Inc.", "Customer"]
    assert segmented.kind.kind == "AI-addendum"
