"""Storage: users, sessions, API tokens, uploads, reviews, the audit trail (SQLAlchemy 2).

SQLite by default, PostgreSQL for a firm's server. The schema is created and
changed only by the Alembic migrations in `migrations/versions/`, which
`make_engine` applies on every start (a database made by release 0.1.0,
before migrations existed, is recognised and upgraded in place).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from sqlalchemy import ForeignKey, String, Text, create_engine, event, false, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, always UTC


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(default=now)
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())


class LoginSession(Base):
    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires: Mapped[datetime]
    user: Mapped[User] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created: Mapped[datetime] = mapped_column(default=now)
    user: Mapped[User] = relationship()


class Upload(Base):
    """One submission of one or more files (a multi-file upload gets a matrix)."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(default=now)
    reviews: Mapped[list[Review]] = relationship(back_populates="upload", order_by="Review.seq")


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255), index=True)  # as uploaded, display only
    stored_name: Mapped[str | None] = mapped_column(String(80))  # generated; None once deleted
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    profile: Mapped[str] = mapped_column(String(50))
    country: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(
        String(10), default="queued"
    )  # queued (waiting or in review) | done | failed
    error: Mapped[str | None] = mapped_column(Text)
    report_json: Mapped[str | None] = mapped_column(Text)
    contexts_json: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(default=now, index=True)
    finished: Mapped[datetime | None]
    upload: Mapped[Upload] = relationship(back_populates="reviews")


class AuditEvent(Base):
    """Who did what to which review, when: rows are only ever added (a trigger refuses
    UPDATE and DELETE). Names are copied, not referenced, so the trail outlives the
    users and reviews it mentions."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)
    user_name: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(20))  # see reviewer.web.audit.ACTIONS
    review_id: Mapped[str | None] = mapped_column(String(32), index=True)
    file_name: Mapped[str | None] = mapped_column(String(255))
    detail: Mapped[str] = mapped_column(String(255), default="")
    channel: Mapped[str] = mapped_column(String(10))  # web | api | cli
    address: Mapped[str | None] = mapped_column(String(64))


class LoginFailure(Base):
    """A failed login, kept for the rate limit's window (the retention sweep prunes it)."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)
    user_name: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)


BASELINE_REVISION = "0001"  # release 0.1.0's tables
_MIGRATION_LOCK = 720_017  # any constant: serialises upgrades across processes on PostgreSQL


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    scripts = resources.files("reviewer.web") / "migrations"
    config.set_main_option("script_location", str(scripts))
    config.attributes["connection"] = connection
    return config


@contextlib.contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """SQLite runs DDL outside transactions: a lock file beside the database keeps two
    processes starting at once (serve and a users command) from both creating tables."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; idempotent and safe to race."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with _sqlite_migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config = _alembic_config(connection)
        head = ScriptDirectory.from_config(config).get_current_head()
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and "users" in tables:
            command.stamp(config, BASELINE_REVISION)  # made by 0.1.0 with create_all
        command.upgrade(config, "head")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
            cursor.close()

    else:
        engine = create_engine(url, pool_pre_ping=True)
    upgrade(engine)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
