"""Inventory extraction on short contracts written for these tests."""

from __future__ import annotations

import pytest

from reviewer.engine import ReviewEngine
from reviewer.inventory.extract import audits_per_year, load_vocabulary
from reviewer.inventory.model import Inventory

CONTRACT = """Data Processing Agreement

This Agreement is made between Orbit Analytics GmbH ("Supplier") and Steppe Bank JSC ("Client").

1. Services

1.1 The Services use machine learning models to summarise documents. Supplier provides the AI features through large language models hosted by OpenAI and Anthropic, including GPT-4o and Claude.

1.2 Supplier processes names, e-mail addresses, IP addresses and prompts that Client submits.

2. Location

2.1 Client Data is stored in data centres in Germany and Ireland and is not transferred outside the European Economic Area.

2.2 Orbit Analytics GmbH is registered at Hauptstrasse 1, 10115 Berlin.

3. Subprocessors

3.1 The current subprocessors are Amazon Web Services, Cloudflare and Nordlicht Hosting AB.

4. Security

4.1 Supplier shall notify Client of any Security Incident within 24 hours.

4.2 Client may audit Supplier no more than once in any twelve (12) month period.

5. Deletion

5.1 Within 45 days after termination, Supplier shall delete all Client Data.

6. Law

6.1 This Agreement is governed by the laws of the Netherlands.
"""

NO_AI = """Hosting Terms

This Agreement is made between Plain Host Ltd ("Provider") and Customer Co ("Customer").

1. Hosting

1.1 Provider stores Customer Data on servers in the United States. Provider shall process Customer Data only on Customer's instructions.

1.2 These terms are subject to German law.
"""


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    report = ReviewEngine(None).review_text(CONTRACT, "orbit.txt")
    assert report.inventory is not None
    return report.inventory


def test_parties_and_ai_use_with_evidence(inventory: Inventory) -> None:
    assert inventory.vendor == "Orbit Analytics GmbH" and inventory.vendor_term == "Supplier"
    assert inventory.customer == "Steppe Bank JSC"
    assert inventory.uses_ai == "yes"
    assert inventory.ai_evidence and inventory.ai_evidence[0].section == "1.1"
    assert inventory.ai_providers == ["OpenAI", "Anthropic"]
    assert inventory.ai_models == ["GPT", "Claude"]


def test_data_places_and_subprocessors(inventory: Inventory) -> None:
    assert {"contact details", "online identifiers", "prompts and inputs"} <= set(
        inventory.data_categories
    )
    # Germany and Ireland are where data is stored; the address in Berlin is not.
    assert inventory.locations == ["DE", "IE", "EEA"]
    assert inventory.subprocessors == ["Amazon Web Services", "Cloudflare", "Nordlicht Hosting AB"]


def test_law_and_numbers(inventory: Inventory) -> None:
    assert inventory.governing_law == "Netherlands"
    assert inventory.governing_law_evidence and inventory.governing_law_evidence.section == "6.1"
    assert inventory.breach_notice_hours == 24
    assert inventory.deletion_days == 45
    assert inventory.audits_per_year == 1


def test_a_service_without_ai() -> None:
    inventory = ReviewEngine(None).review_text(NO_AI, "host.txt").inventory
    assert inventory is not None
    assert inventory.uses_ai == "no" and inventory.ai_evidence == []
    assert inventory.locations == ["US"]
    assert inventory.governing_law == "Germany"
    assert inventory.vendor == "Plain Host Ltd"


def test_a_company_named_ai_or_the_ai_act_is_no_ai_use() -> None:
    text = (
        'This Agreement is made between Lumo AI, Inc. ("Provider") and Customer Co ("Customer").'
        "\n\n1. Compliance\n\n1.1 Each party complies with the AI Act and data protection law."
        "\n\n1.2 Lumo AI, Inc. provides hosting services.\n"
    )
    inventory = ReviewEngine(None).review_text(text, "lumo.txt").inventory
    assert inventory is not None and inventory.uses_ai == "no"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customer may audit once per year.", 1.0),
        ("No more than once in any twelve (12) month period.", 1.0),
        ("one (1) audit in every twelve (12) months", 1.0),
        ("audits twice a year", 2.0),
        ("an annual audit", 1.0),
        ("audits on reasonable notice", None),
    ],
)
def test_audit_frequency(text: str, expected: float | None) -> None:
    assert audits_per_year(text) == expected


def test_vocabulary_is_validated() -> None:
    with pytest.raises(Exception, match="ai_use"):
        load_vocabulary("ai_providers: {}\n")
