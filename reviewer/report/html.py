"""The HTML memo: one self-contained file a lawyer can open offline or forward.

No scripts and no external assets: styles are inline in the page and the
status/topic filters are radio buttons driven by CSS, so the memo also works
under a strict Content-Security-Policy and in mail clients' previews. Jinja2
autoescaping escapes all contract text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import PurePath

import jinja2

from reviewer.report.attention import check_these
from reviewer.report.messages import language_for, messages
from reviewer.report.model import Report
from reviewer.report.overview import (
    GAP_STATUSES,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_TINT,
    STATUSES,
    action_label,
    clause_of,
    evidence_role_label,
    kind_label,
    language_label,
    location,
    ordered_findings,
    parallel_label,
    parameter_sentences,
    topic_grid,
    topic_label,
)


def css_name(value: str) -> str:
    """A token safe inside a CSS selector and an HTML id (library ids are data)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)


def parameter_text(value: object) -> str:
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or "none"
    return str(value)


def _number(value: float | None) -> str:
    """A figure as a reader writes it: 72, 1.5, or nothing."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def template_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """A Jinja2 environment for any of our HTML pages: autoescaped whatever the file
    name (contract text is hostile), strict about undefined names, with the status
    vocabulary and palette every page shares."""
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_name"] = css_name
    env.filters["parameter"] = parameter_text
    env.globals.update(
        STATUSES=STATUSES,
        GAP_STATUSES=GAP_STATUSES,
        STATUS_LABEL=STATUS_LABEL,
        STATUS_COLOUR=STATUS_COLOUR,
        STATUS_TINT=STATUS_TINT,
        location=location,
        kind_label=kind_label,
        language_label=language_label,
        parallel_label=parallel_label,
        topic_label=topic_label,
        action_label=action_label,
        clause_of=clause_of,
        evidence_role_label=evidence_role_label,
        # English unless a page passes its own `t` (a render argument wins over a global).
        t=messages(),
        number=_number,
    )
    return env


@cache
def _environment() -> jinja2.Environment:
    return template_environment(jinja2.PackageLoader("reviewer.report", "templates"))


def render_html(
    report: Report, *, generated: datetime | None = None, language: str | None = None
) -> str:
    """The memo for one report, as a complete HTML document, in the report's language
    unless another is asked for."""
    t = messages(language_for(report, language))
    template = _environment().get_template("memo.html.j2")
    return template.render(
        t=t,
        report=report,
        file_name=PurePath(report.document.path).name,
        grid=topic_grid(report),
        findings=ordered_findings(report),
        checks=check_these(report),
        settings=parameter_sentences(report, t),
        generated=(generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
    )
