"""The header's number and symbol ("Số 111-BC/TU") never runs on into words (issue [6/6] §1)."""

from __future__ import annotations

import pytest

from converters import convert
from converters.frontmatter import split_front_matter

HEADER = "TỈNH ỦY QUẢNG NGÃI\n{number}\n\nBÁO CÁO\nkết quả công tác dân vận năm 2020\n\nI. TÌNH HÌNH\n\nNội dung báo cáo.\n"


def number_of(text: str) -> str | None:
    return split_front_matter(convert(text, "raw/x.txt").markdown)[0]["number"]


@pytest.mark.parametrize(
    "line, number",
    [
        ("Số 111-BC/TU", "111-BC/TU"),
        ("Số: 111-BC/TU", "111-BC/TU"),
        ("Số 114 - KL/TW", "114-KL/TW"),  # spaces beside a separator: a damaged copy
        ("**Số: 30/2018/QĐ-UBND**", "30/2018/QĐ-UBND"),
        ("Số 52-CTr/BDV-BCSĐUBND", "52-CTr/BDV-BCSĐUBND"),
    ],
)
def test_number_lines(line, number):
    assert number_of(HEADER.format(number=line)) == number


@pytest.mark.parametrize(
    "line",
    [
        "Số 12-BC/TU Ban Dân vận Tỉnh ủy",  # the input Hypothesis found
        "số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ",  # a body line citing a decree
    ],
)
def test_a_number_followed_by_words_is_not_the_documents_number(line):
    page = convert(HEADER.format(number=line), "raw/x.txt")
    meta, body = split_front_matter(page.markdown)
    assert meta["number"] is None
    assert line.split()[-1] in body  # the words stay in the page


def test_the_generated_input_from_the_issue():
    text = "Số 12-BC/TU Ban Dân vận Tỉnh ủy \t Ban Dân vận Tỉnh ủy"
    meta, body = split_front_matter(convert(text, "generated.txt").markdown)
    assert meta["number"] is None
    assert "Số 12-BC/TU Ban Dân vận Tỉnh ủy" in body
