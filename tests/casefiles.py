"""The one runner of per-family cases (``tests/cases/*.yml``), shared by the test modules.

A case is ``{label, input, meta?, body_has?, body_lacks?, warnings_has?,
warnings_lacks?, order?, headings?}`` (like ftfy's labelled test cases): the
raw ``input`` is converted and its page must show what the case says.  Every
case's front matter is also validated against the page JSON Schema.
"""

from __future__ import annotations

import json
import pathlib

import jsonschema
import yaml

from converters import convert
from converters.frontmatter import split_front_matter

CASES_DIR = pathlib.Path(__file__).parent / "cases"
SCHEMA = json.loads((CASES_DIR.parent.parent / "converters" / "schema" / "page.schema.json").read_text("utf-8"))


def load(*names: str) -> list[dict]:
    """The cases of ``tests/cases/<name>`` for each name, in order."""
    return [case for name in names for case in yaml.safe_load((CASES_DIR / name).read_text("utf-8"))]


def ids(cases: list[dict]) -> list[str]:
    """Test ids: the cases' labels."""
    return [c["label"] for c in cases]


def check(case: dict) -> tuple[dict, str]:
    """Convert ``case["input"]`` and assert what the case says; returns ``(meta, body)``."""
    page = convert(case["input"], "case.txt")
    meta, body = split_front_matter(page.markdown)
    if "headings" in case:
        found = [line for line in body.splitlines()[1:] if line.startswith("#")]
        assert found == case["headings"], body
    for key, value in (case.get("meta") or {}).items():
        assert meta.get(key) == value, f"{key}: {meta.get(key)!r} (warnings {meta['warnings']})"
    for text in case.get("body_has", []):
        assert text in body, f"missing {text!r} in:\n{body}"
    for text in case.get("body_lacks", []):
        assert text not in body, f"unexpected {text!r} in:\n{body}"
    for text in case.get("warnings_has", []):
        assert any(text in w for w in meta["warnings"]), meta["warnings"]
    for text in case.get("warnings_lacks", []):
        assert not any(text in w for w in meta["warnings"]), meta["warnings"]
    pos = 0
    for text in case.get("order", []):
        found = body.find(text, pos)
        assert found >= 0, f"{text!r} not after position {pos} in:\n{body}"
        pos = found + len(text)
    jsonschema.validate(meta, SCHEMA)
    return meta, body
