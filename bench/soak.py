"""Soak and faults: `reviewer serve` for 10 minutes, 500 uploads from 10 users, a worker
process killed every minute, the server restarted once (SIGTERM, then started again).

Checks, at the end, through the REST API and the database:
- every upload the server accepted ends `done`, or `failed` with a reason;
- none is lost (every accepted id is there, each user sees exactly their own);
- none is mixed between users (each result carries the file name and SHA-256 of
  the upload that made it; another user's ids answer 404);
- the server's memory (it and all its processes) stays flat: RSS sampled every
  5 s, compared between the first and the last minutes of each server run.

The uploads are the sample contracts and, where ../shared is present, the
shared PDF/DOCX/Markdown contracts (bytes made distinct per upload where the
format allows), plus a few bad files (corrupt PDF, wrong type) that must fail
with a reason.

Run: .venv/bin/python bench/soak.py [--minutes 10] [--uploads 500] [--users 10]
     [--workers 2] [--kill-every 60] [--json results.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
REVIEWER = Path(sys.executable).parent / "reviewer"
SOURCES = [ROOT / "sample_contracts", ROOT.parent / "shared" / "eval" / "docs"]
BAD_FILES = [
    ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated"),
    ("image.docx", b"\x89PNG\r\n\x1a\n" + bytes(200)),
]


@dataclass
class Upload:
    user: str
    name: str
    data: bytes
    sha256: str
    bad: bool
    review_id: str | None = None
    submitted_at: float = 0.0
    refusals: list[str] = field(default_factory=list)
    error: str | None = None  # why the server did not accept it


def make_uploads(count: int, users: list[str]) -> list[Upload]:
    originals = sorted(
        p for source in SOURCES if source.is_dir() for p in source.iterdir()
        if p.suffix in (".pdf", ".docx", ".md", ".txt") and p.stat().st_size < 5 * 2**20
    )  # fmt: skip
    uploads = []
    for index, path in enumerate(islice(cycle(originals), count)):
        user = users[index % len(users)]
        if index % 50 == 7:  # a bad file now and then
            bad_name, data = BAD_FILES[(index // 50) % len(BAD_FILES)]
            name, bad = f"{user}-{index:03d}-{bad_name}", True
        else:
            data = path.read_bytes()
            if path.suffix in (".md", ".txt"):
                data += f"\n\nUpload {index} by {user}.\n".encode()
            name, bad = f"{user}-{index:03d}-{path.name}", False
        uploads.append(Upload(user, name, data, hashlib.sha256(data).hexdigest(), bad))
    return uploads


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`reviewer serve` in its own session; memory sampled over all its processes."""

    def __init__(self, data: Path, port: int, workers: int, log: Path) -> None:
        self.data, self.port, self.workers = data, port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        started = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(REVIEWER), "serve", "--port", str(self.port), "--data-dir", str(self.data),
                 "--workers", str(self.workers), "--max-queued-per-user", "1000"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        while True:
            try:
                if httpx.get(self.base + "/login", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"server exited at start; see {self.log}")
            time.sleep(0.1)

    def stop(self) -> tuple[int, float, list[str]]:
        """SIGTERM; returns exit code, seconds to exit, processes left in its group."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        seconds = time.monotonic() - started
        time.sleep(1.0)
        left = []
        for proc in psutil.process_iter(["pid", "cmdline", "status"]):
            try:
                if (
                    os.getpgid(proc.pid) == self.process.pid
                    and proc.status() != psutil.STATUS_ZOMBIE
                ):
                    left.append(" ".join(proc.cmdline())[:80])
                    proc.kill()
            except (ProcessLookupError, psutil.NoSuchProcess):
                continue
        return code, seconds, left

    def tree(self) -> list[psutil.Process]:
        assert self.process is not None
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss_mb(self) -> tuple[float, float]:
        """(the server process alone, it and all its processes), in MB."""
        total, own = 0, 0
        for index, proc in enumerate(self.tree()):
            try:
                rss = proc.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            total += rss
            if index == 0:
                own = rss
        return own / 2**20, total / 2**20

    def worker_pids(self) -> list[int]:
        """Review workers: the children of the forkserver (not their reader children, which
        are forked from a worker and so look the same)."""
        assert self.process is not None
        try:
            children = psutil.Process(self.process.pid).children()
            forkservers = [c for c in children if "forkserver" in " ".join(c.cmdline())]
            return [w.pid for f in forkservers for w in f.children()]
        except psutil.NoSuchProcess:
            return []


def submit_all(
    server: Server, tokens: dict[str, str], uploads: list[Upload], span_s: float, t0: float
) -> None:
    """One thread per user; upload i is due at t0 + i * span / n. Retries only when the
    request certainly did not reach the server (connection refused during the restart)
    or the server asked to wait (429)."""

    def user_thread(user: str) -> None:
        client = httpx.Client(headers={"Authorization": f"Bearer {tokens[user]}"}, timeout=120)
        mine = [(i, u) for i, u in enumerate(uploads) if u.user == user]
        for index, upload in mine:
            due = t0 + index * span_s / len(uploads)
            time.sleep(max(0.0, due - time.monotonic()))
            while True:
                try:
                    response = client.post(
                        server.base + "/api/reviews",
                        files={"file": (upload.name, upload.data)},
                        data={"profile": "default"},
                    )
                except httpx.ConnectError:
                    upload.refusals.append("connection refused")
                    time.sleep(0.5)
                    continue
                except httpx.TransportError as exc:  # sent, answer lost: do not resend
                    upload.error = f"no answer: {exc!r}"
                    break
                if response.status_code == 429:
                    upload.refusals.append("429")
                    time.sleep(float(response.headers.get("retry-after", "2")))
                    continue
                if response.status_code == 202:
                    upload.review_id = response.json()["id"]
                    upload.submitted_at = time.monotonic()
                else:
                    upload.error = f"{response.status_code}: {response.text[:200]}"
                break
        client.close()

    threads = [threading.Thread(target=user_thread, args=(u,)) for u in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--uploads", type=int, default=500)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-every", type=float, default=60.0, help="seconds")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    duration = args.minutes * 60
    rng = random.Random(13)

    with tempfile.TemporaryDirectory(prefix="reviewer-soak-") as work:
        data = Path(work) / "data"
        users = [f"user{n:02d}" for n in range(args.users)]
        tokens = {}
        for user in users:
            subprocess.run(
                [str(REVIEWER), "users", "add", user, "--password-stdin", "--data-dir", str(data)],
                input="soak-test-password\n", text=True, check=True, capture_output=True,
            )  # fmt: skip
            tokens[user] = subprocess.run(
                [str(REVIEWER), "tokens", "create", user, "--data-dir", str(data)],
                text=True, check=True, capture_output=True,
            ).stdout.strip()  # fmt: skip
        uploads = make_uploads(args.uploads, users)
        server = Server(data, free_port(), args.workers, Path(work) / "serve.log")
        server.start()
        t0 = time.monotonic()
        memory: list[tuple[float, int, float, float]] = []  # (s, run, server MB, all MB)
        events: list[str] = []
        kills = 0
        run = 1
        restart = {"done": False, "code": None, "stop_s": 0.0, "down_s": 0.0, "left": []}
        submitter = threading.Thread(
            target=submit_all, args=(server, tokens, uploads, duration * 0.85, t0)
        )
        submitter.start()
        next_kill = t0 + args.kill_every
        next_sample = t0
        while time.monotonic() - t0 < duration:
            now = time.monotonic()
            if now >= next_sample:
                memory.append((now - t0, run, *server.rss_mb()))
                next_sample += 5
            if now >= next_kill:
                workers = server.worker_pids()
                if workers:
                    victim = rng.choice(workers)
                    try:
                        os.kill(victim, signal.SIGKILL)
                        kills += 1
                        events.append(f"{now - t0:6.1f} s: killed worker {victim}")
                    except ProcessLookupError:
                        pass
                next_kill += args.kill_every
            if not restart["done"] and now - t0 >= duration / 2 + 15:
                code, stop_s, left = server.stop()
                down_started = time.monotonic()
                server.start()
                run = 2
                restart.update(
                    done=True, code=code, stop_s=stop_s, left=left,
                    down_s=time.monotonic() - down_started + stop_s,
                )  # fmt: skip
                events.append(f"{now - t0:6.1f} s: restarted (exit {code}, {stop_s:.1f} s to stop)")
            time.sleep(0.2)
        submitter.join()
        soak_seconds = time.monotonic() - t0

        # Drain: wait for every accepted review to finish.
        accepted = [u for u in uploads if u.review_id]
        results: dict[str, dict[str, Any]] = {}
        drain_deadline = time.monotonic() + 600
        clients = {
            u: httpx.Client(headers={"Authorization": f"Bearer {t}"}) for u, t in tokens.items()
        }
        while time.monotonic() < drain_deadline:
            for upload in accepted:
                if upload.review_id in results:
                    continue
                body = (
                    clients[upload.user].get(f"{server.base}/api/reviews/{upload.review_id}").json()
                )
                if body.get("status") in ("done", "failed"):
                    results[upload.review_id] = body  # type: ignore[index]
            if len(results) == len(accepted):
                break
            time.sleep(1)
        drained_at = time.monotonic() - t0

        # Checks.
        lost = [u.name for u in accepted if u.review_id not in results]
        mixed = []
        for upload in accepted:
            body = results.get(upload.review_id or "")
            if body is None:
                continue
            own = (upload.name, upload.sha256)
            if (body["file_name"], body["sha256"]) != own or (
                body["status"] == "done"
                and (body["report"]["document"]["path"], body["report"]["document"]["sha256"])
                != own
            ):
                mixed.append(upload.name)
        listing_mismatch = []
        foreign_visible = 0
        for user in users:
            listed = clients[user].get(f"{server.base}/api/reviews", params={"limit": 1000}).json()
            mine = {u.review_id for u in accepted if u.user == user}
            if {r["id"] for r in listed} != mine:
                listing_mismatch.append(user)
            other = next(u for u in accepted if u.user != user)
            if clients[user].get(f"{server.base}/api/reviews/{other.review_id}").status_code != 404:
                foreign_visible += 1
        done = [b for b in results.values() if b["status"] == "done"]
        failed = [b for b in results.values() if b["status"] == "failed"]
        failed_without_reason = [
            b["file_name"] for b in failed if not (b.get("error") or "").strip()
        ]
        good_failed = [
            (b["file_name"], b["error"]) for b in failed
            if not any(u.bad for u in accepted if u.review_id == b["id"])
        ]  # fmt: skip
        bad_done = [
            b["file_name"] for b in done if any(u.bad for u in accepted if u.review_id == b["id"])
        ]
        turnaround = []
        for upload in accepted:
            body = results.get(upload.review_id or "")
            if body and body.get("finished") and upload.submitted_at:
                created = body["created"]
                finished = body["finished"]
                from datetime import datetime

                parse = lambda s: datetime.fromisoformat(s.rstrip("Z"))  # noqa: E731
                turnaround.append((parse(finished) - parse(created)).total_seconds())

        def mem_window(run_no: int, first: bool, whole: bool) -> float:
            samples = [(a if whole else m) for _, r, m, a in memory if r == run_no]
            if not samples:
                return 0.0
            window = samples[2:14] if first else samples[-12:]  # skip the first 10 s of warm-up
            return statistics.mean(window or samples)

        code, stop_s, left = server.stop()
        for client in clients.values():
            client.close()

    figures = {
        "minutes": round(soak_seconds / 60, 1),
        "uploads_planned": len(uploads),
        "accepted": len(accepted),
        "not_accepted": [(u.name, u.error) for u in uploads if not u.review_id],
        "retried_after_refusal": sum(1 for u in uploads if u.refusals),
        "done": len(done),
        "failed": len(failed),
        "failed_reasons": Counter(
            (b["error"] or "").split(": ", 1)[-1][:70] for b in failed
        ).most_common(),
        "failed_without_reason": failed_without_reason,
        "good_files_failed": good_failed,
        "bad_files_done": bad_done,
        "lost": lost,
        "mixed": mixed,
        "users_whose_list_is_wrong": listing_mismatch,
        "foreign_reviews_visible": foreign_visible,
        "workers_killed": kills,
        "restart": restart,
        "final_stop": {"code": code, "seconds": round(stop_s, 1), "left": left},
        "all_finished_at_s": round(drained_at, 1),
        "turnaround_s": {
            "median": round(statistics.median(turnaround), 1) if turnaround else None,
            "p95": round(sorted(turnaround)[int(0.95 * (len(turnaround) - 1))], 1)
            if turnaround
            else None,
        },
        "memory_mb": {
            scope: {
                "run1_first_minute": round(mem_window(1, True, whole), 1),
                "run1_last_minute": round(mem_window(1, False, whole), 1),
                "run2_first_minute": round(mem_window(2, True, whole), 1),
                "run2_last_minute": round(mem_window(2, False, whole), 1),
                "max": round(max(((a if whole else m) for _, _, m, a in memory), default=0.0), 1),
            }
            for scope, whole in (("server_process", False), ("with_workers", True))
        },
        "memory_samples": [(round(t), r, round(m), round(a)) for t, r, m, a in memory],
        "events": events,
    }
    print(json.dumps(figures, indent=2, default=str))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    ok = not (lost or mixed or listing_mismatch or foreign_visible or failed_without_reason)
    print("soak:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
