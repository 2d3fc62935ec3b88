"""A real `reviewer serve` process stopped by a real SIGTERM (what systemd, Docker and
Kubernetes send): it exits promptly, leaves no process behind (workers, forkserver,
resource tracker), and the reviews it had not finished are done after a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from reviewer.web.db import Review, make_engine, make_sessionmaker
from tests.paths import SAMPLES
from tests.web.conftest import make_settings, tokens
from tests.web.test_e2e import _free_port

UPLOADS = 8


def _group(pgid: int) -> list[psutil.Process]:
    alive = []
    for process in psutil.process_iter(["pid", "status"]):
        try:
            if os.getpgid(process.pid) == pgid and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except (ProcessLookupError, psutil.NoSuchProcess):
            continue
    return alive


class Server:
    def __init__(self, data_dir: Path, database: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (data_dir / "serve.log").open("ab")
        command = [
            sys.executable, "-m", "reviewer", "serve", "--port", str(self.port),
            "--data-dir", str(data_dir), "--database", database, "--workers", "2",
        ]  # fmt: skip
        # Its own session, like a service manager starts it: the group is everything it made.
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, "reviewer serve exited at start"
            try:
                if httpx.get(f"{self.url}/login", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "reviewer serve did not start"
            time.sleep(0.1)

    def stop(self) -> tuple[int, float]:
        started = time.monotonic()
        os.kill(self.process.pid, signal.SIGTERM)
        code = self.process.wait(timeout=30)
        return code, time.monotonic() - started

    def kill_leftovers(self) -> None:
        for process in _group(self.process.pid):
            process.kill()
        self.log.close()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
        server.kill_leftovers()


def _statuses(database: str) -> list[str]:
    with make_sessionmaker(make_engine(database))() as db:
        return sorted(r.status for r in db.query(Review))


def test_sigterm_stops_everything_and_queued_reviews_survive(
    tmp_path: Path, servers: list[Server]
) -> None:
    settings = make_settings(tmp_path)
    database = settings.resolved_database_url()
    token, _ = tokens(settings)
    headers = {"Authorization": f"Bearer {token}"}
    contract = (SAMPLES / "lumen-msa-ai-addendum.pdf").read_bytes()

    first = Server(tmp_path, database)
    servers.append(first)
    ids = []
    for index in range(UPLOADS):
        response = httpx.post(
            f"{first.url}/api/reviews",
            headers=headers,
            files={"file": (f"contract-{index}.pdf", contract)},
            timeout=30,
        )
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    helpers = _group(first.process.pid)
    assert len(helpers) >= 4, "expected the server, a forkserver, workers and a tracker"

    code, seconds = first.stop()

    assert code == 0
    assert seconds < 15, f"SIGTERM took {seconds:.1f} s"
    # The server waits for its workers before it exits; allow only for the kernel to
    # finish reaping (a worker left reviewing would still be here).
    deadline = time.monotonic() + 2
    while (left := _group(first.process.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, [" ".join(p.cmdline()) for p in left]
    statuses = _statuses(database)
    assert "failed" not in statuses, "a review stopped by the shutdown was marked failed"
    assert "queued" in statuses, "all reviews finished before SIGTERM: the test proves nothing"

    second = Server(tmp_path, database)
    servers.append(second)
    deadline = time.monotonic() + 120
    while _statuses(database) != ["done"] * UPLOADS:
        assert time.monotonic() < deadline, _statuses(database)
        time.sleep(0.3)
    for review_id in ids:
        body = httpx.get(f"{second.url}/api/reviews/{review_id}", headers=headers).json()
        assert body["status"] == "done" and body["report"]["findings"]
    code, _ = second.stop()
    assert code == 0
    time.sleep(0.5)
    assert not _group(second.process.pid)
