"""Web load test: N concurrent uploads against a real local server; none may be lost.

Starts `reviewer serve` in a child process on a fresh data folder, creates a
user and an API token, then submits N different contracts at once through the
REST API (httpx, asyncio) and polls until every review is done or failed.
Each result must carry its own upload's SHA-256 and file name. While the
reviews run, the login page is fetched repeatedly to show the server stays
responsive.

Run: .venv/bin/python bench/web_load.py [--uploads 50] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
REVIEWER = Path(sys.executable).parent / "reviewer"
SOURCES = [ROOT / "sample_contracts", ROOT.parent / "shared" / "eval" / "docs"]


def contracts(count: int) -> list[tuple[str, bytes]]:
    originals = sorted(
        p for source in SOURCES if source.is_dir() for p in source.iterdir()
        if p.suffix in (".pdf", ".docx", ".md", ".txt")
    )  # fmt: skip
    picked = []
    for index, path in enumerate(islice(cycle(originals), count)):
        data = path.read_bytes()
        if path.suffix in (".md", ".txt"):
            data += f"\n\nUpload {index}.\n".encode()  # distinct bytes, distinct hash
        picked.append((f"u{index:03d}-{path.name}", data))
    return picked


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def load(base: str, token: str, uploads: list[tuple[str, bytes]]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=len(uploads) + 5)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=120, limits=limits
    ) as client:
        probe_latencies: list[float] = []
        stop = asyncio.Event()

        async def probe() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                await client.get("/login")
                probe_latencies.append(time.perf_counter() - started)
                await asyncio.sleep(0.25)

        async def submit(name: str, data: bytes) -> tuple[str, str, float]:
            started = time.perf_counter()
            response = await client.post(
                "/api/reviews", files={"file": (name, data)}, data={"profile": "default"}
            )
            response.raise_for_status()
            return response.json()["id"], name, time.perf_counter() - started

        prober = asyncio.create_task(probe())
        started = time.perf_counter()
        submitted = await asyncio.gather(*(submit(n, d) for n, d in uploads))
        submit_latencies = [s[2] for s in submitted]
        expected = {name: hashlib.sha256(data).hexdigest() for name, data in uploads}
        pending = {review_id: name for review_id, name, _ in submitted}
        results: dict[str, dict] = {}
        while pending:
            await asyncio.sleep(0.5)
            for review_id in list(pending):
                body = (await client.get(f"/api/reviews/{review_id}")).json()
                if body["status"] in ("done", "failed"):
                    results[review_id] = body
                    pending.pop(review_id)
        elapsed = time.perf_counter() - started
        stop.set()
        await prober

    done = [r for r in results.values() if r["status"] == "done"]
    failed = [r for r in results.values() if r["status"] == "failed"]
    wrong = [
        r for r in done
        if r["report"]["document"]["sha256"] != expected[r["file_name"]]
        or r["report"]["document"]["path"] != r["file_name"]
    ]  # fmt: skip
    ids = {review_id for review_id, _, _ in submitted}
    print(f"uploads {len(uploads)}, distinct review ids {len(ids)}, results {len(results)}")
    print(f"done {len(done)}, failed {len(failed)}, wrong result {len(wrong)}, "
          f"lost {len(uploads) - len(results)}")  # fmt: skip
    for r in failed:
        print(f"  failed: {r['file_name']}: {r['error']}")
    print(
        f"all {len(uploads)} reviewed in {elapsed:.1f} s: {len(uploads) / elapsed * 60:.1f} contracts/min"
    )
    print(f"submit latency: median {statistics.median(submit_latencies) * 1000:.0f} ms, "
          f"p95 {percentile(submit_latencies, 0.95) * 1000:.0f} ms, max {max(submit_latencies) * 1000:.0f} ms")  # fmt: skip
    if probe_latencies:
        print(f"login page while busy ({len(probe_latencies)} requests): median "
              f"{statistics.median(probe_latencies) * 1000:.0f} ms, "
              f"p95 {percentile(probe_latencies, 0.95) * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reviewer-load-") as work:
        data = Path(work) / "data"
        subprocess.run(
            [str(REVIEWER), "users", "add", "load", "--password-stdin", "--data-dir", str(data)],
            input="load-test-password\n", text=True, check=True, capture_output=True,
        )  # fmt: skip
        token = subprocess.run(
            [str(REVIEWER), "tokens", "create", "load", "--data-dir", str(data)],
            text=True, check=True, capture_output=True,
        ).stdout.strip()  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [str(REVIEWER), "serve", "--port", str(port), "--data-dir", str(data),
             "--workers", str(args.workers), "--max-upload-mb", "50"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("server did not start") from None
                    time.sleep(0.2)
            asyncio.run(load(base, token, contracts(args.uploads)))
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
