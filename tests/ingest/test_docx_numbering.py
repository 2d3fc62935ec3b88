"""Word list numbering, one small DOCX per case, with the numbers Word and LibreOffice show.

Each case builds numbering.xml (and styles where the case needs them) by hand
and lists the labels a reader sees. The same files are printed through
LibreOffice when it is installed and the printed numbers compared with ours.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reviewer.ingest import ingest

DECIMAL_LEVELS = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>'
)


@dataclass
class Case:
    name: str
    numbering: str  # the inside of w:numbering
    paragraphs: list[tuple[str, str | None, int | None, str | None]]  # text, numId, ilvl, style
    expected: list[str]  # label of each paragraph ("" when none)
    styles: str = ""  # extra w:style elements
    word_only: str = ""  # why LibreOffice shows other numbers than Word, if it does


CASES = [
    Case(
        # Sub-lists are new w:num instances of the same abstract definition with
        # start overrides (what pandoc writes): "2.1" follows "2.", not "1.1".
        "sub_lists_share_the_abstract_counters",
        f'<w:abstractNum w:abstractNumId="1">{DECIMAL_LEVELS}</w:abstractNum>'
        '<w:num w:numId="10"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="11"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="12"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
        [
            ("Services", "10", 0, None),
            ("Access to the service.", "11", 1, None),
            ("Support hours.", "11", 1, None),
            ("Obligations", "10", 0, None),
            ("Restrictions on use.", "12", 1, None),
            ("Suspension for cause.", "12", 1, None),
        ],
        ["1.", "1.1", "1.2", "2.", "2.1", "2.2"],
    ),
    Case(
        # Two w:num of one abstract without overrides are one list: it continues.
        "plain_instances_continue_one_list",
        f'<w:abstractNum w:abstractNumId="1">{DECIMAL_LEVELS}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
        [
            ("Definitions", "1", 0, None),
            ("An interrupting paragraph without a number.", None, None, None),
            ("Scope", "2", 0, None),
            ("Term", "1", 0, None),
        ],
        ["1.", "", "2.", "3."],
    ),
    Case(
        # A start override restarts the list at the given number, once.
        "start_override_restarts_at_its_value",
        f'<w:abstractNum w:abstractNumId="1">{DECIMAL_LEVELS}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>',
        [
            ("First list one.", "1", 0, None),
            ("First list two.", "1", 0, None),
            ("Second list starts at five.", "2", 0, None),
            ("Second list goes on.", "2", 0, None),
        ],
        ["1.", "2.", "5.", "6."],
    ),
    Case(
        # A w:lvl inside w:lvlOverride replaces that level's format for this list only.
        "level_override_changes_the_format",
        f'<w:abstractNum w:abstractNumId="1">{DECIMAL_LEVELS}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:abstractNum w:abstractNumId="2">' + DECIMAL_LEVELS + "</w:abstractNum>"
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/>'
        '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1"/></w:lvl></w:lvlOverride></w:num>',
        [
            ("Decimal list.", "1", 0, None),
            ("Roman articles one.", "2", 0, None),
            ("Roman articles two.", "2", 0, None),
        ],
        ["1.", "Article I", "Article II"],
    ),
    Case(
        # w:lvlRestart="0": level 2 never restarts, so (c) follows (b) under 1.2.
        "level_restart_zero_never_restarts",
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlRestart w:val="0"/><w:lvlText w:val="(%2)"/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
        [
            ("Audits", "1", 0, None),
            ("on site;", "1", 1, None),
            ("remotely.", "1", 1, None),
            ("Incidents", "1", 0, None),
            ("notice in 48 hours.", "1", 1, None),
        ],
        ["1.", "(a)", "(b)", "2.", "(c)"],
        word_only="LibreOffice 7 ignores w:lvlRestart (it restarts at (a)); Word honours it",
    ),
    Case(
        # A paragraph style carries the numbering (w:numPr in the style), and a
        # second style is bound to level 1 through the level's w:pStyle.
        "styles_carry_numbering",
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:pStyle w:val="ClauseOne"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:pStyle w:val="ClauseTwo"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>',
        [
            ("Data protection", None, None, "ClauseOne"),
            ("The processor acts on instructions.", None, None, "ClauseTwo"),
            ("The processor keeps records.", None, None, "ClauseTwo"),
            ("Liability", None, None, "ClauseOne"),
            ("Caps apply.", None, None, "ClauseTwo"),
        ],
        ["1.", "1.1", "1.2", "2.", "2.1"],
        styles=(
            '<w:style w:type="paragraph" w:styleId="ClauseOne"><w:name w:val="Clause One"/>'
            '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="ClauseTwo"><w:name w:val="Clause Two"/>'
            '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
        ),
    ),
    Case(
        # An abstract definition that links to a numbering style uses the list
        # that style defines, counters included.
        "numbering_style_link_shares_the_list",
        f'<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="LegalList"/>{DECIMAL_LEVELS}'
        "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="LegalList"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>',
        [
            ("Definitions", "1", 0, None),
            ("Scope", "2", 0, None),
            ("Scope detail.", "2", 1, None),
        ],
        ["1.", "2.", "2.1"],
        styles=(
            '<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>'
            '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        ),
    ),
    Case(
        # A paragraph with numId 0 switches off the numbering its style carries.
        "num_id_zero_removes_style_numbering",
        f'<w:abstractNum w:abstractNumId="1">{DECIMAL_LEVELS}</w:abstractNum>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>',
        [
            ("Numbered by style.", None, None, "Numbered"),
            ("Not numbered.", "0", 0, "Numbered"),
            ("Numbered again.", None, None, "Numbered"),
        ],
        ["1.", "", "2."],
        styles=(
            '<w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered"/>'
            '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
        ),
    ),
]


def build(case: Case, folder: Path) -> Path:
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(
        f"<w:numbering {nsdecls('w')}>{case.numbering}</w:numbering>"
    )
    if case.styles:
        styles = document.part.styles.element
        for style in parse_xml(f"<w:styles {nsdecls('w')}>{case.styles}</w:styles>"):
            styles.append(style)
    for text, num_id, ilvl, style in case.paragraphs:
        paragraph = document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        if style is not None:
            ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))
        if num_id is not None:
            ppr.append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl or 0}"/>'
                    f'<w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
    path = folder / f"{case.name}.docx"
    document.save(path)
    return path


def _labels(case: Case, path: Path) -> list[str]:
    blocks = ingest(path, isolate=False).blocks
    assert all(b.text.endswith(t) for b, (t, *_) in zip(blocks, case.paragraphs, strict=True))
    return [
        (b.number and b.text[: len(b.text) - len(t)].strip()) or ""
        for b, (t, *_) in zip(blocks, case.paragraphs, strict=True)
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_numbers_as_word_shows_them(case: Case, tmp_path: Path) -> None:
    assert _labels(case, build(case, tmp_path)) == case.expected


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_same_numbers(tmp_path: Path) -> None:
    cases = [case for case in CASES if not case.word_only]
    paths = [build(case, tmp_path) for case in cases]
    profile = (tmp_path / "profile").as_uri()  # its own profile: other soffice runs may be open
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for case, path in zip(cases, paths, strict=True):
        printed = ingest(path.with_suffix(".pdf"), isolate=False).text
        for (text, *_), label in zip(case.paragraphs, case.expected, strict=True):
            position = printed.find(text)
            assert position >= 0, (case.name, text)
            before = printed[:position].split()[-2:]
            shown = (
                before[-1]
                if before and re.fullmatch(r"[\d.()a-z]*[\d()][\d.()a-z]*|[IVX]+", before[-1])
                else ""
            )
            if shown and len(before) == 2 and before[0] == "Article":
                shown = "Article " + shown
            assert shown == label, (case.name, text, printed)


def test_numbers_in_table_cells(tmp_path: Path) -> None:
    case = CASES[0]
    path = build(case, tmp_path)
    document = docx.Document(str(path))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "(1)"
    table.cell(0, 1).text = "Whereas the parties wish to cooperate."
    table.cell(1, 0).text = "Name"
    table.cell(1, 1).text = "HostCo"
    cell = table.cell(1, 1).add_paragraph("Numbered inside a cell.")
    cell._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="10"/></w:numPr>')
    )
    document.save(path)
    blocks = ingest(path, isolate=False).blocks
    recital = next(b for b in blocks if "Whereas" in b.text)
    assert (recital.kind, recital.number, recital.text) == (
        "list_item",
        "(1)",
        "(1) Whereas the parties wish to cooperate.",
    )
    row = next(b for b in blocks if "HostCo" in b.text)
    assert row.kind == "table_row"
    assert row.text == "Name | HostCo 3. Numbered inside a cell."
