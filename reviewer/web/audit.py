"""The audit trail: who uploaded, viewed, downloaded and deleted which review, and when.

Rows are only ever added (the database refuses UPDATE and DELETE on the table,
see migration 0002). Names are copied into each row, so the trail still says
who and what after a user or a review is deleted. `reviewer audit` exports it
as CSV; administrators read it at /admin/audit.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.web.db import AuditEvent, Review

ACTIONS = (
    "upload",  # a file was received (one row per file, even one refused as not a contract)
    "view",  # a finished review was opened (page or API)
    "download",  # a report or matrix was downloaded; detail says which format
    "delete",  # a review and its file were deleted
    "login",  # a successful login to the web pages
    "login-failed",  # a wrong user name or password
    "login-refused",  # refused by the rate limit before the password was checked
)
CSV_FIELDS = (
    "at_utc", "user", "action", "review_id", "file_name", "detail", "channel", "address",
)  # fmt: skip


@dataclass(frozen=True)
class Actor:
    """Who acts, through which door: web (pages), api (token) or cli (the command line)."""

    user_name: str
    channel: str
    address: str | None = None


def record(
    db: Session,
    actor: Actor,
    action: str,
    review: Review | None = None,
    detail: str = "",
) -> None:
    """Adds a row to the session; the caller's commit stores it with the change itself."""
    assert action in ACTIONS, action
    db.add(
        AuditEvent(
            user_name=actor.user_name[:100],
            action=action,
            review_id=review.id if review is not None else None,
            file_name=review.file_name if review is not None else None,
            detail=detail[:255],
            channel=actor.channel,
            address=(actor.address or None) and actor.address[:64],
        )
    )


def events(
    db: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    user: str | None = None,
    action: str | None = None,
    review_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[AuditEvent]:
    """Oldest first for exports (`limit` None); pages ask for newest first with a limit."""
    query = select(AuditEvent)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if user:
        query = query.where(AuditEvent.user_name == user)
    if action:
        query = query.where(AuditEvent.action == action)
    if review_id:
        query = query.where(AuditEvent.review_id == review_id)
    if limit is None:
        return db.scalars(query.order_by(AuditEvent.id)).all()
    return db.scalars(query.order_by(AuditEvent.id.desc()).offset(offset).limit(limit)).all()


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting like a formula; file names are user input.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def write_csv(rows: Iterable[AuditEvent], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    count = 0
    for row in rows:
        fields = (row.user_name, row.action, row.review_id, row.file_name, row.detail)
        writer.writerow(
            [row.at.strftime("%Y-%m-%d %H:%M:%S"), *map(_cell, fields), row.channel, row.address]
        )
        count += 1
    return count
