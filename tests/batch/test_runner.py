from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest

from reviewer.batch import BatchOptions, run_batch
from reviewer.batch.runner import _local_outcomes
from reviewer.batch.worker import EngineSettings, Outcome
from reviewer.cli.main import main
from reviewer.report.model import Report


def _statuses(out: Path) -> dict[str, dict[str, str]]:
    return {
        path.name: {
            f.requirement: f.status
            for f in Report.model_validate_json(path.read_text("utf-8")).findings
        }
        for path in sorted((out / "reports").glob("*.json"))
    }


def test_batch_reviews_every_file_and_records_the_bad_one(contracts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch([str(contracts)], BatchOptions(out=out, workers=2, profile="kz"))
    assert (result.inputs, result.reviewed, len(result.errors)) == (4, 3, 1)
    assert "broken.pdf" in result.errors[0].message
    assert sorted(p.name for p in (out / "reports").glob("*.json")) == [
        "vendors--a--dpa.docx.json",
        "vendors--terms.pdf.json",
        "vendors--terms.txt.json",
    ]
    for name in ("matrix.xlsx", "matrix.csv", "summary.json", "summary.html",
                 "inventory.xlsx", "inventory.csv"):  # fmt: skip
        assert (out / name).stat().st_size > 0
    assert not list(out.rglob("*.part"))
    inventory = openpyxl.load_workbook(out / "inventory.xlsx")["Inventory"]
    assert inventory.max_row == 1 + 3
    assert 'id="inventory"' in (out / "summary.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(out / "matrix.xlsx")
    assert book["Matrix"].max_row == 2 + 3 and book["Errors"].max_row == 2  # two header rows
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["contracts"], summary["errors"], summary["not_done"]) == (3, 1, 0)


def test_resume_skips_unchanged_and_reviews_changed_files(contracts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BatchOptions(out=out, workers=1, profile="kz", resume=True)
    first = run_batch([str(contracts)], options)
    assert first.reviewed == 3
    again = run_batch([str(contracts)], options)
    assert (again.reviewed, again.reused, len(again.errors)) == (0, 3, 1)  # errors are retried
    text = contracts / "vendors" / "terms.txt"
    text.write_text(text.read_text("utf-8") + "\nProvider shall not train on Customer Data.\n")
    changed = run_batch([str(contracts)], options)
    assert (changed.reviewed, changed.reused) == (1, 2)
    other_profile = run_batch([str(contracts)], BatchOptions(out=out, profile="eu", resume=True))
    assert other_profile.reviewed == 3  # a different playbook invalidates every report
    assert json.loads((out / "summary.json").read_text())["contracts"] == 3


def test_interruption_keeps_finished_reports_and_resume_completes(
    contracts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    seen: list[Outcome] = []

    def stop_after_first(done: int, total: int, outcome: Outcome) -> None:
        seen.append(outcome)
        if outcome.report_json:
            raise KeyboardInterrupt

    options = BatchOptions(out=out, workers=1, profile="kz", resume=True)
    result = run_batch([str(contracts)], options, stop_after_first)
    assert result.interrupted and result.reviewed == 1 and result.not_done >= 1
    kept = list((out / "reports").glob("*.json"))
    assert len(kept) == 1 and Report.model_validate_json(kept[0].read_text("utf-8"))
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] and summary["contracts"] == 1
    finished = run_batch([str(contracts)], options)
    assert (finished.reused, finished.reviewed) == (1, 2)


def test_a_worker_that_cannot_start_gives_error_rows_not_a_hang(contracts: Path) -> None:
    settings = EngineSettings(library="/nonexistent", profile="kz", country=None, use_model=False)
    sources = [str(p) for p in sorted(contracts.rglob("*.docx"))] + [
        str(contracts / "vendors" / "terms.txt")
    ]
    outcomes = list(_local_outcomes(sources, settings, workers=2))
    assert sorted(o.source for o in outcomes) == sorted(sources)
    assert all(o.error and "worker process died" in o.error for o in outcomes)


def test_cli_batch_exit_codes_and_outputs(
    contracts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli-out"
    assert main(["batch", str(contracts), "--out", str(out), "--workers", "1", "-p", "kz"]) == 2
    err = capsys.readouterr().err
    assert "broken.pdf" in err and "3 reviewed" in err
    os.remove(contracts / "broken.pdf")
    assert main(["batch", str(contracts), "--out", str(out), "--resume", "-p", "kz"]) == 0
    assert "3 reused" in capsys.readouterr().err


def test_dask_local_cluster_gives_the_same_reports(contracts: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    run_batch([str(contracts)], BatchOptions(out=local, workers=2, profile="kz"))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = tmp_path / "dask"
        result = run_batch(
            [str(contracts)],
            BatchOptions(out=remote, profile="kz", scheduler=cluster.scheduler_address),
        )
    assert (result.reviewed, len(result.errors)) == (3, 1)
    assert "broken.pdf" in result.errors[0].message
    assert _statuses(remote) == _statuses(local)
    paths = {
        json.loads(p.read_text("utf-8"))["document"]["path"] for p in (remote / "reports").iterdir()
    }
    assert all(path.startswith(str(contracts)) for path in paths)


def test_ctrl_c_on_the_command_keeps_finished_reports(tmp_path: Path) -> None:
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from tests.paths import SAMPLES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(40):
        shutil.copy(SAMPLES / "lumen-msa-ai-addendum.pdf", corpus / f"c{index:02d}.pdf")
    out = tmp_path / "out"
    reviewer = Path(sys.executable).parent / "reviewer"
    process = subprocess.Popen(
        [str(reviewer), "batch", str(corpus), "--out", str(out), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list((out / "reports").glob("*.json")):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    reports = list((out / "reports").glob("*.json"))
    assert 1 <= len(reports) < 40
    for report in reports:
        Report.model_validate_json(report.read_text("utf-8"))
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] and summary["contracts"] == len(reports)
    assert openpyxl.load_workbook(out / "matrix.xlsx")["Matrix"].max_row == 2 + len(reports)
    assert not list(out.rglob("*.part"))
