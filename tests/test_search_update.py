"""Incremental search index (converters/site/search_update.py, issue #14): an edit of one page
rewrites a bounded set of index files, and the index is the one a full build writes."""

from __future__ import annotations

import os
import shutil

from converters.site import search_index as si
from converters.site import search_update as su

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
    shards = {f"t/{si.shard_name(p)}.js" for p in ("r", "k")} | {f"u/{si.tail_name(t)}.js" for t in ("rat", "kheo")}
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


def _meaning(files):
    """What an index says, whatever its page ids: postings, rows, chunks and counts by page URL."""
    import json
    import re

    data = {"t": {}, "u": {}, "p": {}, "c": {}}
    for rel, text in files.items():
        m = re.fullmatch(r"__bcSearch\.(\w+)\((.*)\);\n", text, re.S)
        args = json.loads("[" + m.group(2) + "]")
        if rel == "manifest.js":
            manifest = args[0]
        else:
            data[rel[0]][args[0]] = args[1]
    rows = {}
    for g, group in data["p"].items():
        for k, row in enumerate(group):
            if row is not None:
                rows[g * manifest["group"] + k] = row
    url = {pid: row[0] for pid, row in rows.items()}
    postings = {}
    for name, terms in data["t"].items():
        for term, (df, head, *tail) in terms.items():
            got = si.decode_postings(head) + si.decode_postings(data["u"][tail[0]] if tail else "")
            assert len(got) == df
            postings[term] = sorted((w, url[pid], sec) for w, pid, sec in got)
    chunks = {(url[int(key.split("-")[0])], key.split("-")[1]): secs for key, secs in data["c"].items()}
    reports = {url[pid] for pid in rows if manifest["reports"][pid] == "1"}
    return postings, sorted(rows.values()), chunks, reports, manifest["sections"], manifest["shards"]


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
    assert _meaning(after) == _meaning(_full(docs, site))
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
    assert _meaning(after) == _meaning(_full(docs, site))
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
        entry, tail = si.term_entry(full, keep)
        after = sorted([p for p in full if p not in set(gone)] + added, key=si.rank_key)
        want = si.term_entry(after, keep) if after else ([0, ""], None)
        got = su.update_postings(entry[1], tail or "", gone, added, keep)
        assert got == (want[0][0], want[0][1], want[1] or ""), (full, gone, added, keep)
