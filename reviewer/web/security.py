"""Passwords (argon2), login sessions, API tokens and CSRF tokens.

Secrets are random (`secrets`), shown to their owner once and stored only as
SHA-256 digests, so a copy of the database does not let anyone log in.
Passwords are hashed with argon2id through argon2-cffi.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.errors import ReviewerError
from reviewer.web.db import ApiToken, LoginSession, User, now

TOKEN_PREFIX = "rvw_"
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps timing the same.
_DUMMY_HASH = _hasher.hash("not a real password")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# ----------------------------------------------------------------------- users


def add_user(db: Session, name: str, password: str) -> User:
    name = name.strip()
    if not name or len(name) > 100 or any(ch.isspace() for ch in name):
        raise ReviewerError("a user name is 1-100 characters without spaces")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ReviewerError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if db.scalar(select(User).where(User.name == name)):
        raise ReviewerError(f"user {name!r} already exists")
    user = User(name=name, password_hash=_hasher.hash(password))
    db.add(user)
    db.commit()
    return user


def authenticate(db: Session, name: str, password: str) -> User | None:
    user = db.scalar(select(User).where(User.name == name.strip()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.commit()
    return user


# -------------------------------------------------------------------- sessions


def start_session(db: Session, user: User, hours: float) -> tuple[str, LoginSession]:
    token = secrets.token_urlsafe(32)
    session = LoginSession(
        token_hash=digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires=now() + timedelta(hours=hours),
    )
    db.add(session)
    db.commit()
    return token, session


def find_session(db: Session, token: str | None) -> LoginSession | None:
    if not token:
        return None
    session = db.get(LoginSession, digest(token))
    if session is None:
        return None
    if session.expires < now():
        db.delete(session)
        db.commit()
        return None
    return session


def end_session(db: Session, token: str | None) -> None:
    if token and (session := db.get(LoginSession, digest(token))):
        db.delete(session)
        db.commit()


# ------------------------------------------------------------------ API tokens


def create_token(db: Session, user: User, label: str = "") -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.add(ApiToken(token_hash=digest(token), user_id=user.id, label=label[:100]))
    db.commit()
    return token


def user_for_token(db: Session, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    return row.user if row else None
