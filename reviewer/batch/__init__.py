"""Batch review: many contracts, one engine per worker, a matrix at the end.

`inputs` expands files, folders and globs and names the reports; `worker`
holds what runs in a worker process (local or on a Dask cluster); `runner`
schedules and collects; `state` decides what `--resume` may skip; `outputs`
writes the per-contract reports, the XLSX/CSV matrix and the summaries.
"""

from reviewer.batch.outputs import BatchError
from reviewer.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchError", "BatchOptions", "BatchResult", "run_batch"]
