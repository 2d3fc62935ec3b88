"""The one review worker: time limit, display names and error wrapping, as the web app,
the batch and the Dask path all get them."""

from __future__ import annotations

import json
from pathlib import Path

from reviewer.batch.worker import EngineSettings, review_bytes, review_file
from tests.paths import SAMPLES

PDF = SAMPLES / "lumen-msa-ai-addendum.pdf"


def test_the_time_limit_applies_to_every_caller(tmp_path: Path) -> None:
    quick = EngineSettings(None, "default", None, time_limit_s=0.001)
    outcome = review_file(str(PDF), quick, display_name="vendor.pdf")
    assert outcome.report_json is None
    assert outcome.error and outcome.error.startswith("vendor.pdf:")
    assert "took longer than" in outcome.error
    assert str(PDF) not in outcome.error


def test_display_name_and_contexts(tmp_path: Path) -> None:
    settings = EngineSettings(None, "default", None)
    outcome = review_file(str(PDF), settings, display_name="vendor.pdf", with_contexts=True)
    assert outcome.error is None and outcome.report_json and outcome.contexts_json
    assert json.loads(outcome.report_json)["document"]["path"] == "vendor.pdf"
    contexts = json.loads(outcome.contexts_json)
    assert contexts and all(set(c) == {"before", "quote", "after"} for c in contexts.values())
    plain = review_file(str(PDF), settings)
    assert plain.contexts_json is None and plain.source == str(PDF)


def test_bytes_from_a_cluster_keep_the_senders_name(tmp_path: Path) -> None:
    settings = EngineSettings(None, "default", None)
    good = review_bytes("in/vendor.pdf", PDF.read_bytes(), settings)
    assert good.error is None and json.loads(good.report_json or "")["document"]["path"] == (
        "in/vendor.pdf"
    )
    bad = review_bytes("in/broken.pdf", b"%PDF-1.7\ntruncated", settings)
    assert bad.report_json is None and bad.error and "broken.pdf" in bad.error
    assert "reviewer-batch-" not in bad.error  # the temporary copy's name never shows
