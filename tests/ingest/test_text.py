"""Plain text and Markdown: encodings, headings, lists, tables, emphasis."""

from __future__ import annotations

from pathlib import Path

from reviewer.ingest import ingest

MARKDOWN = """# Master Agreement

## 1. Security

1. **Audits.** Customer may audit [Provider](https://example.com) once a year.

    a. On notice of *thirty* days.

| Name | Country |
|------|---------|
| HostCo | Germany |
"""


def test_markdown_structure(tmp_path: Path) -> None:
    path = tmp_path / "msa.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = ingest(path)
    kinds = [(b.kind, b.level, b.number, b.text) for b in document.blocks]
    assert kinds[0] == ("heading", 0, None, "Master Agreement")
    assert kinds[1][:2] == ("heading", 1)
    assert ("list_item", 0, "1.", "1. Audits. Customer may audit Provider once a year.") in kinds
    assert ("list_item", 1, "a.", "a. On notice of thirty days.") in kinds
    assert ("table_row", None, None, "HostCo | Germany") in kinds
    assert "https://" not in document.text


def test_encodings_are_detected(tmp_path: Path) -> None:
    text = "Le Fournisseur notifiera le Client sous 48 heures. Données à caractère personnel."
    for name, data in {
        "utf16.txt": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "latin1.txt": text.encode("latin-1"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert "Données à caractère personnel." in ingest(path).text, name


def test_typed_numbers_start_paragraphs_in_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_text(
        "1. Scope\nThe Services are described below.\n1.1 Audits. Customer may audit.\n",
        encoding="utf-8",
    )
    texts = [b.text for b in ingest(path).blocks]
    assert texts == [
        "1. Scope The Services are described below.",
        "1.1 Audits. Customer may audit.",
    ]
