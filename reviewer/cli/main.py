"""The `reviewer` command: a thin edge over the package.

Subcommands live in sibling modules (one per area) and register themselves on
`app`. This module turns domain errors into exit code 2 with a one-line
message on stderr, never a traceback.
"""

from __future__ import annotations

import logging
import sys

import typer

from reviewer import __version__
from reviewer.errors import ReviewerError

EXIT_OK = 0
EXIT_GAPS = 1
EXIT_INPUT_ERROR = 2

app = typer.Typer(
    name="reviewer",
    help="Review DPAs, MSAs and AI addenda against a clause library, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"contract-reviewer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Show the version."
    ),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _register_commands() -> None:
    # Imported for their side effect of adding commands to `app`.
    import importlib

    for module in (
        "ingest_commands",
        "library_commands",
        "review_commands",
        "train_commands",
        "batch_commands",
        "web_commands",
        "compare_commands",
    ):
        try:
            importlib.import_module(f"reviewer.cli.{module}")
        except ModuleNotFoundError as exc:  # an area not built yet
            if exc.name != f"reviewer.cli.{module}":
                raise


def main(argv: list[str] | None = None) -> int:
    _register_commands()
    try:
        # Without standalone mode click returns a command's exit code instead of exiting.
        result = app(args=argv, standalone_mode=False)
    except ReviewerError as exc:
        typer.echo(f"error: {exc}", err=True)
        return EXIT_INPUT_ERROR
    except OSError as exc:  # an output folder that is missing, read-only or full
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"error: {where}{exc.strerror or exc}", err=True)
        return EXIT_INPUT_ERROR
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 130
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as exc:  # click usage errors and friends
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return EXIT_INPUT_ERROR
        raise
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    # Run as a script, this file is `__main__`; commands register on the
    # importable module's `app`, so call that module's entry point.
    from reviewer.cli.main import main as _entry_point

    sys.exit(_entry_point())
