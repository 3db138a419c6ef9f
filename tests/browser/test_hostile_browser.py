"""The hostile report in Chromium: nothing runs, nothing is fetched from outside (issue [4/6] §3).

The site built from the samples + the injection corpus (``tests/hostile_corpus.py``,
plain ``mkdocs build``) is served on 127.0.0.1.  The report page, the browse
page of its hostile issuer and the search results for it are opened, every
element of the article is hovered (footnote tooltips, permalinks) and every
in-page link clicked.  Fails on: a dialog (``alert``/``confirm``/``prompt``, via
``page.on("dialog")`` and a canary in front of those functions), a request
leaving 127.0.0.1, a console error or an uncaught exception.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading

import pytest

from converters.frontmatter import split_front_matter

from ..hostile_corpus import HOSTILE_NAME, mixed_build
from .conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


#: Runs before any page script: any call of a dialog function is recorded.
CANARY = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const real = window[name];
  window[name] = function (...args) { window.__fired.push(name + ":" + args.join(",")); };
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site():
    """``(base URL, built project)`` of the mixed corpus, served on 127.0.0.1."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium): browser tests need it")
    built = mixed_build()
    assert built.returncode == 0, built.log[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", built
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(hostile_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser):
    """A page that records dialogs, requests leaving 127.0.0.1, console errors; asserted at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    seen = {"dialogs": [], "external": [], "errors": []}
    local = re.compile(r"^(https?://127\.0\.0\.1(:\d+)?/|about:|blob:)")

    def route(r):
        if local.match(r.request.url):
            r.continue_()
        else:  # data: URLs are requests too: none is expected from the sources
            seen["external"].append(r.request.url[:200])
            r.abort()

    context.route("**/*", route)
    context.add_init_script(CANARY)
    pg = context.new_page()
    pg.on("dialog", lambda d: (seen["dialogs"].append(f"{d.type}: {d.message}"), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    pg.on("pageerror", lambda e: seen["errors"].append(f"uncaught: {e}"))
    pg.on("popup", lambda p: seen["external"].append(f"popup: {p.url}"))
    yield pg
    fired = []
    try:
        fired = pg.evaluate("window.__fired || []")
    except Exception:  # noqa: BLE001 - a closed page has no canary to read
        pass
    context.close()
    assert not seen["dialogs"] and not fired, f"dialogs fired: {seen['dialogs'] + fired}"
    assert not seen["external"], f"requests left the machine: {seen['external']}"
    assert not seen["errors"], f"console errors: {seen['errors']}"


def page_url(built, source: str) -> str:
    for md in (built.docs / "bao-cao").rglob("*.md"):
        meta, _ = split_front_matter(md.read_text("utf-8"))
        if meta.get("source") == source:
            return md.relative_to(built.docs).with_suffix("").as_posix() + "/"
    raise AssertionError(f"no page for {source}")


def poke(pg) -> int:
    """Hover every element of the article, click its in-page links; returns how many were hovered."""
    count = 0
    for el in pg.locator("article *").all():
        try:
            if el.is_visible():
                el.hover(timeout=1000)
                count += 1
        except Exception:  # noqa: BLE001 - an element that moved or vanished while hovering
            pass
    for link in pg.locator("article a[href^='#']").all()[:60]:
        try:
            if link.is_visible():
                link.click(timeout=1000)
        except Exception:  # noqa: BLE001
            pass
    pg.wait_for_timeout(300)  # let onerror/onload/ontoggle handlers fire, if any got in
    return count


def test_hostile_report_page_runs_nothing(hostile_site, watched):
    base, built = hostile_site
    watched.goto(base + page_url(built, "raw/" + HOSTILE_NAME))
    watched.wait_for_load_state("load")
    article = watched.locator("article").inner_text()
    assert "<script>alert('xss-1')</script>" in article  # shown as text
    assert "<img src=x onerror=alert('subject')>" in watched.title()
    assert watched.locator("article script, article iframe, article object, article embed").count() == 0
    assert poke(watched) > 50
    # Footnote tooltip (content.footnote.tooltips) shows the hostile footnote as text.
    watched.locator("article sup a, article a.footnote-ref").first.hover()
    watched.wait_for_timeout(300)


def test_browse_page_of_hostile_issuer_runs_nothing(hostile_site, watched):
    base, built = hostile_site
    pages = sorted((built.site / "duyet" / "co-quan").glob("*issuer*/index.html"))
    assert pages, "no browse page for the hostile issuer"
    watched.goto(base + pages[0].parent.relative_to(built.site).as_posix() + "/")
    assert "<script>alert('issuer')</script>" in watched.locator("article").inner_text()
    poke(watched)


def test_search_results_for_hostile_text_run_nothing(hostile_site, watched):
    base, _ = hostile_site
    watched.goto(base)
    box = watched.locator("[data-bc-search-query]")
    for query in ("alert xss", "onerror", "script alert subject", "javascript"):
        box.click()
        box.fill(query)
        watched.wait_for_function(
            "q => document.querySelector('[data-bc-search-result]').getAttribute('data-bc-query') === q",
            arg=query,
            timeout=10_000,
        )
        results = watched.locator(".bc-result")
        assert results.count() > 0, query
        for i in range(min(results.count(), 5)):
            results.nth(i).hover()
        assert watched.locator("[data-bc-search-result] script, [data-bc-search-result] img").count() == 0
    watched.wait_for_timeout(300)


def _sidecar_urls(built) -> list[str]:
    """Site URLs of every page that shows a hostile sidecar value, and the editors' page."""
    from ..test_hostile import sidecar_pages

    urls = [p.parent.relative_to(built.site).as_posix() + "/" for p in sidecar_pages(built).values()]
    return [u if u != "./" else "" for u in urls] + ["bien-tap/"]


def test_sidecar_values_and_file_names_run_nothing_on_any_page(hostile_site, watched):
    """Issue [0/6] 1-3: the sidecar's values (report, home, browse pages) and the hostile
    file names (editors' page) in Chromium: no dialog, shown as text."""
    base, built = hostile_site
    urls = _sidecar_urls(built)
    assert len(urls) >= 7, urls
    for url in urls:
        watched.goto(base + url)
        watched.wait_for_load_state("load")
        assert watched.locator("article img, article script, article svg:not(.md-icon svg)").count() == 0, url
        poke(watched)
    assert "onerror=\"alert('x')\"" in watched.locator("article").inner_text()


def test_search_for_sidecar_values_runs_nothing(hostile_site, watched):
    base, _ = hostile_site
    watched.goto(base)
    box = watched.locator("[data-bc-search-query]")
    for query in ("sc-number", "sc-title onerror"):
        box.click()
        box.fill(query)
        watched.wait_for_function(
            "q => document.querySelector('[data-bc-search-result]').getAttribute('data-bc-query') === q",
            arg=query, timeout=10_000)
        results = watched.locator(".bc-result")
        for i in range(min(results.count(), 5)):
            results.nth(i).hover()
        assert watched.locator("[data-bc-search-result] script, [data-bc-search-result] img").count() == 0
    watched.wait_for_timeout(300)
