"""Docs are tested: every command the CLI offers is documented in the README."""

from __future__ import annotations

import typer.main

from reviewer.cli.main import _register_commands, app
from tests.paths import REPO


def test_every_command_is_in_the_readme() -> None:
    _register_commands()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {child}" for child in sub) if sub else names.append(name)
    assert names
    missing = [name for name in names if f"reviewer {name}" not in readme]
    assert not missing, f"undocumented commands: {missing}"
