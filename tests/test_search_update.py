"""Incremental search index (converters/site/search_update.py, issue #14): an edit of one page
rewrites a bounded set of index files, and the index is the one a full build writes."""

from __future__ import annotations

import os
import shutil

from converters.site import search_index as si
from converters.site import search_update as su

from .conftest import index_meaning

WORDS = "dân vận khéo ủy ban nhân dân hoà giải cơ sở quy chế dân chủ kết quả công tác tuyên truyền".split()


def _site(tmp_path, n=40):
    docs, site = tmp_path / "docs", tmp_path / "site"
    for i in range(n):
        (docs / "bao-cao").mkdir(parents=True, exist_ok=True)
        (docs / "bao-cao" / f"p{i:03}.md").write_text(f"---\ndoc_type: Báo cáo\nnumber: {i}-BC/TU\n---\n# T{i}\n", "utf-8")
        body = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(30 + i))
        html = (f'<html><nav>menu {i}</nav><article><h1 id="t">Báo cáo {i}</h1><p>{body}</p>'
                f'<h2 id="a{i}">I. Kết quả</h2><p>Uỷ ban {i} {body[: 40 + i]}</p></article></html>')
        (site / "bao-cao" / f"p{i:03}").mkdir(parents=True, exist_ok=True)
        (site / "bao-cao" / f"p{i:03}" / "index.html").write_text(html, "utf-8")
    return docs, site


def _files(site):
    root = site / si.INDEX_DIR
    return {str(p.relative_to(root)): p.read_text("utf-8") for p in root.rglob("*.js")}


def _full(docs, site):
    return si.build_index_files(si.read_site(str(site), str(docs), True))


def _edit(site, i, old, new):
    page = site / "bao-cao" / f"p{i:03}" / "index.html"
    page.write_text(page.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_an_edit_rewrites_only_its_page_its_terms_and_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setattr(si, "HEAD_POSTINGS", 5)  # tails too
    docs, site = _site(tmp_path)
    root = str(tmp_path / "root")
    first = su.update_search_index(str(site), str(docs), True, root)
    assert first["full"] and _files(site) == _full(docs, site)
    index = site / si.INDEX_DIR
    before = {rel: os.stat(index / rel).st_ino for rel in _files(site)}

    _edit(site, 17, "Kết quả", "Kết quả rất khéo")  # two words more in one section of one page
    second = su.update_search_index(str(site), str(docs), True, root)
    assert not second["full"]
    after = _files(site)
    assert after == _full(docs, site)  # byte for byte the full build
    rewritten = {rel for rel in after if os.stat(index / rel).st_ino != before.get(rel)}
    shards = {f"t/{si.shard_name(p)}.js" for p in ("r", "k")}
    shards |= {f"u/{si.tail_name(t)}-{k}.js" for t in ("rat", "kheo") for k in range(len(si.tail_bounds(41, 5)))}
    # the page's chunk, its row group, the shards of "rat", "kheo" (and "ket" or "qua" are unchanged), the manifest
    assert rewritten <= {"c/17-0.js", f"p/{17 // si.PAGE_GROUP}.js", "manifest.js"} | shards, rewritten
    assert "manifest.js" in rewritten and "c/17-0.js" in rewritten and second["written"] <= 8
    assert len(after) > 60

    # Nothing changed: nothing written; the site emptied by the engine: copied back from the cache.
    assert su.update_search_index(str(site), str(docs), True, root)["written"] == 0
    assert {rel: os.stat(index / rel).st_ino for rel in after} == {rel: os.stat(index / rel).st_ino for rel in _files(site)}
    for html in site.rglob("*.html"):  # every page written again, the same (a full MkDocs build)
        html.write_bytes(html.read_bytes())
    assert su.update_search_index(str(site), str(docs), True, root)["written"] == 0
    shutil.rmtree(index)
    third = su.update_search_index(str(site), str(docs), True, root)
    assert not third["full"] and _files(site) == after


def test_edits_that_remove_terms_and_sections_equal_a_full_build(tmp_path, monkeypatch):
    monkeypatch.setattr(si, "HEAD_POSTINGS", 3)
    docs, site = _site(tmp_path, 12)
    root = str(tmp_path / "root")
    su.update_search_index(str(site), str(docs), True, root)
    page = site / "bao-cao" / "p005" / "index.html"
    page.write_text('<html><article><h1 id="t">Báo cáo 5</h1><p>chỉ một từ riêng zyx</p></article></html>', "utf-8")
    _edit(site, 6, "<h2", "<h2 id='x'>Mục mới zyx</h2><p>thêm</p><h2")
    assert not su.update_search_index(str(site), str(docs), True, root)["full"]
    assert _files(site) == _full(docs, site)
    page.write_text(page.read_text("utf-8").replace("zyx", ""), "utf-8")
    assert not su.update_search_index(str(site), str(docs), True, root)["full"]
    assert _files(site) == _full(docs, site)


def test_added_and_removed_pages_keep_the_other_pages_ids(tmp_path):
    docs, site = _site(tmp_path, 12)
    root = str(tmp_path / "root")
    su.update_search_index(str(site), str(docs), True, root)
    index = site / si.INDEX_DIR
    before = {rel: os.stat(index / rel).st_ino for rel in _files(site)}
    (docs / "bao-cao" / "p002b.md").write_text("---\ndoc_type: Báo cáo\n---\n# Mới\n", "utf-8")
    (site / "bao-cao" / "p002b").mkdir()
    (site / "bao-cao" / "p002b" / "index.html").write_text("<article><h1>Mới</h1><p>khéo zyx</p></article>", "utf-8")
    figures = su.update_search_index(str(site), str(docs), True, root)
    assert not figures["full"] and figures["pages"] == 13
    after = _files(site)
    assert index_meaning(after) == index_meaning(_full(docs, site))
    assert "c/12-0.js" in after  # the next id
    rewritten = {rel for rel in after if os.stat(index / rel).st_ino != before.get(rel)}
    assert "c/3-0.js" not in rewritten and len(rewritten) <= 8, rewritten
    # A removed page leaves a hole: nothing of it is found any more.
    (docs / "bao-cao" / "p004.md").unlink()
    shutil.rmtree(site / "bao-cao" / "p004")
    figures = su.update_search_index(str(site), str(docs), True, root)
    assert not figures["full"] and figures["pages"] == 12
    after = _files(site)
    assert "c/4-0.js" not in after
    assert index_meaning(after) == index_meaning(_full(docs, site))
    # Too many holes: numbered again by a full build.
    for i in (5, 6):
        (docs / "bao-cao" / f"p{i:03}.md").unlink()
    assert su.update_search_index(str(site), str(docs), True, root)["full"]
    assert _files(site) == _full(docs, site)


def test_a_crash_between_mirror_files_and_state_means_a_full_build_next(tmp_path, monkeypatch):
    docs, site = _site(tmp_path, 6)
    root = str(tmp_path / "root")
    su.update_search_index(str(site), str(docs), True, root)
    _edit(site, 2, "Kết quả", "Kết quả mới")
    real = su._sync_site

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(su, "_sync_site", crash)
    try:
        su.update_search_index(str(site), str(docs), True, root)
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(su, "_sync_site", real)
    # The mirror has the new files and the new state; the site index is the old one: copied whole.
    again = su.update_search_index(str(site), str(docs), True, root)
    assert _files(site) == _full(docs, site), again


def test_update_postings_equals_encoding_the_updated_list():
    import random

    rnd = random.Random(5)
    for _ in range(300):
        postings = {(rnd.randint(1, 9), rnd.randint(0, 60), rnd.randint(0, 3)) for _ in range(rnd.randint(0, 80))}
        postings = {(pid, sec): w for w, pid, sec in postings}  # one weight per section
        full = sorted(((w, pid, sec) for (pid, sec), w in postings.items()), key=si.rank_key)
        gone = [p for p in full if rnd.random() < 0.2]
        new = {}
        for _ in range(rnd.randint(0, 10)):
            ref = (rnd.randint(0, 70), rnd.randint(0, 3))
            if ref not in postings or postings[ref] in {w for w, p, s in gone if (p, s) == ref}:
                new[ref] = rnd.randint(1, 9)
        gone_refs = {(p, s) for _, p, s in gone}
        new = {r: w for r, w in new.items() if r not in postings or r in gone_refs}
        added = [(w, pid, sec) for (pid, sec), w in new.items()]
        keep = rnd.choice([1, 3, 10, 50])
        entry, pages = si.term_entry(full, keep)
        after = sorted([p for p in full if p not in set(gone)] + added, key=si.rank_key)
        want = si.term_entry(after, keep) if after else ([0, ""], [])
        got = su.update_postings(entry[1], pages, gone, added, keep)
        assert got == (want[0][0], want[0][1], want[1]), (full, gone, added, keep)
        # the tail as one string (the head/tail split of format 2) gives the same pages
        assert su.update_postings(entry[1], ";".join(p for p in pages if p), gone, added, keep) == got


def _snapshot(site):
    """``{relative path: (inode, text)}`` of the site's index files."""
    index = site / si.INDEX_DIR
    return {str(p.relative_to(index)): (os.stat(p).st_ino, p.read_text("utf-8")) for p in index.rglob("*.js")}


def _rewritten_only_if_changed(before, after):
    """Every index file written again has a new text (or is new): an unchanged text is not written."""
    rewritten = {rel for rel, (ino, _) in after.items() if rel not in before or before[rel][0] != ino}
    changed = {rel for rel, (_, text) in after.items() if rel not in before or before[rel][1] != text}
    assert rewritten == changed, sorted(rewritten - changed)[:10]
    return rewritten


def test_an_added_report_that_changes_other_pages_writes_only_changed_files(tmp_path, monkeypatch):
    # An added report changes tens of pages: the cited documents' pages gain its excerpt (a section
    # in the middle, shifting the ones after it), merged descriptions change, browse lists grow.
    monkeypatch.setattr(si, "HEAD_POSTINGS", 5)  # tails too
    docs, site = _site(tmp_path)
    root = str(tmp_path / "root")
    su.update_search_index(str(site), str(docs), True, root)
    before = _snapshot(site)
    # Edits only: the index is byte for byte the full build's.
    _edit(site, 3, "<h2", "<h2 id='trich'>Trích báo cáo mới</h2><p>dân vận khéo ở cơ sở zyx</p><h2")
    _edit(site, 9, "</article>", "<p>Báo cáo mới trích dẫn văn bản này</p></article>")
    _edit(site, 30, "menu 30", "menu 30 và 31")  # outside the article: the same analysis
    second = su.update_search_index(str(site), str(docs), True, root)
    assert not second["full"] and _files(site) == _full(docs, site)
    after = _snapshot(site)
    rewritten = _rewritten_only_if_changed(before, after)
    assert second["written"] == len(rewritten) + sum(rel not in after for rel in before)
    # A report added, three other pages changed with it.
    (docs / "bao-cao" / "p017b.md").write_text("---\ndoc_type: Báo cáo\nnumber: 99-BC/TU\n---\n# Mới\n", "utf-8")
    (site / "bao-cao" / "p017b").mkdir()
    (site / "bao-cao" / "p017b" / "index.html").write_text(
        "<article><h1>Báo cáo mới</h1><p>khéo zyx dân vận</p><h2 id='b'>Kết quả</h2><p>quy chế dân chủ</p></article>", "utf-8")
    _edit(site, 3, "<h2 id='trich'>", "<h2 id='x'>Báo cáo 99-BC/TU</h2><p>khéo zyx dân vận</p><h2 id='trich'>")
    _edit(site, 12, "</article>", "<p>Được trích dẫn bởi báo cáo mới</p></article>")
    _edit(site, 25, "Kết quả", "Kết quả và tồn tại")
    third = su.update_search_index(str(site), str(docs), True, root)
    assert not third["full"] and third["pages"] == 41
    assert index_meaning(_files(site)) == index_meaning(_full(docs, site))
    last = _snapshot(site)
    _rewritten_only_if_changed(after, last)
    unchanged = {rel for rel in last if rel in after and after[rel][1] == last[rel][1]}
    assert any(rel.startswith("u/") for rel in unchanged) and any(rel.startswith("t/") for rel in unchanged)


def test_a_term_losing_postings_loses_its_last_tail_pages(tmp_path, monkeypatch):
    """Format 3: a term's tail is in pages of doubling size; when an edit shrinks its postings
    below a page boundary, the pages past its new last one are deleted (and come back when it grows)."""
    monkeypatch.setattr(si, "HEAD_POSTINGS", 2)
    docs, site = _site(tmp_path, 10)
    for i in range(7):
        _edit(site, i, "</article>", "<p>zyx</p></article>")  # 7 postings: head 2, pages of 4 and 1
    root = str(tmp_path / "root")
    su.update_search_index(str(site), str(docs), True, root)
    index, tail = site / si.INDEX_DIR, si.tail_name("zyx")
    assert sorted(p.name for p in (index / "u").glob(f"{tail}-*.js")) == [f"{tail}-0.js", f"{tail}-1.js"]
    _edit(site, 3, "<p>zyx</p>", "")
    assert not su.update_search_index(str(site), str(docs), True, root)["full"]
    assert _files(site) == _full(docs, site) and not (index / "u" / f"{tail}-1.js").exists()
    _edit(site, 8, "</article>", "<p>zyx zyx</p></article>")
    assert not su.update_search_index(str(site), str(docs), True, root)["full"]
    assert _files(site) == _full(docs, site) and (index / "u" / f"{tail}-1.js").exists()
