"""The search index builder (converters/site/search_index.py): text, terms, shards, files."""

from __future__ import annotations

import json
import os
import re
import unicodedata

import pytest

from converters.site import search_index as si
from converters.site import unicode_marks
from converters.lexicon.slugs import fold

MATERIAL_PAGE = """<!doctype html><html><body>
<nav class="md-nav"><a href="x">Dân vận khéo in the navigation</a></nav>
<article class="md-content__inner md-typeset">
<a href="edit" class="md-content__button md-icon" title="Sửa">edit</a>
<h1 id="bao-cao-so-ket">Báo cáo sơ kết<a class="headerlink" href="#bao-cao-so-ket">¶</a></h1>
<div class="baocao-meta"><dl><dt>Số</dt><dd>111-BC/BDV</dd></dl></div>
<p>Mở đầu về <abbr title="Ủy ban nhân dân">UBND</abbr> tỉnh<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>
<h2 id="i-ket-qua">I. KẾT QUẢ<a class="headerlink" href="#i-ket-qua">¶</a></h2>
<p>Phong trào thi đua “Dân vận khéo” &amp; hoà giải.</p>
<ul><li>một</li><li>hai</li></ul>
<h3 id="1-cong-tac">1. Công tác<a class="headerlink" href="#1-cong-tac">¶</a></h3>
<p>Theo <a href="../../van-ban/114-kl-tw/">Kết luận số 114-KL/TW</a>.</p>
<div class="footnote"><hr><ol>
<li id="fn:1"><p>Chú thích một.&#160;<a class="footnote-backref" href="#fnref:1">&#8617;</a></p></li>
<li id="fn:2"><p>Chú thích hai.</p></li>
</ol></div>
</article>
<footer>Footer text</footer>
</body></html>"""


def test_sections_split_at_headings_without_chrome():
    secs = si.extract_sections(MATERIAL_PAGE)
    assert [(s.heading, s.anchor, s.level) for s in secs] == [
        ("Báo cáo sơ kết", "", 1),
        ("I. KẾT QUẢ", "i-ket-qua", 2),
        ("1. Công tác", "1-cong-tac", 3),
        (si.FOOTNOTES_HEADING, "fn:1", 6),
    ]
    # Footnote number, permalink ¶, edit button, metadata panel, nav and footer are not text.
    assert secs[0].text == "Mở đầu về UBND tỉnh."
    assert secs[1].text == "Phong trào thi đua “Dân vận khéo” & hoà giải. một hai"
    assert secs[2].text == "Theo Kết luận số 114-KL/TW."
    assert secs[3].text == "Chú thích một. Chú thích hai."


def test_tokens_are_folded_like_slugs_fold():
    for text in ["Uỷ ban", "Ủy ban", "UỶ BAN", "uy ban"]:
        assert si.tokenize(text) == ["uy", "ban"]
    assert si.tokenize("Hoà giải") == si.tokenize("hòa giải") == ["hoa", "giai"]
    assert si.tokenize("Đảng đoàn") == ["dang", "doan"]
    text = "Kết luận số 114-KL/TW, ngày 04/7/2015"
    assert si.tokenize(text) == re.findall(r"[^\W_]+", fold(text))


def test_number_keys_ignore_separators_and_case():
    keys = {si.number_key(n) for n in ["114-KL/TW", "114-kl/tw", "114 KL TW", "114.KL.TW"]}
    assert keys == {"#114kltw"}
    assert si.number_key("111-BC/BDV-BCSĐ") == "#111bcbdvbcsd"
    assert si.number_key("—") == ""


def test_postings_round_trip():
    postings = sorted([(1, 0, 0), (3, 5, 0), (1, 6, 2), (22, 1000, 0), (1295, 1001, 40), (22, 1000, 1)], key=si.rank_key)
    assert si.decode_postings(si.encode_postings(postings)) == postings
    assert [w for w, _, _ in postings] == [1295, 22, 22, 3, 1, 1]  # best first


def test_tail_pages_double_and_decode_to_the_whole_list():
    """Issue #14: past the head, a term's postings are cut into pages of doubling size (rounds and
    files logarithmic in df), best first; head + pages decode to the whole list, in order."""
    import random

    assert si.tail_bounds(5, 5) == [] and si.tail_bounds(6, 5) == [(5, 6)]
    assert [e - s for s, e in si.tail_bounds(300 + 600 + 1200 + 5, 300)] == [600, 1200, 5]
    for df in (1, 299, 300, 301, 900, 901, 10_000, 314_159):
        bounds = si.tail_bounds(df, 300)
        assert bool(bounds) == (df > 300)
        assert not bounds or [s for s, _ in bounds] == [300, *[e for _, e in bounds[:-1]]] and bounds[-1][1] == df
        assert all(e - s == 300 * 2 ** (k + 1) for k, (s, e) in enumerate(bounds[:-1]))
        assert len(bounds) <= max(0, (df // 300 + 1).bit_length())  # logarithmic in df
    rnd = random.Random(3)
    for _ in range(200):
        refs = {(rnd.randint(0, 500), rnd.randint(0, 4)) for _ in range(rnd.randint(0, 400))}
        postings = sorted(((rnd.choice([1, 2, 3, 40, 1295]), pid, sec) for pid, sec in refs), key=si.rank_key)
        head = rnd.choice([1, 3, 7, 50])
        entry, pages = si.term_entry(postings, head, "dan")
        assert entry[0] == len(postings) and (len(entry) == 3) == (len(postings) > head) == bool(pages)
        assert [len(si.decode_postings(p)) for p in pages] == [e - s for s, e in si.tail_bounds(len(postings), head)]
        assert si.decode_postings(entry[1]) + [x for p in pages for x in si.decode_postings(p)] == postings
    entry, pages = si.term_entry([(9, pid, 0) for pid in range(10)], 2, "dan")  # one weight group cut three times
    assert (entry[1], pages) == ("9:0,1", ["9:2,1,1,1", "9:6,1,1,1"])  # each page's group from page id 0 again
    assert si.tail_file("dan", 1, pages[1]) == (f"u/{si.tail_name('dan')}-1.js", f'__bcSearch.tail("{si.tail_name("dan")}-1","9:6,1,1,1");\n')


def test_index_files_have_the_tail_pages_of_each_cut_term(monkeypatch):
    monkeypatch.setattr(si, "HEAD_POSTINGS", 2)
    pages = [_page(f"p{i}/", {}, ("", "", 0, "dân " * (1 + i % 4) + "lời " * 9)) for i in range(12)]
    files = si.build_index_files(pages)
    index = _parse(files)
    assert index["manifest"]["v"] == 3 and index["manifest"]["head"] == 2
    name = si.tail_name("dan")
    assert sorted(k for k in index["tails"] if k.startswith(name)) == [f"{name}-0", f"{name}-1"]  # 2 + 4 + 6 of 12
    assert len(_lookup(index, "dan")) == 12 and not any(rel.startswith("u/") and "-" not in rel for rel in files)


def _page(url, meta, *sections):
    return si.IndexedPage(url, meta, [si.Section(h, a, lvl, t) for h, a, lvl, t in sections])


def _parse(files):
    """{kind: data} of the index files: manifest, shards by id, chunks by key."""
    out = {"shards": {}, "chunks": {}}
    for rel, text in files.items():
        m = re.fullmatch(r"__bcSearch\.(\w+)\((.*)\);\n", text, re.S)
        assert m, rel
        args = json.loads("[" + m.group(2) + "]")
        if m.group(1) == "manifest":
            out["manifest"] = args[0]
        elif m.group(1) == "shard":
            out["shards"][args[0]] = args[1]
        elif m.group(1) == "tail":
            out.setdefault("tails", {})[args[0]] = args[1]
        elif m.group(1) == "pages":
            out.setdefault("pages", {})[args[0]] = args[1]
        else:
            out["chunks"][args[0]] = args[1]
    rows = [row for g in sorted(out.get("pages", {})) for row in out["pages"][g]]
    out["rows"] = rows
    return out


def _lookup(index, term):
    """The shard rule of search.js: the longest shard prefix that starts ``term``."""
    keys = [k for k in index["manifest"]["shards"] if term.startswith(k)]
    if not keys:
        return None
    name = index["manifest"]["shards"][max(keys, key=len)]
    entry = index["shards"][name].get(term)
    if not entry:
        return None
    postings = si.decode_postings(entry[1])
    for k in range(len(si.tail_bounds(entry[0], index["manifest"]["head"])) if len(entry) > 2 else 0):
        postings += si.decode_postings(index["tails"][f"{entry[2]}-{k}"])
    assert len(postings) == entry[0]
    return {(pid, sec): w for w, pid, sec in postings}


PAGES = [
    _page(
        "bao-cao/kien-giang/111/",
        {"doc_type": "Báo cáo", "number": "111-BC/BDV-BCSĐ", "date": "2018-05-10", "province": "Kiên Giang",
         "title": "sơ kết Kết luận 114", "cites": ["114-KL/TW", "03-CT/TU"]},
        ("Báo cáo sơ kết", "", 1, "Mở đầu."),
        ("I. Kết quả", "i-ket-qua", 2, "Phong trào “Dân vận khéo” được Ủy ban nhân dân phát động."),
    ),
    _page(
        "bao-cao/kon-tum/7/",
        {"doc_type": "Kế hoạch", "number": "7-KH/TU", "cites": ["114-KL/TW"]},
        ("Kế hoạch", "", 1, "Uỷ ban hoà giải ở cơ sở. " + "dân vận " * 50),
    ),
    _page("van-ban/114-kl-tw/", {"title": "Kết luận số 114-KL/TW"}, ("Kết luận số 114-KL/TW", "", 1, "Được viện dẫn bởi 2 báo cáo")),
]


def test_index_files_hold_pages_sections_and_terms():
    index = _parse(si.build_index_files(PAGES))
    m = index["manifest"]
    assert m["v"] == si.FORMAT_VERSION and m["sections"] == 4 and m["pages"] == 3
    rows = index["rows"]
    assert [p[0] for p in rows] == ["bao-cao/kien-giang/111/", "bao-cao/kon-tum/7/", "van-ban/114-kl-tw/"]
    assert rows[0][1:7] == ["Báo cáo sơ kết", "Báo cáo", "111-BC/BDV-BCSĐ", "2018-05-10", "Kiên Giang", 2]
    assert rows[2][2] is None and m["reports"] == "110"  # not a report: no doc_type
    # "Ủy ban" and "Uỷ ban" are one term; "khéo" is "kheo"; headings are indexed.
    assert set(_lookup(index, "uy")) == {(0, 1), (1, 0)}
    assert set(_lookup(index, "kheo")) == {(0, 1)}
    assert (0, 1) in _lookup(index, "qua")  # "Kết quả" heading
    # Chunks give snippets their text in the original spelling.
    assert index["chunks"]["0-0"][1] == ["I. Kết quả", "i-ket-qua", "Phong trào “Dân vận khéo” được Ủy ban nhân dân phát động."]


def test_number_keys_point_to_the_document_and_its_citers():
    index = _parse(si.build_index_files(PAGES))
    cites = _lookup(index, "#114kltw")
    assert set(cites) == {(0, 0), (1, 0)}  # first sections of the two reports citing it
    assert cites[0, 0] == si.CITES_WEIGHT
    own = _lookup(index, "#111bcbdvbcsd")
    assert own == {(0, 0): si.NUMBER_WEIGHT}


def test_bm25_weights_favour_short_sections():
    pages = [
        _page("a/", {}, ("", "", 1, "hoà giải " + "lời " * 200)),
        _page("b/", {}, ("", "", 1, "hoà giải")),
    ]
    index = _parse(si.build_index_files(pages))
    hoa = _lookup(index, "hoa")
    assert hoa[1, 0] > hoa[0, 0] >= 1



def test_postings_weights_are_the_bm25_of_every_section_term():
    """Issue #14 (faster postings): every term's postings, in ascending ids, carry
    round(10 tf (k1+1) / (tf + k1 (1 - b + b len/avg))), at least 1, with the front
    matter words counted on the page's first section, even where that section is
    earlier than the term's other sections ("hoà" below: title and second section only).
    Format 2: ``avg`` is the fixed AVG_SECTION_TERMS (a page's weights do not depend on
    the other pages), postings name (page, section) and come best first."""
    pages = [
        _page("a/", {"title": "Hoà giải"}, ("Mở đầu", "", 1, "lời " * 30), ("II. Hoà giải", "ii", 2, "hoà giải " * 7 + "lời")),
        _page("b/", {}, ("", "", 1, "giải " * 3 + "lời " * 200), ("Lời", "loi", 2, "giải")),
    ]
    refs = [(pid, sec) for pid, p in enumerate(pages) for sec in range(len(p.sections))]
    tfs = [si.section_terms(s)[0] for p in pages for s in p.sections]
    lengths = [si.section_terms(s)[1] for p in pages for s in p.sections]
    for term in si.tokenize("Hoà giải"):
        tfs[0][term] = tfs[0].get(term, 0) + si.META_WEIGHT
    avg = si.AVG_SECTION_TERMS
    expected: dict[str, dict[tuple[int, int], int]] = {}
    for sid, weights in enumerate(tfs):
        norm = si.BM25_K1 * (1 - si.BM25_B + si.BM25_B * lengths[sid] / avg)
        for term, tf in weights.items():
            w = round(si.WEIGHT_SCALE * tf * (si.BM25_K1 + 1) / (tf + norm))
            expected.setdefault(term, {})[refs[sid]] = max(w, 1)
    index = _parse(si.build_index_files(pages))
    raw = {t: si.decode_postings(entry[1]) for shard in index["shards"].values() for t, entry in shard.items()}
    got = {t: {(pid, sec): w for w, pid, sec in p} for t, p in raw.items()}
    assert got == expected
    assert set(got["hoa"]) == {(0, 0), (0, 1)} and got["hoa"][0, 0] > 1
    assert all(p == sorted(p, key=si.rank_key) for p in raw.values())
    assert si.WEIGHT_SCALE * (si.BM25_K1 + 1) < si.MAX_WEIGHT  # BM25 weights need no cap

def test_every_term_is_in_exactly_the_shard_search_js_looks_in():
    words = [f"{a}{b}{c}" for a in "abcdt" for b in "haoe" for c in "nmgt"] + ["t", "th", "tha"]
    pages = [_page(f"p{i}/", {}, ("", "", 1, " ".join(words[i:] + words[:i]))) for i in range(30)]
    files = si.build_index_files(pages, shard_bytes=600)
    index = _parse(files)
    assert len(index["shards"]) > 5, "small limit must split"
    seen = {}
    for k, terms in index["shards"].items():
        for t in terms:
            assert t not in seen
            seen[t] = k
    for t in set(words):
        assert set(_lookup(index, t)) == {(i, 0) for i in range(30)}
    for rel, text in files.items():
        if rel.startswith("t/"):
            assert len(text.encode()) <= 600 or text.count('":[') == 1 or len(index["shards"][rel[2:-3]]) <= 3


def test_long_pages_are_chunked(monkeypatch):
    monkeypatch.setattr(si, "CHUNK_CHARS", 200)  # two 85-character sections per chunk
    page = _page("long/", {}, *[(f"Mục {i}", f"muc-{i}", 2, "chữ " * 20) for i in range(5)])
    index = _parse(si.build_index_files([page]))
    starts = index["rows"][0][7]
    assert starts == [0, 2, 4]
    assert [h for key in ("0-0", "0-1", "0-2") for h, _, _ in index["chunks"][key]] == [f"Mục {i}" for i in range(5)]


def test_read_site_maps_pages_to_urls(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "bao-cao").mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (docs / "bao-cao" / "a.md").write_text("---\ndoc_type: Báo cáo\nnumber: 1-BC/TU\n---\n# A\n", encoding="utf-8")
    (docs / "bao-cao" / "draft.md").write_text("# not built\n", encoding="utf-8")
    for rel in ("index.html", "bao-cao/a/index.html", "bao-cao/a.html", "404.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(MATERIAL_PAGE, encoding="utf-8")
    online = si.read_site(str(site), str(docs), True)
    assert [(p.url, p.meta.get("number")) for p in online] == [("", None), ("bao-cao/a/", "1-BC/TU")]
    offline = si.read_site(str(site), str(docs), False)
    assert [p.url for p in offline] == ["bao-cao/a.html", "index.html"]


def test_a_page_excluded_from_search_by_its_front_matter_is_never_found(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (docs / "a.md").write_text("---\ntitle: A\n---\n# A\n", encoding="utf-8")
    (docs / "b.md").write_text("---\ntitle: B\nsearch:\n  exclude: true\n---\n# B\n", encoding="utf-8")
    for rel in ("a/index.html", "b/index.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(MATERIAL_PAGE, encoding="utf-8")
    pages = si.read_site(str(site), str(docs), True)
    assert [p.url for p in pages] == ["a/", "b/"]  # b keeps its row: page ids do not move
    a, b = (si.page_postings(p) for p in pages)
    assert "kheo" in a
    assert b == {}  # neither its text nor its front matter gives a term


def test_write_index_replaces_the_old_index_whole(tmp_path):
    si.write_index({"manifest.js": "a", "t/0.js": "b", "t/1.js": "c"}, str(tmp_path))
    path = si.write_index({"manifest.js": "A", "t/0.js": "B"}, str(tmp_path))
    assert sorted(os.listdir(os.path.join(path, "t"))) == ["0.js"]
    assert open(os.path.join(path, "manifest.js"), encoding="utf-8").read() == "A"
    assert sorted(os.listdir(os.path.dirname(path))) == ["index"]  # no temporary directory left


def test_marks_class_is_exactly_what_fold_drops():
    body = si.combining_marks_class()
    ranges = re.findall(r"\\u\{([0-9a-f]+)\}(?:-\\u\{([0-9a-f]+)\})?", body)
    dropped = {c for a, b in ranges for c in range(int(a, 16), int(b or a, 16) + 1)}
    assert 0x0301 in dropped and 0x0323 in dropped  # sắc, nặng
    assert all(fold("a" + chr(c)) == "a" for c in sorted(dropped))
    assert fold("a\u0903") != "a"  # a spacing mark that \p{M} would drop but fold keeps



def test_kept_marks_class_equals_a_full_scan_of_unicode():
    """Issue #14: the class is kept per Unicode version instead of scanned in every build; same bytes."""
    scan = unicode_marks.scan_combining_marks()
    assert si.combining_marks_class() == scan
    kept = unicode_marks.KNOWN.get(unicodedata.unidata_version)
    if kept is None:
        pytest.skip(f"Unicode {unicodedata.unidata_version} not kept: add `python -m converters.site.unicode_marks`")
    assert kept == scan


def test_marks_class_of_a_version_not_kept_is_scanned(monkeypatch):
    monkeypatch.setattr(unicode_marks, "KNOWN", {"1.0.0": r"\u{301}"})
    assert unicode_marks.combining_marks_class() == unicode_marks.scan_combining_marks()
    assert unicode_marks.combining_marks_class().startswith(r"\u{300}-\u{34e}")

@pytest.mark.slow
def test_built_site_has_an_index_of_every_report(built_site):
    assert built_site.returncode == 0, built_site.log[-2000:]
    root = built_site.site / "assets" / "search" / "index"
    files = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.js")}
    index = _parse(files)
    urls = {p[0] for p in index["rows"]}
    reports = {str(p.relative_to(built_site.docs).with_suffix("")) + "/" for p in (built_site.docs / "bao-cao").rglob("*.md")}
    assert reports and reports <= urls
    kheo = _lookup(index, "kheo")
    assert kheo, "the samples speak of “Dân vận khéo”"
    texts = [sec for chunk in index["chunks"].values() for sec in chunk]
    assert any("Dân vận khéo" in t for _, _, t in texts)
