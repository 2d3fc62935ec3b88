"""The CLI edge: JSON on stdout, exit codes 0/1/2, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli.main import main
from tests.paths import SAMPLES

CONTRACT = (
    "Provider may use Customer Content to develop and improve its products and services.\n\n"
    "Provider shall notify Customer of any Security Incident within 48 hours.\n"
)


@pytest.fixture()
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "vendor terms.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    return path


def test_json_report_follows_the_contract(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", str(contract), "--format", "json", "--no-model"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == 1
    assert report["tool"]["name"] == "contract-reviewer"
    assert report["document"]["format"] == "txt"
    assert report["profile"] == "default"
    for key in ("findings", "summary", "timings_ms", "parameters"):
        assert key in report
    finding = next(
        f for f in report["findings"] if f["requirement"] == "incidents.breach-notification"
    )
    assert finding["status"] == "met"
    assert set(finding) >= {
        "requirement", "topic", "title", "status", "severity", "confidence",
        "evidence", "explanation", "extracted", "recommendation",
    }  # fmt: skip
    evidence = finding["evidence"][0]
    assert set(evidence) >= {
        "text",
        "section",
        "heading",
        "page",
        "start",
        "end",
        "detector",
        "score",
    }
    assert set(report["summary"]) >= {"met", "partial", "conflict", "missing", "not_applicable"}


def test_fail_on_gives_exit_1(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(contract), "--fail-on", "critical", "--no-model"]) == 1
    out = capsys.readouterr().out
    assert "CONFLICT" in out and "CRITICAL SEVERITY" in out


def test_text_output_reads_most_severe_first(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", str(contract), "--no-model"]) == 0
    out = capsys.readouterr().out
    assert out.index("CHECK THESE FIRST") < out.index("CRITICAL SEVERITY")
    assert out.index("CRITICAL SEVERITY") < out.index("HIGH SEVERITY")
    assert "Add a clause:" in out


def test_unknown_report_language_is_a_usage_error(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", str(contract), "--report-language", "xx"]) == 2
    assert "no report language 'xx'" in capsys.readouterr().err


def test_output_file_is_written(contract: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert main(["review", str(contract), "-f", "json", "-o", str(target), "--no-model"]) == 0
    assert json.loads(target.read_text())["findings"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "no-such-file.pdf"], "file not found"),
        (["review", "{contract}", "--profile", "mars"], "unknown profile"),
        (["review", "{contract}", "--format", "yaml"], "--format must be"),
        (["review", "{contract}", "--fail-on", "severe"], "--fail-on must be"),
        (["review", "{contract}", "--library", "/nonexistent"], "not found"),
    ],
)
def test_user_errors_exit_2_without_traceback(
    contract: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{contract}", str(contract)) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_empty_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["review", str(empty)]) == 2
    assert "empty.txt" in capsys.readouterr().err


def test_console_script_runs_in_a_subprocess(contract: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewer",
            "review",
            str(contract),
            "--format",
            "json",
            "--no-model",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["document"]["path"].endswith("vendor terms.txt")


def test_library_validate_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "validate"]) == 0
    assert "28 requirements" in capsys.readouterr().out
    assert main(["library", "list", "--profile", "kz"]) == 0
    out = capsys.readouterr().out
    assert "residency.localization" in out and "critical" in out


def test_html_memo_is_written(contract: Path, tmp_path: Path) -> None:
    target = tmp_path / "memo.html"
    assert main(["review", str(contract), "-f", "html", "-o", str(target), "--no-model"]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "vendor terms.txt" in html


def test_docx_output_annotates_a_word_original(tmp_path: Path) -> None:
    import docx

    from tests.paths import SAMPLES

    target = tmp_path / "annotated.docx"
    source = SAMPLES / "northwind-ai-dpa.docx"
    assert main(["review", str(source), "-f", "docx", "-o", str(target), "--no-model"]) == 0
    assert len(list(docx.Document(str(target)).comments)) > 10


def test_docx_output_defaults_to_a_name_beside_the_working_directory(
    contract: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["review", str(contract), "-f", "docx", "--no-model"]) == 0
    assert (tmp_path / "vendor terms.review.docx").stat().st_size > 0


@pytest.mark.parametrize("fmt", ["json", "html", "docx"])
def test_unwritable_output_is_a_clear_error(
    contract: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = contract.parent / "missing-folder" / f"out.{fmt}"
    assert main(["review", str(contract), "-f", fmt, "-o", str(target), "--no-model"]) == 2
    err = capsys.readouterr().err
    assert "missing-folder" in err and "No such file or directory" in err
    assert "Traceback" not in err


def test_batch_output_folder_that_cannot_be_made_is_a_clear_error(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["batch", str(contract), "--out", str(blocker / "out")]) == 2
    assert "error:" in capsys.readouterr().err


def test_redline_of_a_word_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lumen.redline.docx"
    source = SAMPLES / "lumen-msa-ai-addendum.docx"
    assert main(["review", str(source), "-p", "kz", "-f", "redline", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert target.exists() and "tracked changes" in err
    assert "with all of them accepted, 26 of 26 gaps review as met" in err


def test_redline_needs_a_word_file(capsys: pytest.CaptureFixture[str]) -> None:
    source = SAMPLES / "quickdesk-terms.pdf"
    assert main(["review", str(source), "-f", "redline"]) == 2
    assert "a redline needs the contract as a Word (.docx) file" in capsys.readouterr().err


def test_compare_two_versions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = SAMPLES / "lumen-msa-ai-addendum.docx", SAMPLES / "lumen-msa-ai-addendum-v2.docx"
    assert main(["compare", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "GOT WORSE" in out and "Customer is told of government requests" in out
    assert main(["compare", str(old), str(new), "--fail-on-worse"]) == 1
    target = tmp_path / "compare.json"
    assert main(["compare", str(old), str(new), "-f", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["counts"]["worse"] == 2
    assert main(["compare", str(old), str(tmp_path / "nope.docx")]) == 2
