"""The catalog (who cites whom), the cited-document pages and catalog.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import jsonschema
from bs4 import BeautifulSoup

from converters.site.catalog import Catalog, ReportEntry, describe_text, report_key
from converters.lexicon.citations import Citation
from converters.site.pages import cited_document_pages, report_sections

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "converters" / "schema" / "catalog.schema.json").read_text(encoding="utf-8")
)


def cit(key, text, anchor="p-1", slug=None, **desc):
    """A converters.lexicon.citations.Citation made by hand (key and slug chosen by the test)."""
    fields = {f: desc.get(f) for f in ("doc_type", "number", "date", "issuer", "subject")}
    return Citation(0, len(text), text, fields["doc_type"] or "Văn bản", fields["number"], fields["date"],
                    "central", key, slug or key.lower().replace("/", "-"), fields["issuer"], fields["subject"],
                    short=False, anchor=anchor, context=f"... {text} ...")


def meta(number, province, date, title="t"):
    return {"title": title, "doc_type": "Báo cáo", "number": number, "date": date, "place": None,
            "province": province, "issuers": [], "signers": [], "recipients": [], "received": None,
            "cites": [], "source": f"raw/{number}.txt", "warnings": []}


def small_catalog() -> Catalog:
    a = ReportEntry("raw/a.txt", "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md", meta("111-BC/TU", "Kon Tum", "2016-11-18"),
                    key="111-BC/TU@Kon Tum",
                    citations=[cit("114-KL/TW", "Kết luận số 114-KL/TW", "p-2", doc_type="Kết luận", number="114-KL/TW"),
                               cit("114-KL/TW", "Kết luận số 114", "p-5", doc_type="Kết luận", number="114-KL/TW",
                                   date="2015-07-14", issuer="Ban Bí thư Trung ương Đảng (khóa XI)")])
    b = ReportEntry("raw/b.txt", "bao-cao/kon-tum/2018-bao-cao-5-bc-tu.md", meta("5-BC/TU", "Kon Tum", "2018-01-02"),
                    key="5-BC/TU@Kon Tum",
                    citations=[cit("111-BC/TU@Kon Tum", "Báo cáo số 111-BC/TU", "fn:3", slug="111-bc-tu-kon-tum",
                                   doc_type="Báo cáo", number="111-BC/TU"),
                               cit("114-KL/TW", "Kết luận 114-KL/TW", "p-1", doc_type="Kết luận", number="114-KL/TW",
                                   subject="về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp")])
    # Same number, another province: another document (not the Kon Tum report).
    c = ReportEntry("raw/c.txt", "bao-cao/kien-giang/bao-cao-khong-so.md", meta(None, "Kiên Giang", None),
                    citations=[cit("111-BC/TU@Kiên Giang", "Báo cáo số 111-BC/TU", "p-4", slug="111-bc-tu-kien-giang")])
    return Catalog.build([a, b, c])


def test_reports_newest_first_undated_last():
    cat = small_catalog()
    assert [r.source for r in cat.reports] == ["raw/b.txt", "raw/a.txt", "raw/c.txt"]


def test_a_citation_of_a_report_we_hold_links_to_that_report():
    cat = small_catalog()
    held = cat.documents["111-BC/TU@Kon Tum"]
    assert held.report is not None and held.report.source == "raw/a.txt"
    assert cat.resolve(SimpleNamespace(key="111-BC/TU@Kon Tum")) == "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md"
    # The same number in another province is not that report.
    other = cat.documents["111-BC/TU@Kiên Giang"]
    assert other.report is None
    assert cat.resolve(SimpleNamespace(key="111-BC/TU@Kiên Giang")) == "van-ban/111-bc-tu-kien-giang.md"
    assert cat.resolve(SimpleNamespace(key="unknown")) is None


def test_incoming_and_outgoing():
    cat = small_catalog()
    a, b = (next(r for r in cat.reports if r.source == s) for s in ("raw/a.txt", "raw/b.txt"))
    assert [d.key for d in cat.outgoing(a)] == ["114-KL/TW"]
    assert [d.key for d in cat.outgoing(b)] == ["111-BC/TU@Kon Tum", "114-KL/TW"]
    inc = cat.incoming(a)
    assert [(m.report.source, m.anchor) for m in inc] == [("raw/b.txt", "fn:3")]
    assert cat.incoming(b) == []
    kl = cat.documents["114-KL/TW"]
    assert [r.source for r in kl.citing_reports] == ["raw/a.txt", "raw/b.txt"]
    assert len(kl.mentions) == 3


def test_fullest_description_is_merged_from_all_citations():
    cat = small_catalog()
    d = {f: v for f, v in cat.documents["114-KL/TW"].description.items() if f != "text"}
    assert d == {"doc_type": "Kết luận", "name": None, "number": "114-KL/TW", "date": "2015-07-14",
                 "issuer": "Ban Bí thư Trung ương Đảng (khóa XI)",
                 "subject": "về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp"}
    assert describe_text(d) == ("Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng (khóa XI) "
                                "về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp")
    assert cat.documents["114-KL/TW"].text == describe_text(d)


def test_a_law_cited_by_name_is_described_by_type_name_and_number():
    """Căn cứ Luật <Tên> số N/YYYY/QHnn: the cited-document page reads as the text cites it,
    whichever report gave the name; the label and the per-report description keep it."""
    def law(text, **kw):
        return Citation(0, len(text), text, "Luật", "72/2025/QH15", kw.get("date"), "central", "72/2025/QH15",
                        "72-2025-qh15", None, None, name=kw.get("name"))
    a = ReportEntry("raw/a.txt", "bao-cao/vinh-long/a.md", meta("1/2025/NQ-HĐND", "Vĩnh Long", "2025-11-18"),
                    citations=[law("Luật số 72/2025/QH15")])
    b = ReportEntry("raw/b.txt", "bao-cao/vinh-long/b.md", meta("2/2025/NQ-HĐND", "Vĩnh Long", "2025-11-19"),
                    citations=[law("Luật Tổ chức chính quyền địa phương số 72/2025/QH15, ngày 16/6/2025",
                                   name="Tổ chức chính quyền địa phương", date="2025-06-16")])
    cat = Catalog.build([a, b])
    doc = cat.documents["72/2025/QH15"]
    assert doc.description["name"] == "Tổ chức chính quyền địa phương"
    assert doc.text == "Luật Tổ chức chính quyền địa phương số 72/2025/QH15, ngày 16-6-2025"
    assert doc.label == "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
    assert cat.description_in(a, doc) == "Luật Tổ chức chính quyền địa phương số 72/2025/QH15, ngày 16-6-2025"
    jsonschema.validate(cat.to_json(), SCHEMA)


def test_report_key_meets_the_citation_key():
    assert report_key({"number": "114- KL/TW", "province": "Kiên Giang"}) == "114-KL/TW"
    assert report_key({"number": "1823-TB/TU", "province": "Kiên Giang"}) == "kien-giang:1823-TB/TU"
    assert report_key({"number": "111-BC/TU", "province": "Kon Tum"}) != report_key({"number": "111-BC/TU", "province": "Kiên Giang"})
    assert report_key({"number": None, "province": "Kon Tum"}) is None


def test_slug_collisions_get_distinct_paths():
    r = ReportEntry("raw/x.txt", "bao-cao/x.md", meta(None, None, None),
                    citations=[cit("K1", "a", slug="same"), cit("K2", "b", slug="same")])
    cat = Catalog.build([r])
    assert sorted(d.path for d in cat.documents.values()) == ["van-ban/same-2.md", "van-ban/same.md"]


def test_pages_link_every_citing_sentence_to_its_paragraph():
    cat = small_catalog()
    pages = cited_document_pages(cat)
    kl = pages["van-ban/114-kl-tw.md"]
    assert "(../bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md#p-2)" in kl
    assert "(../bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md#p-5)" in kl
    assert "(../bao-cao/kon-tum/2018-bao-cao-5-bc-tu.md#p-1)" in kl
    index = pages["van-ban/index.md"]
    # Sorted by number of citing reports first: 114-KL/TW (2 reports) before the others (1).
    first_tab = index.split("## Theo loại văn bản và năm ban hành")[0]
    assert first_tab != index
    assert first_tab.index("114-kl-tw.md") < first_tab.index("111-bc-tu-kien-giang.md")
    a = next(r for r in cat.reports if r.source == "raw/a.txt")
    sections = report_sections(cat, a)
    assert "## Văn bản viện dẫn" in sections and "## Được viện dẫn bởi" in sections
    assert "(2018-bao-cao-5-bc-tu.md#fn:3)" in sections


def test_to_json_matches_its_schema():
    data = small_catalog().to_json(lambda p: p[:-3] + "/")
    jsonschema.validate(data, SCHEMA)
    a = next(r for r in data["reports"] if r["page"].endswith("111-bc-tu.md"))
    assert a["cited_by"][0]["url"] == "bao-cao/kon-tum/2018-bao-cao-5-bc-tu/#fn:3"


# ------------------------------------------------------------ on the samples


def _catalog(built) -> dict:
    return json.loads((built.docs / "catalog.json").read_text(encoding="utf-8"))


def _html(built, page: str) -> BeautifulSoup:
    base = page[:-3]
    path = built.site / (base[: -len("index")] if base.endswith("index") else base + "/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _linked_reports(built, page: str) -> set[str]:
    """Report pages (docs-relative .md) linked from the built page of ``page``."""
    html_dir = (built.site / page[:-3]).resolve()
    out = set()
    for a in _html(built, page).select("article a[href]"):
        href = a["href"].split("#")[0]
        if not href or "://" in href:
            continue
        target = os.path.normpath(os.path.join(html_dir, href))
        rel = os.path.relpath(target, built.site).replace(os.sep, "/")
        if rel.startswith("bao-cao/"):
            out.add(rel.rstrip("/") + ".md")
    return out


def test_built_catalog_matches_its_schema(built_site):
    jsonschema.validate(_catalog(built_site), SCHEMA)


def test_114_kl_tw_lists_all_five_reports(built_site):
    data = _catalog(built_site)
    docs = [d for d in data["documents"] if d["description"]["number"] == "114-KL/TW"]
    assert len(docs) == 1, [d["key"] for d in data["documents"]]
    doc = docs[0]
    all_reports = {r["page"] for r in data["reports"]}
    assert {m["page"] for m in doc["cited_by"]} == all_reports
    assert _linked_reports(built_site, doc["page"]) == all_reports
    # The fullest description carries what the citations say of it.
    assert doc["description"]["doc_type"] == "Kết luận"
    assert doc["description"]["date"]


def test_kien_giang_1823_tb_tu_is_one_document_cited_two_ways(built_site):
    data = _catalog(built_site)
    docs = [d for d in data["documents"] if d["description"]["number"] == "1823-TB/TU"]
    assert len(docs) == 1, [d["key"] for d in data["documents"]]
    doc = docs[0]
    citing = {m["page"] for m in doc["cited_by"]}
    sources = {r["page"]: r["meta"]["source"] for r in data["reports"]}
    assert sorted(sources[p] for p in citing) == [
        "raw/kien-giang/2021-04-15-ke-hoach-415-kh-bdvtu-bcsdubnd.txt",
        "raw/kien-giang/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt",
    ]
    texts = " | ".join(m["text"] for m in doc["cited_by"])
    assert "Thông báo số 1823" in texts and "Thông báo kết luận số 1823" in texts
    assert _linked_reports(built_site, doc["page"]) == citing


def test_report_pages_show_cites_and_cited_by(built_site):
    data = _catalog(built_site)
    for r in data["reports"]:
        soup = _html(built_site, r["page"])
        headings = [h.get_text().replace("¶", "").strip() for h in soup.select("article h2")]
        if r["cites"]:
            assert "Văn bản viện dẫn" in headings
        if r["cited_by"]:
            assert "Được viện dẫn bởi" in headings
    assert any(r["cites"] for r in data["reports"])


def test_browse_pages_cover_every_report(built_site):
    data = _catalog(built_site)
    all_reports = {r["page"] for r in data["reports"]}
    for facet in ("tinh", "nam", "loai", "co-quan"):
        index = f"duyet/{facet}/index.md"
        values = [a["href"] for a in _html(built_site, index).select("article table a")]
        assert values, facet
        seen = set()
        for page in (built_site.docs / "duyet" / facet).glob("*.md"):
            if page.name != "index.md":
                seen |= _linked_reports(built_site, f"duyet/{facet}/{page.name}")
        assert seen == all_reports, facet
    home = _html(built_site, "index.md").get_text(" ")
    for label in ("Báo cáo theo tỉnh", "Báo cáo theo năm", "Báo cáo theo loại văn bản", "Báo cáo theo cơ quan ban hành"):
        assert label in home


def test_browse_groups_spelling_variants_of_one_issuer():
    from converters.site.pages import browse_pages

    a = ReportEntry("raw/a.txt", "bao-cao/kon-tum/a.md", dict(meta("1-BC/TU", "Kon Tum", "2016-01-01"), issuers=["Tỉnh uỷ Kon Tum"]))
    b = ReportEntry("raw/b.txt", "bao-cao/kon-tum/b.md", dict(meta("2-BC/TU", "Kon Tum", "2017-01-01"), issuers=["TỈNH ỦY KON TUM"]))
    c = ReportEntry("raw/c.txt", "bao-cao/kien-giang/c.md", dict(meta("3-BC/TU", "Kiên Giang", "2018-01-01"), issuers=["Ban Dân vận Tỉnh ủy"]))
    pages = browse_pages(Catalog.build([a, b, c]))
    issuers = sorted(p for p in pages if p.startswith("duyet/co-quan/") and not p.endswith("index.md"))
    assert issuers == ["duyet/co-quan/ban-dan-van-tinh-uy-kien-giang.md", "duyet/co-quan/tinh-uy-kon-tum.md"]
    kon_tum = pages["duyet/co-quan/tinh-uy-kon-tum.md"]
    assert kon_tum.index("b.md") < kon_tum.index("a.md")  # newest first
    years = pages["duyet/nam/index.md"]
    assert years.index("2018") < years.index("2017") < years.index("2016")


# ---------------------------------------------------------------- issue 16 §3: identity and dates
def test_issuer_variants_of_one_provincial_document_meet_unless_dates_differ():
    kg = meta("1-BC/TU", "Kiên Giang", "2021-01-01")
    a = ReportEntry("raw/a.txt", "bao-cao/a.md", kg, citations=[
        cit("kien-giang:52-CTr/BDV-BCSĐUBND", "Chương trình phối hợp số 52-CTr/BDV-BCSĐUBND", doc_type="Chương trình phối hợp",
            number="52-CTr/BDV-BCSĐUBND", date="2017-04-19"),
        cit("kien-giang:7-KH/BDV", "Kế hoạch số 7-KH/BDV", doc_type="Kế hoạch", number="7-KH/BDV", date="2017-01-02")])
    b = ReportEntry("raw/b.txt", "bao-cao/b.md", meta("2-BC/TU", "Kiên Giang", "2021-02-01"), citations=[
        cit("kien-giang:52-CTr/BDVTU-BCSĐUBND", "Chương trình phối hợp số 52-CTr/BDVTU-BCSĐUBND",
            doc_type="Chương trình phối hợp", number="52-CTr/BDVTU-BCSĐUBND", date="2017-04-19"),
        # same number and body but another date: another document
        cit("kien-giang:7-KH/BDVTU", "Kế hoạch số 7-KH/BDVTU", doc_type="Kế hoạch", number="7-KH/BDVTU", date="2019-05-06"),
        # another body (the Tỉnh ủy itself, not its Ban Dân vận): another document
        cit("kien-giang:52-CTr/TU-BCSĐUBND", "Chương trình số 52-CTr/TU-BCSĐUBND", doc_type="Chương trình",
            number="52-CTr/TU-BCSĐUBND")])
    cat = Catalog.build([a, b])
    assert set(cat.documents) == {"kien-giang:52-CTr/BDV-BCSĐUBND", "kien-giang:7-KH/BDV", "kien-giang:7-KH/BDVTU",
                                  "kien-giang:52-CTr/TU-BCSĐUBND"}
    doc = cat.documents["kien-giang:52-CTr/BDV-BCSĐUBND"]
    assert [m.report.source for m in doc.mentions] == ["raw/a.txt", "raw/b.txt"]
    assert cat.resolve(b.citations[0]) == doc.path
    assert [d.key for d in cat.outgoing(b)][0] == doc.key


def test_each_citing_report_keeps_its_own_date_and_the_page_shows_the_conflict():
    a = ReportEntry("raw/a.txt", "bao-cao/kien-giang/2018-a.md", meta("111-BC/BDV", "Kiên Giang", "2018-05-10"),
                    citations=[cit("kien-giang:12-KH/TU", "Kế hoạch số 12-KH/TU, ngày 25-4-2016", "p-12", slug="kien-giang-12-kh-tu", doc_type="Kế hoạch",
                                   number="12-KH/TU", date="2016-04-25", issuer="Ban Thường vụ Tỉnh ủy")])
    b = ReportEntry("raw/b.txt", "bao-cao/kien-giang/2021-b.md", meta("415-KH/BDVTU", "Kiên Giang", "2021-04-15"),
                    citations=[cit("kien-giang:12-KH/TU", "Kế hoạch số 12-KH/TU ngày 03/02/2016", "p-3", slug="kien-giang-12-kh-tu", doc_type="Kế hoạch",
                                   number="12-KH/TU", date="2016-02-03")])
    cat = Catalog.build([a, b])
    doc = cat.documents["kien-giang:12-KH/TU"]
    assert list(doc.dates) == ["2016-02-03", "2016-04-25"]
    # Two reports, two dates: the one-line description picks neither ...
    assert doc.text == "Kế hoạch số 12-KH/TU của Ban Thường vụ Tỉnh ủy"
    # ... each report's list of cited documents shows the date it gives ...
    assert "Kế hoạch số 12-KH/TU, ngày 25-4-2016 của Ban Thường vụ Tỉnh ủy" in report_sections(cat, a)
    assert "Kế hoạch số 12-KH/TU, ngày 03-02-2016 của Ban Thường vụ Tỉnh ủy" in report_sections(cat, b)
    # ... and the document's page lists both dates with the reports that give them.
    page = cited_document_pages(cat)[doc.path]
    assert "Các báo cáo ghi ngày ban hành khác nhau" in page
    assert "ngày 25-4-2016: theo [Báo cáo số 111-BC/BDV](../bao-cao/kien-giang/2018-a.md#p-12)" in page
    assert "ngày 03-02-2016: theo [Báo cáo số 415-KH/BDVTU](../bao-cao/kien-giang/2021-b.md#p-3)" in page
    data = cat.to_json()
    jsonschema.validate(data, SCHEMA)
    assert [m["date"] for m in data["documents"][0]["cited_by"]] == ["2016-04-25", "2016-02-03"]


def test_a_date_most_reports_agree_on_stays_in_the_description():
    reports = [ReportEntry(f"raw/{n}.txt", f"bao-cao/{n}.md", meta(f"{n}-BC/TU", "Kon Tum", "2016-01-01"),
                           citations=[cit("114-KL/TW", "Kết luận số 114-KL/TW", doc_type="Kết luận", number="114-KL/TW",
                                          date=d)])
               for n, d in ((1, "2015-07-14"), (2, "2015-07-14"), (3, "2015-07-04"))]
    doc = Catalog.build(reports).documents["114-KL/TW"]
    assert doc.text == "Kết luận số 114-KL/TW, ngày 14-7-2015"
    assert "ngày 04-7-2015: theo" in cited_document_pages(Catalog.build(reports))[doc.path]


def test_samples_one_page_per_document(built_site):
    data = _catalog(built_site)
    keys = {d["key"] for d in data["documents"]}
    # 11-QĐ/TW and 11-QĐi/TW: one Quy định; 52-CTr/BDV-... and 52-CTr/BDVTU-...: one programme.
    assert "11-QĐi/TW" in keys and "11-QĐ/TW" not in keys
    assert "kien-giang:52-CTr/BDV-BCSĐUBND" in keys and "kien-giang:52-CTr/BDVTU-BCSĐUBND" not in keys
    prog = next(d for d in data["documents"] if d["key"] == "kien-giang:52-CTr/BDV-BCSĐUBND")
    assert len({m["page"] for m in prog["cited_by"]}) == 2
    texts = {d["key"]: d["text"] for d in data["documents"]}
    assert texts["79-CTr/BDVTW-BCSĐCP"].endswith("về công tác dân vận, giai đoạn 2016-2021")
    assert texts["kien-giang:65/2016/NQ-HĐND"].endswith("về nhiệm vụ phát triển kinh tế - xã hội năm 2017")
    assert texts["kien-giang:117/KH-MTTQ-CCB-LĐLĐ-PN-ND-TĐ"].endswith("tỉnh Kiên Giang năm 2017")
    for text in texts.values():
        assert text.count("“") == text.count("”") and text.count('"') % 2 == 0, text
    # Nghị quyết 25-NQ/TW of the XI term (2013) and of the IX term (2003, on religion): two pages.
    nq25 = {d["key"]: d for d in data["documents"] if d["key"].startswith("25-NQ/TW")}
    assert set(nq25) == {"25-NQ/TW", "25-NQ/TW (khóa IX)"}
    assert "tôn giáo" in nq25["25-NQ/TW (khóa IX)"]["text"]
    assert not any("tôn giáo" in m["context"] for m in nq25["25-NQ/TW"]["cited_by"])
    page = (built_site.docs / nq25["25-NQ/TW (khóa IX)"]["page"]).read_text("utf-8")
    assert page.startswith("---\ntitle: Nghị quyết số 25-NQ/TW (khóa IX)\n")
    # Reports are named as an editor would: type + subject when they have no number.
    assert "[Báo cáo tổng kết công tác dân vận năm 2020" in page and "[Báo cáo: " not in page
    # The 2018 report's own date of 12-KH/TU, not the 2021 plan's.
    r2018 = next(r for r in data["reports"] if r["meta"]["date"] == "2018-05-10")
    soup = _html(built_site, r2018["page"])
    cited = [li.get_text(" ", strip=True) for li in soup.select("article ul li") if "12-KH/TU" in li.get_text()]
    assert any("Kế hoạch số 12-KH/TU, ngày 25-4-2016" in t for t in cited), cited


def test_cited_document_page_states_its_description_once():
    # A description that says more than the title stands under it; one that is the title is not repeated.
    pages = cited_document_pages(small_catalog())
    for path, text in pages.items():
        if path == "van-ban/index.md":
            continue
        title = text.split("\n# ", 1)[1].split("\n", 1)[0]
        body = text.split("\n# ", 1)[1].split("\n", 1)[1]
        assert body.lstrip().split("\n", 1)[0] != title, path
    kl = pages["van-ban/114-kl-tw.md"]
    assert "\n# Kết luận số 114-KL/TW\n\nKết luận số 114-KL/TW, ngày" in kl


class _DictStore(dict):
    """The ``merged`` store of Catalog.build, in memory; counts the merges it was handed."""

    puts = 0

    def put(self, name, value):
        self.puts += 1
        self[name] = value


def test_merged_descriptions_are_reused_only_for_the_same_citations():
    plain = small_catalog()
    reports = [r for r in plain.reports]
    for n, r in enumerate(reports):
        r.token = f"t{n}"
    store = _DictStore()
    first = Catalog.build(reports, merged=store)
    assert store.puts == len(first.documents)
    again = Catalog.build(reports, merged=store)
    assert store.puts == len(first.documents)  # every description from the store
    for key, d in plain.documents.items():
        assert first.documents[key].description == again.documents[key].description == d.description
    # a report edited (new token, a citation fuller than before): its documents merged again
    a = next(r for r in reports if r.path.endswith("111-bc-tu.md"))
    a.token = "t-edited"
    a.citations[0].subject = "về một chủ đề dài hơn mọi chủ đề đã viện dẫn trước đây trong kho văn bản của các cơ quan nhà nước"
    edited = Catalog.build(reports, merged=store)
    assert edited.documents["114-KL/TW"].description == Catalog.build(reports).documents["114-KL/TW"].description
    assert "chủ đề dài hơn" in edited.documents["114-KL/TW"].text
    # a store entry of the wrong shape is a miss; a report without a token is never memoized
    for name in list(store):
        store[name] = {"doc_type": "sai"}
    a.token = None
    assert Catalog.build(reports, merged=store).documents["114-KL/TW"].description == \
        Catalog.build(reports).documents["114-KL/TW"].description
