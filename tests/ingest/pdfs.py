"""Test PDFs with a real text layer, written by us with reportlab.

Text runs are placed at exact positions so each layout case (columns,
bilingual tables, headings set only by size and weight, scans) has a known
expected reading. DejaVu fonts are used for Cyrillic when the system has them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FONT_FOLDERS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def fonts() -> tuple[str, str]:
    """(regular, bold) font names registered with reportlab; skips without DejaVu."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_FOLDERS:
        regular, bold = folder / "DejaVuSerif.ttf", folder / "DejaVuSerif-Bold.ttf"
        if regular.exists() and bold.exists():
            if "TestSerif" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("TestSerif", str(regular)))
                pdfmetrics.registerFont(TTFont("TestSerif-Bold", str(bold)))
            return "TestSerif", "TestSerif-Bold"
    pytest.skip("no DejaVu fonts (fonts-dejavu-core) for Cyrillic test PDFs")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def write_pdf(path: Path, pages: list[list[tuple[float, float, str, str, float]]]) -> Path:
    """One page per list of (x, y from the top, text, font, size) runs; US Letter."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(612, 792))
    for runs in pages:
        for x, y, text, font, size in runs:
            canvas.setFont(font, size)
            canvas.drawString(x, 792 - y, text)
        canvas.showPage()
    canvas.save()
    return path


def column(
    paragraphs: list[str], font: str, x: float, y: float, width: float, size: float = 10
) -> tuple[list[tuple[float, float, str, str, float]], float]:
    """Paragraphs set in a column from (x, y); returns the runs and the y below them."""
    runs = []
    for paragraph in paragraphs:
        for line in wrap(paragraph, font, size, width):
            runs.append((x, y, line, font, size))
            y += size * 1.25
        y += size * 0.8
    return runs, y


def table_pdf(
    path: Path,
    rows: list[list[str]],
    widths: list[float],
    font: str,
    size: float = 10,
    top: float = 80.0,
) -> Path:
    """A ruled table drawn cell by cell, as word processors print them; cells wrap."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(612, 792))
    for row in rows:
        cells = [wrap(text, font, size, width - 8) for text, width in zip(row, widths, strict=True)]
        height = max(len(lines) for lines in cells) * size * 1.25 + 8
        x = 50.0
        for lines, width in zip(cells, widths, strict=True):
            canvas.rect(x, 792 - top - height, width, height)
            canvas.setFont(font, size)
            for index, line in enumerate(lines):
                canvas.drawString(x + 4, 792 - top - 4 - size - index * size * 1.25, line)
            x += width
        top += height
    canvas.showPage()
    canvas.save()
    return path
