"""`reviewer library validate|list|lemmas`: maintenance of the clause library."""

from __future__ import annotations

from pathlib import Path

import typer

from reviewer.cli.main import EXIT_GAPS, EXIT_OK, app

library_app = typer.Typer(
    help="Check and list the clause library (playbook).", no_args_is_help=True
)
app.add_typer(library_app, name="library")


def _catalogue(explicit: Path | None) -> Path | None:
    if explicit:
        return explicit
    candidate = Path(__file__).resolve().parents[3] / "shared" / "spec" / "requirements.yaml"
    return candidate if candidate.is_file() else None


@library_app.command("validate")
def validate(
    directory: Path | None = typer.Argument(
        None, help="Library folder (default: the built-in one)."
    ),
    catalogue: Path | None = typer.Option(
        None, "--catalogue", help="Requirement catalogue whose ids must all be present."
    ),
) -> int:
    """Check every file and review every example; report problems naming file, key and cue."""
    from reviewer.library.loader import load_library, validate_library

    library = load_library(directory)
    problems = validate_library(library, _catalogue(catalogue))
    for problem in problems:
        typer.echo(problem)
    examples = sum(
        len(r.examples) + sum(len(p.examples) for p in r.languages.values())
        for r in library.requirements.values()
    )
    languages = ", ".join(sorted(library.languages, key=lambda c: c != library.language))
    typer.echo(
        f"{library.root}: {len(library.requirements)} requirements, {len(library.profiles)} "
        f"profiles, languages {languages}, {examples} examples: "
        + ("ok" if not problems else f"{len(problems)} problems")
    )
    return EXIT_OK if not problems else EXIT_GAPS


@library_app.command("list")
def list_requirements(
    directory: Path | None = typer.Option(None, "--library", help="Library folder."),
    profile: str = typer.Option("default", "--profile", "-p"),
) -> int:
    """List requirements with topic and severity under a profile."""
    from reviewer.engine.profile import resolve_profile
    from reviewer.library.loader import load_library

    library = load_library(directory)
    resolved = resolve_profile(library, profile)
    for req_id, req in library.requirements.items():
        mark = " (not applicable)" if req_id in resolved.excluded else ""
        typer.echo(f"{req_id:42} {req.topic:18} {resolved.severity[req_id]:9} {req.title}{mark}")
    typer.echo(f"profiles: {', '.join(library.profiles)}")
    return EXIT_OK


@library_app.command("lemmas")
def show_lemmas(
    text: str = typer.Argument(..., help="Russian text, e.g. a clause you write a cue for."),
) -> int:
    """Print the lemma view that Russian cues are matched against."""
    from reviewer.morphology import lemma_view

    typer.echo(lemma_view(text).text)
    return EXIT_OK
