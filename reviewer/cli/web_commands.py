"""`reviewer serve`, `reviewer users ...`, `reviewer tokens ...` and `reviewer audit`
(the `web` extra).

FastAPI and SQLAlchemy are imported inside the commands so that the rest of
the CLI starts fast and works without the extra installed.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import typer

from reviewer.cli.main import EXIT_OK, app
from reviewer.errors import ReviewerError

users_app = typer.Typer(help="Manage the web app's user accounts.", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens for the web app's REST API.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")

SHUTDOWN_GRACE_S = 10
DATA_DIR_HELP = "Folder for the database and uploaded files."
DATABASE_HELP = "SQLAlchemy URL (default: SQLite in the data folder), e.g. postgresql+psycopg://..."


def _web() -> Any:
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        raise ReviewerError(
            "the web app needs the web extra: pip install 'contract-reviewer[web]'"
        ) from exc
    from reviewer.web import db, security, settings

    return db, security, settings


def _sessions(data_dir: Path, database: str | None) -> Any:
    db, _, settings_module = _web()
    settings = settings_module.WebSettings(data_dir=data_dir, database_url=database)
    data_dir.mkdir(parents=True, exist_ok=True)
    return db.make_sessionmaker(db.make_engine(settings.resolved_database_url()))


def _cli_actor() -> Any:
    import getpass

    from reviewer.web.audit import Actor

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor(f"{who} (command line)", "cli")


def _user(session: Any, name: str) -> Any:
    from sqlalchemy import select

    from reviewer.web.db import User

    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise ReviewerError(f"no user named {name!r} (create one with: reviewer users add {name})")
    return user


@app.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind; 0.0.0.0 exposes the server to the network."
    ),
    port: int = typer.Option(8000, "--port"),
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
    retention_days: float = typer.Option(
        30.0,
        "--retention-days",
        min=0,
        help="Keep uploaded files this long (0: delete after review).",
    ),
    workers: int = typer.Option(2, "--workers", min=1, help="Review worker processes."),
    max_upload_mb: float = typer.Option(25.0, "--max-upload-mb", min=0.01),
    time_limit: float = typer.Option(
        120.0, "--time-limit", min=1, help="Seconds allowed to read one document."
    ),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Mark cookies Secure (when served over HTTPS)."
    ),
    max_queued_per_user: int = typer.Option(
        100, "--max-queued-per-user", min=1, help="Reviews one user may have waiting at once."
    ),
    forwarded_allow_ips: str | None = typer.Option(
        None,
        "--forwarded-allow-ips",
        help="Reverse proxies (comma-separated IPs) whose X-Forwarded-For is trusted for the "
        "client address (login limits, audit trail).",
    ),
    library: Path | None = typer.Option(None, "--library", help="Use this clause library folder."),
    use_model: bool = typer.Option(
        True, "--model/--no-model", help="Let the trained model decide (--no-model: rules alone)."
    ),
) -> int:
    """Run the web app (upload, review, download) on this machine."""
    _web()
    import uvicorn

    from reviewer.web.app import create_app
    from reviewer.web.settings import WebSettings

    settings = WebSettings(
        data_dir=data_dir,
        database_url=database,
        retention_days=retention_days,
        workers=workers,
        max_upload_bytes=int(max_upload_mb * 2**20),
        time_limit_s=time_limit,
        secure_cookies=secure_cookies,
        library=library,
        use_model=use_model,
        max_queued_per_user=max_queued_per_user,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}: reachable from other machines", err=True)
    from reviewer.web.jobs import stop_process_helpers

    # SIGTERM (systemd, Docker, Kubernetes) and Ctrl-C both end in the app's shutdown,
    # which stops the review workers (their reviews stay queued for the next start);
    # open requests get a few seconds. uvicorn re-raises the signal once it is done:
    # for SIGTERM that lands in this handler, and the server exits 0 after cleaning up.
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="info",
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
            proxy_headers=forwarded_allow_ips is not None,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    finally:
        stop_process_helpers()
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="Login name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    admin: bool = typer.Option(
        False, "--admin", help="An administrator: also sees the audit trail in the web app."
    ),
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> int:
    """Create a user who can log in to the web app."""
    _, security, _ = _web()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    sessions = _sessions(data_dir, database)
    with sessions() as session:
        user = security.add_user(session, name, password)
        if admin:
            user.is_admin = True
            session.commit()
    typer.echo(f"{'administrator' if admin else 'user'} {name} created")
    return EXIT_OK


@users_app.command("list")
def users_list(
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> int:
    """List the web app's users."""
    from sqlalchemy import select

    sessions = _sessions(data_dir, database)
    from reviewer.web.db import User

    with sessions() as session:
        for user in session.scalars(select(User).order_by(User.name)):
            role = "\tadministrator" if user.is_admin else ""
            typer.echo(f"{user.name}\tcreated {user.created:%Y-%m-%d}{role}")
    return EXIT_OK


@users_app.command("delete")
def users_delete(
    name: str = typer.Argument(...),
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> int:
    """Delete a user, with their sessions, tokens, reviews and uploaded files."""
    from sqlalchemy import select

    from reviewer.web import audit
    from reviewer.web.db import Review
    from reviewer.web.storage import delete_file

    sessions = _sessions(data_dir, database)
    actor = _cli_actor()
    with sessions() as session:
        user = _user(session, name)
        for review in session.scalars(select(Review).where(Review.user_id == user.id)):
            audit.record(session, actor, "delete", review, f"with the account of {name}")
            delete_file(data_dir / "uploads", review)
        session.delete(user)
        session.commit()
    typer.echo(f"user {name} deleted")
    return EXIT_OK


@tokens_app.command("create")
def tokens_create(
    name: str = typer.Argument(..., help="The user the token acts for."),
    label: str = typer.Option("", "--label", help="What the token is for."),
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> int:
    """Create an API token (printed once; only its digest is stored)."""
    _, security, _ = _web()
    sessions = _sessions(data_dir, database)
    with sessions() as session:
        token = security.create_token(session, _user(session, name), label)
    typer.echo(token)
    return EXIT_OK


@users_app.command("admin")
def users_admin(
    name: str = typer.Argument(...),
    revoke: bool = typer.Option(False, "--revoke", help="Make an administrator a user again."),
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> int:
    """Make a user an administrator (sees the audit trail), or `--revoke` it."""
    sessions = _sessions(data_dir, database)
    with sessions() as session:
        user = _user(session, name)
        user.is_admin = not revoke
        session.commit()
    typer.echo(f"{name} is {'no longer ' if revoke else ''}an administrator")
    return EXIT_OK


def _day(text: str | None, option: str) -> Any:
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReviewerError(f"{option} must be a date such as 2026-12-31, not {text!r}") from None


@app.command("audit")
def audit_export(
    since: str | None = typer.Option(None, "--since", help="From this day (YYYY-MM-DD, UTC)."),
    until: str | None = typer.Option(None, "--until", help="Up to and including this day."),
    user: str | None = typer.Option(None, "--user", help="Only this user's actions."),
    action: str | None = typer.Option(
        None, "--action", help="Only this action (upload, view, download, delete, login, ...)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the CSV here (default: standard output)."
    ),
    data_dir: Path = typer.Option(Path("reviewer-data"), "--data-dir", help=DATA_DIR_HELP),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> int:
    """Export the web app's audit trail (who uploaded, viewed, downloaded, deleted) as CSV."""
    from datetime import datetime, timedelta

    from reviewer.web import audit

    if action and action not in audit.ACTIONS:
        raise ReviewerError(f"--action must be one of {', '.join(audit.ACTIONS)}")
    first, last = _day(since, "--since"), _day(until, "--until")
    sessions = _sessions(data_dir, database)
    with sessions() as session:
        rows = audit.events(
            session,
            since=datetime.combine(first, datetime.min.time()) if first else None,
            until=datetime.combine(last + timedelta(days=1), datetime.min.time()) if last else None,
            user=user,
            action=action,
        )
        if output is None:
            count = audit.write_csv(rows, sys.stdout)
        else:
            temp = output.with_name(output.name + ".part")
            with temp.open("w", encoding="utf-8", newline="") as handle:
                count = audit.write_csv(rows, handle)
            temp.replace(output)
    typer.echo(f"{count} events", err=True)
    return EXIT_OK
