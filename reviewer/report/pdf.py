"""The PDF memo: the Word memo converted by LibreOffice, run headless on this machine.

LibreOffice is the converter legal teams already trust for Word fidelity; a
Python PDF layout library would be a second rendering of the same memo to keep
in step. Each conversion gets its own LibreOffice profile folder so parallel
runs (batch, web workers) do not fight over one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.report.docx import write_docx
from reviewer.report.model import Report

CONVERT_TIMEOUT_S = 120


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_pdf(report: Report, output: Path, *, language: str | None = None) -> None:
    """Write the memo as PDF; needs LibreOffice (`soffice`) on the PATH."""
    program = libreoffice()
    if program is None:
        raise ReviewerError(
            "PDF memos need LibreOffice (soffice) on this machine; install it "
            "(Debian: apt-get install libreoffice-writer-nogui) or use --format html or docx"
        )
    with tempfile.TemporaryDirectory(prefix="reviewer-pdf-") as work:
        folder = Path(work)
        memo = folder / "memo.docx"
        write_docx(report, memo, language=language)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(memo),
        ]
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S, stdin=None
            )
        except subprocess.TimeoutExpired as exc:
            raise ReviewerError(
                f"LibreOffice did not finish converting the memo within {CONVERT_TIMEOUT_S} s"
            ) from exc
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise ReviewerError(f"LibreOffice could not convert the memo: {detail[0]}") from exc
        converted = folder / "memo.pdf"
        if not converted.exists():
            raise ReviewerError("LibreOffice reported success but wrote no PDF")
        tmp = output.with_name(output.name + ".part")
        shutil.copyfile(converted, tmp)
        os.replace(tmp, output)
