"""Every kind of bad input gets a clear error naming the file; the CLI exits 2."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

from reviewer.cli.main import main
from reviewer.errors import (
    CorruptFileError,
    DecodingError,
    EmptyDocumentError,
    InputError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from reviewer.ingest import IngestLimits, ingest

SMALL = IngestLimits(
    max_file_bytes=2_000_000,
    max_uncompressed_bytes=20_000_000,
    max_member_bytes=10_000_000,
    max_xml_elements=200_000,
    max_paragraphs=50_000,
    max_seconds=20,
)
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _zip(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def _expect(path: Path, error: type[Exception], match: str, limits: IngestLimits = SMALL) -> None:
    with pytest.raises(error, match=match) as caught:
        ingest(path, limits=limits)
    assert path.name in str(caught.value)


def test_missing_and_directory(tmp_path: Path) -> None:
    _expect(tmp_path / "nope.pdf", InputError, "file not found")
    _expect(tmp_path, InputError, "not a file")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    _expect(path, EmptyDocumentError, "empty")


def test_type_is_judged_by_content(tmp_path: Path) -> None:
    png = tmp_path / "contract.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    _expect(png, UnsupportedFormatError, "PNG image")
    xlsx = _zip(
        tmp_path, "sheet.docx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}
    )
    _expect(xlsx, UnsupportedFormatError, "spreadsheet")
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    _expect(old, UnsupportedFormatError, "old Word")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04garbage that is not a zip")
    _expect(path, CorruptFileError, "not a valid Word document")


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    zeros = b"\x00" * 30_000_000  # 30 MB compresses to ~30 KB
    path = _zip(
        tmp_path,
        "bomb.docx",
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": zeros},
    )
    _expect(path, ResourceLimitError, "zip bomb")


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _zip(
        tmp_path,
        "laughs.docx",
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": laughs.encode()},
    )
    _expect(path, ResourceLimitError, "entity")


def test_element_bomb_is_refused(tmp_path: Path) -> None:
    body = "<w:p/>" * 300_000  # tiny when compressed, slow for python-docx
    xml = f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    path = _zip(
        tmp_path,
        "paragraphs.docx",
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": xml.encode()},
    )
    # The ratio check alone already refuses this one; lift it to test the element cap.
    lenient = dataclasses.replace(SMALL, max_compression_ratio=1_000_000)
    _expect(path, ResourceLimitError, "more than", lenient)


def test_deeply_nested_xml_is_refused(tmp_path: Path) -> None:
    xml = (
        f"<w:document {W_NS}><w:body>"
        + "<w:sdt>" * 5000
        + "</w:sdt>" * 5000
        + "</w:body></w:document>"
    )
    path = _zip(
        tmp_path,
        "nested.docx",
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": xml.encode()},
    )
    _expect(path, ResourceLimitError, "nests XML deeper")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Provider shall notify Customer. " * 100_000)
    _expect(path, ResourceLimitError, "limit", dataclasses.replace(SMALL, max_file_bytes=1_000_000))


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(256)) * 50)
    _expect(path, DecodingError, "binary")


def test_pdf_with_a_looping_page_tree_ends_with_a_clear_error(tmp_path: Path) -> None:
    data = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    path = tmp_path / "loop.pdf"
    path.write_bytes(data)
    with pytest.raises((CorruptFileError, ResourceLimitError, InputError)) as caught:
        ingest(path, limits=SMALL)
    assert "loop.pdf" in str(caught.value)


def test_pdf_with_absurd_nesting_ends_with_a_clear_error(tmp_path: Path) -> None:
    stream = b"[" * 200_000 + b"]" * 200_000
    data = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(stream)} >> stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    path = tmp_path / "nested.pdf"
    path.write_bytes(data)
    with pytest.raises((CorruptFileError, ResourceLimitError, InputError)) as caught:
        ingest(path, limits=SMALL)
    assert "nested.pdf" in str(caught.value)


def test_time_limit_kills_a_slow_reader(tmp_path: Path) -> None:
    import time

    from reviewer.ingest.sandbox import run_isolated

    with pytest.raises(ResourceLimitError, match="took longer than"):
        run_isolated(time.sleep, (30,), path=tmp_path / "slow.pdf", seconds=1, memory_bytes=0)


def test_memory_cap_stops_a_greedy_reader(tmp_path: Path) -> None:
    from reviewer.ingest.sandbox import run_isolated

    with pytest.raises(ResourceLimitError, match="MB"):
        run_isolated(
            bytearray,
            (2_000_000_000,),
            path=tmp_path / "big.pdf",
            seconds=20,
            memory_bytes=500_000_000,
        )


@pytest.mark.parametrize("name", ["broken.docx", "cut.pdf"])
def test_cli_exits_2_without_traceback(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04junk" if name.endswith("docx") else b"%PDF-1.4\n1 0 obj <<")
    assert main(["review", str(path)]) == 2
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err
