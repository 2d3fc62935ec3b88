"""Best-effort names of the parties to the agreement."""

from __future__ import annotations

import re

from reviewer.document import Document
from reviewer.segment.model import Definition

_BETWEEN = re.compile(
    r"\bbetween\s+(?P<a>[A-Z][\w&.,' -]{1,80}?)\s*(?:\((?P<ra>[^)]{1,60})\))?,?\s+and\s+(?P<b>[A-Z][\w&.,' -]{1,80}?)\s*(?:\((?P<rb>[^)]{1,60})\)|[.,;]|$)"
)
ROLE_TERMS = (
    "Provider", "Customer", "Vendor", "Supplier", "Client", "Processor", "Controller",
    "Company", "Licensor", "Licensee", "Contractor", "Public Organisation", "Public Organization",
    "Data Exporter", "Data Importer", "Subscriber",
)  # fmt: skip


def find_parties(document: Document, glossary: dict[str, Definition]) -> list[str]:
    parties: list[str] = []
    head = document.text[:5000]
    match = _BETWEEN.search(head)
    if match:
        for name in (match.group("a"), match.group("b")):
            name = name.strip(" ,.")
            if name and name not in parties and len(name.split()) <= 8:
                parties.append(name)
    if not parties:
        for role in ROLE_TERMS:
            if role in glossary or re.search(rf"\b{re.escape(role)}\b", head):
                parties.append(role)
            if len(parties) == 2:
                break
    return parties
