"""Loading and validating the clause library from a folder of YAML files.

Every problem is a `LibraryError` naming the file and the key
("requirements/x.yaml: detection.cues[2].patterns[0]: bad regular expression").
Whole-library checks that need the shared catalogue run in `validate_library`
(the `reviewer library validate` command and the test suite), not at load.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from reviewer.detect.patterns import (
    PatternError,
    compile_matcher,
    compile_pattern,
    concept_references,
    expand,
)
from reviewer.errors import LibraryError
from reviewer.library.model import (
    Concept,
    ConceptsFile,
    DetectionRules,
    LanguageFile,
    LanguagePack,
    Library,
    LibraryFile,
    Near,
    PatternSpec,
    Profile,
    Requirement,
)

LIBRARY_ENV = "REVIEWER_LIBRARY"
# libyaml's parser when PyYAML was built with it: the playbook is ~60 files and
# the pure-Python parser alone costs most of a review's start-up.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
M = TypeVar("M", bound=BaseModel)


def default_library_dir() -> Path:
    """The playbook shipped with the project (or the one REVIEWER_LIBRARY names)."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env)
    from reviewer.data import packaged

    return packaged("clause_library")


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _read_yaml(path: Path, root: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise LibraryError(f"{_rel(path, root)}: not valid YAML ({exc})") from exc
    except OSError as exc:
        raise LibraryError(f"{_rel(path, root)}: cannot be read ({exc.strerror})") from exc


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _parse(model: type[M], data: Any, path: Path, root: Path) -> M:
    if not isinstance(data, dict):
        raise LibraryError(f"{_rel(path, root)}: expected a mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise LibraryError(
            f"{_rel(path, root)}: {_location(first['loc'])}: {first['msg']}{more}"
        ) from exc


def load_library(path: Path | str | None = None) -> Library:
    root = Path(path) if path is not None else default_library_dir()
    return _load_cached(root.resolve())


@lru_cache(maxsize=8)
def _load_cached(root: Path) -> Library:
    if not root.is_dir():
        raise LibraryError(f"{root}: clause library folder not found")
    meta_path = root / "library.yaml"
    if not meta_path.is_file():
        raise LibraryError(f"{root}: no library.yaml (is this a clause library folder?)")
    meta = _parse(LibraryFile, _read_yaml(meta_path, root), meta_path, root)

    concepts_path = root / "concepts.yaml"
    concepts = (
        _parse(ConceptsFile, _read_yaml(concepts_path, root), concepts_path, root).concepts
        if concepts_path.is_file()
        else {}
    )
    concept_patterns = {name: c.patterns for name, c in concepts.items()}
    deferred = _document_dependent(concepts)
    for name, concept in concepts.items():
        for other in concept.excludes:
            if other not in concepts:
                raise LibraryError(
                    f"{_rel(concepts_path, root)}: concepts.{name}.excludes: unknown concept {other!r}"
                )
    for name, concept in concepts.items():
        for i, pattern in enumerate([*concept.patterns, *concept.defined_by]):
            try:
                compile_pattern(pattern, concept_patterns)
            except PatternError as exc:
                raise LibraryError(
                    f"{_rel(concepts_path, root)}: concepts.{name}[{i}]: {exc}"
                ) from exc

    requirements: dict[str, Requirement] = {}
    for req_path in sorted((root / "requirements").glob("*.yaml")):
        req = _parse(Requirement, _read_yaml(req_path, root), req_path, root)
        rel = _rel(req_path, root)
        if req.id != req_path.stem:
            raise LibraryError(f"{rel}: id: {req.id!r} does not match the file name")
        if req.id in requirements:
            raise LibraryError(f"{rel}: id: duplicate requirement id {req.id!r}")
        if req.topic not in meta.topics:
            raise LibraryError(f"{rel}: topic: unknown topic {req.topic!r}")
        _check_patterns(req, concept_patterns, rel, deferred)
        requirements[req.id] = req
    if not requirements:
        raise LibraryError(f"{root}: no requirement files in requirements/")

    language_files = _load_languages(root, meta, requirements)

    for i, pattern in enumerate(meta.ignore_sentences):
        try:
            compile_pattern(pattern, concept_patterns)
        except PatternError as exc:
            raise LibraryError(f"{_rel(meta_path, root)}: ignore_sentences[{i}]: {exc}") from exc
    topic_order = {topic: i for i, topic in enumerate(meta.topics)}
    ordered = dict(
        sorted(requirements.items(), key=lambda item: (topic_order[item[1].topic], item[0]))
    )

    profiles: dict[str, Profile] = {}
    for prof_path in sorted((root / "profiles").glob("*.yaml")):
        profile = _parse(Profile, _read_yaml(prof_path, root), prof_path, root)
        rel = _rel(prof_path, root)
        if profile.name != prof_path.stem:
            raise LibraryError(f"{rel}: name: {profile.name!r} does not match the file name")
        for key, ids in (
            ("parameters", profile.parameters),
            ("severity", profile.severity),
            ("country_parameter", profile.country_parameter),
        ):
            for req_id in ids:
                if req_id not in ordered:
                    raise LibraryError(f"{rel}: {key}.{req_id}: unknown requirement id")
        for req_id in profile.exclude:
            if req_id not in ordered:
                raise LibraryError(f"{rel}: exclude: unknown requirement id {req_id!r}")
        for req_id, params in profile.parameters.items():
            for name in params:
                if name not in ordered[req_id].parameters:
                    raise LibraryError(
                        f"{rel}: parameters.{req_id}.{name}: {req_id} has no such parameter"
                    )
        profiles[profile.name] = profile
    if "default" not in profiles:
        profiles["default"] = Profile(name="default", description="Library defaults.")

    return Library(
        root=root,
        version=meta.version,
        name=meta.name,
        language=meta.language,
        language_files=language_files,
        topics=meta.topics,
        concepts=concepts,
        requirements=ordered,
        ignore_sentences=meta.ignore_sentences,
        profiles=profiles,
    )


def _check_concepts(concepts: dict[str, Concept], rel: str, prefix: str = "concepts") -> None:
    concept_patterns = {name: c.patterns for name, c in concepts.items()}
    for name, concept in concepts.items():
        for other in concept.excludes:
            if other not in concepts:
                raise LibraryError(f"{rel}: {prefix}.{name}.excludes: unknown concept {other!r}")
        for i, pattern in enumerate([*concept.patterns, *concept.defined_by]):
            try:
                compile_pattern(pattern, concept_patterns)
            except PatternError as exc:
                raise LibraryError(f"{rel}: {prefix}.{name}[{i}]: {exc}") from exc


def _load_languages(
    root: Path, meta: LibraryFile, requirements: dict[str, Requirement]
) -> dict[str, LanguageFile]:
    """languages/<lang>/language.yaml and <requirement id>.yaml: packs joined to requirements."""
    files: dict[str, LanguageFile] = {}
    for folder in sorted(p for p in (root / "languages").glob("*") if p.is_dir()):
        language_path = folder / "language.yaml"
        rel_folder = _rel(folder, root)
        if not language_path.is_file():
            raise LibraryError(f"{rel_folder}: no language.yaml in a language folder")
        language = _parse(LanguageFile, _read_yaml(language_path, root), language_path, root)
        rel = _rel(language_path, root)
        if language.language != folder.name:
            raise LibraryError(
                f"{rel}: language: {language.language!r} does not match the folder name"
            )
        if language.language == meta.language:
            raise LibraryError(f"{rel}: language: {meta.language!r} is the playbook's own language")
        for topic in language.topics:
            if topic not in meta.topics:
                raise LibraryError(f"{rel}: topics.{topic}: unknown topic")
        _check_concepts(language.concepts, rel)
        concept_patterns = {name: c.patterns for name, c in language.concepts.items()}
        for i, spec in enumerate(language.ignore_sentences):
            _check_spec(spec, concept_patterns, f"{rel}: ignore_sentences[{i}]", compile_now=False)
        for pack_path in sorted(folder.glob("*.yaml")):
            if pack_path.name == "language.yaml":
                continue
            pack = _parse(LanguagePack, _read_yaml(pack_path, root), pack_path, root)
            pack_rel = _rel(pack_path, root)
            if pack.id != pack_path.stem:
                raise LibraryError(f"{pack_rel}: id: {pack.id!r} does not match the file name")
            if pack.language != language.language:
                raise LibraryError(
                    f"{pack_rel}: language: {pack.language!r} but the folder is {folder.name!r}"
                )
            requirement = requirements.get(pack.id)
            if requirement is None:
                raise LibraryError(f"{pack_rel}: id: no requirement {pack.id!r} in requirements/")
            _check_detection(pack.detection, concept_patterns, pack_rel, compile_now=False)
            for cue in pack.detection.cues:
                if cue.compare and cue.compare.parameter not in requirement.parameters:
                    raise LibraryError(
                        f"{pack_rel}: cue {cue.id!r} compares with unknown parameter "
                        f"{cue.compare.parameter!r}"
                    )
            requirements[pack.id] = requirement.model_copy(
                update={"languages": {**requirement.languages, pack.language: pack}}
            )
        files[language.language] = language
    return files


def _spec_texts(spec: PatternSpec) -> list[str]:
    """The regex texts inside a pattern spec (a proximity group's terms, a choice's options)."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, Near):
        return list(spec.near)
    return [text for option in spec.any for text in _spec_texts(option)]


def _check_spec(
    spec: PatternSpec, concepts: dict[str, list[str]], where: str, *, compile_now: bool = True
) -> None:
    """Every `{concept}` must exist; with `compile_now`, the regex must compile too.

    Patterns compiled here are cached for the detector. Those compiled again for each
    document anyway (they take in its defined terms and party names) and a language
    pack's patterns (compiled only for a document in that language) are compiled
    where they are used, so a one-page review does not compile them twice or for
    nothing; a bad regex among them is reported there, naming requirement and cue,
    and by `reviewer library validate`, which compiles every pattern.
    """
    try:
        if compile_now:
            compile_matcher(spec, concepts)
        else:
            for text in _spec_texts(spec):
                expand(text, concepts)
    except PatternError as exc:
        raise LibraryError(f"{where}: {exc}") from exc


def _document_dependent(concepts: dict[str, Concept]) -> set[str]:
    """Concepts a document adds its own words to (defined terms, party names), and the
    concepts that refer to them."""
    dependent = {name for name, c in concepts.items() if c.defined_terms or c.party}
    grew = True
    while grew:
        grew = False
        for name, concept in concepts.items():
            if name not in dependent and any(
                ref in dependent for p in concept.patterns for ref in concept_references(p)
            ):
                dependent.add(name)
                grew = True
    return dependent


def _check_detection(
    detection: DetectionRules,
    concepts: dict[str, list[str]],
    rel: str,
    *,
    defer: set[str] | None = None,
    compile_now: bool = True,
) -> None:
    """Check every pattern of a detection block; those that refer to a concept in
    `defer` (or all, without `compile_now`) are only checked for their concepts."""
    checks: list[tuple[str, PatternSpec]] = [
        (f"detection.anchors[{i}]", p) for i, p in enumerate(detection.anchors)
    ]
    for c, cue in enumerate(detection.cues):
        for key in ("patterns", "all", "unless", "document_all", "document_none"):
            for i, p in enumerate(getattr(cue, key)):
                checks.append((f"detection.cues[{c}].{key}[{i}]", p))
    for key, spec in checks:
        now = compile_now and not (
            defer
            and any(ref in defer for text in _spec_texts(spec) for ref in concept_references(text))
        )
        _check_spec(spec, concepts, f"{rel}: {key}", compile_now=now)


def _check_patterns(
    req: Requirement, concepts: dict[str, list[str]], rel: str, defer: set[str]
) -> None:
    _check_detection(req.detection, concepts, rel, defer=defer)


def compile_every_pattern(library: Library) -> list[str]:
    """Compile every pattern of every language (the loader defers some): problems found."""
    problems: list[str] = []
    for language in sorted({library.language, *library.language_files}):
        concepts = {n: c.patterns for n, c in library.concepts_for(language).items()}
        for req in library.requirements.values():
            detection = library.detection_for(req, language)
            if detection is None:
                continue
            where = (
                f"requirements/{req.id}.yaml"
                if language == library.language
                else f"languages/{language}/{req.id}.yaml"
            )
            try:
                _check_detection(detection, concepts, where)
            except LibraryError as exc:
                problems.append(str(exc))
    return problems


def catalogue_ids(catalogue: Path) -> list[str]:
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    return [r["id"] for r in data.get("requirements", [])]


def validate_library(
    library: Library, catalogue: Path | None = None, *, examples: bool = True
) -> list[str]:
    """Whole-library checks; returns problems (empty list: valid).

    With `examples`, every example is reviewed (see `reviewer.library.coverage`):
    each must get its status, every status the cues can give needs enough
    examples, and every cue must fire on one of them.
    """
    problems: list[str] = []
    if catalogue is not None and catalogue.is_file():
        for req_id in catalogue_ids(catalogue):
            if req_id not in library.requirements:
                problems.append(f"requirements/{req_id}.yaml: missing (the catalogue has it)")
    for req in library.requirements.values():
        for language in library.language_files:
            if language not in req.languages:
                problems.append(f"languages/{language}/{req.id}.yaml: missing (no {language} cues)")
    problems.extend(compile_every_pattern(library))
    if examples:
        from reviewer.library.coverage import coverage_problems

        problems.extend(coverage_problems(library))
    return problems
