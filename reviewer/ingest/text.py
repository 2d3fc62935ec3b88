"""Plain-text and Markdown contracts into a `Document`.

Encodings are detected (BOM, UTF-8, then charset-normalizer). Markdown
headings and list markers become heading / list-item blocks with their level
and number; emphasis and link syntax are dropped but every word is kept.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reviewer.document import Block, Document
from reviewer.errors import DecodingError, EmptyDocumentError, ResourceLimitError
from reviewer.ingest.limits import IngestLimits

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_ORDERED = re.compile(r"^(\s*)(\d{1,3}|[a-zA-Z]|[ivxlcdm]{1,6})([.)])\s+(.*)$")
_BULLET = re.compile(r"^(\s*)[-*+•]\s+(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HR = re.compile(r"^\s*(?:\*\s*){3,}$|^\s*(?:-\s*){3,}$|^\s*(?:_\s*){3,}$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_CODE = re.compile(r"`+")
_HTML_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|span|sup|sub|font|code)\b[^>]*>", re.I)
# Block-level HTML inside markdown (lists, paragraphs, table rows) separates paragraphs.
_HTML_BLOCK = re.compile(
    r"\s*</?(?:li|ol|ul|p|div|br|tr|td|th|table|tbody|thead|h[1-6]|blockquote)\b[^>]*>\s*", re.I
)
_TYPED_NUMBER = re.compile(
    r"^(?:\(?[a-zA-Z0-9]{1,4}\)|\d+(?:\.\d+)*\.?|(?:section|clause|article|annex|schedule|exhibit|appendix)\s+\S+)\s",
    re.IGNORECASE,
)


def decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:2_000_000]))
    # Equally plausible single-byte guesses are common for short Latin text;
    # Windows-1252 is then the likeliest source (Cyrillic and others still win
    # when they read clearly better).
    preference = {"cp1252": 0, "latin_1": 1, "iso8859_15": 2}
    best = min(
        matches,
        key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), preference.get(m.encoding, 9)),
        default=None,
    )
    if best is None:
        raise DecodingError(
            "cannot determine the text encoding (is it a binary file?); save it as UTF-8 text",
            path=path,
        )
    return str(best)


def _clean_inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _CODE.sub("", text)
    return text.replace("\\", "") if "\\" in text else text


def _looks_binary(text: str) -> bool:
    sample = text[:5000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample) > 0.05


def blocks_from_text(text: str, *, markdown: bool) -> list[Block]:
    """Paragraph, heading, list and table blocks from (markdown) text."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    para_kind = "paragraph"
    para_level: int | None = None
    para_number: str | None = None

    def flush() -> None:
        nonlocal paragraph, para_kind, para_level, para_number
        if paragraph:
            joined = " ".join(part.strip() for part in paragraph if part.strip())
            if joined:
                blocks.append(
                    Block(
                        text=_clean_inline(joined) if markdown else joined,
                        kind=para_kind,  # type: ignore[arg-type]
                        level=para_level,
                        number=para_number,
                    )
                )
        paragraph = []
        para_kind, para_level, para_number = "paragraph", None, None

    indents: list[int] = []  # open list indentation levels, for nesting depth
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if markdown:
            heading = _HEADING.match(stripped)
            if heading:
                flush()
                indents.clear()
                blocks.append(
                    Block(
                        text=_clean_inline(heading.group(2)),
                        kind="heading",
                        level=len(heading.group(1)) - 1,
                        style="#" * len(heading.group(1)),
                    )
                )
                continue
            if _HR.match(stripped) and not paragraph:
                continue
            if _SETEXT.match(stripped) and paragraph and len(paragraph) == 1:
                title = paragraph[0]
                paragraph = []
                blocks.append(
                    Block(
                        text=_clean_inline(title.strip()),
                        kind="heading",
                        level=0 if "=" in stripped else 1,
                    )
                )
                continue
            if _TABLE_ROW.match(line):
                flush()
                if _TABLE_RULE.match(line):
                    continue
                cells = [_clean_inline(c.strip()) for c in stripped.strip("|").split("|")]
                row = " | ".join(c for c in cells if c)
                if row:
                    blocks.append(Block(text=row, kind="table_row"))
                continue
            ordered = _ORDERED.match(line)
            bullet = _BULLET.match(line)
            indent_source = ordered or bullet
            if indent_source:
                flush()
                indent = len(indent_source.group(1).expandtabs(4))
                para_kind = "list_item"
                while indents and indents[-1] > indent:
                    indents.pop()
                if not indents or indents[-1] < indent:
                    indents.append(indent)
                para_level = len(indents) - 1
                if ordered:
                    para_number = ordered.group(2) + ordered.group(3)
                    paragraph = [f"{para_number} {ordered.group(4)}"]
                else:
                    paragraph = [bullet.group(2)] if bullet else []
                continue
        elif _TYPED_NUMBER.match(stripped) and paragraph and i > 0:
            # A typed clause number at a line start begins a new paragraph.
            flush()
        paragraph.append(stripped)
    flush()
    return blocks


def read_text(
    path: Path, data: bytes, limits: IngestLimits, *, markdown: bool | None = None
) -> Document:
    name = str(path)
    text = decode(data, name)
    if len(text) > limits.max_text_chars:
        raise ResourceLimitError(
            f"has {len(text):,} characters (limit {limits.max_text_chars:,}); split the file",
            path=name,
        )
    if _looks_binary(text):
        raise DecodingError("looks like a binary file, not text", path=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise EmptyDocumentError("holds no text", path=name)
    if markdown is None:
        markdown = path.suffix.lower() in {".md", ".markdown"}
    if markdown and "<" in text:
        text = _HTML_BLOCK.sub("\n\n", text)
    document = Document.from_blocks(
        path=name,
        format="md" if markdown else "txt",
        blocks=blocks_from_text(text, markdown=markdown),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if not document.text:
        raise EmptyDocumentError("holds no text", path=name)
    return document


def document_from_text(text: str, name: str = "<text>", *, markdown: bool = False) -> Document:
    """A document from a string (tests, clause examples, pasted text)."""
    data = text.encode("utf-8")
    return read_text(Path(name), data, IngestLimits(), markdown=markdown)
