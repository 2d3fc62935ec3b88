"""`reviewer train`: rebuild the review model from labelled contracts."""

from __future__ import annotations

from pathlib import Path

import typer

from reviewer.cli.main import EXIT_OK, app

DEFAULT_GOLD = ("../shared/eval/gold", "../shared/train/gold")


@app.command()
def train(
    gold_dirs: list[Path] | None = typer.Argument(
        None,
        help="Gold label folders with the contracts in ../docs "
        f"(default: {' and '.join(DEFAULT_GOLD)} beside the repository).",
    ),
    library: Path | None = typer.Option(None, "--library", help="Clause library folder."),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the model (default models/)."
    ),
    data: Path | None = typer.Option(
        None, "--data", help="Extra sentences we wrote (YAML; default models/training_data.yaml)."
    ),
    evaluate: bool = typer.Option(
        True, "--cv/--no-cv", help="Cross-validate by publisher first and record the figures."
    ),
    folds: int = typer.Option(5, "--folds", help="Folds for the cross-validation."),
) -> int:
    """Train the relevance and status models reproducibly; save with skops and NumPy."""
    from reviewer.errors import ReviewerError
    from reviewer.learn.artifact import default_model_dir
    from reviewer.learn.model_card import UNREAD_FILE, read_unread, train_and_save
    from reviewer.library.loader import load_library

    repo = Path(__file__).resolve().parents[2]
    dirs = gold_dirs or [repo / d for d in DEFAULT_GOLD]
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        raise ReviewerError(f"{missing[0]}: gold folder not found (pass the labelled folders)")
    target = out or default_model_dir()

    def say(message: str) -> None:
        typer.echo(message, err=True)

    metadata = train_and_save(
        dirs,
        load_library(library),
        target,
        extra=data or default_model_dir() / "training_data.yaml",
        unread=read_unread(default_model_dir() / UNREAD_FILE),
        folds=folds if evaluate else 0,
        progress=say,
    )
    cv = metadata.get("cross_validation")
    if cv:
        typer.echo(
            f"cross-validated by publisher ({cv['folds']} folds): macro F1 {cv['macro_f1']:.3f}, "
            f"kappa {cv['kappa']:.3f}, gap recall {cv['gap_recall']:.3f}"
        )
    typer.echo(
        f"trained on {metadata['contracts']} contracts ({metadata['labelled_pairs']} labelled "
        f"pairs, {metadata['sentences']} sentences); saved {target}"
    )
    return EXIT_OK
