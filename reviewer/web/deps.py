"""Request dependencies shared by the pages and the API: database session, login, token.

No `from __future__ import annotations`: FastAPI reads these signatures at run time.
"""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from reviewer.web import security
from reviewer.web.audit import Actor
from reviewer.web.db import LoginSession, User
from reviewer.web.service import NotFoundError, ReviewService

SESSION_COOKIE = "reviewer_session"
LOGIN_CSRF_COOKIE = "reviewer_login_csrf"


class LoginRequired(Exception):
    """A page was asked for without a valid session: the app redirects to the login page."""


def get_service(request: Request) -> ReviewService:
    service: ReviewService = request.app.state.service
    return service


Service = Annotated[ReviewService, Depends(get_service)]


def db_session(service: Service) -> Iterator[Session]:
    with service.sessions() as db:
        yield db


DB = Annotated[Session, Depends(db_session)]


def page_session(request: Request, db: DB) -> LoginSession:
    session = security.find_session(db, request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise LoginRequired
    return session


Login = Annotated[LoginSession, Depends(page_session)]


def client_address(request: Request) -> str:
    # Behind a reverse proxy this is the proxy unless `serve --forwarded-allow-ips` trusts it.
    return request.client.host if request.client else "unknown"


def page_actor(request: Request, session: Login) -> Actor:
    return Actor(session.user.name, "web", client_address(request))


PageActor = Annotated[Actor, Depends(page_actor)]


def admin_session(session: Login) -> LoginSession:
    if not session.user.is_admin:
        raise NotFoundError("no such page")  # others are not told the page exists
    return session


AdminLogin = Annotated[LoginSession, Depends(admin_session)]


def api_user(request: Request, db: DB) -> User:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    user = security.user_for_token(db, token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise HTTPException(
            401,
            "a valid API token is required (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


ApiUser = Annotated[User, Depends(api_user)]


def api_actor(request: Request, user: ApiUser) -> Actor:
    return Actor(user.name, "api", client_address(request))


ApiActor = Annotated[Actor, Depends(api_actor)]


def check_csrf(session: LoginSession, submitted: str | None) -> None:
    if not submitted or not security.same(submitted, session.csrf_token):
        raise HTTPException(
            403, "the form has expired or did not come from this site; reload the page"
        )
