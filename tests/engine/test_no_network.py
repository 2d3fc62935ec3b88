"""Nothing leaves the machine: a full review with sockets blocked."""

from __future__ import annotations

import socket

import pytest

from reviewer.engine import ReviewEngine


class NetworkUsed(AssertionError):
    pass


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_review_never_opens_a_socket(no_network: None) -> None:
    engine = ReviewEngine(use_model=True)  # rules and the trained model
    assert engine.model is not None
    report = engine.review_text(
        "Provider shall notify Customer of any Personal Data Breach within 48 hours."
    )
    assert any(f.status == "met" for f in report.findings)
