"""Hostile and broken PDFs give clear errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import CorruptFileError, EncryptedFileError, NeedsOcrError
from reviewer.ingest import ingest


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A minimal PDF written by hand: objects, xref table and trailer."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return out


def _text_pdf(text: bytes) -> bytes:
    stream = b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def test_a_hand_written_pdf_is_read(tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    path.write_bytes(_text_pdf(b"1. Provider shall notify Customer within 24 hours."))
    document = ingest(path)
    assert document.format == "pdf"
    assert document.pages == 1
    assert "Provider shall notify Customer within 24 hours." in document.text
    assert document.blocks[0].page == 1


def test_no_text_layer_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_text_pdf(b"").replace(b"(", b"(").replace(b"() Tj", b"() Tj"))
    with pytest.raises(NeedsOcrError, match=r"scan\.pdf: .*OCR"):
        ingest(path)


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(_text_pdf(b"Some text")[:60])
    with pytest.raises((CorruptFileError, NeedsOcrError), match=r"cut\.pdf"):
        ingest(path)


def test_encrypted_pdf_is_named(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"00" * 32 + b"> /P -4 >>"
    )
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            encrypt,
        ],
        trailer_extra=b"/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ",
    )
    path.write_bytes(data)
    with pytest.raises((EncryptedFileError, CorruptFileError), match=r"locked\.pdf"):
        ingest(path)
