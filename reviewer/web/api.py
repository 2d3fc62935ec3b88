"""The REST API under /api/: submit a contract, poll, fetch reports, delete.

No `from __future__ import annotations`: FastAPI reads these signatures at run time.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from reviewer.web.db import Review
from reviewer.web.deps import DB, ApiActor, ApiUser, Service
from reviewer.web.pages import attachment

router = APIRouter(prefix="/api", tags=["reviews"])


def as_json(review: Review, *, with_report: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": review.id,
        "file_name": review.file_name,
        "sha256": review.sha256,
        "profile": review.profile,
        "country": review.country,
        "status": review.status,
        "error": review.error,
        "created": review.created.isoformat() + "Z",
        "finished": review.finished.isoformat() + "Z" if review.finished else None,
        "links": {
            fmt: f"/api/reviews/{review.id}/report.{fmt}" for fmt in ("json", "html", "docx")
        },
    }
    if with_report:
        body["report"] = json.loads(review.report_json) if review.report_json else None
    return body


@router.post("/reviews", status_code=202)
def submit(
    db: DB,
    user: ApiUser,
    actor: ApiActor,
    service: Service,
    file: Annotated[UploadFile, File(description="PDF, DOCX, TXT or Markdown contract")],
    profile: Annotated[str, Form()] = "default",
    country: Annotated[str, Form()] = "",
) -> JSONResponse:
    """Submit one contract; poll `GET /api/reviews/{id}` until `status` is done or failed."""
    upload = service.accept(
        db,
        user,
        [(file.filename, file.file)],
        profile,
        country.strip() or None,
        strict=True,
        actor=actor,
    )
    return JSONResponse(as_json(upload.reviews[0], with_report=False), status_code=202)


@router.get("/reviews")
def list_reviews(
    db: DB, user: ApiUser, service: Service, q: str = "", limit: int = 100
) -> list[dict[str, Any]]:
    """The caller's reviews, newest first; `q` filters by file name."""
    reviews = service.search(db, user.id, q, limit=max(1, min(limit, 1000)))
    return [as_json(r, with_report=False) for r in reviews]


@router.get("/reviews/{review_id}")
def get_review(
    review_id: str, db: DB, user: ApiUser, actor: ApiActor, service: Service
) -> dict[str, Any]:
    """Status, and the JSON report once the review is done."""
    review = service.own_review(db, user.id, review_id)
    if review.status != "queued":  # polling a waiting review is not a view
        service.record(db, actor, "view", review)
    return as_json(review, with_report=True)


@router.get("/reviews/{review_id}/report.{fmt}")
def get_report(
    review_id: str, fmt: str, db: DB, user: ApiUser, actor: ApiActor, service: Service
) -> Response:
    """The report as `json`, `html` (memo) or `docx` (annotated copy or memo)."""
    review = service.own_review(db, user.id, review_id)
    download = service.download(review, fmt)
    service.record(db, actor, "download", review, f"report.{fmt}")
    return attachment(download)


@router.delete("/reviews/{review_id}", status_code=204)
def delete_review(
    review_id: str, db: DB, user: ApiUser, actor: ApiActor, service: Service
) -> Response:
    """Delete the review, its report and the uploaded file."""
    service.delete(db, service.own_review(db, user.id, review_id), actor)
    return Response(status_code=204)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> Response:
    """The OpenAPI description as a page that needs nothing from the internet."""
    response: Response = request.app.state.templates.TemplateResponse(
        request, "api_docs.html.j2", {"spec": request.app.openapi(), "user": None, "csrf": ""}
    )
    return response
