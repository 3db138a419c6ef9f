"""The offline bundle's 404 page from file:// (issue [0/6] 12): styled, scripted, links work."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("site", ["offline"], indirect=True)
def test_offline_404_page_loads_its_assets(page, site):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(site.base + "404.html")
    page.wait_for_load_state("load")
    assert failed == [], failed
    # Material's stylesheet applied (the header is fixed-height, coloured) and its bundle ran.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("document.styleSheets.length") >= 3
    assert page.evaluate("typeof document$ !== 'undefined'") or page.evaluate("!!window.__md_scope")
    home = page.locator("a.md-header__button.md-logo")
    assert home.get_attribute("href").startswith("./")
    home.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html") and page.locator("article h1").count() == 1
