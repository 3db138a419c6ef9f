"""Small hostile inputs stay cheap (issue [0/6] 8): the shapes that took minutes, as behaviour.

Speed itself is measured by ``benchmarks/linearity.py --dos`` (convert and render, 10 KB-1 MB);
these tests check what the fixes do: the fused-heading splitter works in one pass (no
recursion per split), lost anchors are numbered in one pass, and past the bounds where
Python-Markdown's cost is quadratic (MAX_INLINE_MARKUP, MAX_FOOTNOTES) the page is written
so that it renders in linear time, every word kept and nothing live.
"""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from converters import convert
from converters.render import MAX_FOOTNOTES, MAX_INLINE_MARKUP
from converters.steps.segment import split_fused

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "tables", "toc"]


def html_of(page) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(page.body, extensions=EXTENSIONS), "html.parser")


def test_split_fused_splits_thousands_of_fused_headings_without_recursion():
    line = "A. KẾT QUẢ" + "".join(f"**{i % 9 + 1}. Công tác {i}**" for i in range(1, 3001))
    pieces = split_fused(line)  # the recursive version hit RecursionError after ~1000 splits
    assert len(pieces) == 3001 and pieces[0] == "A. KẾT QUẢ" and pieces[-1] == "**4. Công tác 3000**"


def test_split_fused_leaves_a_long_line_of_stars_whole():
    line = "**a *b ***c " * 4000
    assert split_fused(line) == [line.strip()]


def test_many_lost_anchors_in_one_paragraph_are_numbered_in_order():
    n = 450  # below MAX_FOOTNOTES: Markdown footnotes
    body = " ".join(f"từ{i}\n;" for i in range(n))
    text = "BÁO CÁO\n\nkết quả\n\n" + body + " cuối.\n\n\n" + "\n\n\n".join(f"\ufffd Chú thích {i}." for i in range(n))
    page = convert(text, "x/lost.txt")
    refs = [int(x[2:-1]) for x in __import__("re").findall(r"\[\^\d+\]", page.body.split("\n[^")[0])]
    assert refs == list(range(1, n + 1))


def test_a_paragraph_dense_in_markup_is_plain_html_text_with_every_character():
    vector = "[" * 2000 + "<div>" * 300 + "_`{}\\&" * 200  # no "*": the converter reads those as emphasis
    page = convert(f"BÁO CÁO\n\nkết quả\n\nĐoạn đầu {vector} đoạn cuối.\n\nĐoạn bình thường *nhấn*.\n", "x/dense.txt")
    assert len(page.body) > 0
    soup = html_of(page)
    paragraphs = [p for p in soup.find_all("p") if "Đoạn đầu" in p.get_text()]
    assert len(paragraphs) == 1
    text = paragraphs[0].get_text()
    assert "[" * 2000 in text and "<div>" * 300 in text and "_`{}\\&" * 200 in text
    assert not soup.find_all("div") and not soup.select("p a")
    assert soup.find("em").get_text() == "nhấn"  # an ordinary paragraph keeps its Markdown
    assert MAX_INLINE_MARKUP < 3000  # the vector above is past it


def test_past_max_footnotes_references_and_definitions_are_plain_numbered_text():
    n = MAX_FOOTNOTES + 50
    body = " ".join(f"ý {i}<sup>{i}</sup>" for i in range(1, n + 1))
    defs = "\n\n".join(f"<sup>{i}</sup> Nội dung chú thích {i} <script>x</script>." for i in range(1, n + 1))
    page = convert(f"BÁO CÁO\n\nkết quả\n\n{body}.\n\n{defs}\n", "x/notes.txt")
    assert "[^" not in page.body  # no Markdown footnotes: the extension's cost is quadratic
    soup = html_of(page)
    assert not soup.find_all("script")
    text = soup.get_text(" ")
    assert f"Nội dung chú thích {n} <script>x</script>." in text and "Chú thích" in text
    assert len(soup.find_all("sup")) >= 2 * n  # every reference and every definition's number


def test_a_first_row_of_thousands_of_cells_is_read_once_per_cell(monkeypatch):
    # A table row never closed (family 10 layout: a lone | before each one-line cell) was re-read
    # whole for each new cell: 20,000 cells took 400 s.  Each cell's facts are now read once.
    from converters.steps.layout import cell_rules  # (where the cell and row facts are read)

    calls = []
    real = cell_rules._is_signature_cell
    monkeypatch.setattr(cell_rules, "_is_signature_cell", lambda cell: calls.append(1) or real(cell))
    n = 3000
    text = ("ỦY BAN NHÂN DÂN TỈNH X\nSố: 1/BC-UBND\n\nBÁO CÁO\n\nNội dung.\n\n|\n"
            + "\n|\n".join(f"**ô {i}**" for i in range(n)) + "\n|\n")
    page = convert(text, "raw/x.txt")
    assert len(calls) <= 3 * n  # was n * n / 2
    words = page.body + "".join(str(w) for w in page.warnings)
    assert all(f"ô {i}" in words for i in (0, n // 2, n - 1))
