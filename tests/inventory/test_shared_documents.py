"""The inventory measured on published agreements: expected values written down by hand.

The agreements are read from ../shared at test time (skipped without it); only the
values a reader would note (names, hours, countries) are written here, never their text.
Figures per field are printed (`pytest -s`) and held to floors that only go up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from reviewer.engine import ReviewEngine
from reviewer.inventory.model import Inventory
from tests.paths import SHARED

SKIP = object()  # not checked for this document (the text is ambiguous)


@dataclass
class Expected:
    vendor: str
    uses_ai: object = "no"
    ai_providers: set[str] = field(default_factory=set)
    locations: set[str] | object = field(default_factory=set)
    subprocessors: set[str] | object = field(default_factory=set)
    governing_law: object = None
    breach_notice_hours: object = None
    deletion_days: object = None
    audits_per_year: object = None


EXPECTED: dict[str, Expected] = {
    "train/keboola-dpa": Expected(
        "Keboola", locations={"EEA"}, subprocessors={"Amazon Web Services", "Snowflake"}
    ),
    "train/plausible-dpa": Expected(
        "Plausible Analytics", locations={"DE", "EU"}, breach_notice_hours=48
    ),
    "train/reviewable-dpa": Expected(
        "Ideanest LLC", locations={"US", "EEA", "GB", "CH"},
        subprocessors={"GitHub", "Google Cloud", "Amazon Web Services", "Stripe", "Postmark",
                       "Google", "Missive", "Slack", "Make"},
        governing_law="California, US", breach_notice_hours=72, deletion_days=SKIP,
        audits_per_year=1,
    ),
    "train/wire-dpa": Expected(
        "Wire", locations={"EU", "CH", "EEA"},
        subprocessors={"Amazon Web Services", "Zeta Project Germany GmbH"},
    ),
    "train/lucidtech-dpa": Expected(
        "Lucidtech", uses_ai="yes", locations={"EU", "EEA"},
        subprocessors={"Amazon Web Services"}, breach_notice_hours=24,
    ),
    "train/travisci-dpa": Expected("Travis", governing_law="Germany"),
    "train/simplelocalize-dpa": Expected(
        "SimpleLocalize", locations={"EU"}, subprocessors={"Amazon Web Services"},
        breach_notice_hours=48, deletion_days=30,
    ),
    "train/berget-dpa": Expected(
        "Berget", uses_ai=SKIP, locations={"EEA"},
        subprocessors={"6G AI Sweden AB", "Acebit AB", "Toriv AB", "Obenet AB", "Stripe"},
        audits_per_year=1,
    ),
    "train/intric-terms": Expected(
        "Intric AB", uses_ai="yes", ai_providers={"Anthropic", "OpenAI", "Cohere", "Meta"},
        governing_law="Sweden", deletion_days=30,
    ),
    "train/jasper-dpa": Expected(
        "Jasper AI", uses_ai=SKIP, locations=SKIP, breach_notice_hours=72, audits_per_year=1,
    ),
    "train/deepseek-api-terms": Expected(
        "DeepSeek", uses_ai="yes", locations=SKIP, governing_law="China",
    ),
    "eval/pydantic-logfire-dpa": Expected(
        "Pydantic Services Inc", locations={"EEA", "CH", "GB", "US"}, breach_notice_hours=72,
        audits_per_year=1,
    ),
    "eval/github-subprocessors": Expected(
        "", uses_ai="yes", ai_providers={"Anthropic", "OpenAI", "xAI", "Fireworks AI"},
        locations=SKIP,
        subprocessors={
            "Amazon Web Services", "Anthropic", "Cloudflare", "Elasticsearch", "Fastly",
            "Fireworks AI", "FullStory", "Google Cloud", "Hewlett-Packard", "LambdaTest",
            "Microsoft Azure", "Microsoft", "Moveworks", "NexMo", "Obsidian Security", "OpenAI",
            "Oracle America", "Pusher", "Tines Automation", "Twilio", "SendGrid", "xAI", "Zendesk",
        },
    ),
    "eval/github-dpa-2023": Expected(
        "GitHub, Inc.", locations=SKIP, deletion_days=SKIP,
    ),
}  # fmt: skip
# Written down after the extractor above was settled and not tuned on since: the honest
# figure for documents it was not adjusted to (`HELD_OUT` in the printed table).
HELD_OUT: dict[str, Expected] = {
    "train/fortrabbit-dpa": Expected(
        "fortrabbit", locations={"EU", "EEA", "US"}, subprocessors={"Amazon Web Services"},
        breach_notice_hours=24, deletion_days=SKIP, audits_per_year=SKIP,
    ),
    "train/cryptlex-dpa": Expected(
        "Cryptlex", locations={"EEA"}, deletion_days=SKIP, audits_per_year=SKIP,
    ),
    "train/zitadel-dpa": Expected(
        "Zitadel", locations={"CH", "EU", "US", "EEA", "GB"}, breach_notice_hours=SKIP,
        deletion_days=SKIP, audits_per_year=1,
    ),
}  # fmt: skip


def _norm(name: str) -> str:
    name = re.sub(r",?\s+(?:Inc|LLC|Ltd|Limited|GmbH|AB|PBC|SARL|SA|Corp)\.?$", "", name)
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _matches(expected: str, found: list[str]) -> bool:
    want = _norm(expected)
    return any(want == _norm(f) or want in _norm(f) or _norm(f) in want for f in found if _norm(f))


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    found: int = 0  # extracted items (precision's denominator), for set fields
    found_right: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok


def score(results: dict[str, Inventory], expected: dict[str, Expected]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}

    def tally(name: str) -> Tally:
        return tallies.setdefault(name, Tally())

    for key, want in expected.items():
        got = results[key]
        if want.vendor:
            tally("vendor").add(want.vendor.lower() in (got.vendor or "").lower())
        if want.uses_ai is not SKIP:
            tally("uses_ai").add(got.uses_ai == want.uses_ai)
        for name in ("governing_law", "breach_notice_hours", "deletion_days", "audits_per_year"):
            expected = getattr(want, name)
            if expected is not SKIP:
                tally(name).add(getattr(got, name) == expected)
        for name, found in (("ai_providers", got.ai_providers), ("locations", got.locations),
                            ("subprocessors", got.subprocessors)):  # fmt: skip
            expected = getattr(want, name)
            if expected is SKIP:
                continue
            entry = tally(name)
            for item in expected:  # recall: each expected value found
                entry.add(_matches(item, found) if name == "subprocessors" else item in found)
            entry.found += len(found)
            entry.found_right += sum(
                (_matches(f, list(expected)) if name == "subprocessors" else f in expected)
                for f in found
            )
    return tallies


FLOORS = {  # share right (recall for list fields); only ever raised
    "vendor": 0.9, "uses_ai": 0.9, "ai_providers": 0.9, "locations": 0.85,
    "subprocessors": 0.9, "governing_law": 0.9, "breach_notice_hours": 0.9,
    "deletion_days": 0.9, "audits_per_year": 0.9,
}  # fmt: skip
PRECISION_FLOORS = {"ai_providers": 0.9, "locations": 0.9, "subprocessors": 0.9}


@pytest.fixture(scope="module")
def results() -> dict[str, Inventory]:
    if not (SHARED / "train" / "docs").is_dir():
        pytest.skip("../shared is not here")
    engine = ReviewEngine(None)
    out = {}
    for key in {**EXPECTED, **HELD_OUT}:
        folder, stem = key.split("/")
        report = engine.review_path(SHARED / folder / "docs" / f"{stem}.md")
        assert report.inventory is not None
        out[key] = report.inventory
    return out


def _table(tallies: dict[str, Tally]) -> list[str]:
    lines = []
    for name, entry in tallies.items():
        share = f"{entry.right / entry.total:.2f}" if entry.total else "  – "
        line = f"  {name:22} {entry.right:3d}/{entry.total:<3d} = {share}"
        if entry.found:
            precision = entry.found_right / entry.found
            line += f"   precision {entry.found_right}/{entry.found} = {precision:.2f}"
        lines.append(line)
    return lines


def test_inventory_extraction_on_published_agreements(results: dict[str, Inventory]) -> None:
    tallies = score(results, EXPECTED)
    held_out = score(results, HELD_OUT)
    print(
        f"\n{len(EXPECTED)} documents the extractor was written against:\n"
        + "\n".join(_table(tallies))
        + f"\n{len(HELD_OUT)} held-out documents:\n"
        + "\n".join(_table(held_out))
    )
    assert len(EXPECTED) + len(HELD_OUT) >= 10
    for name, floor in FLOORS.items():
        entry = tallies[name]
        assert entry.right / entry.total >= floor, (name, entry)
    for name, floor in PRECISION_FLOORS.items():
        entry = tallies[name]
        assert entry.found_right / entry.found >= floor, (name, entry)
    # Held out: recorded so a change that makes them worse shows; not tuned towards.
    assert held_out["locations"].right / held_out["locations"].total >= 0.9
    assert held_out["vendor"].right >= 2
