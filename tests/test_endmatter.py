"""End matter, attached documents and ``[n]`` footnotes (``tests/cases/endmatter.yml``)."""

from __future__ import annotations

import pytest

from . import casefiles

CASES = casefiles.load("endmatter.yml")


@pytest.mark.parametrize("case", CASES, ids=casefiles.ids(CASES))
def test_case(case):
    casefiles.check(case)


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
