"""`reviewer review` and `reviewer eval`: thin edges over ReviewEngine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from reviewer.cli.main import EXIT_GAPS, EXIT_OK, app
from reviewer.errors import ReviewerError
from reviewer.library.model import SEVERITY_RANK

FORMATS = ("text", "json", "html", "docx", "pdf", "redline")
SEVERITIES = ("critical", "high", "medium", "low", "none")


def _write(output: Path | None, content: str) -> None:
    if output is None:
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(output)  # atomic: a reader never sees half a report


@app.command()
def review(
    file: Path = typer.Argument(..., help="Contract to review (PDF, DOCX, TXT or Markdown)."),
    profile: str = typer.Option(
        "default", "--profile", "-p", help="Profile of the clause library."
    ),
    country: str | None = typer.Option(
        None, "--country", help="Localisation country (two letters, e.g. KZ)."
    ),
    library: Path | None = typer.Option(None, "--library", help="Use this clause library folder."),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text (terminal summary) | json | html (memo) | docx (annotated copy or memo) "
        "| pdf (memo, needs LibreOffice) | redline (a Word contract with the recommended "
        "clauses as tracked changes).",
    ),
    fail_on: str = typer.Option(
        "none", "--fail-on", help="Exit 1 when a gap of this severity or higher is found."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    use_model: bool = typer.Option(
        True, "--model/--no-model", help="Let the trained model decide (--no-model: rules alone)."
    ),
    report_language: str | None = typer.Option(
        None,
        "--report-language",
        help="Language of the report (en, ru, ...); default: the contract's language.",
    ),
) -> int:
    """Review one contract against the clause library."""
    from reviewer.engine.localise import REPORT_LANGUAGES
    from reviewer.report.messages import available_languages, language_for

    known = sorted(set(REPORT_LANGUAGES) | set(available_languages()))
    if report_language and report_language not in known:
        raise ReviewerError(
            f"no report language {report_language!r}; choose one of: {', '.join(known)}"
        )
    if output_format not in FORMATS:
        raise ReviewerError(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    if fail_on not in SEVERITIES:
        raise ReviewerError(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    from reviewer.engine import ReviewEngine

    engine = ReviewEngine(
        library,
        profile=profile,
        country=country,
        use_model=use_model,
        report_language=report_language,
    )
    from reviewer.cli.progress import ocr_progress

    with ocr_progress(Path(file).name) as progress:
        report = engine.review_path(file, progress=progress)
    report_language = language_for(report, report_language)
    for warning in report.document.warnings:
        typer.echo(f"warning: {Path(file).name}: {warning}", err=True)
    if output_format == "json":
        _write(output, report.to_json())
    elif output_format == "html":
        from reviewer.report.html import render_html

        _write(output, render_html(report, language=report_language))
    elif output_format == "docx":
        from reviewer.report.docx import write_docx

        target = output or Path(f"{Path(file).stem}.review.docx")
        result = write_docx(report, target, source=Path(file), language=report_language)
        what = f"{result.comments} comments" if Path(file).suffix.lower() == ".docx" else "memo"
        typer.echo(f"wrote {target} ({what})", err=True)
    elif output_format == "redline":
        _redline(report, Path(file), output, engine)
    elif output_format == "pdf":
        from reviewer.report.pdf import write_pdf

        target = output or Path(f"{Path(file).stem}.review.pdf")
        write_pdf(report, target, language=report_language)
        typer.echo(f"wrote {target}", err=True)
    elif output is None:
        from reviewer.report.text import print_to_terminal

        print_to_terminal(report, language=report_language)
    else:
        from reviewer.report.text import render_text

        _write(output, render_text(report, language=report_language))
    if fail_on != "none":
        threshold = SEVERITY_RANK[fail_on]
        if any(
            f.status in ("partial", "conflict", "missing")
            and SEVERITY_RANK[f.severity] >= threshold
            for f in report.findings
        ):
            return EXIT_GAPS
    return EXIT_OK


def _redline(report: Any, source: Path, output: Path | None, engine: Any) -> None:
    """Write the redline and say, from a review of it with every change accepted, which
    gaps it closes and which still need a lawyer (an annex to fill in)."""
    from reviewer.report.redline import check_redline, write_redline

    if source.suffix.lower() != ".docx":
        raise ReviewerError(
            f"{source.name}: a redline needs the contract as a Word (.docx) file; "
            "use --format docx for a Word memo"
        )
    target = output or Path(f"{source.stem}.redline.docx")
    result = write_redline(report, source, target)
    check_redline(result, target, engine.review_path)
    changed = len(result.changed)
    typer.echo(
        f"wrote {target}: {changed} tracked changes ({len(result.replaced)} clauses replaced, "
        f"{len(result.strengthened)} strengthened, {len(result.added)} added); with all of them "
        f"accepted, {len(result.fixed)} of {changed} gaps review as met",
        err=True,
    )
    for requirement, status in result.still_open.items():
        typer.echo(
            f"  not closed: {requirement} (reviews as {status} with the changes accepted; "
            "check that clause by hand)",
            err=True,
        )


def _pick_document(docs: Path, stem: str, preferred: str) -> Path | None:
    order = [preferred] + [f for f in ("md", "docx", "pdf", "txt") if f != preferred]
    for suffix in order:
        candidate = docs / f"{stem}.{suffix}"
        if candidate.is_file():
            return candidate
    return None


@app.command("eval")
def evaluate(
    gold_dirs: list[Path] = typer.Argument(
        ..., help="Folder(s) of gold label files (<contract>.yaml), contracts in ../docs."
    ),
    docs: Path | None = typer.Option(
        None, "--docs", help="Contracts folder (default: ../docs beside each gold folder)."
    ),
    doc_format: str = typer.Option("md", "--format", help="Preferred input format: md|docx|pdf."),
    reports_out: Path | None = typer.Option(None, "--reports-out", help="Keep the JSON reports."),
    profile: str = typer.Option("default", "--profile", "-p"),
    library: Path | None = typer.Option(None, "--library"),
    json_out: Path | None = typer.Option(None, "--json", help="Write all figures here."),
    include_uncertain: bool = typer.Option(False, "--include-uncertain"),
    show_errors: bool = typer.Option(True, "--errors/--no-errors", help="List wrong pairs."),
    use_model: bool = typer.Option(
        True, "--model/--no-model", help="Let the trained model decide (else rules alone)."
    ),
    cv: bool = typer.Option(
        False,
        "--cv",
        help="Cross-validate by publisher: retrain the model on the other folds for each "
        "fold and score out-of-fold reviews (minutes).",
    ),
    folds: int = typer.Option(5, "--folds", help="Folds for --cv."),
) -> int:
    """Review every contract with a gold file and score the reports."""
    from reviewer.evaluation import Scores, score_reports

    for gold_dir in gold_dirs:
        if not gold_dir.is_dir():
            raise ReviewerError(f"{gold_dir}: gold folder not found")
    if docs is not None and len(gold_dirs) > 1:
        raise ReviewerError("--docs needs a single gold folder")
    if reports_out:
        reports_out.mkdir(parents=True, exist_ok=True)
    extra_lines: list[str] = []
    if cv:
        reports, extra_figures, extra_lines = _cross_validate(
            gold_dirs, library, doc_format, folds, include_uncertain
        )
    else:
        reports = _review_gold_documents(gold_dirs, docs, doc_format, library, profile, use_model)
        extra_figures = {}
    if reports_out:
        for stem, report in reports.items():
            _write(reports_out / f"{stem}.json", json.dumps(report, indent=2))
    scores = Scores()
    for gold_dir in gold_dirs:
        part = score_reports(gold_dir, reports, include_uncertain=include_uncertain)
        scores.pairs += part.pairs
        scores.missing_reports += part.missing_reports
        scores.uncertain_skipped += part.uncertain_skipped
    figures = scores.figures()
    if not figures["pairs"]:
        raise ReviewerError(f"{', '.join(map(str, gold_dirs))}: no labelled pairs found")
    figures.update(extra_figures)
    figures["per_requirement"] = scores.per_requirement()
    figures["per_requirement_f1"] = scores.per_requirement_f1()
    if json_out:
        _write(json_out, json.dumps(figures, indent=2))
    typer.echo("\n".join(_figure_lines(figures, show_errors) + extra_lines))
    return EXIT_OK


def _review_gold_documents(
    gold_dirs: list[Path],
    docs: Path | None,
    doc_format: str,
    library: Path | None,
    profile: str,
    use_model: bool,
) -> dict[str, dict[str, Any]]:
    from reviewer.engine import ReviewEngine

    engine = ReviewEngine(library, profile=profile, use_model=use_model)
    reports: dict[str, dict[str, Any]] = {}
    for gold_dir in gold_dirs:
        folder = docs or gold_dir.parent / "docs"
        for gold_file in sorted(gold_dir.glob("*.yaml")):
            document = _pick_document(folder, gold_file.stem, doc_format)
            if document is None:
                typer.echo(f"warning: no document for {gold_file.stem}", err=True)
                continue
            try:
                report = engine.review_path(document)
            except ReviewerError as exc:
                typer.echo(f"error: {exc}", err=True)
                continue
            reports[gold_file.stem] = json.loads(report.to_json())
    return reports


def _cross_validate(
    gold_dirs: list[Path],
    library_dir: Path | None,
    doc_format: str,
    folds: int,
    include_uncertain: bool,
) -> tuple[dict[str, dict[str, Any]], dict[str, Any], list[str]]:
    from reviewer.learn.artifact import default_model_dir
    from reviewer.learn.corpus import load_corpus
    from reviewer.learn.crossval import cross_validate
    from reviewer.learn.training import TrainingSet, extra_sentences, prepare
    from reviewer.library.loader import load_library

    if include_uncertain:
        raise ReviewerError("--cv scores certain labels only; drop --include-uncertain")
    library = load_library(library_dir)

    def say(message: str) -> None:
        typer.echo(message, err=True)

    say("reading the labelled contracts ...")
    prepared = prepare(load_corpus(gold_dirs, doc_format), library)
    extra = extra_sentences(library, default_model_dir() / "training_data.yaml")
    data = TrainingSet.build(prepared, extra)
    result = cross_validate(data, library, folds=folds, progress=say)
    figures = result.figures()
    extra_figures = {
        key: figures[key]
        for key in ("folds", "groups", "reliability", "errors_in_least_confident_fifth")
    }
    lines = [
        f"cross-validated by publisher: {figures['folds']} folds over {figures['groups']} "
        "publishers; every figure above is out-of-fold",
        "reliability (out-of-fold): confidence band, findings, share right",
    ]
    for row in figures["reliability"]:
        right = "n/a" if row["right"] is None else f"{row['right']:.3f}"
        lines.append(f"  {row['confidence']:9} {row['findings']:6d} {right}")
    share = figures["errors_in_least_confident_fifth"]
    lines.append(
        "errors among the least confident fifth of findings: "
        + ("n/a" if share is None else f"{share:.0%}")
    )
    return result.reports, extra_figures, lines


def _figure_lines(figures: dict[str, Any], show_errors: bool) -> list[str]:
    lines = [
        f"contracts {figures['contracts']}  pairs {figures['pairs']}  "
        f"missing reports {len(figures['missing_reports'])}  "
        f"uncertain skipped {figures['uncertain_skipped']}"
    ]
    for key in (
        "status_accuracy",
        "macro_f1",
        "kappa",
        "gap_precision",
        "gap_recall",
        "met_recall",
        "conflict_recall",
        "evidence_hit",
    ):
        value = figures[key]
        lines.append(f"{key:16} {'n/a' if value is None else f'{value:.3f}'}")
    lines.append("confusion (rows gold, columns predicted): met partial conflict missing")
    for gold, row in figures["confusion_gold_by_pred"].items():
        lines.append(f"  {gold:9} " + " ".join(f"{row[p]:8d}" for p in row))
    lines.append("per requirement (right/total, F1):")
    for req, (right, total) in figures["per_requirement"].items():
        lines.append(f"  {req:42} {right:3d}/{total:<3d} {figures['per_requirement_f1'][req]:.3f}")
    if show_errors:
        lines.append("errors (contract, requirement, gold -> predicted):")
        for err in figures["errors"]:
            lines.append(
                f"  {err['contract']:36} {err['requirement']:42} {err['gold']:8} -> "
                f"{err['predicted']}"
            )
    return lines
