"""Which party is the vendor and which the customer, and how the contract names them."""

from __future__ import annotations

import pytest

from reviewer.ingest.text import document_from_text
from reviewer.segment import segment


def _roles(text: str):
    return segment(document_from_text(text, "x.txt")).roles


@pytest.mark.parametrize(
    ("text", "vendor", "vendor_name", "customer", "customer_name"),
    [
        (
            'This Agreement is made between Acme Cloud Ltd ("Supplier") and Bank of '
            'Almaty JSC ("Client").\n\n1. Services\n\nSupplier shall provide the Services.\n',
            "Supplier", "Acme Cloud Ltd", "Client", "Bank of Almaty JSC",
        ),
        (
            'These terms are between you ("Customer") and Widget Labs, Inc. ("Widget", "we" or '
            '"us").\n\n1. Use\n\nWe provide the Service.\n',
            "Widget", "Widget Labs, Inc.", "Customer", None,
        ),
        (
            "DATA PROCESSING AGREEMENT\n\n1. Roles\n\nThe Processor processes Personal Data for "
            "the Controller. The Processor shall assist the Controller.\n",
            "Processor", None, "Controller", None,
        ),
    ],
)  # fmt: skip
def test_roles(
    text: str, vendor: str, vendor_name: str | None, customer: str, customer_name: str | None
) -> None:
    roles = _roles(text)
    assert roles.vendor is not None and roles.customer is not None
    assert (roles.vendor.term, roles.vendor.name) == (vendor, vendor_name)
    assert (roles.customer.term, roles.customer.name) == (customer, customer_name)


def test_article_follows_the_contracts_habit() -> None:
    roles = _roles(
        "1. Roles\n\nThe Processor processes data for the Controller. The Processor shall "
        "delete data when the Controller asks.\n"
    )
    assert roles.vendor is not None and roles.vendor.article
    assert roles.vendor.reference(start_of_sentence=True) == "The Processor"


def test_no_parties_named() -> None:
    roles = _roles("1. Scope\n\nThis policy describes how we keep records.\n")
    assert roles.customer is None
