"""List items are read with their lead-in, whatever marks them (rule detector)."""

from __future__ import annotations

import pytest

from reviewer.engine import ReviewEngine

REQUIREMENT = "government.notify-customer"

LEAD_IN = "Harbourline will promptly inform the Customer about:"
ORDER = (
    "any binding order from a court or public authority for Customer Personal Data, "
    "unless the law forbids it."
)

MARKED = f"""# Harbourline Data Processing Terms

1. Requests for Data

    1. {LEAD_IN}

        (a) any change to its security measures; and

        (b) {ORDER}
"""

MARKDOWN_BULLETS = f"""# Harbourline Data Processing Terms

1. Requests for Data

    1. {LEAD_IN}

        - any change to its security measures; and
        - {ORDER}
"""

PLAIN_PARAGRAPHS = f"""# Harbourline Data Processing Terms

## Requests for Data

Harbourline will promptly inform the Customer about the following:

Any change to its security measures.

{ORDER[0].upper()}{ORDER[1:]}
"""

# Text as a PDF gives it: bullets in the text, a lead-in that ends in "including".
TEXT_BULLETS = f"""Harbourline Data Processing Terms

5. Requests

Harbourline will promptly inform the Customer of events affecting its data, including

\u2022 any change to its security measures; and

\u2022 {ORDER}
"""


def _status(text: str, name: str = "t.md") -> tuple[str, list[str]]:
    report = ReviewEngine(use_model=False).review_text(text, name)
    finding = next(f for f in report.findings if f.requirement == REQUIREMENT)
    return finding.status, [e.text for e in finding.evidence]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (MARKED, "t.md"),
        (MARKDOWN_BULLETS, "t.md"),
        (PLAIN_PARAGRAPHS, "t.md"),
        (TEXT_BULLETS, "t.txt"),
    ],
    ids=["marked", "markdown-bullets", "plain-paragraphs", "text-bullets-including"],
)
def test_an_item_is_read_with_its_lead_in(text: str, name: str) -> None:
    # "inform the Customer about: ... any binding order from a public authority"
    # is the promise, however the list marks its items.
    status, evidence = _status(text, name)
    assert status == "met"
    assert any("binding order" in quote for quote in evidence)
    assert any("inform the Customer" in quote for quote in evidence)


NEXT_CLAUSE = """# Harbourline Service Terms

3. Maintenance

    Harbourline will promptly inform the Customer about:

    (a) any planned maintenance of the Service; and

    (b) any change to the fees.

4. Any binding order from a court or public authority for Customer Personal Data is handled
   as the law requires.
"""


def test_the_next_clause_is_not_an_item_of_the_list_before_it() -> None:
    # "4." after items "(a)" and "(b)" is a new clause, not a third item: nothing
    # here promises to tell the customer about the order.
    status, _ = _status(NEXT_CLAUSE)
    assert status == "missing"


CLOSED_LIST = """# Harbourline Service Terms

## Maintenance

Harbourline will promptly inform the Customer about the following:

any change to its security measures; and

any planned maintenance of the Service.

Any binding order from a court or public authority for Customer Personal Data is handled as the
law requires.
"""


def test_a_paragraph_after_the_last_item_is_not_an_item() -> None:
    # Items ending "; and" then "." close the list; the paragraph after it stands alone.
    status, _ = _status(CLOSED_LIST)
    assert status == "missing"


ITEM_WITH_CARVE_OUT = """# Harbourline Service Terms

## Providers

The Provider may:

- engage subprocessors to host the Service. The Customer may object to any new subprocessor
  within thirty days of being told of it.
- change the look of the dashboard.
"""


def test_a_carve_out_later_in_the_item_blocks_the_cue() -> None:
    # "The Provider may: engage subprocessors" reads as a free hand; the item's
    # second sentence gives the customer an objection right.
    report = ReviewEngine(use_model=False).review_text(ITEM_WITH_CARVE_OUT, "t.md")
    finding = next(f for f in report.findings if f.requirement == "subprocessors.authorization")
    assert finding.status != "conflict"
    vetoed = [s for s in finding.trail if s.get("step") == "vetoed" and s.get("cue") == "free-use"]
    assert vetoed
