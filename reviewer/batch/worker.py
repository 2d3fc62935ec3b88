"""The one "review a file" function that every review worker runs: the web app's pool,
the batch's local processes and Dask workers on other machines.

One engine per process and settings (kept between contracts), one time limit,
the same model option, the same error wrapping everywhere. Functions here are
called by pickling, so they take plain data and return plain data and never
raise for a bad contract: the error travels back as the task's outcome.
"""

from __future__ import annotations

import bisect
import json
import logging
import multiprocessing
import os
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.engine import ReviewEngine
from reviewer.errors import ReviewerError
from reviewer.ingest.limits import DEFAULT_TIME_LIMIT_S, IngestLimits

log = logging.getLogger(__name__)
CONTEXT_CHARS = 600  # of clause text kept on each side of a quote (the web page shows it)


@dataclass(frozen=True)
class EngineSettings:
    library: str | None
    profile: str
    country: str | None
    use_model: bool = True
    time_limit_s: float = DEFAULT_TIME_LIMIT_S  # to read one document


@dataclass(frozen=True)
class Outcome:
    source: str  # the input as the caller named it (a path, or a display name)
    report_json: str | None
    error: str | None
    seconds: float
    contexts_json: str | None = None  # evidence in its clause, when asked for


_engines: dict[EngineSettings, ReviewEngine] = {}


def engine_for(settings: EngineSettings) -> ReviewEngine:
    engine = _engines.get(settings)
    if engine is None:
        engine = ReviewEngine(
            settings.library,
            profile=settings.profile,
            country=settings.country,
            use_model=settings.use_model,
            limits=IngestLimits(max_seconds=settings.time_limit_s),
        )
        _engines[settings] = engine
    return engine


def _stop_worker(signum: int, _frame: Any) -> None:
    # SIGTERM from the parent shutting down: the reader child of the sandbox would
    # outlive us (it is only killed in a `finally` that SIGTERM skips), so end it first.
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(128 + signum)


def init_worker(settings: EngineSettings | None = None) -> None:
    """Initializer of local worker processes (web and batch pools)."""
    # Ctrl-C reaches the whole process group; the parent decides how to stop, and
    # workers dying mid-task would only add tracebacks to the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if settings is not None:
        engine_for(settings)  # pay the start-up cost before the first contract


def evidence_contexts(document: Any, report: Any) -> dict[str, dict[str, str]]:
    """The clause text around each quote, so a reader sees the evidence in place."""
    starts = [block.start for block in document.blocks]
    contexts: dict[str, dict[str, str]] = {}
    for finding in report.findings:
        for index, evidence in enumerate(finding.evidence):
            first = max(bisect.bisect_right(starts, evidence.start) - 1, 0)
            last = max(bisect.bisect_right(starts, max(evidence.end - 1, evidence.start)) - 1, 0)
            begin = max(document.blocks[first].start, evidence.start - CONTEXT_CHARS)
            end = min(document.blocks[last].end, evidence.end + CONTEXT_CHARS)
            contexts[f"{finding.requirement}:{index}"] = {
                "before": document.text[begin : evidence.start],
                "quote": document.text[evidence.start : evidence.end],
                "after": document.text[evidence.end : end],
            }
    return contexts


def review_file(
    source: str,
    settings: EngineSettings,
    *,
    display_name: str | None = None,
    with_contexts: bool = False,
) -> Outcome:
    """Read and review one file. `display_name` replaces the file's own name in the
    report and in error messages (uploads and cluster copies are stored under
    generated names)."""
    from reviewer.ingest import ingest

    name = display_name or source
    started = time.perf_counter()
    try:
        engine = engine_for(settings)
        document = ingest(source, limits=engine.limits)
        report = engine.review_document(document, ingest_ms=(time.perf_counter() - started) * 1000)
        contexts = json.dumps(evidence_contexts(document, report)) if with_contexts else None
    except ReviewerError as exc:
        message = str(exc)
        if display_name:
            message = message.replace(source, display_name).replace(Path(source).name, display_name)
        return Outcome(name, None, message, time.perf_counter() - started)
    except Exception as exc:  # a bug must fail one contract, not the server or the batch
        log.exception("reviewing %s failed", name)
        message = f"{Path(name).name}: internal error ({type(exc).__name__}: {exc})"
        return Outcome(name, None, message, time.perf_counter() - started)
    if display_name:
        report.document.path = display_name
    return Outcome(name, report.to_json(), None, time.perf_counter() - started, contexts)


def _allow_reader_children() -> None:
    # Dask runs tasks in daemonic processes, and multiprocessing refuses to start
    # children from those. The ingestion sandbox's child never outlives the call
    # that starts it (it is killed and joined in a finally), which is the worry
    # behind that rule, so lift it for this worker process.
    current = multiprocessing.current_process()
    if current.daemon:
        current.daemon = False


def review_bytes(source: str, data: bytes, settings: EngineSettings) -> Outcome:
    """Review a contract sent over the network (cluster workers may not share a disk)."""
    _allow_reader_children()
    handle, temp_name = tempfile.mkstemp(
        prefix="reviewer-batch-", suffix=Path(source).suffix.lower()
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
        return review_file(temp_name, settings, display_name=source)
    finally:
        os.unlink(temp_name)
