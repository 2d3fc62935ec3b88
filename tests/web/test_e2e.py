"""End to end in a real headless Chromium: log in, upload a DOCX, read, download, open.

Uses Debian's chromium (`.ci/run` installs it) through Playwright for Python. The
screenshot of the review page is kept in tests/web/artifacts/ for people to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from reviewer.web.app import create_app
from tests.paths import SAMPLES
from tests.web.conftest import PASSWORD, make_settings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    settings = make_settings(tmp_path_factory.mktemp("e2e"))
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_login_upload_read_and_download_the_annotated_docx(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    console_errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1200, "height": 900}
        )
        page = context.new_page()
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

        page.goto(server + "/")
        expect(page).to_have_url(server + "/login?next=/")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Review contracts")

        # Size and type are checked in the browser before anything is sent.
        wrong = tmp_path / "notes.exe"
        wrong.write_bytes(b"MZ")
        page.set_input_files("#files", str(wrong))
        expect(page.locator("#upload-problem")).to_contain_text("notes.exe is not a PDF")
        page.click("form[action='/upload'] button[type=submit]")
        expect(page.locator("h1")).to_have_text("Review contracts")  # nothing was sent

        page.set_input_files("#files", str(SAMPLES / "lumen-msa-ai-addendum.docx"))
        expect(page.locator("#upload-problem")).to_be_hidden()
        expect(page.get_by_text("Kazakhstan - personal data kept in databases")).to_be_visible()
        page.check("input[name=profile][value=kz]")
        page.click("form[action='/upload'] button[type=submit]")
        expect(page.locator("h1.file")).to_have_text("lumen-msa-ai-addendum.docx")
        expect(page.get_by_text("At a glance")).to_be_visible(timeout=60_000)

        findings = page.locator("details.finding")
        assert findings.count() == 28
        expect(page.locator("details.st-conflict").first).to_be_visible()
        assert page.locator("details.st-met[open]").count() == 0  # met findings start folded
        assert page.locator("details.st-conflict:not([open])").count() == 0
        assert page.locator("figure.evidence mark").count() > 10
        assert "§ 4.1" in page.locator("#req-residency-localization").inner_text()
        expect(page.locator("ol.check li").first).to_be_visible()

        # The memo's status and topic filters work on the page too.
        gaps = page.locator("details.finding:visible")
        page.click("#filters button[data-value=missing]")
        missing = page.locator("details.st-missing").count()
        assert gaps.count() == missing
        page.click("#filters button[data-value=data_residency]")
        assert (
            page.locator("details.finding:visible").count()
            == page.locator("details.st-missing[data-topic=data_residency]").count()
        )
        page.click("#filters button[data-filter=status][data-value='']")
        page.click("#filters button[data-filter=topic][data-value='']")
        assert page.locator("details.finding:visible").count() == 28

        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.click("#req-residency-localization button.copy >> nth=0")
        expect(page.locator("#req-residency-localization button.copy").first).to_have_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        # The clause alone, in the contract's own names: no "Replace ... with:" glued on.
        assert copied.startswith("Supplier shall store") or copied.startswith("Supplier shall")
        assert "Replace" not in copied and "Provider" not in copied

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-page.png"), full_page=False)
        page.locator("#req-residency-localization").screenshot(
            path=str(ARTIFACTS / "review-finding.png")
        )

        with page.expect_download() as download_info:
            page.click("text=Word: annotated copy")
        target = tmp_path / "annotated.docx"
        download_info.value.save_as(target)
        comments = list(docx.Document(str(target)).comments)
        assert len(comments) > 10
        assert any(
            c.text.startswith("CONFLICT (critical): Data stays in the required country")
            for c in comments
        )

        page.goto(server + "/history?q=lumen")
        expect(page.locator("table.list a")).to_have_text("lumen-msa-ai-addendum.docx")
        browser.close()
    # A CSP violation (an inline script or style slipping in) shows up as a console error.
    assert console_errors == []


def test_compare_a_revised_draft_in_the_browser(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(server + "/login")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        for name in ("lumen-msa-ai-addendum.docx", "lumen-msa-ai-addendum-v2.docx"):
            page.goto(server + "/")
            page.set_input_files("#files", str(SAMPLES / name))
            page.click("form[action='/upload'] button[type=submit]")
            expect(page.get_by_text("At a glance")).to_be_visible(timeout=60_000)
        page.select_option(
            "select[name=with]",
            label=page.locator(
                "select[name=with] option", has_text="lumen-msa-ai-addendum.docx"
            ).first.inner_text(),
        )
        page.click("form.compare-form button[type=submit]")
        expect(page.locator("h2#worse")).to_have_text("Got worse")
        assert page.locator("details.change-worse").count() == 2
        assert page.locator("blockquote.diff ins").count() > 3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "compare-page.png"), full_page=True)
        browser.close()
