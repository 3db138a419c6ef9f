"""The site's search index: folded terms, sharded into small scripts.

Input: a built site (``site_dir``, HTML written by MkDocs + Material) and the
pages it was built from (``docs_dir``, Markdown with YAML front matter).
Output: ``<site_dir>/assets/search/index/``, plain JavaScript files that the
search box (``docs/assets/search/search.js``) loads on demand with
``<script>`` elements -- the one way of loading data that also works from
``file://`` in Chromium, where ``fetch()``, XHR and web workers are blocked
(measured: ``docs/dev/search.md``).

Files written (``N`` = page number, ``K`` = shard number)::

    manifest.js   __bcSearch.manifest({v, marks, sections, pages: [[url,
                  title, doc_type, number, date, province, first_section,
                  n_sections, chunk_starts], ...], shards: {prefix: K, ...}})
    t/K.js        __bcSearch.shard(K, {term: [df, postings], ...})
    c/N-J.js      __bcSearch.chunk("N-J", [[heading, anchor, text], ...]):
                  sections chunk_starts[J] .. chunk_starts[J+1]-1 of page N

A *term* is a token of :func:`converters.lexicon.slugs.fold` output (no diacritics,
``đ`` as ``d``, lower case), so every spelling variant of a word -- with or
without marks, ``uỷ``/``ủy``, any case -- is one term; the JavaScript side
folds queries with the same rule (``fold.js``, tested against
:func:`~converters.lexicon.slugs.fold`).  Document numbers also get one *number key*
term, ``#`` + the folded number without separators (``114-KL/TW`` ->
``#114kltw``), on the page that *is* that document and on every page that
*cites* it (front matter ``number`` and ``cites``), so ``114 kl tw`` and
``114-kl/tw`` find them.

*Postings* are the ids of the sections holding the term, ascending,
delta-coded in base 36, comma-separated, each optionally followed by
``:<weight>`` (base 36) when the weight is not 1.  The weight is BM25's
term-frequency part (occurrences, heading words counting
:data:`HEADING_WEIGHT` times, saturated and normalized by section length)
times :data:`WEIGHT_SCALE`, so search.js scores a section as the sum of
``idf * weight / 10`` over the query's words; number keys keep their raw
weight (:data:`NUMBER_WEIGHT` for the page that is the document,
:data:`CITES_WEIGHT` for a page that cites it).

Shards group terms by folded prefix; a prefix whose terms weigh more than
:data:`SHARD_BYTES` is split by one more character, so a query loads only the
shards of its terms' prefixes (a few tens of kB) however big the corpus.

Pure Python (stdlib + ``converters``): no MkDocs import, so any site
generator's output can be indexed; the MkDocs hook calls
:func:`build_search_index` in ``on_post_build``.
"""

from __future__ import annotations

import collections
import functools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from converters.frontmatter import split_front_matter
from converters.lexicon.slugs import fold
from converters.site.unicode_marks import combining_marks_class as _kept_marks_class

#: Where the index goes, relative to the site directory.
INDEX_DIR = os.path.join("assets", "search", "index")
#: Format version, checked by search.js.
FORMAT_VERSION = 1
#: Target size of one shard file in bytes (a split stops at single terms).
SHARD_BYTES = 96_000
#: Target characters of section text per chunk file (a longer section is one chunk).
CHUNK_CHARS = 12_000
#: Characters of a section kept for snippets (list pages have sections of
#: 100k+ characters; the index itself covers all of it).
SNIPPET_TEXT_CHARS = 30_000
#: A heading word counts this many times (headings name what a section is about).
HEADING_WEIGHT = 4
#: Front matter words (title, type, number, issuers...) weigh this much on the page's first section.
META_WEIGHT = 3
#: Number key of the page's own ``number`` / of each of its ``cites``.
NUMBER_WEIGHT = 40
CITES_WEIGHT = 8
#: BM25 parameters (the usual values) and the integer scale of stored weights.
BM25_K1 = 1.2
BM25_B = 0.75
WEIGHT_SCALE = 10
#: Weights are capped so postings stay short (and one long section cannot win on repetition alone).
MAX_WEIGHT = 1295  # "zz" in base 36

_TOKEN = re.compile(r"[^\W_]+")
_NON_ALNUM = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd br tr td th table blockquote pre section aside figure figcaption hr details summary".split()
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
#: Elements whose text is chrome, not content (permalinks, footnote back-links, edit buttons,
#: the metadata panel: front matter is indexed from the page itself).
_SKIP_CLASSES = frozenset(
    {"headerlink", "footnote-backref", "footnote-ref", "md-content__button", "md-source-file", "baocao-meta"}
)
_SKIP_TAGS = frozenset({"script", "style", "svg", "button", "nav", "template"})
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
#: Section name given to a page's footnote definitions (reader-facing: Vietnamese).
FOOTNOTES_HEADING = "Chú thích"


def tokenize(text: str) -> list[str]:
    """Folded terms of ``text``, in order: runs of letters and digits after :func:`fold`.

    >>> tokenize("Dân vận khéo, Uỷ ban 114-KL/TW")
    ['dan', 'van', 'kheo', 'uy', 'ban', '114', 'kl', 'tw']
    """
    return _TOKEN.findall(fold(text))


def number_key(number: str) -> str:
    """The number-key term of a document number: ``#`` + folded letters and digits.

    Returns ``""`` when nothing is left.

    >>> number_key("114-KL/TW"), number_key("114 kl tw"), number_key("79-CTr/BDVTW-BCSĐCP")
    ('#114kltw', '#114kltw', '#79ctrbdvtwbcsdcp')
    """
    key = _NON_ALNUM.sub("", fold(number))
    return "#" + key if key else ""


# --------------------------------------------------------------------------
# Reading the built HTML
# --------------------------------------------------------------------------


@dataclass
class Section:
    """One searchable part of a page: the text from one heading to the next.

    ``anchor`` is the heading's ``id`` (``""`` for the page top), ``level`` 0-6
    (0 = before any heading), ``text`` the visible text, whitespace collapsed.
    """

    heading: str
    anchor: str
    level: int
    text: str = ""


class _ArticleParser(HTMLParser):
    """Split an article's HTML into :class:`Section` s at ``h1``-``h6``.

    Footnote definitions (``div.footnote``) become one section of their own,
    anchored at the first definition, so a match in a footnote points there.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "", 0)]
        self._parts: list[str] = []
        self._heading: list[str] | None = None
        self._stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self._skip = 0
        self._in_footnotes = False
        self._footnote_depth = 0

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._parts)).strip()
        sec = self.sections[-1]
        sec.text = (sec.text + " " + text).strip() if sec.text else text
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        skip = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES) or "hidden" in a
        if tag not in _VOID_TAGS:
            self._stack.append((tag, skip))
            if skip:
                self._skip += 1
        if self._skip:
            return
        if tag in _HEADINGS and not self._in_footnotes:
            self._flush()
            level = _HEADINGS[tag]
            self.sections.append(Section("", "" if level == 1 else (a.get("id") or ""), level))
            self._heading = []
        elif tag == "div" and "footnote" in classes:
            self._flush()
            self.sections.append(Section(FOOTNOTES_HEADING, "", 6))
            self._in_footnotes = True
            self._footnote_depth = len(self._stack)
        elif tag == "li" and self._in_footnotes and not self.sections[-1].anchor:
            self.sections[-1].anchor = a.get("id") or ""
        if tag in _BLOCK_TAGS:
            self._parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in _BLOCK_TAGS:
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        # Pop to the matching open tag (HTML from Python-Markdown is well formed;
        # this only guards against a stray end tag).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, skipping in self._stack[i:]:
                    if skipping:
                        self._skip -= 1
                del self._stack[i:]
                break
        else:
            return
        if self._skip:
            return
        if tag in _HEADINGS and self._heading is not None:
            self.sections[-1].heading = _SPACE.sub(" ", "".join(self._heading)).strip()
            self._heading = None
        elif self._in_footnotes and len(self._stack) < self._footnote_depth:
            # The footnote div closed: what follows (rarely anything) stays in it.
            self._flush()
            self._in_footnotes = False
        if tag in _BLOCK_TAGS:
            self._parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            self._heading.append(data)
        else:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def extract_sections(html: str) -> list[Section]:
    """Sections of a built page: the text of its ``<article>``, split at headings.

    Input: a whole HTML page (Material puts the content in ``<article>``; a
    page without one is read whole).  Output: sections in page order; the first
    is the text before any heading and is dropped when empty.

    >>> secs = extract_sections('<article><h1 id="t">Báo cáo<a class="headerlink">¶</a></h1>'
    ...     '<p>Mở đầu<sup><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
    ...     '<h2 id="i-ket-qua">I. Kết quả</h2><p>Dân vận khéo</p>'
    ...     '<div class="footnote"><ol><li id="fn:1"><p>Chú 1</p></li></ol></div></article>')
    >>> [(s.heading, s.anchor, s.text) for s in secs]
    [('Báo cáo', '', 'Mở đầu.'), ('I. Kết quả', 'i-ket-qua', 'Dân vận khéo'), ('Chú thích', 'fn:1', 'Chú 1')]
    """
    start = html.find("<article")
    end = html.rfind("</article>")
    if start >= 0 and end > start:
        html = html[start : end + len("</article>")]
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    secs = parser.sections
    if not secs[0].text and len(secs) > 1:
        secs = secs[1:]
    return secs


# --------------------------------------------------------------------------
# Pages of a site
# --------------------------------------------------------------------------


@dataclass
class IndexedPage:
    """A page of the index: where it is, what it is, its sections.

    ``url`` is relative to the site root, as the site links it (``a/b/`` with
    directory URLs, ``a/b.html`` without); ``meta`` is the page's front matter
    (``{}`` for a page without one).
    """

    url: str
    meta: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    #: Per section ``(terms, weights, length)``: :func:`section_terms` with its dict
    #: as parallel tuples (:func:`packed_terms`), when already computed (by
    #: :func:`read_site`, cached or in worker processes); else None.
    terms: list[tuple[tuple[str, ...], tuple[int, ...], int]] | None = None


def section_terms(section: Section) -> tuple[dict[str, int], int]:
    """``({term: weight}, length)`` of one section: heading words count :data:`HEADING_WEIGHT`
    times each, body words once; ``length`` is the number of terms (for BM25)."""
    heading, text = tokenize(section.heading), tokenize(section.text)
    weights: dict[str, int] = {}
    for term in heading:
        weights[term] = weights.get(term, 0) + HEADING_WEIGHT
    for term in text:
        weights[term] = weights.get(term, 0) + 1
    return weights, len(heading) + len(text)


def packed_terms(section: Section) -> tuple[tuple[str, ...], tuple[int, ...], int]:
    """:func:`section_terms` as ``(terms, weights, length)``, the dict split into parallel tuples.

    The form kept in the page cache: unpickling a million dict entries cost
    more than the tuples (issue #14), and the index only iterates them.
    """
    weights, length = section_terms(section)
    return tuple(weights), tuple(weights.values()), length


def _html_path(src: str, use_directory_urls: bool) -> str:
    """Site-relative HTML file MkDocs writes for docs-relative Markdown ``src`` (MkDocs' rule)."""
    stem, _ = os.path.splitext(src)
    head, name = os.path.split(stem)
    if name.lower() in ("index", "readme"):
        return os.path.join(head, "index.html")
    if use_directory_urls:
        return os.path.join(stem, "index.html")
    return stem + ".html"


def _url(html_rel: str, use_directory_urls: bool) -> str:
    url = html_rel.replace(os.sep, "/")
    if use_directory_urls and (url == "index.html" or url.endswith("/index.html")):
        url = url[: -len("index.html")]
    return url


def _front_matter(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        meta, _ = split_front_matter(text)
    except (OSError, UnicodeDecodeError, ValueError, Exception):  # a page without (valid) front matter is still a page
        return {}
    return meta if isinstance(meta, dict) else {}


#: Shape of a cached analysis, in its key: 2 = terms as :func:`packed_terms` tuples.
_ANALYSIS_LAYOUT = 2

#: Analyse pages in worker processes when more than this many are not cached.
PARALLEL_MIN = 50


def _analyze(html_path: str, src_path: str) -> tuple[dict[str, Any], list[Section], list[tuple[tuple[str, ...], tuple[int, ...], int]]]:
    """Front matter, sections and section terms of one built page (the per-page work of the index)."""
    with open(html_path, encoding="utf-8") as fh:
        html = fh.read()
    sections = extract_sections(html)
    return _front_matter(src_path), sections, [packed_terms(sec) for sec in sections]


def _page_key(html_path: str, src_path: str) -> str | None:
    """Cache key of a page: SHA-256 of its ``<article>`` HTML and its Markdown source (None if unreadable)."""
    import hashlib

    try:
        with open(html_path, "rb") as fh:
            html = fh.read()
        with open(src_path, "rb") as fh:
            src = fh.read()
    except OSError:
        return None
    start, end = html.find(b"<article"), html.rfind(b"</article>")
    if start >= 0 and end > start:
        html = html[start:end]  # the navigation around it changes with every added page
    h = hashlib.sha256(f"search-v{FORMAT_VERSION}\0{HEADING_WEIGHT}\0{_ANALYSIS_LAYOUT}\0".encode())
    h.update(len(html).to_bytes(8, "little") + html + src)
    return h.hexdigest()


def read_site(site_dir: str, docs_dir: str, use_directory_urls: bool,
              cache_root: str | None = None, jobs: int | None = None) -> list[IndexedPage]:
    """Every built page of ``site_dir`` with its front matter from ``docs_dir``.

    Pages are the ``*.html`` files MkDocs wrote for a Markdown file of
    ``docs_dir`` (so ``404.html`` and theme files are left out), sorted by URL
    so the index is the same from one build to the next.  ``cache_root`` and
    ``jobs``: see :func:`iter_site`, which this lists.
    """
    return list(iter_site(site_dir, docs_dir, use_directory_urls, cache_root, jobs))


def iter_site(site_dir: str, docs_dir: str, use_directory_urls: bool,
              cache_root: str | None = None, jobs: int | None = None) -> Iterator[IndexedPage]:
    """The pages of :func:`read_site`, one at a time, in URL order (so a caller holds one page's terms at once).

    Speed (issue [5/6]): with ``cache_root`` (the project root) each page's
    analysis (front matter, sections, terms) is kept in
    ``.cache/baocao/v1/search`` keyed by its article HTML and Markdown
    source, so a rebuild analyses only changed pages; the others are
    analysed on ``jobs`` processes (default: every core) when more than
    :data:`PARALLEL_MIN`.  The result is the same either way.
    """
    import pickle

    from converters.site.cache import PageCache, enabled_by_env

    area = "search" if use_directory_urls else "search-html"  # the offline build's links differ
    store = PageCache(cache_root, enabled=enabled_by_env(), area=area) if cache_root else None
    found = []
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            src_path = os.path.join(root, name)
            rel = os.path.relpath(src_path, docs_dir)
            html_rel = _html_path(rel, use_directory_urls)
            html_path = os.path.join(site_dir, html_rel)
            if not os.path.isfile(html_path):
                continue  # excluded from the build (draft, not_in_nav with exclude...)
            found.append((_url(html_rel, use_directory_urls), html_path, src_path))
    found.sort(key=lambda f: f[0])

    keys: list[str | None] = [None] * len(found)
    hit: set[int] = set()
    if store is not None and store.enabled:
        for i, (_, html_path, src_path) in enumerate(found):
            keys[i] = _page_key(html_path, src_path)
            if keys[i] and store.has(keys[i] + ".bin"):
                hit.add(i)
    todo = [i for i in range(len(found)) if i not in hit]
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    pool = None
    results: Iterator[Any] = iter(())
    if workers > 1 and len(todo) > PARALLEL_MIN:
        from converters.site.generate import process_pool

        try:
            pool = process_pool(workers)
            chunk = max(1, len(todo) // (workers * 8))
            results = pool.map(_analyze, [found[i][1] for i in todo], [found[i][2] for i in todo], chunksize=chunk)
        except Exception:  # noqa: BLE001 - no pool: analysed here
            pool = None
    try:
        for i, (url, html_path, src_path) in enumerate(found):
            analysis = None
            if i in hit:
                data = store.get(keys[i])
                try:
                    analysis = pickle.loads(data) if data is not None else None  # noqa: S301 - our own cache
                except Exception:  # noqa: BLE001 - a bad entry is a miss
                    analysis = None
            elif pool is not None:
                try:
                    analysis = next(results)
                except Exception:  # noqa: BLE001 - a broken pool: this one and the rest here
                    pool.shutdown(cancel_futures=True)
                    pool, results = None, iter(())
            fresh = analysis is None or i not in hit
            if analysis is None:
                analysis = _analyze(html_path, src_path)
            if fresh and store is not None and keys[i]:
                store.put(keys[i], pickle.dumps(analysis, pickle.HIGHEST_PROTOCOL))
            yield IndexedPage(url, *analysis)
    except BaseException:  # Ctrl-C (or the consumer stopped): no worker left behind
        if pool is not None:
            from converters.site.generate import stop_pool

            stop_pool(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if store is not None:
        store.prune()


# --------------------------------------------------------------------------
# Building the index
# --------------------------------------------------------------------------


def _meta_text(meta: dict[str, Any]) -> str:
    parts: list[str] = []
    # province_now: an old report is found by the name of the province it is in today.
    for key in ("doc_type", "title", "number", "place", "province", "province_now"):
        value = meta.get(key)
        if isinstance(value, str):
            parts.append(value)
    for item in meta.get("issuers") or []:
        if isinstance(item, str):
            parts.append(item)
    return " ".join(parts)


@functools.lru_cache(maxsize=1 << 16)
def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


class _Base36(dict):
    """``{n: _b36(n)}``, filled on first use (a dict lookup is cheaper than a call, a million times)."""

    def __missing__(self, n: int) -> str:
        self[n] = text = _b36(n)
        return text


_BASE36 = _Base36()
#: Postings suffix of weight ``w`` for ``w`` in ``0..MAX_WEIGHT``: ``""`` for 1 (the default) and 0
#: (BM25 weights below 1 count as 1), else ``":" + base 36``.
_SUFFIX = ["", ""] + [":" + _b36(w) for w in range(2, MAX_WEIGHT + 1)]


def encode_postings(weights: dict[int, int]) -> str:
    """Postings string of ``{section_id: weight}`` (see the module docstring).

    >>> encode_postings({3: 1, 40: 2, 41: 1})
    '3,11:2,1'
    """
    out = []
    prev = 0
    for sid in sorted(weights):
        w = min(weights[sid], MAX_WEIGHT)
        out.append(_BASE36[sid - prev] + (":" + _BASE36[w] if w != 1 else ""))
        prev = sid
    return ",".join(out)


def _encode_bm25(tfs: Iterable[tuple[int, int]], norms: list[float], tf1: list[str], base36: list[str]) -> str:
    """Postings string of ``(section_id, tf)`` pairs (ascending ids), each weighted by BM25's tf part.

    ``norms[sid]`` is the section's length norm; ``tf1[sid]`` the suffix of a
    term that occurs once there (half the entries: computed once per section);
    ``base36[n]`` is ``n`` in base 36 for every ``n`` up to the last id (a list:
    faster than a call or a dict, a million times).  Same result as
    :func:`encode_postings` of the weights of :func:`build_index_files`.
    """
    k1 = BM25_K1 + 1
    out = []
    prev = 0
    for sid, tf in tfs:
        if tf == 1:
            out.append(base36[sid - prev] + tf1[sid])
        else:  # the weight is at most round(WEIGHT_SCALE * k1) < MAX_WEIGHT: no cap needed
            out.append(base36[sid - prev] + _SUFFIX[round(WEIGHT_SCALE * tf * k1 / (tf + norms[sid]))])
        prev = sid
    return ",".join(out)


def decode_postings(text: str) -> dict[int, int]:
    """Inverse of :func:`encode_postings` (used by tests; search.js has its own).

    >>> decode_postings('3,11:2,1')
    {3: 1, 40: 2, 41: 1}
    """
    out: dict[int, int] = {}
    sid = 0
    for item in text.split(","):
        delta, _, w = item.partition(":")
        sid += int(delta, 36)
        out[sid] = int(w, 36) if w else 1
    return out


def _shard(terms: dict[str, str], limit: int) -> dict[str, list[str]]:
    """Group terms by the shortest prefix whose group serializes under ``limit`` bytes.

    Returns ``{prefix: [term, ...]}``.  A term shorter than a split prefix stays
    in the parent prefix's group, so every term has exactly one group: the one
    of the longest prefix in the result that starts it.
    """
    size = {t: len(t) + len(p) + 12 for t, p in terms.items()}
    result: dict[str, list[str]] = {}

    def split(prefix: str, members: list[str]) -> None:
        if sum(size[t] for t in members) <= limit or all(len(t) <= len(prefix) for t in members):
            result[prefix] = members
            return
        n = len(prefix) + 1
        children: dict[str, list[str]] = {}
        here = []
        for t in members:
            if len(t) < n:
                here.append(t)
            else:
                children.setdefault(t[:n], []).append(t)
        if here:
            result[prefix] = here
        for child, group in sorted(children.items()):
            split(child, group)

    top: dict[str, list[str]] = {}
    for t in sorted(terms):
        top.setdefault(t[:1], []).append(t)
    for prefix, group in top.items():
        split(prefix, group)
    return result


@functools.lru_cache(maxsize=1)
def combining_marks_class() -> str:
    r"""The code points :func:`~converters.lexicon.slugs.fold` drops, as a JS ``[...]`` class body.

    ``unicodedata.combining(c) > 0`` differs from the ``\p{M}`` of JavaScript
    regular expressions (spacing marks, some non-spacing marks), so search.js
    takes this exact list from the index to fold queries like the Python did.
    Kept per Unicode version in :mod:`converters.site.unicode_marks` (a scan
    of all of Unicode for a version not kept there).

    >>> combining_marks_class().startswith(r"\u{300}-\u{34e}")
    True
    """
    return _kept_marks_class()


def _js(call: str, *args: Any) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"__bcSearch.{call}({body});\n"


def build_index_files(pages: Iterable[IndexedPage], shard_bytes: int = SHARD_BYTES) -> dict[str, str]:
    """The index as ``{relative path: file text}`` for ``pages`` (pure, no I/O).

    Section ids are global and contiguous per page, in page order.
    """
    postings: dict[str, dict[int, int]] = collections.defaultdict(dict)
    page_rows: list[list[Any]] = []
    files: dict[str, str] = {}
    lengths: list[int] = []  # terms per section, for BM25
    sid = 0

    unsorted: set[str] = set()  # terms whose section ids were not added in ascending order

    def add(term: str, section: int, weight: int) -> None:
        bucket = postings[term]
        if section in bucket:
            bucket[section] += weight
        else:
            if bucket and next(reversed(bucket)) > section:
                unsorted.add(term)
            bucket[section] = weight

    for n, page in enumerate(pages):
        meta = page.meta
        sections = page.sections or [Section("", "", 0)]
        title = meta.get("title") if isinstance(meta.get("title"), str) else ""
        h1 = next((s.heading for s in sections if s.level == 1 and s.heading), "")
        first = sid
        chunk: list[list[str]] = []
        chunk_size = 0
        chunk_starts = [0]
        terms = page.terms if page.terms is not None and len(page.terms) == len(sections) else None
        for i, s in enumerate(sections):
            if terms is not None:
                keys, values, length = terms[i]
            else:
                weights, length = section_terms(s)
                keys, values = weights.keys(), weights.values()
            for term, weight in zip(keys, values):  # add() inlined: a term occurs once per section here
                postings[term][sid] = weight
            lengths.append(length)
            size = len(s.heading) + min(len(s.text), SNIPPET_TEXT_CHARS)
            if chunk and chunk_size + size > CHUNK_CHARS:
                files[f"c/{n}-{len(chunk_starts) - 1}.js"] = _js("chunk", f"{n}-{len(chunk_starts) - 1}", chunk)
                chunk, chunk_size = [], 0
                chunk_starts.append(i)
            chunk.append([s.heading, s.anchor, s.text[:SNIPPET_TEXT_CHARS]])
            chunk_size += size
            sid += 1
        files[f"c/{n}-{len(chunk_starts) - 1}.js"] = _js("chunk", f"{n}-{len(chunk_starts) - 1}", chunk)
        for term in tokenize(_meta_text(meta)):
            add(term, first, META_WEIGHT)
        number = meta.get("number")
        if isinstance(number, str) and number_key(number):
            add(number_key(number), first, NUMBER_WEIGHT)
        for cited in meta.get("cites") or []:
            if isinstance(cited, str) and number_key(cited) and cited != number:
                add(number_key(cited), first, CITES_WEIGHT)
        date = meta.get("date")
        page_rows.append(
            [
                page.url,
                h1 or title or page.url,
                meta.get("doc_type") if isinstance(meta.get("doc_type"), str) else None,
                number if isinstance(number, str) else None,
                str(date) if date else None,
                meta.get("province") if isinstance(meta.get("province"), str) else None,
                first,
                len(sections),
                chunk_starts,
            ]
        )

    # BM25 term-frequency saturation and length normalization, done here so
    # the browser only multiplies by idf: weight = round(10 * tf(k1+1) /
    # (tf + k1(1 - b + b len/avg))), 1..22.  Number keys keep their raw weight.
    avg = sum(lengths) / len(lengths) if lengths else 1.0
    norms = [BM25_K1 * (1 - BM25_B + BM25_B * n / avg) for n in lengths]  # per section, once
    tf1 = [_SUFFIX[round(WEIGHT_SCALE * 1 * (BM25_K1 + 1) / (1 + norm))] for norm in norms]
    base36 = [_b36(n) for n in range(len(lengths) + 1)]
    encoded = {}
    for term, bucket in postings.items():
        if term.startswith("#"):
            encoded[term] = encode_postings(bucket)
        else:  # ids ascending as added, but for a front matter word added to an earlier section
            items = sorted(bucket.items()) if term in unsorted else bucket.items()
            encoded[term] = _encode_bm25(items, norms, tf1, base36)
    groups = _shard(encoded, shard_bytes)
    shard_ids: dict[str, int] = {}
    for k, (prefix, terms) in enumerate(sorted(groups.items())):
        shard_ids[prefix] = k
        files[f"t/{k}.js"] = _js("shard", k, {t: [len(postings[t]), encoded[t]] for t in terms})
    manifest = {"v": FORMAT_VERSION, "marks": combining_marks_class(), "sections": sid, "pages": page_rows, "shards": shard_ids}
    files["manifest.js"] = _js("manifest", manifest)
    return files


def write_index(files: dict[str, str], site_dir: str) -> str:
    """Write ``files`` to ``<site_dir>/assets/search/index`` atomically; return that path.

    The files go to a temporary sibling directory first, which then replaces
    the old index in one rename, so a reader never sees half an index.
    """
    target = os.path.join(site_dir, INDEX_DIR)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".index-", dir=parent)
    try:
        for rel, text in files.items():
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        os.chmod(tmp, 0o755)
        old = None
        if os.path.exists(target):
            old = tempfile.mkdtemp(prefix=".old-", dir=parent)
            os.rmdir(old)
            os.replace(target, old)
        os.replace(tmp, target)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def build_search_index(site_dir: str, docs_dir: str, use_directory_urls: bool = True,
                       cache_root: str | None = None) -> dict[str, Any]:
    """Index a built site: read it, build the shards, write them; return figures.

    Input: the site directory MkDocs wrote, the docs directory it read, and
    whether it used directory URLs.  Output: ``{"pages", "sections", "terms",
    "shards", "bytes", "largest_shard_bytes", "manifest_bytes", "path"}``
    (sizes in bytes).  Raises ``OSError`` when ``site_dir`` cannot be written.
    ``cache_root``: the project root, to reuse per-page analyses (see :func:`read_site`).
    """
    counts = {"pages": 0, "sections": 0}

    def counted(pages: Iterator[IndexedPage]) -> Iterator[IndexedPage]:
        for page in pages:  # streamed: one page's analysis in memory at a time
            counts["pages"] += 1
            counts["sections"] += len(page.sections)
            yield page

    files = build_index_files(counted(iter_site(site_dir, docs_dir, use_directory_urls, cache_root=cache_root)))
    path = write_index(files, site_dir)
    shards = [len(v.encode()) for k, v in files.items() if k.startswith("t/")]
    return {
        "pages": counts["pages"],
        "sections": counts["sections"],
        "terms": sum(v.count('":[') for k, v in files.items() if k.startswith("t/")),
        "shards": len(shards),
        "bytes": sum(len(v.encode()) for v in files.values()),
        "largest_shard_bytes": max(shards, default=0),
        "manifest_bytes": len(files["manifest.js"].encode()),
        "path": path,
    }

