"""Review speed and memory benchmark: prints tables.

1. Analysis cost against PDF ingestion, per real contract: segmentation +
   detection + decision (everything after the file is read) as a share of
   our PDF ingestion time. Target: <= 30 %.
2. Cold start of `reviewer review` (a fresh process: imports, clause library
   load, review of a one-page contract). Target: < 1.0 s.
3. Peak memory of a full review of a 100+ page contract (a fresh process).
   Target: < 300 MB.

Run: .venv/bin/python bench/review.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest import _best  # noqa: E402  (best-of-N timing, shared with the ingest bench)
from reviewer.engine import ReviewEngine  # noqa: E402
from reviewer.ingest import ingest  # noqa: E402
from reviewer.segment import segment  # noqa: E402

DOCS = ROOT.parent / "shared" / "eval" / "docs"
SAMPLE = ROOT / "sample_contracts" / "northwind-ai-dpa.md"
REVIEWER = Path(sys.executable).parent / "reviewer"


def analysis_table(repeat: int) -> None:
    engine = ReviewEngine()
    engine.review_text("warm-up: Provider shall notify Customer within 24 hours.")
    print(
        f"{'contract':40} {'pages':>5} {'ingest ms':>10} {'segment ms':>10} {'detect ms':>10} {'analysis/ingest':>15}"
    )
    total_ingest = total_analysis = 0.0
    for pdf in sorted(DOCS.glob("*.pdf")):
        document = ingest(pdf)
        t_ingest = _best(lambda pdf=pdf: ingest(pdf), repeat)
        t_segment = _best(lambda document=document: segment(document), repeat)
        segmented = segment(document)
        t_detect = _best(lambda segmented=segmented: engine.findings(segmented), repeat)
        analysis = t_segment + t_detect
        total_ingest += t_ingest
        total_analysis += analysis
        print(
            f"{pdf.stem[:40]:40} {document.pages:5d} {t_ingest * 1000:10.0f} {t_segment * 1000:10.1f} "
            f"{t_detect * 1000:10.1f} {analysis / t_ingest:15.1%}"
        )
    if total_ingest:
        print(
            f"{'all':40} {'':5} {total_ingest * 1000:10.0f} {'':10} {'':10} {total_analysis / total_ingest:15.1%}"
        )


def cold_start(repeat: int) -> None:
    """With the trained model (the default) and with the rules alone, side by side."""
    for label, extra in (("model (default)", []), ("rules alone (--no-model)", ["--no-model"])):
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(
                [str(REVIEWER), "review", str(SAMPLE), "--format", "json", *extra],
                check=True,
                capture_output=True,
            )
            runs.append(time.perf_counter() - start)
        print(
            f"cold start `reviewer review {SAMPLE.name} --format json`, {label}: "
            f"best {min(runs):.2f} s, median {sorted(runs)[len(runs) // 2]:.2f} s over {repeat} runs"
        )


def peak_memory() -> None:
    source = DOCS / "github-dpa-2023.md"
    if not source.is_file():
        print("peak memory: skipped (no ../shared/eval/docs)")
        return
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big-contract.md"
        # About 2.3 x 137k characters = 106 pages of 3,000 characters.
        big.write_text(text + "\n\n" + text + "\n\n" + text[: len(text) // 3], encoding="utf-8")
        pages = len(big.read_text(encoding="utf-8")) / 3000
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(
            [str(REVIEWER), "review", str(big), "--format", "json"], check=True, capture_output=True
        )
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"peak memory, review of a {pages:.0f}-page contract: {max(peak, before) / 1024:.0f} MB "
        f"(whole process, {elapsed:.1f} s)"
    )
    pdf = DOCS / "github-dpa-2023.pdf"
    if pdf.is_file():
        subprocess.run(
            [str(REVIEWER), "review", str(pdf), "--format", "json"], check=True, capture_output=True
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"peak memory so far including the 57-page PDF review: {peak / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cold_start(max(3, args.repeat))
    peak_memory()
    if DOCS.is_dir():
        analysis_table(args.repeat)


if __name__ == "__main__":
    main()
