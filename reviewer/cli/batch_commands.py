"""`reviewer batch`: many contracts into one folder of reports and a matrix."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from reviewer.cli.main import EXIT_INPUT_ERROR, EXIT_OK, app
from reviewer.errors import ReviewerError
from reviewer.ingest.limits import DEFAULT_TIME_LIMIT_S

if TYPE_CHECKING:
    from reviewer.batch.worker import Outcome

EXIT_INTERRUPTED = 130
MAX_ERRORS_SHOWN = 20


class _PlainProgress:
    """Progress lines for logs and pipes, where a live bar would be noise."""

    def __init__(self, every: int) -> None:
        self.every = max(1, every)
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, outcome: Outcome) -> None:
        if done % self.every and done != total:
            return
        elapsed = time.perf_counter() - self.started
        rate = done / elapsed * 60 if elapsed else 0.0
        eta = (total - done) / (done / elapsed) if done and elapsed else 0.0
        typer.echo(
            f"batch: {done}/{total} done, {rate:.1f} per minute, about {eta:.0f} s left", err=True
        )


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help="Contract files, folders (recursive) or globs."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for reports, matrix and summary."),
    workers: int = typer.Option(
        os.cpu_count() or 1, "--workers", "-w", min=1, help="Local worker processes."
    ),
    profile: str = typer.Option(
        "default", "--profile", "-p", help="Profile of the clause library."
    ),
    country: str | None = typer.Option(None, "--country", help="Localisation country (e.g. KZ)."),
    library: Path | None = typer.Option(None, "--library", help="Use this clause library folder."),
    resume: bool = typer.Option(
        False, "--resume", help="Skip contracts already reviewed with the same library and model."
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Run on a Dask cluster at this address (tcp://host:8786, or tls://host:8786).",
    ),
    tls_ca_file: Path | None = typer.Option(
        None, "--tls-ca-file", help="TLS: the CA certificate(s) the cluster's are signed by (PEM)."
    ),
    tls_cert: Path | None = typer.Option(
        None, "--tls-cert", help="TLS: this client's certificate (PEM), signed by that CA."
    ),
    tls_key: Path | None = typer.Option(
        None, "--tls-key", help="TLS: this client's private key (PEM), unless in --tls-cert."
    ),
    use_model: bool = typer.Option(
        True, "--model/--no-model", help="Let the trained model decide (--no-model: rules alone)."
    ),
    time_limit: float = typer.Option(
        DEFAULT_TIME_LIMIT_S, "--time-limit", min=1, help="Seconds allowed to read one contract."
    ),
) -> int:
    """Review many contracts; write one JSON report each, matrix.xlsx/csv and summaries."""
    # Imported here, not at the top: every other command (a one-page `reviewer review`
    # above all) would otherwise pay for the batch outputs' imports at start-up.
    from reviewer.batch import BatchOptions, run_batch
    from reviewer.batch.runner import DaskTls

    if out.exists() and not out.is_dir():
        raise ReviewerError(f"{out}: --out must be a folder")
    tls = None
    if tls_ca_file or tls_cert or tls_key:
        if not (tls_ca_file and tls_cert):
            raise ReviewerError("TLS needs both --tls-ca-file and --tls-cert (and --tls-key)")
        tls = DaskTls(ca_file=tls_ca_file, cert_file=tls_cert, key_file=tls_key)
    options = BatchOptions(
        out=out,
        workers=workers,
        profile=profile,
        country=country,
        library=library,
        use_model=use_model,
        resume=resume,
        scheduler=scheduler,
        time_limit_s=time_limit,
        tls=tls,
    )
    if sys.stderr.isatty():
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("[bold]reviewing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            transient=False,
        ) as bar:
            task = bar.add_task("batch", total=None, rate="")
            started = time.perf_counter()

            def show(done: int, total: int, outcome: Outcome) -> None:
                per_minute = done / max(time.perf_counter() - started, 1e-9) * 60
                bar.update(task, completed=done, total=total, rate=f"{per_minute:.0f}/min")

            result = run_batch(inputs, options, show)
    else:
        result = run_batch(inputs, options, _PlainProgress(every=10))
    for error in result.errors[:MAX_ERRORS_SHOWN]:
        typer.echo(f"error: {error.message}", err=True)
    if len(result.errors) > MAX_ERRORS_SHOWN:
        hidden = len(result.errors) - MAX_ERRORS_SHOWN
        typer.echo(f"... and {hidden} more errors (sheet Errors of matrix.xlsx)", err=True)
    typer.echo(
        f"{result.reviewed} reviewed, {result.reused} reused, {len(result.errors)} errors, "
        f"{result.not_done} not done, in {result.seconds:.1f} s -> {out}",
        err=True,
    )
    typer.echo(
        f"outputs: {out / 'reports'}/  {out / 'matrix.xlsx'}  {out / 'matrix.csv'}  "
        f"{out / 'summary.json'}  {out / 'summary.html'}  {out / 'inventory.xlsx'}  "
        f"{out / 'inventory.csv'}",
        err=True,
    )
    if result.interrupted:
        typer.echo("interrupted: finished reports are kept; rerun with --resume", err=True)
        return EXIT_INTERRUPTED
    return EXIT_INPUT_ERROR if result.errors else EXIT_OK
