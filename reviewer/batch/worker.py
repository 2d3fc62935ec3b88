"""What runs inside a worker process: one engine per process, one contract per task.

Functions here are called by pickling, on local worker processes or on Dask
workers on other machines, so they take plain data and return plain data and
never raise for a bad contract: the error travels back as the task's outcome.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from reviewer.engine import ReviewEngine
from reviewer.errors import ReviewerError


@dataclass(frozen=True)
class EngineSettings:
    library: str | None
    profile: str
    country: str | None
    use_model: bool


@dataclass(frozen=True)
class Outcome:
    source: str  # the input path as the user gave it
    report_json: str | None
    error: str | None
    seconds: float


_engines: dict[EngineSettings, ReviewEngine] = {}


def engine_for(settings: EngineSettings) -> ReviewEngine:
    engine = _engines.get(settings)
    if engine is None:
        engine = ReviewEngine(
            settings.library,
            profile=settings.profile,
            country=settings.country,
            use_model=settings.use_model,
        )
        _engines[settings] = engine
    return engine


def init_local_worker(settings: EngineSettings) -> None:
    # Ctrl-C reaches the whole process group; the parent decides how to stop, and
    # workers dying mid-task would only add tracebacks to the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine_for(settings)


def review_file(source: str, settings: EngineSettings) -> Outcome:
    started = time.perf_counter()
    try:
        report = engine_for(settings).review_path(source)
    except ReviewerError as exc:
        return Outcome(source, None, str(exc), time.perf_counter() - started)
    except Exception as exc:  # a bug must not stop the other 999 contracts
        message = f"{Path(source).name}: internal error ({type(exc).__name__}: {exc})"
        return Outcome(source, None, message, time.perf_counter() - started)
    return Outcome(source, report.to_json(), None, time.perf_counter() - started)


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
    started = time.perf_counter()
    suffix = Path(source).suffix.lower()
    handle, temp_name = tempfile.mkstemp(prefix="reviewer-batch-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
        outcome = review_file(temp_name, settings)
    finally:
        os.unlink(temp_name)
    if outcome.report_json is None:
        message = (outcome.error or "").replace(Path(temp_name).name, Path(source).name)
        return Outcome(source, None, message, time.perf_counter() - started)
    from reviewer.report.model import Report

    report = Report.model_validate_json(outcome.report_json)
    report.document.path = source
    return Outcome(source, report.to_json(), None, time.perf_counter() - started)
