"""The site-wide list pages stay bounded as the corpus grows (issue #14).

One added report used to rewrite pages listing the whole corpus: ``duyet/index.md`` (every
report), ``van-ban/index.md`` (every cited document, twice), ``bien-tap.md`` (every report with
warnings), ``feed.xml`` (every report), and the "cited by" list of a report cited by many.  Now:
``duyet/index.md`` the :data:`~converters.site.pages.ALL_LATEST` newest and the year pages;
``van-ban/index.md`` the :data:`~converters.site.pages.CITED_TOP` most cited and one page per type
and year (``van-ban/danh-muc/``); ``bien-tap.md`` the errors and one page per province
(``tests/test_editors.py``); the feed the :data:`~converters.site.feed.FEED_ENTRIES` newest; the
"cited by" list of a report as bounded as a cited-document page.  Checked on catalogs made by hand
and on a made-up project generated cold and after one report added (same docs/ both ways).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from converters.lexicon.citations import Citation
from converters.site import feed as feed_mod
from converters.site import generate as site
from converters.site import pages
from converters.site.catalog import Catalog, ReportEntry
from converters.site.pages import browse_plan, cited_index_plan, report_sections

from .test_cited_pages import _project, _write_report
from .test_incremental import cold_docs, tree

A = "{http://www.w3.org/2005/Atom}"


def _cit(kind: str, number: str, date: str | None = None, anchor: str = "p-2") -> Citation:
    text = f"{kind} số {number}"
    return Citation(0, len(text), text, kind, number, date, "central", number, re.sub(r"\W+", "-", number.lower()),
                    None, None, short=False, anchor=anchor, context=f"Thực hiện {text}.")


def _report(i: int, date: str | None, citations: list[Citation], number: str | None = None,
            key: str | None = None) -> ReportEntry:
    meta = {"title": f"công tác dân vận số {i}", "doc_type": "Báo cáo", "number": number or f"{i}-BC/TU",
            "date": date, "province": "Kon Tum", "issuers": ["Ban Dân vận Tỉnh ủy"]}
    return ReportEntry(f"raw/{i}.txt", f"bao-cao/kon-tum/r-{i:03d}.md", meta, key=key, citations=citations)


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| [")]


def _links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)#]+\.md)", text)


# ------------------------------------------------------------------ van-ban/index.md

def _cited_catalog(n: int) -> Catalog:
    """``n`` reports; report i cites Kế hoạch ``i-KH/TU`` (dated 2015-2017), Quyết định ``i-QĐ/TU``
    (undated) and, for i < 20, Kết luận 114-KL/TW: 2n + 1 cited documents."""
    reports = []
    for i in range(n):
        cits = [_cit("Kế hoạch", f"{i}-KH/TU", f"{2015 + i % 3}-03-0{1 + i % 9}"), _cit("Quyết định", f"{i}-QĐ/TU")]
        if i < 20:
            cits.append(_cit("Kết luận", "114-KL/TW", "2015-07-14"))
        reports.append(_report(i, f"2020-01-{1 + i % 28:02d}", cits))
    return Catalog.build(reports)


def test_the_cited_index_shows_a_bounded_top_table_and_links_every_type_and_year_page(monkeypatch):
    monkeypatch.setattr(pages, "CITED_TOP", 10)
    catalog = _cited_catalog(60)
    plan = cited_index_plan(catalog)
    rendered = {path: render() for path, _docs, _rows, render in plan}
    index = rendered.pop("van-ban/index.md")
    top = _table_rows(index)
    assert len(top) == 10 and "114-kl-tw.md" in top[0] and top[0].endswith("| 20 |")  # most cited first
    # one page per type and year, each linked from the index; every document on exactly one of them
    assert sorted(rendered) == ["van-ban/danh-muc/ke-hoach-2015.md", "van-ban/danh-muc/ke-hoach-2016.md",
                                "van-ban/danh-muc/ke-hoach-2017.md", "van-ban/danh-muc/ket-luan-2015.md",
                                "van-ban/danh-muc/quyet-dinh-khong-ro-nam.md"]
    assert {f"van-ban/{link}" for link in _links(index.split("## Theo loại văn bản")[1])} == set(rendered)
    listed = [link for text in rendered.values() for link in _links(text) if link != "../index.md"]
    assert sorted(listed) == sorted(f"../{Path(d.path).name}" for d in catalog.documents.values())
    assert "[2015](danh-muc/ke-hoach-2015.md) (20)" in index
    assert "| [Kết luận số 114-KL/TW](../114-kl-tw.md) |" in rendered["van-ban/danh-muc/ket-luan-2015.md"]


def test_the_cited_index_does_not_grow_with_the_documents(monkeypatch):
    """Ten times the documents: the index grows by its counts only, not by a row per document."""
    monkeypatch.setattr(pages, "CITED_TOP", 10)
    small = {p: r() for p, _d, _r, r in cited_index_plan(_cited_catalog(30))}["van-ban/index.md"]
    big = {p: r() for p, _d, _r, r in cited_index_plan(_cited_catalog(300))}["van-ban/index.md"]
    assert len(big) - len(small) < 200, (len(small), len(big))


def test_a_page_lists_only_its_documents_so_one_citation_more_changes_few_pages(monkeypatch):
    """The plan's documents and rows are what a page's key is made of (``generate``)."""
    catalog = _cited_catalog(30)
    plan = {path: (docs, rows) for path, docs, rows, _render in cited_index_plan(catalog)}
    assert [d.key for d in plan["van-ban/danh-muc/ket-luan-2015.md"][0]] == ["114-KL/TW"]
    assert plan["van-ban/danh-muc/ket-luan-2015.md"][1] == ("Kết luận", "2015")


def test_cited_year_comes_from_the_date_else_the_number():
    catalog = Catalog.build([_report(1, "2020-01-01", [_cit("Nghị định", "308/2025/NĐ-CP")])])
    paths = [path for path, _d, _r, _render in cited_index_plan(catalog)]
    assert paths == ["van-ban/index.md", "van-ban/danh-muc/nghi-dinh-2025.md"]


# ------------------------------------------------------------------ duyet/index.md

def _reports(n: int) -> list[ReportEntry]:
    return [_report(i, f"{2015 + i % 5}-0{1 + i % 9}-1{i % 10}", []) for i in range(n)]


def test_the_all_reports_page_lists_the_newest_and_links_every_year(monkeypatch):
    monkeypatch.setattr(pages, "ALL_LATEST", 7)
    catalog = Catalog.build(_reports(40))
    plan = {path: (inputs, render) for path, inputs, render in browse_plan(catalog)}
    inputs, render = plan["duyet/index.md"]
    text = render()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "](../bao-cao/" in line]
    assert len(rows) == 7 and inputs[1] == catalog.reports[:7] and inputs[2] == 40
    years = [f"duyet/{link}" for link in _links(text.split("## Mọi báo cáo, theo năm")[1])]
    assert years == [f"duyet/nam/{y}.md" for y in (2019, 2018, 2017, 2016, 2015)]
    assert all(y in plan for y in years)
    assert "Có 40 báo cáo." in text


def test_a_small_collection_keeps_every_report_on_the_all_reports_page():
    catalog = Catalog.build(_reports(5))
    text = {path: render for path, _inputs, render in browse_plan(catalog)}["duyet/index.md"]()
    assert "## Tất cả báo cáo, mới nhất trước" in text
    assert text.count("](../bao-cao/") == 5 and "## Mọi báo cáo, theo năm" not in text


# ------------------------------------------------------------------ feed.xml

def test_the_feed_carries_the_newest_entries_only(monkeypatch):
    monkeypatch.setattr(feed_mod, "FEED_ENTRIES", 5)
    reports = _reports(30)
    root = ET.fromstring(feed_mod.feed_xml(reports))
    entries = root.findall(A + "entry")
    assert len(entries) == 5
    newest = feed_mod.sorted_reports(reports)[:5]
    assert [e.find(A + "id").text for e in entries] == [f"urn:baocao:{r.path[:-3]}" for r in newest]


# ------------------------------------------------------------------ "cited by" on a report page

def _cited_report_catalog(n: int) -> tuple[Catalog, ReportEntry]:
    own = _report(999, "2015-01-01", [], number="9-KH/TU", key="9-KH/TU")
    citing = [_report(i, f"{2016 + i % 8}-0{1 + i % 9}-1{i % 10}",
                      [_cit("Kế hoạch", "9-KH/TU", None, "p-2"), _cit("Kế hoạch", "9-KH/TU", None, "p-5")])
              for i in range(n)]
    catalog = Catalog.build([own] + citing)
    return catalog, next(r for r in catalog.reports if r.source == "raw/999.txt")


def test_the_cited_by_list_of_a_report_is_bounded_like_a_cited_document_page():
    catalog, own = _cited_report_catalog(pages.CITED_EXCERPTS + 40)
    text = report_sections(catalog, own).split("## Được viện dẫn bởi\n", 1)[1]
    items = [line for line in text.splitlines() if line.startswith("- [")]
    assert len(items) == pages.CITED_EXCERPTS + 40  # every citing report once
    head, rest = text.split("### Các báo cáo khác, theo năm\n")
    assert head.count("\n    - [Thực hiện") == 2 * pages.CITED_EXCERPTS  # sentences of the newest only
    assert "Thực hiện" not in rest and re.search(r"^#### Năm \d{4}$", rest, flags=re.M)


def test_a_report_cited_by_few_keeps_one_line_per_citing_sentence():
    catalog, own = _cited_report_catalog(3)
    text = report_sections(catalog, own).split("## Được viện dẫn bởi\n", 1)[1]
    assert len([line for line in text.splitlines() if line.startswith("- [")]) == 6 and "####" not in text


# ------------------------------------------------------------------ a made-up project

@pytest.fixture
def small_lists(monkeypatch):
    monkeypatch.setattr(pages, "ALL_LATEST", 4)
    monkeypatch.setattr(pages, "CITED_TOP", 1)
    monkeypatch.setattr(feed_mod, "FEED_ENTRIES", 4)


def test_a_project_gets_the_split_pages_linked_and_an_old_report_added_rewrites_few(tmp_path, small_lists):
    root = _project(tmp_path, 10)
    site.generate(str(root))
    docs = root / "docs"
    all_page = (docs / "duyet/index.md").read_text("utf-8")
    assert all_page.count("](../bao-cao/") == 4
    for link in _links(all_page.split("## Mọi báo cáo, theo năm")[1]):
        assert (docs / "duyet" / link).is_file(), link
    index = (docs / "van-ban/index.md").read_text("utf-8")
    for link in _links(index.split("## Theo loại văn bản")[1]):
        assert (docs / "van-ban" / link).is_file(), link
    assert "van-ban/danh-muc/ket-luan-2015.md" in {f"van-ban/{x}" for x in _links(index)}
    assert len(ET.parse(docs / "feed.xml").getroot().findall(A + "entry")) == 4
    assert tree(docs) == cold_docs(root, tmp_path)
    # a report older than every one listed: the feed stays as it is, the newest reports too
    _write_report(root / "raw", 11, 2010)
    result = site.generate(str(root))
    assert "feed.xml" not in result.written
    assert (docs / "duyet/index.md").read_text("utf-8").split("## Mọi")[0].replace("Có 11", "Có 10") == \
        all_page.split("## Mọi")[0]
    assert "[2010](nam/2010.md) (1)" in (docs / "duyet/index.md").read_text("utf-8")
    assert "bao-cao/kon-tum/2010-bao-cao-11-bc-bdvtu.md" in result.written
    assert tree(docs) == cold_docs(root, tmp_path)


def test_list_pages_and_editors_pages_are_out_of_search_and_report_pages_are_not(tmp_path, small_lists):
    from converters.frontmatter import split_front_matter
    from converters.site.search_index import excluded

    root = _project(tmp_path, 10)
    site.generate(str(root))
    docs = root / "docs"

    def out_of_search(rel: str) -> bool:
        meta, _ = split_front_matter((docs / rel).read_text("utf-8"))
        return excluded(meta)

    lists = ["duyet/index.md", "van-ban/index.md", "bien-tap.md",
             *(str(p.relative_to(docs)) for p in (docs / "duyet").rglob("*.md")),
             *(str(p.relative_to(docs)) for p in (docs / "van-ban/danh-muc").rglob("*.md")),
             *(str(p.relative_to(docs)) for p in (docs / "bien-tap").rglob("*.md"))]
    assert len(lists) > 10 and all(out_of_search(rel) for rel in lists), [r for r in lists if not out_of_search(r)]
    kept = ["index.md", "van-ban/114-kl-tw.md", *(str(p.relative_to(docs)) for p in (docs / "bao-cao").rglob("*.md"))]
    assert not any(out_of_search(rel) for rel in kept)
