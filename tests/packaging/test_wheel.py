"""Installable from a wheel: build it, install it into a fresh virtual environment and
review a sample contract there, from a folder outside the checkout.

The fresh environment borrows the already-installed dependencies (spaCy,
scikit-learn, ...) through a path file, added after the wheel is installed so
that pip sees an empty environment; the checkout itself is nowhere on its path.
The playbook, the model, the web templates and the migrations must all come
from the wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.paths import REPO, SAMPLES

pytest.importorskip("setuptools", minversion="68")

SOURCES = ("pyproject.toml", "README.md", "reviewer", "clause_library", "models")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(
                origin, source / name, symlinks=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
            )  # fmt: skip
        else:
            shutil.copy2(origin, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(dist), str(source)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (built,) = dist.glob("contract_reviewer-*.whl")
    return built


def test_the_wheel_holds_the_playbook_model_templates_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "reviewer/data/clause_library/library.yaml",
        "reviewer/data/clause_library/concepts.yaml",
        "reviewer/data/clause_library/profiles/default.yaml",
        "reviewer/data/models/review-model.npz",
        "reviewer/data/models/review-model.json",
        "reviewer/web/templates/review.html.j2",
        "reviewer/web/static/app.js",
        "reviewer/web/migrations/env.py",
        "reviewer/web/migrations/versions/0001_release_0_1_0.py",
        "reviewer/report/templates/memo.html.j2",
    }
    assert expected <= names, sorted(expected - names)
    requirements = {n for n in names if n.startswith("reviewer/data/clause_library/requirements/")}
    assert len(requirements) == len(list((REPO / "clause_library" / "requirements").glob("*.yaml")))
    assert not any(n.startswith(("clause_library/", "models/", "tests/")) for n in names)


def test_a_fresh_environment_reviews_a_sample_from_the_wheel(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    contract = work / "vendor-dpa.docx"
    shutil.copy(SAMPLES / "northwind-ai-dpa.docx", contract)
    clean_env = {"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": str(work)}

    where = subprocess.run(
        [str(python), "-c", "import reviewer, reviewer.data as d; "
         "print(reviewer.__file__); print(d.packaged('clause_library'))"],
        cwd=work, env=clean_env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    assert all(Path(p).is_relative_to(env) for p in where), where

    review = subprocess.run(
        [str(env / "bin" / "reviewer"), "review", str(contract), "--profile", "kz",
         "--format", "json", "--model"],
        cwd=work, env=clean_env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert review.returncode in (0, 1), review.stderr
    report = json.loads(review.stdout)
    assert report["findings"] and report["document"]["path"].endswith("vendor-dpa.docx")
    assert any(f["status"] == "met" for f in report["findings"])
    assert report["tool"]["model"], report["tool"]  # the model came with the wheel

    data = work / "data"
    users = subprocess.run(
        [str(env / "bin" / "reviewer"), "users", "add", "ann", "--password-stdin",
         "--data-dir", str(data)],
        input="a long enough password\n", cwd=work, env=clean_env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert users.returncode == 0, users.stderr  # the migrations came with the wheel
