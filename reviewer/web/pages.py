"""The pages a lawyer uses: log in, upload, read a review, history, downloads, delete.

No `from __future__ import annotations`: FastAPI reads these signatures at run time.
"""

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reviewer.report.model import Report
from reviewer.web import audit, security
from reviewer.web.db import LoginSession
from reviewer.web.deps import (
    DB,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AdminLogin,
    Login,
    PageActor,
    Service,
    check_csrf,
    client_address,
)
from reviewer.web.limits import TooManyRequestsError
from reviewer.web.middleware import MEMO_CSP
from reviewer.web.service import Download

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would make our login page a phishing tool.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def render(
    request: Request,
    name: str,
    session: LoginSession | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    user = session.user if session else None
    csrf = session.csrf_token if session else ""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, {"user": user, "csrf": csrf, **context}, status_code=status
    )
    return response


def set_cookie(response: Response, name: str, value: str, *, seconds: int, secure: bool) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=secure, max_age=seconds
    )


def attachment(download: Download) -> Response:
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(download.file_name)}"}
    if download.media_type.startswith("text/html"):
        headers["Content-Security-Policy"] = MEMO_CSP
    return Response(download.body, media_type=download.media_type, headers=headers)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, service: Service, next: str = "/") -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html.j2", None, login_csrf=token, next=safe_next(next), error=None
    )
    set_cookie(
        response, LOGIN_CSRF_COOKIE, token, seconds=3600, secure=service.settings.secure_cookies
    )
    return response


@router.post("/login")
def login(
    request: Request,
    db: DB,
    service: Service,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    # Login CSRF: the form's token must match the cookie set with the form.
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not security.same(cookie, csrf_token):
        raise HTTPException(403, "the login form has expired; reload the page")
    try:
        user = service.login(db, username, password, client_address(request))
    except TooManyRequestsError as exc:
        refused = render(
            request, "login.html.j2", None, status=429, login_csrf=cookie,
            next=safe_next(next), error=str(exc),
        )  # fmt: skip
        refused.headers["Retry-After"] = str(exc.retry_after_s)
        return refused
    if user is None:
        return render(
            request, "login.html.j2", None, status=401, login_csrf=cookie,
            next=safe_next(next), error="Wrong user name or password.",
        )  # fmt: skip
    token, _ = security.start_session(db, user, service.settings.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(
        response,
        SESSION_COOKIE,
        token,
        seconds=int(service.settings.session_hours * 3600),
        secure=service.settings.secure_cookies,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request, db: DB, session: Login, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(session, csrf_token)
    security.end_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
def upload_form(request: Request, session: Login, service: Service) -> Response:
    settings = service.settings
    return render(
        request, "upload.html.j2", session, profiles=service.profiles,
        profile_descriptions=service.profile_descriptions(),
        max_mb=settings.max_upload_bytes / 2**20, max_bytes=settings.max_upload_bytes,
        max_files=settings.max_files_per_upload,
        retention_days=settings.retention_days, error=None,
    )  # fmt: skip


@router.post("/upload")
def upload_files(
    db: DB,
    session: Login,
    actor: PageActor,
    service: Service,
    files: Annotated[list[UploadFile], File()],
    profile: Annotated[str, Form()] = "default",
    country: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(session, csrf_token)
    upload = service.accept(
        db,
        session.user,
        [(f.filename, f.file) for f in files],
        profile,
        country.strip() or None,
        actor=actor,
    )
    if len(upload.reviews) == 1:
        return RedirectResponse(f"/reviews/{upload.reviews[0].id}", status_code=303)
    return RedirectResponse(f"/uploads/{upload.id}", status_code=303)


@router.get("/reviews/{review_id}", response_class=HTMLResponse)
def review_page(
    request: Request, review_id: str, db: DB, session: Login, actor: PageActor, service: Service
) -> Response:
    review = service.own_review(db, session.user_id, review_id)
    if review.status != "queued":  # a page still waiting shows nothing of the contract
        service.record(db, actor, "view", review)
    return render(
        request,
        "review.html.j2",
        session,
        annotated=service.annotated_source(review) is not None,
        **service.view(review),
        **service.related(db, review),
    )


@router.get("/reviews/{review_id}/compare", response_class=HTMLResponse)
def review_compare(
    request: Request,
    review_id: str,
    db: DB,
    session: Login,
    actor: PageActor,
    service: Service,
    with_: Annotated[str, Query(alias="with")] = "",
) -> Response:
    """This review against an earlier one: what the revised draft changed."""
    new = service.own_review(db, session.user_id, review_id)
    old = service.own_review(db, session.user_id, with_)
    comparison = service.comparison(old, new)
    service.record(db, actor, "view", new, f"compare with {old.id}")
    return render(
        request, "compare.html.j2", session, review=new, earlier=old, comparison=comparison,
        sections=[(kind, comparison.of(kind)) for kind in ("worse", "better", "remains")],
    )  # fmt: skip


@router.get("/reviews/{review_id}/report.{fmt}")
def review_download(
    review_id: str, fmt: str, db: DB, session: Login, actor: PageActor, service: Service
) -> Response:
    review = service.own_review(db, session.user_id, review_id)
    download = service.download(review, fmt)
    service.record(db, actor, "download", review, f"report.{fmt}")
    return attachment(download)


@router.post("/reviews/{review_id}/delete")
def review_delete(
    review_id: str,
    db: DB,
    session: Login,
    actor: PageActor,
    service: Service,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(session, csrf_token)
    service.delete(db, service.own_review(db, session.user_id, review_id), actor)
    return RedirectResponse("/history", status_code=303)


@router.get("/uploads/{upload_id}", response_class=HTMLResponse)
def upload_page(
    request: Request, upload_id: str, db: DB, session: Login, service: Service
) -> Response:
    upload = service.own_upload(db, session.user_id, upload_id)
    pending = any(r.status == "queued" for r in upload.reviews)
    reports = {
        r.id: Report.model_validate_json(r.report_json)
        for r in upload.reviews
        if r.status == "done" and r.report_json
    }
    return render(
        request, "upload_group.html.j2", session, upload=upload, pending=pending,
        summaries={key: report.summary for key, report in reports.items()},
        inventory=[(r, reports[r.id].inventory) for r in upload.reviews if r.id in reports],
    )  # fmt: skip


@router.get("/uploads/{upload_id}/matrix.xlsx")
def upload_matrix(
    upload_id: str, db: DB, session: Login, actor: PageActor, service: Service
) -> Response:
    upload = service.own_upload(db, session.user_id, upload_id)
    download = service.matrix(upload)
    for review in upload.reviews:
        audit.record(db, actor, "download", review, "matrix.xlsx")
    db.commit()
    return attachment(download)


@router.get("/uploads/{upload_id}/inventory.{fmt}")
def upload_inventory(
    upload_id: str, fmt: str, db: DB, session: Login, service: Service
) -> Response:
    return attachment(service.inventory(service.own_upload(db, session.user_id, upload_id), fmt))


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, db: DB, session: Login, service: Service, q: str = "") -> Response:
    reviews = service.search(db, session.user_id, q)
    return render(
        request, "history.html.j2", session, reviews=reviews, q=q,
        **service.history_facts(db, reviews),
    )  # fmt: skip


AUDIT_PAGE_SIZE = 200


def _audit_filters(user: str, action: str, since: str, until: str) -> dict[str, Any]:
    from datetime import date, datetime, timedelta

    def day(text: str, field: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise HTTPException(422, f"{field} must be a date such as 2026-12-31") from None

    first, last = day(since, "from"), day(until, "to")
    return {
        "user": user.strip() or None,
        "action": action if action in audit.ACTIONS else None,
        "since": datetime.combine(first, datetime.min.time()) if first else None,
        "until": datetime.combine(last + timedelta(days=1), datetime.min.time()) if last else None,
    }


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, db: DB, session: AdminLogin, service: Service,
    user: str = "", action: str = "", since: str = "", until: str = "", page: int = 1,
) -> Response:  # fmt: skip
    filters = _audit_filters(user, action, since, until)
    page = max(1, page)
    rows = service.audit_events(
        db, **filters, limit=AUDIT_PAGE_SIZE + 1, offset=(page - 1) * AUDIT_PAGE_SIZE
    )
    query = {"user": user, "action": action, "since": since, "until": until}
    return render(
        request, "admin_audit.html.j2", session, rows=rows[:AUDIT_PAGE_SIZE],
        more=len(rows) > AUDIT_PAGE_SIZE, page=page, actions=audit.ACTIONS, query=query,
        csv_query="&".join(f"{k}={quote(v)}" for k, v in query.items() if v),
    )  # fmt: skip


@router.get("/admin/audit.csv")
def audit_csv(
    db: DB, session: AdminLogin, service: Service,
    user: str = "", action: str = "", since: str = "", until: str = "",
) -> Response:  # fmt: skip
    import io

    out = io.StringIO()
    audit.write_csv(service.audit_events(db, **_audit_filters(user, action, since, until)), out)
    headers = {"Content-Disposition": "attachment; filename=audit.csv"}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
