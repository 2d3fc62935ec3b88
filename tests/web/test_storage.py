from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from reviewer.errors import ResourceLimitError, UnsupportedFormatError
from reviewer.web.db import Review, Upload, User, make_engine, make_sessionmaker, now
from reviewer.web.storage import apply_retention, display_name, save_upload


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\dpa.docx", "dpa.docx"),
        ("a\x00b\u202ec.pdf", "abc.pdf"),
        ("   ", "contract"),
        (None, "contract"),
        ("x" * 500 + ".pdf", "x" * 200),
    ],
)
def test_display_names_are_names_not_paths(raw: str | None, shown: str) -> None:
    assert display_name(raw) == shown


def test_save_streams_hashes_and_names_by_content(tmp_path: Path) -> None:
    stored, sha256, size = save_upload(io.BytesIO(b"%PDF-1.7 ..."), tmp_path, "whatever.txt", 1000)
    assert stored.endswith(".pdf") and size == 12 and len(sha256) == 64
    assert (tmp_path / stored).read_bytes() == b"%PDF-1.7 ..."


def test_save_refuses_oversize_and_other_types_leaving_nothing(tmp_path: Path) -> None:
    with pytest.raises(ResourceLimitError, match="upload limit"):
        save_upload(io.BytesIO(b"x" * 5000), tmp_path, "big.txt", 1000)
    with pytest.raises(UnsupportedFormatError):
        save_upload(io.BytesIO(b"MZ\x90\x00" + b"\0" * 100), tmp_path, "tool.pdf", 1000)
    assert list(tmp_path.iterdir()) == []


def test_retention_deletes_old_files_and_keeps_reports(tmp_path: Path) -> None:
    sessions = make_sessionmaker(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    with sessions() as db:
        user = User(name="u", password_hash="x")
        db.add(user)
        db.flush()
        upload = Upload(user_id=user.id)
        db.add(upload)
        for name, age in (("old.txt", 40), ("new.txt", 1)):
            (uploads / name).write_text("x")
            db.add(
                Review(
                    user_id=user.id, upload=upload, file_name=name, stored_name=name,
                    sha256="", size=1, profile="default", status="done",
                    report_json="{}", created=now() - timedelta(days=age),
                )
            )  # fmt: skip
        db.commit()
        assert apply_retention(db, uploads, 30) == 1
        assert [p.name for p in uploads.iterdir()] == ["new.txt"]
        old = db.query(Review).filter_by(file_name="old.txt").one()
        assert old.stored_name is None and old.report_json == "{}"
        assert apply_retention(db, uploads, 0) == 1
        assert list(uploads.iterdir()) == []
