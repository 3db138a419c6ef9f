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


@pytest.mark.parametrize(
    ("upper", "cased"),
    [
        ("PHÓ CỤC TRƯỞNG", "Phó Cục trưởng"),
        ("TRƯỞNG BAN BAN CHÍNH SÁCH", "Trưởng ban Ban Chính sách"),
        ("TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ", "Trưởng Ban Nghiệp vụ thuế HQ"),
        ("CỤC TRƯỞNG CỤC HẢI QUAN", "Cục trưởng Cục Hải quan"),
        ("PHÓ TỔNG CỤC TRƯỞNG", "Phó Tổng cục trưởng"),
        # Variants the rule must leave as they were: a qualifier, lexicon phrases, a place after its unit word.
        ("PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Phó Trưởng ban Thường trực"),
        ("THỨ TRƯỞNG THƯỜNG TRỰC", "Thứ trưởng Thường trực"),
        ("CHÁNH VĂN PHÒNG", "Chánh Văn phòng"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"),
        ("UBND HUYỆN KIÊN HẢI", "UBND huyện Kiên Hải"),
        ("BAN QUẢN LÝ DỰ ÁN", "Ban quản lý dự án"),
        # A lexicon name's "Xã hội" (society) is no commune before a place (issue #11).
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH AN GIANG", "Sở Lao động - Thương binh và Xã hội tỉnh An Giang"),
    ],
)
def test_office_and_unit_casing(upper, cased):
    """NĐ 30/2020 Phụ lục II mục II: offices capitalized on the office word, units on type and function."""
    from converters.lexicon.casing import Caser

    assert Caser().case(upper) == cased
