"""OCR of PDF pages that have no text layer (scans), with Tesseract.

Tesseract (Debian: `tesseract-ocr` with `-rus`, `-kaz`, `-uzb`, `-aze`) is
driven through pytesseract; it runs on this machine like everything else.
A page is rendered by PDFium at `RENDER_DPI`, read with every wanted
language that is installed, and comes back as words with their boxes (in
PDF points, top-down) and Tesseract's confidence, grouped into Tesseract's
lines. Each page has its own time limit; Tesseract runs single-threaded
(OMP_THREAD_LIMIT=1), which on small machines is several times faster than
its default thread pool fighting the other work for the cores.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = ("eng", "rus", "kaz", "uzb", "aze")
RENDER_DPI = 300
INSTALL_HINT = (
    "install Tesseract OCR (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-rus "
    "tesseract-ocr-kaz tesseract-ocr-uzb tesseract-ocr-aze; macOS: brew install tesseract "
    "tesseract-lang) and pip install pytesseract"
)
# Pages done, pages to read: called after each page (the edges draw a progress bar).
OcrProgress = Callable[[int, int], None]


@dataclass(slots=True)
class OcrLine:
    text: str
    x0: float  # PDF points from the page's left edge
    x1: float
    top: float  # PDF points from the page's top edge
    bottom: float
    confidence: float  # mean word confidence, 0-100
    words: list[tuple[str, float, float]] = field(default_factory=list)  # text, x0, x1


@dataclass(slots=True)
class OcrPage:
    lines: list[OcrLine] = field(default_factory=list)
    confidence: float | None = None  # mean word confidence over the page, 0-100
    words: int = 0
    seconds: float = 0.0


class OcrUnavailable(Exception):
    """Tesseract or pytesseract is not installed, or has none of the wanted languages."""


class OcrTimeout(Exception):
    """Tesseract did not finish a page within its time limit."""


@functools.cache
def installed_languages() -> tuple[str, ...]:
    """Tesseract's installed language data ('' tuple when Tesseract is missing)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return ()
    try:
        listing = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    lines = (listing.stdout + listing.stderr).splitlines()
    return tuple(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def languages(wanted: tuple[str, ...] = LANGUAGES) -> str:
    """The Tesseract `-l` value: the wanted languages that are installed ("eng+rus+...")."""
    try:
        import pytesseract  # noqa: F401
    except ImportError as exc:
        raise OcrUnavailable("pytesseract is not installed") from exc
    installed = installed_languages()
    if not installed:
        raise OcrUnavailable("Tesseract is not installed")
    usable = [language for language in wanted if language in installed]
    if not usable:
        raise OcrUnavailable(f"Tesseract has none of the languages {'+'.join(wanted)}")
    return "+".join(usable)


def render(page: Any, dpi: int = RENDER_DPI) -> Any:
    """A PDFium page as a greyscale PIL image at `dpi`."""
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def read_image(image: Any, language: str, *, seconds: float, dpi: int = RENDER_DPI) -> OcrPage:
    """Words and lines of one page image; raises OcrTimeout past `seconds`."""
    import pytesseract

    # One thread per Tesseract: see the module docstring. Set for the child
    # process Tesseract runs in (pytesseract passes our environment on).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.perf_counter()
    try:
        data = pytesseract.image_to_data(
            image,
            lang=language,
            # One column of variable sizes: a clause number in the margin stays on
            # its line (automatic page segmentation reads it as a block of its own
            # and misreads it); columns are split again at their gutter by the caller.
            config=f"--psm 4 --dpi {dpi}",
            output_type=pytesseract.Output.DICT,
            timeout=seconds,
        )
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeout(f"took longer than {seconds:.0f} s") from exc
        raise
    scale = 72.0 / dpi
    grouped: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if word and word.strip() and float(data["conf"][index]) >= 0:
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            grouped.setdefault(key, []).append(index)
    page = OcrPage(seconds=time.perf_counter() - started)
    confidences: list[float] = []
    for indexes in grouped.values():
        words = [data["text"][i].strip() for i in indexes]
        scores = [float(data["conf"][i]) for i in indexes]
        confidences += scores
        page.lines.append(
            OcrLine(
                text=" ".join(words),
                x0=min(data["left"][i] for i in indexes) * scale,
                x1=max(data["left"][i] + data["width"][i] for i in indexes) * scale,
                top=min(data["top"][i] for i in indexes) * scale,
                bottom=max(data["top"][i] + data["height"][i] for i in indexes) * scale,
                confidence=sum(scores) / len(scores),
                words=[
                    (
                        data["text"][i].strip(),
                        data["left"][i] * scale,
                        (data["left"][i] + data["width"][i]) * scale,
                    )
                    for i in indexes
                ],
            )
        )
    page.words = len(confidences)
    page.confidence = sum(confidences) / len(confidences) if confidences else None
    return page
