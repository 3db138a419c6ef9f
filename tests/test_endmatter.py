"""End matter, attached documents and ``[n]`` footnotes (``tests/cases/endmatter.yml``)."""

from __future__ import annotations

import pathlib

import jsonschema
import pytest
import yaml

from converters import convert
from converters.frontmatter import split_front_matter

HERE = pathlib.Path(__file__).parent
CASES = yaml.safe_load((HERE / "cases" / "endmatter.yml").read_text("utf-8"))
SCHEMA = yaml.safe_load((HERE.parent / "converters" / "schema" / "page.schema.json").read_text("utf-8"))


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
    pos = 0
    for text in case.get("order", []):
        found = body.find(text, pos)
        assert found >= 0, f"{text!r} not after position {pos} in:\n{body}"
        pos = found + len(text)
    jsonschema.validate(meta, SCHEMA)


def test_two_signers_side_by_side_as_tab_cells():
    """The layout's form for two signature blocks in one row (layout-contract.md): TAB-joined lines."""
    from converters.lexicon.casing import Caser
    from converters.steps.endmatter import parse_signers

    lines = ["TM. BAN THƯỜNG VỤ TỈNH ĐOÀN\tTUQ. CHỦ TỊCH", "BÍ THƯ\tCHÁNH VĂN PHÒNG", "Lê Văn Cường\tPhạm Thị Dung"]
    signers = parse_signers(lines, Caser("Ban Thường vụ Tỉnh đoàn và Chánh Văn phòng"))
    assert [(s["role"], s["title"], s["name"]) for s in signers] == [
        ("TM. Ban Thường vụ Tỉnh đoàn", "Bí thư", "Lê Văn Cường"),
        ("TUQ. Chủ tịch", "Chánh Văn phòng", "Phạm Thị Dung"),
    ]
