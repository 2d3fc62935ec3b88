"""Schema migrations: an empty database and one made by release 0.1.0 both reach the
newest schema, which matches the models exactly; the audit table is append-only.

Runs on SQLite always and on PostgreSQL when REVIEWER_TEST_DATABASE_URL names one
(as `.ci/run` does through scripts/with_postgres.sh).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from reviewer.web.db import AuditEvent, Base, Review, User, make_sessionmaker, upgrade
from tests.web.conftest import DATABASE_URL, empty_database

DATA = Path(__file__).parent / "data"
HEAD = "0002"  # the newest migration: bump it with each new one


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'reviewer.db'}")
    else:
        if not DATABASE_URL:
            pytest.skip("no PostgreSQL: set REVIEWER_TEST_DATABASE_URL (scripts/with_postgres.sh)")
        empty_database(DATABASE_URL)
        engine = create_engine(DATABASE_URL)
    yield engine
    engine.dispose()


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_an_empty_database_gets_the_newest_schema(engine: Engine) -> None:
    upgrade(engine)
    assert _revision(engine) == HEAD
    assert _schema_differences(engine) == []
    upgrade(engine)  # a second start changes nothing
    assert _revision(engine) == HEAD


def test_a_database_made_by_release_0_1_0_is_upgraded_in_place(engine: Engine) -> None:
    sql = (DATA / f"schema-0.1.0.{engine.dialect.name}.sql").read_text(encoding="utf-8")
    ddl = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
    created = datetime(2026, 11, 1, 9, 30)
    with engine.begin() as connection:
        for statement in ddl.split(";"):
            if statement.strip():
                connection.execute(text(statement))
        connection.execute(
            text("INSERT INTO users (name, password_hash, created) VALUES ('ann', 'h', :at)"),
            {"at": created},
        )
        user_id = connection.scalar(text("SELECT id FROM users WHERE name = 'ann'"))
        connection.execute(
            text("INSERT INTO uploads (id, user_id, created) VALUES ('u1', :user, :at)"),
            {"user": user_id, "at": created},
        )
        connection.execute(
            text(
                "INSERT INTO reviews (id, seq, user_id, upload_id, file_name, stored_name, "
                "sha256, size, profile, status, report_json, created) VALUES ('r1', 0, :user, "
                "'u1', 'vendor-dpa.pdf', 'abc.pdf', 'ff', 10, 'eu', 'done', '{}', :at)"
            ),
            {"user": user_id, "at": created},
        )
    assert "alembic_version" not in inspect(engine).get_table_names()

    upgrade(engine)

    assert _revision(engine) == HEAD
    assert _schema_differences(engine) == []
    sessions = make_sessionmaker(engine)
    with sessions() as db:
        user = db.scalar(select(User).where(User.name == "ann"))
        assert user is not None and user.is_admin is False and user.created == created
        review = db.get(Review, "r1")
        assert review is not None
        assert (review.file_name, review.status, review.report_json) == (
            "vendor-dpa.pdf",
            "done",
            "{}",
        )
        db.add(AuditEvent(user_name="ann", action="view", review_id="r1", channel="web"))
        db.commit()


def test_the_audit_trail_refuses_changes_and_deletions(engine: Engine) -> None:
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as db:
        db.add(AuditEvent(user_name="ann", action="upload", review_id="r1", channel="api"))
        db.commit()
    for statement in (
        "UPDATE audit_events SET user_name = 'someone else'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with sessions() as db:
        assert [e.user_name for e in db.scalars(select(AuditEvent))] == ["ann"]


def test_processes_starting_at_once_do_not_trip_over_each_other(engine: Engine) -> None:
    import threading

    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrade(create_engine(engine.url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert _revision(engine) == HEAD
