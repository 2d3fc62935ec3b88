"""Reviews run in a pool of worker processes so the server stays responsive.

Workers hold one ReviewEngine per settings; the parent records results in the
database from the pool's completion callbacks. A worker that dies (a reader
crashing, memory) takes down the pool: it is replaced and the reviews it held
are tried once more before they are marked failed.
"""

from __future__ import annotations

import bisect
import json
import logging
import multiprocessing
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from reviewer.errors import ReviewerError
from reviewer.web.db import Review, now

log = logging.getLogger(__name__)
CONTEXT_CHARS = 600  # of clause text shown on each side of a quote


@dataclass(frozen=True)
class JobSpec:
    review_id: str
    path: str
    display_name: str
    profile: str
    country: str | None
    library: str | None
    time_limit_s: float


@dataclass(frozen=True)
class JobResult:
    review_id: str
    report_json: str | None
    contexts_json: str | None
    error: str | None


_engines: dict[tuple[str | None, str, str | None, float], Any] = {}


def _engine(spec: JobSpec) -> Any:
    from reviewer.engine import ReviewEngine
    from reviewer.ingest.limits import IngestLimits

    key = (spec.library, spec.profile, spec.country, spec.time_limit_s)
    if key not in _engines:
        _engines[key] = ReviewEngine(
            spec.library,
            profile=spec.profile,
            country=spec.country,
            limits=IngestLimits(max_seconds=spec.time_limit_s),
        )
    return _engines[key]


def _contexts(document: Any, report: Any) -> dict[str, dict[str, str]]:
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


def run_review(spec: JobSpec) -> JobResult:
    """In a worker process: read, review, and cut the evidence contexts."""
    from reviewer.ingest import ingest

    try:
        engine = _engine(spec)
        started = time.perf_counter()
        document = ingest(spec.path, limits=engine.limits)
        report = engine.review_document(document, ingest_ms=(time.perf_counter() - started) * 1000)
        contexts = _contexts(document, report)
    except ReviewerError as exc:
        message = str(exc).replace(Path(spec.path).name, spec.display_name)
        return JobResult(spec.review_id, None, None, message)
    except Exception as exc:  # a bug must surface as a failed review, not a dead server
        log.exception("review %s failed", spec.review_id)
        return JobResult(
            spec.review_id,
            None,
            None,
            f"{spec.display_name}: internal error ({type(exc).__name__})",
        )
    report.document.path = spec.display_name
    return JobResult(spec.review_id, report.to_json(), json.dumps(contexts), None)


class JobRunner:
    def __init__(
        self,
        workers: int,
        sessions: sessionmaker[Session],
        on_finished: Any = None,
    ) -> None:
        self.workers = max(1, workers)
        self.sessions = sessions
        self.on_finished = on_finished  # called with the review id after the result is stored
        self._lock = threading.Lock()
        self._pool = self._new_pool()
        self._attempts: dict[str, int] = {}
        self._closed = False

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: the server process runs threads, and fork() with threads is unsafe.
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver")
        )

    def submit(self, spec: JobSpec) -> None:
        with self._lock:
            if self._closed:
                return
            pool = self._pool
            future = pool.submit(run_review, spec)
        future.add_done_callback(lambda f: self._finished(spec, pool, f))

    def _finished(
        self, spec: JobSpec, pool: ProcessPoolExecutor, future: Future[JobResult]
    ) -> None:
        try:
            result = future.result()
        except BrokenProcessPool:
            with self._lock:
                if self._closed:
                    return
                # Every review in the dead pool lands here; only the first replaces it.
                if self._pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._new_pool()
            attempts = self._attempts.get(spec.review_id, 0) + 1
            self._attempts[spec.review_id] = attempts
            if attempts < 2:
                self.submit(spec)
                return
            result = JobResult(
                spec.review_id,
                None,
                None,
                f"{spec.display_name}: the review process crashed while reading this file",
            )
        except Exception as exc:  # cancelled at shutdown, or pickling trouble
            result = JobResult(
                spec.review_id, None, None, f"{spec.display_name}: not reviewed ({exc})"
            )
        self._attempts.pop(spec.review_id, None)
        self.record(result)

    def record(self, result: JobResult) -> None:
        with self.sessions() as db:
            review = db.get(Review, result.review_id)
            if review is None:  # deleted while it was being reviewed
                return
            review.status = "done" if result.error is None else "failed"
            review.report_json = result.report_json
            review.contexts_json = result.contexts_json
            review.error = result.error
            review.finished = now()
            db.commit()
        if self.on_finished:
            self.on_finished(result.review_id)

    def resume_unfinished(self, make_spec: Any) -> int:
        """Reviews left queued by a previous server run go back into the pool."""
        with self.sessions() as db:
            pending = db.scalars(select(Review).where(Review.status == "queued"))
            specs = [make_spec(review) for review in pending]
        for spec in specs:
            if spec is None:
                continue
            self.submit(spec)
        return len(specs)

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            self._pool.shutdown(wait=False, cancel_futures=True)
