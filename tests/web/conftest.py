"""A web app per test module on a temporary data folder, with one user and one token."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from reviewer.web import security
from reviewer.web.app import create_app
from reviewer.web.db import make_engine, make_sessionmaker
from reviewer.web.settings import WebSettings

PASSWORD = "correct horse battery"


@dataclass
class Web:
    client: TestClient
    settings: WebSettings
    token: str
    other_token: str

    def login(self, name: str = "alice", password: str = PASSWORD) -> str:
        """Logs in on the client; returns the page's CSRF token."""
        form = self.client.get("/login")
        login_csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert login_csrf
        response = self.client.post(
            "/login",
            data={"username": name, "password": password, "csrf_token": login_csrf.group(1)},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return self.csrf()

    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/").text)
        assert match
        return match.group(1)

    def api(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def wait(self, review_id: str, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.client.get(f"/api/reviews/{review_id}", headers=self.api()).json()
            if body["status"] in ("done", "failed"):
                return body
            time.sleep(0.2)
        raise AssertionError(f"review {review_id} did not finish in {timeout} s")


# Set to a PostgreSQL URL (postgresql+psycopg://...) to run the web tests on PostgreSQL
# (scripts/with_postgres.sh does, on a throwaway server); each app then starts from an
# emptied database that the migrations build up again.
DATABASE_URL = os.environ.get("REVIEWER_TEST_DATABASE_URL")


def empty_database(url: str) -> None:
    """Drop everything in a PostgreSQL test database (tables, migration state, triggers)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_settings(tmp: Path, **overrides: object) -> WebSettings:
    options: dict[str, object] = {"workers": 2, "max_upload_bytes": 2 * 2**20, **overrides}
    settings = WebSettings(data_dir=tmp, database_url=DATABASE_URL, **options)  # type: ignore[arg-type]
    if DATABASE_URL:
        empty_database(DATABASE_URL)
    engine = make_engine(settings.resolved_database_url())
    sessions = make_sessionmaker(engine)
    with sessions() as db:
        security.add_user(db, "alice", PASSWORD)
        security.add_user(db, "bob", PASSWORD)
    return settings


def tokens(settings: WebSettings) -> tuple[str, str]:
    from sqlalchemy import select

    from reviewer.web.db import User

    sessions = make_sessionmaker(make_engine(settings.resolved_database_url()))
    with sessions() as db:
        alice = db.scalar(select(User).where(User.name == "alice"))
        bob = db.scalar(select(User).where(User.name == "bob"))
        return security.create_token(db, alice), security.create_token(db, bob)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    settings = make_settings(tmp_path_factory.mktemp("web"))
    token, other = tokens(settings)
    with TestClient(create_app(settings)) as client:
        yield Web(client, settings, token, other)
