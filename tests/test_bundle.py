"""``baocao bundle``: the offline site, its checks and its zip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from converters.cli import bundle as bundle_cli
from converters.site import bundle


def test_site_name_is_read_from_the_config(tmp_path):
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("# c\nsite_name: Báo cáo công tác dân vận\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/name:x.y\n", encoding="utf-8")
    assert bundle.site_name(str(cfg)) == "Báo cáo công tác dân vận"
    cfg.write_text("theme: material\n", encoding="utf-8")
    with pytest.raises(ValueError):
        bundle.site_name(str(cfg))


def test_external_resources_are_found_links_are_not(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//unpkg.com/iframe-worker/shim"></script>'
        '<script src="../assets/search/search.js"></script>'
        '<a href="https://thuvienphapluat.vn/">a plain link</a>'
        '<img src="../img/logo.png">',
        encoding="utf-8",
    )
    (tmp_path / "x.css").write_text("@font-face{src:url(https://fonts.gstatic.com/x.woff2)} .b{background:url(img/b.png)}", encoding="utf-8")
    found = bundle.external_references(str(tmp_path))
    assert len(found) == 3, found
    assert any("fonts.googleapis.com" in f for f in found)
    assert any("unpkg.com" in f for f in found)
    assert any("fonts.gstatic.com" in f for f in found)


def test_pack_is_atomic_and_reproducible(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Trang chủ</h1>", encoding="utf-8")
    (site / "assets" / "x.js").write_text("var x = 1;", encoding="utf-8")
    out = tmp_path / "dist"
    z1 = out / "s-offline-2024-01-31.zip"
    assert bundle.pack(str(site), str(z1), "s-offline-2024-01-31") == 2
    first = z1.read_bytes()
    assert bundle.pack(str(site), str(z1), "s-offline-2024-01-31") == 2
    assert z1.read_bytes() == first
    assert os.listdir(out) == ["s-offline-2024-01-31.zip"]  # no temporary file left
    with zipfile.ZipFile(z1) as zf:
        assert sorted(zf.namelist()) == ["s-offline-2024-01-31/assets/x.js", "s-offline-2024-01-31/index.html"]
    assert (z1.stat().st_mode & 0o777) == 0o644  # issue 15 item 12 / issue 16: not mkstemp's 0600


@pytest.mark.parametrize("base", ["/", "/baocao/"])
def test_404_page_urls_become_relative(tmp_path, base):
    """Issue 15 item 12: MkDocs writes 404.html with site-absolute URLs, dead from file://."""
    page = (
        f'<link rel="stylesheet" href="{base}assets/stylesheets/main.57a0d79d.min.css">'
        f'<script>__md_scope=new URL("{base}",location)</script>'
        f'<a href="{base}duyet/index.html">x</a><a href="https://example.org/">y</a>'
        f'<input data-bc-index="{base}assets/search/index/">'
        f'<script id="__config" type="application/json">{{"base": "{base}", "search": "{base}assets/w.js"}}</script>'
        f'<script src="{base}assets/javascripts/bundle.js"></script><a href="//cdn.example/x">z</a>'
    )
    (tmp_path / "404.html").write_text(page, encoding="utf-8")
    assert bundle.relativize_root_page(str(tmp_path))
    out = (tmp_path / "404.html").read_text("utf-8")
    assert 'href="./assets/stylesheets/main.57a0d79d.min.css"' in out and 'src="./assets/javascripts/bundle.js"' in out
    assert 'href="./duyet/index.html"' in out and 'data-bc-index="./assets/search/index/"' in out
    assert 'new URL(".",location)' in out and '"base": "."' in out
    assert 'href="https://example.org/"' in out and 'href="//cdn.example/x"' in out
    assert not bundle.relativize_root_page(str(tmp_path / "nowhere"))


def test_unused_theme_search_files_are_dropped(tmp_path):
    for rel in ("assets/javascripts/lunr/min/lunr.vi.min.js", "assets/javascripts/workers/search.js",
                "assets/javascripts/bundle.js"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert bundle.prune_unused(str(tmp_path)) == ["assets/javascripts/lunr", "assets/javascripts/workers"]
    assert sorted(p.name for p in (tmp_path / "assets" / "javascripts").iterdir()) == ["bundle.js"]


@pytest.mark.slow
def test_bundle_command_builds_a_file_url_site(built_site, tmp_path):
    """The sample site as a bundle: one folder, .html pages, search index, nothing from the internet."""
    assert built_site.returncode == 0, built_site.log[-2000:]
    # A copy of its own: bundling regenerates docs/ with .html links, which the
    # session's shared built site must not see.
    project = tmp_path / "project"
    shutil.copytree(built_site.root, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "BAOCAO_DOCS_FRESH"}
    proc = subprocess.run(
        [sys.executable, "-m", "converters", "bundle", "-f", str(project / "mkdocs.yml"), "-o", str(tmp_path), "--date", "2024-01-31"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zip_path = tmp_path / "bao-cao-cong-tac-dan-van-offline-2024-01-31.zip"
    assert sorted(os.listdir(tmp_path)) == [zip_path.name]
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    folder = "bao-cao-cong-tac-dan-van-offline-2024-01-31/"
    assert all(n.startswith(folder) for n in names)
    assert folder + "index.html" in names
    assert folder + "assets/search/index/manifest.js" in names
    reports = [n for n in names if n.startswith(folder + "bao-cao/") and n.endswith(".html")]
    assert reports and not any(n.endswith("/index.html") for n in reports), "pages must be a/b.html for file://"
    assert not [n for n in names if "/javascripts/lunr/" in n or "/javascripts/workers/" in n]
    with zipfile.ZipFile(zip_path) as zf:
        page_404 = zf.read(folder + "404.html").decode("utf-8")
    assert 'href="/' not in page_404 and 'src="/' not in page_404
    assert (zip_path.stat().st_mode & 0o777) == 0o644


def test_bundle_refuses_a_config_without_site_name(tmp_path, capsys):
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("theme: material\n", encoding="utf-8")

    class Args:
        config_file = str(cfg)
        out_dir = str(tmp_path / "dist")
        date = None
        keep_site = None

    assert bundle_cli.run(Args) == 1
    assert "site_name" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()
