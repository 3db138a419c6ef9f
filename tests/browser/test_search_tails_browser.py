"""Tail pages read round by round (issue #14, format 3), in Chromium, online and from file://.

A made-up site whose index is built by ``search_index`` with a small head: the heads of the
two words share no section, the first tail page of each holds the same 20 pages (every page of
the second half holds both words, the same number of times each, so both words rank them
alike). The first results must come after loading those two pages alone, and the full path
("Xem thêm kết quả", ``full``) must read every page and find every page holding both words.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import pytest

from converters.site import search_index as si

pytestmark = pytest.mark.browser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEAD = 10
BOTH = range(20, 100)  # pages holding both words

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm</title><link rel="icon" href="data:,"></head><body>
<input type="checkbox" id="__search">
<div data-bc-search><form action="javascript:void(0)">
<input type="text" data-bc-search-query data-bc-index="assets/search/index/"></form>
<div data-bc-search-result><div class="md-search-result__meta"></div><ol class="md-search-result__list"></ol></div></div>
<script src="assets/search/search.js"></script></body></html>
"""

# Every <script> the page adds (the index files are removed once loaded; from file:// they are
# not in the Resource Timing list either).
WATCH = """window.__scripts = [];
new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
  if (n.tagName === 'SCRIPT' && n.src) window.__scripts.push(n.src); }))).observe(document, {childList: true, subtree: true});"""


def _text(i: int) -> str:
    """Section text of page ``i``: 40 words, ``hoà`` alone on pages 0-9, ``giải`` alone on
    10-19, both ``k`` times each on 20-99 (``k`` from 8 down to 1 as ``i`` grows)."""
    if i < 10:
        words = ["hoà"] * 12
    elif i < 20:
        words = ["giải"] * 12
    else:
        k = 1 + (99 - i) // 10
        words = ["hoà", "lời", "giải"] * k
    return " ".join(words + ["lời"] * (40 - len(words)))


@pytest.fixture(scope="module")
def tail_site(tmp_path_factory):
    """The made-up site's directory: ``index.html``, ``search.js`` and the index of 100 reports."""
    mp = pytest.MonkeyPatch()
    mp.setattr(si, "HEAD_POSTINGS", HEAD)
    try:
        pages = [si.IndexedPage(f"p{i:03}/", {"doc_type": "Báo cáo"}, [si.Section(f"Báo cáo {i}", "", 1, _text(i))])
                 for i in range(100)]
        files = si.build_index_files(pages)
    finally:
        mp.undo()
    site = tmp_path_factory.mktemp("tails-site")
    si.write_index(files, str(site))
    shutil.copy(os.path.join(ROOT, "docs", "assets", "search", "search.js"), site / "assets" / "search" / "search.js")
    (site / "index.html").write_text(PAGE, "utf-8")
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(params=["online", "offline"])
def tail_page(request, chromium, tail_site):
    """A fresh page on the made-up site (served on 127.0.0.1, or as ``file://``); fails on console errors."""
    server = None
    if request.param == "online":
        handler = functools.partial(_Quiet, directory=str(tail_site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/index.html"
    else:
        url = tail_site.joinpath("index.html").as_uri()
    context = chromium.new_context()
    context.add_init_script(WATCH)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector("[data-bc-search-query]")
    yield pg
    context.close()
    if server is not None:
        server.shutdown()
        server.server_close()
    assert not errors, errors


def _tails_loaded(pg) -> list[str]:
    return sorted(u.rsplit("/", 1)[1] for u in pg.evaluate("window.__scripts") if "/assets/search/index/u/" in u)


RUN = """([q, o]) => window.__bcSearch.search(q, o).then(r => ({more: !!r.more, total: r.total, rounds: r.rounds,
          pages: r.results.map(x => x.page), scores: r.results.map(x => [x.page, x.section, x.score])}))"""


def test_the_first_tail_page_fills_the_results_and_the_full_path_reads_every_page(tail_page):
    pg = tail_page
    hoa, giai = si.tail_name("hoa"), si.tail_name("giai")
    assert len(si.tail_bounds(90, HEAD)) == 3  # 10 in the head, then pages of 20, 40 and the last 20
    box = pg.locator("[data-bc-search-query]")
    box.click()
    box.fill("hoà giải ")  # the last word whole (not a prefix being typed)
    pg.wait_for_function("() => document.querySelector('[data-bc-search-result]').getAttribute('data-bc-query') === 'hoà giải '")
    # Heads (pages 0-9 and 10-19) share nothing; page 0 of each tail holds pages 20-39: 20 results.
    assert _tails_loaded(pg) == [f"{giai}-0.js", f"{hoa}-0.js"]
    shown = pg.evaluate("() => Array.from(document.querySelectorAll('.bc-result a')).map(a => a.href.split('/').slice(-2)[0])")
    assert sorted(shown) == [f"p{i:03}" for i in range(20, 40)]
    assert pg.inner_text(".md-search-result__meta").startswith("Ít nhất 20 văn bản phù hợp")  # more may exist
    # "Xem thêm kết quả": every page of both words read, 20 results more.
    pg.click("[data-bc-more]")
    pg.wait_for_function("() => document.querySelectorAll('.bc-result').length === 40")
    assert _tails_loaded(pg) == sorted(f"{t}-{k}.js" for t in (hoa, giai) for k in range(3))
    assert pg.inner_text(".md-search-result__meta").startswith("80 văn bản phù hợp")
    # The full path finds every page holding both words; reading page by page to the end
    # (a limit above the results) gives exactly the full read's results.
    full = pg.evaluate(RUN, ["hoà giải ", {"full": True, "limit": 100}])
    assert sorted(full["pages"]) == list(BOTH) and full["total"] == 80 and not full["more"]
    stepped = pg.evaluate(RUN, ["hoà giải ", {"limit": 100}])
    assert stepped == {**full, "rounds": 3}
    first = pg.evaluate(RUN, ["hoà giải ", None])
    assert first["rounds"] == 1 and first["more"] and sorted(first["pages"]) == list(range(20, 40))
