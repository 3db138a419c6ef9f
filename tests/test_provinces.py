"""Provinces then and now (issue [2/6] item 7, raw-artifacts.md family 16).

The data file against the Nghị quyết 202/2025/QH15 counts; the per-family
cases of ``tests/cases/provinces.yml`` through :func:`converters.convert`;
browse pages, search and feed finding an old report under both names.
"""

from __future__ import annotations


import pytest

from . import casefiles
from converters.lexicon import provinces as lex

CASES = casefiles.load("provinces.yml")


@pytest.mark.parametrize("case", CASES, ids=casefiles.ids(CASES))
def test_case(case):
    casefiles.check(case)


def test_34_units_took_in_the_63_exactly_once():
    new, old = lex.provinces_2025(), lex.provinces_before_2025()
    assert len(new) == 34 and len(old) == 63
    taken = [o for n in new for o in lex.merged_from(n)]
    assert sorted(taken) == sorted(old)
    # 11 units unchanged (Huế renamed only), 23 formed by merging 52 (NQ 202/2025/QH15, Điều 1).
    merged = [n for n in new if len(lex.merged_from(n)) > 1]
    assert len(merged) == 23 and sum(len(lex.merged_from(n)) for n in merged) == 52


@pytest.mark.parametrize(
    "old, now",
    [("Kiên Giang", "An Giang"), ("Kon Tum", "Quảng Ngãi"), ("Bình Thuận", "Lâm Đồng"), ("Đắk Nông", "Lâm Đồng"),
     ("Hà Giang", "Tuyên Quang"), ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"), ("Thừa Thiên Huế", "Huế"),
     ("Hải Dương", "Hải Phòng"), ("Quảng Nam", "Đà Nẵng"), ("Hà Nội", "Hà Nội"), ("Cao Bằng", "Cao Bằng")],
)
def test_province_now(old, now):
    assert lex.province_now(old) == now


def test_central_bodies_and_their_provincial_units():
    assert lex.is_central_body(["BAN TUYÊN GIÁO VÀ DÂN VẬN TRUNG ƯƠNG"])
    assert lex.is_central_body(["VĂN PHÒNG TRUNG ƯƠNG ĐẢNG"])
    assert lex.is_central_body(["QUỐC HỘI"]) and lex.is_central_body(["BẢO HIỂM XÃ HỘI VIỆT NAM"])
    assert not lex.is_central_body(["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"])
    assert not lex.is_central_body(["BAN DÂN VẬN TỈNH ỦY"])
    assert not lex.is_central_body([])


def _old_report(**extra):
    return {"title": "kết quả công tác dân vận", "doc_type": "Báo cáo", "number": "12-BC/TU", "date": "2019-03-05",
            "province": "Kiên Giang", "province_now": "An Giang", "issuers": ["Tỉnh ủy Kiên Giang"], **extra}


def test_browse_finds_an_old_report_under_both_provinces():
    from converters.site.pages import FACETS, province_label

    values = FACETS["tinh"][2](_old_report())
    assert values == ["Kiên Giang", "An Giang"]
    assert province_label(_old_report()) == "Kiên Giang (nay thuộc An Giang)"
    assert FACETS["tinh"][2]({"province": None}) == ["Không rõ"]


def test_browse_pages_list_an_old_report_on_both_province_pages():
    from converters.site.catalog import Catalog, ReportEntry
    from converters.site.pages import browse_pages

    base = {"place": None, "signers": [], "recipients": [], "received": None, "cites": [], "warnings": []}
    old = ReportEntry("raw/kien-giang/a.txt", "bao-cao/kien-giang/a.md", {**base, **_old_report(), "source": "raw/a.txt"})
    new = ReportEntry("raw/an-giang/b.txt", "bao-cao/an-giang/b.md",
                      {**base, **_old_report(number="7/KH-UBND", date="2025-11-20", province="An Giang",
                                             province_now=None, issuers=["Ủy ban nhân dân tỉnh An Giang"]),
                       "source": "raw/b.txt"})
    central = ReportEntry("raw/x/c.txt", "bao-cao/khong-ro/c.md",
                          {**base, **_old_report(number="5348/CT-CS", province=None, province_now=None), "source": "raw/c.txt"})
    pages = browse_pages(Catalog.build([old, new, central]))
    an_giang, kien_giang = pages["duyet/tinh/an-giang.md"], pages["duyet/tinh/kien-giang.md"]
    assert "a.md" in an_giang and "b.md" in an_giang and "a.md" in kien_giang and "b.md" not in kien_giang
    assert "Kiên Giang (nay thuộc An Giang)" in an_giang
    assert "c.md" in pages["duyet/tinh/khong-ro.md"] and "c.md" not in an_giang


def test_search_finds_an_old_report_by_todays_province():
    from converters.site.search_index import _meta_text, tokenize

    terms = set(tokenize(_meta_text(_old_report())))
    assert set(tokenize("An Giang")) <= terms and set(tokenize("Kiên Giang")) <= terms
    assert not set(tokenize("An Giang")) <= set(tokenize(_meta_text(_old_report(province_now=None))))


def test_feed_lists_both_provinces():
    from converters.site.feed import entry_summary

    assert "(tỉnh Kiên Giang, nay thuộc An Giang)" in entry_summary(_old_report())


def test_a_sidecar_province_gets_its_province_now_and_null_clears_it():
    from converters.pipeline import run

    text = "BÁO CÁO**tình hình công tác dân vận năm 2017**\n\nTrong năm, các cấp ủy đã tập trung thực hiện nhiều nhiệm vụ.\n"
    assert run(text, "a.txt", {"province": "Kon Tum"}).meta.get("province_now") == "Quảng Ngãi"
    central = run(text.replace("các cấp ủy", "tỉnh Kon Tum"), "a.txt", {"province": None}).meta
    assert central["province"] is None and "province_now" not in central


def test_a_sidecar_may_correct_province_now(tmp_path):
    from converters import convert_file

    raw = tmp_path / "a.txt"
    raw.write_text("BÁO CÁO**tình hình công tác dân vận năm 2017**\n\nTrong năm, tỉnh Kon Tum đã làm tốt.\n", "utf-8")
    (tmp_path / "a.meta.yml").write_text("province: Kon Tum\nprovince_now: Quảng Ngãi\n", "utf-8")
    meta = convert_file(str(raw), str(tmp_path)).meta
    assert (meta["province"], meta["province_now"]) == ("Kon Tum", "Quảng Ngãi")
