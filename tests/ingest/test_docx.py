"""DOCX reading: Word auto-numbering, tables, tracked changes, headers and footers."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reviewer.errors import CorruptFileError
from reviewer.ingest import ingest
from reviewer.ingest.docx.numbering import format_number
from reviewer.segment import segment

LEVELS = [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)"), ("lowerRoman", "(%4)")]


def _numbering_xml() -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(LEVELS)
    )
    article = (
        '<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1"/></w:lvl></w:abstractNum>'
    )
    bullet = (
        '<w:abstractNum w:abstractNumId="30"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
    )
    return (
        f"<w:numbering {nsdecls('w')}>"
        f'<w:abstractNum w:abstractNumId="10">{levels}</w:abstractNum>{article}{bullet}'
        '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="10"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>'
        "</w:numbering>"
    )


def _numbered(doc, text: str, num_id: int, level: int):  # type: ignore[no-untyped-def]
    paragraph = doc.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def _build(tmp_path: Path) -> Path:
    doc = docx.Document()
    numbering_part = doc.part.numbering_part
    numbering_part._element = parse_xml(_numbering_xml())
    doc.sections[0].header.paragraphs[0].text = "ACME CONFIDENTIAL HEADER"
    doc.sections[0].footer.paragraphs[0].text = "Footer text page"
    doc.add_heading("Data Processing Addendum", level=1)
    _numbered(doc, "Security", 1, 0)
    _numbered(doc, "Audits. Customer may audit Provider once a year.", 1, 1)
    _numbered(doc, "on-site, on notice;", 1, 2)
    _numbered(doc, "remotely.", 1, 2)
    _numbered(doc, "records only", 1, 3)
    _numbered(doc, "Incident notice within 48 hours.", 1, 1)
    _numbered(doc, "Deletion", 1, 0)
    _numbered(doc, "Definitions apply.", 2, 0)
    _numbered(doc, "Scope applies.", 2, 0)
    _numbered(doc, "Restarted list.", 3, 0)
    _numbered(doc, "A bullet point.", 4, 0)
    table = doc.add_table(rows=2, cols=3)
    for row, values in zip(
        table.rows, [("Name", "Purpose", "Country"), ("HostCo", "Hosting", "Germany")], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    tracked = doc.add_paragraph("Provider shall ")
    tracked._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="x"><w:r><w:t>promptly </w:t></w:r></w:ins>'
        )
    )
    tracked._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="x"><w:r><w:delText>never </w:delText></w:r></w:del>'
        )
    )
    tracked._p.append(copy.deepcopy(tracked.runs[0]._r))
    tracked.runs[-1].text = "notify Customer."
    path = tmp_path / "numbered.docx"
    doc.save(path)
    return path


def test_word_numbering_is_rendered(tmp_path: Path) -> None:
    document = ingest(_build(tmp_path))
    texts = [b.text for b in document.blocks]
    assert "1. Security" in texts
    assert "1.1 Audits. Customer may audit Provider once a year." in texts
    assert "(a) on-site, on notice;" in texts
    assert "(b) remotely." in texts
    assert "(i) records only" in texts
    assert "1.2 Incident notice within 48 hours." in texts
    assert "2. Deletion" in texts
    assert "Article I Definitions apply." in texts
    assert "Article II Scope applies." in texts
    assert "1. Restarted list." in texts  # startOverride restarts the list
    assert "A bullet point." in texts
    heading = next(b for b in document.blocks if b.text == "Data Processing Addendum")
    assert heading.kind == "heading" and heading.level == 0


def test_tables_tracked_changes_and_no_headers(tmp_path: Path) -> None:
    document = ingest(_build(tmp_path))
    assert "HostCo | Hosting | Germany" in document.text
    assert "Provider shall promptly notify Customer." in document.text
    assert "never" not in document.text
    assert any("tracked changes" in w for w in document.warnings)
    assert "CONFIDENTIAL HEADER" not in document.text
    assert "Footer text" not in document.text


def test_outline_cites_word_numbers(tmp_path: Path) -> None:
    numbers = [c.number for c in segment(ingest(_build(tmp_path))).clauses if c.number]
    assert numbers[:6] == ["1", "1.1", "1.1(a)", "1.1(b)", "1.1(b)(i)", "1.2"]


def test_number_formats() -> None:
    assert format_number(4, "lowerRoman") == "iv"
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(3, "upperLetter") == "C"
    assert format_number(2, "ordinal") == "2nd"


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive at all")
    with pytest.raises(CorruptFileError, match=r"fake\.docx"):
        ingest(path)
