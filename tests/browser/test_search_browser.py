"""The site in a real browser, online (localhost) and offline (unzipped bundle, file://).

Expected results come from the raw reports themselves (which report holds a
phrase), not from the index, so a broken index or a converter that loses
text fails here.  Every test also fails on a console error or a request
leaving the machine (see ``conftest.py``).
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from converters.lexicon.slugs import fold

pytestmark = pytest.mark.browser


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[^\W_]+", fold(text))) + " "


def _reports_with(site, phrase: str, *, together: bool) -> set[str]:
    """Page URLs of the reports whose raw text holds ``phrase`` (folded; as a phrase or all its words)."""
    want = _words(phrase)
    out = set()
    for source, url in site.report_pages().items():
        text = _words(site.raw_text(source))
        if (want in text) if together else all(f" {w} " in text for w in want.split()):
            out.add(url)
    return out


def _result_pages(site, results) -> set[str]:
    return {r["href"].split("#")[0][len(site.base) :] for r in results}


EQUIVALENT_QUERIES = [
    # with and without diacritics, any case
    ("Dân vận khéo", "dan van kheo", "DÂN VẬN KHÉO", "dân Vận KHÉO"),
    # tone mark placement (raw-artifacts.md §9) and without marks
    ("hòa giải", "hoà giải", "hoa giai"),
    ("Ủy ban nhân dân", "Uỷ ban nhân dân", "uy ban nhan dan"),
    # đ typed as d
    ("Đảng đoàn", "dang doan", "Dảng doàn"),
]


@pytest.mark.parametrize("queries", EQUIVALENT_QUERIES, ids=lambda q: fold(q[0]).replace(" ", "-"))
def test_spelling_variants_find_the_same_reports(page, queries):
    page.open_home()
    found = [_result_pages(page.site, page.search(q)) for q in queries]
    assert found[0], f"{queries[0]!r} found nothing"
    for q, pages in zip(queries[1:], found[1:]):
        assert pages == found[0], f"{q!r} found {pages}, {queries[0]!r} found {found[0]}"
    # Every report holding the phrase is found; every report found holds all its words
    # (other pages -- glossary, lists -- may be found too).
    reports = found[0] & set(page.site.report_pages().values())
    phrase = _reports_with(page.site, queries[0], together=True)
    words = _reports_with(page.site, queries[0], together=False)
    assert phrase <= reports <= words, (phrase, reports, words)


def test_highlights_matches_in_original_spelling(page):
    page.open_home()
    results = page.search("dan van kheo")
    marks = {m for r in results for m in r["marks"]}
    # Adjacent matched words are one mark, in the text's own spelling and case.
    assert any(fold(m) == "dan van kheo" and m != "dan van kheo" for m in marks), marks
    for m in marks:
        assert set(re.findall(r"[^\W_]+", fold(m))) <= {"dan", "van", "kheo"}, m


def test_results_show_type_section_and_snippet(page):
    page.open_home()
    results = page.search("Dân vận khéo")
    assert results
    for r in results:
        assert r["title"].strip()
        assert "Dân vận khéo".casefold() in r["snippet"].casefold() or r["marks"], r
    # Reports show their facts: the document type at least (number, date, province when known).
    reports = set(page.site.report_pages().values())
    shown = [r for r in results if r["href"].split("#")[0][len(page.site.base) :] in reports]
    assert shown, "no report among the results"
    assert all(r["facts"] for r in shown), [r["facts"] for r in shown]
    assert any(re.search(r"Số \S+ · \d\d/\d\d/\d{4}", r["facts"]) for r in shown), [r["facts"] for r in shown]
    assert any(r["section"] for r in results), "no result names the matching section"


def test_prefix_while_typing(page):
    page.open_home()
    typed = _result_pages(page.site, page.search("dan van khe"))
    full = _result_pages(page.site, page.search("dan van kheo"))
    assert full and full <= typed


@pytest.mark.parametrize("number", ["114-KL/TW", "114-kl/tw", "114 KL TW"])
def test_document_number_as_typed(page, number):
    page.open_home()
    found = _result_pages(page.site, page.search(number))
    citing = _reports_with(page.site, "114-KL/TW", together=True)
    assert citing, "the samples cite 114-KL/TW"
    assert citing <= found, (citing, found)


def test_no_results_message(page):
    page.open_home()
    assert page.search("xyzzyqwv") == []
    assert "Không tìm thấy" in page.inner_text(".md-search-result__meta")


def test_result_link_opens_the_section(page):
    page.open_home()
    results = page.search("dan van kheo")
    first = page.locator(".bc-result a").first
    href = results[0]["href"]
    first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0] == href.split("#")[0]
    if "#" in href:
        anchor = href.split("#", 1)[1]
        assert page.locator(f'[id="{anchor}"]').count() == 1, f"no element with id {anchor!r}"


def test_citation_link_navigates(page):
    site = page.site
    report = sorted(site.report_pages().values())[0]
    page.goto(site.base + report)
    links = page.locator("article a[href*='van-ban/'], article a[href*='bao-cao/']")
    assert links.count(), "a report page has no citation link"
    target = links.first.get_attribute("href")
    links.first.click()
    page.wait_for_load_state("load")
    assert page.url != site.base + report
    assert page.locator("article h1").count() == 1, f"{target} did not open a page"


def test_footnote_tooltip_on_hover(page):
    site = page.site
    for url in sorted(site.report_pages().values()):
        page.goto(site.base + url)
        if page.locator("article a.footnote-ref").count():
            break
    else:
        pytest.fail("no report page has a footnote reference (the converter must write Markdown footnotes)")
    ref = page.locator("article a.footnote-ref").first
    ref.scroll_into_view_if_needed()
    ref.hover()
    tip = page.locator(".md-tooltip2")
    tip.first.wait_for(state="visible", timeout=5000)
    assert tip.first.inner_text().strip()


def test_search_from_a_report_page(page):
    """The box works below the root too (relative paths to the index)."""
    site = page.site
    report = sorted(site.report_pages().values())[0]
    page.goto(site.base + report)
    assert page.search("dan van kheo")


def test_js_fold_matches_python_fold(page):
    """search.js folds exactly like converters.lexicon.slugs.fold (every BMP character, and Vietnamese text)."""
    if page.site.mode != "online":
        pytest.skip("one browser is enough: the same script runs offline")
    page.open_home()
    page.evaluate("() => new Promise((ok, ko) => { const s = document.createElement('script');"
                  " s.src = document.querySelector('[data-bc-search-query]').dataset.bcIndex.replace(/\\/?$/, '/') + 'manifest.js';"
                  " s.onload = ok; s.onerror = ko; document.head.appendChild(s); })")
    version = unicodedata.unidata_version
    chars = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    # Characters assigned after Python's Unicode version may fold differently in a newer ICU.
    chars = [c for c in chars if unicodedata.category(c) != "Cn"]
    js = page.evaluate("cs => cs.map(c => window.__bcSearch.fold(c))", chars)
    diff = [(f"U+{ord(c):04X}", fold(c), j) for c, j in zip(chars, js) if fold(c) != j]
    assert len(diff) <= 5, f"{len(diff)} differences (Python Unicode {version}, {sys.version.split()[0]}): {diff[:20]}"
    samples = ["Dân vận khéo", "Uỷ ban nhân dân", "ỦY BAN", "hoà giải", "Đảng đoàn", "114-KL/TW", "Quý Hợi ﬁ ½"]
    assert page.evaluate("cs => cs.map(c => window.__bcSearch.fold(c))", samples) == [fold(s) for s in samples]


def test_whole_words_side_by_side_rank_above_prefix_and_scattered_matches(page):
    """Issue 16 §4: ``uy ban`` put the Kon Tum report 11th and marked ``bằng``, ``bản``."""
    page.open_home()
    results = page.search("uy ban")  # the last word still being typed: a prefix too
    phrase = _reports_with(page.site, "Ủy ban", together=True)
    assert len(phrase) == 5, phrase
    pages = [r["href"].split("#")[0][len(page.site.base):] for r in results]
    # Every report holding "Ủy ban" comes before any other page.
    assert set(pages[: len(phrase)]) == phrase, pages
    # Where the words stand side by side, only those places are marked: no "bằng", no lone "bản".
    for r in results[: len(phrase)]:
        assert r["marks"] and {" ".join(fold(m).split()) for m in r["marks"]} == {"uy ban"}, r
    # A whole-word match ranks above a prefix-only one, and a mark is never a longer word
    # when the section holds the typed word whole.
    for r in results:
        words = {w for m in r["marks"] for w in re.findall(r"[^\W_]+", fold(m))}
        if "ban" in words:
            assert words <= {"uy", "ban"}, r


def test_prefix_applies_to_the_last_word_only(page):
    page.open_home()
    # "khe" is no word of the samples; as the first word it must not expand to "khéo".
    assert page.search("khe dan van") == []
    assert page.search("dan van khe")  # as the last word it does


def test_cut_postings_give_the_best_pages_and_the_rest_on_demand(page, monkeypatch):
    """Issue #14: a shard holds only each term's best HEAD_POSTINGS postings (the rest in its
    tail file). Too few pages from those: every posting is read (same pages as a full read);
    enough: the best pages, as from every posting, and ``more`` offers the rest."""
    if page.site.mode != "online":
        pytest.skip("one browser is enough: the same script runs offline")
    from converters.site import search_index as si

    monkeypatch.setattr(si, "HEAD_POSTINGS", 3)
    pages = [si.IndexedPage(f"p{i}/", {"doc_type": "Báo cáo"},
                            [si.Section(f"Báo cáo {i}", "", 1, "dân " * (1 + i % 7) + ("vận " * (1 + i % 5) if i % 3 else "") + "lời " * 20)])
             for i in range(40)]
    files = si.build_index_files(pages)
    assert any(rel.startswith("u/") for rel in files)
    page.open_home()
    page.evaluate("files => { for (const text of Object.values(files)) (new Function(text))(); }", files)
    run = "([q, o]) => window.__bcSearch.search(q, o).then(r => ({more: !!r.more, total: r.total, pages: r.results.map(x => x.page)}))"
    both = {i for i in range(40) if i % 3}
    got = page.evaluate(run, ["dan van", None])  # heads alone find 3 pages at most: every posting read
    assert set(got["pages"]) <= both and len(got["pages"]) == 20 and got["total"] == len(both) and not got["more"]
    best = page.evaluate(run, ["dan", {"limit": 2}])
    every = page.evaluate(run, ["dan", {"limit": 2, "full": True}])
    assert best["more"] and not every["more"] and best["pages"] == every["pages"]
    assert every["total"] == 40
    # In the box: 20 pages and "Xem thêm kết quả", which shows 20 more.
    box = page.locator("[data-bc-search-query]")
    box.click()
    box.fill("dan")
    page.wait_for_function("() => document.querySelector('[data-bc-search-result]').getAttribute('data-bc-query') === 'dan'")
    assert page.locator(".bc-result").count() == 20
    page.click("[data-bc-more]")
    page.wait_for_function("() => document.querySelectorAll('.bc-result').length === 40")
    assert page.locator("[data-bc-more]").count() == 0
    assert "40 văn bản phù hợp" in page.inner_text(".md-search-result__meta")
