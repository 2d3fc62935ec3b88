"""Reviews run in a pool of worker processes so the server stays responsive.

The workers run the same "review a file" function as the batch and the Dask
path (`reviewer.batch.worker.review_file`: one engine cache, time limit, model
option and error wrapping). The parent records results in the database from
the pool's completion callbacks. A worker that dies (a reader crashing,
memory, a kill) takes down the pool: it is replaced and the reviews it held
are tried once more before they are marked failed.

At shutdown (SIGTERM or Ctrl-C) the workers are stopped at once and what they
held stays queued in the database, so the next start reviews it.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from reviewer.batch.worker import EngineSettings, Outcome, init_worker, review_file
from reviewer.web.db import Review, now

log = logging.getLogger(__name__)
STOP_GRACE_S = 5.0  # for a worker to exit after SIGTERM before it is killed


@dataclass(frozen=True)
class JobSpec:
    review_id: str
    path: str
    display_name: str
    settings: EngineSettings


def run_review(spec: JobSpec) -> Outcome:
    """In a worker process: read, review, and cut the evidence contexts."""
    return review_file(spec.path, spec.settings, display_name=spec.display_name, with_contexts=True)


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
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=init_worker,
        )

    def worker_pids(self) -> list[int]:
        """The worker processes alive now (the soak bench kills them)."""
        with self._lock:
            processes = dict(getattr(self._pool, "_processes", None) or {})
        return [p.pid for p in processes.values() if p.pid is not None and p.is_alive()]

    def submit(self, spec: JobSpec) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                future = self._pool.submit(run_review, spec)
            except BrokenProcessPool:
                # A worker died and the pool knows it before its futures' callbacks have
                # replaced it: replace it here, or this upload would fail for nothing.
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                future = self._pool.submit(run_review, spec)
            pool = self._pool
        future.add_done_callback(lambda f: self._finished(spec, pool, f))

    def _finished(self, spec: JobSpec, pool: ProcessPoolExecutor, future: Future[Outcome]) -> None:
        if future.cancelled() or (self._closed and future.exception() is not None):
            return  # stopped by shutdown: the review stays queued for the next start
        try:
            outcome = future.result()
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
            outcome = Outcome(
                spec.display_name,
                None,
                f"{spec.display_name}: the review process crashed while reading this file",
                0.0,
            )
        except Exception as exc:  # pickling trouble: a bug, but one review's
            log.exception("review %s could not run", spec.review_id)
            outcome = Outcome(
                spec.display_name, None, f"{spec.display_name}: not reviewed ({exc})", 0.0
            )
        self._attempts.pop(spec.review_id, None)
        self.record(spec.review_id, outcome)

    def record(self, review_id: str, outcome: Outcome) -> None:
        with self.sessions() as db:
            review = db.get(Review, review_id)
            if review is None:  # deleted while it was being reviewed
                return
            review.status = "done" if outcome.error is None else "failed"
            review.report_json = outcome.report_json
            review.contexts_json = outcome.contexts_json
            review.error = outcome.error
            review.finished = now()
            db.commit()
        if self.on_finished:
            self.on_finished(review_id)

    def resume_unfinished(self, make_spec: Any) -> int:
        """Reviews left queued by a previous server run go back into the pool."""
        with self.sessions() as db:
            pending = db.scalars(
                select(Review).where(Review.status == "queued").order_by(Review.created)
            )
            specs = [make_spec(review) for review in pending]
        for spec in specs:
            if spec is None:
                continue
            self.submit(spec)
        return len(specs)

    def shutdown(self) -> None:
        """Stop now: queued work is cancelled and running reviews are ended; all of it
        stays queued in the database. Returns once every worker process is gone."""
        with self._lock:
            self._closed = True
            pool = self._pool
            processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()  # init_worker's handler also ends the reader child
        for process in processes:
            process.join(STOP_GRACE_S)
            if process.is_alive():
                process.kill()
                process.join(STOP_GRACE_S)


def stop_process_helpers() -> None:
    """End the forkserver that multiprocessing started for the pools.

    It exits by itself only once every process holding its pipe is gone, which a
    server stopped by SIGTERM cannot wait for; call this last, when no pool is
    left in this process. The resource tracker needs no such help: it exits when
    the last process holding its pipe (this one, now) does, after the semaphores
    it tracks have been released normally.
    """
    from multiprocessing import forkserver

    server: Any = forkserver._forkserver
    try:
        server._stop()
    except (AttributeError, OSError, ChildProcessError) as exc:  # not running, or gone
        log.debug("stopping the forkserver: %s", exc)
