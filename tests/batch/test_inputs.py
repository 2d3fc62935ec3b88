from __future__ import annotations

from pathlib import Path

from reviewer.batch.inputs import expand_inputs, report_names


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


def test_same_stem_different_extension_keeps_two_reports(tmp_path: Path) -> None:
    pdf, docx = _touch(tmp_path / "acme.pdf"), _touch(tmp_path / "acme.docx")
    names = report_names([pdf, docx])
    assert names == {pdf: "acme.pdf", docx: "acme.docx"}


def test_same_name_in_different_folders_keeps_the_folder(tmp_path: Path) -> None:
    a, b = _touch(tmp_path / "a" / "dpa.pdf"), _touch(tmp_path / "b" / "dpa.pdf")
    assert report_names([a, b]) == {a: "a--dpa.pdf", b: "b--dpa.pdf"}


def test_names_differing_only_in_case_or_sanitised_characters_stay_distinct(
    tmp_path: Path,
) -> None:
    files = [
        _touch(tmp_path / "x" / "Acme.pdf"),
        _touch(tmp_path / "x" / "acme.pdf"),
        _touch(tmp_path / "x" / "ac me.pdf"),
        _touch(tmp_path / "x" / "ac?me.pdf"),
    ]
    names = list(report_names(files).values())
    assert len({n.lower() for n in names}) == len(files)
    assert all("/" not in n and " " not in n and "?" not in n for n in names)


def test_folders_are_walked_recursively_skipping_hidden_lock_and_other_files(
    tmp_path: Path,
) -> None:
    keep = [_touch(tmp_path / "d" / "one.pdf"), _touch(tmp_path / "d" / "sub" / "two.DOCX")]
    _touch(tmp_path / "d" / ".git" / "three.pdf")
    _touch(tmp_path / "d" / "~$one.docx")
    _touch(tmp_path / "d" / "notes.xlsx")
    expanded = expand_inputs([str(tmp_path / "d")])
    assert sorted(expanded.files) == sorted(keep)
    assert expanded.problems == []


def test_globs_duplicates_and_missing_inputs(tmp_path: Path) -> None:
    one = _touch(tmp_path / "g" / "one.pdf")
    two = _touch(tmp_path / "g" / "two.txt")
    expanded = expand_inputs(
        [
            str(tmp_path / "g" / "*.pdf"),
            str(one),  # named twice: reviewed once
            str(tmp_path / "g" / "**" / "*.txt"),
            str(tmp_path / "missing.pdf"),
            str(tmp_path / "none" / "*.pdf"),
        ]
    )
    assert expanded.files == [one, two]
    assert [why for _, why in expanded.problems] == [
        "file not found",
        "pattern matched no contract files",
    ]


def test_an_explicitly_named_unsupported_file_is_still_tried(tmp_path: Path) -> None:
    odd = _touch(tmp_path / "contract.rtf")
    assert expand_inputs([str(odd)]).files == [odd]


def test_names_are_relative_to_the_inputs_and_stable_when_files_go(tmp_path: Path) -> None:
    a = _touch(tmp_path / "in" / "x" / "a.pdf")
    b = _touch(tmp_path / "in" / "b.pdf")
    both = expand_inputs([str(tmp_path / "in")])
    assert report_names(both.files, both.roots) == {b: "b.pdf", a: "x--a.pdf"}
    b.unlink()
    alone = expand_inputs([str(tmp_path / "in")])
    assert report_names(alone.files, alone.roots) == {a: "x--a.pdf"}
    globbed = expand_inputs([str(tmp_path / "in" / "**" / "*.pdf")])
    assert report_names(globbed.files, globbed.roots) == {a: "x--a.pdf"}
