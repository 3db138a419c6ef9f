"""Per-family cases (``tests/cases/convert.yml``): small raw texts and what their page shows."""

from __future__ import annotations

import pathlib

import pytest
import yaml

from converters import convert
from converters.frontmatter import split_front_matter

CASES = yaml.safe_load((pathlib.Path(__file__).parent / "cases" / "convert.yml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    page = convert(case["input"], "case.txt")
    meta, body = split_front_matter(page.markdown)
    for key, value in (case.get("meta") or {}).items():
        assert meta.get(key) == value, f"{key}: {meta.get(key)!r}"
    for text in case.get("body_has", []):
        assert text in body, f"missing {text!r} in:\n{body}"
    for text in case.get("body_lacks", []):
        assert text not in body, f"unexpected {text!r} in:\n{body}"
    for text in case.get("warnings_has", []):
        assert any(text in w for w in meta["warnings"]), meta["warnings"]
