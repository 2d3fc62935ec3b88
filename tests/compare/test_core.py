"""Comparing two versions: statuses that moved, word diffs, clauses matched by their words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.compare import compare_paths, compare_reports
from reviewer.compare.core import similarity, word_diff
from reviewer.compare.render import render_comparison_html, render_comparison_text
from reviewer.engine import ReviewEngine
from tests.paths import SAMPLES

OLD = SAMPLES / "lumen-msa-ai-addendum.docx"
NEW = SAMPLES / "lumen-msa-ai-addendum-v2.docx"  # the vendor's revised draft, renumbered


@pytest.fixture(scope="module")
def comparison():
    return compare_paths(ReviewEngine(None), OLD, NEW)


def _change(comparison, requirement: str):
    return next(c for c in comparison.changes if c.requirement == requirement)


def test_what_got_better_and_worse(comparison) -> None:
    worse = {c.requirement: (c.before, c.after) for c in comparison.of("worse")}
    better = {c.requirement: (c.before, c.after) for c in comparison.of("better")}
    assert worse["government.notify-customer"] == ("partial", "conflict")
    assert worse["audits.third-party-reports"] == ("met", "partial")
    assert better["training.no-training-without-consent"] == ("conflict", "met")
    assert better["deletion.return-or-delete"] == ("partial", "met")
    assert comparison.counts["worse"] == len(worse) and comparison.counts["remains"] > 10
    # Worse first, then better, then the gaps that remain; most severe first inside each.
    order = [c.change for c in comparison.changes]
    assert order.index("worse") < order.index("better") < order.index("remains")


def test_clauses_are_matched_by_their_words_not_their_numbers(comparison) -> None:
    training = _change(comparison, "training.no-training-without-consent")
    clause = next(c for c in training.clauses if c.kind == "reworded")
    # The redraft inserted a section, so 3.2 became 4.2.
    assert (clause.before.section, clause.after.section) == ("3.2", "4.2")
    removed = "".join(p.text for p in clause.diff if p.op == "removed")
    added = "".join(p.text for p in clause.diff if p.op == "added")
    assert "may" in removed and "opts out" in removed
    assert "shall not" in added and "expressly opted" in added
    reports = _change(comparison, "audits.third-party-reports")
    moved = next(c for c in reports.clauses if c.before and c.before.section == "6.1")
    assert moved.after.section == "7.1" and moved.kind == "reworded"
    unchanged = _change(comparison, "subprocessors.flow-down")
    assert unchanged.change == "met" and not unchanged.clauses


def test_a_number_that_moves_the_wrong_way_is_worse() -> None:
    engine = ReviewEngine(None)
    head = (
        "1. Security\n\n1.1 The Provider shall notify the Customer of any Security Incident within "
    )
    old = engine.review_text(head + "24 hours.\n", "old.txt")
    new = engine.review_text(head + "72 hours.\n", "new.txt")
    comparison = compare_reports(old, new)
    breach = _change(comparison, "incidents.breach-notification")
    assert (breach.before, breach.after, breach.change) == ("met", "met", "worse")
    assert [(v.name, v.before, v.after, v.worse) for v in breach.values] == [
        ("hours", 24.0, 72.0, True)
    ]


def test_word_diff_and_similarity() -> None:
    pieces = word_diff("The Provider may use data.", "The Provider shall not use data.")
    assert [(p.op, p.text) for p in pieces] == [
        ("same", "The Provider "), ("removed", "may"), ("added", "shall not"), ("same", " use data."),
    ]  # fmt: skip
    assert similarity("a b c d", "a b c d") == 1.0
    assert similarity("alpha beta", "gamma delta") == 0.0


def test_reports_as_json_work_as_versions(comparison, tmp_path: Path) -> None:
    engine = ReviewEngine(None)
    old = tmp_path / "old.json"
    old.write_text(engine.review_path(OLD).to_json(), encoding="utf-8")
    from_json = compare_paths(engine, old, NEW)
    assert {c.requirement: c.change for c in from_json.changes} == {
        c.requirement: c.change for c in comparison.changes
    }
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad\.json: not a report"):
        compare_paths(engine, bad, NEW)


def test_renderings(comparison) -> None:
    text = render_comparison_text(comparison)
    assert text.index("GOT WORSE") < text.index("GOT BETTER") < text.index("GAPS THAT REMAIN")
    assert "§ 3.2 → § 4.2" in text and "[-may-]{+shall not+}" in text
    html = render_comparison_html(comparison)
    assert "<del>may</del><ins>shall not</ins>" in html and "<script" not in html
    data = json.loads(comparison.to_json())
    assert data["counts"]["worse"] == 2 and data["changes"][0]["change"] == "worse"
