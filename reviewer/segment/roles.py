"""Which party is the vendor and which the customer, and how the contract names them.

Recommended clause language is written with neutral words ("the Provider", "the
Customer"); a lawyer pasting it into a contract that says "Supplier" and
"Client" has to rewrite it. This finds the contract's own words: the short
names the parties are given ('Lumen Insight GmbH ("Supplier")',
'GitHub, Inc. ("GitHub")', '("QuickDesk", "we" or "us")'), which of them is
the vendor, their full names where the contract gives them, and whether the
contract puts "the" before the short name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model.py imports this module for PartyRoles
    from reviewer.document import Document
    from reviewer.segment.model import Definition

VENDOR_WORDS = (
    "Service Provider", "Provider", "Supplier", "Vendor", "Processor", "Data Processor",
    "Licensor", "Contractor", "Data Importer", "Company", "Seller",
)  # fmt: skip
CUSTOMER_WORDS = (
    "Customer", "Client", "Controller", "Data Controller", "Licensee", "Subscriber",
    "Data Exporter", "Public Organisation", "Public Organization", "Buyer", "Purchaser",
)  # fmt: skip
# Words a definition section uses for GDPR roles: a party only when nothing else names one.
GENERIC_ROLES = {"Processor", "Data Processor", "Controller", "Data Controller", "Company"}
VENDOR_PRONOUNS = {"we", "us", "our", "ours"}
CUSTOMER_PRONOUNS = {"you", "your"}

_COMPANY_SUFFIX = re.compile(
    r"\b(?:Inc|LLC|L\.L\.C|LLP|Ltd|Limited|GmbH|AG|plc|B\.V|S\.A|SAS|SE|JSC|Corporation|Corp|"
    r"Co|Pty|AB|Oy|ApS|AS|KG|NV|SpA|Srl|LP)\b\.?",
)
_QUOTE = "\"“”'‘’"
# A name followed by the parenthesis that gives it its short name(s).
_NAMED = re.compile(
    rf"(?P<name>[A-Z0-9][\w&.,'’ -]{{1,90}}?)\s*\((?:[^()]{{0,40}}?)[{_QUOTE}]\**"
    rf"(?P<term>[^{_QUOTE}()*]{{1,40}})\**[{_QUOTE}](?P<rest>[^()]{{0,160}})\)"
)
_OTHER_QUOTED = re.compile(rf"[{_QUOTE}]\**(?P<term>[^{_QUOTE}()*]{{1,40}})\**[{_QUOTE}]")
_LEAD_WORDS = re.compile(
    r"^(?:.*\b(?:between|among|and|by|from|to|with|of)[:,]?\s+)", re.IGNORECASE
)
_PROPER_NAME = re.compile(r"^[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}$")
HEAD_CHARS = 8000


@dataclass(frozen=True, slots=True)
class PartyRole:
    term: str  # how the contract refers to the party: "Supplier", "GitHub", "Customer"
    name: str | None = None  # the full name where the contract gives it: "Lumen Insight GmbH"
    article: bool = False  # the contract writes "the Supplier" rather than "Supplier"

    def reference(self, *, start_of_sentence: bool = False) -> str:
        """The party as a clause would mention it: "the Provider" / "Supplier"."""
        if not self.article:
            return self.term
        return ("The " if start_of_sentence else "the ") + self.term


@dataclass(frozen=True, slots=True)
class PartyRoles:
    vendor: PartyRole | None = None
    customer: PartyRole | None = None


_COMPANY = re.compile(
    r"[A-Z0-9][\w&.'’-]*(?:[ \t]+(?:[A-Z0-9&][\w&.'’-]*|of|the|de|du|der))*?,?[ \t]+"
    + _COMPANY_SUFFIX.pattern
)


def _clean_name(raw: str, term: str) -> str | None:
    """The full name before a short-name parenthesis: a company name, or words starting
    with the short name itself ("Fireworks AI" for "Fireworks"); else None."""
    companies = list(_COMPANY.finditer(raw))
    if companies:
        return companies[-1].group(0).strip(" ,;:*_")
    name = _LEAD_WORDS.sub("", raw.strip()).strip(" ,;:*_")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    if name and name != term and name.startswith(term) and len(name.split()) <= 5:
        return name
    if name and name != term and _kind(term) and _PROPER_NAME.match(name) and not _kind(name):
        # 'between: Lucidtech ("Data Processor")': a plain name given a role.
        return name
    return None


def _company_named(head: str, term: str) -> str | None:
    """'QuickDesk Inc.' somewhere in the opening text for the short name 'QuickDesk'."""
    match = re.search(
        rf"(?<![\w-]){re.escape(term)}(?:[ \t]+[A-Z0-9][\w&.'’-]*)*?,?[ \t]+"
        + _COMPANY_SUFFIX.pattern,
        head,
    )
    return match.group(0).strip(" ,;:") if match else None


def _kind(term: str) -> str | None:
    lowered = term.lower()
    if lowered in VENDOR_PRONOUNS:
        return "vendor"
    if lowered in CUSTOMER_PRONOUNS:
        return "customer"
    if any(term.lower() == w.lower() for w in VENDOR_WORDS):
        return "vendor"
    if any(term.lower() == w.lower() for w in CUSTOMER_WORDS):
        return "customer"
    return None


def _uses_article(text: str, term: str) -> bool:
    occurrences = len(re.findall(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text))
    with_article = len(re.findall(rf"\b[Tt]he\s+{re.escape(term)}(?![\w-])", text))
    return occurrences > 0 and with_article * 2 >= occurrences


def find_roles(document: Document, glossary: dict[str, Definition]) -> PartyRoles:
    """The vendor and the customer as the contract names them (either may be unknown)."""
    text = document.text
    head = text[:HEAD_CHARS]
    found: dict[str, tuple[str, str | None]] = {}  # kind -> (term, name)
    company_aliases: list[tuple[str, str | None]] = []
    for match in _NAMED.finditer(head):
        terms = [match.group("term").strip(" ,;:.")] + [
            m.group("term").strip(" ,;:.") for m in _OTHER_QUOTED.finditer(match.group("rest"))
        ]
        terms = [t for t in terms if t]
        if not terms:
            continue
        name = _clean_name(match.group("name"), terms[0])
        kinds = {t: _kind(t) for t in terms}
        kind = next((k for t, k in kinds.items() if k and t not in GENERIC_ROLES), None)
        if kind is None and name and not _kind(name):
            # A generic role ("Data Processor") given to a named party still says who it is.
            kind = next((k for k in kinds.values() if k), None)
        # A short name that is not a role word ("GitHub", "QuickDesk") stands for the
        # party its pronouns or role words point to; it is the better term to write.
        proper = next(
            (t for t, k in kinds.items() if k is None and (t[:1].isupper() or t[:1].isdigit())),
            None,
        )
        role_word = next(
            (
                t
                for t, k in kinds.items()
                if k and t.lower() not in VENDOR_PRONOUNS | CUSTOMER_PRONOUNS
            ),
            None,
        )
        if kind is None:
            if proper and name and (_COMPANY_SUFFIX.search(name) or name.startswith(proper)):
                company_aliases.append((proper, name))
            continue
        term = proper or role_word
        if term is None:
            continue
        if kind not in found:
            found[kind] = (term, name if name and name != term else None)
    for term, name in company_aliases:
        # A company given a short name in passing is the other party to a named role.
        for kind in ("vendor", "customer"):
            if kind not in found and any(k != kind for k in found):
                found[kind] = (term, name)
                break
        else:
            if not found:
                found["vendor"] = (term, name)
    for kind, words in (("vendor", VENDOR_WORDS), ("customer", CUSTOMER_WORDS)):
        if kind in found:
            continue
        # No short name given: the role word the contract uses most, if any.
        counts = Counter(
            {
                w: len(re.findall(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
                for w in words
                if w in glossary or re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", head)
            }
        )
        preferred = [w for w, n in counts.most_common() if n and w not in GENERIC_ROLES]
        generic = [w for w, n in counts.most_common() if n and w in GENERIC_ROLES]
        choice = next(iter(preferred + generic), None)
        if choice:
            found[kind] = (choice, None)
    roles = {
        kind: PartyRole(
            term=term,
            name=name or _company_named(head, term),
            article=not (name and term in name) and _uses_article(text, term),
        )
        for kind, (term, name) in found.items()
    }
    return PartyRoles(vendor=roles.get("vendor"), customer=roles.get("customer"))
