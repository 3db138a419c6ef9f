"""Incremental rebuilds (converters/site/incremental.py): the same output as a cold build.

After a report is edited, added or removed, ``generate`` skips the pages whose
inputs did not change and the search index reuses per-page analyses; what
they write must be byte for byte what a build from nothing writes.  Speed is
measured by benchmarks/bench.py, never here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converters.site import generate as site
from converters.site.postbuild import post_build

from .conftest import build_copy, index_meaning

REPO = Path(__file__).resolve().parent.parent
REAL = Path("/work/shared/corpus/real/raw")

#: Sentence added to a Kiên Giang report: cites Kết luận 114 (a cited-document page) and another
#: Kiên Giang report by its number (that report's "Được viện dẫn bởi" section and its cited page).
ADDED = ("\n\nNgoài ra, tiếp tục thực hiện Kết luận số 114-KL/TW và Báo cáo số 111-BC/BDV-BCSĐ, "
         "ngày 10/5/2018 về công tác dân vận.\n")
EDITED = "raw/kien-giang/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt"
CITED = "bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md"
REMOVED = "raw/binh-thuan/bao-cao-so-ket-05-nam-ket-luan-114-kl-tw.txt"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def texts(files: dict[str, bytes]) -> dict[str, str]:
    return {rel: data.decode("utf-8") for rel, data in files.items()}


def cold_docs(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """docs/ generated from nothing (cache off, empty docs directory) for the project's raw/ as it is now."""
    fresh = tmp_path / f"cold-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(project / "docs", fresh, ignore=lambda d, names: [n for n in names if Path(d) == project / "docs"
                                                                     and n in set(site.GENERATED_DIRS) | set(site.GENERATED_FILES)])
    site.generate(str(project), docs_dir=str(fresh), cache=False)
    return tree(fresh)


@pytest.fixture
def project(generated_project):
    """A project whose raw/ holds the five samples, its docs/ generated once (conftest)."""
    return generated_project


def test_edited_report_gives_the_cold_build_docs(project, tmp_path):
    path = project / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    result = site.generate(str(project))
    docs = tree(project / "docs")
    assert docs == cold_docs(project, tmp_path)
    # the edit reached the pages that depend on it, and only the pages that changed were written
    assert "Ngoài ra, tiếp tục thực hiện" in docs[CITED].decode("utf-8")
    assert "Ngoài ra, tiếp tục" in docs["van-ban/114-kl-tw.md"].decode("utf-8")
    assert "catalog.json" in result.written and len(result.written) < len(docs) / 2


def test_added_and_removed_reports_give_the_cold_build_docs(project, tmp_path):
    real = sorted(REAL.glob("*.txt"))[:2] if REAL.is_dir() else []
    sources = real or [REPO / REMOVED]
    for i, src in enumerate(sources):
        shutil.copy(src, project / "raw" / "kon-tum" / f"zz-added-{i}.txt")
    site.generate(str(project))
    assert tree(project / "docs") == cold_docs(project, tmp_path)
    (project / "raw" / "kon-tum" / "zz-added-0.txt").unlink()
    (project / REMOVED).unlink()  # a citing report gone: its cited-document pages change
    result = site.generate(str(project))
    assert result.removed
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_generated_file_changed_by_hand_is_written_again(project):
    before = tree(project / "docs")
    page = next(p for p in sorted(before) if p.startswith("van-ban/") and p != "van-ban/index.md")
    (project / "docs" / page).write_text("sửa tay\n", "utf-8")
    (project / "docs" / "bao-cao" / "kon-tum").rename(project / "docs" / "bao-cao" / "kon-tum-moved")
    result = site.generate(str(project))
    assert page in result.written
    assert any(p.startswith("bao-cao/kon-tum/") for p in result.written)
    assert tree(project / "docs") == before  # the moved copies are stale generated files: removed


def test_damaged_manifest_renders_everything_again(project):
    before = tree(project / "docs")
    manifests = list((project / ".cache").rglob("outputs/*.json"))
    assert len(manifests) == 1
    manifests[0].write_text("{not json", "utf-8")
    site.generate(str(project))
    assert tree(project / "docs") == before


def test_rebuild_after_an_edit_gives_the_cold_build_site_and_index(tmp_path):
    """End to end with the engine: docs/ and the search index files after an incremental
    rebuild equal those of a cold build of the edited corpus."""
    (tmp_path / "warm").mkdir()
    (tmp_path / "cold").mkdir()
    warm = build_copy(tmp_path / "warm")
    assert warm.returncode == 0, warm.output[-2000:]
    path = warm.root / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != site.FRESH_ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"
    proc = subprocess.run([sys.executable, "-m", "converters", "build", "--root", str(warm.root), "-d", str(warm.site)],
                          cwd=warm.root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    edited_raw = tmp_path / "edited-raw"
    shutil.copytree(warm.root / "raw", edited_raw)
    env["BAOCAO_NO_CACHE"] = "1"
    os.environ["BAOCAO_NO_CACHE"] = "1"
    try:
        cold = build_copy(tmp_path / "cold", raw=edited_raw)
    finally:
        del os.environ["BAOCAO_NO_CACHE"]
    assert cold.returncode == 0, cold.output[-2000:]
    assert not list((cold.root / ".cache").rglob("*.meta"))  # really cold: no cached page
    assert tree(warm.docs) == tree(cold.docs)
    index = Path("assets") / "search" / "index"
    warm_index, cold_index = tree(warm.site / index), tree(cold.site / index)
    # The edit adds a page (the cited report's document page): the updated index gives it the
    # next page id, a full build numbers pages in order; what the index says must be the same.
    assert index_meaning(texts(warm_index)) == index_meaning(texts(cold_index)) and len(cold_index) > 5
    assert "ngoai" in "".join(v.decode("utf-8") for k, v in cold_index.items() if k.startswith("t/"))
    # and the index step alone, run again on the same site with its cache, writes the same files
    post_build(str(warm.root), str(warm.site), str(warm.docs), True)
    assert tree(warm.site / index) == warm_index


def test_cited_report_removed_and_restored_gives_the_cold_build_catalog(project, tmp_path):
    """catalog.json records come from the cache (generate.catalog_text): when the report a
    citation names leaves the collection and comes back, the citing report's record (unchanged
    report, moved link target) and the cited document's record must change as a cold build's."""
    cited = project / "raw" / "kien-giang" / "2018-05-10-bao-cao-111-bc-bdv-bcsd.txt"
    edited = project / EDITED
    edited.write_text(edited.read_text("utf-8") + ADDED, "utf-8")  # cites the report by its number
    site.generate(str(project))
    before = (project / "docs" / "catalog.json").read_text("utf-8")
    assert '"page": "bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md"' in before
    kept = project / "kept.txt"  # outside raw/ (and not in tmp_path, where cold_docs counts entries)
    shutil.move(cited, kept)
    site.generate(str(project))
    docs = tree(project / "docs")
    assert docs == cold_docs(project, tmp_path)
    assert b"2018-bao-cao-111-bc-bdv-bcsd.md" not in docs["catalog.json"]
    shutil.move(kept, cited)
    site.generate(str(project))
    docs = tree(project / "docs")
    assert docs == cold_docs(project, tmp_path)
    assert docs["catalog.json"].decode("utf-8") == before


def test_catalog_record_damaged_in_the_cache_is_built_again(project):
    """A record entry of catalog.json that fails its checksum is a miss: the same file is written."""
    before = (project / "docs" / "catalog.json").read_bytes()
    bins = sorted((project / ".cache").rglob("*.bin"))
    assert bins
    for b in bins:  # every cached record damaged (wrong bytes, right length)
        data = bytearray(b.read_bytes())
        data[-2] ^= 0x55
        b.write_bytes(bytes(data))
    (project / "docs" / "catalog.json").write_text("{}", "utf-8")  # and the file changed: written again
    site.generate(str(project))
    assert (project / "docs" / "catalog.json").read_bytes() == before


def test_published_paths_kept_in_the_manifest_match_catalog_json(project):
    """The manifest keeps catalog.json's {source: page} (read back when two reports want one URL);
    a catalog.json that is not the recorded one is read itself."""
    from converters.site.incremental import OutputManifest

    docs = str(project / "docs")
    expected = site.published_paths(docs)
    assert expected and all(s.startswith("raw/") for s in expected)
    manifest = OutputManifest(str(project), docs)
    assert manifest.published("catalog.json", lambda: {"read": "file"}) == expected
    (project / "docs" / "catalog.json").write_text('{"reports": []}\n', "utf-8")  # changed by hand
    manifest = OutputManifest(str(project), docs)
    assert manifest.published("catalog.json", lambda: {"read": "file"}) == {"read": "file"}
    assert OutputManifest(str(project), docs, enabled=False).published("catalog.json", dict) == {}


def test_rival_reports_keep_their_urls_when_the_catalog_comes_from_the_manifest(project, tmp_path):
    """Two reports wanting one page path: the holder of the path in the last build keeps it on the
    next build, whether the last build's paths come from the manifest or from catalog.json."""
    src = project / "raw" / "kien-giang" / "bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt"
    shutil.copy(src, project / "raw" / "kien-giang" / "zz-ban-sao.txt")  # no number: same title, -2
    first = {d.source: d.path for d in site.generate(str(project)).docs}
    shutil.copy(src, project / "raw" / "kien-giang" / "aa-ban-sao.txt")  # sorts first, published last
    other = tmp_path / "no-manifest"
    shutil.copytree(project, other)
    for m in (other / ".cache").rglob("outputs/*.json"):
        m.unlink()  # paths of the last build read from catalog.json itself
    again = {d.source: d.path for d in site.generate(str(project)).docs}
    source = "raw/kien-giang/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt"
    assert again[source] == first[source] and not again[source].endswith("-2.md")
    assert {d.source: d.path for d in site.generate(str(other)).docs} == again
    assert tree(project / "docs") == tree(other / "docs")


def test_generate_gives_the_garbage_collector_back_as_it_was(project, monkeypatch):
    """generate pauses the cyclic collector for the site-wide pages (generate._collector_paused)
    and restores its state, also when a page fails to render."""
    import gc

    assert gc.isenabled()
    site.generate(str(project))
    assert gc.isenabled()
    gc.disable()
    try:
        site.generate(str(project))
        assert not gc.isenabled()
    finally:
        gc.enable()

    def broken(*args, **kwargs):
        assert not gc.isenabled()
        raise RuntimeError("boom")

    monkeypatch.setattr("converters.site.quick.rebuild", lambda *a, **k: None)  # the full path, always
    monkeypatch.setattr("converters.site.pages.browse_plan", broken)  # called on every full build (home_page only when its inputs changed)
    with pytest.raises(RuntimeError):
        site.generate(str(project))
    assert gc.isenabled()


def test_unchanged_catalog_json_is_not_rendered(project, monkeypatch):
    """catalog.json is keyed by its records' keys: a rebuild with nothing changed neither reads its
    records nor hashes its text; a file changed by hand is rendered and written again."""
    before = (project / "docs" / "catalog.json").read_bytes()
    calls = []
    real = site.catalog_file_bytes
    monkeypatch.setattr(site, "catalog_file_bytes", lambda *a: calls.append(1) or real(*a))
    result = site.generate(str(project))
    assert not calls and "catalog.json" not in result.written
    (project / "docs" / "catalog.json").write_text("{}\n", "utf-8")
    result = site.generate(str(project))
    assert calls and "catalog.json" in result.written
    assert (project / "docs" / "catalog.json").read_bytes() == before


def _age_raw(project: Path, seconds: int = 60) -> None:
    """Set every raw file's mtime ``seconds`` in the past (the scan record skips files just modified)."""
    import time

    past = time.time() - seconds
    for p in (project / "raw").rglob("*"):
        if p.is_file():
            os.utime(p, (past, past))


def test_unchanged_raw_files_are_not_read_again(project, monkeypatch):
    """The scan of raw/ takes a file's cache key from the last scan's record while its stat is
    unchanged (rawscan.py): a rebuild with nothing changed hashes no raw file; an edited one is."""
    from converters.site import rawscan

    _age_raw(project)
    site.generate(str(project))  # records the aged files
    calls = []
    real = rawscan.read_key
    monkeypatch.setattr(rawscan, "read_key", lambda path, *a: calls.append(path) or real(path, *a))
    site.generate(str(project))
    assert calls == []
    path = project / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    site.generate(str(project))
    assert [Path(c).name for c in calls] == [path.name]


def test_edit_keeping_size_and_mtime_is_still_seen(project, tmp_path):
    """A raw file rewritten with other bytes of the same length and its old mtime put back is
    converted again (its inode change time moved): the docs equal a cold build's."""
    _age_raw(project)
    site.generate(str(project))
    path = project / EDITED
    st = path.stat()
    text = path.read_text("utf-8")
    i = text.index("dân vận")
    path.write_text(text[:i] + "DÂN VẬN" + text[i + len("dân vận"):], "utf-8")
    assert path.stat().st_size == st.st_size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    site.generate(str(project))
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_damaged_or_missing_state_gives_the_same_docs(project, tmp_path):
    """The scan record, the catalog.json layout, the merged descriptions and the quick path's state (.cache/baocao/v1/state/)
    damaged, emptied or deleted: the full path runs and the docs equal a cold build's."""
    _age_raw(project)
    site.generate(str(project))
    states = sorted((project / ".cache").rglob("state/*.json"))
    assert {p.name.split("-")[0].removesuffix(".json") for p in states} == {"scan", "catalog", "merged", "site"}
    path = project / EDITED
    for n, damage in enumerate((lambda p: p.write_text("{not json", "utf-8"),
                                lambda p: p.write_text('{"v": 1, "files": {}, "records": []}', "utf-8"),
                                lambda p: p.unlink())):
        for p in states:
            if p.exists():
                damage(p)
        path.write_text(path.read_text("utf-8") + f"\n\nCâu thêm lần {n}.\n" + ADDED, "utf-8")
        site.generate(str(project))
        assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_catalog_json_records_come_from_the_old_file(project, tmp_path, monkeypatch):
    """After an edit, the records of catalog.json that did not change are copied from the file
    last written (catalog_file.py): with every cached record deleted, only the changed records
    are built and the file is still a cold build's, and so after a report added and one removed."""
    from converters.site.catalog import Catalog

    for b in (project / ".cache").rglob("*.bin"):
        b.unlink()
    built = []
    for name in ("report_record", "document_record"):
        real = getattr(Catalog, name)
        monkeypatch.setattr(Catalog, name, lambda self, x, url_of, real=real: built.append(x) or real(self, x, url_of))
    path = project / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    result = site.generate(str(project))
    assert 0 < len(built) < (len(result.catalog.reports) + len(result.catalog.documents)) / 2
    assert tree(project / "docs") == cold_docs(project, tmp_path)
    shutil.copy(project / REMOVED, project / "raw" / "kon-tum" / "zz-added.txt")
    (project / REMOVED).unlink()
    site.generate(str(project))
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_many_changes_in_turn_give_the_cold_build_docs(project, tmp_path):
    """Edits, additions and removals one after another, each rebuilt incrementally: every
    generated file equals that of a build from nothing after each step."""
    _age_raw(project)
    site.generate(str(project))
    extra = project / "raw" / "kon-tum" / "zz-them.txt"
    steps = [
        lambda: (project / EDITED).write_text((project / EDITED).read_text("utf-8") + ADDED, "utf-8"),
        lambda: shutil.copy(project / REMOVED, extra),
        lambda: (project / REMOVED).unlink(),
        lambda: extra.write_text(extra.read_text("utf-8").replace("114-KL/TW", "115-KL/TW"), "utf-8"),
        lambda: (project / EDITED).write_text((project / EDITED).read_text("utf-8").replace(ADDED, ""), "utf-8"),
        lambda: extra.unlink(),
        # front matter changed by a sidecar: the browse, home, feed and editors' pages listing it
        lambda: (project / EDITED).with_suffix(".meta.yml").write_text("title: trích yếu sửa bằng tệp bổ sung\ndate: 2019-03-04\n", "utf-8"),
        lambda: (project / EDITED).with_suffix(".meta.yml").unlink(),
    ]
    for step in steps:
        step()
        site.generate(str(project))
        assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_lists_of_unchanged_reports_are_not_rendered(project, monkeypatch, tmp_path):
    """Browse, home, feed and cited-document index pages are keyed by the cache keys of the reports
    they list: after an edit of one report only the tables listing it are rendered again."""
    from converters.site import pages

    calls = []
    real = pages.reports_table
    monkeypatch.setattr(pages, "reports_table", lambda reports, p: calls.append(p) or real(reports, p))
    site.generate(str(project))
    assert calls == []
    path = project / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    site.generate(str(project))
    listing = [p for p in calls if p.startswith("duyet/") and p.count("/") == 2]
    groups = [p for p in tree(project / "docs") if p.startswith("duyet/") and p.count("/") == 2 and not p.endswith("/index.md")]
    assert 0 < len(listing) < len(groups)
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_description_changed_by_one_report_reaches_the_sections_of_the_others(project, tmp_path):
    """Report pages are keyed by what their sections are made of, not by the sections' text: when
    an edit of one report changes the merged description of a document others cite (its date, its
    issuer, its subject), the other reports' "Văn bản viện dẫn" lines change with it, as in a cold build."""
    _age_raw(project)
    site.generate(str(project))
    before = tree(project / "docs")
    path = project / EDITED
    cite = "Kết luận số 114-KL/TW, ngày 14/7/2015 của Ban Bí thư về dân vận chính quyền"
    path.write_text(path.read_text("utf-8") + "".join(f"\n\nĐiểm {i}: tiếp tục quán triệt {cite}.\n" for i in range(8)),
                    "utf-8")
    site.generate(str(project))
    after = tree(project / "docs")
    assert after == cold_docs(project, tmp_path)
    edited_page = next(p for p in after if p.startswith("bao-cao/kien-giang/") and "tong-ket" in p)
    others = [p for p in after if p.startswith("bao-cao/") and p != edited_page and p.endswith(".md")
              and "114-kl-tw" in after[p].decode("utf-8") and after[p] != before.get(p)]
    assert others  # a report not edited whose page changed by the description alone
