"""What the web app does, without HTTP: accept uploads, queue reviews, render downloads,
delete, keep files only as long as the retention setting says.

Pages and API routes are thin edges over this; problems are raised as
`ReviewerError` subclasses and turned into HTTP answers in one place (app.py).
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from reviewer.batch.worker import EngineSettings
from reviewer.errors import InputError, ReviewerError
from reviewer.library.model import Library
from reviewer.report.attention import check_these
from reviewer.report.messages import language_for, messages
from reviewer.report.model import Report
from reviewer.report.overview import ordered_findings, parameter_sentences, topic_grid
from reviewer.web import audit, limits, security
from reviewer.web.audit import Actor
from reviewer.web.db import Review, Upload, User
from reviewer.web.jobs import JobRunner, JobSpec
from reviewer.web.settings import WebSettings
from reviewer.web.storage import apply_retention, delete_file, display_name, save_upload

log = logging.getLogger(__name__)

COUNTRY = re.compile(r"^[A-Za-z]{2}$")
RETENTION_SWEEP_S = 600.0
MEDIA_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "redline.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NotFoundError(ReviewerError):
    """No such review or upload for this user (others' items are not found either)."""


class NotReadyError(ReviewerError):
    """The review has not finished, or failed, so it has no report."""


class TooManyFilesError(ReviewerError):
    pass


@dataclass(frozen=True)
class Download:
    body: bytes
    media_type: str
    file_name: str


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text.strip()) + "%"


class ReviewService:
    def __init__(
        self,
        settings: WebSettings,
        sessions: sessionmaker[Session],
        library: Library,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.library = library
        self.profiles = sorted(library.profiles)
        self.runner: JobRunner | None = None
        self._stop = threading.Event()

    # ------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start the worker pool and the retention sweep; requeue unfinished reviews."""
        self.runner = JobRunner(self.settings.workers, self.sessions, on_finished=self._reviewed)
        self._stop.clear()
        threading.Thread(target=self._sweep, name="retention", daemon=True).start()
        with self.sessions() as db:
            for review in db.scalars(select(Review).where(Review.status == "queued")):
                if not review.stored_name:
                    review.status, review.error = "failed", "the file was deleted before review"
            db.commit()
        self.runner.resume_unfinished(self.spec_for)

    def stop(self) -> None:
        self._stop.set()
        if self.runner:
            self.runner.shutdown()

    def _sweep(self) -> None:
        while True:
            try:
                with self.sessions() as db:
                    apply_retention(db, self.settings.uploads_dir, self.settings.retention_days)
                    limits.prune_login_failures(db, self.settings.login_limits)
            except Exception:  # keep sweeping; the next round may succeed
                log.exception("retention sweep failed")
            if self._stop.wait(RETENTION_SWEEP_S):
                return

    def _reviewed(self, review_id: str) -> None:
        if self.settings.retention_days > 0:
            return
        with self.sessions() as db:
            review = db.get(Review, review_id)
            if review is not None:
                delete_file(self.settings.uploads_dir, review)
                db.commit()

    def spec_for(self, review: Review) -> JobSpec | None:
        if not review.stored_name:
            return None
        return JobSpec(
            review_id=review.id,
            path=str(self.settings.uploads_dir / review.stored_name),
            display_name=review.file_name,
            settings=EngineSettings(
                library=str(self.settings.library) if self.settings.library else None,
                profile=review.profile,
                country=review.country,
                use_model=self.settings.use_model,
                time_limit_s=self.settings.time_limit_s,
            ),
        )

    # ----------------------------------------------------------------- login

    def login(self, db: Session, name: str, password: str, address: str) -> User | None:
        """The user, or None for a wrong name or password. Raises TooManyRequestsError
        (before the password is checked) once the account or the address is over the
        failed-login limit. Every attempt goes into the audit trail."""
        name = name.strip()
        actor = Actor(name or "(blank)", "web", address)
        try:
            limits.check_login_allowed(db, name, address, self.settings.login_limits)
        except limits.TooManyRequestsError:
            audit.record(db, actor, "login-refused")
            db.commit()
            raise
        user = security.authenticate(db, name, password)
        if user is None:
            audit.record(db, actor, "login-failed")
            limits.record_login_failure(db, name, address)  # commits both
            return None
        limits.clear_login_failures(db, name)
        audit.record(db, actor, "login")
        db.commit()
        return user

    def record(
        self, db: Session, actor: Actor, action: str, review: Review, detail: str = ""
    ) -> None:
        audit.record(db, actor, action, review, detail)
        db.commit()

    def audit_events(self, db: Session, **filters: Any) -> Any:
        return audit.events(db, **filters)

    # ------------------------------------------------------------- uploading

    def accept(
        self,
        db: Session,
        user: User,
        files: list[tuple[str | None, BinaryIO]],
        profile: str,
        country: str | None,
        *,
        strict: bool = False,
        actor: Actor | None = None,
    ) -> Upload:
        """Store the files and queue their reviews. A file that cannot be stored (too
        large, not a contract type, empty) becomes a failed review that says why, or,
        with `strict`, stops the upload with that error (the API answers it directly)."""
        if profile not in self.library.profiles:
            raise InputError(
                f"unknown profile {profile!r}; choose one of {', '.join(self.profiles)}"
            )
        if country and not COUNTRY.match(country):
            raise InputError("country must be two letters, such as KZ")
        files = [(name, handle) for name, handle in files if name]
        if not files:
            raise InputError("choose at least one file")
        if len(files) > self.settings.max_files_per_upload:
            raise TooManyFilesError(
                f"at most {self.settings.max_files_per_upload} files per upload"
            )
        limits.check_queue(db, user.id, len(files), self.settings.max_queued_per_user)
        actor = actor or Actor(user.name, "web")
        upload = Upload(user_id=user.id)
        db.add(upload)
        specs: list[JobSpec] = []
        for seq, (raw_name, handle) in enumerate(files):
            name = display_name(raw_name)
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
            db.add(review)
            try:
                stored, sha256, size = save_upload(
                    handle, self.settings.uploads_dir, name, self.settings.max_upload_bytes
                )
            except ReviewerError as exc:
                if strict:
                    db.rollback()
                    raise
                review.status, review.error = "failed", str(exc)
                db.flush()
                audit.record(db, actor, "upload", review, f"refused: {exc.reason}")
                continue
            review.stored_name, review.sha256, review.size = stored, sha256, size
            db.flush()
            audit.record(db, actor, "upload", review, f"{size} bytes, sha256 {sha256[:12]}")
            if spec := self.spec_for(review):
                specs.append(spec)
        db.commit()
        assert self.runner is not None, "start() the service before accepting uploads"
        for spec in specs:
            self.runner.submit(spec)
        return upload

    # --------------------------------------------------------------- reading

    def own_review(self, db: Session, user_id: int, review_id: str) -> Review:
        review = db.get(Review, review_id)
        if review is None or review.user_id != user_id:
            raise NotFoundError("no such review")
        return review

    def own_upload(self, db: Session, user_id: int, upload_id: str) -> Upload:
        upload = db.get(Upload, upload_id)
        if upload is None or upload.user_id != user_id:
            raise NotFoundError("no such upload")
        return upload

    def search(self, db: Session, user_id: int, text: str = "", limit: int = 500) -> list[Review]:
        query = select(Review).where(Review.user_id == user_id)
        if text.strip():
            query = query.where(Review.file_name.ilike(_like(text), escape="\\"))
        return list(db.scalars(query.order_by(Review.created.desc()).limit(limit)))

    @staticmethod
    def report_of(review: Review) -> Report:
        if review.status != "done" or not review.report_json:
            raise NotReadyError(f"the review is {review.status}; there is no report yet")
        return Report.model_validate_json(review.report_json)

    @staticmethod
    def view(review: Review) -> dict[str, Any]:
        """What the review page shows."""
        context: dict[str, Any] = {"review": review, "report": None}
        if review.status == "done" and review.report_json:
            report = Report.model_validate_json(review.report_json)
            # The page of a Russian contract reads in Russian, as its report does.
            t = messages(language_for(report))
            context.update(
                t=t,
                report=report,
                grid=topic_grid(report),
                findings=ordered_findings(report),
                checks=check_these(report),
                settings=parameter_sentences(report, t),
                contexts=json.loads(review.contexts_json or "{}"),
            )
        return context

    def profile_descriptions(self) -> dict[str, str]:
        """Each profile in words, for the upload form."""
        return {
            name: " ".join((profile.description or "").split())
            for name, profile in self.library.profiles.items()
        }

    @staticmethod
    def history_facts(db: Session, reviews: list[Review]) -> dict[str, Any]:
        """Per review in a history list: its counts and highest gap, and how many files
        were uploaded with it (so multi-file uploads link to their page)."""
        summaries: dict[str, Any] = {}
        for review in reviews:
            if review.status == "done" and review.report_json:
                try:
                    summaries[review.id] = json.loads(review.report_json)["summary"]
                except (ValueError, KeyError):
                    continue
        upload_ids = {r.upload_id for r in reviews}
        sizes: dict[str, int] = {}
        if upload_ids:
            query = (
                select(Review.upload_id, func.count())
                .where(Review.upload_id.in_(upload_ids))
                .group_by(Review.upload_id)
            )
            sizes = {upload_id: count for upload_id, count in db.execute(query)}
        return {"summaries": summaries, "upload_sizes": sizes}

    @staticmethod
    def related(db: Session, review: Review, limit: int = 50) -> dict[str, Any]:
        """How a review sits among the user's others: the files uploaded with it, and the
        finished reviews it can be compared with (same file name first, then newest)."""
        siblings = db.scalar(
            select(func.count()).select_from(Review).where(Review.upload_id == review.upload_id)
        )
        others = list(
            db.scalars(
                select(Review)
                .where(
                    Review.user_id == review.user_id,
                    Review.id != review.id,
                    Review.status == "done",
                )
                .order_by(Review.created.desc())
                .limit(limit)
            )
        )
        stem = Path(review.file_name).stem.lower()[:12]
        others.sort(key=lambda r: not Path(r.file_name).stem.lower().startswith(stem))
        return {
            "siblings": siblings if siblings and siblings > 1 else 0,
            "earlier": others if review.status == "done" else [],
        }

    def comparison(self, old: Review, new: Review) -> Any:
        """Two of a user's reviews compared from their reports; while retention still keeps
        a Word or text upload, its sentences let a clause be found that the review no longer
        cites (PDFs are not read again here: OCR could take minutes)."""
        from reviewer.compare import compare_reports

        return compare_reports(
            self.report_of(old),
            self.report_of(new),
            old_passages=self._passages(old),
            new_passages=self._passages(new),
        )

    def _passages(self, review: Review) -> list[Any]:
        from reviewer.compare.core import passages_of
        from reviewer.ingest import ingest
        from reviewer.segment import segment

        if not review.stored_name or review.stored_name.endswith(".pdf"):
            return []
        path = self.settings.uploads_dir / review.stored_name
        try:
            return passages_of(segment(ingest(path)))
        except (ReviewerError, OSError) as exc:
            log.info("compare without the text of %s: %s", review.id, exc)
            return []

    def annotated_source(self, review: Review) -> Path | None:
        """The uploaded Word file, while retention keeps it; else the memo is made."""
        if review.stored_name and review.stored_name.endswith(".docx"):
            return self.settings.uploads_dir / review.stored_name
        return None

    def download(self, review: Review, fmt: str) -> Download:
        if fmt not in MEDIA_TYPES:
            raise NotFoundError("report formats are json, html, docx and redline.docx")
        report = self.report_of(review)
        stem = Path(review.file_name).stem or "contract"
        if fmt == "redline.docx":
            return Download(self._redline(review, report), MEDIA_TYPES[fmt], f"{stem}.{fmt}")
        if fmt == "json":
            body = report.to_json().encode()
        elif fmt == "html":
            from reviewer.report.html import render_html

            body = render_html(report).encode()
        else:
            from reviewer.report.docx import write_docx

            with tempfile.TemporaryDirectory() as work:
                target = Path(work) / "review.docx"
                write_docx(report, target, source=self.annotated_source(review))
                body = target.read_bytes()
        return Download(body, MEDIA_TYPES[fmt], f"{stem}.review.{fmt}")

    def _redline(self, review: Review, report: Report) -> bytes:
        """The uploaded Word file with the recommended clauses as tracked changes."""
        from reviewer.report.redline import write_redline

        source = self.annotated_source(review)
        if source is None or not source.exists():
            raise NotReadyError(
                "a redline needs the uploaded Word file, which is no longer kept"
                if review.file_name.lower().endswith(".docx")
                else "a redline needs the contract as a Word (.docx) file"
            )
        with tempfile.TemporaryDirectory() as work:
            target = Path(work) / "redline.docx"
            write_redline(report, source, target)
            return target.read_bytes()

    def inventory(self, upload: Upload, fmt: str) -> Download:
        """The AI vendor inventory of a multi-file upload, as XLSX or CSV."""
        from reviewer.inventory.outputs import inventory_csv, inventory_xlsx

        rows = self.inventory_rows(upload)
        name = f"inventory-{upload.id[:8]}.{fmt}"
        if fmt == "xlsx":
            return Download(inventory_xlsx(rows), XLSX, name)
        if fmt == "csv":
            return Download(inventory_csv(rows).encode(), "text/csv; charset=utf-8", name)
        raise NotFoundError("inventory formats are xlsx and csv")

    @staticmethod
    def inventory_rows(upload: Upload) -> list[Any]:
        from reviewer.inventory.outputs import InventoryRow

        return [
            InventoryRow(r.file_name, Report.model_validate_json(r.report_json).inventory)
            for r in upload.reviews
            if r.status == "done" and r.report_json
        ]

    def matrix(self, upload: Upload) -> Download:
        from reviewer.batch.outputs import BatchError, ContractRow, write_xlsx

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
        return Download(body, XLSX, f"matrix-{upload.id[:8]}.xlsx")

    # -------------------------------------------------------------- deleting

    def delete(self, db: Session, review: Review, actor: Actor) -> None:
        """The review, its report and its uploaded file, at once."""
        audit.record(db, actor, "delete", review)
        delete_file(self.settings.uploads_dir, review)
        upload_id = review.upload_id
        db.delete(review)
        db.flush()
        remaining = db.scalar(
            select(func.count()).select_from(Review).where(Review.upload_id == upload_id)
        )
        if not remaining and (upload := db.get(Upload, upload_id)) is not None:
            db.delete(upload)
        db.commit()
