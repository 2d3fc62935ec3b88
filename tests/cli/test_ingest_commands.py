from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli.main import main
from tests.paths import SAMPLES

SAMPLE = SAMPLES / "northwind-ai-dpa.md"


def test_extract_prints_the_text_offsets_refer_to(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLE), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    text = payload["text"]
    assert payload["kind"] == "DPA" and payload["kind_cue"]
    for block in payload["blocks"]:
        assert text[block["start"] : block["end"]].strip()
    assert main(["extract", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.rstrip("\n") == text


def test_outline_prints_numbers_and_headings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outline", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "DPA" in out.splitlines()[0]
    assert "  2.2 No Training" in out
    assert main(["outline", str(SAMPLE), "-f", "json"]) == 0
    clauses = json.loads(capsys.readouterr().out)["clauses"]
    numbers = [c["number"] for c in clauses if c["number"]]
    assert numbers[:5] == ["1", "1.1", "1.2", "1.3", "1.4"]
    assert any(c["part"] == "Annex 1" for c in clauses)


def test_outline_of_a_binary_file_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    assert main(["outline", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "junk.txt" in err and "Traceback" not in err
