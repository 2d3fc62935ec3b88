"""Checks a DOCX package must pass before python-docx may open it.

python-docx decompresses whole members and builds a full XML tree, so a zip
bomb, an entity-expansion attack or millions of empty paragraphs would cost
minutes and gigabytes. These checks read only the zip directory and stream
the main document part with byte and element caps.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.parsers import expat

from reviewer.errors import CorruptFileError, ResourceLimitError, UnsupportedFormatError
from reviewer.ingest.limits import IngestLimits

DOCUMENT_PART = "word/document.xml"
CHUNK = 64 * 1024
MAX_DEPTH = 256


def _mb(size: float) -> str:
    return f"{size / 1e6:,.0f} MB"


class _Refused(Exception):
    pass


def check_docx(path: Path, data: bytes, limits: IngestLimits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises BadZipFile, OSError, NotImplementedError, ...
        raise CorruptFileError(
            "is not a valid Word document (not a zip archive, or truncated)", path=path
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise ResourceLimitError(
                f"has {len(members):,} parts (limit {limits.max_zip_members:,}); refusing it",
                path=path,
            )
        names = {m.filename for m in members}
        if DOCUMENT_PART not in names:
            kind = (
                "a spreadsheet (.xlsx)" if "xl/workbook.xml" in names
                else "a presentation (.pptx)" if "ppt/presentation.xml" in names
                else "an OpenDocument file" if "content.xml" in names
                else "a zip archive"
            )  # fmt: skip
            raise UnsupportedFormatError(
                f"is {kind}, not a Word document; save the contract as .docx or PDF", path=path
            )
        total = sum(m.file_size for m in members)
        if total > limits.max_uncompressed_bytes:
            raise ResourceLimitError(
                f"expands to {_mb(total)} (limit {_mb(limits.max_uncompressed_bytes)}): "
                "refusing a possible zip bomb",
                path=path,
            )
        for member in members:
            if member.file_size > limits.max_member_bytes:
                raise ResourceLimitError(
                    f"part {member.filename} expands to {_mb(member.file_size)} "
                    f"(limit {_mb(limits.max_member_bytes)}): refusing a possible zip bomb",
                    path=path,
                )
            ratio = member.file_size / max(1, member.compress_size)
            if member.file_size > 1_000_000 and ratio > limits.max_compression_ratio:
                raise ResourceLimitError(
                    f"part {member.filename} is compressed {ratio:,.0f}:1 "
                    f"(limit {limits.max_compression_ratio:,.0f}:1): refusing a possible zip bomb",
                    path=path,
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _scan_xml(archive, member, path, limits, count=member.filename == DOCUMENT_PART)


def _scan_xml(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    path: Path,
    limits: IngestLimits,
    *,
    count: bool,
) -> None:
    """Stream one XML part: no DTDs or entities, bounded size, depth and elements."""
    parser = expat.ParserCreate()
    state = {"elements": 0, "paragraphs": 0, "depth": 0}

    def refuse_dtd(*_: object) -> None:
        raise _Refused("contains a DTD / entity declarations (possible entity-expansion attack)")

    def start(name: str, _attrs: object) -> None:
        state["depth"] += 1
        if state["depth"] > MAX_DEPTH:
            raise _Refused(f"nests XML deeper than {MAX_DEPTH} levels")
        if count:
            state["elements"] += 1
            if name.endswith(":p") or name == "p":
                state["paragraphs"] += 1

    def end(_name: str) -> None:
        state["depth"] -= 1

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    read = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > limits.max_member_bytes:
                    raise _Refused(
                        f"part {member.filename} expands beyond {_mb(limits.max_member_bytes)}"
                    )
                parser.Parse(chunk, False)
                if state["elements"] > limits.max_xml_elements:
                    raise _Refused(
                        f"has more than {limits.max_xml_elements:,} XML elements in its text"
                    )
                if state["paragraphs"] > limits.max_paragraphs:
                    raise _Refused(f"has more than {limits.max_paragraphs:,} paragraphs")
            parser.Parse(b"", True)
    except _Refused as exc:
        raise ResourceLimitError(f"{exc}; refusing it", path=path) from None
    except expat.ExpatError as exc:
        raise CorruptFileError(
            f"is a damaged Word document (bad XML in {member.filename}: {exc})", path=path
        ) from None
    except Exception as exc:  # damaged members: zlib, CRC, encoding and zip errors
        raise CorruptFileError(
            f"is a damaged Word document ({member.filename}: {type(exc).__name__})", path=path
        ) from None
