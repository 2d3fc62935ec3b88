"""The ingested document: text plus blocks with provenance.

Every ingester (PDF, DOCX, text) produces one `Document`. `Document.text` is
the text that `reviewer extract` prints, and every offset anywhere in the
package (blocks, clauses, sentences, evidence) points into it.

Conventions that all ingesters follow:
- one block per paragraph, heading, list item or table row;
- `Document.text` is the blocks' texts joined with a blank line ("\\n\\n"),
  so block i spans `text[block.start:block.end]`;
- a block's text starts with its number as the reader sees it, also when Word
  generated it ("4.2 Audits", "(a) the Provider ..."); the bare label is
  repeated in `Block.number` when the format says it explicitly (DOCX
  numbering, markdown list markers) so segmentation need not guess.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "heading", "list_item", "table_row"]
DocumentFormat = Literal["pdf", "docx", "txt", "md"]
BLOCK_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Block:
    text: str
    kind: BlockKind = "paragraph"
    start: int = 0
    end: int = 0
    page: int | None = None  # 1-based; None where the format has no pages (DOCX, text)
    index: int = 0  # position of the block in reading order
    style: str | None = None  # DOCX style name, markdown marker, ...
    level: int | None = None  # heading / outline / list level (0 = top) where known
    number: str | None = None  # the visible number label ("4.2", "(a)", "Article 3")
    bbox: tuple[float, float, float, float] | None = None  # PDF (x0, top, x1, bottom)
    # PDF only: page of the first character of each later page inside this block,
    # as (offset in document text, page); blocks rarely straddle pages.
    page_breaks: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    path: str
    format: DocumentFormat
    text: str
    blocks: list[Block]
    sha256: str
    pages: int | None = None  # PDF page count; DOCX/text: None
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # title, author where known

    def page_at(self, offset: int) -> int | None:
        """1-based page of the character at `offset` (None where unknown)."""
        if not self.blocks:
            return None
        i = max(0, bisect.bisect_right(self.blocks, offset, key=lambda b: b.start) - 1)
        block = self.blocks[i]
        page = block.page
        for break_offset, break_page in block.page_breaks:
            if offset >= break_offset:
                page = break_page
        return page

    @classmethod
    def from_blocks(
        cls,
        *,
        path: str,
        format: DocumentFormat,
        blocks: list[Block],
        sha256: str,
        pages: int | None = None,
        warnings: list[str] | None = None,
        metadata: dict[str, str] | None = None,
    ) -> Document:
        """Join block texts into the document text and set every block's offsets.

        Blocks whose text is empty after stripping are dropped; `page_breaks`
        offsets given relative to the block text are made absolute here.
        """
        kept: list[Block] = []
        parts: list[str] = []
        cursor = 0
        for block in blocks:
            text = block.text.strip()
            if not text:
                continue
            lead = len(block.text) - len(block.text.lstrip())
            if kept:
                cursor += len(BLOCK_SEPARATOR)
            block.text = text
            block.start = cursor
            block.end = cursor + len(text)
            block.page_breaks = [
                (cursor + max(0, rel - lead), page) for rel, page in block.page_breaks
            ]
            block.index = len(kept)
            kept.append(block)
            parts.append(text)
            cursor = block.end
        return cls(
            path=path,
            format=format,
            text=BLOCK_SEPARATOR.join(parts),
            blocks=kept,
            sha256=sha256,
            pages=pages,
            warnings=list(warnings or []),
            metadata=dict(metadata or {}),
        )
