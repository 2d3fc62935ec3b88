"""The inventory record of one contract (part of the JSON report)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Passage(BaseModel):
    text: str
    section: str | None = None


class Inventory(BaseModel):
    """What one contract says about the vendor and its use of AI and data."""

    vendor: str | None = None  # full name where the contract gives it, else its short name
    vendor_term: str | None = None  # how the contract calls it: "Supplier", "GitHub"
    customer: str | None = None
    uses_ai: Literal["yes", "no", "unclear"] = "no"
    ai_evidence: list[Passage] = Field(default_factory=list)
    ai_providers: list[str] = Field(default_factory=list)  # third parties, not the vendor
    ai_models: list[str] = Field(default_factory=list)
    data_categories: list[str] = Field(default_factory=list)
    locations: list[str] = Field(default_factory=list)  # ISO codes and EU / EEA
    location_evidence: list[Passage] = Field(default_factory=list)
    subprocessors: list[str] = Field(default_factory=list)
    subprocessor_evidence: list[Passage] = Field(default_factory=list)
    governing_law: str | None = None
    governing_law_evidence: Passage | None = None
    breach_notice_hours: float | None = None
    deletion_days: float | None = None
    audits_per_year: float | None = None
