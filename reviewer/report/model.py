"""The JSON report (see the shared report contract): pydantic models.

Fields are only ever added, never renamed; `schema_version` goes up when a
field's meaning changes.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from reviewer.inventory.model import Inventory

SCHEMA_VERSION = 1


class ToolInfo(BaseModel):
    name: str = "contract-reviewer"
    version: str
    library_version: str
    model: str | None = None


class Party(BaseModel):
    term: str  # how the contract refers to the party: "Supplier", "GitHub"
    name: str | None = None  # full name where given: "Lumen Insight GmbH"
    article: bool = False  # the contract writes "the Supplier"


class PartyRoles(BaseModel):
    vendor: Party | None = None
    customer: Party | None = None


class DocumentInfo(BaseModel):
    path: str
    sha256: str
    format: str
    pages: int | None = None
    kind: str
    kind_cue: str | None = None
    parties: list[str] = Field(default_factory=list)
    # Which party is the vendor and which the customer (added in schema 1).
    roles: PartyRoles = Field(default_factory=PartyRoles)
    warnings: list[str] = Field(default_factory=list)
    # The language of most of the text ("ru"), each recognised language's share
    # of the text, and the languages whose text the findings rest on.
    language: str | None = None
    languages: dict[str, float] = Field(default_factory=dict)
    reviewed_languages: list[str] = Field(default_factory=list)

    def language_line(self, t: Any = None) -> str:
        """ "Russian 52 %, Kazakh 48 % (read: Russian)"; `t` is a report message catalogue."""
        from reviewer.language import language_name

        def name(code: str) -> str:
            return t.get(f"language_name.{code}", language_name(code)) if t else language_name(code)

        if not self.languages:
            return t.get("facts.language_unknown", "not recognised") if t else "not recognised"
        shares = ", ".join(f"{name(code)} {share:.0%}" for code, share in self.languages.items())
        read = ", ".join(name(code) for code in self.reviewed_languages) or "-"
        if t:
            return t.get(
                "facts.language_read", f"{shares} (read: {read})", shares=shares, read=read
            )
        return f"{shares} (read: {read})"


class ParallelPassage(BaseModel):
    """The same passage in another language of a bilingual contract (added in schema 1)."""

    language: str  # "kk"
    text: str
    section: str | None = None
    page: int | None = None
    start: int
    end: int


class Evidence(BaseModel):
    text: str
    section: str | None = None
    heading: str | None = None
    page: int | None = None
    start: int
    end: int
    detector: str
    score: float
    # What the passage does for the finding (added in schema 1): "decides" (the clause
    # the status rests on), "other-way" (cited because it points to another status),
    # "mention" (touches the topic without deciding it).
    role: str = "decides"
    # The status this passage on its own points to (None for a mention).
    points_to: str | None = None
    # The language of the passage, and (bilingual contracts) the same passage in the
    # contract's other language(s) where the layout pairs them: the other cell of a
    # table row, the paragraph beside it in the other column, or its numbered twin.
    language: str | None = None
    parallel: list[ParallelPassage] = Field(default_factory=list)


class Finding(BaseModel):
    requirement: str
    topic: str
    title: str
    status: str  # met | partial | conflict | missing | not-applicable
    severity: str
    confidence: float
    evidence: list[Evidence] = Field(default_factory=list)
    explanation: str
    extracted: dict[str, Any] = Field(default_factory=dict)
    recommendation: str
    # The recommendation in parts (added in schema 1), so outputs can show and copy
    # the clause alone: what to do (keep | strengthen | replace | add | none), the
    # clause language in the contract's own party names, and a fallback position.
    action: str = "none"
    recommended_clause: str = ""
    fallback_clause: str = ""
    # Who decided the status ("rules" or "model:review-model"), the rules' own
    # reading where the model decided otherwise, and the steps that led there
    # (cues and the words they matched, carve-outs that blocked a cue, the
    # sentences the relevance model ranked, the model's probabilities).
    decided_by: str = "rules"
    rule_status: str | None = None
    trail: list[dict[str, Any]] = Field(default_factory=list)


class Summary(BaseModel):
    met: int = 0
    partial: int = 0
    conflict: int = 0
    missing: int = 0
    not_applicable: int = 0
    highest_severity_gap: str | None = None


class Report(BaseModel):
    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    document: DocumentInfo
    profile: str
    # Topic id -> title, in the library's order (added in schema 1; renderers group by it).
    topics: dict[str, str] = Field(default_factory=dict)
    parameters: dict[str, dict[str, Any]] = Field(default_factory=dict)
    findings: list[Finding]
    summary: Summary
    timings_ms: dict[str, float] = Field(default_factory=dict)
    # What the contract says about the vendor, its AI, data and places (added in schema 1;
    # None in reports made before it).
    inventory: Inventory | None = None
    # The language the engine wrote titles, explanations and recommendations in
    # ("ru" for a Russian contract by default; added in schema 1, None in older
    # reports): renderers print their own words in it too.
    report_language: str | None = None

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)
