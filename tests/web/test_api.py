"""The REST API and every bad input it must refuse, with FastAPI's test client."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx

from tests.paths import SAMPLES
from tests.web.conftest import Web

DOCX = SAMPLES / "northwind-ai-dpa.docx"


def _submit(web: Web, path: Path, name: str | None = None, **form: str):
    with path.open("rb") as handle:
        return web.client.post(
            "/api/reviews",
            headers=web.api(),
            files={"file": (name or path.name, handle)},
            data=form,
        )


def test_submit_poll_fetch_and_delete(web: Web) -> None:
    response = _submit(web, DOCX, profile="kz")
    assert response.status_code == 202, response.text
    review_id = response.json()["id"]
    body = web.wait(review_id)
    assert body["status"] == "done", body
    report = body["report"]
    assert report["document"]["sha256"] == hashlib.sha256(DOCX.read_bytes()).hexdigest()
    assert report["document"]["path"] == DOCX.name  # the upload name, not our storage path
    assert report["profile"] == "kz"
    as_json = web.client.get(f"/api/reviews/{review_id}/report.json", headers=web.api())
    assert as_json.json()["findings"] == report["findings"]
    memo = web.client.get(f"/api/reviews/{review_id}/report.html", headers=web.api())
    assert memo.headers["content-type"].startswith("text/html")
    assert "script-src" not in memo.headers["content-security-policy"]
    assert "attachment" in memo.headers["content-disposition"]
    annotated = web.client.get(f"/api/reviews/{review_id}/report.docx", headers=web.api())
    assert len(list(docx.Document(io.BytesIO(annotated.content)).comments)) > 10
    listing = web.client.get("/api/reviews", headers=web.api(), params={"q": "northwind"})
    assert review_id in [r["id"] for r in listing.json()]
    stored = list((web.settings.uploads_dir).glob("*.docx"))
    assert stored
    assert web.client.delete(f"/api/reviews/{review_id}", headers=web.api()).status_code == 204
    assert web.client.get(f"/api/reviews/{review_id}", headers=web.api()).status_code == 404
    assert not [p for p in stored if p.exists()]


def test_reviews_are_private_to_their_owner(web: Web) -> None:
    review_id = _submit(web, SAMPLES / "quickdesk-terms.txt").json()["id"]
    other = web.api(web.other_token)
    assert web.client.get(f"/api/reviews/{review_id}", headers=other).status_code == 404
    assert web.client.delete(f"/api/reviews/{review_id}", headers=other).status_code == 404
    assert review_id not in [r["id"] for r in web.client.get("/api/reviews", headers=other).json()]
    web.wait(review_id)


def test_no_token_or_wrong_token_is_401(web: Web) -> None:
    for headers in ({}, {"Authorization": "Bearer rvw_wrong"}, {"Authorization": "Basic x"}):
        response = web.client.get("/api/reviews", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_oversize_upload_is_413(web: Web, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Provider shall notify Customer. " * 80_000)  # 2.4 MB > 2 MB limit
    response = _submit(web, big)
    assert response.status_code == 413
    assert "upload limit" in response.json()["detail"]
    assert not list(web.settings.uploads_dir.glob("*.part"))


def test_body_far_over_the_limit_is_refused_before_it_is_read(web: Web) -> None:
    response = web.client.post(
        "/api/reviews",
        headers={
            **web.api(),
            "Content-Length": str(10**10),
            "Content-Type": "multipart/form-data; boundary=x",
        },
        content=b"--x--",
    )
    assert response.status_code == 413


def test_wrong_type_is_judged_by_content(web: Web, tmp_path: Path) -> None:
    fake = tmp_path / "contract.pdf"
    fake.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 64)
    response = _submit(web, fake)
    assert response.status_code == 415
    assert "program" in response.json()["detail"]


def test_corrupt_file_gives_a_failed_review_with_a_clear_message(web: Web, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("word/document.xml", "<not-xml")
    response = _submit(web, broken)
    assert response.status_code == 202
    body = web.wait(response.json()["id"])
    assert body["status"] == "failed"
    assert body["error"].startswith("broken.docx:")
    assert body["report"] is None
    fetch = web.client.get(f"/api/reviews/{body['id']}/report.json", headers=web.api())
    assert fetch.status_code == 409


def test_empty_file_unknown_profile_and_bad_country(web: Web, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _submit(web, empty).status_code == 422
    assert _submit(web, DOCX, profile="mars").status_code == 422
    assert _submit(web, DOCX, country="Kazakhstan").status_code == 422


def test_hostile_file_name_is_reduced_to_a_safe_name(web: Web) -> None:
    response = _submit(web, SAMPLES / "quickdesk-terms.txt", name="../../etc/<script>x.txt")
    assert response.status_code == 202
    body = web.wait(response.json()["id"])
    assert body["file_name"] == "<script>x.txt"  # shown escaped, never used as a path
    stored = [p.name for p in web.settings.uploads_dir.iterdir()]
    assert all(
        len(name) == 32 + len(Path(name).suffix) for name in stored if not name.startswith(".")
    )


def test_openapi_and_offline_docs(web: Web) -> None:
    spec = web.client.get("/api/openapi.json").json()
    assert {"/api/reviews", "/api/reviews/{review_id}"} <= set(spec["paths"])
    page = web.client.get("/api/docs")
    assert page.status_code == 200 and "POST /api/reviews" in page.text
    assert "cdn" not in page.text.lower()
    assert web.client.get("/docs").status_code == 404
