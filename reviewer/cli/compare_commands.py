"""`reviewer compare OLD NEW`: the second round of a negotiation, a thin edge over
reviewer.compare."""

from __future__ import annotations

from pathlib import Path

import typer

from reviewer.cli.main import EXIT_GAPS, EXIT_OK, app
from reviewer.errors import ReviewerError

FORMATS = ("text", "json", "html")


@app.command()
def compare(
    old: Path = typer.Argument(..., help="The earlier version: a contract or its JSON report."),
    new: Path = typer.Argument(..., help="The revised version: a contract or its JSON report."),
    profile: str = typer.Option(
        "default", "--profile", "-p", help="Profile of the clause library."
    ),
    country: str | None = typer.Option(None, "--country", help="Localisation country (e.g. KZ)."),
    library: Path | None = typer.Option(None, "--library", help="Use this clause library folder."),
    output_format: str = typer.Option("text", "--format", "-f", help="text | json | html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    fail_on_worse: bool = typer.Option(
        False, "--fail-on-worse", help="Exit 1 when any requirement got worse."
    ),
    report_language: str | None = typer.Option(
        None, "--report-language", help="Language of the comparison's own words."
    ),
) -> int:
    """Compare two versions of a contract: what changed, what got worse, what remains."""
    from reviewer.cli.review_commands import _write
    from reviewer.compare import compare_paths
    from reviewer.engine import ReviewEngine
    from reviewer.report.messages import language_of

    if output_format not in FORMATS:
        raise ReviewerError(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    engine = ReviewEngine(
        library, profile=profile, country=country, report_language=report_language
    )
    comparison = compare_paths(engine, old, new)
    language = language_of(report_language, None)
    if output_format == "json":
        _write(output, comparison.to_json())
    elif output_format == "html":
        from reviewer.compare.render import render_comparison_html

        _write(output, render_comparison_html(comparison, language=language))
    else:
        from reviewer.compare.render import render_comparison_text

        colour = output is None and typer.get_text_stream("stdout").isatty()
        _write(output, render_comparison_text(comparison, colour=colour, language=language))
    if fail_on_worse and comparison.counts.get("worse"):
        return EXIT_GAPS
    return EXIT_OK
