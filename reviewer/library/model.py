"""Pydantic models of the clause library: requirements, concepts, profiles.

Unknown keys are errors (`extra="forbid"`) so a typo in a rule file fails
loudly instead of silently disabling a check.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Severity = Literal["critical", "high", "medium", "low"]
CueStatus = Literal["met", "partial", "conflict"]
Status = Literal["met", "partial", "conflict", "missing", "not-applicable"]
ExampleStatus = Literal["met", "partial", "conflict", "missing"]
Extractor = Literal["hours", "days", "countries", "frequency"]

SEVERITY_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3, "critical": 4}
# Weaker positions first: at equal priority the weaker status wins.
STATUS_STRENGTH: dict[str, int] = {"conflict": 0, "partial": 1, "met": 2}
DEFAULT_PRIORITY: dict[str, int] = {"conflict": 30, "met": 20, "partial": 10}

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusMeanings(_Strict):
    met: str
    partial: str
    conflict: str
    missing: str


class Compare(_Strict):
    parameter: str
    otherwise: CueStatus = "partial"


class Near(_Strict):
    """A proximity pattern: every term occurs within `within` words, in any order.

    `near: ['{vendor}', 'уведомл\\w*', '{breach}'], within: 12` matches
    "об инциденте Исполнитель уведомляет" and "Исполнитель уведомляет об
    инциденте" alike: Russian word order is free, and spelling out every order
    as a regex does not scale. Each term is a pattern (regex with `{concept}`)
    matched as whole words.
    """

    near: list[str] = Field(min_length=2)
    within: int = Field(default=10, ge=1, le=80)


class AnyOf(_Strict):
    """Any one of several patterns: `any: ['regex', {near: [...], within: N}]`.

    For the lists that require every entry (`all`, `document_all`), where one
    entry may be satisfied in more than one way.
    """

    any: list[str | Near] = Field(min_length=2)


# A pattern is a regex (with `{concept}` references), a proximity group, or a choice.
PatternSpec = str | Near | AnyOf


class Cue(_Strict):
    id: str
    status: CueStatus
    patterns: list[PatternSpec] = Field(min_length=1)
    all: list[PatternSpec] = Field(default_factory=list)
    unless: list[PatternSpec] = Field(default_factory=list)
    # Conditions on the whole document, e.g. "the service has AI features":
    # each document_all pattern must occur somewhere, no document_none pattern may.
    document_all: list[PatternSpec] = Field(default_factory=list)
    document_none: list[PatternSpec] = Field(default_factory=list)
    scope: Literal["sentence", "clause"] = "sentence"
    extract: Extractor | None = None
    compare: Compare | None = None
    priority: int | None = None
    explanation: str
    # Cues of a language pack explain themselves in their language; this is the
    # same explanation in English, for a report on the contract in English.
    explanation_en: str | None = None

    @property
    def effective_priority(self) -> int:
        return self.priority if self.priority is not None else DEFAULT_PRIORITY[self.status]

    @model_validator(mode="after")
    def _compare_needs_extract(self) -> Cue:
        if self.compare is not None and self.extract is None:
            raise ValueError("compare needs extract (which value to compare)")
        return self


class DetectionRules(_Strict):
    anchors: list[PatternSpec] = Field(min_length=1)
    cues: list[Cue] = Field(default_factory=list)
    mentioned_status: CueStatus | None = None

    @model_validator(mode="after")
    def _unique_cue_ids(self) -> DetectionRules:
        seen: set[str] = set()
        for cue in self.cues:
            if cue.id in seen:
                raise ValueError(f"duplicate cue id {cue.id!r}")
            seen.add(cue.id)
        return self


class Recommendation(_Strict):
    preferred: str
    fallback: str


class Example(_Strict):
    status: ExampleStatus
    text: str
    note: str | None = None


class Concept(_Strict):
    description: str | None = None
    patterns: list[str] = Field(min_length=1)
    # Document definitions whose defined term or definition text matches one of
    # the patterns join the concept for that document ("Customer Content").
    defined_terms: bool = False
    # Patterns matched against a definition's text: a term defined as, e.g.,
    # "the files the Customer uploads" joins the concept even if its name does not.
    defined_by: list[str] = Field(default_factory=list)
    # A defined term that matches one of these concepts never joins this one
    # ("Customer" defined in the same sentence as "we" is not the vendor).
    excludes: list[str] = Field(default_factory=list)
    # False for party names: splicing "Customer" (the party identified on the
    # cover page) into a sentence would cut "Customer" off from its verb.
    splice_definitions: bool = True
    # The concept stands for one of the parties: the short and full names the
    # contract gives that party ('Acme Inc. ("Acme")') join it for the document,
    # so "Acme may use ..." reads like "the Provider may use ...".
    party: Literal["vendor", "customer"] | None = None


class LanguagePack(_Strict):
    """One requirement in another language (clause_library/languages/<lang>/<id>.yaml).

    The requirement's id, topic, severity and parameters stay in the English
    file; the pack adds what depends on the language: title, status meanings,
    cues, recommended clauses and examples.
    """

    id: str
    language: str
    title: str
    statuses: StatusMeanings
    notes: str | None = None
    detection: DetectionRules
    recommendation: Recommendation
    examples: list[Example] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cues_explained_in_english(self) -> LanguagePack:
        for cue in self.detection.cues:
            if cue.explanation_en is None:
                raise ValueError(f"cue {cue.id!r}: explanation_en is needed for English reports")
        return self


class LanguageFile(_Strict):
    """clause_library/languages/<lang>/language.yaml: what a language pack shares."""

    language: str
    name: str  # "Русский"
    # lemmas: patterns are matched against the dictionary forms of the words
    # ("персональный данные" matches "персональных данных"); words: the text as is.
    match: Literal["lemmas", "words"] = "lemmas"
    topics: dict[str, str] = Field(default_factory=dict)
    concepts: dict[str, Concept] = Field(default_factory=dict)
    ignore_sentences: list[PatternSpec] = Field(default_factory=list)


class Requirement(_Strict):
    id: str
    topic: str
    title: str
    severity: Severity
    rationale: str
    statuses: StatusMeanings
    notes: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    # Checked only when this parameter is non-empty (e.g. required_countries);
    # otherwise reported as not-applicable.
    applies_if_parameter: str | None = None
    detection: DetectionRules
    recommendation: Recommendation
    examples: list[Example] = Field(default_factory=list)
    # Filled by the loader from clause_library/languages/<lang>/<id>.yaml.
    languages: dict[str, LanguagePack] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"{value!r} is not a dotted lower-case id like 'topic.name'")
        return value

    @model_validator(mode="after")
    def _parameters_exist(self) -> Requirement:
        for cue in [
            *self.detection.cues,
            *(c for p in self.languages.values() for c in p.detection.cues),
        ]:
            if cue.compare and cue.compare.parameter not in self.parameters:
                raise ValueError(
                    f"cue {cue.id!r} compares with unknown parameter {cue.compare.parameter!r}"
                )
        if self.applies_if_parameter and self.applies_if_parameter not in self.parameters:
            raise ValueError(
                f"applies_if_parameter {self.applies_if_parameter!r} is not a parameter"
            )
        return self


class ConceptsFile(_Strict):
    concepts: dict[str, Concept]


class Profile(_Strict):
    name: str
    description: str
    parameters: dict[str, dict[str, Any]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)
    # Requirements whose parameter takes the user's --country (e.g. localisation).
    country_parameter: dict[str, str] = Field(default_factory=dict)


class LibraryFile(_Strict):
    version: str
    name: str = "contract-reviewer default playbook"
    # The language of requirements/*.yaml (titles, cues, recommendations).
    language: str = "en"
    topics: dict[str, str]
    # Sentences that are never evidence for any requirement (survival lists,
    # tables of contents): they mention topics without saying anything about them.
    ignore_sentences: list[str] = Field(default_factory=list)


class Library(BaseModel):
    """A loaded, validated clause library."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    root: Path
    version: str
    name: str
    language: str = "en"
    topics: dict[str, str]
    concepts: dict[str, Concept]
    requirements: dict[str, Requirement]  # in a stable order: topic order, then id
    ignore_sentences: list[str] = Field(default_factory=list)
    profiles: dict[str, Profile]
    # Other languages the playbook reads: concepts, topics and match mode per language.
    language_files: dict[str, LanguageFile] = Field(default_factory=dict)

    def requirement_ids(self) -> list[str]:
        return list(self.requirements)

    @property
    def languages(self) -> frozenset[str]:
        """The languages this playbook has cues for (a document in another is not reviewed)."""
        return frozenset({self.language, *self.language_files})

    def detection_for(self, requirement: Requirement, language: str) -> DetectionRules | None:
        """The detection block that reads `language` text for `requirement` (None: none)."""
        if language == self.language:
            return requirement.detection
        pack = requirement.languages.get(language)
        return pack.detection if pack else None

    def concepts_for(self, language: str) -> dict[str, Concept]:
        if language == self.language:
            return self.concepts
        file = self.language_files.get(language)
        return file.concepts if file else {}
