"""Progress of OCR on scanned PDF pages, drawn at the edge (stderr)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reviewer.ingest import OcrProgress


@contextmanager
def ocr_progress(name: str) -> Iterator[OcrProgress]:
    """A page progress bar on a terminal, a line per page in a log (both on stderr)."""
    if not sys.stderr.isatty():

        def line(done: int, total: int) -> None:
            if done:
                print(f"{name}: OCR page {done}/{total}", file=sys.stderr, flush=True)

        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task: list[Any] = []

    def advance(done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task(f"OCR {name}", total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield advance
    finally:
        if task:
            bar.stop()
