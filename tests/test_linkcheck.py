"""Link check of the built sample site: every internal link resolves, fragments included."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# (tag, attribute) pairs that point at other files of the site.
LINK_ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))


@functools.lru_cache(maxsize=None)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _ids(path: Path) -> set[str]:
    return {el["id"] for el in _soup(path).find_all(id=True)} | {el["name"] for el in _soup(path).find_all("a", attrs={"name": True})}


def _target(site: Path, page: Path, url: str) -> Path:
    """The file ``url`` (relative to ``page``, or site-absolute) points at."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """``page: url (reason)`` for every internal link of ``site`` that does not resolve."""
    problems = []
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        soup = _soup(page)
        for tag, attr in LINK_ATTRS:
            for el in soup.find_all(tag, attrs={attr: True}):
                url = el[attr]
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:", "javascript:", "data:")):
                    continue
                target = _target(site, page, url)
                where = f"{page.relative_to(site)}: {url}"
                if not target.is_file():
                    problems.append(f"{where} (no file {os.path.relpath(target, site)})")
                    continue
                fragment = unquote(parts.fragment)
                if fragment and target.suffix == ".html" and fragment not in _ids(target):
                    problems.append(f"{where} (no id {fragment!r} in {target.relative_to(site)})")
    return problems


def test_every_internal_link_resolves(built_site):
    assert built_site.returncode == 0, built_site.log
    pages = list(built_site.site.rglob("*.html"))
    assert len(pages) > 10
    problems = broken_links(built_site.site)
    assert problems == [], "\n".join(problems[:50])


def test_link_checker_catches_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#x">ok</a><a href="#top">bad fragment</a>'
        '<a href="b/">missing</a><a href="a/#y">missing id</a><a href="https://example.org/">external</a>'
        '<span id="here"></span><a href="#here">ok</a>',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("#top" in p for p in problems)
    assert any("b/" in p for p in problems)
    assert any("a/#y" in p for p in problems)
