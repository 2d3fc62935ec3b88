"""What `--resume` may skip: a report made from the same bytes by the same playbook.

A report is reused only when the contract's SHA-256 and the review settings
(tool version, a fingerprint of every clause-library file, the model artifact,
profile and country) all match what produced it; anything else is reviewed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from reviewer import __version__
from reviewer.batch.worker import EngineSettings

STATE_FILE = "batch-state.json"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_fingerprint(root: Path, *, skip_languages: bool = False) -> str:
    """SHA-256 over the library's rule files. With `skip_languages`, over the files the
    English review reads only: the language packs under `languages/` (Russian cues and
    clauses) change nothing the English rules or the trained model see."""
    digest = hashlib.sha256()
    files = (p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    if skip_languages:
        files = (p for p in files if p.relative_to(root).parts[0] != "languages")
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class ReviewKey:
    tool_version: str
    library: str
    model: str | None
    profile: str
    country: str | None

    @classmethod
    def for_settings(cls, settings: EngineSettings, library_root: Path) -> ReviewKey:
        model = None
        if settings.use_model:
            from reviewer.learn.artifact import ARRAYS, default_model_dir

            artifact = default_model_dir() / ARRAYS
            model = file_sha256(artifact) if artifact.exists() else "missing"
        return cls(
            tool_version=__version__,
            library=library_fingerprint(library_root),
            model=model,
            profile=settings.profile,
            country=settings.country.upper() if settings.country else None,
        )


class BatchState:
    """Report name -> content hash of the contract it was made from, under one key."""

    def __init__(self, out: Path, key: ReviewKey) -> None:
        self.path = out / STATE_FILE
        self.key = key
        self.done: dict[str, str] = {}

    def load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no usable state: nothing can be skipped
        if isinstance(data, dict) and data.get("key") == asdict(self.key):
            done = data.get("done")
            if isinstance(done, dict):
                self.done = {str(k): str(v) for k, v in done.items()}

    def reusable(self, name: str, sha256: str, report: Path) -> bool:
        return self.done.get(name) == sha256 and report.is_file()

    def record(self, name: str, sha256: str) -> None:
        self.done[name] = sha256

    def forget(self, name: str) -> None:
        self.done.pop(name, None)

    def save(self) -> None:
        write_atomically(
            self.path, json.dumps({"key": asdict(self.key), "done": self.done}, indent=1)
        )


def write_atomically(path: Path, content: str | bytes) -> None:
    """Readers see the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    if isinstance(content, str):
        tmp.write_text(content, encoding="utf-8")
    else:
        tmp.write_bytes(content)
    os.replace(tmp, path)
