"""The AI vendor inventory: per contract, who the vendor is, whether the service uses AI
and whose, what data it gets, where the data is hosted or sent, who else handles it,
which law governs, and the numbers a lawyer compares (breach notice hours, deletion
days, audits a year).

Extracted once per review from the same parse every detector reads, so a batch or a
multi-file upload has the inventory without a second pass over the files. Names of
providers, models, data categories and places are data (`vocabulary.yaml`, validated on
load); each value keeps the passage it came from so a lawyer can check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from reviewer.detect.extract import extract_days, extract_frequency, extract_hours
from reviewer.inventory.model import Inventory, Passage
from reviewer.report.model import Finding, Party
from reviewer.segment.model import SegmentedDocument

EVIDENCE_CHARS = 400
MAX_EVIDENCE = 3


# ---------------------------------------------------------------- vocabulary


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AiUseWords(_Strict):
    strong: list[str]
    capital_ai: str


class Vocabulary(_Strict):
    ai_use: AiUseWords
    ai_providers: dict[str, list[str]]
    ai_models: dict[str, list[str]]
    service_providers: dict[str, list[str]]
    data_categories: dict[str, list[str]]
    locations: dict[str, list[str]]
    law_adjectives: dict[str, str]


_ESCAPES = re.compile(r"\\[a-zA-Z]")


@dataclass(frozen=True)
class Words:
    """Alternatives for one name. An all-capitals alternative ("\\bUS\\b", "AWS") matches
    in capitals only, so the pronoun "us" is not the United States."""

    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None

    @classmethod
    def of(cls, patterns: Iterable[str]) -> Words:
        upper: list[str] = []
        other: list[str] = []
        for pattern in patterns:
            letters = [c for c in _ESCAPES.sub("", pattern) if c.isalpha()]
            (upper if letters and all(c.isupper() for c in letters) else other).append(pattern)

        def build(items: list[str], flags: int) -> re.Pattern[str] | None:
            if not items:
                return None
            alternatives = "|".join(f"(?:{p})" for p in items)
            return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)

        return cls(build(upper, 0), build(other, re.IGNORECASE))

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        for pattern in (self.sensitive, self.insensitive):
            if pattern is not None:
                yield from pattern.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return next(iter(self.finditer(text)), None)


class WordTable(dict[str, Words]):
    """Named word lists, plus one pattern that matches wherever any of them might.

    Most sentences name no provider, model, place or data category: a sentence the
    combined pattern does not match is skipped without trying each name in turn
    (one search instead of hundreds, a tenth of a review's inventory time).
    """

    def __init__(self, entries: dict[str, list[str]]) -> None:
        super().__init__((name, Words.of(patterns)) for name, patterns in entries.items())
        everything = [pattern for patterns in entries.values() for pattern in patterns]
        alternatives = "|".join(f"(?:{p})" for p in everything)
        # Case-insensitive over all of them: a superset of what each name's own
        # (case-sensitive for all-capitals names) patterns match.
        self.any = (
            re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
            if everything
            else None
        )

    def may_name(self, text: str) -> bool:
        return self.any is not None and self.any.search(text) is not None


class CompiledVocabulary:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.ai_strong = Words.of(vocabulary.ai_use.strong)
        self.capital_ai = re.compile(vocabulary.ai_use.capital_ai)

        def table(entries: dict[str, list[str]]) -> WordTable:
            return WordTable(entries)

        self.ai_providers = table(vocabulary.ai_providers)
        self.ai_models = table(vocabulary.ai_models)
        self.service_providers = table(vocabulary.service_providers)
        self.data_categories = table(vocabulary.data_categories)
        self.locations = table(vocabulary.locations)
        self.law_adjectives = dict(vocabulary.law_adjectives)


def load_vocabulary(text: str) -> CompiledVocabulary:
    return CompiledVocabulary(Vocabulary.model_validate(yaml.safe_load(text)))


@cache
def vocabulary() -> CompiledVocabulary:
    text = resources.files("reviewer.inventory").joinpath("vocabulary.yaml").read_text("utf-8")
    return load_vocabulary(text)


# ---------------------------------------------------------------- extraction


@dataclass(frozen=True)
class _Sentence:
    text: str
    section: str | None
    headings: str  # the clause's heading path, lower-cased


def _sentences(segmented: SegmentedDocument) -> list[_Sentence]:
    out = []
    for sentence in segmented.sentences:
        clause = segmented.clauses[sentence.clause] if segmented.clauses else None
        section = headings = None
        if clause is not None:
            section = clause.number or clause.part
            headings = " / ".join([*clause.heading_path, clause.heading or ""]).lower()
        out.append(_Sentence(sentence.text, section, headings or ""))
    return out


def _passage(sentence: _Sentence) -> Passage:
    text = sentence.text.strip()
    if len(text) > EVIDENCE_CHARS:
        text = text[: EVIDENCE_CHARS - 1] + "…"
    return Passage(text=text, section=sentence.section)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# -- AI use --------------------------------------------------------------

_LAW_NAME = re.compile(r"\bAI Act\b|\bArtificial Intelligence Act\b", re.IGNORECASE)
_SERVICE_WORDS = re.compile(
    r"\b(?:service|services|platform|product|features?|software|we|our|provider|vendor|"
    r"supplier|processor|offer\w*|provid\w*|uses?|using|powered)\b",
    re.IGNORECASE,
)


def _ai_use(
    sentences: Sequence[_Sentence], words: CompiledVocabulary, names: Sequence[str]
) -> tuple[Literal["yes", "no", "unclear"], list[Passage]]:
    """Whether the service uses AI, from the sentences that say so. A company called
    "Acme AI, Inc." or a law called the "AI Act" says nothing about the service."""
    strong: list[_Sentence] = []
    weak: list[_Sentence] = []
    own_names = [re.compile(re.escape(n), re.IGNORECASE) for n in names if n]
    for sentence in sentences:
        text = _LAW_NAME.sub(" ", sentence.text)
        for pattern in own_names:
            text = pattern.sub(" ", text)
        if words.ai_strong.search(text) or words.capital_ai.search(text):
            (strong if _SERVICE_WORDS.search(text) else weak).append(sentence)
    if len(strong) >= 2 or (strong and len(strong) + len(weak) >= 3):
        return "yes", [_passage(s) for s in strong[:MAX_EVIDENCE]]
    if strong or weak:
        return "unclear", [_passage(s) for s in (strong + weak)[:MAX_EVIDENCE]]
    return "no", []


def _named(sentences: Sequence[_Sentence], table: WordTable, exclude: Sequence[str]) -> list[str]:
    found: list[str] = []
    lowered = [e.lower() for e in exclude if e]
    for sentence in sentences:
        if not table.may_name(sentence.text):
            continue
        for name, pattern in table.items():
            if name in found:
                continue
            match = pattern.search(sentence.text)
            if match is None:
                continue
            if any(name.lower() in e or match.group(0).lower() in e for e in lowered):
                continue  # the vendor itself is no third party
            found.append(name)
    return found


# -- data categories -------------------------------------------------------

_DATA_CONTEXT = re.compile(
    r"\b(?:personal data|data|information|categor\w+|types? of|includ\w*|such as|collect\w*|"
    r"process\w*|submit\w*|upload\w*|provid\w*)\b",
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"[\"“”](?:special categor|sensitive|personal data)", re.IGNORECASE)


def _data_categories(sentences: Sequence[_Sentence], words: CompiledVocabulary) -> list[str]:
    found: list[str] = []
    for sentence in sentences:
        text = sentence.text
        if not _DATA_CONTEXT.search(text) or _DEFINITION.search(text):
            continue
        if not words.data_categories.may_name(text):
            continue
        for name, pattern in words.data_categories.items():
            if name not in found and pattern.search(text):
                found.append(name)
    order = list(words.data_categories)
    return sorted(found, key=order.index)


# -- locations --------------------------------------------------------------

_HOSTING = re.compile(
    r"\b(?:host\w*|stor(?:e|ed|es|ing|age)|data (?:cent(?:er|re)s?|residency)|servers?|regions?|"
    r"located|locations?|transfer\w*|process(?:ed|es|ing)?\b(?! of)|infrastructure|reside\w*|"
    r"outside|within|cross-border|international)",
    re.IGNORECASE,
)
# Places that are not where data goes: laws, courts, addresses, currencies, authorities.
_NOT_A_LOCATION = re.compile(
    r"\b(?:laws?|legislation|regulations?|courts?|jurisdiction|governed|venue|arbitration|"
    r"supervisory authorit\w+|commission|dollars?|euros?|citizens?|residents?|tax\w*|"
    r"customers? (?:outside|in|from)|users? (?:outside|in|from)|incorporated|registered)\b",
    re.IGNORECASE,
)
_ADJECTIVAL = re.compile(
    r"\s*(?:standard contractual|sccs?\b|gdpr|general data|data protection|privacy|addendum|"
    r"idta|representative|directive|regulation|member state|u\.?s\.? )",
    re.IGNORECASE,
)
_LAW_BEFORE = re.compile(r"(?:regulation|directive)\s*\(?\s*$", re.IGNORECASE)
_ADDRESS = re.compile(
    r"\b\d{4,6}\b|\b[A-Z]{2}\s*[-–]\s*USA\b|\bstreet\b|\bstraße\b|\bsuite\b", re.IGNORECASE
)


def _locations(
    sentences: Sequence[_Sentence], words: CompiledVocabulary
) -> tuple[list[str], list[Passage]]:
    codes: list[str] = []
    evidence: list[Passage] = []
    for sentence in sentences:
        text = sentence.text
        if not _HOSTING.search(text) or not words.locations.may_name(text):
            continue
        companies = [(m.start(), m.end()) for m in _COMPANY.finditer(text)]
        found: list[tuple[int, str]] = []
        for code, pattern in words.locations.items():
            for match in pattern.finditer(text):
                window = text[max(0, match.start() - 60) : match.end() + 30]
                if _NOT_A_LOCATION.search(window) or _ADDRESS.search(window):
                    continue
                if any(a <= match.start() < b for a, b in companies):
                    continue  # "Acme Germany GmbH" is a company, not a place
                if _ADJECTIVAL.match(text, match.end()) or _LAW_BEFORE.search(
                    text, max(0, match.start() - 20), match.start()
                ):
                    continue  # "EU Standard Contractual Clauses", "Regulation (EU)": not a place
                found.append((match.start(), code))
                break
        for _, code in sorted(found):  # in the order the contract names them
            if code in codes:
                continue
            codes.append(code)
            if len(evidence) < MAX_EVIDENCE and all(
                e.text != _passage(sentence).text for e in evidence
            ):
                evidence.append(_passage(sentence))
    return codes, evidence


# -- subprocessors ------------------------------------------------------------

_SUBPROCESSOR_CONTEXT = re.compile(
    r"\bsub-?\s?processors?\b|\bsub-?contractors?\b|\bthird[- ]party (?:service )?providers?\b|"
    r"\bhosting providers?\b|\bcloud (?:service )?providers?\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"(?<![\w&])[A-Z0-9][\w&.'’-]*(?:[ \t]+(?:[A-Z0-9&][\w&.'’-]*|of|and|de))*?,?[ \t]+"
    r"(?:Inc|LLC|L\.L\.C|LLP|Ltd|Limited|GmbH|AG|plc|B\.V|BV|S\.A|SA|SAS|SARL|S\.à r\.l|SE|AB|"
    r"Oy|ApS|AS|A/S|NV|N\.V|SpA|S\.p\.A|Srl|S\.r\.l|Pty|Corp|Corporation|Co|KG|LP|PBC)\b\.?"
)
_LIST_AFTER = re.compile(
    r"\b(?:are|include|includes|including|namely|as follows)\b:?\s+(?P<list>[^.;]+)"
)
_LIST_ITEM = re.compile(r"^(?:the\s+)?(?P<name>[A-Z0-9][\w&.'’-]*(?:\s+[A-Z0-9][\w&.'’-]*){0,3})$")
_ROLE_WORDS = re.compile(
    r"\b(?:controllers?|processors?|customers?|clients?|providers?|part(?:y|ies)|affiliates?|"
    r"users?|subscribers?|licensees?|vendors?|suppliers?|data|services?)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = {
    "The", "This", "Such", "Any", "Our", "Customer", "Client", "Controller", "Processor",
    "Sub-processor", "Subprocessor", "Sub-processors", "Subprocessors", "Services", "Service",
    "Agreement", "DPA", "Personal Data", "Data", "Company", "Provider", "EU", "EEA", "GDPR",
    "Annex", "Appendix", "Schedule", "Exhibit", "Name", "Entity", "Purpose", "Location",
}  # fmt: skip


def _place_patterns(words: CompiledVocabulary) -> list[re.Pattern[str]]:
    return [
        p for w in words.locations.values() for p in (w.sensitive, w.insensitive) if p is not None
    ]


_TABLE_HEADER = re.compile(
    r"^(?:(?:name|entity|company|provider|vendor)(?: of)?(?: (?:the )?sub-?processors?)?|"
    r"sub-?processors?(?: name)?)$",
    re.IGNORECASE,
)


def _strip_company(name: str) -> str:
    return re.sub(
        r",?\s+(?:Inc|LLC|Ltd|Limited|GmbH|AG|plc|AB|SA|SAS|SARL|SE|BV|B\.V|Corp|Co)\.?$", "", name
    ).strip(" ,")


def _subprocessors(
    segmented: SegmentedDocument,
    sentences: Sequence[_Sentence],
    words: CompiledVocabulary,
    exclude: Sequence[str],
) -> tuple[list[str], list[Passage]]:
    names: list[str] = []
    evidence: list[Passage] = []
    excluded = {e.lower() for e in exclude if e}

    def add(name: str, sentence: _Sentence, *, known: bool = False) -> None:
        name = name.strip(" ,;:*_()")
        if not name or name in _NOT_A_NAME or len(name) < 2:
            return
        if not known and _ROLE_WORDS.search(name) and not _COMPANY.fullmatch(name):
            return  # "Data Controllers", "our Affiliates": roles, not names
        if not known and any(pattern.fullmatch(name) for pattern in _place_patterns(words)):
            return  # "Switzerland" in a list of transfer destinations
        key = _strip_company(name).lower()
        if not key or key in excluded or any(key in e or e in key for e in excluded if len(e) > 3):
            return
        if any(_strip_company(n).lower() == key for n in names):
            return
        # A known provider under its usual name, else the name as the contract gives it.
        canonical = next(
            (p for p, pattern in words.service_providers.items() if pattern.search(name)), None
        )
        if canonical and canonical in names:
            return
        names.append(canonical or name)
        if len(evidence) < MAX_EVIDENCE and all(
            e.text != _passage(sentence).text for e in evidence
        ):
            evidence.append(_passage(sentence))

    for sentence in sentences:
        in_context = bool(_SUBPROCESSOR_CONTEXT.search(sentence.text)) or (
            "processor" in sentence.headings or "subcontractor" in sentence.headings
        )
        if not in_context:
            continue
        text = sentence.text
        if words.service_providers.may_name(text):
            for name, pattern in words.service_providers.items():
                if pattern.search(text):
                    add(name, sentence, known=True)
        for match in _COMPANY.finditer(text):
            add(match.group(0), sentence)
        listed = _LIST_AFTER.search(text)
        if listed and _SUBPROCESSOR_CONTEXT.search(text[: listed.start()]):
            for item in re.split(r",\s*|\s+and\s+", listed.group("list")):
                item_match = _LIST_ITEM.match(item.strip())
                if item_match:
                    add(item_match.group("name"), sentence)
    # Tables listing subprocessors: the first cell of each row under such a heading.
    for block in segmented.document.blocks:
        if block.kind != "table_row":
            continue
        clause = segmented.clause_at(block.start)
        headings = " ".join([*clause.heading_path, clause.heading or ""]).lower() if clause else ""
        if "processor" not in headings and "subcontractor" not in headings:
            continue
        cells = [c.strip(" *_") for c in block.text.split("|") if c.strip(" *_")]
        if len(cells) < 2 or _TABLE_HEADER.search(cells[0]):
            continue
        name = re.sub(r"\s*\(.*$", "", cells[0]).strip()  # "NexMo Inc (aka Vonage)"
        if len(name.split()) <= 6 and name[:1].isalnum() and any(c.isupper() for c in name):
            add(name, _Sentence(block.text, clause.number if clause else None, headings))
    return names, evidence


# -- governing law -------------------------------------------------------------

_PLACE = (
    r"(?P<place>(?:(?:State|Commonwealth|Province|Republic|Kingdom|Federal Republic) of\s+)?"
    r"[A-Z][\w'’.]*(?:\s+(?:[A-Z][\w'’.]*|and|of))*)"
)
_LAW_OF = re.compile(
    r"\b(?:governed by|construed (?:in accordance with|under)|interpreted (?:in accordance with|"
    r"under))\b[^;]{0,80}?\b(?<!protection )(?<!privacy )(?:the\s+)?[Ll]aws?\s+of\s+(?:the\s+)?"
    + _PLACE
    + r"|\bsubject to\s+(?:the\s+)?laws?\s+of\s+(?:the\s+)?"
    + _PLACE.replace("?P<place>", "?P<place2>"),
)
_LAW_ADJECTIVE = re.compile(
    r"\b(?:governed by|(?:agreement|terms|dpa|contract|addendum)\s+(?:shall be |is |are )?subject to|"
    r"construed (?:in accordance with|under))\b[^.;]{0,60}?\b(?P<adjective>[A-Z][a-z]+)\s+law\b",
    re.IGNORECASE,
)
_OWN_LAW = re.compile(
    r"\b(?:this|these|the)\s+(?:\w+\s+){0,3}(?:agreement|terms|dpa|addendum|contract|tac|tos)\b"
    r"[^.;]{0,120}\b(?:governed|subject to|construed)\b",
    re.IGNORECASE,
)
# A governing-law clause of the Standard Contractual Clauses (or the parties choosing the
# law for them) is not the contract's own choice of law.
_SCC = re.compile(
    r"\b(?:clauses|SCCs?|IDTA)\s+(?:shall|will|are|is)\s+(?:be\s+)?governed\b|"
    r"\bselect the laws?\b|\bclause 17\b|\boption 1\b|\btransfers? subject to\b",
    re.IGNORECASE,
)
US_STATES = {
    "California", "Delaware", "New York", "Washington", "Texas", "Massachusetts", "Illinois",
    "Colorado", "Virginia", "Florida", "Oregon", "Utah", "Georgia", "Nevada", "New Jersey",
}  # fmt: skip


_NOT_A_PLACE = re.compile(
    r"^(?:the\s+)?(?:agreement|terms|services?|clauses|company|customer|provider|supplier|"
    r"vendor|parties|party|jurisdiction|country|member states?|eu member states?)\b",
    re.IGNORECASE,
)
PLACE_NAMES = {
    "Federal Republic of Germany": "Germany", "United States of America": "United States",
    "U.S.": "United States", "U.S.A.": "United States", "USA": "United States",
    "People's Republic of China": "China", "People’s Republic of China": "China",
    "PRC": "China", "Kingdom of Sweden": "Sweden", "Kingdom of the Netherlands": "Netherlands",
    "Republic of Singapore": "Singapore", "Republic of Kazakhstan": "Kazakhstan",
}  # fmt: skip


def _place(raw: str) -> str | None:
    """The place a governing-law clause names, as a reader says it; None if it names none."""
    place = re.sub(r"\s+(?:and|of)$", "", raw.strip())
    place = re.sub(r"\s+in the mainland$", "", place)
    if not place.endswith(("U.S.", "U.S.A.")):
        place = place.rstrip(".")
    place = PLACE_NAMES.get(place, place)
    place = re.sub(r"^(?:State|Commonwealth) of\s+", "", place)
    if place in US_STATES:
        return f"{place}, US"
    if _NOT_A_PLACE.match(place):
        return None
    return place


def _governing_law(
    sentences: Sequence[_Sentence], words: CompiledVocabulary
) -> tuple[str | None, Passage | None]:
    candidates: list[tuple[int, str, _Sentence]] = []
    for sentence in sentences:
        text = sentence.text
        if "law" not in text.lower():
            continue
        # The contract's own choice of law first; one for the Standard Contractual Clauses
        # (or for transfers) only says which law governs those.
        rank = 0 if _OWN_LAW.search(text) else 2 if _SCC.search(text) else 1
        match = _LAW_OF.search(text)
        raw = (match.group("place") or match.group("place2")) if match else None
        place = _place(raw) if raw else None
        if place:
            candidates.append((rank, place, sentence))
            continue
        adjective = _LAW_ADJECTIVE.search(text)
        if adjective and adjective.group("adjective").capitalize() in words.law_adjectives:
            place = words.law_adjectives[adjective.group("adjective").capitalize()]
            candidates.append((rank, place, sentence))
    # "the law of the Member State where ..." names no place.
    usable = sorted(
        (c for c in candidates if c[0] < 2),
        key=lambda c: c[0],
    )
    if not usable:
        return None, None
    _, place, sentence = usable[0]
    return place, _passage(sentence)


# -- numbers -------------------------------------------------------------------

# Breaches of security, not of contract ("terminate for material breach on 30 days' notice").
_BREACH = re.compile(
    r"\b(?:(?:personal )?data breach|security (?:breach|incident)|breach of security|"
    r"(?:security |data )?incident)",
    re.IGNORECASE,
)
_NOTIFY = re.compile(r"\bnotif\w*|\binform\w*|\bnotice\b", re.IGNORECASE)
_DELETE = re.compile(r"\b(?:delet\w*|eras\w*|destr\w*|purg\w*)\b", re.IGNORECASE)
_END = re.compile(r"\b(?:terminat\w*|expir\w*|end of|cessation|ceases?|request)\b", re.IGNORECASE)
_AUDIT = re.compile(r"\baudit", re.IGNORECASE)
_COUNT = r"(?:once|one|1|twice|two|2|(?:one|1) \(1\)|(?:two|2) \(2\))"
_PER_PERIOD = re.compile(
    rf"\b(?P<count>{_COUNT})(?:\s+\w+){{0,3}}?\s+(?:in|per|during|within|every|each|a)\s+"
    r"(?:any\s+|each\s+|every\s+|a\s+|one\s+|the\s+)?(?:(?:twelve|12)\s*(?:\(12\)\s*)?[- ]?months?(?:\s+period)?|"
    r"(?:calendar |contract )?years?)\b",
    re.IGNORECASE,
)


def audits_per_year(text: str) -> float | None:
    """Times a year an audit may happen ("no more than once in any twelve (12) month
    period" -> 1, "one (1) audit in every twelve (12) months" -> 1)."""
    match = _PER_PERIOD.search(text)
    if match:
        count = match.group("count").lower()
        return 2.0 if count.startswith(("twice", "two", "2")) else 1.0
    return extract_frequency(text)


def _finding_value(findings: Sequence[Finding], requirement: str, key: str) -> float | None:
    for finding in findings:
        if finding.requirement == requirement and finding.status in ("met", "partial"):
            value = finding.extracted.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
    return None


def _numbers(
    sentences: Sequence[_Sentence], findings: Sequence[Finding]
) -> tuple[float | None, float | None, float | None]:
    hours = _finding_value(findings, "incidents.breach-notification", "hours")
    days = _finding_value(findings, "deletion.return-or-delete", "days")
    frequency = None
    for sentence in sentences:
        text = sentence.text
        if hours is None and _BREACH.search(text) and _NOTIFY.search(text):
            value = extract_hours(text)
            if value:
                hours = value
        if days is None and _DELETE.search(text) and _END.search(text):
            value = extract_days(text)
            if value:
                days = value
        if frequency is None and _AUDIT.search(text):
            frequency = audits_per_year(text)
    return hours, days, frequency


# ---------------------------------------------------------------- the whole


_ACTOR = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,2})\s+(?:shall|will|may|must|"
    r"undertakes|processes|provides|uses|engages|ensures|agrees|declares|maintains)\b"
)
_NOT_AN_ACTOR = re.compile(
    r"^(?:the|this|such|each|either|neither|any|it|we|you|they|he|she|if|where|when|"
    r"customer|client|controller|data controller|processor|data processor|sub-?processor|"
    r"provider|service provider|vendor|supplier|licensee|licensor|company|party|parties|"
    r"user|users|subscriber|agreement|dpa|section|clause|annex|schedule|exhibit|appendix)$",
    re.IGNORECASE,
)
# Words that make a subject a thing, not a party: "These Clauses", "Training Data", "API Clients".
_THING = re.compile(
    r"\b(?:clauses?|data|system|systems|clients?|recipient|publisher|terms|services?|software|"
    r"limited|content|outputs?|inputs?|model|models|products?|platform|law|laws|order)\b",
    re.IGNORECASE,
)


def dominant_actor(segmented: SegmentedDocument) -> str | None:
    """The organisation the contract most often makes do things ("Keboola undertakes",
    "Wire shall"): the vendor's name when the contract only calls it "Processor"."""
    counts: dict[str, int] = {}
    for match in _ACTOR.finditer(segmented.document.text):
        name = match.group("name").strip()
        if _NOT_AN_ACTOR.match(name) or name.split()[0].lower() in ("the", "this", "each"):
            continue
        if _THING.search(name) or (
            name in segmented.glossary and (segmented.glossary[name].style == "means")
        ):
            continue
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count >= 3 else None


GENERIC_TERMS = {
    "provider", "service provider", "processor", "data processor", "vendor", "supplier",
    "company", "licensor", "contractor", "data importer",
}  # fmt: skip


def extract_inventory(
    segmented: SegmentedDocument,
    findings: Sequence[Finding],
    vendor: Party | None = None,
    customer: Party | None = None,
) -> Inventory:
    words = vocabulary()
    sentences = _sentences(segmented)
    vendor_names = [n for n in (vendor.name, vendor.term) if n] if vendor else []
    customer_names = [n for n in (customer.name, customer.term) if n] if customer else []
    vendor_name = vendor.name if vendor else None
    if vendor_name is None and (vendor is None or vendor.term.lower() in GENERIC_TERMS):
        vendor_name = dominant_actor(segmented)
    if vendor_name:
        vendor_names.append(vendor_name)
    uses_ai, ai_evidence = _ai_use(sentences, words, vendor_names)
    locations, location_evidence = _locations(sentences, words)
    subprocessors, subprocessor_evidence = _subprocessors(
        segmented, sentences, words, vendor_names + customer_names
    )
    law, law_evidence = _governing_law(sentences, words)
    hours, days, frequency = _numbers(sentences, findings)
    return Inventory(
        vendor=vendor_name or (vendor.term if vendor else None),
        vendor_term=vendor.term if vendor else None,
        customer=(customer.name or customer.term) if customer else None,
        uses_ai=uses_ai,
        ai_evidence=ai_evidence,
        ai_providers=_named(sentences, words.ai_providers, vendor_names),
        ai_models=_named(sentences, words.ai_models, vendor_names),
        data_categories=_data_categories(sentences, words),
        locations=locations,
        location_evidence=location_evidence,
        subprocessors=subprocessors,
        subprocessor_evidence=subprocessor_evidence,
        governing_law=law,
        governing_law_evidence=law_evidence,
        breach_notice_hours=hours,
        deletion_days=days,
        audits_per_year=frequency,
    )
