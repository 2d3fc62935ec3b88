"""Resource limits for ingesting one document (hostile input is expected)."""

from __future__ import annotations

from dataclasses import dataclass

# Seconds a worker allows for reading one contract (batch and web).
DEFAULT_TIME_LIMIT_S = 120.0


@dataclass(frozen=True, slots=True)
class IngestLimits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_seconds: float = 60.0  # wall-clock limit for ingesting one document
    max_memory_bytes: int = 1536 * 1024 * 1024  # address-space cap of the parsing child
    max_pages: int = 2000
    # OCR of PDF pages without a text layer (Tesseract); each page has its own
    # time limit, added to `max_seconds` as the pages are read.
    ocr: bool = True
    ocr_seconds_per_page: float = 60.0
    ocr_languages: tuple[str, ...] = ("eng", "rus", "kaz", "uzb", "aze")
    # DOCX / zip
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_member_bytes: int = 100 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_zip_members: int = 2000
    max_xml_elements: int = 2_000_000
    max_paragraphs: int = 100_000
    # text
    max_text_chars: int = 20_000_000
