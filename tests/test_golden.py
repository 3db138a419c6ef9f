"""Golden pages: each sample report's page compared with its reviewed expected page.

``pytest tests/test_golden.py --update-golden`` rewrites the expected pages;
review the diff against the raw text before committing it.
"""

from __future__ import annotations

import difflib

import pytest

from converters import convert_file

from .conftest import REPO, SAMPLES

GOLDEN = REPO / "tests" / "golden"


def _golden_path(raw):
    return GOLDEN / (raw.parent.name + "--" + raw.stem + ".md")


def compare_with_golden(page: str, expected_path, label: str, update_golden: bool) -> None:
    """Fail unless ``page`` (Markdown) equals the reviewed page at ``expected_path``, with a diff.

    ``update_golden`` (``--update-golden``) rewrites the expected page; a missing one is written
    and fails the test, so that it is reviewed before it counts.  ``label`` names the raw file.
    """
    if update_golden or not expected_path.exists():
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(page, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"golden page {expected_path.name} was missing and has been written; review it")
    expected = expected_path.read_text(encoding="utf-8")
    if page != expected:
        diff = "\n".join(
            difflib.unified_diff(expected.splitlines(), page.splitlines(), "expected", "converted", lineterm="", n=1)
        )
        pytest.fail(f"{label} differs from {expected_path.name}:\n{diff[:6000]}")


@pytest.mark.parametrize("raw", SAMPLES, ids=lambda p: p.stem)
def test_sample_matches_golden_page(raw, update_golden):
    page = convert_file(str(raw), root=str(REPO)).markdown
    compare_with_golden(page, _golden_path(raw), raw.name, update_golden)
