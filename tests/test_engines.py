"""Engine independence: the report panel in the Markdown, the engines' commands, the three-stage build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converters.errors import InputError
from converters.site import engines
from converters.site.report_panel import insert_panel, panel_html

REPO = Path(__file__).resolve().parent.parent

META = {
    "doc_type": "Báo cáo", "number": "111-BC/TU", "date": "2016-11-18", "place": "Kon Tum",
    "province": "Kon Tum", "issuers": ["Tỉnh ủy Kon Tum"],
    "signers": [{"role": "T/M Ban Thường vụ", "title": "Phó Bí thư", "name": "Nguyễn Văn A"}],
    "received": {"office": "UBND huyện X", "number": "12", "date": "2016-11-20"},
}


def test_panel_lists_the_metadata_in_vietnamese():
    html = panel_html(META)
    assert html.startswith('<div class="baocao-meta"') and "\n" not in html  # one HTML block
    for text in ("Báo cáo", "111-BC/TU", "ngày 18 tháng 11 năm 2016", "Kon Tum", "Tỉnh ủy Kon Tum",
                 "<strong>Nguyễn Văn A</strong>, Phó Bí thư (T/M Ban Thường vụ)",
                 "UBND huyện X; số đến 12; ngày 20 tháng 11 năm 2016"):
        assert text in html, text


def test_panel_says_unknown_for_missing_number_date_province():
    html = panel_html({"doc_type": "Kế hoạch"})
    assert html.count("Không rõ") == 3


def test_panel_escapes_every_value():
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    meta = {k: hostile for k in ("doc_type", "number", "date", "place", "province")}
    meta |= {"issuers": [hostile], "signers": [{"role": hostile, "title": hostile, "name": hostile}],
             "received": {"office": hostile, "number": hostile, "date": hostile}}
    html = panel_html(meta)
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;") == 12


def test_no_panel_on_pages_that_are_not_reports():
    text = "---\ntitle: x\n---\n\n# X\n\nbody\n"
    assert insert_panel(text, {"title": "x"}) == text


def test_panel_goes_right_under_the_title():
    text = "---\ntitle: t\n---\n\n# Báo cáo t\n\nThực hiện ...\n\n## I. A\n"
    out = insert_panel(text, META)
    assert re.search(r"^# Báo cáo t\n\n<div class=\"baocao-meta\".*</div>\n\nThực hiện", out, re.M)


def test_engine_commands():
    assert engines.command("mkdocs", "/p/mkdocs.yml", strict=True, site_dir="/s")[-5:] == [
        "build", "-f", "/p/mkdocs.yml", "--strict", "-d", "/s"][-5:]
    # Zensical has no -d: the site directory goes through a config copy.
    assert "-d" not in engines.command("zensical", "/p/mkdocs.yml", site_dir="/s")
    with pytest.raises(KeyError):
        engines.command("hugo", "/p/mkdocs.yml")


def test_unknown_or_missing_engine_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="không có công cụ"):
        engines.build("hugo", str(tmp_path))
    monkeypatch.setattr(engines, "available", lambda name: False)
    with pytest.raises(InputError, match="pip install zensical"):
        engines.build("zensical", str(tmp_path))


def test_config_copy_keeps_python_tags_and_sets_site_dir(tmp_path):
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("site_name: x\nsite_dir: site\nx: !!python/name:os.path.join\n", encoding="utf-8")
    copy = Path(engines._config_with_site_dir(str(cfg), "/tmp/it's"))
    try:
        assert copy.parent == tmp_path
        assert copy.read_text(encoding="utf-8") == "site_name: x\nsite_dir: '/tmp/it''s'\nx: !!python/name:os.path.join\n"
    finally:
        copy.unlink()


def test_templates_use_no_python_string_methods():
    """MiniJinja (Zensical) has no Python str methods: no ``.split(`` and friends in overrides."""
    for path in (REPO / "overrides").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\.(split|startswith|endswith|replace|strip|lower|upper|format)\(", text), path


@pytest.mark.slow
def test_every_report_page_of_the_built_site_has_its_panel(built_site):
    assert built_site.returncode == 0, built_site.log
    pages = list((built_site.site / "bao-cao").rglob("index.html"))
    assert len(pages) == len(list((REPO / "raw").rglob("*.txt")))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r"</h1>\s*<div class=\"baocao-meta\"", html), page
        assert "Loại văn bản" in html and "data-bc-search-query" in html
    index = built_site.site / "assets" / "search" / "index" / "manifest.js"
    assert index.exists(), "the post-build stage wrote no search index"
    assert not (built_site.site / "search.json").exists(), "the engine's own search competes with ours"
