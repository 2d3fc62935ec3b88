"""Recommended clause language in the contract's own words.

The clause library writes its model clauses with neutral names ("the Provider",
"the Customer", "Customer Data", "this Agreement", "Annex 2"). A lawyer pastes
them into a contract that says "Supplier", "Client", "Client Data" and has no
Annex 2. This module rewrites each clause with the contract's defined names,
points annex references at an annex the contract really has on that subject
(or at "an annex to this Agreement" to be added), and splits the
recommendation into what to do (keep / strengthen / replace / add) and the
clause alone, so outputs can show and copy the clause without "Add:" glued on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reviewer.library.model import Library
from reviewer.report.messages import messages
from reviewer.report.model import Evidence, Finding, Party, PartyRoles
from reviewer.segment.model import SegmentedDocument
from reviewer.segment.roles import PartyRole
from reviewer.segment.roles import PartyRoles as SegmentRoles

ACTIONS = {"met": "keep", "partial": "strengthen", "conflict": "replace", "missing": "add"}
# What the library's model clauses call the document; the contract may call itself otherwise.
SELF_TERMS = ("DPA", "Data Processing Addendum", "Data Processing Agreement", "Addendum",
              "AI Addendum", "Agreement", "Terms", "Terms of Service", "Contract")  # fmt: skip
_DATA_TERM = re.compile(
    r"^(?:(?P<owner>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)?) )?(?:Personal )?"
    r"(?:Data|Content|Materials?|Information)$"
)
# The library's neutral party words, with what follows them that may need rewriting.
_PARTY = re.compile(
    r"(?P<article>\b[Tt]he\s+)?(?<![\w-])(?P<role>Provider|Customer)(?![\w-])(?P<poss>['’]s)?"
    r"(?P<compound>\s+(?:Personal\s+)?(?:Data|Inputs?)\b)?"
)
_ANNEX = re.compile(r"\bAnnex\s+(?P<number>\d+|[A-Z]|[IVX]+)\b")
_THIS_AGREEMENT = re.compile(r"\bthis Agreement\b")
# Subject words that tie a reference in a model clause to an annex of the contract.
_ANNEX_SUBJECTS = {
    "subprocessor": r"sub-?processors?|subcontractors?",
    "location": r"locations?|countr(?:y|ies)|regions?|data cent(?:re|er)s?|hosting",
    "retention": r"retention",
    "categories": r"categor(?:y|ies) of (?:personal )?data|data categor(?:y|ies)|classification",
}


@dataclass(frozen=True)
class DraftingContext:
    """How one contract names things, for rewriting model clauses."""

    vendor: PartyRole | None = None
    customer: PartyRole | None = None
    data_term: str | None = None  # "Client Data", "Customer Personal Data"
    inputs_term: str | None = None  # "Inputs" when the contract defines it
    services_term: str | None = None  # "Service" when the contract says it in the singular
    self_term: str = "Agreement"
    annexes: dict[str, str] = field(default_factory=dict)  # label -> its opening text

    @classmethod
    def of(cls, segmented: SegmentedDocument) -> DraftingContext:
        roles = segmented.roles
        terms = list(segmented.glossary)
        customer_words = {"Customer", "Client", "Your"}
        if roles.customer:
            customer_words.add(roles.customer.term)
        data_terms = [t for t in terms if (m := _DATA_TERM.match(t)) and m.group("owner")]
        owned = [t for t in data_terms if t.split()[0] in customer_words]
        data_term = next(iter(owned + [t for t in terms if t == "Personal Data"]), None)
        inputs = next((t for t in terms if t in ("Inputs", "Input", "Customer Inputs")), None)
        services = None
        if "Service" in terms and "Services" not in terms:
            services = "Service"
        self_term = next(
            (d.term for d in segmented.glossary.values() if d.term in SELF_TERMS), "Agreement"
        )
        annexes: dict[str, str] = {}
        for clause in segmented.clauses:
            if clause.part and clause.part not in annexes:
                annexes[clause.part] = ""
            if clause.part and len(annexes[clause.part]) < 400:
                annexes[clause.part] += " " + clause.text[:400]
        return cls(
            vendor=roles.vendor,
            customer=roles.customer,
            data_term=data_term,
            inputs_term=inputs,
            services_term=services,
            self_term=self_term,
            annexes=annexes,
        )

    # ----------------------------------------------------------------- rewriting

    def _party(self, match: re.Match[str]) -> str:
        role = self.vendor if match.group("role") == "Provider" else self.customer
        article = match.group("article") or ""
        possessive = match.group("poss") or ""
        compound = match.group("compound") or ""
        if compound and match.group("role") == "Customer":
            phrase = compound.strip()
            if phrase.startswith("Input"):
                replacement = self.inputs_term or self.data_term
            else:
                replacement = self.data_term
            if replacement:
                return article + replacement
        if role is None:
            return match.group(0)
        # The contract's own habit decides the article: "the Provider" -> "Supplier".
        name = role.term
        if article and role.article:
            name = article + role.term
        return name + possessive + compound

    def _annex(self, match: re.Match[str], text: str) -> str:
        label = match.group(0)
        sentence_start = text.rfind(".", 0, match.start()) + 1
        sentence_end = text.find(".", match.end())
        sentence = text[sentence_start : sentence_end if sentence_end > 0 else len(text)]
        subject = next(
            (s for s, words in _ANNEX_SUBJECTS.items() if re.search(words, sentence, re.I)), None
        )
        if subject:
            for part, opening in self.annexes.items():
                if re.search(_ANNEX_SUBJECTS[subject], opening, re.I):
                    return part
        if label in self.annexes and subject is None:
            return label
        return f"an annex to this {self.self_term}"

    def adapt(self, text: str) -> str:
        """The model clause in this contract's words."""
        if not text:
            return text
        text = _ANNEX.sub(lambda m: self._annex(m, text), text)
        text = _THIS_AGREEMENT.sub(f"this {self.self_term}", text)
        text = _PARTY.sub(self._party, text)
        if self.services_term:
            text = re.sub(r"\bServices\b", self.services_term, text)
        return text


def roles_info(roles: SegmentRoles) -> PartyRoles:
    def party(role: PartyRole | None) -> Party | None:
        if role is None:
            return None
        return Party(term=role.term, name=role.name, article=role.article)

    return PartyRoles(vendor=party(roles.vendor), customer=party(roles.customer))


def _deciding_place(evidence: list[Evidence]) -> str | None:
    for item in evidence:
        if item.role == "decides" and item.section:
            label = item.section
            return label if label.lower().startswith(("annex", "schedule")) else f"clause {label}"
    return None


def compose(action: str, clause: str, fallback: str, place: str | None) -> str:
    """The one-line recommendation of the JSON report (English; renderers build their own)."""
    if action == "keep":
        return (
            f"No change needed. Keep the clause; for reference, the preferred language is: {clause}"
        )
    if action == "strengthen":
        target = place or "the clause"
        return f"Strengthen {target} to: {clause} Fallback position: {fallback}"
    if action == "replace":
        target = place or "the conflicting clause"
        return f"Replace {target} with: {clause}"
    if action == "add":
        return f"Add: {clause}"
    return ""


def _country_names(parameters: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The countries data must stay in, in words ("Kazakhstan"), from the profile."""
    codes: list[str] = []
    for params in parameters.values():
        for code in params.get("required_countries") or []:
            if str(code) not in codes:
                codes.append(str(code))
    if not codes:
        return None
    t = messages("en")
    names = [t.country(code) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


_CUSTOMER_COUNTRY = re.compile(r"\bthe Customer['’]s country\b|\bthat country\b")
# "the locations listed in Annex 2 (country and data-centre region)": with the country
# the profile requires, the clause can name it instead of pointing at an annex.
_AGREED_LOCATIONS = re.compile(
    r"\bthe locations (?:listed|agreed|set out) in Annex \w+(?: \(country and data-centre region\))?"
)


def _in_language(
    findings: list[Finding],
    library: Library,
    segmented: SegmentedDocument,
    language: str,
    parameters: Mapping[str, Mapping[str, Any]],
) -> list[Finding]:
    """Recommendation parts for a report in another language of the playbook: the clause
    from its language pack, with the contract's names for the parties (the whole
    recommendation sentence was already written by the engine's localisation)."""
    from reviewer.engine.localise import _in_contract_terms, fill_country

    for finding in findings:
        requirement = library.requirements.get(finding.requirement)
        action = ACTIONS.get(finding.status)
        pack = requirement.languages.get(language) if requirement else None
        if requirement is None or action is None or pack is None:
            finding.action = "none" if action is None else action
            continue
        finding.action = action
        finding.recommended_clause = fill_country(
            _in_contract_terms(pack.recommendation.preferred.strip(), segmented.parties),
            parameters,
        )
        finding.fallback_clause = (
            fill_country(
                _in_contract_terms(pack.recommendation.fallback.strip(), segmented.parties),
                parameters,
            )
            if action == "strengthen"
            else ""
        )
    return findings


def draft_recommendations(
    findings: list[Finding],
    library: Library,
    segmented: SegmentedDocument,
    language: str | None = None,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Finding]:
    """Fill each finding's recommendation fields in the contract's own words."""
    if language and language != library.language:
        return _in_language(findings, library, segmented, language, parameters or {})
    context = DraftingContext.of(segmented)
    countries = _country_names(parameters or {})
    for finding in findings:
        requirement = library.requirements.get(finding.requirement)
        action = ACTIONS.get(finding.status)
        if requirement is None or action is None:
            finding.action = "none"
            continue
        preferred = requirement.recommendation.preferred.strip()
        fallback_text = requirement.recommendation.fallback.strip()
        if countries:
            # Clauses on where data is kept name the country the profile requires.
            if requirement.applies_if_parameter == "required_countries":
                preferred = _CUSTOMER_COUNTRY.sub(countries, preferred)
                fallback_text = _CUSTOMER_COUNTRY.sub(countries, fallback_text)
            preferred = _AGREED_LOCATIONS.sub(countries, preferred)
            fallback_text = _AGREED_LOCATIONS.sub(countries, fallback_text)
        clause = context.adapt(preferred)
        fallback = context.adapt(fallback_text)
        finding.action = action
        finding.recommended_clause = clause
        finding.fallback_clause = fallback if action == "strengthen" else ""
        finding.recommendation = compose(
            action, clause, fallback, _deciding_place(finding.evidence)
        )
    return findings
