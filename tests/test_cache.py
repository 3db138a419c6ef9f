"""The page cache (converters/site/cache.py) and parallel conversion in site.generate.

Correctness only: a cached or parallel run must write exactly what a plain
serial run writes, and anything that can change a page must invalidate it.
Speed is measured by benchmarks/bench.py, never here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import converters
from converters.site import cache
from converters.site import generate as site
from converters.site.cache import PageCache

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "raw").rglob("*.txt"))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    """A project whose raw/ holds the five samples (docs/ generated into it)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "raw", root / "raw")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def conversions(monkeypatch):
    """Sources converted by ``generate`` in this process (``converters.convert_file`` counted)."""
    calls: list[str] = []
    real = converters.convert_file

    def counting(path, root=".", **kw):
        calls.append(Path(path).name)
        return real(path, root, **kw)

    monkeypatch.setattr(converters, "convert_file", counting)
    return calls


def test_unchanged_reports_are_not_converted_again(project, conversions):
    site.generate(str(project))
    first = tree(project / "docs")
    assert len(conversions) == len(SAMPLES)
    assert (project / ".cache" / "baocao").is_dir()
    conversions.clear()
    result = site.generate(str(project))
    assert conversions == []
    assert result.written == [] and result.removed == []
    assert tree(project / "docs") == first
    # and a plain run without the cache writes the very same bytes
    fresh = project.parent / "fresh-docs"
    site.generate(str(project), docs_dir=str(fresh), cache=False)
    assert tree(fresh) == first


def test_an_edited_report_is_converted_again_alone(project, conversions):
    site.generate(str(project))
    conversions.clear()
    edited = SAMPLES[2].relative_to(REPO)
    path = project / edited
    path.write_text(path.read_text("utf-8") + "\n\nĐoạn thêm để kiểm tra bộ nhớ đệm.\n", "utf-8")
    result = site.generate(str(project))
    assert conversions == [path.name]
    page = next(d.path for d in result.docs if d.source == edited.as_posix())
    assert "Đoạn thêm để kiểm tra bộ nhớ đệm." in (project / "docs" / page).read_text("utf-8")


def test_a_new_or_changed_sidecar_invalidates(project, conversions):
    site.generate(str(project))
    conversions.clear()
    raw = project / SAMPLES[0].relative_to(REPO)
    sidecar = raw.with_suffix(".meta.yml")
    sidecar.write_text("title: Trích yếu sửa bằng tệp bổ sung\n", "utf-8")
    site.generate(str(project))
    assert conversions == [raw.name]
    conversions.clear()
    sidecar.write_text("title: Trích yếu sửa lần hai\n", "utf-8")
    result = site.generate(str(project))
    assert conversions == [raw.name]
    page = next(d.path for d in result.docs if d.source.endswith(raw.name))
    assert "Trích yếu sửa lần hai" in (project / "docs" / page).read_text("utf-8")


def test_a_new_converter_version_invalidates_everything(project, conversions, monkeypatch):
    site.generate(str(project))
    conversions.clear()
    cache.converter_fingerprint.cache_clear()
    monkeypatch.setattr(converters, "CONVERTER_VERSION", converters.CONVERTER_VERSION + "-next")
    try:
        site.generate(str(project))
    finally:
        cache.converter_fingerprint.cache_clear()
    assert len(conversions) == len(SAMPLES)


def test_corrupt_entries_are_ignored(project, conversions):
    site.generate(str(project))
    first = tree(project / "docs")
    entries = [p for p in (project / ".cache").rglob("*") if p.is_file()]
    assert any(p.suffix == ".page" for p in entries) and any(p.suffix == ".meta" for p in entries)
    for n, p in enumerate(entries):  # garbage, truncated, empty: every kind of damage
        p.write_bytes([b"not a pickle", p.read_bytes()[: len(p.read_bytes()) // 2], b""][n % 3])
    conversions.clear()
    result = site.generate(str(project))
    assert not result.failed
    assert tree(project / "docs") == first
    assert len(conversions) == len(SAMPLES)
    conversions.clear()
    site.generate(str(project))  # the damaged entries were replaced
    assert conversions == []


def test_a_page_entry_lost_behind_its_summary_is_converted_again(project, conversions):
    site.generate(str(project))
    first = tree(project / "docs")
    for p in (project / ".cache").rglob("*"):
        if p.suffix in (".page", ".md"):
            p.unlink()  # summaries still there, pages and renders gone
    conversions.clear()
    site.generate(str(project))  # docs/ unchanged and its manifest says so: nothing to render
    assert tree(project / "docs") == first
    assert conversions == []
    for p in (project / ".cache").rglob("outputs/*.json"):
        p.unlink()  # now every page must be rendered, from pages that are gone
    site.generate(str(project))
    assert tree(project / "docs") == first
    assert len(conversions) == len(SAMPLES)


def test_disabled_cache_writes_nothing(project, monkeypatch, conversions):
    monkeypatch.setenv(cache.DISABLE_ENV, "1")
    site.generate(str(project))
    site.generate(str(project))
    assert not (project / ".cache").exists()
    assert len(conversions) == 2 * len(SAMPLES)


def test_entries_of_deleted_reports_are_pruned(project):
    site.generate(str(project))
    before = {p.name for p in (project / ".cache").rglob("*") if p.is_file()}
    victim = project / SAMPLES[1].relative_to(REPO)
    victim.unlink()
    site.generate(str(project))
    after = {p.name for p in (project / ".cache").rglob("*") if p.is_file()}
    # catalog.json records (.bin, generate.catalog_text) of the records that changed are replaced
    before, after = ({n for n in names if not n.endswith(".bin")} for names in (before, after))
    gone = before - after
    assert after < before and {n.rsplit(".", 1)[-1] for n in gone} == {"meta", "page", "md"}


def test_render_cache_follows_link_targets(tmp_path):
    """A report is rendered again when a citation's target moves (e.g. the cited report was added)."""
    sample = next(p for p in SAMPLES if "114" in p.name)
    page = converters.convert_file(str(sample), str(REPO))
    assert page.citations
    store = PageCache(str(tmp_path))
    store.store("k" * 64, page)
    cited = page.citations[0]
    renders: list[int] = []

    def render(resolve):
        renders.append(1)
        return site.render_report(page, "bao-cao/x/a.md", resolve)

    def to(target):
        return lambda c: target if c.key == cited.key else None

    a = store.render("k" * 64, page.citations, "bao-cao/x/a.md", to(None), render)
    assert store.render("k" * 64, page.citations, "bao-cao/x/a.md", to(None), render) == a
    assert len(renders) == 1
    b = store.render("k" * 64, page.citations, "bao-cao/x/a.md", to("bao-cao/y/cited.md"), render)
    assert len(renders) == 2 and b != a and "../y/cited.md" in b
    assert b == site.render_report(page, "bao-cao/x/a.md", to("bao-cao/y/cited.md"))


def test_pages_pickle_with_their_parts():
    import pickle

    page = converters.convert_file(str(SAMPLES[0]), str(REPO))
    again = pickle.loads(pickle.dumps(page, pickle.HIGHEST_PROTOCOL))
    assert again.parts and again.meta == page.meta and again.citations == page.citations
    assert again.render("bao-cao/x/a.md", lambda c: None) == page.render("bao-cao/x/a.md", lambda c: None)


def test_parallel_and_serial_write_identical_docs(project, tmp_path, monkeypatch, conversions):
    """Parallel conversion (forced on a few files) gives the serial run's docs/, errors named per file."""
    for n, sample in enumerate(SAMPLES[:3]):
        shutil.copy(sample, project / "raw" / "kon-tum" / f"copy-{n}.txt")
    (project / "raw" / "kon-tum" / "empty.txt").write_bytes(b"")
    (project / "raw" / "kon-tum" / "noise.txt").write_bytes(b"\x00\xff\xfe" * 10)
    monkeypatch.setattr(site, "PARALLEL_MIN", 2)
    serial = site.generate(str(project), docs_dir=str(tmp_path / "serial"), cache=False, jobs=1)
    conversions.clear()
    parallel = site.generate(str(project), docs_dir=str(tmp_path / "parallel"), cache=False, jobs=2)
    assert conversions == []  # converted in the worker processes, not here
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    assert [(d.source, d.path, d.warnings, d.error) for d in serial.docs] == [
        (d.source, d.path, d.warnings, d.error) for d in parallel.docs
    ]
    failed = {d.source for d in parallel.failed}
    assert "raw/kon-tum/empty.txt" in failed
    assert all(d.error for d in parallel.failed)
    # through the cache, still the same
    cached = site.generate(str(project), docs_dir=str(tmp_path / "cached"), jobs=2)
    assert tree(tmp_path / "cached") == tree(tmp_path / "serial")
    assert [d.error for d in cached.docs] == [d.error for d in serial.docs]


# ------------------------------------------------------------ search index analyses


def _search_site(tmp_path: Path, n: int) -> tuple[Path, Path]:
    """``n`` small built pages (Material-like article HTML) and their Markdown sources."""
    docs, site_dir = tmp_path / "docs", tmp_path / "site"
    for i in range(n):
        (docs / "bao-cao").mkdir(parents=True, exist_ok=True)
        (docs / "bao-cao" / f"p{i}.md").write_text(f"---\ndoc_type: Báo cáo\nnumber: {i}-BC/TU\n---\n# T{i}\n", "utf-8")
        html = (f'<html><nav>menu {i}</nav><article><h1 id="t">Báo cáo {i}</h1><p>Dân vận khéo {i} lần</p>'
                f'<h2 id="a{i}">I. Kết quả</h2><p>Uỷ ban {i}</p></article></html>')
        (site_dir / "bao-cao" / f"p{i}").mkdir(parents=True, exist_ok=True)
        (site_dir / "bao-cao" / f"p{i}" / "index.html").write_text(html, "utf-8")
    return docs, site_dir


def test_search_index_from_cached_and_parallel_analyses_is_identical(tmp_path, monkeypatch):
    from converters.site import search_index as si

    docs, site_dir = _search_site(tmp_path, 12)
    plain = si.build_index_files(si.read_site(str(site_dir), str(docs), True))
    monkeypatch.setattr(si, "PARALLEL_MIN", 2)
    root = tmp_path / "root"
    cold = si.build_index_files(si.read_site(str(site_dir), str(docs), True, cache_root=str(root), jobs=2))
    entries = sorted((root / ".cache").rglob("*.bin"))
    assert len(entries) == 12
    warm = si.build_index_files(si.read_site(str(site_dir), str(docs), True, cache_root=str(root)))
    assert cold == plain and warm == plain
    # an edited page is analysed again; damaged entries are ignored
    page = site_dir / "bao-cao" / "p3" / "index.html"
    page.write_text(page.read_text("utf-8").replace("Dân vận khéo", "Dân vận rất khéo"), "utf-8")
    entries[0].write_bytes(b"garbage")
    edited = si.build_index_files(si.read_site(str(site_dir), str(docs), True, cache_root=str(root)))
    assert edited == si.build_index_files(si.read_site(str(site_dir), str(docs), True))
    assert "rat" in "".join(v for k, v in edited.items() if k.startswith("t/"))
    assert len(list((root / ".cache").rglob("*.bin"))) == 12  # the old analysis of p3 pruned


def test_fingerprint_covers_the_whole_converter_package():
    """A change in a step or the lexicon (not only in site/) must invalidate the cache: after the
    package was laid out in folders the fingerprint hashed converters/site/ alone, and pages
    converted by an older citations.py were served again."""
    package = Path(converters.__file__).resolve().parent
    assert Path(cache.PACKAGE_DIR).resolve() == package
    assert (package / "lexicon" / "citations.py").is_file() and (package / "steps").is_dir()
