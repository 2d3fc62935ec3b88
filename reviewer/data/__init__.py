"""The playbook and the model that ship with the package, read through importlib.resources.

In a checkout, `clause_library` and `models` here are symbolic links to the
folders at the top of the repository (where people edit them); a wheel holds
copies of them as package data. Either way the code asks importlib.resources,
never the location of a source file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from reviewer.errors import ReviewerError


def packaged(name: str) -> Path:
    """The folder `name` (clause_library or models) shipped with the package."""
    resource = resources.files(__name__) / name
    path = Path(str(resource)).resolve()
    if not path.is_dir():
        raise ReviewerError(
            f"the installed package has no {name}/ (a broken install?); reinstall contract-reviewer"
        )
    return path
