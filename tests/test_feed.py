"""Atom feed of reports (``converters/site/feed.py``) and its place in the built site."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from converters.site import feed
from converters.site.generate import generate

A = "{http://www.w3.org/2005/Atom}"
REPO = Path(__file__).resolve().parent.parent


@dataclass
class R:
    path: str
    meta: dict = field(default_factory=dict)


REPORTS = [
    R("bao-cao/a/2018-bao-cao-1-bc.md", {"doc_type": "Báo cáo", "number": "1-BC", "date": "2018-05-10", "title": "sơ kết <một> & hai",
                                          "issuers": ["Tỉnh ủy A"], "province": "A"}),
    R("bao-cao/b/2021-ke-hoach-2-kh.md", {"doc_type": "Kế hoạch", "number": "2-KH", "date": "2021-04-15", "title": "phối hợp"}),
    R("bao-cao/khong-ro/bao-cao-tong-ket.md", {"doc_type": "Báo cáo", "number": None, "date": None, "title": "tổng kết"}),
    R("bao-cao/c/2016-bao-cao-3-bc.md", {"doc_type": "Báo cáo", "number": "3-BC", "date": "2016-11-18", "title": "kết quả"}),
]


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == A + "feed"
    return root


def test_required_atom_elements_and_order():
    root = parse(feed.feed_xml(REPORTS, site_name="Báo cáo thử", site_url="https://example.org/bc/"))
    # RFC 4287 §4.1.1: feed has id, title, updated, and author (here feed-level).
    for tag in ("id", "title", "updated", "author"):
        assert root.find(A + tag) is not None, tag
    assert root.find(A + "title").text == "Báo cáo thử"
    assert root.find(A + "updated").text == "2021-04-15T00:00:00+07:00"  # newest report, not the clock
    assert root.find(A + "link[@rel='self']").get("href") == "https://example.org/bc/feed.xml"
    entries = root.findall(A + "entry")
    assert len(entries) == 4  # the undated report is not lost
    for e in entries:
        for tag in ("id", "title", "updated", "link", "summary"):
            assert e.find(A + tag) is not None, tag
    titles = [e.find(A + "title").text for e in entries]
    assert titles == ["Kế hoạch 2-KH: phối hợp", "Báo cáo 1-BC: sơ kết <một> & hai", "Báo cáo 3-BC: kết quả", "Báo cáo: tổng kết"]
    updated = [e.find(A + "updated").text for e in entries[:3]]
    assert updated == sorted(updated, reverse=True)
    links = [e.find(A + "link").get("href") for e in entries]
    assert links[0] == "https://example.org/bc/bao-cao/b/2021-ke-hoach-2-kh/"
    assert all(link.startswith("https://example.org/bc/") for link in links)
    ids = [e.find(A + "id").text for e in entries]
    assert len(set(ids)) == 4
    summary = entries[1].find(A + "summary").text
    assert "1-BC" in summary and "10/05/2018" in summary and "Tỉnh ủy A" in summary
    assert entries[1].find(A + "category").get("term") == "A"


def test_without_site_url_links_are_relative_and_ids_are_urns():
    root = parse(feed.feed_xml(REPORTS, directory_urls=False))
    entries = root.findall(A + "entry")
    assert entries[0].find(A + "link").get("href") == "bao-cao/b/2021-ke-hoach-2-kh.html"
    assert all(e.find(A + "id").text.startswith("urn:baocao:") for e in entries)


def test_deterministic_and_empty_feed_is_valid():
    assert feed.feed_xml(REPORTS) == feed.feed_xml(list(reversed(REPORTS)))
    root = parse(feed.feed_xml([]))
    assert root.findall(A + "entry") == []
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+07:00", root.find(A + "updated").text)


def test_site_url_from_mkdocs_yml_env_tag(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: !ENV [BC_TEST_URL, 'https://d.example/x']\n"
                                         "markdown_extensions:\n  - toc:\n      slugify: !!python/name:a.b\n")
    monkeypatch.delenv("BC_TEST_URL", raising=False)
    assert feed.config_site_url(str(tmp_path)) == "https://d.example/x/"
    monkeypatch.setenv("BC_TEST_URL", "https://e.example/y/")
    assert feed.config_site_url(str(tmp_path)) == "https://e.example/y/"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: !ENV BC_TEST_UNSET_XYZ\n")
    assert feed.config_site_url(str(tmp_path)) is None


def test_generate_writes_feed_of_every_sample(tmp_path, monkeypatch):
    """The real samples: one entry per report, links to the pages generate() wrote."""
    monkeypatch.delenv("SITE_URL", raising=False)
    import shutil

    shutil.copytree(REPO / "raw", tmp_path / "raw")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = generate(str(tmp_path), docs_dir=str(tmp_path / "docs"))
    root = parse((tmp_path / "docs/feed.xml").read_text(encoding="utf-8"))
    entries = root.findall(A + "entry")
    ok = [d for d in result.docs if not d.error]
    assert len(entries) == len(ok) == 5
    pages = {d.path[:-3] + "/" for d in ok}
    assert {e.find(A + "link").get("href") for e in entries} == pages
    dates = [e.find(A + "published").text for e in entries if e.find(A + "published") is not None]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 3
    assert "feed.xml" in (tmp_path / "docs/index.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_built_site_links_feed_from_home_page(built_site):
    assert built_site.returncode == 0, built_site.log
    assert (built_site.site / "feed.xml").exists()
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="(\./)?feed.xml"', home)
    assert re.search(r'<a href="(\./)?feed.xml"[^>]*>\s*Theo dõi văn bản mới \(nguồn tin Atom\)', home)  # in the page body, not only the footer
    # Only there: Material fetches sitemap.xml for every link[rel=alternate], which fails from file://.
    report = next((built_site.site / "bao-cao").rglob("index.html")).read_text(encoding="utf-8")
    assert "application/atom+xml" not in re.search(r"<head>.*?</head>", report, re.S).group(0)
