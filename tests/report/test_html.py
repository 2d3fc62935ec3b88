from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reviewer.report.html import css_name, render_html
from reviewer.report.model import Report
from reviewer.report.overview import STATUSES, ordered_findings, topic_grid


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.grid_rows: list[list[str]] = []
        self._in_grid = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table" and "grid" in (attributes.get("class") or ""):
            self._in_grid = True
        if self._in_grid and tag == "tr":
            self.grid_rows.append([])
        if self._in_grid and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_grid = False
        if self._cell is not None and tag in ("td", "th"):
            self.grid_rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_memo_is_self_contained_without_scripts(sample_report: Report) -> None:
    html = render_html(sample_report)
    parsed = _parse(html)
    assert not [t for t, _ in parsed.tags if t in ("script", "link", "img", "iframe", "object")]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_grid_matches_the_findings(sample_report: Report) -> None:
    parsed = _parse(render_html(sample_report))
    header, *rows = parsed.grid_rows
    assert len(header) == 1 + len(STATUSES)
    expected = topic_grid(sample_report)
    assert [r[0] for r in rows] == [row.label for row in expected]
    for cells, row in zip(rows, expected, strict=True):
        assert [int(c) for c in cells[1:]] == [row.counts[s] for s in STATUSES]


def test_every_finding_appears_with_status_severity_evidence_and_fix(
    sample_report: Report,
) -> None:
    html = render_html(sample_report)
    positions = []
    for finding in ordered_findings(sample_report):
        marker = f'id="req-{css_name(finding.requirement)}"'
        assert marker in html
        assert f'class="finding st-{finding.status} tp-{css_name(finding.topic)}"' in html
        positions.append(html.index(marker))
    assert positions == sorted(positions)  # the one reading order
    conflict = next(f for f in sample_report.findings if f.status == "conflict")
    assert f"§ {conflict.evidence[0].section}" in html
    assert "Replace § 3.2" in html and "Add a clause" in html
    assert "Add:" not in html  # the clause alone, under its heading
    assert "points the other way" in html
    assert "Check these first" in html
    assert "Data must stay in Kazakhstan." in html  # settings in words
    assert "required_countries" not in html


def test_filters_cover_every_status_and_topic(sample_report: Report) -> None:
    html = render_html(sample_report)
    for status in STATUSES:
        assert f'id="fs-{status}"' in html
        assert f"#fs-{status}:checked ~ .findings" in html
    for row in topic_grid(sample_report):
        assert f'id="ft-{row.topic}"' in html
        assert f"tp-{row.topic}" in html


def test_contract_text_and_file_names_are_escaped(hostile_report: Report) -> None:
    html = render_html(hostile_report)
    assert "<script>" not in html and "<img" not in html and "<b>vendor" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;vendor&lt;i&gt; terms.txt" in html
    assert not [t for t, _ in _parse(html).tags if t in ("script", "img")]


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_status_and_topic_filters_work_in_a_real_browser(
    sample_report: Report, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    memo = tmp_path / "memo.html"
    memo.write_text(render_html(sample_report), encoding="utf-8")
    missing = sum(f.status == "missing" for f in sample_report.findings)
    first_topic = topic_grid(sample_report)[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(memo.as_uri())
        findings = page.locator("article.finding")
        assert findings.count() == len(sample_report.findings)
        visible = "article.finding:visible"
        assert page.locator(visible).count() == len(sample_report.findings)
        page.click('label[for="fs-missing"]')
        assert page.locator(visible).count() == missing
        assert page.locator("article.st-missing:visible").count() == missing
        page.click(f'label[for="ft-{first_topic.topic}"]')
        assert page.locator(visible).count() == first_topic.counts["missing"]
        page.click('label[for="fs-all"]')
        assert page.locator(visible).count() == len(first_topic.findings)
        browser.close()


def test_a_bilingual_memo_quotes_both_versions_in_russian(bilingual_report: Report) -> None:
    from tests.bilingual import KK, RU

    html = render_html(bilingual_report)
    assert '<html lang="ru">' in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    # Each quoted Russian clause beside its Kazakh version, both marked with their language.
    assert '<blockquote lang="ru"><cite>п.\u00a04</cite>' in html
    assert '<blockquote class="parallel" lang="kk"><cite>Казахский текст, п.\u00a04</cite>' in html
    assert RU[3] in text and KK[3] in text
    for english in ("At a glance", "Findings", "Check these first", "§"):
        assert english not in text, english
