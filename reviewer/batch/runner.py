"""Scheduling a batch: local worker processes or a Dask cluster, same results either way.

Each finished contract is written at once (atomically), so an interruption or a
crash loses only the contracts still in flight; the matrix and summaries are
rebuilt from the reports on disk at the end of every run, interrupted or not.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from reviewer.batch.inputs import expand_inputs, report_names
from reviewer.batch.outputs import (
    BatchError,
    ContractRow,
    summary_data,
    write_csv,
    write_summaries,
    write_xlsx,
)
from reviewer.batch.state import BatchState, ReviewKey, file_sha256, write_atomically
from reviewer.batch.worker import (
    DEFAULT_TIME_LIMIT_S,
    EngineSettings,
    Outcome,
    init_worker,
    review_bytes,
    review_file,
)
from reviewer.errors import ReviewerError
from reviewer.inventory.outputs import InventoryRow, write_inventory
from reviewer.report.model import Report

log = logging.getLogger(__name__)

REPORTS_DIR = "reports"
STATE_SAVE_INTERVAL_S = 1.0

ProgressCallback = Callable[[int, int, Outcome], None]


@dataclass(frozen=True)
class DaskTls:
    """Certificates for a Dask cluster that requires TLS (mutual: the scheduler checks
    the client's certificate against the same CA the client checks the scheduler's)."""

    ca_file: Path
    cert_file: Path
    key_file: Path | None = None  # None: the key is in cert_file

    def security(self) -> Any:
        from distributed.security import Security

        for option, path in (
            ("--tls-ca-file", self.ca_file),
            ("--tls-cert", self.cert_file),
            ("--tls-key", self.key_file),
        ):
            if path is not None and not Path(path).is_file():
                raise ReviewerError(f"{path}: TLS file not found ({option})")
        return Security(
            tls_ca_file=str(self.ca_file),
            tls_client_cert=str(self.cert_file),
            tls_client_key=str(self.key_file) if self.key_file else None,
            require_encryption=True,
        )


@dataclass
class BatchOptions:
    out: Path
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    profile: str = "default"
    country: str | None = None
    library: Path | None = None
    use_model: bool = True
    resume: bool = False
    scheduler: str | None = None  # a Dask scheduler address: tcp://host:8786 or tls://...
    tls: DaskTls | None = None  # certificates for a tls:// scheduler
    connect_timeout_s: float = 20.0
    time_limit_s: float = DEFAULT_TIME_LIMIT_S  # to read one contract


@dataclass
class BatchResult:
    out: Path
    inputs: int
    reviewed: int  # reviewed in this run
    reused: int  # skipped by --resume
    errors: list[BatchError]
    interrupted: bool
    seconds: float

    @property
    def not_done(self) -> int:
        return self.inputs - self.reviewed - self.reused - len(self.errors)


def _local_outcomes(
    sources: list[str], settings: EngineSettings, workers: int
) -> Iterator[Outcome]:
    """Review on local processes; a worker that dies costs only the contract it held."""
    # forkserver: the parent has threads (progress display), and fork() with threads is unsafe.
    context = multiprocessing.get_context("forkserver")

    def new_pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=size,
            mp_context=context,
            initializer=init_worker,
            initargs=(settings,),
        )

    suspects: list[str] = []
    pool = new_pool(workers)
    try:
        # Keep a bounded number queued so a crash re-queues little and memory stays flat.
        queue = iter(sources)
        running: dict[Future[Outcome], str] = {}
        for source in islice(queue, workers * 2):
            running[pool.submit(review_file, source, settings)] = source
        broken = False
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                source = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.append(source)
            if broken:
                # Everything in flight was lost with the pool; sort out the culprit below.
                suspects.extend(running.values())
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool(workers)
                broken = False
            for source in islice(queue, len(done)):
                running[pool.submit(review_file, source, settings)] = source
        # Contracts that were in a pool when it died: one at a time, so a second
        # death names exactly the contract that causes it.
        for source in suspects:
            try:
                yield pool.submit(review_file, source, settings).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool(workers)
                yield Outcome(
                    source,
                    None,
                    f"{Path(source).name}: the worker process died while reviewing it "
                    "(out of memory or a crash in a reader)",
                    0.0,
                )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _dask_security(address: str, tls: DaskTls | None) -> Any:
    if tls is None:
        return None  # plain tcp://, or TLS set up in Dask's own configuration
    if not address.startswith("tls://"):
        raise ReviewerError(
            f"the TLS certificates need a tls:// scheduler address, not {address} "
            "(start the scheduler with --protocol tls)"
        )
    return tls.security()


def _dask_outcomes(
    sources: list[str],
    settings: EngineSettings,
    address: str,
    tls: DaskTls | None = None,
    timeout_s: float = 20.0,
) -> Iterator[Outcome]:
    """Review on a Dask cluster; contracts travel as bytes, so workers need no shared disk."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ReviewerError(
            "--scheduler needs the cluster extra: pip install 'contract-reviewer[cluster]'"
        ) from exc
    security = _dask_security(address, tls)
    try:
        client = Client(address, timeout=f"{timeout_s}s", security=security)
    except (OSError, TimeoutError, ValueError) as exc:
        hint = ""
        if address.startswith("tls://"):
            hint = (
                "; check that --tls-ca-file is the CA that signed the scheduler's certificate "
                "and that the scheduler accepts --tls-cert"
            )
        raise ReviewerError(f"cannot reach the Dask scheduler at {address} ({exc}){hint}") from exc
    try:
        threads = sum(client.nthreads().values()) or 1
        queue = iter(sources)
        keys: dict[Any, str] = {}  # Dask future key -> input

        def submit(source: str) -> Any:  # a Dask future, or the Outcome of a read error
            try:
                data = Path(source).read_bytes()
            except OSError as exc:
                return Outcome(source, None, f"{source}: cannot be read ({exc.strerror})", 0.0)
            future = client.submit(review_bytes, source, data, settings, pure=False)
            keys[future.key] = source
            return future

        started = [submit(s) for s in islice(queue, threads * 2)]
        for item in started:
            if isinstance(item, Outcome):
                yield item
        completed = as_completed([f for f in started if not isinstance(f, Outcome)])
        for future in completed:
            source = keys.pop(future.key)
            try:
                yield future.result()
            except Exception as exc:  # a lost worker or a task the cluster gave up on
                yield Outcome(
                    source, None, f"{source}: the cluster could not review it ({exc})", 0.0
                )
            for next_source in islice(queue, 1):
                item = submit(next_source)
                if isinstance(item, Outcome):
                    yield item
                else:
                    completed.add(item)
    finally:
        client.close()


def _load_report(path: Path) -> Report | None:
    try:
        return Report.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: cannot read back the report (%s)", path, exc)
        return None


def run_batch(
    specs: list[str], options: BatchOptions, progress: ProgressCallback | None = None
) -> BatchResult:
    """Review every contract the inputs name; see the module docstring for guarantees."""
    from reviewer.engine.profile import resolve_profile
    from reviewer.library.loader import load_library

    if options.tls is not None:  # certificate mistakes are named before any work starts
        if not options.scheduler:
            raise ReviewerError("the TLS options are for a Dask cluster: add --scheduler tls://...")
        _dask_security(options.scheduler, options.tls)
    started = time.perf_counter()
    # A bad library, profile or country fails here, before any work starts.
    library = load_library(options.library)
    resolve_profile(library, options.profile, options.country)
    settings = EngineSettings(
        library=str(options.library) if options.library else None,
        profile=options.profile,
        country=options.country,
        use_model=options.use_model,
        time_limit_s=options.time_limit_s,
    )
    out = options.out
    reports_dir = out / REPORTS_DIR
    reports_dir.mkdir(parents=True, exist_ok=True)
    state = BatchState(out, ReviewKey.for_settings(settings, library.root))
    if options.resume:
        state.load()

    expanded = expand_inputs(specs)
    errors = [BatchError(spec, f"{spec}: {why}") for spec, why in expanded.problems]
    names = report_names(expanded.files, expanded.roots)
    by_source = {str(path): path for path in expanded.files}
    hashes: dict[str, str] = {}
    todo: list[str] = []
    reused: list[str] = []
    for path in expanded.files:
        name = names[path]
        try:
            hashes[str(path)] = file_sha256(path)
        except OSError as exc:
            errors.append(BatchError(str(path), f"{path}: cannot be read ({exc.strerror})"))
            continue
        if options.resume and state.reusable(name, hashes[str(path)], reports_dir / f"{name}.json"):
            reused.append(name)
        else:
            state.forget(name)
            todo.append(str(path))
    total = len(expanded.files) + len(expanded.problems)

    reviewed: list[str] = []
    interrupted = False
    finished = len(reused) + len(errors)
    last_save = time.monotonic()
    outcomes = (
        _dask_outcomes(todo, settings, options.scheduler, options.tls, options.connect_timeout_s)
        if options.scheduler
        else _local_outcomes(todo, settings, max(1, options.workers))
    )
    try:
        for outcome in outcomes:
            path = by_source[outcome.source]
            name = names[path]
            if outcome.report_json is not None:
                write_atomically(reports_dir / f"{name}.json", outcome.report_json)
                state.record(name, hashes[outcome.source])
                reviewed.append(name)
            else:
                errors.append(BatchError(outcome.source, outcome.error or "unknown error"))
            finished += 1
            if time.monotonic() - last_save > STATE_SAVE_INTERVAL_S:
                state.save()
                last_save = time.monotonic()
            if progress:
                progress(finished, total, outcome)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        state.save()

    done_names = set(reviewed) | set(reused)
    rows = []
    for path in expanded.files:
        name = names[path]
        if name in done_names:
            report = _load_report(reports_dir / f"{name}.json")
            if report is not None:
                rows.append(ContractRow(name, report))
    seconds = time.perf_counter() - started
    write_xlsx(rows, errors, out / "matrix.xlsx")
    write_csv(rows, errors, out / "matrix.csv")
    write_inventory([InventoryRow(r.name, r.report.inventory) for r in rows], out)
    summary = summary_data(
        [r.report for r in rows],
        errors,
        inputs=total,
        reused=len(reused),
        seconds=seconds,
        interrupted=interrupted,
    )
    write_summaries(summary, out)
    return BatchResult(
        out=out,
        inputs=total,
        reviewed=len(reviewed),
        reused=len(reused),
        errors=errors,
        interrupted=interrupted,
        seconds=seconds,
    )
