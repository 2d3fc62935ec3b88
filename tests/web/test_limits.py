"""Abuse limits: failed logins per account and per address, reviews waiting per user,
and request bodies over the limit, chunked or not, refused without reading them."""

from __future__ import annotations

import re
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reviewer.web.app import create_app
from reviewer.web.db import Review, Upload, User, make_engine, make_sessionmaker
from reviewer.web.limits import LoginLimits
from tests.paths import SAMPLES
from tests.web.conftest import PASSWORD, make_settings, tokens
from tests.web.test_e2e import _free_port


def _login(client: TestClient, name: str, password: str):  # type: ignore[no-untyped-def]
    client.cookies.clear()
    form = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": csrf},
        follow_redirects=False,
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(
        tmp_path,
        login_limits=LoginLimits(per_user=3, per_address=5, window_minutes=15),
        max_queued_per_user=2,
        workers=1,
    )
    with TestClient(create_app(settings)) as client:
        client.app_settings = settings  # type: ignore[attr-defined]
        yield client


def test_an_account_is_locked_after_failed_logins_with_a_clear_message(
    client: TestClient,
) -> None:
    for _ in range(3):
        assert _login(client, "alice", "wrong password").status_code == 401
    refused = _login(client, "alice", PASSWORD)  # even the right password, now
    assert refused.status_code == 429
    assert "Too many failed logins for this account: try again in 15 minutes" in refused.text
    assert 800 < int(refused.headers["retry-after"]) <= 900
    assert _login(client, "bob", PASSWORD).status_code == 303  # others are not locked out


def test_a_success_clears_the_accounts_count(client: TestClient) -> None:
    for _ in range(2):
        assert _login(client, "alice", "wrong password").status_code == 401
    assert _login(client, "alice", PASSWORD).status_code == 303
    for _ in range(2):
        assert _login(client, "alice", "wrong password").status_code == 401
    assert _login(client, "alice", PASSWORD).status_code == 303


def test_an_address_is_limited_across_account_names(client: TestClient) -> None:
    for index in range(5):
        assert _login(client, f"guess{index}", "wrong password").status_code == 401
    refused = _login(client, "bob", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins from your address" in refused.text


def test_a_user_may_only_have_so_many_reviews_waiting(client: TestClient) -> None:
    settings = client.app_settings  # type: ignore[attr-defined]
    token, other = tokens(settings)
    sessions = make_sessionmaker(make_engine(settings.resolved_database_url()))
    with sessions() as db:  # two reviews waiting, as if the workers were busy
        alice = db.query(User).filter_by(name="alice").one()
        upload = Upload(user_id=alice.id)
        db.add(upload)
        for seq in range(2):
            db.add(Review(
                seq=seq, user_id=alice.id, upload=upload, file_name=f"w{seq}.pdf",
                stored_name=None, sha256="", size=1, profile="default",
            ))  # fmt: skip
        db.commit()
    contract = (SAMPLES / "quickdesk-terms.txt").read_bytes()
    refused = client.post(
        "/api/reviews",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("terms.txt", contract)},
    )
    assert refused.status_code == 429
    assert "you have 2 reviews waiting and at most 2 may wait at once" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) > 0
    accepted = client.post(
        "/api/reviews",
        headers={"Authorization": f"Bearer {other}"},
        files={"file": ("terms.txt", contract)},
    )
    assert accepted.status_code == 202  # bob's queue is his own


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int]]:
    import uvicorn

    settings = make_settings(
        tmp_path_factory.mktemp("limits"), max_upload_bytes=2**20, max_files_per_upload=1
    )
    limit = settings.max_upload_bytes * settings.max_files_per_upload + 2**20
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield port, limit
    server.should_exit = True
    thread.join(timeout=10)


def _send_until_answered(
    port: int, head: bytes, chunks: Iterator[bytes], limit: int = 0
) -> tuple[bytes, int]:
    """Sends the head, then chunks while the server reads; stops at its answer.

    Past the limit it waits for the answer before each further chunk: a server
    that closes with unread data in its buffer resets the connection, and the
    reset can destroy an answer not yet read on a busy machine."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(head)
        sent, answer = 0, b""
        deadline = time.monotonic() + 60

        def read_answer(wait: float) -> bool:
            nonlocal answer
            while select.select([conn], [], [], wait)[0]:
                try:
                    data = conn.recv(65536)
                except ConnectionResetError:
                    return True
                if not data:
                    return True
                answer += data
                wait = 0.2
            return bool(answer)

        for chunk in chunks:
            if time.monotonic() > deadline or read_answer(2.0 if sent > limit else 0):
                break
            try:
                conn.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        read_answer(5.0)
        return answer, sent


def test_a_chunked_upload_over_the_limit_gets_413_without_being_read(
    small_server: tuple[int, int],
) -> None:
    port, limit = small_server
    boundary = "b0undary"
    piece = b"x" * 65536

    def body() -> Iterator[bytes]:
        yield _chunk(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode()
        )
        for _ in range(100 * limit // len(piece)):  # far more than the limit, if it were read
            yield _chunk(piece)

    head = (
        f"POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer rvw_x\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    answer, sent = _send_until_answered(port, head, body(), limit)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"upload larger than the limit" in answer
    # What we could push past the limit is what sockets buffer, never the 100x of the body.
    assert sent < limit + 16 * 2**20, sent


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    small_server: tuple[int, int],
) -> None:
    port, limit = small_server
    head = (
        f"POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
        f"boundary=x\r\nContent-Length: {limit + 1}\r\n\r\n"
    ).encode()
    answer, sent = _send_until_answered(port, head, iter([]))
    assert answer.startswith(b"HTTP/1.1 413") and sent == 0


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"
