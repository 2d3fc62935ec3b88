"""Parsing in a child process with a wall-clock limit and a memory cap.

pdfminer can spin on malformed files and a hostile document can try to eat
memory; the caller (a batch, the web server) must survive both. The child is
forked (cheap: readers are already imported), capped with RLIMIT_AS, and
killed when the time limit passes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import resource
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer.errors import CorruptFileError, ResourceLimitError, ReviewerError

log = logging.getLogger(__name__)


def _child(
    conn: Any, func: Callable[..., Any], args: tuple[Any, ...], memory: int, progress: bool
) -> None:
    try:
        if memory > 0:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if progress:

            def report(done: int, total: int) -> None:
                conn.send_bytes(pickle.dumps(("progress", (done, total))))

            result: tuple[str, Any] = ("ok", func(*args, progress=report))
        else:
            result = ("ok", func(*args))
    except ReviewerError as exc:
        result = ("reviewer-error", exc)
    except MemoryError:
        result = ("memory", None)
    except BaseException as exc:  # reported to the parent, never raised here
        result = ("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    try:
        conn.send_bytes(pickle.dumps(result))
    except Exception:  # e.g. an unpicklable exception: say so plainly
        conn.send_bytes(pickle.dumps(("crash", "result could not be returned")))
    finally:
        conn.close()
        os._exit(0)


def run_isolated(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    path: Path,
    seconds: float,
    memory_bytes: int,
    progress: Callable[[int, int], None] | None = None,
    seconds_per_step: float = 0.0,
) -> Any:
    """`func(*args)` in a forked child; domain errors come back unchanged.

    With `progress`, the child is called as `func(*args, progress=...)` and its
    reports reach `progress(done, total)` here; each report gives the child
    `seconds_per_step` more time (OCR pages have their own time limit).
    """
    started = time.monotonic()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child, args=(sender, func, args, memory_bytes, progress is not None), daemon=True
    )
    process.start()
    sender.close()
    deadline = time.monotonic() + seconds
    try:
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise ResourceLimitError(
                    f"took longer than {seconds:.0f} s to read; the file may be malformed",
                    path=path,
                )
            try:
                status, payload = pickle.loads(receiver.recv_bytes())
            except EOFError:
                raise ResourceLimitError(
                    "reading it crashed the reader (out of memory?); the file may be malformed",
                    path=path,
                ) from None
            if status != "progress":
                break
            deadline = max(deadline, time.monotonic() + seconds_per_step)
            seconds = max(seconds, deadline - started)
            if progress is not None:
                progress(*payload)
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receiver.close()
    if status == "ok":
        return payload
    if status == "reviewer-error":
        raise payload
    if status == "memory":
        raise ResourceLimitError(
            f"needs more than {memory_bytes / 2**20:,.0f} MB to read; the file may be malformed",
            path=path,
        )
    log.debug("reader crashed on %s: %s", path, payload)
    first_line = str(payload).splitlines()[0] if payload else "unknown error"
    raise CorruptFileError(f"could not be read ({first_line})", path=path)
