"""The FastAPI application: pages for lawyers, a REST API under /api/, one set of rules.

No `from __future__ import annotations` here: FastAPI reads the route
signatures at run time, including dependency aliases defined inside create_app.

`create_app(settings)` builds everything from settings (no globals), so tests
and the load test run as many independent servers as they like.
"""

import contextlib
import json
import logging
import re
import secrets
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reviewer.errors import ReviewerError
from reviewer.library.loader import load_library
from reviewer.report.html import template_environment
from reviewer.report.model import Report
from reviewer.report.overview import (
    STATUS_COLOUR,
    STATUS_TINT,
    STATUSES,
    topic_grid,
    topics_gaps_first,
)
from reviewer.web import security
from reviewer.web.db import LoginSession, Review, Upload, User, make_engine, make_sessionmaker
from reviewer.web.jobs import JobRunner, JobSpec
from reviewer.web.settings import WebSettings
from reviewer.web.storage import apply_retention, delete_file, display_name, save_upload

log = logging.getLogger(__name__)

SESSION_COOKIE = "reviewer_session"
LOGIN_CSRF_COOKIE = "reviewer_login_csrf"
PACKAGE = Path(__file__).parent
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
RETENTION_SWEEP_S = 600.0
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# The downloadable memo is one file with its styles inline and no scripts at all.
MEMO_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


class LoginRequired(Exception):
    pass


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses request bodies over a limit while they stream in, before they reach disk."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or {}).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(scope, send, self.max_bytes)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await _too_large(scope, send, self.max_bytes)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    body = json.dumps(
        {"detail": f"upload larger than the limit of {limit / 2**20:.0f} MB"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _templates() -> Jinja2Templates:
    loader = jinja2.FileSystemLoader(str(PACKAGE / "templates"))
    return Jinja2Templates(env=template_environment(loader))


def _status_css() -> str:
    rules = []
    for status in STATUSES:
        colour, tint = STATUS_COLOUR[status], STATUS_TINT[status]
        rules.append(
            f".bg-{status}{{background:#{colour}}}"
            f".st-{status}{{border-left-color:#{colour}}}"
            f".cell-{status}{{background:#{tint};font-weight:600}}"
        )
    return "\n".join(rules) + "\n"


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would make our login page a phishing tool.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = make_engine(settings.resolved_database_url())
    sessions = make_sessionmaker(database)
    library = load_library(settings.library)
    profiles = sorted(library.profiles)
    templates = _templates()
    status_css = _status_css()
    state: dict[str, Any] = {}

    def spec_for(review: Review) -> JobSpec | None:
        if not review.stored_name:
            return None
        return JobSpec(
            review_id=review.id,
            path=str(settings.uploads_dir / review.stored_name),
            display_name=review.file_name,
            profile=review.profile,
            country=review.country,
            library=str(settings.library) if settings.library else None,
            time_limit_s=settings.time_limit_s,
        )

    def after_review(review_id: str) -> None:
        if settings.retention_days > 0:
            return
        with sessions() as db:
            review = db.get(Review, review_id)
            if review is not None:
                delete_file(settings.uploads_dir, review)
                db.commit()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner = JobRunner(settings.workers, sessions, on_finished=after_review)
        state["runner"] = runner
        stop = threading.Event()

        def sweep() -> None:
            while True:
                try:
                    with sessions() as db:
                        apply_retention(db, settings.uploads_dir, settings.retention_days)
                except Exception:  # keep sweeping; the next round may succeed
                    log.exception("retention sweep failed")
                if stop.wait(RETENTION_SWEEP_S):
                    return

        sweeper = threading.Thread(target=sweep, name="retention", daemon=True)
        sweeper.start()
        with sessions() as db:
            for review in db.scalars(
                select(Review).where(Review.status.in_(("queued", "running")))
            ):
                if not review.stored_name:
                    review.status, review.error = "failed", "the file was deleted before review"
            db.commit()
        runner.resume_unfinished(spec_for)
        try:
            yield
        finally:
            stop.set()
            runner.shutdown()

    app = FastAPI(
        title="contract-reviewer",
        description="Offline review of DPAs, MSAs and AI addenda. API clients authenticate "
        "with `Authorization: Bearer <token>` (create one with `reviewer tokens create USER`).",
        docs_url=None,  # the stock docs pages load scripts from a CDN; see /api/docs
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    max_body = settings.max_upload_bytes * settings.max_files_per_upload + (1 << 20)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[..., Any]) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    # ----------------------------------------------------------- dependencies

    def db_session() -> Any:
        with sessions() as db:
            yield db

    DB = Annotated[Session, Depends(db_session)]

    def page_session(request: Request, db: DB) -> LoginSession:
        session = security.find_session(db, request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise LoginRequired
        return session

    Login = Annotated[LoginSession, Depends(page_session)]

    def api_user(request: Request, db: DB) -> User:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        user = security.user_for_token(db, token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise HTTPException(
                401,
                "a valid API token is required (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return user

    ApiUser = Annotated[User, Depends(api_user)]

    def check_csrf(session: LoginSession, submitted: str | None) -> None:
        if not submitted or not security.same(submitted, session.csrf_token):
            raise HTTPException(
                403, "the form has expired or did not come from this site; reload the page"
            )

    def own_review(db: Session, user_id: int, review_id: str) -> Review:
        review = db.get(Review, review_id)
        if review is None or review.user_id != user_id:
            raise HTTPException(404, "no such review")
        return review

    def page(
        request: Request, name: str, session: LoginSession | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            name,
            {
                "user": session.user if session else None,
                "csrf": session.csrf_token if session else "",
                **context,
            },
            status_code=status,
        )

    # ------------------------------------------------------------- reviewing

    def accept(
        db: Session, user: User, files: list[UploadFile], profile: str, country: str | None
    ) -> Upload:
        if profile not in library.profiles:
            raise HTTPException(
                422, f"unknown profile {profile!r}; choose one of {', '.join(profiles)}"
            )
        if country and not COUNTRY.match(country):
            raise HTTPException(422, "country must be two letters, such as KZ")
        files = [f for f in files if f.filename]
        if not files:
            raise HTTPException(422, "choose at least one file")
        if len(files) > settings.max_files_per_upload:
            raise HTTPException(413, f"at most {settings.max_files_per_upload} files per upload")
        upload = Upload(user_id=user.id)
        db.add(upload)
        specs: list[JobSpec] = []
        for seq, item in enumerate(files):
            name = display_name(item.filename)
            review = Review(
                seq=seq,
                user_id=user.id,
                upload=upload,
                file_name=name,
                sha256="",
                size=0,
                profile=profile,
                country=country.upper() if country else None,
            )
            try:
                stored, sha256, size = save_upload(
                    item.file, settings.uploads_dir, name, settings.max_upload_bytes
                )
            except ReviewerError as exc:
                review.status, review.error = "failed", str(exc)
                db.add(review)
                continue
            review.stored_name, review.sha256, review.size = stored, sha256, size
            db.add(review)
            db.flush()
            spec = spec_for(review)
            if spec:
                specs.append(spec)
        db.commit()
        for spec in specs:
            state["runner"].submit(spec)
        return upload

    def report_of(review: Review) -> Report:
        if review.status != "done" or not review.report_json:
            raise HTTPException(409, f"the review is {review.status}; no report yet")
        return Report.model_validate_json(review.report_json)

    def download(review: Review, fmt: str) -> Response:
        report = report_of(review)
        stem = Path(review.file_name).stem or "contract"
        if fmt == "json":
            body: bytes = report.to_json().encode()
            media = "application/json"
        elif fmt == "html":
            from reviewer.report.html import render_html

            body = render_html(report).encode()
            media = "text/html; charset=utf-8"
        elif fmt == "docx":
            from reviewer.report.docx import write_docx

            source = (
                settings.uploads_dir / review.stored_name
                if review.stored_name and review.stored_name.endswith(".docx")
                else None
            )
            with tempfile.TemporaryDirectory() as work:
                target = Path(work) / "review.docx"
                write_docx(report, target, source=source)
                body = target.read_bytes()
            media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            raise HTTPException(404, "formats: json, html, docx")
        file_name = f"{stem}.review.{fmt}"
        headers = {
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file_name)}",
        }
        if fmt == "html":
            headers["Content-Security-Policy"] = MEMO_CSP
        return Response(body, media_type=media, headers=headers)

    def delete_review(db: Session, review: Review) -> None:
        delete_file(settings.uploads_dir, review)
        upload = review.upload
        db.delete(review)
        db.flush()
        if not db.scalar(
            select(func.count()).select_from(Review).where(Review.upload_id == upload.id)
        ):
            db.delete(upload)
        db.commit()

    def review_view(review: Review) -> dict[str, Any]:
        context: dict[str, Any] = {"review": review, "report": None}
        if review.status == "done" and review.report_json:
            report = Report.model_validate_json(review.report_json)
            context.update(
                report=report,
                grid=topic_grid(report),
                sections=topics_gaps_first(report),
                contexts=json.loads(review.contexts_json or "{}"),
            )
        return context

    # ----------------------------------------------------------------- pages

    @app.get("/status.css", include_in_schema=False)
    def status_stylesheet() -> Response:
        return Response(
            status_css, media_type="text/css", headers={"Cache-Control": "max-age=3600"}
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> Response:
        token = secrets.token_urlsafe(32)
        response = page(
            request, "login.html.j2", None, login_csrf=token, next=_safe_next(next), error=None
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=settings.secure_cookies,
            max_age=3600,
        )
        return response

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        db: DB,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not cookie or not security.same(cookie, csrf_token):
            raise HTTPException(403, "the login form has expired; reload the page")
        user = security.authenticate(db, username, password)
        if user is None:
            return page(
                request, "login.html.j2", None, status=401, login_csrf=cookie, next=_safe_next(next),
                error="Wrong user name or password.",
            )  # fmt: skip
        token, _ = security.start_session(db, user, settings.session_hours)
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(
            SESSION_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies,
            max_age=int(settings.session_hours * 3600),
        )  # fmt: skip
        response.delete_cookie(LOGIN_CSRF_COOKIE)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(
        request: Request, db: DB, session: Login, csrf_token: Annotated[str, Form()] = ""
    ) -> Response:
        check_csrf(session, csrf_token)
        security.end_session(db, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request, session: Login) -> Response:
        return page(
            request, "upload.html.j2", session, profiles=profiles,
            max_mb=settings.max_upload_bytes / 2**20, max_files=settings.max_files_per_upload,
            retention_days=settings.retention_days, error=None,
        )  # fmt: skip

    @app.post("/upload", include_in_schema=False)
    def upload_files(
        request: Request,
        db: DB,
        session: Login,
        files: Annotated[list[UploadFile], File()],
        profile: Annotated[str, Form()] = "default",
        country: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        check_csrf(session, csrf_token)
        upload = accept(db, session.user, files, profile, country.strip() or None)
        if len(upload.reviews) == 1:
            return RedirectResponse(f"/reviews/{upload.reviews[0].id}", status_code=303)
        return RedirectResponse(f"/uploads/{upload.id}", status_code=303)

    @app.get("/reviews/{review_id}", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request, review_id: str, db: DB, session: Login) -> Response:
        review = own_review(db, session.user_id, review_id)
        return page(request, "review.html.j2", session, **review_view(review))

    @app.get("/reviews/{review_id}/report.{fmt}", include_in_schema=False)
    def review_download(review_id: str, fmt: str, db: DB, session: Login) -> Response:
        return download(own_review(db, session.user_id, review_id), fmt)

    @app.post("/reviews/{review_id}/delete", include_in_schema=False)
    def review_delete(
        review_id: str, db: DB, session: Login, csrf_token: Annotated[str, Form()] = ""
    ) -> Response:
        check_csrf(session, csrf_token)
        delete_review(db, own_review(db, session.user_id, review_id))
        return RedirectResponse("/history", status_code=303)

    @app.get("/uploads/{upload_id}", response_class=HTMLResponse, include_in_schema=False)
    def upload_page(request: Request, upload_id: str, db: DB, session: Login) -> Response:
        upload = db.get(Upload, upload_id)
        if upload is None or upload.user_id != session.user_id:
            raise HTTPException(404, "no such upload")
        pending = any(r.status in ("queued", "running") for r in upload.reviews)
        summaries = {
            r.id: Report.model_validate_json(r.report_json).summary
            for r in upload.reviews
            if r.status == "done" and r.report_json
        }
        return page(
            request,
            "upload_group.html.j2",
            session,
            upload=upload,
            pending=pending,
            summaries=summaries,
        )

    @app.get("/uploads/{upload_id}/matrix.xlsx", include_in_schema=False)
    def upload_matrix(upload_id: str, db: DB, session: Login) -> Response:
        from reviewer.batch.outputs import BatchError, ContractRow, write_xlsx

        upload = db.get(Upload, upload_id)
        if upload is None or upload.user_id != session.user_id:
            raise HTTPException(404, "no such upload")
        rows = [
            ContractRow(r.file_name, Report.model_validate_json(r.report_json))
            for r in upload.reviews
            if r.status == "done" and r.report_json
        ]
        errors = [
            BatchError(r.file_name, r.error or "") for r in upload.reviews if r.status == "failed"
        ]
        with tempfile.TemporaryDirectory() as work:
            target = Path(work) / "matrix.xlsx"
            write_xlsx(rows, errors, target)
            body = target.read_bytes()
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="matrix-{upload.id[:8]}.xlsx"'},
        )

    @app.get("/history", response_class=HTMLResponse, include_in_schema=False)
    def history(request: Request, db: DB, session: Login, q: str = "") -> Response:
        query = select(Review).where(Review.user_id == session.user_id)
        if q.strip():
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", q.strip()) + "%"
            query = query.where(Review.file_name.ilike(pattern, escape="\\"))
        reviews = db.scalars(query.order_by(Review.created.desc()).limit(500)).all()
        return page(request, "history.html.j2", session, reviews=reviews, q=q)

    # ------------------------------------------------------------------- API

    def api_review(review: Review, *, with_report: bool) -> dict[str, Any]:
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

    @app.post("/api/reviews", status_code=202, tags=["reviews"])
    def api_submit(
        db: DB,
        user: ApiUser,
        file: Annotated[UploadFile, File(description="PDF, DOCX, TXT or Markdown contract")],
        profile: Annotated[str, Form()] = "default",
        country: Annotated[str, Form()] = "",
    ) -> JSONResponse:
        """Submit one contract; poll `GET /api/reviews/{id}` until `status` is done or failed."""
        upload = accept(db, user, [file], profile, country.strip() or None)
        review = upload.reviews[0]
        if review.status == "failed":
            code = (
                413
                if "upload limit" in (review.error or "")
                else 415
                if "not a contract" in (review.error or "")
                else 422
            )
            delete_review(db, review)
            raise HTTPException(code, review.error)
        return JSONResponse(api_review(review, with_report=False), status_code=202)

    @app.get("/api/reviews", tags=["reviews"])
    def api_list(db: DB, user: ApiUser, q: str = "", limit: int = 100) -> list[dict[str, Any]]:
        """The caller's reviews, newest first; `q` filters by file name."""
        query = select(Review).where(Review.user_id == user.id)
        if q.strip():
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", q.strip()) + "%"
            query = query.where(Review.file_name.ilike(pattern, escape="\\"))
        rows = db.scalars(query.order_by(Review.created.desc()).limit(max(1, min(limit, 1000))))
        return [api_review(r, with_report=False) for r in rows]

    @app.get("/api/reviews/{review_id}", tags=["reviews"])
    def api_get(review_id: str, db: DB, user: ApiUser) -> dict[str, Any]:
        """Status, and the JSON report once the review is done."""
        return api_review(own_review(db, user.id, review_id), with_report=True)

    @app.get("/api/reviews/{review_id}/report.{fmt}", tags=["reviews"])
    def api_report(review_id: str, fmt: str, db: DB, user: ApiUser) -> Response:
        """The report as `json`, `html` (memo) or `docx` (annotated copy or memo)."""
        return download(own_review(db, user.id, review_id), fmt)

    @app.delete("/api/reviews/{review_id}", status_code=204, tags=["reviews"])
    def api_delete(review_id: str, db: DB, user: ApiUser) -> Response:
        """Delete the review, its report and the uploaded file."""
        delete_review(db, own_review(db, user.id, review_id))
        return Response(status_code=204)

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        return templates.TemplateResponse(
            request, "api_docs.html.j2", {"spec": app.openapi(), "user": None, "csrf": ""}
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        wants_html = not request.url.path.startswith(
            "/api/"
        ) and "text/html" in request.headers.get("accept", "")
        if wants_html:
            return templates.TemplateResponse(
                request, "message.html.j2",
                {"user": None, "csrf": "", "title": f"Error {exc.status_code}", "message": exc.detail},
                status_code=exc.status_code,
            )  # fmt: skip
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    app.add_middleware(BodyLimit, max_bytes=max_body)
    return app
