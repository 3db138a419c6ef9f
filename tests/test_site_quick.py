"""The quick path of generate (converters/site/quick.py): a report edited without changing its front
matter or citations rebuilds its own page only, and gives a cold build's docs; everything else
(citations changed, a report added or removed, a damaged state, a page touched by hand) takes the
full path and gives a cold build's docs too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from converters.site import generate as site
from converters.site import quick

from .test_incremental import EDITED, REMOVED, REPO, cold_docs, tree

#: A sentence of its own, no citation in it: the report's body changes, its catalog digest does not.
NOTE = " Ghi chú sửa đổi của báo cáo này."


def body_edit(path: Path, n: int = 0) -> None:
    """Insert a sentence after the first ``". "`` past the middle of the file (benchmarks/prebuild_rebuild.py)."""
    data = path.read_bytes()
    mid = data.find(b". ", len(data) // 2)
    path.write_bytes(data[:mid + 1] + (NOTE + f" Lần {n}.").encode() + data[mid + 1:])


@pytest.fixture
def project(generated_project):
    """A project whose raw/ holds the five samples, its docs/ generated once (conftest)."""
    return generated_project


@pytest.fixture
def builds(monkeypatch):
    """Counts of full builds of the project (the cache on: cold_docs's builds are not counted) and
    of quick rebuilds that did the work."""
    counts = {"full": 0, "quick": 0}
    real_full = site._site_pages
    real_quick = quick.rebuild

    def full(root, docs_dir, config, result, store, *a, **k):
        counts["full"] += store.enabled
        return real_full(root, docs_dir, config, result, store, *a, **k)

    def rebuild(*a, **k):
        done = real_quick(*a, **k)
        counts["quick"] += done is not None
        return done
    monkeypatch.setattr(site, "_site_pages", full)
    monkeypatch.setattr(quick, "rebuild", rebuild)
    return counts


def state_file(project: Path) -> Path:
    found = list((project / ".cache").rglob("state/site-*.json"))
    assert len(found) == 1
    return found[0]


def test_body_edit_takes_the_quick_path_and_gives_the_cold_build_docs(project, tmp_path, builds):
    before = tree(project / "docs")
    body_edit(project / EDITED)
    result = site.generate(str(project))
    assert builds == {"full": 0, "quick": 1}
    docs = tree(project / "docs")
    assert docs == cold_docs(project, tmp_path)
    changed = [p for p in docs if docs[p] != before.get(p)]
    assert len(changed) == 1 and changed[0].startswith("bao-cao/kien-giang/") and result.written == changed
    assert NOTE.strip() in docs[changed[0]].decode("utf-8")
    # again, and back to the first text: still quick, still a cold build's docs
    body_edit(project / EDITED, 1)
    site.generate(str(project))
    assert builds["quick"] == 2 and tree(project / "docs") == cold_docs(project, tmp_path)


def test_nothing_changed_is_quick_and_writes_nothing(project, builds):
    before = tree(project / "docs")
    result = site.generate(str(project))
    assert builds == {"full": 0, "quick": 1} and result.written == [] and result.removed == []
    assert tree(project / "docs") == before
    assert all(d.path or d.error for d in result.docs)


@pytest.mark.parametrize("damage", ["garbage", "digest", "truncated", "missing"])
def test_damaged_state_gives_a_full_rebuild_with_the_same_docs(project, tmp_path, builds, damage):
    path = state_file(project)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"{not json")
    elif damage == "digest":  # payload changed, digest kept: refused
        path.write_bytes(data.replace(b'"quick":true', b'"quick":false ', 1)[:len(data)])
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        path.unlink()
    body_edit(project / EDITED)
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 0}
    assert tree(project / "docs") == cold_docs(project, tmp_path)
    body_edit(project / EDITED, 1)  # the state written by that full build is good again
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 1}
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_stale_state_of_another_converter_is_not_used(project, tmp_path, builds, monkeypatch):
    monkeypatch.setattr(site, "converter_fingerprint", lambda: "another converter")
    body_edit(project / EDITED)
    site.generate(str(project))
    assert builds["quick"] == 0
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_report_changing_what_it_cites_takes_the_full_path(project, tmp_path, builds):
    path = project / EDITED
    text = path.read_text("utf-8")
    # one more document cited, then the citation's number changed: another document
    path.write_text(text + "\n\nThực hiện Kết luận số 114-KL/TW của Ban Bí thư.\n", "utf-8")
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 0}
    assert tree(project / "docs") == cold_docs(project, tmp_path)
    path.write_text(text + "\n\nThực hiện Kết luận số 120-KL/TW của Ban Bí thư.\n", "utf-8")
    site.generate(str(project))
    assert builds == {"full": 2, "quick": 0}
    docs = tree(project / "docs")
    assert docs == cold_docs(project, tmp_path)
    assert "van-ban/120-kl-tw.md" in docs
    body_edit(path)  # and a body edit after it is quick again
    site.generate(str(project))
    assert builds == {"full": 2, "quick": 1}
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_report_removed_or_added_takes_the_full_path(project, tmp_path, builds):
    (project / REMOVED).unlink()
    result = site.generate(str(project))
    assert builds == {"full": 1, "quick": 0} and result.removed
    assert tree(project / "docs") == cold_docs(project, tmp_path)
    shutil.copy(REPO / REMOVED, project / "raw" / "kon-tum" / "zz-added.txt")
    site.generate(str(project))
    assert builds == {"full": 2, "quick": 0}
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_front_matter_changed_by_a_sidecar_takes_the_full_path(project, tmp_path, builds):
    (project / EDITED).with_suffix(".meta.yml").write_text("title: trích yếu sửa bằng tệp bổ sung\n", "utf-8")
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 0}
    assert tree(project / "docs") == cold_docs(project, tmp_path)


@pytest.mark.parametrize("touch", ["page", "stray", "deleted"])
def test_generated_files_touched_by_hand_take_the_full_path(project, tmp_path, builds, touch):
    before = tree(project / "docs")
    docs = project / "docs"
    page = next(p for p in sorted(before) if p.startswith("van-ban/") and p != "van-ban/index.md")
    if touch == "page":
        (docs / page).write_text("sửa tay\n", "utf-8")
    elif touch == "stray":
        (docs / "bao-cao" / "kon-tum" / "thua.md").write_text("tệp thừa\n", "utf-8")
    else:
        (docs / page).unlink()
    body_edit(project / EDITED)
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 0}
    assert tree(project / "docs") == cold_docs(project, tmp_path)


def test_catalog_digest_leaves_out_offsets_only():
    from converters.lexicon.citations import Citation

    c = Citation(3, 20, "Kết luận số 114-KL/TW", "Kết luận", "114-KL/TW", None, "central", "114-KL/TW", "114-kl-tw",
                 None, None, anchor="p-2", context="Thực hiện Kết luận số 114-KL/TW.")
    moved = Citation(40, 57, *[getattr(c, f) for f in ("text", "doc_type", "number", "date", "scope", "key", "slug",
                                                       "issuer", "subject")], anchor="p-2", context=c.context)
    other = Citation(3, 20, *[getattr(c, f) for f in ("text", "doc_type", "number", "date", "scope", "key", "slug",
                                                      "issuer", "subject")], anchor="p-3", context=c.context)
    meta = {"number": "1-BC/TU", "date": "2020-01-02"}
    assert quick.catalog_digest(meta, [], [c]) == quick.catalog_digest(meta, [], [moved])
    assert quick.catalog_digest(meta, [], [c]) != quick.catalog_digest(meta, [], [other])
    assert quick.catalog_digest(meta, [], [c]) != quick.catalog_digest({**meta, "date": "2020-01-03"}, [], [c])
    assert quick.catalog_digest(meta, [], [c]) != quick.catalog_digest(meta, ["cảnh báo"], [c])


def test_original_edited_without_changing_its_catalog_is_quick_and_copied(project, tmp_path, builds):
    """A Word original beside its page: a body edit (a sentence added to a paragraph citing nothing) is quick,
    the page and the downloadable copy are a cold build's."""
    docx = pytest.importorskip("docx")
    target = project / "raw" / "kon-tum" / "zz-goc.docx"
    shutil.copy(REPO / "tests" / "data" / "formats" / "1095764e502a89b8.docx", target)
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 0}
    document = docx.Document(str(target))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Đây là sự kiện chính trị"))  # body, no citation
    paragraph.runs[-1].text += " Ghi chú sửa đổi."
    document.save(str(target))
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 1}
    docs = tree(project / "docs")
    assert docs == cold_docs(project, tmp_path)
    copies = [p for p in docs if p.endswith(".docx")]
    assert len(copies) == 1 and docs[copies[0]] == target.read_bytes()


def test_rival_files_for_one_page_do_not_stop_the_quick_path(project, tmp_path, builds):
    """Two files wanting one page path (a report without a number, copied): the later gets ``-2``
    (who is first depends on the last build and on git, asked again by the quick path); a body
    edit of either is still quick, and the URLs stay those of a cold build."""
    copy = project / "raw" / "kien-giang" / "zz-ban-sao.txt"  # after EDITED in source order: a cold build agrees
    shutil.copy(project / EDITED, copy)
    site.generate(str(project))
    assert builds == {"full": 1, "quick": 0}
    paths = [p for p in tree(project / "docs") if p.startswith("bao-cao/kien-giang/") and "tong-ket" in p]
    assert len(paths) == 2 and any(p.endswith("-2.md") for p in paths)
    for n, path in enumerate((project / EDITED, copy)):
        body_edit(path, n)
        site.generate(str(project))
        assert builds == {"full": 1, "quick": n + 1}
        assert tree(project / "docs") == cold_docs(project, tmp_path)
