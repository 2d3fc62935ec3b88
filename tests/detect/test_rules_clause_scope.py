"""Clause-scope cues read the clause's body, not its heading (rule detector)."""

from __future__ import annotations

from reviewer.engine import ReviewEngine
from reviewer.report.model import Finding

DELETION = "deletion.return-or-delete"


def _finding(text: str, requirement: str) -> Finding:
    report = ReviewEngine(use_model=False).review_text(text, "t.md")
    return next(f for f in report.findings if f.requirement == requirement)


def _cues(finding: Finding) -> set[str]:
    return {str(step["cue"]) for step in finding.trail if step.get("step") == "cue"}


RETURN_UNDER_DELETION_HEADING = """# Harbourline Service Terms

## 9. Deletion of Customer Data

When the Agreement terminates, Harbourline will return all Customer Data to the Customer within
30 days.
"""


def test_heading_words_do_not_count_toward_a_cue() -> None:
    # The body promises to hand the data back within 30 days; only the heading
    # says "Deletion", which is a title, not a promise to delete in that time.
    finding = _finding(RETURN_UNDER_DELETION_HEADING, DELETION)
    assert "fixed-period" not in _cues(finding)
    assert finding.status == "partial"


DELETION_UNDER_HEADING = """# Harbourline Service Terms

## 9. Data Deletion

Upon the Customer's request at the end of the Agreement, Harbourline will destroy all Customer
Data within 30 days.
"""


def test_the_heading_is_not_quoted_as_evidence() -> None:
    finding = _finding(DELETION_UNDER_HEADING, DELETION)
    assert finding.status == "met"
    quotes = [e.text for e in finding.evidence]
    assert quotes and quotes[0].startswith("Upon the Customer's request")
    assert not any("Data Deletion" in quote for quote in quotes)


CATEGORIES = """# Harbourline Data Processing Addendum

1. Harbourline processes Customer Personal Data on behalf of the Customer and only on the
   Customer's documented instructions.

## Annex 1 Details of Processing

### 1.2 Categories of Personal Data

- Users: name, email address and job title
- Access logs recording each sign-in and the actions a user takes in the account
"""


def test_a_heading_over_a_list_is_read_as_its_lead_in_and_the_item_is_quoted() -> None:
    # "Categories of Personal Data" introduces the list the way "... the following:"
    # would: the access logs are listed as personal data. The quote is the item.
    finding = _finding(CATEGORIES, "logs.use-restricted")
    assert finding.status == "met"
    quotes = [e.text for e in finding.evidence]
    assert quotes and quotes[0].startswith("Access logs")
    assert not any(quote.endswith("Categories of Personal Data") for quote in quotes)
