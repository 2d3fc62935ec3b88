"""Mutated PDF, DOCX and text files never escape as anything but a ReviewerError.

A short run in CI; `scripts/fuzz_ingest.py --minutes N` runs the same
mutations for longer.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.errors import ReviewerError
from reviewer.ingest import IngestLimits, ingest
from reviewer.ingest.mutate import mutate_bytes, mutate_docx
from tests.paths import EVAL_DOCS, SAMPLES

LIMITS = IngestLimits(max_seconds=20, max_pages=50)


def _seed(pattern: str) -> bytes | None:
    for folder in (SAMPLES, EVAL_DOCS):
        found = sorted(folder.glob(pattern)) if folder.is_dir() else []
        if found:
            return min(found, key=lambda p: p.stat().st_size).read_bytes()
    return None


SEEDS = {"pdf": _seed("*.pdf"), "docx": _seed("*.docx"), "md": _seed("*.md")}


@pytest.mark.parametrize("kind", sorted(SEEDS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1), rounds=st.integers(min_value=1, max_value=3)
)
def test_mutations_fail_cleanly(kind: str, seed: int, rounds: int, tmp_path: Path) -> None:
    original = SEEDS[kind]
    if original is None:
        pytest.skip(f"no {kind} seed file")
    rng = random.Random(seed)
    data = original
    for _ in range(rounds):
        data = mutate_docx(data, rng) if kind == "docx" else mutate_bytes(data, rng)
    path = tmp_path / f"fuzzed.{kind}"
    path.write_bytes(data)
    try:
        ingest(path, limits=LIMITS, isolate=False)
    except ReviewerError as exc:
        assert path.name in str(exc)
