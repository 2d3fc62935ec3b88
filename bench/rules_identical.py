"""Same reports before and after a speed change to the analysis: a check, not a timing.

Reviews every shared contract (../shared/eval/docs md and pdf,
../shared/train/docs md, ../shared/eval-ru/docs md) with the rules alone
(`ReviewEngine(use_model=False)`) and with the default model, and writes the
full JSON reports without their timings to one file. Run it once in a
checkout of the code before the change and once after, then compare:

    .venv/bin/python bench/rules_identical.py --root /path/to/old/checkout --write /tmp/before.jsonl
    .venv/bin/python bench/rules_identical.py --write /tmp/after.jsonl
    .venv/bin/python bench/rules_identical.py --compare /tmp/before.jsonl /tmp/after.jsonl

`--root` imports the `reviewer` package from another checkout (a git
worktree at the base commit), so both runs share one environment. The
comparison prints the number of reports compared and every one that differs
(statuses, evidence, offsets, decision trails: everything but `timings_ms`);
it exits 1 when any differs or when the two files do not hold the same reports.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _contracts() -> list[Path]:
    found: list[Path] = []
    for folder, suffixes in (
        (SHARED / "eval" / "docs", (".md", ".pdf")),
        (SHARED / "train" / "docs", (".md",)),
        (SHARED / "eval-ru" / "docs", (".md",)),
    ):
        found.extend(sorted(p for p in folder.glob("*") if p.suffix in suffixes))
    return found


def write(out: Path) -> int:
    import reviewer
    from reviewer.engine import ReviewEngine

    print(f"reviewer from {Path(reviewer.__file__).parent}")
    engines = {"rules": ReviewEngine(use_model=False), "model": ReviewEngine()}
    count = 0
    with out.open("w", encoding="utf-8") as sink:
        for path in _contracts():
            for name, engine in engines.items():
                report = json.loads(engine.review_path(path).to_json())
                report.pop("timings_ms", None)
                key = f"{name}:{path.relative_to(SHARED)}"
                sink.write(json.dumps({"key": key, "report": report}, sort_keys=True) + "\n")
                count += 1
    print(f"{count} reports of {len(_contracts())} contracts written to {out}")
    return 0


def _load(path: Path) -> dict[str, dict[str, object]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {row["key"]: row["report"] for row in rows}


def compare(before: Path, after: Path) -> int:
    old, new = _load(before), _load(after)
    differing = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    only = sorted(old.keys() ^ new.keys())
    for key in differing:
        print(f"differs: {key}")
    for key in only:
        print(f"in one file only: {key}")
    same = len(old.keys() & new.keys()) - len(differing)
    print(
        f"{len(old.keys() & new.keys())} reports compared: {same} identical, {len(differing)} differ"
    )
    return 1 if differing or only or not old else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="import `reviewer` from this checkout")
    parser.add_argument("--write", type=Path, help="review every contract, reports to this file")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    sys.path.insert(0, str((args.root or ROOT).resolve()))
    if not SHARED.is_dir():
        print(f"no shared contracts at {SHARED}")
        return 2
    if args.compare:
        return compare(*args.compare)
    if args.write:
        return write(args.write)
    parser.error("give --write FILE or --compare BEFORE AFTER")
    return 2


if __name__ == "__main__":
    sys.exit(main())
