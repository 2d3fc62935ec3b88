"""`reviewer library validate` holds a playbook to what clause_library/README.md promises.

Every status a requirement's cues can give has at least two examples, there
are at least two unrelated look-alikes, every example gets its status and
every cue fires on an example of its own status.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from reviewer.cli.main import EXIT_GAPS, main
from reviewer.library.coverage import ExampleFile, ExampleOutcome, file_problems
from reviewer.library.loader import default_library_dir, load_library, validate_library
from reviewer.library.model import Cue, DetectionRules, Example, Library

WHERE = "requirements/x.topic.yaml"


def _cue(cue_id: str, status: str, **extra: object) -> Cue:
    return Cue.model_validate(
        {"id": cue_id, "status": status, "patterns": ["x"], "explanation": "x", **extra}
    )


def _file(cues: list[Cue], statuses: list[str]) -> ExampleFile:
    return ExampleFile(
        where=WHERE,
        requirement="x.topic",
        detection=DetectionRules(anchors=["x"], cues=cues),
        examples=[Example(status=s, text=f"example {i}") for i, s in enumerate(statuses)],  # type: ignore[arg-type]
    )


def _as_labelled(file: ExampleFile, fired: dict[int, set[str]]) -> list[ExampleOutcome]:
    return [
        ExampleOutcome(status=e.status, fired=fired.get(i, set()))
        for i, e in enumerate(file.examples)
    ]


def test_a_covered_file_has_no_problems() -> None:
    file = _file(
        [_cue("yes", "met"), _cue("no", "conflict")],
        ["met", "met", "conflict", "conflict", "missing", "missing"],
    )
    assert file_problems(file, _as_labelled(file, {0: {"yes"}, 2: {"no"}})) == []


def test_each_status_the_cues_give_needs_two_examples() -> None:
    file = _file(
        [_cue("yes", "met"), _cue("weak", "partial")],
        ["met", "met", "partial", "missing", "missing"],
    )
    problems = file_problems(file, _as_labelled(file, {0: {"yes"}, 2: {"weak"}}))
    assert problems == [
        f"{WHERE}: examples: 1 partial examples (cues weak can give partial); at least 2 are needed"
    ]


def test_two_unrelated_look_alikes_are_needed() -> None:
    file = _file([_cue("yes", "met")], ["met", "met", "missing"])
    problems = file_problems(file, _as_labelled(file, {0: {"yes"}}))
    assert problems == [
        f"{WHERE}: examples: 1 missing unrelated look-alikes; at least 2 are needed"
    ]


def test_a_compare_fallback_is_a_status_the_cue_can_give() -> None:
    cue = _cue(
        "within-hours",
        "met",
        extract="hours",
        compare={"parameter": "max_hours", "otherwise": "partial"},
    )
    file = _file([cue], ["met", "met", "missing", "missing"])
    problems = file_problems(file, _as_labelled(file, {0: {"within-hours"}}))
    assert problems == [
        f"{WHERE}: examples: 0 partial examples (cues within-hours can give partial); "
        "at least 2 are needed"
    ]


def test_a_cue_that_fires_on_no_example_is_named() -> None:
    file = _file([_cue("yes", "met"), _cue("dead", "met")], ["met", "met", "missing", "missing"])
    problems = file_problems(file, _as_labelled(file, {0: {"yes"}}))
    assert problems == [f"{WHERE}: cue 'dead' fires on no example"]


def test_a_cue_must_fire_on_an_example_of_its_own_status() -> None:
    file = _file(
        [_cue("yes", "met"), _cue("weak", "partial")],
        ["met", "met", "partial", "partial", "missing", "missing"],
    )
    # "weak" fires only beside "yes" on a met example: nothing shows it ever decides.
    problems = file_problems(file, _as_labelled(file, {0: {"yes", "weak"}, 2: {"yes"}, 3: {"yes"}}))
    assert problems == [
        f"{WHERE}: cue 'weak' (partial) fires only on met examples, never on one of its own status"
    ]


def test_an_example_that_gets_another_status_is_named_by_index() -> None:
    file = _file([_cue("yes", "met")], ["met", "met", "missing", "missing"])
    outcomes = _as_labelled(file, {0: {"yes"}})
    outcomes[3] = ExampleOutcome(status="met", fired={"yes"})
    assert f"{WHERE}: examples[3] (missing) reviews as met" in file_problems(file, outcomes)


# ------------------------------------------------------------------ whole library


def test_the_builtin_library_keeps_its_promise() -> None:
    assert validate_library(load_library()) == []


@pytest.fixture()
def library_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(default_library_dir(), target)
    return target


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


BREACH = "incidents.breach-notification"


def _load_only(root: Path, requirement: str) -> Library:
    """The library at `root` cut down to one requirement (its examples review faster).

    Localisation stays: `--country KZ`, with which examples are reviewed, sets its parameter.
    """
    library = load_library(root)
    keep = (requirement, "residency.localization")
    library.requirements = {r: library.requirements[r] for r in keep}
    return library


def test_a_new_cue_without_an_example_fails_validation(library_copy: Path) -> None:
    def add_cue(data: dict) -> None:
        data["detection"]["cues"].append(
            {
                "id": "notice-by-carrier-pigeon",
                "status": "partial",
                "patterns": [r"\bcarrier pigeons?\b"],
                "explanation": "Breaches are announced by carrier pigeon.",
            }
        )

    _edit(library_copy / "requirements" / f"{BREACH}.yaml", add_cue)
    problems = validate_library(_load_only(library_copy, BREACH))
    assert problems == [
        f"requirements/{BREACH}.yaml: cue 'notice-by-carrier-pigeon' fires on no example"
    ]


def test_dropping_examples_fails_validation_in_every_language(library_copy: Path) -> None:
    def keep_one_conflict(data: dict) -> None:
        conflicts = [e for e in data["examples"] if e["status"] == "conflict"]
        data["examples"] = [e for e in data["examples"] if e["status"] != "conflict"] + conflicts[
            :1
        ]

    _edit(library_copy / "requirements" / f"{BREACH}.yaml", keep_one_conflict)
    _edit(library_copy / "languages" / "ru" / f"{BREACH}.yaml", keep_one_conflict)
    problems = validate_library(_load_only(library_copy, BREACH))
    for where in (f"requirements/{BREACH}.yaml", f"languages/ru/{BREACH}.yaml"):
        assert any(
            p.startswith(f"{where}: examples: 1 conflict examples (cues ") for p in problems
        ), problems


def test_an_example_with_the_wrong_label_fails_validation(library_copy: Path) -> None:
    path = library_copy / "requirements" / f"{BREACH}.yaml"
    _edit(
        path,
        lambda d: d["examples"].append(
            {"status": "met", "text": "Invoices are payable within 30 days."}
        ),
    )
    index = len(yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]) - 1
    problems = validate_library(_load_only(library_copy, BREACH))
    assert problems == [f"requirements/{BREACH}.yaml: examples[{index}] (met) reviews as missing"]


def test_the_command_names_the_file_and_cue_and_fails(
    library_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def add_cue(data: dict) -> None:
        data["detection"]["cues"].append(
            {
                "id": "never-matches",
                "status": "met",
                "patterns": [r"\bzyzzyva\b"],
                "explanation": "Never seen.",
            }
        )

    _edit(library_copy / "requirements" / f"{BREACH}.yaml", add_cue)
    assert main(["library", "validate", str(library_copy)]) == EXIT_GAPS
    out = capsys.readouterr().out
    assert f"requirements/{BREACH}.yaml: cue 'never-matches' fires on no example" in out
    assert "1 problems" in out
