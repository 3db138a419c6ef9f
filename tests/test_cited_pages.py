"""The cited-document page stays bounded as the corpus grows (issue [5/6]), every citing report listed.

Past :data:`~converters.site.pages.CITED_EXCERPTS` citing reports, the newest keep their citing
sentences and every other one is one line (link at its first citing paragraph, date, issuer),
under a heading per year, newest first, no known year last.  Checked on a catalog made by hand
and on a made-up project generated cold and incrementally (same docs/ both ways).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from converters.lexicon.citations import Citation
from converters.site import generate as site
from converters.site import pages
from converters.site.catalog import Catalog, ReportEntry
from converters.site.pages import CITED_EXCERPTS, cited_document_page

from .test_incremental import cold_docs, tree

REPO = Path(__file__).resolve().parent.parent
PAGE = "van-ban/114-kl-tw.md"


def _cit(text: str, anchor: str | None, date: str | None = None) -> Citation:
    return Citation(0, len(text), text, "Kết luận", "114-KL/TW", date, "central", "114-KL/TW", "114-kl-tw", None, None,
                    short=False, anchor=anchor, context=f"Thực hiện {text} trong đoạn {anchor}.")


def _entry(i: int, date: str | None, province: str | None = "Kon Tum", number: bool = True,
           anchors: tuple = ("p-2", "p-7")) -> ReportEntry:
    meta = {"title": f"công tác dân vận số {i}", "doc_type": "Báo cáo", "number": f"{i}-BC/TU" if number else None,
            "date": date, "province": province, "issuers": ["Ban Dân vận Tỉnh ủy"] if province else []}
    slug = province.lower().replace(" ", "-") if province else "khong-ro"
    return ReportEntry(f"raw/{i}.txt", f"bao-cao/{slug}/r-{i:03d}.md", meta,
                       citations=[_cit("Kết luận số 114-KL/TW", a) for a in anchors])


def _items(text: str) -> list[str]:
    """The top-level list items of a page (one per citing report)."""
    return [line for line in text.splitlines() if line.startswith("- [")]


def _reports_of(items: list[str]) -> list[str]:
    return [re.search(r"\]\(\.\./bao-cao/[^/]+/(r-\d+)\.md", line).group(1) for line in items]


def _many(n: int) -> list[ReportEntry]:
    """``n`` reports citing 114-KL/TW: dated over 2015-2024 (several per year), two undated, one without
    a number, one whose citations have no anchor."""
    out = []
    for i in range(n):
        date = f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 27:02d}"
        out.append(_entry(i, date))
    out[3] = _entry(3, None, province=None)
    out[4] = _entry(4, None)
    out[5] = _entry(5, "2016-02-03", number=False)
    out[6] = _entry(6, "2015-06-07", anchors=(None,))
    return out


def test_a_page_past_the_threshold_keeps_the_newest_excerpts_and_lists_the_rest_one_line_each_by_year():
    reports = _many(CITED_EXCERPTS + 25)
    doc = Catalog.build(reports).documents["114-KL/TW"]
    text = cited_document_page(doc)
    items = _items(text)
    # every citing report listed exactly once
    listed = _reports_of(items)
    assert sorted(listed) == sorted(Path(r.path).stem for r in reports) and len(set(listed)) == len(listed)
    assert f"## Được viện dẫn bởi {len(reports)} báo cáo\n" in text
    # the newest CITED_EXCERPTS with their sentences (two each), the others none
    newest = sorted((r for r in reports if r.meta["date"]), key=lambda r: (r.meta["date"], r.path), reverse=True)
    head, rest = text.split("### Các báo cáo khác, theo năm\n")
    assert _reports_of(_items(head)) == [Path(r.path).stem for r in newest[:CITED_EXCERPTS]]
    assert head.count("\n    - [Thực hiện") == 2 * CITED_EXCERPTS
    assert "\n    - " not in rest
    assert len(_items(rest)) == len(reports) - CITED_EXCERPTS
    # one line: link at the first citing paragraph, date, issuer (with the province)
    r10 = next(line for line in _items(rest) if "r-010.md" in line)
    assert r10 == "- [Báo cáo số 10-BC/TU](../bao-cao/kon-tum/r-010.md#p-2), ngày 11/11/2015 của Ban Dân vận Tỉnh ủy (Kon Tum)"
    assert "- [Báo cáo số 6-BC/TU](../bao-cao/kon-tum/r-006.md), ngày 07/06/2015 của" in rest  # no anchor: the page
    assert "- [Báo cáo công tác dân vận số 5](../bao-cao/kon-tum/r-005.md#p-2), ngày 03/02/2016" in rest  # no number
    assert "- [Báo cáo số 3-BC/TU](../bao-cao/khong-ro/r-003.md#p-2)\n" in rest + "\n"  # nothing else known
    # years newest first, no known year last, each heading reached from the line of links
    years = re.findall(r"^#### (.+)$", rest, flags=re.M)
    assert years == sorted(years[:-1], reverse=True) + ["Không rõ năm"] and len(years) == len(set(years))
    assert "[2015](#nam-2015)" in head and "[không rõ năm](#khong-ro-nam)" in head
    for year in years[:-1]:
        block = rest.split(f"#### {year}\n", 1)[1].split("\n#### ", 1)[0]
        dates = re.findall(r"ngày \d\d/\d\d/(\d{4})", block)
        assert dates and set(dates) == {year.removeprefix("Năm ")}
        assert f"\n{len(_items(block))} báo cáo.\n" in block
    assert "r-003.md" in rest.split("#### Không rõ năm\n")[1] and "r-004.md" in rest.split("#### Không rõ năm\n")[1]
    # the year links land on the headings' ids as the site's toc makes them (mkdocs.yml: markdown_slugify)
    import markdown
    from markdown.extensions.toc import TocExtension

    from converters.lexicon.slugs import markdown_slugify

    html = markdown.Markdown(extensions=["attr_list", TocExtension(slugify=markdown_slugify)]).convert(text)
    fragments = set(re.findall(r'href="#([^"]+)"', html))
    assert len(fragments) == len(years) and fragments <= set(re.findall(r'id="([^"]+)"', html))


def test_a_page_within_the_threshold_shows_every_report_with_its_sentences_newest_first():
    reports = _many(CITED_EXCERPTS)
    text = cited_document_page(Catalog.build(reports).documents["114-KL/TW"])
    assert "###" not in text and "Các báo cáo khác" not in text
    assert len(_items(text)) == CITED_EXCERPTS
    dated = sorted((r for r in reports if r.meta["date"]), key=lambda r: (r.meta["date"], r.path), reverse=True)
    assert _reports_of(_items(text))[:len(dated)] == [Path(r.path).stem for r in dated]
    assert text.count("\n    - [Thực hiện") == 2 * CITED_EXCERPTS - 1  # r-006's one citation has no anchor


def test_the_page_does_not_depend_on_the_order_reports_come_in():
    reports = _many(CITED_EXCERPTS + 5)
    one = cited_document_page(Catalog.build(reports).documents["114-KL/TW"])
    two = cited_document_page(Catalog.build(list(reversed(reports))).documents["114-KL/TW"])
    assert one == two


def test_the_dates_in_disagreement_name_a_bounded_number_of_reports_each():
    reports = _many(CITED_EXCERPTS + 7)
    for i, r in enumerate(reports):
        r.citations = [_cit("Kết luận số 114-KL/TW", "p-2", "2015-07-14" if i else "2015-07-15")]
    text = cited_document_page(Catalog.build(reports).documents["114-KL/TW"])
    warning = text.split('!!! warning "Các báo cáo ghi ngày ban hành khác nhau"\n', 1)[1].split("\n## ", 1)[0]
    rows = [line for line in warning.splitlines() if line.startswith("    - ngày")]
    assert len(rows) == 2
    assert rows[0].count("](../bao-cao/") == CITED_EXCERPTS and rows[0].endswith(" và 6 báo cáo khác")
    assert rows[1].count("](../bao-cao/") == 1 and "r-000.md#p-2" in rows[1]
    assert len(_items(text)) == len(reports)  # all of them in the list below


# ------------------------------------------------------------ a made-up project, generated

#: A short Kon Tum report citing Kết luận 114-KL/TW twice (two citing paragraphs).
REPORT = """TỈNH ỦY KON TUM
BAN DÂN VẬN
*
Số {n}-BC/BDVTU
\tĐẢNG CỘNG SẢN VIỆT NAM
{dateline}

BÁO CÁO
kết quả thực hiện Kết luận số 114-KL/TW, đợt {n}

Thực hiện Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng (khóa XI) về nâng cao hiệu quả \
công tác dân vận của cơ quan nhà nước các cấp, Ban Dân vận Tỉnh ủy báo cáo đợt {n} như sau:

I. KẾT QUẢ
Các cấp ủy tiếp tục quán triệt Kết luận 114-KL/TW trong đợt {n}.

Nơi nhận:
- Ban Dân vận Trung ương,
- Lưu.
"""


def _write_report(raw: Path, n: int, year: int | None) -> None:
    dateline = f"Kon Tum, ngày {1 + n % 27} tháng {1 + n % 12} năm {year}" if year else ""
    (raw / "kon-tum").mkdir(parents=True, exist_ok=True)
    (raw / "kon-tum" / f"bc-{n:02d}.txt").write_text(REPORT.format(n=n, dateline=dateline), "utf-8")


@pytest.fixture
def small_threshold(monkeypatch):
    """Three excerpts: a made-up project of a dozen reports is past the threshold."""
    monkeypatch.setattr(pages, "CITED_EXCERPTS", 3)
    return 3


def _project(tmp_path: Path, n: int) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    for i in range(n):
        _write_report(root / "raw", i + 1, None if i == 0 else 2015 + i % 4)
    return root


def test_a_project_past_the_threshold_gives_a_bounded_page_cold_and_after_a_report_is_added(tmp_path, small_threshold):
    root = _project(tmp_path, 10)
    site.generate(str(root))
    text = (root / "docs" / PAGE).read_text("utf-8")
    assert "## Được viện dẫn bởi 10 báo cáo" in text
    head, rest = text.split("### Các báo cáo khác, theo năm\n")
    assert len(_items(head)) == small_threshold and head.count("\n    - [") == 2 * small_threshold
    assert len(_items(rest)) == 10 - small_threshold and "\n    - " not in rest
    listed = [re.search(r"\(\.\./bao-cao/kon-tum/([^)#]+)\.md", line).group(1) for line in _items(text)]
    assert len(listed) == len(set(listed)) == 10
    assert re.findall(r"^#### (.+)$", rest, flags=re.M)[-1] == "Không rõ năm"
    assert tree(root / "docs") == cold_docs(root, tmp_path)
    # a newer report: it takes an excerpt's place, the oldest of those becomes one line
    _write_report(root / "raw", 11, 2020)
    result = site.generate(str(root))
    assert PAGE in result.written
    text = (root / "docs" / PAGE).read_text("utf-8")
    head, rest = text.split("### Các báo cáo khác, theo năm\n")
    assert "2020-bao-cao-11-bc-bdvtu.md" in _items(head)[0] and len(_items(rest)) == 11 - small_threshold
    assert tree(root / "docs") == cold_docs(root, tmp_path)
