"""The site: docs/ generation (converters/site/generate.py) and the built HTML of the samples."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from converters.site import generate as site
from converters.frontmatter import split_front_matter
from converters.site.pages import md_text, vi_date

REPO = Path(__file__).resolve().parent.parent


def html_of(built, md_path: str) -> BeautifulSoup:
    """Parsed HTML of the page built from docs-relative ``md_path`` (directory URLs)."""
    base = md_path[:-3]
    target = built.site / (base[: -len("index")] if base.endswith("index") else base + "/") / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")


def reports(built) -> list[dict]:
    return json.loads((built.docs / "catalog.json").read_text(encoding="utf-8"))["reports"]


def md_page(built, page: str) -> tuple[dict, str]:
    return split_front_matter((built.docs / page).read_text(encoding="utf-8"))


# ------------------------------------------------------------ URL scheme


def test_page_path_from_metadata_not_file_name():
    meta = {"province": "Kon Tum", "date": "2016-11-18", "doc_type": "Báo cáo", "number": "111-BC/TU"}
    assert site.page_path(meta) == "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md"
    meta = {"province": "Đắk Lắk", "date": None, "doc_type": "Kế hoạch", "number": None, "title": "Đẩy mạnh công tác dân vận"}
    assert site.page_path(meta) == "bao-cao/dak-lak/ke-hoach-day-manh-cong-tac-dan-van.md"
    assert site.page_path({"doc_type": None, "title": None}) == "bao-cao/khong-ro/van-ban-khong-so.md"


def test_assign_paths_collisions_are_deterministic_and_distinct():
    meta = {"province": "Kon Tum", "date": "2016-11-18", "doc_type": "Báo cáo", "number": "111-BC/TU"}
    pairs = [("raw/b.txt", meta), ("raw/a.txt", meta), ("raw/c.txt", dict(meta, number="112-BC/TU"))]
    out = site.assign_paths(pairs)
    assert out == {
        "raw/a.txt": "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md",
        "raw/b.txt": "bao-cao/kon-tum/2016-bao-cao-111-bc-tu-2.md",
        "raw/c.txt": "bao-cao/kon-tum/2016-bao-cao-112-bc-tu.md",
    }
    assert site.assign_paths(list(reversed(pairs))) == out


def test_vi_date_and_md_text():
    assert vi_date("2018-05-10") == "ngày 10 tháng 5 năm 2018"
    assert vi_date(None) == ""
    assert md_text("<script>x</script> [a](b) *c*") == "&lt;script&gt;x&lt;/script&gt; \\[a\\](b) \\*c\\*"


# ------------------------------------------------------------ generate() on small corpora


def _corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        p = tmp_path / "raw" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (tmp_path / "docs").mkdir(exist_ok=True)
    return tmp_path


GOOD = (REPO / "raw" / "kon-tum" / "2016-11-18-bao-cao-111-bc-tu.txt").read_bytes()


def test_generate_reports_a_failed_file_and_writes_the_others(tmp_path):
    root = _corpus(tmp_path, {"a/good.txt": GOOD, "a/bad.txt": b"\xff\xfe\x00\xd8 not text \x81\x82", "a/empty.txt": b""})
    result = site.generate(str(root))
    by_source = {d.source: d for d in result.docs}
    assert by_source["raw/a/good.txt"].error is None
    assert by_source["raw/a/empty.txt"].error  # the reason, e.g. "empty file"
    assert {d.source for d in result.failed} >= {"raw/a/empty.txt"}
    assert any("raw/a/empty.txt" in m for m in result.messages())
    good = by_source["raw/a/good.txt"].path
    assert (root / "docs" / good).is_file()
    assert (root / "docs" / "index.md").is_file()
    assert (root / "docs" / "catalog.json").is_file()


def test_generate_writes_only_changes_and_removes_stale_pages(tmp_path):
    root = _corpus(tmp_path, {"x/one.txt": GOOD})
    (root / "docs" / "gioi-thieu.md").write_text("hand-written\n", encoding="utf-8")
    first = site.generate(str(root))
    assert first.written
    page = first.docs[0].path
    # A second run with nothing changed writes nothing (mkdocs serve must not loop).
    again = site.generate(str(root))
    assert again.written == [] and again.removed == []
    # A stale page of a deleted raw file is removed; hand-written pages stay.
    (root / "raw" / "x" / "one.txt").unlink()
    gone = site.generate(str(root))
    assert page in gone.removed
    assert not (root / "docs" / page).exists()
    assert (root / "docs" / "gioi-thieu.md").read_text(encoding="utf-8") == "hand-written\n"


def test_config_has_no_snippets_and_ascii_heading_slugs():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = site.read_config(str(REPO))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert "pymdownx.snippets" not in names  # `--8<--` in raw text must never include files
    assert "converters.lexicon.slugs.markdown_slugify" in text
    assert config["theme"]["language"] == "vi"
    assert "content.footnote.tooltips" in config["theme"]["features"]
    assert "navigation.instant" not in config["theme"]["features"]  # breaks file://
    assert site.abbreviations(config)["UBND"] == "Ủy ban nhân dân"


# ------------------------------------------------------------ the built sample site


def test_strict_build_passes_without_warning(built_site):
    assert built_site.returncode == 0, built_site.log
    assert not re.search(r"^WARNING", built_site.log, re.M), built_site.log


def test_every_raw_sample_has_a_report_page(built_site):
    sources = sorted(r["meta"]["source"] for r in reports(built_site))
    raw = sorted(
        os.path.relpath(p, built_site.root).replace(os.sep, "/") for p in site.raw_files(str(built_site.root))
    )
    assert sources == raw and len(raw) == 5


@pytest.mark.parametrize("index", range(5))
def test_report_page_has_title_panel_and_footnotes(built_site, index):
    report = reports(built_site)[index]
    meta, body = md_page(built_site, report["page"])
    soup = html_of(built_site, report["page"])
    # Title: the page's one h1 is the document type and subject.
    h1 = soup.select("article h1")
    assert len(h1) == 1
    assert meta["doc_type"] in h1[0].get_text()
    # Tab title and sticky header: type, number and subject ("Báo cáo số 111-BC/TU: kết quả ...").
    named = f"{meta['doc_type']} số {meta['number']}:" if meta.get("number") else meta["doc_type"]
    expected = " ".join(f"{named} {meta['title']}".split())
    assert " ".join(soup.title.get_text().split()).startswith(expected[:60])
    topic = soup.select_one("[data-md-component=header-topic] .md-ellipsis")
    assert " ".join(topic.get_text().split()) == expected
    # Metadata panel, right after the title, with the front matter values.
    panel = soup.select_one("article .baocao-meta")
    assert panel is not None and panel.find_previous("h1") is h1[0]
    panel_text = " ".join(panel.get_text(" ").split())
    assert meta["doc_type"] in panel_text
    for key in ("number", "province", "place"):
        if meta.get(key):
            assert " ".join(meta[key].split()) in panel_text
    if meta.get("date"):
        assert vi_date(meta["date"]) in panel_text
    for signer in meta.get("signers") or []:
        assert signer["name"] in panel_text
    # Footnotes: every definition of the page is in the footnote block (tooltips come from it).
    labels = re.findall(r"^\[\^([^\]]+)\]:", body, re.M)
    raw_text = (built_site.root / meta["source"]).read_text("utf-8")
    has_notes = bool(re.search(r"<sup>|⁽|^\ufffd", raw_text, re.M))
    assert bool(labels) == has_notes, f"{meta['source']}: footnotes on the page do not match the raw text's"
    footnotes = soup.select("article div.footnote li")
    assert len(footnotes) == len(labels)
    assert len(soup.select("article sup[id^='fnref'] a.footnote-ref")) >= len(labels)


def test_kon_tum_panel_reads_the_header(built_site):
    report = next(r for r in reports(built_site) if "kon-tum" in r["meta"]["source"])
    panel = html_of(built_site, report["page"]).select_one(".baocao-meta").get_text(" ")
    panel = " ".join(panel.split())
    assert "111-BC/TU" in panel
    assert "ngày 18 tháng 11 năm 2016" in panel
    assert "Kon Tum" in panel
    assert report["page"] == "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md"


def test_home_page_lists_every_report_newest_first(built_site):
    soup = html_of(built_site, "index.md")
    links = [a["href"] for a in soup.select("article table a")]
    expected = [r["url"] for r in reports(built_site)]
    assert len(links) == 5
    resolved = [os.path.normpath(h).strip("/") for h in links]
    assert resolved == [u.strip("/") for u in expected]
    dates = [r["meta"]["date"] for r in reports(built_site) if r["meta"]["date"]]
    assert dates == sorted(dates, reverse=True)


def test_outline_is_the_toc_and_anchors_are_ascii(built_site):
    for report in reports(built_site):
        soup = html_of(built_site, report["page"])
        headings = soup.select("article h2[id], article h3[id], article h4[id]")
        toc_links = {a["href"] for a in soup.select("nav.md-nav--secondary a")}
        for h in headings:
            assert re.fullmatch(r"[a-z0-9_-]+", h["id"]), h["id"]
            assert f"#{h['id']}" in toc_links


def test_abbreviations_are_tooltips(built_site):
    found = {}
    for report in reports(built_site):
        for abbr in html_of(built_site, report["page"]).select("article abbr[title]"):
            found[abbr.get_text()] = abbr["title"]
    assert found.get("UBND") == "Ủy ban nhân dân"
    assert found.get("HĐND") == "Hội đồng nhân dân"
    glossary = html_of(built_site, "viet-tat.md").get_text(" ")
    assert "Ban cán sự đảng" in glossary and "QCDC" in glossary


def test_abbreviation_tooltips_never_inside_a_number_or_a_link(built_site):
    numbers = 0
    for report in reports(built_site):
        soup = html_of(built_site, report["page"])
        assert not soup.select("a abbr"), report["page"]
        for abbr in soup.select("article abbr"):
            before = abbr.previous_sibling if isinstance(abbr.previous_sibling, str) else ""
            after = abbr.next_sibling if isinstance(abbr.next_sibling, str) else ""
            assert not re.search(r"\w[-/]$", before) and not re.match(r"[-/]\w", after), (report["page"], before[-20:])
        text = soup.select_one("article").get_text()
        numbers += len(re.findall(r"111-BC/BDV-BCSĐ|/UBND-", text))
    assert numbers  # the samples do write such numbers: the check above had something to check


def test_abbreviation_extension_in_markdown():
    import markdown

    html = markdown.markdown(
        "Báo cáo số 111-BC/BDV-BCSĐ của BDV và UBND; [Công văn số 4685/UBND-SNV](x.md) của UBND.",
        extensions=["converters.site.abbr"],
        extension_configs={"converters.site.abbr": {"glossary": {"BDV": "Ban Dân vận", "BCSĐ": "Ban cán sự đảng",
                                                                  "UBND": "Ủy ban nhân dân"}}},
    )
    assert html.count("<abbr") == 3, html
    assert "111-BC/BDV-BCSĐ" in html and "4685/UBND-SNV</a>" in html


def test_no_raw_html_from_the_source_reaches_the_page(built_site):
    for report in reports(built_site):
        article = html_of(built_site, report["page"]).select_one("article")
        assert not article.select("script, iframe, style")
        assert "<sup>" not in article.get_text()  # escaped markup would show as text


def test_catalog_json_is_in_the_site(built_site):
    data = json.loads((built_site.site / "catalog.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 5
    assert all(yaml.safe_load(json.dumps(r["meta"]))["source"].startswith("raw/") for r in data["reports"])


# ------------------------------------------------------------ hook and command


def test_hook_generates_docs_and_logs_problems_as_warnings(tmp_path, caplog, monkeypatch):
    from converters.site import mkdocs_hook

    monkeypatch.delenv(site.FRESH_ENV, raising=False)
    root = _corpus(tmp_path, {"a/good.txt": GOOD, "a/empty.txt": b""})
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = {"config_file_path": str(root / "mkdocs.yml"), "docs_dir": str(root / "docs")}
    with caplog.at_level("INFO", logger="mkdocs"):
        mkdocs_hook.on_pre_build(config)
    assert (root / "docs" / "index.md").is_file()
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert any("raw/a/empty.txt" in r.getMessage() for r in warnings)
    assert all(r.name.startswith("mkdocs.") for r in warnings)  # so --strict counts them


def test_build_command_fails_on_a_failed_file_without_running_mkdocs(tmp_path, capsys):
    import argparse

    from converters.cli import build

    root = _corpus(tmp_path, {"a/good.txt": GOOD, "a/empty.txt": b""})
    args = argparse.Namespace(root=str(root), strict=False, site_dir=None, no_mkdocs=False)
    assert build.run(args) == 1
    err = capsys.readouterr().err
    assert "raw/a/empty.txt" in err and "1/2" in err
    assert not (root / "site").exists()


def test_page_title_names_type_number_and_subject_and_escapes_them():
    """overrides/partials/bc-page-title.html on its own (MkDocs templates do not autoescape)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO / "overrides")))
    tpl = env.get_template("partials/bc-page-title.html")

    def title(**meta):
        return tpl.render(page=type("P", (), {"meta": meta})()).strip()

    assert title(doc_type="Báo cáo", number="111-BC/TU", source="raw/x.txt", title="kết quả thực hiện") == (
        "Báo cáo số 111-BC/TU: kết quả thực hiện")
    assert title(doc_type="Báo cáo", number=None, source="raw/x.txt", title="tổng kết năm 2020") == (
        "Báo cáo tổng kết năm 2020")
    assert title(title="Văn bản được viện dẫn") == "Văn bản được viện dẫn"
    hostile = title(doc_type="Báo cáo</title><script>", number="1&2", source="raw/x.txt", title="<b>x</b>")
    assert "<" not in hostile and "&lt;/title&gt;&lt;script&gt;" in hostile and "1&amp;2" in hostile
