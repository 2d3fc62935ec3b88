"""The pages: login, CSRF, upload, review page, history, delete, multi-file matrix."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from reviewer.web.app import create_app
from tests.paths import SAMPLES
from tests.web.conftest import Web, make_settings

HOSTILE = (
    "1. Use of Data\n\nProvider may use Customer Content to train and improve its models "
    "<script>alert(1)</script>.\n"
)


def _wait_page(web: Web, url: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = web.client.get(url).text
        if "Reviewing…" not in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} still reviewing after {timeout} s")


def _upload(web: Web, csrf: str | None, *paths: Path, **form: str):
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    data = {"profile": "kz", **form}
    if csrf is not None:
        data["csrf_token"] = csrf
    return web.client.post("/upload", files=files, data=data, follow_redirects=False)


def test_pages_need_a_login(web: Web) -> None:
    web.client.cookies.clear()
    for url in ("/", "/history", "/reviews/abc"):
        response = web.client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_wrong_password_and_login_csrf(web: Web) -> None:
    web.client.cookies.clear()
    page = web.client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    wrong = web.client.post(
        "/login", data={"username": "alice", "password": "nope", "csrf_token": token}
    )
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    forged = web.client.post(
        "/login", data={"username": "alice", "password": "x", "csrf_token": "forged"}
    )
    assert forged.status_code == 403


def test_login_never_redirects_off_site(web: Web) -> None:
    web.client.cookies.clear()
    page = web.client.get("/login", params={"next": "//evil.example/x"}).text
    assert 'name="next" value="/"' in page


def test_security_headers(web: Web) -> None:
    response = web.client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in response.text.replace(
        '<script src="/static/app.js" defer></script>', ""
    )


def test_upload_without_csrf_is_refused(web: Web) -> None:
    web.login()
    response = _upload(web, None, SAMPLES / "quickdesk-terms.txt")
    assert response.status_code == 403
    response = _upload(web, "wrong", SAMPLES / "quickdesk-terms.txt")
    assert response.status_code == 403


def test_upload_review_page_history_and_delete(web: Web, tmp_path: Path) -> None:
    csrf = web.login()
    hostile = tmp_path / "<b>vendor</b>.txt".replace("/", "_")
    hostile.write_text(HOSTILE, encoding="utf-8")
    response = _upload(web, csrf, hostile)
    assert response.status_code == 303
    url = response.headers["location"]
    page = _wait_page(web, url)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>vendor" not in page and "&lt;b&gt;vendor" in page
    assert 'class="grid"' in page and "At a glance" in page
    assert "<mark>" in page  # evidence highlighted in its clause
    assert 'data-copy="rec-' in page

    history = web.client.get("/history", params={"q": "vendor"}).text
    assert url in history
    assert url not in web.client.get("/history", params={"q": "zzz-no-match"}).text

    review_id = url.rsplit("/", 1)[1]
    refused = web.client.post(f"/reviews/{review_id}/delete", data={}, follow_redirects=False)
    assert refused.status_code == 403
    deleted = web.client.post(
        f"/reviews/{review_id}/delete", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert deleted.status_code == 303
    assert web.client.get(url).status_code == 404


def test_review_page_shows_sections_and_downloads(web: Web) -> None:
    csrf = web.login()
    url = _upload(web, csrf, SAMPLES / "northwind-ai-dpa.docx").headers["location"]
    page = _wait_page(web, url)
    assert "§ 3.1" in page  # evidence with its section number
    for fmt in ("json", "html", "docx", "redline.docx"):
        assert f"{url}/report.{fmt}" in page
        download = web.client.get(f"{url}/report.{fmt}")
        assert download.status_code == 200 and download.content
    assert "Word: annotated copy" in page and "Word: redline (tracked changes)" in page
    redline = web.client.get(f"{url}/report.redline.docx")
    assert "northwind-ai-dpa.redline.docx" in redline.headers["content-disposition"]
    assert b"word/document.xml" in redline.content  # a Word package


def test_multi_file_upload_gets_a_matrix(web: Web, tmp_path: Path) -> None:
    csrf = web.login()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << >>\ntruncated")
    response = _upload(
        web, csrf, SAMPLES / "northwind-ai-dpa.docx", SAMPLES / "quickdesk-terms.pdf", broken
    )
    url = response.headers["location"]
    assert url.startswith("/uploads/")
    page = _wait_page(web, url)
    assert page.count('class="state state-done"') == 2
    assert "broken.pdf:" in page  # the failure, in words, on the page
    book = openpyxl.load_workbook(io.BytesIO(web.client.get(f"{url}/matrix.xlsx").content))
    assert book["Matrix"].max_row == 2 + 2 and book["Errors"].max_row == 2  # two header rows
    assert "AI vendor inventory" in page and "Northwind Analytics Ltd" in page
    inventory = web.client.get(f"{url}/inventory.xlsx")
    assert inventory.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(inventory.content))["Inventory"].max_row == 1 + 2
    assert web.client.get(f"{url}/inventory.csv").text.startswith("contract,vendor")
    assert web.client.get(f"{url}/inventory.pdf").status_code == 404


def test_zero_retention_deletes_the_file_after_review(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, retention_days=0)
    with TestClient(create_app(settings)) as client:
        from tests.web.conftest import tokens

        web = Web(client, settings, *tokens(settings))
        with (SAMPLES / "quickdesk-terms.txt").open("rb") as handle:
            review_id = client.post(
                "/api/reviews", headers=web.api(), files={"file": ("t.txt", handle)}
            ).json()["id"]
        assert web.wait(review_id)["status"] == "done"
        deadline = time.monotonic() + 10
        while list(settings.uploads_dir.glob("*.txt")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not list(settings.uploads_dir.glob("*.txt"))
        # The report outlives the file; the Word download falls back to the memo.
        assert (
            client.get(f"/api/reviews/{review_id}/report.docx", headers=web.api()).status_code
            == 200
        )


@pytest.mark.parametrize("url", ["/static/app.css", "/static/app.js", "/status.css"])
def test_assets_are_served_locally(web: Web, url: str) -> None:
    assert web.client.get(url).status_code == 200


def test_time_limit_fails_the_review_with_a_clear_message(tmp_path: Path) -> None:
    from tests.web.conftest import tokens

    settings = make_settings(tmp_path, time_limit_s=0.001)
    with TestClient(create_app(settings)) as client:
        web = Web(client, settings, *tokens(settings))
        with (SAMPLES / "lumen-msa-ai-addendum.pdf").open("rb") as handle:
            review_id = client.post(
                "/api/reviews", headers=web.api(), files={"file": ("slow.pdf", handle)}
            ).json()["id"]
        body = web.wait(review_id)
        assert body["status"] == "failed"
        assert body["error"].startswith("slow.pdf: took longer than")
        web.login()
        assert (
            "could not be reviewed: slow.pdf: took longer"
            in client.get(f"/reviews/{review_id}").text
        )


def test_compare_with_an_earlier_review(web: Web) -> None:
    csrf = web.login()
    old_url = _upload(web, csrf, SAMPLES / "lumen-msa-ai-addendum.docx").headers["location"]
    _wait_page(web, old_url)
    new_url = _upload(web, csrf, SAMPLES / "lumen-msa-ai-addendum-v2.docx").headers["location"]
    page = _wait_page(web, new_url)
    assert "Compare with an earlier review" in page
    old_id = old_url.rsplit("/", 1)[1]
    assert f'value="{old_id}"' in page
    compared = web.client.get(f"{new_url}/compare", params={"with": old_id})
    assert compared.status_code == 200
    text = compared.text
    assert text.index("Got worse") < text.index("Got better") < text.index("Gaps that remain")
    assert "<del>may</del><ins>shall not</ins>" in text
    assert web.client.get(f"{new_url}/compare", params={"with": "nope"}).status_code == 404
