"""The clause library loads, and broken libraries fail naming file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from reviewer.errors import LibraryError
from reviewer.library.loader import default_library_dir, load_library, validate_library
from tests.paths import CATALOGUE


def test_builtin_library_loads_with_every_catalogue_id() -> None:
    library = load_library()
    problems = validate_library(library, CATALOGUE if CATALOGUE.is_file() else None)
    assert problems == []
    assert {"default", "eu", "kz", "uz", "az-public", "central-asia-public"} <= set(
        library.profiles
    )


@pytest.fixture()
def library_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(default_library_dir(), target)
    return target


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _first_requirement(root: Path) -> Path:
    return sorted((root / "requirements").glob("*.yaml"))[0]


def test_unknown_key_names_file_and_key(library_copy: Path) -> None:
    path = _first_requirement(library_copy)
    _edit(path, lambda d: d["detection"].update(anchorz=["x"]))
    with pytest.raises(LibraryError, match=rf"{path.name}: detection.anchorz"):
        load_library(library_copy)


def test_bad_regex_names_the_pattern(library_copy: Path) -> None:
    path = _first_requirement(library_copy)
    _edit(path, lambda d: d["detection"]["anchors"].insert(0, "(unclosed"))
    with pytest.raises(LibraryError, match=r"detection.anchors\[0\]: bad regular expression"):
        load_library(library_copy)


def test_unknown_concept_is_refused(library_copy: Path) -> None:
    path = _first_requirement(library_copy)
    _edit(path, lambda d: d["detection"]["anchors"].insert(0, "{no_such_concept}"))
    with pytest.raises(LibraryError, match="unknown concept"):
        load_library(library_copy)


def test_id_must_match_file_name(library_copy: Path) -> None:
    path = _first_requirement(library_copy)
    _edit(path, lambda d: d.update(id="other.name"))
    with pytest.raises(LibraryError, match="does not match the file name"):
        load_library(library_copy)


def test_unknown_topic(library_copy: Path) -> None:
    path = _first_requirement(library_copy)
    _edit(path, lambda d: d.update(topic="weather"))
    with pytest.raises(LibraryError, match="topic: unknown topic 'weather'"):
        load_library(library_copy)


def test_profile_with_dangling_reference(library_copy: Path) -> None:
    path = library_copy / "profiles" / "eu.yaml"
    _edit(path, lambda d: d["severity"].update({"no.such-id": "high"}))
    with pytest.raises(LibraryError, match=r"eu.yaml: severity.no.such-id: unknown requirement"):
        load_library(library_copy)


def test_invalid_yaml(library_copy: Path) -> None:
    path = _first_requirement(library_copy)
    path.write_text("id: [unclosed\n")
    with pytest.raises(LibraryError, match="not valid YAML"):
        load_library(library_copy)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not found"):
        load_library(tmp_path / "nowhere")


# ------------------------------------------------------------- language packs
def _pack(root: Path, requirement: str = "incidents.breach-notification") -> Path:
    return root / "languages" / "ru" / f"{requirement}.yaml"


def test_the_builtin_library_reads_english_and_russian() -> None:
    library = load_library()
    assert library.languages == frozenset({"en", "ru"})
    requirement = library.requirements["incidents.breach-notification"]
    pack = requirement.languages["ru"]
    assert pack.title and pack.recommendation.preferred
    assert library.detection_for(requirement, "ru") is pack.detection
    assert library.detection_for(requirement, "en") is requirement.detection
    assert library.detection_for(requirement, "kk") is None


def test_every_requirement_has_russian_examples_of_each_status() -> None:
    for requirement in load_library().requirements.values():
        statuses = [e.status for e in requirement.languages["ru"].examples]
        for status in ("met", "partial", "conflict"):
            assert statuses.count(status) >= 2, (requirement.id, status)
        assert statuses.count("missing") >= 2, requirement.id


def test_a_proximity_group_with_a_bad_term_names_file_and_key(library_copy: Path) -> None:
    def change(data: dict) -> None:
        data["detection"]["cues"][0]["patterns"][0] = {"near": ["{nothing}", "x"], "within": 5}

    _edit(_pack(library_copy), change)
    with pytest.raises(LibraryError) as error:
        load_library(library_copy)
    assert "languages/ru/incidents.breach-notification.yaml: detection.cues[0].patterns[0]" in str(
        error.value
    )
    assert "unknown concept {nothing}" in str(error.value)


def test_a_pack_for_an_unknown_requirement_is_refused(library_copy: Path) -> None:
    source = _pack(library_copy)
    target = _pack(library_copy, "incidents.no-such-thing")
    text = source.read_text(encoding="utf-8").replace(
        "id: incidents.breach-notification", "id: incidents.no-such-thing"
    )
    target.write_text(text, encoding="utf-8")
    with pytest.raises(LibraryError, match=r"no requirement 'incidents\.no-such-thing'"):
        load_library(library_copy)


def test_russian_cues_need_an_english_explanation(library_copy: Path) -> None:
    _edit(_pack(library_copy), lambda d: d["detection"]["cues"][0].pop("explanation_en"))
    with pytest.raises(LibraryError, match="explanation_en is needed"):
        load_library(library_copy)


def test_a_language_folder_needs_its_language_file(library_copy: Path) -> None:
    (library_copy / "languages" / "ru" / "language.yaml").unlink()
    with pytest.raises(LibraryError, match=r"no language\.yaml"):
        load_library(library_copy)


def test_a_missing_pack_is_a_validation_problem(library_copy: Path) -> None:
    _pack(library_copy).unlink()
    problems = validate_library(load_library(library_copy), examples=False)
    assert "languages/ru/incidents.breach-notification.yaml: missing (no ru cues)" in problems


def _party_concept(root: Path) -> str:
    concepts = yaml.safe_load((root / "concepts.yaml").read_text())["concepts"]
    return next(name for name, c in concepts.items() if c.get("party"))


def test_a_bad_regex_compiled_per_document_is_reported_by_the_review_and_by_validate(
    library_copy: Path,
) -> None:
    """Patterns that take in a document's own names are compiled for each document, not at
    load: a bad one still fails the first review, naming the requirement, and validate."""
    from reviewer.engine import ReviewEngine

    path = _first_requirement(library_copy)
    bad = "{" + _party_concept(library_copy) + "} (unclosed"
    _edit(path, lambda d: d["detection"]["anchors"].insert(0, bad))
    library = load_library(library_copy)  # the concepts exist: loads
    problems = validate_library(library, examples=False)
    assert any(path.name in p and "bad regular expression" in p for p in problems), problems
    with pytest.raises(LibraryError, match=rf"requirement {path.stem} \(en cues\): bad regular"):
        ReviewEngine(library, use_model=False).review_text("The Provider shall notify.")


def test_a_bad_regex_in_a_language_pack_is_reported_by_validate(library_copy: Path) -> None:
    pack = sorted((library_copy / "languages" / "ru").glob("[a-z]*.*.yaml"))[0]
    _edit(pack, lambda d: d["detection"]["anchors"].insert(0, "(незакрыто"))
    library = load_library(library_copy)
    problems = validate_library(library, examples=False)
    assert any(f"languages/ru/{pack.name}" in p and "bad regular" in p for p in problems)


def test_a_language_pack_names_only_known_concepts(library_copy: Path) -> None:
    pack = sorted((library_copy / "languages" / "ru").glob("[a-z]*.*.yaml"))[0]
    _edit(pack, lambda d: d["detection"]["anchors"].insert(0, "{no_such_concept}"))
    with pytest.raises(LibraryError, match="unknown concept"):
        load_library(library_copy)
