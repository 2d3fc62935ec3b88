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


def _pages_pdf(pages: list[list[tuple[int, int, str]]]) -> bytes:
    """A PDF with one Helvetica 10 pt text run per (x, y, text) on each page."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, runs in enumerate(pages):
        stream = b" ".join(
            b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (x, y, text.encode("latin-1"))
            for x, y, text in runs
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * index)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return _pdf(objects)


def _page(number: int, total: int, body: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [
        (72, 760, "Example Services Agreement - Confidential"),
        *body,
        (270, 30, f"Page {number} of {total}"),
    ]


def test_running_header_footer_removed_and_paragraph_spans_pages(tmp_path: Path) -> None:
    pages = [
        _page(
            1,
            3,
            [
                (72, 700, "1. Scope"),
                (72, 600, "2. The supplier shall keep all records"),
                (72, 588, "for the term and shall delete them on"),
            ],
        ),
        _page(2, 3, [(72, 700, "request of the customer."), (72, 600, "3. Fees are due monthly.")]),
        _page(3, 3, [(72, 700, "4. This agreement ends on notice.")]),
    ]
    path = tmp_path / "three.pdf"
    path.write_bytes(_pages_pdf(pages))
    document = ingest(path)
    assert "Confidential" not in document.text
    assert "Page" not in document.text
    assert document.pages == 3
    spanning = [b for b in document.blocks if "keep all records" in b.text]
    assert len(spanning) == 1
    block = spanning[0]
    assert "delete them on request of the customer." in block.text
    assert block.page == 1
    assert [page for _, page in block.page_breaks] == [2]
    last = next(b for b in document.blocks if "ends on notice" in b.text)
    assert last.page == 3


def test_line_break_hyphens_joined_only_inside_words(tmp_path: Path) -> None:
    body = [
        (72, 700, "1. The processor limits pro-"),
        (72, 688, "cessing to documented instructions and no third-"),
        (72, 676, "Party access is allowed."),
    ]
    path = tmp_path / "hyphen.pdf"
    path.write_bytes(_pages_pdf([body]))
    text = ingest(path).text
    assert "limits processing to documented" in text
    assert "third- Party" in text or "third-Party" in text


def test_two_columns_are_not_interleaved(tmp_path: Path) -> None:
    left = [(72, 700 - 14 * i, f"left column line {i} alpha") for i in range(10)]
    right = [(330, 700 - 14 * i, f"right column line {i} beta") for i in range(10)]
    path = tmp_path / "columns.pdf"
    path.write_bytes(_pages_pdf([left + right]))
    text = ingest(path).text
    assert text.index("left column line 9") < text.index("right column line 0")
    order = [text.index(f"left column line {i} alpha") for i in range(10)]
    assert order == sorted(order)
    assert "alpha right column line 1" not in text


def test_line_end_hyphens_of_compounds_and_acronyms_stay(tmp_path: Path) -> None:
    body = [
        (72, 700, "1. A well-known provider may use AI-"),
        (72, 688, "based tools and other well-"),
        (72, 676, "known vendors for the ser-"),
        (72, 664, "vice."),
    ]
    path = tmp_path / "compounds.pdf"
    path.write_bytes(_pages_pdf([body]))
    text = ingest(path).text
    assert "AI-based tools" in text
    assert "other well-known vendors" in text
    assert "for the service." in text
