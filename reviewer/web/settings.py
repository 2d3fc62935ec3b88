"""Settings of one web server instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reviewer.web.limits import LoginLimits


@dataclass
class WebSettings:
    data_dir: Path = field(default_factory=lambda: Path("reviewer-data"))
    database_url: str | None = None  # default: SQLite in data_dir
    retention_days: float = 30.0  # uploaded files; 0 deletes a file once it is reviewed
    workers: int = 2
    max_upload_bytes: int = 25 * 1024 * 1024
    max_files_per_upload: int = 50
    max_queued_per_user: int = 100  # reviews waiting per user; more gets 429
    login_limits: LoginLimits = field(default_factory=LoginLimits)
    time_limit_s: float = 120.0  # to read one document
    use_model: bool = True  # the trained model decides (False: the rules alone)
    session_hours: float = 12.0
    # Set when the server sits behind HTTPS (a reverse proxy): cookies then carry Secure.
    secure_cookies: bool = False
    library: Path | None = None

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'reviewer.db').resolve()}"
