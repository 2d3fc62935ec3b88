"""Ingestion: any supported contract file into one `Document`.

`ingest(path)` checks the size, judges the type by content (the extension
only breaks ties), runs the DOCX package checks, and reads PDF and DOCX in a
child process with time and memory caps (`isolate=False` reads in-process,
for the fuzz harness and debugging).
"""

from __future__ import annotations

from pathlib import Path

from reviewer.document import Document
from reviewer.errors import (
    EmptyDocumentError,
    InputError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from reviewer.ingest.limits import IngestLimits
from reviewer.ingest.ocr import OcrProgress

__all__ = ["IngestLimits", "OcrProgress", "ingest", "sniff"]

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document; save it as .docx"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc (or other Office 97) file; save it as .docx"),
]


def sniff(data: bytes, path: Path) -> str:
    """ "pdf", "docx", "md" or "txt", judged by content."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"  # the package checks tell a Word file from other zips
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormatError(
                f"is {what}, not a contract file (PDF, DOCX or text)", path=path
            )
    return "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"


def _read(
    kind: str,
    path: Path,
    data: bytes,
    limits: IngestLimits,
    progress: OcrProgress | None = None,
) -> Document:
    if kind == "pdf":
        from reviewer.ingest.pdf import read_pdf

        return read_pdf(path, data, limits, progress=progress)
    from reviewer.ingest.docx import read_docx

    return read_docx(path, data, limits)


def ingest(
    path: str | Path,
    *,
    limits: IngestLimits | None = None,
    isolate: bool = True,
    progress: OcrProgress | None = None,
) -> Document:
    """Read one contract file; `progress(done, total)` follows OCR of scanned PDF pages."""
    limits = limits or IngestLimits()
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path=path)
    if not path.is_file():
        raise InputError("is not a file", path=path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ResourceLimitError(
            f"is {size / 1e6:,.1f} MB (limit {limits.max_file_bytes / 1e6:,.0f} MB); "
            "split it or raise the limit",
            path=path,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=path) from exc
    if not data.strip():
        raise EmptyDocumentError("is empty", path=path)
    kind = sniff(data, path)
    if kind in ("txt", "md"):
        from reviewer.ingest.text import read_text

        return read_text(path, data, limits, markdown=kind == "md")
    if kind == "docx":
        from reviewer.ingest.safety import check_docx

        check_docx(path, data, limits)
    document = (
        _isolated_read(kind, path, data, limits, progress)
        if isolate
        else _read(kind, path, data, limits, progress)
    )
    expected = {"pdf": ".pdf", "docx": ".docx"}[kind]
    if path.suffix and path.suffix.lower() != expected:
        document.warnings.append(
            f"the name ends in {path.suffix} but the content is {kind.upper()}; read as {kind.upper()}"
        )
    return document


def _isolated_read(
    kind: str, path: Path, data: bytes, limits: IngestLimits, progress: OcrProgress | None
) -> Document:
    from reviewer.ingest.sandbox import run_isolated

    def ignore(done: int, total: int) -> None:
        pass

    result: Document = run_isolated(
        _read,
        (kind, path, data, limits),
        path=path,
        seconds=limits.max_seconds,
        memory_bytes=limits.max_memory_bytes,
        # PDFs report OCR progress, which also extends their time: each page
        # has its own limit (plus time to render it).
        progress=(progress or ignore) if kind == "pdf" else None,
        seconds_per_step=limits.ocr_seconds_per_page + 15,
    )
    return result
