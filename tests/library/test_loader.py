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
