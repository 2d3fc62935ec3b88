"""Build the sample contracts: DOCX with real Word auto-numbering, PDF, and text.

The sources are the Markdown agreements in sample_contracts/ (written by us).
Each becomes a DOCX whose section and clause numbers are Word automatic
numbering (numbering.xml, not typed), with heading styles, a table, a running
header and a "Page X of Y" footer; then a PDF printed from that DOCX by
LibreOffice (skipped with a message when `soffice` is absent); and one plain
text file with typed numbers.

    .venv/bin/python scripts/build_samples.py [--out sample_contracts]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
# The v2 file is the vendor's revised draft of the Lumen agreement, for `reviewer compare`.
SOURCES = [
    "northwind-ai-dpa",
    "lumen-msa-ai-addendum",
    "lumen-msa-ai-addendum-v2",
    "quickdesk-terms",
]
TEXT_SAMPLE = "quickdesk-terms"
FIXED_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
NUMBERING = (
    f"<w:numbering {nsdecls('w')}>"
    '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
    '<w:pPr><w:ind w:left="864" w:hanging="576"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/>'
    '<w:pPr><w:ind w:left="1296" w:hanging="432"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)
_SECTION = re.compile(r"^##\s+\d+\.\s+(.*)$")
_PART = re.compile(r"^##\s+(Annex|Schedule|Exhibit|Appendix)\b(.*)$")
_ITEM = re.compile(r"^\d+\.\s+(.*)$")


def _number(paragraph, level: int) -> None:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'
        )
    )


def _field(paragraph, code: str) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    instr = paragraph.add_run()
    instr._r.append(
        parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {code} </w:instrText>')
    )
    separate = paragraph.add_run()
    separate._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run("1")
    end = paragraph.add_run()
    end._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def build_docx(source: Path, target: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip()
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(NUMBERING)
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title, properties.author = title, "contract-reviewer samples"
    properties.created = properties.modified = FIXED_DATE
    properties.revision = 1
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{title} - Confidential"
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    document.add_heading(title, level=0)
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        table.style = "Table Grid"
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
        table_rows.clear()

    for raw in lines[1:]:
        line = raw.strip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                table_rows.append(cells)
            continue
        flush_table()
        if not line:
            continue
        if match := _PART.match(line):
            document.add_heading(f"{match.group(1)}{match.group(2)}", level=1)
        elif match := _SECTION.match(line):
            _number(document.add_heading(match.group(1), level=1), 0)
        elif match := _ITEM.match(line):
            _number(document.add_paragraph(match.group(1)), 1)
        else:
            document.add_paragraph(line)
    flush_table()
    document.save(target)


def build_pdf(docx_path: Path, out_dir: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: PDFs not rebuilt (apt-get install libreoffice-writer-nogui)")
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "pdf", "--outdir", str(out_dir), str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample_contracts")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from reviewer.ingest import ingest

    for name in SOURCES:
        source = ROOT / "sample_contracts" / f"{name}.md"
        target = args.out / f"{name}.docx"
        build_docx(source, target)
        print(f"wrote {target}")
        if not args.no_pdf and build_pdf(target, args.out):
            print(f"wrote {args.out / (name + '.pdf')}")
        if name == TEXT_SAMPLE:
            # Plain text with the numbers a reader sees, typed.
            text = ingest(target).text
            (args.out / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
            print(f"wrote {args.out / (name + '.txt')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
