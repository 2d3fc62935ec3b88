"""Best-effort names of the parties to the agreement."""

from __future__ import annotations

import re

from reviewer.document import Document
from reviewer.segment.model import Definition

_BETWEEN = re.compile(
    r"\bbetween\s+(?P<a>[A-Z][\w&.,' -]{1,80}?)\s*(?:\((?P<ra>[^)]{1,60})\))?,?\s+and\s+(?P<b>[A-Z][\w&.,' -]{1,80}?)\s*(?:\((?P<rb>[^)]{1,60})\)|[.,;]|$)"
)
_COMPANY_ALIAS = re.compile(
    r"\b(?P<name>[A-Z0-9][\w&'.-]*(?:\s+[A-Z0-9][\w&'.-]*){0,5}?,?\s+"
    r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|plc|B\.V|S\.A|SAS|AG|Corporation|Corp)\.?)"
    r"\s*\((?:the\s+)?[\"“]"
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
    if len(parties) < 2:
        # 'GitHub, Inc. ("GitHub")': a company name given a short name in passing.
        for company in _COMPANY_ALIAS.finditer(head):
            name = company.group("name").strip(" ,")
            if name not in parties and not any(name in p or p in name for p in parties):
                parties.append(name)
            if len(parties) == 2:
                break
    if len(parties) < 2:
        for role in ROLE_TERMS:
            if role in parties:
                continue
            if role in glossary or re.search(rf"\b{re.escape(role)}\b", head):
                parties.append(role)
            if len(parties) == 2:
                break
    return parties
