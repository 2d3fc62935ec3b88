"""DOCX contracts into a `Document` with python-docx.

Body paragraphs and tables in document order; headings from styles and
outline levels; Word automatic numbering rendered into the text; tracked
insertions kept and deletions dropped (with a warning). Headers, footers,
comments and footnotes are not contract text and are never read.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

from reviewer.document import Block, Document
from reviewer.errors import CorruptFileError, ResourceLimitError, ReviewerError
from reviewer.ingest.docx.numbering import Numbering, W
from reviewer.ingest.limits import IngestLimits
from reviewer.segment.numbering import parse_number

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.IGNORECASE)
_SKIPPED = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "rPr", W + "pPr"}


def _run_text(element: Any, parts: list[str]) -> None:
    """Collect visible text below `element`, skipping deleted and field-code text."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            _run_text(child, parts)


def paragraph_text(p: Any) -> str:
    parts: list[str] = []
    _run_text(p, parts)
    return " ".join("".join(parts).split())


class _Styles:
    """Heading levels and linked numbering of paragraph styles (with basedOn)."""

    def __init__(self, styles_element: Any | None) -> None:
        self.by_id: dict[str, Any] = {}
        if styles_element is not None:
            for style in styles_element.iter(W + "style"):
                self.by_id[style.get(W + "styleId", "")] = style

    def _chain(self, style_id: str | None) -> list[Any]:
        chain, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return chain

    def name(self, style_id: str | None) -> str | None:
        if not style_id or style_id not in self.by_id:
            return style_id
        name = self.by_id[style_id].find(W + "name")
        return name.get(W + "val") if name is not None else style_id

    def outline_level(self, style_id: str | None) -> int | None:
        for style in self._chain(style_id):
            name = style.find(W + "name")
            value = name.get(W + "val") if name is not None else ""
            match = _HEADING_STYLE.match(value or "")
            if match:
                return int(match.group(1)) - 1
            if (value or "").lower() == "title":
                return 0
            ppr = style.find(W + "pPr")
            if ppr is not None:
                outline = ppr.find(W + "outlineLvl")
                if outline is not None and outline.get(W + "val", "9") != "9":
                    return int(outline.get(W + "val", "0"))
        return None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None] | None:
        """(numId, ilvl) a paragraph style carries, either possibly None; None if neither."""
        num_id: str | None = None
        ilvl: int | None = None
        for style in self._chain(style_id):
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is None:
                continue
            num = numpr.find(W + "numId")
            lvl = numpr.find(W + "ilvl")
            if num_id is None and num is not None:
                num_id = num.get(W + "val", "0")
            if ilvl is None and lvl is not None:
                ilvl = int(lvl.get(W + "val", "0"))
        if num_id is None and ilvl is None:
            return None
        return num_id, ilvl

    def numbering_styles(self) -> dict[str, str]:
        """Numbering styles (w:type="numbering") -> the numId they define, for w:numStyleLink."""
        found = {}
        for style_id, style in self.by_id.items():
            if style.get(W + "type") != "numbering":
                continue
            carried = self.numbering(style_id)
            if carried and carried[0]:
                found[style_id] = carried[0]
        return found


def _open(data: bytes, path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise CorruptFileError(
            "is not a valid Word document (not a DOCX package)", path=path
        ) from exc
    except (KeyError, ValueError, OSError) as exc:
        raise CorruptFileError(
            f"is a damaged Word document ({type(exc).__name__}); open and re-save it in Word",
            path=path,
        ) from exc
    except Exception as exc:  # lxml / zipfile errors from damaged packages
        raise CorruptFileError(
            f"is a damaged Word document ({type(exc).__name__}); open and re-save it in Word",
            path=path,
        ) from exc


def read_docx(path: Path, data: bytes, limits: IngestLimits) -> Document:
    try:
        return _read(path, data, limits)
    except ReviewerError:
        raise
    except Exception as exc:  # python-docx / lxml on a damaged package
        raise CorruptFileError(
            f"is a damaged Word document ({type(exc).__name__}); open and re-save it in Word",
            path=path,
        ) from exc


def _read(path: Path, data: bytes, limits: IngestLimits) -> Document:
    document = _open(data, path)
    part = document.part
    try:
        numbering_element = part.numbering_part.element
    except (NotImplementedError, KeyError):
        numbering_element = None
    try:
        styles = _Styles(part.styles.element)
    except (NotImplementedError, KeyError):
        styles = _Styles(None)
    numbering = Numbering(numbering_element, styles.numbering_styles())

    blocks: list[Block] = []
    revisions = False
    paragraphs = 0

    def read_paragraph(p: Any) -> Block | None:
        nonlocal revisions, paragraphs
        paragraphs += 1
        if paragraphs > limits.max_paragraphs:
            raise ResourceLimitError(
                f"has more than {limits.max_paragraphs:,} paragraphs; split the document", path=path
            )
        if not revisions and (
            p.find(".//" + W + "ins") is not None or p.find(".//" + W + "del") is not None
        ):
            revisions = True
        text = paragraph_text(p)
        ppr = p.find(W + "pPr")
        style_id = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        if ppr is not None:
            pstyle = ppr.find(W + "pStyle")
            style_id = pstyle.get(W + "val") if pstyle is not None else None
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_el, lvl_el = numpr.find(W + "numId"), numpr.find(W + "ilvl")
                num_id = num_el.get(W + "val", "0") if num_el is not None else None
                ilvl = int(lvl_el.get(W + "val", "0")) if lvl_el is not None else None
            outline_el = ppr.find(W + "outlineLvl")
            if outline_el is not None and outline_el.get(W + "val", "9") != "9":
                outline = int(outline_el.get(W + "val", "0"))
        # What the paragraph leaves out comes from its style: the list (numId),
        # the level (the style's ilvl, or the level bound to the style by w:pStyle).
        carried = styles.numbering(style_id)
        if num_id is None and carried is not None:
            num_id = carried[0]
        if ilvl is None:
            ilvl = carried[1] if carried is not None and carried[1] is not None else None
        if ilvl is None:
            ilvl = numbering.level_of_style(style_id) or 0
        num = (num_id, ilvl) if num_id is not None else None
        if outline is None:
            outline = styles.outline_level(style_id)
        if not text:
            return None  # empty paragraphs do not advance Word's counters either
        label, bullet = numbering.label(*num) if num else (None, False)
        kind = (
            "heading"
            if outline is not None
            else ("list_item" if (label or bullet) else "paragraph")
        )
        level = outline if outline is not None else (num[1] if num else None)
        return Block(
            text=f"{label} {text}" if label else text,
            kind=kind,  # type: ignore[arg-type]
            style=styles.name(style_id),
            level=level,
            number=label.rstrip(".") if label else None,
        )

    def add_paragraph(p: Any) -> None:
        block = read_paragraph(p)
        if block is not None:
            blocks.append(block)

    def add_table(tbl: Any) -> None:
        for row in tbl.iter(W + "tr"):
            cells = []
            for cell in row.findall(W + "tc"):
                # Paragraphs in cells keep (and advance) their Word numbers too.
                read = [read_paragraph(p) for p in cell.iter(W + "p")]
                cells.append(" ".join(b.text for b in read if b is not None))
            filled = [c for c in cells if c]
            token = parse_number(filled[0]) if len(filled) == 2 else None
            if token is not None and token.length >= len(filled[0]):
                # A number in a cell of its own beside the text ("(12) | Whereas
                # ..."): a numbered paragraph laid out as a table row.
                blocks.append(
                    Block(
                        text=f"{filled[0]} {filled[1]}",
                        kind="list_item",
                        number=token.label,
                        level=max(0, token.depth - 1),
                    )
                )
            elif filled:
                blocks.append(Block(text=" | ".join(filled), kind="table_row"))

    def walk(container: Any) -> None:
        for child in container:
            if child.tag == W + "p":
                add_paragraph(child)
            elif child.tag == W + "tbl":
                add_table(child)
            elif child.tag in (
                W + "sdt",
                W + "sdtContent",
                W + "customXml",
                W + "ins",
                W + "moveTo",
            ):
                walk(child)

    walk(document.element.body)
    warnings = []
    if revisions:
        warnings.append(
            "has unaccepted tracked changes; the review used the text with all changes accepted"
        )
    core = document.core_properties
    metadata = {k: v for k, v in (("title", core.title), ("author", core.author)) if v}
    return Document.from_blocks(
        path=str(path),
        format="docx",
        blocks=blocks,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
        metadata=metadata,
    )
