"""The comparison for people: the terminal, and one self-contained HTML page."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import cache

import jinja2
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from reviewer.compare.core import ClauseChange, Comparison, RequirementChange
from reviewer.report.html import template_environment
from reviewer.report.messages import Messages, messages
from reviewer.report.overview import STATUS_COLOUR, location, topic_label

WIDTH = 100
SECTIONS = ("worse", "better", "remains")
ARROW = "→"


def _status(status: str, t: Messages) -> Text:
    return Text(t.status(status), style=f"bold #{STATUS_COLOUR.get(status, '59636E')}")


def _place(passage: object, t: Messages) -> str:
    section = getattr(passage, "section", None)
    page = getattr(passage, "page", None)
    return location(section, page, t) or ""


def _diff(change: ClauseChange, t: Messages, colour: bool) -> list[Text]:
    lines: list[Text] = []
    before, after = _place(change.before, t), _place(change.after, t)
    if change.kind == "removed":
        head = Text(f"{before}: " if before else "", style="cyan")
        head.append(t("compare.removed_clause"), "italic")
        lines.append(head)
        if change.before:
            lines.append(Text(change.before.text, style="red strike" if colour else ""))
        return lines
    if change.kind == "new":
        head = Text(f"{after}: " if after else "", style="cyan")
        head.append(t("compare.new_clause"), "italic")
        lines.append(head)
        if change.after:
            lines.append(Text(change.after.text, style="green" if colour else ""))
        return lines
    where = f"{before} {ARROW} {after}" if before != after else before
    head = Text(f"{where}: " if where else "", style="cyan")
    if change.kind == "unchanged":
        head.append(t("compare.same_text"), "italic")
        return [head]
    lines.append(head)
    body = Text()
    for piece in change.diff:
        if piece.op == "same":
            body.append(piece.text)
        elif colour:
            body.append(piece.text, "red strike" if piece.op == "removed" else "bold green")
        else:
            body.append(f"[-{piece.text}-]" if piece.op == "removed" else f"{{+{piece.text}+}}")
    lines.append(body)
    return lines


def _requirement(
    change: RequirementChange, comparison: Comparison, t: Messages, colour: bool
) -> Group:
    head = Text()
    head.append(f"[{t.severity(change.severity)}] ")
    head.append(change.title, "bold")
    head.append(f" · {topic_label(change.topic, comparison.topics)}  ", "dim")
    head.append_text(_status(change.before, t))
    head.append(f" {ARROW} ")
    head.append_text(_status(change.after, t))
    body: list[Text] = []
    for value in change.values:
        body.append(
            Text(
                t(
                    f"compare.value.{value.name}",
                    before=_number(value.before),
                    after=_number(value.after),
                )
            )
        )
    body.append(Text(change.after_explanation))
    for clause in change.clauses:
        body.extend(_diff(clause, t, colour))
    if change.recommended_clause and change.change != "better":
        body.append(Text.assemble((t("compare.ask_for") + ": ", "bold"), change.recommended_clause))
    return Group(head, Padding(Group(*body), (0, 0, 0, 4), expand=False))


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render_comparison_text(
    comparison: Comparison, *, colour: bool = False, width: int = WIDTH, language: str = "en"
) -> str:
    t = messages(language)
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=colour, color_system="truecolor" if colour else None,
        no_color=not colour, highlight=False, emoji=False,
    )  # fmt: skip
    console.print(
        Text(t("compare.title", old=comparison.old.path, new=comparison.new.path), style="bold")
    )
    counts = Text()
    for kind in ("worse", "better", "remains", "met"):
        counts.append(t(f"compare.count.{kind}", count=comparison.counts.get(kind, 0)) + "   ")
    console.print(counts)
    for warning in comparison.warnings:
        console.print(Text(t("common.warning", text=warning), style="yellow"))
    for kind in SECTIONS:
        changes = comparison.of(kind)  # type: ignore[arg-type]
        console.print()
        console.print(Rule(Text(t(f"compare.section.{kind}").upper(), style="bold"), align="left"))
        if not changes:
            console.print(Text(t(f"compare.none.{kind}"), style="dim"))
        for change in changes:
            console.print(_requirement(change, comparison, t, colour))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


@cache
def _environment() -> jinja2.Environment:
    return template_environment(jinja2.PackageLoader("reviewer.compare", "templates"))


def render_comparison_html(
    comparison: Comparison, *, generated: datetime | None = None, language: str = "en"
) -> str:
    t = messages(language)
    return (
        _environment()
        .get_template("compare.html.j2")
        .render(
            t=t,
            comparison=comparison,
            sections=[(kind, comparison.of(kind)) for kind in SECTIONS],  # type: ignore[arg-type]
            number=_number,
            generated=(generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )
