"""`reviewer train`: rebuild the clause classifier from our training data."""

from __future__ import annotations

from pathlib import Path

import typer

from reviewer.cli.main import EXIT_OK, app


@app.command()
def train(
    library: Path | None = typer.Option(None, "--library", help="Clause library folder."),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the model (default models/)."
    ),
    data: Path | None = typer.Option(None, "--data", help="Extra training sentences (YAML)."),
    evaluate: bool = typer.Option(True, "--cv/--no-cv", help="Report cross-validated scores."),
) -> int:
    """Train the clause classifier reproducibly and save it with skops."""
    from reviewer.detect.classifier import cross_validate, default_model_dir, training_set
    from reviewer.detect.classifier import train as fit
    from reviewer.library.loader import load_library

    lib = load_library(library)
    target = out or default_model_dir()
    if evaluate:
        scores = cross_validate(training_set(lib, data))
        typer.echo(
            f"cross-validation ({int(scores['folds'])} folds): macro F1 {scores['macro_f1']:.3f}, "
            f"accuracy {scores['accuracy']:.3f}"
        )
    metadata = fit(lib, target, data)
    typer.echo(
        f"trained on {metadata['training_sentences']} sentences, {len(metadata['labels'])} labels; "
        f"saved {target / metadata['artifact']}"
    )
    return EXIT_OK
