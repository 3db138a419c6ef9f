"""Shared fixtures.

``built_site``: the sample corpus built ONCE per test session with
``baocao build --strict`` in a temporary copy of the project (so the working
tree's docs/ is never touched and parallel sessions do not collide).  The
engine is ``$BAOCAO_ENGINE`` (mkdocs, properdocs, zensical; default: the
default engine): CI runs the site and browser tests once per engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass
class BuiltSite:
    """A built copy of the project: ``root`` (copy), ``docs`` (generated pages), ``site`` (HTML)."""

    root: Path
    docs: Path
    site: Path
    returncode: int
    log: str


def test_engine() -> str:
    """The engine the site tests build with: ``$BAOCAO_ENGINE`` or the default; skips if it is not installed."""
    from converters.site import engines

    name = os.environ.get("BAOCAO_ENGINE") or engines.DEFAULT_ENGINE
    if not engines.available(name):
        pytest.skip(f"engine {name} is not installed (pip install -e '.[engines]')")
    return name


test_engine.__test__ = False  # a helper, not a test


def build_copy(work: Path, raw: Path | None = None) -> BuiltSite:
    """Copy mkdocs.yml, overrides/, hand-written docs/ and raw/ into ``work``; run ``baocao build --strict``."""
    from converters.site import generate as site_mod

    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", work / "overrides")
    shutil.copytree(raw or REPO / "raw", work / "raw")
    generated = set(site_mod.GENERATED_DIRS) | set(site_mod.GENERATED_FILES)
    shutil.copytree(
        REPO / "docs", work / "docs", ignore=lambda d, names: [n for n in names if Path(d) == REPO / "docs" and n in generated]
    )
    # The hook is loaded by path relative to mkdocs.yml; the package itself is the installed one.
    (work / "converters").symlink_to(REPO / "converters", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != site_mod.FRESH_ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "converters", "build", "--engine", test_engine(), "--strict", "--root", str(work),
         "-d", str(work / "site")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    return BuiltSite(work, work / "docs", work / "site", proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The sample corpus built with ``mkdocs build --strict`` (shared by the site, catalog and link tests)."""
    return build_copy(tmp_path_factory.mktemp("built"))


SAMPLES = sorted((REPO / "raw").glob("*/*.txt"))


def pytest_addoption(parser):
    """``--update-golden`` rewrites ``tests/golden/*.md`` from the current converter.

    Review the diff before committing it: a golden page that keeps a defect is a defect.
    """
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.md from the converter")


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to regenerate the golden pages."""
    return request.config.getoption("--update-golden")
