"""Browser fixtures: the built site online (localhost) and the offline bundle (file://).

Playwright drives Debian's Chromium (``/usr/bin/chromium``; Playwright's own
browser download does not work here).  Every page a test opens is watched:

- a request that leaves the machine fails the test (online: anything not on
  the local server; offline: anything not ``file://``), the request itself
  is aborted so nothing waits on the network;
- a console error or an uncaught exception fails the test;
- on failure, a screenshot of the page is written to ``tests/artifacts/``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from converters.frontmatter import split_front_matter

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = pytest.mark.browser


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures know whether the test failed."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@dataclass
class Site:
    """One way of opening the site: ``base`` URL (ends with ``/``), ``mode`` (online/offline),
    ``docs`` (the generated pages, for expected results), ``pages_end`` (``/`` or ``.html``)."""

    mode: str
    base: str
    docs: Path
    root: Path
    directory_urls: bool

    def url_of(self, md: Path) -> str:
        """URL (relative to ``base``) of the page built from docs file ``md``."""
        rel = md.relative_to(self.docs).with_suffix("").as_posix()
        if rel == "index" or rel.endswith("/index"):
            rel = rel[: -len("index")]
            return rel + ("" if self.directory_urls else "index.html")
        return rel + ("/" if self.directory_urls else ".html")

    def report_pages(self) -> dict[str, str]:
        """``{raw source: page URL}`` of every report page (front matter ``source``)."""
        out = {}
        for md in sorted((self.docs / "bao-cao").rglob("*.md")):
            meta, _ = split_front_matter(md.read_text(encoding="utf-8"))
            if meta.get("source"):
                out[meta["source"]] = self.url_of(md)
        return out

    def raw_text(self, source: str) -> str:
        """The raw report ``source`` as text (samples are UTF-8)."""
        return (self.root / source).read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium for the session (skips when Debian's chromium is not installed)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium): browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="session")
def online_site(built_site):
    """The sample site (directory URLs) served by ``http.server`` on 127.0.0.1."""
    assert built_site.returncode == 0, built_site.log[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site("online", f"http://127.0.0.1:{server.server_port}/", built_site.docs, built_site.root, True)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def offline_site(built_site, tmp_path_factory):
    """The offline bundle of the sample site (``baocao bundle``), unzipped, opened as ``file://``."""
    assert built_site.returncode == 0, built_site.log[-3000:]
    # A copy of its own: bundling regenerates docs/ with .html links, which the
    # other tests of the session, reading the shared built site, must not see.
    root = tmp_path_factory.mktemp("bundled") / "project"
    shutil.copytree(built_site.root, root, symlinks=True, ignore=shutil.ignore_patterns("site"))
    dist = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "BAOCAO_DOCS_FRESH"}
    proc = subprocess.run(
        [sys.executable, "-m", "converters", "bundle", "-f", str(root / "mkdocs.yml"), "-o", str(dist), "--date", "2024-01-31"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zips = list(dist.glob("*-offline-2024-01-31.zip"))
    assert len(zips) == 1, list(dist.iterdir())
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(zips[0]) as zf:
        zf.extractall(out)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert (folder / "index.html").is_file()
    return Site("offline", folder.as_uri() + "/", root / "docs", root, False)


@pytest.fixture(params=["online", "offline"])
def site(request) -> Site:
    """Each test that takes ``site`` runs online and from the offline bundle."""
    return request.getfixturevalue(f"{request.param}_site")


@dataclass
class Watch:
    """What a page did that it must not: requests leaving the machine, console errors."""

    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(request, chromium, site):
    """A fresh page on ``site``; fails the test on external requests or console errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    watch = Watch()
    local = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/") if site.mode == "online" else re.compile(r"^file://")

    def route(r):
        url = r.request.url
        if local.match(url) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            watch.external.append(url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    pg.on("pageerror", lambda e: watch.errors.append(f"uncaught: {e}"))
    pg.watch = watch
    pg.site = site
    pg.search = functools.partial(search, pg)
    pg.open_home = functools.partial(open_home, pg)
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
        except Exception:  # noqa: BLE001 - a screenshot must not hide the real failure
            pass
    context.close()
    assert not watch.external, f"requests left the machine: {watch.external}"
    assert not watch.errors, f"console errors: {watch.errors}"


def search(pg, query: str) -> list[dict]:
    """Type ``query`` in the search box; return the shown results as dicts.

    Each result: ``href`` (absolute), ``facts``, ``title``, ``section``,
    ``snippet`` (text), ``marks`` (texts of the highlighted words).
    """
    box = pg.locator("[data-bc-search-query]")
    box.click()
    box.fill(query)
    pg.wait_for_function(
        "q => document.querySelector('[data-bc-search-result]').getAttribute('data-bc-query') === q", arg=query, timeout=10_000
    )
    return pg.evaluate(
        """() => Array.from(document.querySelectorAll('.bc-result')).map(li => {
            const t = s => (li.querySelector(s) || {}).textContent || '';
            return {href: li.querySelector('a').href, facts: t('.bc-result__facts'), title: t('h1'),
                    section: t('.bc-result__section'), snippet: t('.bc-result__snippet'),
                    marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)};
        })"""
    )


def open_home(pg) -> None:
    """Open the site's home page."""
    pg.goto(pg.site.base + ("" if pg.site.directory_urls else "index.html"))
    pg.wait_for_selector("[data-bc-search-query]")
