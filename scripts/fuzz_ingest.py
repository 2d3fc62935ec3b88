"""Fuzz the readers: mutate valid PDF, DOCX and text files and count uncaught exceptions.

    .venv/bin/python scripts/fuzz_ingest.py --format pdf --minutes 10

Every input must either be read or fail with a ReviewerError; anything else
is a bug, counted by exception type (the first few are printed in full).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.errors import ReviewerError  # noqa: E402
from reviewer.ingest import IngestLimits, ingest  # noqa: E402
from reviewer.ingest.mutate import mutate_bytes, mutate_docx  # noqa: E402

SEEDS = {
    "pdf": sorted((ROOT.parent / "shared" / "eval" / "docs").glob("*.pdf"))[:6],
    "docx": sorted((ROOT.parent / "shared" / "eval" / "docs").glob("*.docx"))[:6],
    "txt": [
        *sorted(ROOT.glob("sample_contracts/*.md")),
        *sorted((ROOT.parent / "shared" / "eval" / "docs").glob("*.md"))[:4],
    ],
}
LIMITS = IngestLimits(max_seconds=20, max_pages=200)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=sorted(SEEDS), required=True)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--isolate", action="store_true", help="read in the sandboxed child")
    args = parser.parse_args()
    seeds = [p.read_bytes() for p in SEEDS[args.format]]
    if not seeds:
        print("no seed files found", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    suffix = {"pdf": ".pdf", "docx": ".docx", "txt": ".md"}[args.format]
    tried, ok, rejected = 0, 0, Counter[str]()
    uncaught: Counter[str] = Counter()
    deadline = time.monotonic() + args.minutes * 60
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        while time.monotonic() < deadline:
            data = rng.choice(seeds)
            for _ in range(rng.randrange(1, 4)):
                data = mutate_docx(data, rng) if args.format == "docx" else mutate_bytes(data, rng)
            path.write_bytes(data)
            tried += 1
            try:
                ingest(path, limits=LIMITS, isolate=args.isolate)
                ok += 1
            except ReviewerError as exc:
                rejected[type(exc).__name__] += 1
            except Exception as exc:
                name = type(exc).__name__
                uncaught[name] += 1
                if uncaught[name] <= 2:
                    traceback.print_exc()
    print(
        f"format {args.format}: {tried} inputs in {args.minutes:g} min; read {ok}; "
        f"clear errors {sum(rejected.values())} {dict(rejected)}; "
        f"uncaught {sum(uncaught.values())} {dict(uncaught)}"
    )
    return 1 if uncaught else 0


if __name__ == "__main__":
    sys.exit(main())
