"""Batch throughput benchmark: contracts per minute on 1 and 2 local workers and on a
2-worker Dask LocalCluster, over a corpus of real contracts in every input format.

The corpus is sample_contracts/ plus ../shared/eval/docs (PDF, DOCX, Markdown),
repeated under distinct names until it holds --count contracts. Every run
checks that reports + error rows == inputs (nothing lost).

Run: .venv/bin/python bench/batch.py [--count 85] [--runs local1,local2,dask2]
     .venv/bin/python bench/batch.py --count 1000 --runs local2     # the no-loss run
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.batch import BatchOptions, run_batch  # noqa: E402

SOURCES = [ROOT / "sample_contracts", ROOT.parent / "shared" / "eval" / "docs"]
SUFFIXES = {".pdf", ".docx", ".md", ".txt"}


def build_corpus(folder: Path, count: int) -> list[Path]:
    originals = sorted(
        p for source in SOURCES if source.is_dir() for p in source.iterdir()
        if p.suffix in SUFFIXES
    )  # fmt: skip
    if not originals:
        raise SystemExit("no contracts found: is ../shared beside the repository?")
    corpus = []
    for index, original in enumerate(islice(cycle(originals), count)):
        target = folder / f"c{index:04d}-{original.name}"
        shutil.copyfile(original, target)
        corpus.append(target)
    return corpus


def run(name: str, corpus_dir: Path, out: Path, count: int) -> tuple[float, int, int]:
    options = BatchOptions(out=out, profile="default")
    if name.startswith("local"):
        options.workers = int(name.removeprefix("local"))
        started = time.perf_counter()
        result = run_batch([str(corpus_dir)], options)
        seconds = time.perf_counter() - started
    else:
        from distributed import LocalCluster

        workers = int(name.removeprefix("dask"))
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            options.scheduler = cluster.scheduler_address
            # Time the batch, not the cluster's start-up (a real cluster is already running).
            started = time.perf_counter()
            result = run_batch([str(corpus_dir)], options)
            seconds = time.perf_counter() - started
    reports = len(list((out / "reports").glob("*.json")))
    if reports + len(result.errors) != count or result.reviewed != reports:
        print(f"  LOST: {count} inputs, {reports} reports, {len(result.errors)} errors")
    return seconds, reports, len(result.errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=85)
    parser.add_argument("--runs", default="local1,local2,dask2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reviewer-bench-") as work:
        corpus_dir = Path(work) / "corpus"
        corpus_dir.mkdir()
        corpus = build_corpus(corpus_dir, args.count)
        formats = sorted({p.suffix for p in corpus})
        print(f"corpus: {len(corpus)} contracts ({', '.join(formats)}), "
              f"{sum(p.stat().st_size for p in corpus) / 2**20:.1f} MB")  # fmt: skip
        print(f"{'run':8} {'seconds':>8} {'per min':>8} {'reports':>8} {'errors':>7} {'lost':>5}")
        rates: dict[str, float] = {}
        for name in args.runs.split(","):
            out = Path(work) / f"out-{name}"
            seconds, reports, errors = run(name, corpus_dir, out, len(corpus))
            rates[name] = len(corpus) / seconds * 60
            lost = len(corpus) - reports - errors
            print(f"{name:8} {seconds:8.1f} {rates[name]:8.1f} {reports:8d} {errors:7d} {lost:5d}")
        if "local1" in rates:
            for name, rate in rates.items():
                if name == "local1":
                    continue
                workers = int(name.removeprefix("local").removeprefix("dask"))
                efficiency = rate / (rates["local1"] * workers)
                print(f"scaling efficiency local1 -> {name}: {efficiency:.0%}")


if __name__ == "__main__":
    main()
