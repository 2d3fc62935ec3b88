"""Abuse limits: failed logins per account and per address, and reviews waiting per user.

Failed logins are kept in the database (not in memory), so the limit holds
across restarts and across several server processes on one database. The
check runs before the password is looked at, so a locked account cannot be
probed further; a successful login clears that account's count (never the
address's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reviewer.errors import ReviewerError
from reviewer.web.db import LoginFailure, Review, now


class TooManyRequestsError(ReviewerError):
    """Answered with 429 and a Retry-After header (seconds)."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = max(1, retry_after_s)


@dataclass(frozen=True)
class LoginLimits:
    per_user: int = 5  # failed logins for one account name within the window
    per_address: int = 20  # failed logins from one client address within the window
    window_minutes: float = 15.0

    @property
    def window(self) -> timedelta:
        return timedelta(minutes=self.window_minutes)


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _retry_after(oldest: datetime, limits: LoginLimits, moment: datetime) -> int:
    return math.ceil((oldest + limits.window - moment).total_seconds())


def check_login_allowed(db: Session, user_name: str, address: str, limits: LoginLimits) -> None:
    """Raises TooManyRequestsError when the account or the address is over its limit."""
    moment = now()
    since = moment - limits.window
    for column, value, limit, whom in (
        (LoginFailure.user_name, user_name, limits.per_user, "for this account"),
        (LoginFailure.address, address, limits.per_address, "from your address"),
    ):
        count, oldest = db.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                column == value, LoginFailure.at > since
            )
        ).one()
        if count >= limit:
            # Locked until enough of the failures in the window have aged out of it.
            ages = db.scalars(
                select(LoginFailure.at)
                .where(column == value, LoginFailure.at > since)
                .order_by(LoginFailure.at.desc())
                .limit(limit)
            ).all()
            wait = _retry_after(ages[-1] if ages else oldest, limits, moment)
            raise TooManyRequestsError(
                f"Too many failed logins {whom}: try again in {_minutes(wait)}, "
                "or ask an administrator to check the account.",
                wait,
            )


def record_login_failure(db: Session, user_name: str, address: str) -> None:
    db.add(LoginFailure(user_name=user_name[:100], address=address[:64]))
    db.commit()


def clear_login_failures(db: Session, user_name: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.user_name == user_name))
    db.commit()


def prune_login_failures(db: Session, limits: LoginLimits) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.at <= now() - limits.window))
    db.commit()


def check_queue(db: Session, user_id: int, adding: int, cap: int) -> None:
    """A user may have at most `cap` reviews waiting; raises before anything is stored."""
    waiting = db.scalar(
        select(func.count())
        .select_from(Review)
        .where(Review.user_id == user_id, Review.status == "queued")
    )
    waiting = int(waiting or 0)
    if waiting + adding > cap:
        raise TooManyRequestsError(
            f"you have {waiting} review{'s' if waiting != 1 else ''} waiting and at most {cap} "
            f"may wait at once; upload again when some have finished"
            + (f" (this upload has {adding} files)" if adding > 1 else ""),
            30,
        )
