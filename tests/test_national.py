"""The national heading, one vocabulary (``converters/lexicon/national.py``) read three ways.

NĐ 30/2020/NĐ-CP Phụ lục I §I.1 (quốc hiệu and tiêu ngữ) and HD 36-HD/VPTW §II.1.a (the
Party's heading); the layout, tables and header steps each use one of the three matchers.
"""

from __future__ import annotations

import pytest

from converters.lexicon import national
from converters.lexicon.national import NATIONAL_IN, NATIONAL_START, is_national_line


def test_the_openings_open_the_headings():
    assert all(h.startswith(o + " ") for h, o in zip(national.HEADINGS, national.OPENINGS))


@pytest.mark.parametrize("line", [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "**CỘNG HOÀ XÃ HỘI", "# Cộng hòa xã hội chủ nghĩa", "_CỘNG  HOA XÃ\tHỘI",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "**Đảng Cộng sản", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do",
])
def test_a_line_opening_with_a_heading(line):
    assert NATIONAL_START.match(line)


@pytest.mark.parametrize("line", ["CỘNG HÒA", "Nhà nước CỘNG HÒA XÃ HỘI", "| CỘNG HÒA XÃ HỘI", "ĐẢNG ỦY XÃ", "CỘNG HỎA XÃ HỘI"])
def test_a_line_not_opening_with_a_heading(line):
    assert not NATIONAL_START.match(line)


@pytest.mark.parametrize("cell, found", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", True),
    ("ỦY BAN | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA\nVIỆT NAM", True),
    ("Đảng Cộng sản Việt Nam", True),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", False),
    ("ĐẢNG CỘNG SẢN", False),
])
def test_a_whole_heading_in_a_cell(cell, found):
    assert bool(NATIONAL_IN.search(cell)) is found


@pytest.mark.parametrize("cell, heading", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("CONG HOA XA HOI CHU NGHIA VIET NAM", True),  # the marks lost
    ("ĐẢNG CỘNG SẢN VIỆT NAM", True),
    ("Độc lập - Tự do - Hạnh phúc", True),
    ("Độc lập -Tự do- Hạnh phúc", True),
    ("Độc lập – Tự do – Hạnh phúc", True),  # en dashes: dropped, the words match
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", False),  # not the heading alone
    ("CỘNG HÒA XÃ HỘI", False),
    ("ĐẢNG BỘ TỈNH", False),
])
def test_a_cell_that_is_a_heading_or_the_motto(cell, heading):
    assert is_national_line(cell) is heading


def test_the_three_steps_use_the_one_definition():
    from converters.steps import header, tables
    from converters.steps.layout import classify, webtext

    assert header._is_national is is_national_line
    assert tables.NATIONAL_IN is NATIONAL_IN
    assert classify.NATIONAL_START is NATIONAL_START and webtext.NATIONAL_START is NATIONAL_START
