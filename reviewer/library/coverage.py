"""Do a playbook's examples cover its cues? (what clause_library/README.md promises)

Every requirement file, and each of its language packs, carries example
clauses that are reviewed on their own with the default profile and
`--country KZ`. For a playbook to be trusted, its examples must:

- each get the status they are labelled with;
- include at least `MIN_EXAMPLES` examples of every status the file's cues can
  give (a cue's status and its `compare.otherwise`), and at least
  `MIN_EXAMPLES` unrelated look-alikes (status `missing`);
- make every cue fire on at least one example of a status it gives, so that
  no cue is dead weight nobody has ever seen match.

`reviewer library validate` reports every shortfall naming the file, the
example or the cue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewer.library.model import DetectionRules, Example, Library

if TYPE_CHECKING:
    from reviewer.engine import ReviewEngine

MIN_EXAMPLES = 2
# Statuses in the order a lawyer reads them; "missing" is the look-alike.
STATUS_ORDER = ("met", "partial", "conflict", "missing")
# How the example test reviews examples (see tests/library/test_examples.py).
EXAMPLE_PROFILE = "default"
EXAMPLE_COUNTRY = "KZ"


@dataclass(slots=True)
class ExampleOutcome:
    """What the engine made of one example: its status and the cues that fired."""

    status: str
    fired: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """The examples and cues of one requirement in one language, and where they live."""

    where: str  # "requirements/<id>.yaml" or "languages/<lang>/<id>.yaml"
    requirement: str
    detection: DetectionRules
    examples: list[Example]


def example_files(library: Library) -> list[ExampleFile]:
    files: list[ExampleFile] = []
    for req in library.requirements.values():
        files.append(
            ExampleFile(f"requirements/{req.id}.yaml", req.id, req.detection, req.examples)
        )
        for language in sorted(req.languages):
            pack = req.languages[language]
            files.append(
                ExampleFile(
                    f"languages/{language}/{req.id}.yaml", req.id, pack.detection, pack.examples
                )
            )
    return files


def review_example(engine: ReviewEngine, requirement: str, text: str, name: str) -> ExampleOutcome:
    """The status the engine gives `text` for `requirement`, and the cues that fired."""
    from reviewer.ingest.text import document_from_text
    from reviewer.segment import segment

    report = engine.review_text(text, name=name)
    status = next(f.status for f in report.findings if f.requirement == requirement)
    segmented = segment(document_from_text(text, name, markdown=False))
    fired = {d.cue for d in engine.detect(segmented).get(requirement, []) if d.cue and d.status}
    return ExampleOutcome(status=status, fired=fired)


def cue_statuses(detection: DetectionRules) -> dict[str, set[str]]:
    """For each cue, the statuses it can give (its own and its compare fallback)."""
    return {
        cue.id: {cue.status} | ({cue.compare.otherwise} if cue.compare else set())
        for cue in detection.cues
    }


def file_problems(file: ExampleFile, outcomes: list[ExampleOutcome]) -> list[str]:
    """Shortfalls of one file's examples, given what the engine made of each."""
    problems: list[str] = []
    where = file.where
    for index, (example, outcome) in enumerate(zip(file.examples, outcomes, strict=True)):
        if outcome.status != example.status:
            problems.append(
                f"{where}: examples[{index}] ({example.status}) reviews as {outcome.status}"
            )
    gives = cue_statuses(file.detection)
    wanted: dict[str, list[str]] = defaultdict(list)
    for cue_id, statuses in gives.items():
        for status in statuses:
            wanted[status].append(cue_id)
    wanted["missing"] = []
    counts = {s: sum(e.status == s for e in file.examples) for s in STATUS_ORDER}
    for status in STATUS_ORDER:
        if status not in wanted or counts[status] >= MIN_EXAMPLES:
            continue
        why = (
            "unrelated look-alikes"
            if status == "missing"
            else f"examples (cues {', '.join(sorted(wanted[status]))} can give {status})"
        )
        problems.append(
            f"{where}: examples: {counts[status]} {status} {why}; "
            f"at least {MIN_EXAMPLES} are needed"
        )
    seen_on: dict[str, set[str]] = defaultdict(set)  # cue -> statuses of examples it fired on
    for example, outcome in zip(file.examples, outcomes, strict=True):
        for cue_id in outcome.fired:
            seen_on[cue_id].add(example.status)
    for cue in file.detection.cues:
        own = gives[cue.id]
        if not seen_on[cue.id]:
            problems.append(f"{where}: cue {cue.id!r} fires on no example")
        elif not seen_on[cue.id] & own:
            problems.append(
                f"{where}: cue {cue.id!r} ({'/'.join(sorted(own))}) fires only on "
                f"{'/'.join(sorted(seen_on[cue.id]))} examples, never on one of its own status"
            )
    return problems


def coverage_problems(library: Library) -> list[str]:
    """Review every example of the library and report what the README's promise lacks."""
    from reviewer.engine import ReviewEngine  # deferred: the engine imports the library

    engine = ReviewEngine(
        library, profile=EXAMPLE_PROFILE, country=EXAMPLE_COUNTRY, use_model=False
    )
    problems: list[str] = []
    for file in example_files(library):
        outcomes = [
            review_example(engine, file.requirement, e.text, f"{file.requirement}-example-{i}.txt")
            for i, e in enumerate(file.examples)
        ]
        problems.extend(file_problems(file, outcomes))
    return problems
