"""Ingestion: any supported contract file into one `Document`.

`ingest(path)` checks size, sniffs the type by content and dispatches to the
reader for that format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reviewer.document import Document
from reviewer.errors import (
    EmptyDocumentError,
    InputError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from reviewer.ingest.limits import IngestLimits

__all__ = ["IngestLimits", "ingest"]


def _sniff(data: bytes, path: Path) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError("is an old Word .doc file; save it as .docx", path=path)
    return "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"


def ingest(
    path: str | Path, *, limits: IngestLimits | None = None, isolate: bool = True
) -> Document:
    limits = limits or IngestLimits()
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path=path)
    if not path.is_file():
        raise InputError("is not a file", path=path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ResourceLimitError(
            f"is {size / 1e6:.1f} MB (limit {limits.max_file_bytes / 1e6:.0f} MB)", path=path
        )
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocumentError("is empty", path=path)
    kind = _sniff(data, path)
    if kind == "pdf":
        from reviewer.ingest.pdf import read_pdf

        return read_pdf(path, data, limits)
    if kind == "docx":
        from reviewer.ingest.docx import read_docx

        return read_docx(path, data, limits)
    from reviewer.ingest.text import read_text

    return read_text(path, data, limits, markdown=kind == "md")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
