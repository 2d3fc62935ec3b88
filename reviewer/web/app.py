"""The FastAPI application: the pages and the REST API over one ReviewService.

`create_app(settings)` builds everything from settings (no globals), so tests
and the load test run as many independent servers as they like. Domain errors
become HTTP answers here and nowhere else.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from reviewer.errors import ResourceLimitError, ReviewerError, UnsupportedFormatError
from reviewer.library.loader import load_library
from reviewer.report.html import template_environment
from reviewer.report.overview import STATUS_COLOUR, STATUS_TINT, STATUSES
from reviewer.web import api, pages
from reviewer.web.db import make_engine, make_sessionmaker
from reviewer.web.deps import LoginRequired
from reviewer.web.limits import TooManyRequestsError
from reviewer.web.middleware import BodyLimit, SecurityHeaders
from reviewer.web.service import NotFoundError, NotReadyError, ReviewService, TooManyFilesError
from reviewer.web.settings import WebSettings

PACKAGE = Path(__file__).parent
STATUS_CODES: list[tuple[type[ReviewerError], int]] = [
    (NotFoundError, 404),
    (NotReadyError, 409),
    (TooManyRequestsError, 429),
    (TooManyFilesError, 413),
    (ResourceLimitError, 413),
    (UnsupportedFormatError, 415),
    (ReviewerError, 422),
]


def status_css() -> str:
    """The status palette as CSS, from the one palette every output uses."""
    rules = []
    for status in STATUSES:
        colour, tint = STATUS_COLOUR[status], STATUS_TINT[status]
        rules.append(
            f".bg-{status}{{background:#{colour}}}"
            f".st-{status}{{border-left-color:#{colour}}}"
            f".cell-{status}{{background:#{tint};font-weight:600}}"
        )
    return "\n".join(rules) + "\n"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    sessions = make_sessionmaker(make_engine(settings.resolved_database_url()))
    service = ReviewService(settings, sessions, load_library(settings.library))
    templates = Jinja2Templates(
        env=template_environment(jinja2.FileSystemLoader(str(PACKAGE / "templates")))
    )
    stylesheet = status_css()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.stop()

    app = FastAPI(
        title="contract-reviewer",
        description="Offline review of DPAs, MSAs and AI addenda. API clients authenticate "
        "with `Authorization: Bearer <token>` (create one with `reviewer tokens create USER`).",
        docs_url=None,  # the stock docs pages load scripts from a CDN; see /api/docs
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_upload_bytes * settings.max_files_per_upload + 2**20
    )

    @app.get("/status.css", include_in_schema=False)
    def status_stylesheet() -> Response:
        return Response(stylesheet, media_type="text/css")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    def error_answer(
        request: Request, status: int, message: str, headers: Mapping[str, str] | None
    ) -> Response:
        if _wants_html(request):
            return templates.TemplateResponse(
                request,
                "message.html.j2",
                {"user": None, "csrf": "", "title": f"Error {status}", "message": message},
                status_code=status,
                headers=dict(headers or {}),
            )
        return JSONResponse({"detail": message}, status_code=status, headers=headers)

    @app.exception_handler(ReviewerError)
    async def domain_error(request: Request, exc: ReviewerError) -> Response:
        status = next(code for kind, code in STATUS_CODES if isinstance(exc, kind))
        headers = None
        if isinstance(exc, TooManyRequestsError):
            headers = {"Retry-After": str(exc.retry_after_s)}
        return error_answer(request, status, str(exc), headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_answer(request, exc.status_code, str(exc.detail), exc.headers)

    return app
