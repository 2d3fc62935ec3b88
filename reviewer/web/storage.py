"""Uploaded files on disk: streamed in under a size limit, named by us, deleted on time."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from datetime import timedelta
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.errors import InputError, ResourceLimitError
from reviewer.ingest import sniff
from reviewer.web.db import Review, now

CHUNK = 1 << 20
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "txt": ".txt", "md": ".md"}


def display_name(raw: str | None) -> str:
    """The user's file name, reduced to something safe to show and search (never a path)."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:200] or "contract"


def save_upload(
    source: BinaryIO, folder: Path, original: str, max_bytes: int
) -> tuple[str, str, int]:
    """Stream to disk; returns (stored name, sha256, size). Raises on size and on type."""
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with temp.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ResourceLimitError(
                        f"is larger than the upload limit of {max_bytes / 2**20:.0f} MB",
                        path=Path(original),
                    )
                if len(head) < 4096:
                    head += chunk[: 4096 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise InputError("is empty", path=Path(original))
        kind = sniff(head, Path(original))  # judged by content; raises for other types
        stored = f"{uuid.uuid4().hex}{SUFFIX[kind]}"
        os.replace(temp, folder / stored)
        return stored, digest.hexdigest(), size
    finally:
        temp.unlink(missing_ok=True)


def delete_file(folder: Path, review: Review) -> None:
    if review.stored_name:
        (folder / review.stored_name).unlink(missing_ok=True)
        review.stored_name = None


def apply_retention(db: Session, folder: Path, days: float) -> int:
    """Delete uploaded files past the retention period; reviews and reports stay."""
    cutoff = now() - timedelta(days=days)
    expired = db.scalars(
        select(Review).where(
            Review.stored_name.is_not(None),
            Review.status.in_(("done", "failed")),
            Review.created <= cutoff,
        )
    ).all()
    for review in expired:
        delete_file(folder, review)
    db.commit()
    return len(expired)
