"""Shared fixtures and the Hypothesis profiles.

``built_site``: the sample corpus built ONCE per test session with
``baocao build --strict`` in a temporary copy of the project (so the working
tree's docs/ is never touched and parallel sessions do not collide).  The
engine is ``$BAOCAO_ENGINE`` (mkdocs, properdocs, zensical; default: the
default engine): CI runs the site and browser tests once per engine.

Hypothesis profiles (property tests must pass or fail the same way on every
clone; exploring with random inputs is ``benchmarks/fuzz.py``'s job):

- ``ci``: derandomized (the same examples on every run and machine), each
  test's own example budget (its ``@settings(max_examples=...)``, else 100),
  no example database.  Selected when ``CI=true``, and also by default, so
  the README's ``python -m pytest`` on a fresh clone is deterministic.
- ``dev``: random examples, failures remembered in ``.hypothesis/``; choose
  it with ``HYPOTHESIS_PROFILE=dev`` (or ``--hypothesis-profile=dev``).
- ``fuzz``: what ``benchmarks/fuzz.py`` uses: random, and every property test's
  budget raised to ``BAOCAO_FUZZ_EXAMPLES`` examples (see
  :func:`pytest_collection_modifyitems`).

Every failure a profile or the fuzzer ever found is kept in its test as an
``@example`` so that it is checked on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent


#: Environment variable of ``benchmarks/fuzz.py``: examples per property test.
FUZZ_ENV = "BAOCAO_FUZZ_EXAMPLES"

settings.register_profile("ci", derandomize=True, max_examples=100, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", derandomize=False, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),  # slow or filtered inputs are expected at this budget
)


def _profile() -> str:
    if os.environ.get(FUZZ_ENV):
        return "fuzz"
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return os.environ["HYPOTHESIS_PROFILE"]
    return "ci"  # CI=true, and a plain run on a fresh clone


settings.load_profile(_profile())


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
def generated_project(tmp_path) -> Path:
    """A project whose raw/ holds the five samples and mkdocs.yml, its docs/ generated once (cache filled)."""
    from converters.site import generate

    root = tmp_path / "project"
    shutil.copytree(REPO / "raw", root / "raw")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    generate.generate(str(root))
    return root


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to regenerate the golden pages."""
    return request.config.getoption("--update-golden")


def pytest_collection_modifyitems(config, items):
    """Under ``benchmarks/fuzz.py`` (``BAOCAO_FUZZ_EXAMPLES=N``): keep only the property tests and give each N examples.

    A test's own ``@settings(max_examples=...)`` outranks any profile, so the
    budget is raised on the settings Hypothesis attached to the test.
    """
    budget = os.environ.get(FUZZ_ENV)
    if not budget:
        return
    examples = int(budget)
    keep, drop = [], []
    for item in items:
        test = getattr(item, "obj", None)
        if getattr(test, "is_hypothesis_test", False):
            current = getattr(test, "_hypothesis_internal_use_settings", None)
            if current is None:  # pragma: no cover - Hypothesis changed its internals
                raise pytest.UsageError(f"cannot set the example budget of {item.nodeid}")
            test._hypothesis_internal_use_settings = settings(
                current, max_examples=examples, derandomize=False, database=None, deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            keep.append(item)
        else:
            drop.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep


def index_meaning(files):
    """What a search index says, whatever its page ids: ``{relative path: file text}`` of its files ->
    postings, rows, chunks and counts by page URL (an updated index gives an added page the next id,
    a full build numbers pages in order: both must say the same)."""
    from converters.site import search_index as si
    import json
    import re

    data = {"t": {}, "u": {}, "p": {}, "c": {}}
    for rel, text in files.items():
        m = re.fullmatch(r"__bcSearch\.(\w+)\((.*)\);\n", text, re.S)
        args = json.loads("[" + m.group(2) + "]")
        if rel == "manifest.js":
            manifest = args[0]
        else:
            data[rel[0]][args[0]] = args[1]
    rows = {}
    for g, group in data["p"].items():
        for k, row in enumerate(group):
            if row is not None:
                rows[g * manifest["group"] + k] = row
    url = {pid: row[0] for pid, row in rows.items()}
    postings = {}
    for name, terms in data["t"].items():
        for term, (df, head, *tail) in terms.items():
            got = si.decode_postings(head)
            for k in range(len(si.tail_bounds(df, manifest["head"])) if tail else 0):
                got += si.decode_postings(data["u"][f"{tail[0]}-{k}"])
            assert len(got) == df
            postings[term] = sorted((w, url[pid], sec) for w, pid, sec in got)
    chunks = {(url[int(key.split("-")[0])], key.split("-")[1]): secs for key, secs in data["c"].items()}
    reports = {url[pid] for pid in rows if manifest["reports"][pid] == "1"}
    return postings, sorted(rows.values()), chunks, reports, manifest["sections"], manifest["shards"]
