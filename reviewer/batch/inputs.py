"""Turning command-line inputs into contracts to review, each with its own report name."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path

# Extensions picked up when walking a folder; a file named explicitly is always
# tried, and the engine (which judges by content) says if it cannot read it.
SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown"})
GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Expanded:
    files: list[Path]
    problems: list[tuple[str, str]]  # (input as given, why nothing was found)
    # Where each input starts (a folder, a file's folder, a glob's fixed prefix):
    # report names are relative to these, so they do not change when files come or go.
    roots: list[Path]


def _glob_root(spec: str) -> Path:
    fixed = []
    for part in Path(spec).parts:
        if GLOB_CHARS.search(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _walk(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        # Hidden folders (.git, .venv) and Office lock files (~$name.docx) are never contracts.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            path = Path(root) / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(path)
    return found


def expand_inputs(specs: list[str]) -> Expanded:
    """Files, folders (recursive) and glob patterns, each file once, in a stable order."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    roots: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            roots.append(path)
            found = _walk(path)
            if not found:
                problems.append((spec, "folder holds no PDF, DOCX, TXT or Markdown files"))
            for item in found:
                add(item)
        elif path.is_file():
            roots.append(path.parent)
            add(path)
        elif GLOB_CHARS.search(spec):
            roots.append(_glob_root(spec))
            matches = sorted(Path(m) for m in glob.glob(spec, recursive=True))
            matched_files = [
                m for m in matches if m.is_file() and m.suffix.lower() in SUPPORTED_SUFFIXES
            ]
            for folder in (m for m in matches if m.is_dir()):
                matched_files.extend(_walk(folder))
            if not matched_files:
                problems.append((spec, "pattern matched no contract files"))
            for item in matched_files:
                add(item)
        elif path.exists():
            problems.append((spec, "not a regular file or folder"))
        else:
            problems.append((spec, "file not found"))
    return Expanded(files, problems, roots)


def _slug(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", part).strip("._") or "contract"


def report_names(files: list[Path], roots: list[Path] | None = None) -> dict[Path, str]:
    """A distinct report name per file, readable and stable for the same inputs.

    The name keeps the extension (acme.pdf and acme.docx differ) and the folders
    below the inputs' common parent (a/dpa.pdf and b/dpa.pdf differ). Names are
    unique ignoring case, since reports may land on a case-insensitive disk.
    """
    if not files:
        return {}
    resolved = [f.resolve() for f in files]
    anchors = [r.resolve() for r in roots] if roots else [p.parent for p in resolved]
    base = Path(os.path.commonpath(anchors + [p.parent for p in resolved]))
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for original, path in zip(files, resolved, strict=True):
        parts = path.relative_to(base).parts
        stem = "--".join(_slug(part) for part in parts)[-150:]
        name = stem
        counter = 2
        while name.lower() in taken:
            name = f"{stem}-{counter}"
            counter += 1
        taken.add(name.lower())
        names[original] = name
    return names
