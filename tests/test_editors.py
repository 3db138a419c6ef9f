"""The editors' pages (``converters/site/editors.py``): every report with warnings, what to fix, out of the nav;
an index with the errors and one page per province."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from converters.site.editors import EDITORS_PATH, editors_page, editors_plan, explain
from converters.site.generate import DocResult


@dataclass
class Entry:
    source: str
    meta: dict = field(default_factory=dict)


DOCS = [
    DocResult("raw/a/ok.txt", "bao-cao/a/2018-bao-cao-1-bc.md", []),
    DocResult("raw/a/fn.txt", "bao-cao/a/2019-bao-cao-2-bc.md",
              ["chú thích 4 có dấu trong bài nhưng không có nội dung", "chú thích 9 có nội dung (dòng 97) nhưng trong bài không có dấu chú thích"]),
    DocResult("raw/khong-ro/x.txt", "bao-cao/khong-ro/bao-cao-x.md",
              ["không rõ tỉnh: phần đầu văn bản không ghi tỉnh, nội dung cũng không cho biết rõ",
               "viện dẫn ghi tắt, không tìm được số, ký hiệu đầy đủ: Nghị quyết 24", "a warning nobody wrote a rule for | with a pipe"]),
    DocResult("raw/b/hong.txt", None, [], "raw/b/hong.txt: tệp rỗng (chép lại nội dung văn bản vào tệp này)"),
]
ENTRIES = [Entry("raw/a/fn.txt", {"doc_type": "Báo cáo", "number": "2-BC", "title": "sơ kết *năm*"})]


def page(path: str = EDITORS_PATH) -> str:
    return editors_page(DOCS, ENTRIES)[path]


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = min((i for i in (text.find("\n### ", start + 1), text.find("\n## ", start + 1)) if i > 0), default=-1)
    return text[start: nxt if nxt > 0 else None]


def test_lists_failed_and_warned_reports_only():
    text = page()
    assert all("raw/a/ok.txt" not in t for t in editors_page(DOCS, ENTRIES).values())
    assert "**4** văn bản: **1** không chuyển đổi được, **2** có cảnh báo" in text
    assert text.index("## Không chuyển đổi được") < text.index("## Có cảnh báo")
    assert "tệp rỗng" in section(text, "### raw/b/hong.txt")


def test_index_keeps_the_errors_and_links_one_page_per_province():
    """Issue #14: the warnings are on one page per province (``bien-tap/<folder>.md``), the index
    keeps the errors and a row per province (reports, warnings), Không rõ tỉnh last."""
    pages = editors_page(DOCS, ENTRIES)
    assert sorted(pages) == ["bien-tap.md", "bien-tap/a.md", "bien-tap/khong-ro.md"]
    index = pages[EDITORS_PATH]
    assert "| [a](bien-tap/a.md) | 1 | 2 |" in index
    assert "| [Không rõ tỉnh](bien-tap/khong-ro.md) | 1 | 3 |" in index
    assert index.index("bien-tap/a.md") < index.index("bien-tap/khong-ro.md")
    assert "không có nội dung" not in index and "Nghị quyết 24" not in index  # no warning on the index
    assert "[← Trang biên tập](../bien-tap.md)" in pages["bien-tap/a.md"]
    assert "\n# Trang biên tập: Không rõ tỉnh\n" in pages["bien-tap/khong-ro.md"]


def test_index_size_does_not_grow_with_the_warnings():
    """Issue #14: 200 more reports with warnings in one province change that province's page only,
    and the index by a few bytes (its counts), not by their sections."""
    more = DOCS + [DocResult(f"raw/a/w{i}.txt", f"bao-cao/a/2019-bao-cao-w{i}.md",
                             ["không tìm thấy trích yếu ở phần đầu văn bản"]) for i in range(200)]
    small, big = editors_page(DOCS, ENTRIES), editors_page(more, ENTRIES)
    assert len(big[EDITORS_PATH]) - len(small[EDITORS_PATH]) < 20
    assert big["bien-tap/khong-ro.md"] == small["bien-tap/khong-ro.md"]
    assert len(big["bien-tap/a.md"]) > 200 * 100


def test_plan_rows_key_each_page_by_what_it_lists():
    plan = {path: (docs, rows) for path, docs, rows, _render in editors_plan(DOCS, ENTRIES)}
    assert [d.source for d in plan["bien-tap/a.md"][0]] == ["raw/a/fn.txt"]
    assert [d.source for d in plan[EDITORS_PATH][0]] == ["raw/b/hong.txt"]  # the index lists the errors


def test_links_to_report_pages_and_names_raw_and_sidecar():
    fn = section(page("bien-tap/a.md"), "## Báo cáo 2-BC")
    assert "[Báo cáo 2-BC: sơ kết \\*năm\\*](../bao-cao/a/2019-bao-cao-2-bc.md)" in fn
    assert "<code>raw/a/fn.txt</code>" in fn and "<code>raw/a/fn.meta.yml</code>" in fn
    # One table row per warning, the warning itself and its explanation.
    rows = [line for line in fn.splitlines() if line.startswith("| ") and "Cảnh báo" not in line]
    assert len(rows) == 2
    assert "số 4" in rows[0] and "không có nội dung" in rows[0]
    assert "dòng 97" in rows[1] and "số 9" in rows[1]


def test_explanations_say_what_to_fix_and_where():
    assert "<code>raw/k/x.meta.yml</code>" in explain("không rõ tỉnh: gì đó", "raw/k/x.txt")
    assert "`province: " in explain("không rõ tỉnh: gì đó", "raw/k/x.txt")
    short = explain("viện dẫn ghi tắt, không tìm được số, ký hiệu đầy đủ: Nghị quyết 24", "raw/k/x.txt")
    assert "«Nghị quyết 24»" in short and "<code>raw/k/x.txt</code>" in short
    assert "`doc_type:" in explain("không tìm thấy loại văn bản (không có dòng tên loại)", "raw/k/x.txt")
    assert "`title:" in explain("không tìm thấy trích yếu ở phần đầu văn bản", "raw/k/x.txt")
    # Unknown warnings are not hidden: a generic explanation naming both files.
    generic = explain("brand new warning", "raw/k/x.txt")
    assert "<code>raw/k/x.txt</code>" in generic and "<code>raw/k/x.meta.yml</code>" in generic


def test_table_cells_stay_in_their_column():
    text = page("bien-tap/khong-ro.md")
    row = next(line for line in text.splitlines() if "nobody wrote" in line)
    # The warning's own "|" is escaped: still exactly two cells.
    assert len(re.findall(r"(?<!\\)\|", row)) == 3
    # A report the catalog does not know is labelled by "Văn bản" and still linked.
    assert "[Văn bản](../bao-cao/khong-ro/bao-cao-x.md)" in section(text, "## Văn bản")


def test_empty_corpus_says_nothing_to_fix():
    text = editors_page([DocResult("raw/a.txt", "bao-cao/a.md", [])])[EDITORS_PATH]
    assert "Không có văn bản nào cần sửa" in text


@pytest.mark.slow
def test_built_site_editors_page_hidden_from_nav_linked_from_footer(built_site):
    assert built_site.returncode == 0, built_site.log
    html = (built_site.site / "bien-tap/index.html").read_text(encoding="utf-8")
    assert "Trang biên tập" in html
    provinces = sorted((built_site.site / "bien-tap").glob("*/index.html"))
    assert provinces, "one page per province with warnings"
    # each linked from the index (engines write the same link as "binh-thuan/" or "../bien-tap/binh-thuan/")
    from urllib.parse import urljoin

    targets = {urljoin("/bien-tap/", href) for href in re.findall(r'href="([^"#]*)"', html)}
    for province in provinces:
        assert f"/bien-tap/{province.parent.name}/" in targets, province
    html = "".join(p.read_text(encoding="utf-8") for p in provinces)
    # Every sample with warnings in the converted docs is on its province's page, linked to its report page.
    from converters.frontmatter import split_front_matter

    warned = []
    for md in (built_site.docs / "bao-cao").rglob("*.md"):
        meta, _ = split_front_matter(md.read_text(encoding="utf-8"))
        if meta.get("warnings"):
            warned.append(md.relative_to(built_site.docs).with_suffix("").as_posix() + "/")
    assert warned, "the samples are expected to carry some warnings"
    for url in warned:
        assert f'href="../../{url}"' in html, url
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.S).group(0)
    assert "bien-tap" not in nav
    footer = re.search(r'<footer class="md-footer">.*?</footer>', home, re.S).group(0)
    assert re.search(r'href="(\./)?bien-tap/"', footer)  # Zensical writes ./ before relative URLs
    report = next((built_site.site / "bao-cao").rglob("index.html")).read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)+bien-tap/"', report)
