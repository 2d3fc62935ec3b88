"""Comparing two versions of a contract (the second round of a negotiation)."""

from reviewer.compare.core import (
    Comparison,
    RequirementChange,
    compare_paths,
    compare_reports,
)

__all__ = ["Comparison", "RequirementChange", "compare_paths", "compare_reports"]
