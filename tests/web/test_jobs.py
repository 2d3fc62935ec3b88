"""The worker pool: results recorded, a killed worker costs no review."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from reviewer.batch.worker import EngineSettings
from reviewer.web.db import Review, Upload, User, make_engine, make_sessionmaker
from reviewer.web.jobs import JobRunner, JobSpec
from tests.paths import SAMPLES


def _setup(tmp_path: Path, count: int):  # type: ignore[no-untyped-def]
    sessions = make_sessionmaker(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    specs = []
    with sessions() as db:
        user = User(name="u", password_hash="x")
        db.add(user)
        db.flush()
        upload = Upload(user_id=user.id)
        db.add(upload)
        for index in range(count):
            path = tmp_path / f"c{index}.pdf"
            shutil.copy(SAMPLES / "lumen-msa-ai-addendum.pdf", path)
            review = Review(
                user_id=user.id, upload=upload, file_name=path.name, stored_name=path.name,
                sha256="", size=1, profile="default",
            )  # fmt: skip
            db.add(review)
            db.flush()
            settings = EngineSettings(None, "default", None, time_limit_s=60.0)
            specs.append(JobSpec(review.id, str(path), path.name, settings))
        db.commit()
    return sessions, specs


def _wait(sessions, count: int, timeout: float = 90.0, only: str | None = None) -> list[Review]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sessions() as db:
            reviews = db.query(Review).all()
            if only:
                reviews = [r for r in reviews if r.id == only]
            if all(r.status in ("done", "failed") for r in reviews):
                return reviews
        time.sleep(0.1)
    raise AssertionError("reviews did not finish")


def test_results_are_recorded(tmp_path: Path) -> None:
    sessions, specs = _setup(tmp_path, 3)
    finished: list[str] = []
    runner = JobRunner(2, sessions, on_finished=finished.append)
    try:
        for spec in specs:
            runner.submit(spec)
        reviews = _wait(sessions, 3)
    finally:
        runner.shutdown()
    assert [r.status for r in reviews] == ["done"] * 3
    assert all(r.report_json and r.contexts_json and r.finished for r in reviews)
    assert sorted(finished) == sorted(s.review_id for s in specs)


def test_a_killed_worker_costs_no_review(tmp_path: Path) -> None:
    sessions, specs = _setup(tmp_path, 6)
    runner = JobRunner(2, sessions)
    try:
        for spec in specs:
            runner.submit(spec)
        workers = list(runner._pool._processes.values())  # the pool as it is now
        assert workers
        os.kill(workers[0].pid, signal.SIGKILL)
        reviews = _wait(sessions, 6)
    finally:
        runner.shutdown()
    assert [r.status for r in reviews] == ["done"] * 6, [r.error for r in reviews]


def test_shutdown_ends_a_long_review_at_once_and_leaves_it_queued(tmp_path: Path) -> None:
    sessions, specs = _setup(tmp_path, 1)
    long_text = tmp_path / "long.txt"
    clause = "1. Use of Data\n\nProvider shall process Customer Data only on instructions.\n\n"
    long_text.write_text(clause * 40_000, encoding="utf-8")  # about a minute of review
    spec = dataclasses.replace(specs[0], path=str(long_text))
    runner = JobRunner(1, sessions)
    runner.submit(spec)
    deadline = time.monotonic() + 30
    while not (pids := runner.worker_pids()):
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.1)
    time.sleep(2)  # well into the review

    started = time.monotonic()
    runner.shutdown()

    assert time.monotonic() - started < 3  # SIGTERM, not the kill after the grace period
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with sessions() as db:
        assert db.get(Review, spec.review_id).status == "queued"


def test_an_upload_after_an_idle_worker_died_is_not_refused(tmp_path: Path) -> None:
    sessions, specs = _setup(tmp_path, 3)
    runner = JobRunner(1, sessions)
    try:
        runner.submit(specs[0])
        _wait(sessions, 3, only=specs[0].review_id)
        broken_pool = runner._pool
        (pid,) = runner.worker_pids()
        os.kill(pid, signal.SIGKILL)  # idle: no review of ours sees the pool break
        deadline = time.monotonic() + 30
        while not broken_pool._broken:
            assert time.monotonic() < deadline, "the pool did not notice the dead worker"
            time.sleep(0.01)
        runner.submit(specs[1])  # used to raise BrokenProcessPool: a 500 for every upload
        runner.submit(specs[2])
        reviews = _wait(sessions, 3)
    finally:
        runner.shutdown()
    assert [r.status for r in reviews] == ["done"] * 3, [r.error for r in reviews]
