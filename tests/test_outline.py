"""Per-family outline and table cases (``tests/cases/outline.yml``, ``tables.yml``).

Each case is a small made-up raw text in logical-line form; the page must show exactly the
listed heading lines (``headings``), contain / lack the listed strings and warnings.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

from converters import convert
from converters.frontmatter import split_front_matter

HERE = pathlib.Path(__file__).parent / "cases"
CASES = [
    case
    for name in ("outline.yml", "tables.yml")
    if (HERE / name).exists()
    for case in yaml.safe_load((HERE / name).read_text("utf-8"))
]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    page = convert(case["input"], "case.txt")
    meta, body = split_front_matter(page.markdown)
    if "headings" in case:
        found = [line for line in body.splitlines()[1:] if line.startswith("#")]
        assert found == case["headings"], body
    for key, value in (case.get("meta") or {}).items():
        assert meta.get(key) == value, f"{key}: {meta.get(key)!r}"
    for text in case.get("body_has", []):
        assert text in body, f"missing {text!r} in:\n{body}"
    for text in case.get("body_lacks", []):
        assert text not in body, f"unexpected {text!r} in:\n{body}"
    for text in case.get("warnings_has", []):
        assert any(text in w for w in meta["warnings"]), meta["warnings"]
