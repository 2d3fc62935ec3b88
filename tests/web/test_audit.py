"""The audit trail: every upload, view, download, delete and login is recorded with who,
when, how and from where; administrators read it in the web app and `reviewer audit`
exports it as CSV; nobody else sees it."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewer.web import security
from reviewer.web.app import create_app
from reviewer.web.db import User, make_engine, make_sessionmaker
from reviewer.web.settings import WebSettings
from tests.paths import SAMPLES
from tests.web.conftest import PASSWORD, Web, make_settings, tokens


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    settings = make_settings(tmp_path_factory.mktemp("audit"))
    sessions = make_sessionmaker(make_engine(settings.resolved_database_url()))
    with sessions() as db:
        carol = security.add_user(db, "carol", PASSWORD)
        carol.is_admin = True
        db.commit()
    token, other = tokens(settings)
    with TestClient(create_app(settings)) as client:
        yield Web(client, settings, token, other)


def _cli(settings: WebSettings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewer", *args, "--data-dir", str(settings.data_dir),
         "--database", settings.resolved_database_url()],
        input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_access_to_a_review_is_recorded(web: Web) -> None:
    api = web.api()
    contract = (SAMPLES / "quickdesk-terms.txt").read_bytes()
    submitted = web.client.post(
        "/api/reviews", headers=api, files={"file": ("=HYPERLINK(1).txt", contract)}
    )
    review_id = submitted.json()["id"]
    web.wait(review_id)  # polls: only the answer once it is finished counts as a view
    assert web.client.get(f"/api/reviews/{review_id}/report.html", headers=api).status_code == 200
    web.login("alice")
    assert web.client.get(f"/reviews/{review_id}").status_code == 200
    assert web.client.get(f"/reviews/{review_id}/report.json").status_code == 200
    assert web.client.delete(f"/api/reviews/{review_id}", headers=api).status_code == 204

    export = _cli(web.settings, "audit", "--user", "alice")
    assert export.returncode == 0, export.stderr
    rows = _rows(export.stdout)
    mine = [(r["action"], r["channel"], r["detail"]) for r in rows if r["review_id"] == review_id]
    assert [(a, c) for a, c, _ in mine] == [
        ("upload", "api"),
        ("view", "api"),
        ("download", "api"),
        ("view", "web"),
        ("download", "web"),
        ("delete", "api"),
    ]
    assert mine[2][2] == "report.html" and mine[4][2] == "report.json"
    assert all(r["address"] == "testclient" for r in rows if r["review_id"] == review_id)
    # A file name that a spreadsheet would run as a formula is defused.
    assert {r["file_name"] for r in rows if r["review_id"] == review_id} == {"'=HYPERLINK(1).txt"}
    assert any(r["action"] == "login" and r["channel"] == "web" for r in rows)


def test_failed_logins_are_recorded(web: Web) -> None:
    web.client.cookies.clear()
    form = web.client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    web.client.post("/login", data={"username": "bob", "password": "nope", "csrf_token": csrf})
    rows = _rows(_cli(web.settings, "audit", "--action", "login-failed").stdout)
    assert [r["user"] for r in rows] == ["bob"]


def test_only_administrators_see_the_trail(web: Web) -> None:
    web.login("alice")
    assert web.client.get("/admin/audit").status_code == 404
    assert web.client.get("/admin/audit.csv").status_code == 404
    assert "/admin/audit" not in web.client.get("/").text
    web.login("carol")
    assert 'href="/admin/audit"' in web.client.get("/").text
    page = web.client.get("/admin/audit", params={"user": "alice", "action": "download"})
    assert page.status_code == 200
    assert "report.html" in page.text and "report.json" in page.text
    exported = web.client.get("/admin/audit.csv", params={"action": "delete"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert {r["action"] for r in _rows(exported.text)} == {"delete"}
    assert web.client.get("/admin/audit", params={"since": "yesterday"}).status_code == 422


def test_admin_accounts_from_the_command_line(web: Web) -> None:
    made = _cli(web.settings, "users", "add", "dave", "--admin", "--password-stdin",
                stdin="a long enough password\n")  # fmt: skip
    assert made.returncode == 0 and "administrator dave created" in made.stdout
    assert _cli(web.settings, "users", "admin", "dave", "--revoke").returncode == 0
    assert _cli(web.settings, "users", "admin", "alice").returncode == 0
    listing = _cli(web.settings, "users", "list").stdout
    assert re.search(r"^alice\t.*administrator$", listing, re.M)
    assert not re.search(r"^dave\t.*administrator$", listing, re.M)
    sessions = make_sessionmaker(make_engine(web.settings.resolved_database_url()))
    with sessions() as db:
        assert db.scalar(select(User.is_admin).where(User.name == "alice")) is True
    assert _cli(web.settings, "users", "admin", "alice", "--revoke").returncode == 0


def test_audit_export_to_a_file_and_bad_dates(web: Web, tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    done = _cli(web.settings, "audit", "--since", "2000-01-01", "--output", str(target))
    assert done.returncode == 0 and target.read_text().startswith("at_utc,user,action")
    bad = _cli(web.settings, "audit", "--since", "last week")
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr


def test_deleting_an_account_records_each_review_deleted_with_it(web: Web) -> None:
    assert _cli(web.settings, "users", "add", "erin", "--password-stdin",
                stdin="a long enough password\n").returncode == 0  # fmt: skip
    token = _cli(web.settings, "tokens", "create", "erin").stdout.strip()
    contract = (SAMPLES / "quickdesk-terms.txt").read_bytes()
    review_id = web.client.post(
        "/api/reviews",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("erin-terms.txt", contract)},
    ).json()["id"]
    removed = _cli(web.settings, "users", "delete", "erin")
    assert removed.returncode == 0, removed.stderr
    rows = [r for r in _rows(_cli(web.settings, "audit").stdout) if r["review_id"] == review_id]
    assert [(r["action"], r["channel"]) for r in rows] == [("upload", "api"), ("delete", "cli")]
    assert rows[1]["user"].endswith("(command line)")
    assert rows[1]["detail"] == "with the account of erin"
