"""`reviewer extract` and `reviewer outline`: what ingestion and segmentation see."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from reviewer.cli.main import EXIT_OK, app
from reviewer.errors import ReviewerError


def _check_format(value: str) -> None:
    if value not in ("text", "json"):
        raise ReviewerError(f"--format must be text or json, not {value!r}")


@app.command()
def extract(
    file: Path = typer.Argument(..., help="Contract file (PDF, DOCX, TXT or Markdown)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text | json"),
) -> int:
    """Print the extracted text (report offsets point into it)."""
    _check_format(output_format)
    from reviewer.cli.progress import ocr_progress
    from reviewer.ingest import ingest

    with ocr_progress(file.name) as progress:
        document = ingest(file, progress=progress)
    for warning in document.warnings:
        typer.echo(f"warning: {file.name}: {warning}", err=True)
    if output_format == "text":
        sys.stdout.write(document.text + "\n")
        return EXIT_OK
    from reviewer.segment.kind import guess_kind

    # The document kind needs only titles and a text sample, not a full segmentation.
    kind = guess_kind(document)
    payload = {
        "path": document.path,
        "format": document.format,
        "sha256": document.sha256,
        "pages": document.pages,
        "kind": kind.kind,
        "kind_cue": kind.cue,
        "warnings": document.warnings,
        "text": document.text,
        "blocks": [
            {
                "index": b.index,
                "kind": b.kind,
                "start": b.start,
                "end": b.end,
                "page": b.page,
                "number": b.number,
                "level": b.level,
                "style": b.style,
            }
            for b in document.blocks
        ],
    }
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _pages(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"p. {start}" if start == end or end is None else f"pp. {start}-{end}"


@app.command()
def outline(
    file: Path = typer.Argument(..., help="Contract file (PDF, DOCX, TXT or Markdown)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text | json"),
) -> int:
    """Print the clause tree: numbers, headings and pages."""
    _check_format(output_format)
    from reviewer.ingest import ingest
    from reviewer.segment import segment

    segmented = segment(ingest(file))
    if output_format == "json":
        payload = {
            "path": segmented.document.path,
            "kind": segmented.kind.kind,
            "kind_cue": segmented.kind.cue,
            "parties": segmented.parties,
            "clauses": [
                {
                    "number": c.number,
                    "heading": c.heading,
                    "heading_path": c.heading_path,
                    "level": c.level,
                    "part": c.part,
                    "start": c.start,
                    "end": c.end,
                    "page_start": c.page_start,
                    "page_end": c.page_end,
                }
                for c in segmented.clauses
            ],
            "glossary": sorted(segmented.glossary),
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    lines = [f"{segmented.document.path}: {segmented.kind.kind} ({segmented.kind.cue})"]
    for clause in segmented.clauses:
        if clause.number is None and clause.heading is None:
            continue
        label = " ".join(p for p in (clause.number or "", clause.heading or "") if p)
        pages = _pages(clause.page_start, clause.page_end)
        lines.append(f"{'  ' * clause.level}{label}" + (f"  [{pages}]" if pages else ""))
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
