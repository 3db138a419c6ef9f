"""The site's search index: folded terms, sharded into small scripts.

Input: a built site (``site_dir``, HTML written by MkDocs + Material) and the
pages it was built from (``docs_dir``, Markdown with YAML front matter).
Output: ``<site_dir>/assets/search/index/``, plain JavaScript files that the
search box (``docs/assets/search/search.js``) loads on demand with
``<script>`` elements -- the one way of loading data that also works from
``file://`` in Chromium, where ``fetch()``, XHR and web workers are blocked
(measured: ``docs/dev/search.md``).

Files written (format 3; ``P`` = page id, the page's position in URL order;
``G`` = ``P // PAGE_GROUP``; ``NAME`` = :func:`shard_name` of a prefix)::

    manifest.js   __bcSearch.manifest({v, marks, sections, pages, reports, group,
                  head, avg, shards: {prefix: NAME, ...}})
    p/G.js        __bcSearch.pages(G, [[url, title, doc_type, number, date,
                  province, n_sections, chunk_starts], ...])
    t/NAME.js     __bcSearch.shard(NAME, {term: [df, head postings(, TAIL)], ...})
    u/TAIL-K.js   __bcSearch.tail("TAIL-K", postings): tail page K (0, 1, ...) of one
                  term, the postings past its head (TAIL = :func:`tail_name`,
                  pages: :func:`tail_bounds`); loaded on demand, page by page
    c/P-J.js      __bcSearch.chunk("P-J", [[heading, anchor, text], ...]):
                  sections chunk_starts[J] .. chunk_starts[J+1]-1 of page P

``sections`` is the number of sections (BM25's N), ``reports`` one character
per page, ``1`` for a report (a page with a ``doc_type``), else ``0``.

A *term* is a token of :func:`converters.lexicon.slugs.fold` output (no diacritics,
``đ`` as ``d``, lower case), so every spelling variant of a word -- with or
without marks, ``uỷ``/``ủy``, any case -- is one term; the JavaScript side
folds queries with the same rule (``search.js``, tested against
:func:`~converters.lexicon.slugs.fold`).  Document numbers also get one *number key*
term, ``#`` + the folded number without separators (``114-KL/TW`` ->
``#114kltw``), on the page that *is* that document and on every page that
*cites* it (front matter ``number`` and ``cites``), so ``114 kl tw`` and
``114-kl/tw`` find them.

A *posting* is ``(weight, page id, section in page)``.  A term's postings are
ordered best first (:func:`rank_key`: weight descending, then page, section)
and written as weight groups ``w:ref,ref;w:ref`` (base 36), a *ref* being the
page id's difference from the previous ref of its group and ``.section``
when the section is not 0 (:func:`encode_postings`).  The shard holds the first
:data:`HEAD_POSTINGS` (``df`` says how many there are in all), so a query reads
at most a few hundred postings per word however big the corpus.  The rest, still
best first, is cut into *tail pages* of growing size (:func:`tail_bounds`): page
``K`` holds the next ``HEAD_POSTINGS * 2**(K+1)`` postings (the last one what is
left), each page encoded on its own (a weight group cut by a page boundary starts
again from page id 0), so a term of ``df`` postings has about ``log2(df /
HEAD_POSTINGS)`` pages and search.js, when the heads find too few pages, reads
the next page of each cut term, round by round, until the results fill the list
(issue #14: format 2 had one tail file per term, read whole: 4.6-5.8 MB per
query of several common words at 10,000 reports).  The weight is BM25's term-frequency part (occurrences,
heading words counting :data:`HEADING_WEIGHT` times, saturated and normalized
by section length against the fixed :data:`AVG_SECTION_TERMS`) times
:data:`WEIGHT_SCALE`, so search.js scores a section as the sum of ``idf *
weight / 10`` over the query's words; number keys keep their raw weight
(:data:`NUMBER_WEIGHT` for the page that is the document,
:data:`CITES_WEIGHT` for a page that cites it).

Nothing a page contributes depends on another page (ids are per page, the
length norm is fixed, shard names do not depend on the other shards), so an
edited page changes only its chunks, its row group, the shards and tail pages
of the terms whose postings on it changed (a tail page only from the place of a
changed posting on), and the manifest:
:mod:`converters.site.search_update` rewrites just those.

Shards group terms by folded prefix; a prefix whose terms' heads weigh more than
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
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from converters.frontmatter import split_front_matter
from converters.lexicon.slugs import fold
from converters.site.unicode_marks import combining_marks_class as _kept_marks_class

#: Where the index goes, relative to the site directory.
INDEX_DIR = os.path.join("assets", "search", "index")
#: Format version, checked by search.js.
FORMAT_VERSION = 3
#: Version of a page's analysis (sections, terms) in its cache key: 2 since format 2, unchanged
#: by format 3 (which only cut the tails into pages), so the cached analyses stay valid.
_ANALYSIS_VERSION = 2
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
#: BM25's average section length, fixed (issue #14): normalizing by the corpus-wide average
#: changed every section's weight, and so every shard, whenever one page changed.  About the
#: middle of the sample site's average section (209 terms) and the synthetic corpora's (306).
AVG_SECTION_TERMS = 250
#: Postings of a term in its shard (``t/``), best first; the rest are in its tail pages (``u/``,
#: :func:`tail_bounds`), loaded only when the reader asks for more results (or the first ones
#: are too few: then page by page).
HEAD_POSTINGS = 300
#: Page rows per ``p/G.js`` file (loaded for the pages shown).
PAGE_GROUP = 32
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


#: Terms of one section as :func:`packed_terms` gives them.
Packed = tuple[tuple[str, ...], tuple[int, ...], int]


def _analyze(html_path: str, src_path: str,
             known: dict[tuple[str, str], Packed] | None = None) -> tuple[dict[str, Any], list[Section], list[Packed]]:
    """Front matter, sections and section terms of one built page (the per-page work of the index).

    ``known``: :func:`packed_terms` already computed, by ``(heading, text)`` of their section (the
    same terms whatever the anchor and level); a section found there is not tokenized again.
    """
    meta = _front_matter(src_path)
    if excluded(meta):
        return {}, [], []  # kept as a row (page ids stay as they are), with no terms: never found
    with open(html_path, encoding="utf-8") as fh:
        html = fh.read()
    sections = extract_sections(html)
    if not known:
        return meta, sections, [packed_terms(sec) for sec in sections]
    terms = []
    for sec in sections:
        packed = known.get((sec.heading, sec.text))
        terms.append(packed if packed is not None else packed_terms(sec))
    return meta, sections, terms


def excluded(meta: dict[str, Any]) -> bool:
    """Whether a page's front matter keeps it out of search: ``search: {exclude: true}``, the key
    Material for MkDocs' search plugin reads (https://squidfunk.github.io/mkdocs-material/setup/
    setting-up-site-search/#search-exclusion), so the page is left out whichever index the site uses.
    """
    search = meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True


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
    h = hashlib.sha256(f"search-v{_ANALYSIS_VERSION}\0{HEADING_WEIGHT}\0{_ANALYSIS_LAYOUT}\0".encode())
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
    from converters.site.cache import PageCache, enabled_by_env

    area = "search" if use_directory_urls else "search-html"  # the offline build's links differ
    store = PageCache(cache_root, enabled=enabled_by_env(), area=area) if cache_root else None
    found = find_pages(site_dir, docs_dir, use_directory_urls)
    keys: list[str | None] = [None] * len(found)
    if store is not None and store.enabled:
        keys = [_page_key(html_path, src_path) for _, html_path, src_path in found]
    yield from iter_pages(found, keys, store, jobs)
    if store is not None:
        store.prune()


def find_pages(site_dir: str, docs_dir: str, use_directory_urls: bool,
               stats: list[tuple[int, ...]] | None = None) -> list[tuple[str, str, str]]:
    """``[(url, html_path, src_path), ...]`` of the built pages, in URL order (see :func:`read_site`).

    ``stats``: a list to receive, in the same order, each page's ``(mtime_ns, size, inode)``
    of its HTML then of its Markdown file (one ``stat`` each, the HTML's being the check that it exists).
    """
    found = []
    pairs = []
    base = os.path.join(docs_dir, "")
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_root = root[len(base):] if root.startswith(base) else os.path.relpath(root, docs_dir)
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            src_path = root + os.sep + name
            html_rel = _html_path(rel_root + os.sep + name if rel_root and rel_root != "." else name, use_directory_urls)
            html_path = os.path.join(site_dir, html_rel)
            try:
                st = os.stat(html_path)
            except OSError:
                continue  # excluded from the build (draft, not_in_nav with exclude...)
            if not stat.S_ISREG(st.st_mode):
                continue
            found.append((_url(html_rel, use_directory_urls), html_path, src_path))
            if stats is not None:
                try:
                    sst = os.stat(src_path)
                    pairs.append((st.st_mtime_ns, st.st_size, st.st_ino, sst.st_mtime_ns, sst.st_size, sst.st_ino))
                except OSError:
                    pairs.append(None)
    order = sorted(range(len(found)), key=lambda i: found[i][0])
    if stats is not None:
        stats[:] = [pairs[i] for i in order]
    return [found[i] for i in order]


def iter_pages(found: list[tuple[str, str, str]], keys: list[str | None], store: Any, jobs: int | None = None,
               known: dict[tuple[str, str], Packed] | None = None) -> Iterator[IndexedPage]:
    """The :class:`IndexedPage` of each of ``found`` (:func:`find_pages`), analysed or from ``store``
    (a ``PageCache`` or None) under ``keys`` (None: not cached); no pruning.  ``known``: section
    terms already computed, for the pages analysed in this process (see :func:`_analyze`)."""
    import pickle

    hit: set[int] = set()
    if store is not None and store.enabled:
        for i, key in enumerate(keys):
            if key and store.has(key + ".bin"):
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
                analysis = _analyze(html_path, src_path, known)
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

#: A posting: ``(weight, page_id, section)``, ``section`` counted from 0 within the page.
Posting = tuple[int, int, int]


def bm25_weight(tf: int, norm: float) -> int:
    """Stored weight of a word occurring ``tf`` times in a section of length norm ``norm``.

    ``round(WEIGHT_SCALE * tf (k1 + 1) / (tf + norm))``, at least 1, where ``norm =
    k1 (1 - b + b len / AVG_SECTION_TERMS)`` (:func:`length_norm`): BM25's term-frequency part.
    """
    return max(1, round(WEIGHT_SCALE * tf * (BM25_K1 + 1) / (tf + norm)))


def length_norm(length: int) -> float:
    """BM25's length normalization of a section of ``length`` terms, against the fixed
    :data:`AVG_SECTION_TERMS` (a corpus-wide average would change every weight on any edit)."""
    return BM25_K1 * (1 - BM25_B + BM25_B * length / AVG_SECTION_TERMS)


def page_postings(page: IndexedPage) -> dict[str, list[tuple[int, int]]]:
    """``{term: [(section, weight), ...]}`` of one page, sections ascending (pure; the page's
    whole contribution to the index, independent of every other page).

    Words: :func:`bm25_weight` of their count (heading words :data:`HEADING_WEIGHT` times,
    front matter words :data:`META_WEIGHT` times on the first section).  Number keys: raw
    :data:`NUMBER_WEIGHT` (the page's own ``number``) and :data:`CITES_WEIGHT` per cited
    number, on the first section, capped at :data:`MAX_WEIGHT`.
    """
    meta = page.meta
    sections = page.sections or [Section("", "", 0)]
    terms = page.terms if page.terms is not None and len(page.terms) == len(sections) else [packed_terms(s) for s in sections]
    out: dict[str, list[tuple[int, int]]] = {}
    extra: dict[str, int] = {}
    for term in tokenize(_meta_text(meta)):
        extra[term] = extra.get(term, 0) + META_WEIGHT
    for i, (keys, values, length) in enumerate(terms):
        norm = length_norm(length)
        weight_of: dict[int, int] = {}  # tf -> weight in this section: most terms share a few small counts
        if i == 0 and extra:
            tfs = dict(zip(keys, values))
            for term, add in extra.items():
                tfs[term] = tfs.get(term, 0) + add
            items: Iterable[tuple[str, int]] = tfs.items()
        else:
            items = zip(keys, values)
        for term, tf in items:
            w = weight_of.get(tf)
            if w is None:
                w = weight_of[tf] = bm25_weight(tf, norm)
            bucket = out.get(term)
            if bucket is None:
                out[term] = [(i, w)]
            else:
                bucket.append((i, w))
    keys_: dict[str, int] = {}
    number = meta.get("number")
    if isinstance(number, str) and number_key(number):
        keys_[number_key(number)] = NUMBER_WEIGHT
    for cited in meta.get("cites") or []:
        if isinstance(cited, str) and number_key(cited) and cited != number:
            keys_[number_key(cited)] = keys_.get(number_key(cited), 0) + CITES_WEIGHT
    for key, w in keys_.items():
        out[key] = [(0, min(w, MAX_WEIGHT))]
    return out


def rank_key(p: Posting) -> tuple[int, int, int]:
    """Order of postings in the index: weight descending, then page, then section."""
    return (-p[0], p[1], p[2])


def encode_postings(postings: list[Posting]) -> str:
    """Postings string of ``postings`` in :func:`rank_key` order (see the module docstring).

    >>> encode_postings([(12, 3, 0), (12, 40, 2), (1, 5, 0)])
    'c:3,11.2;1:5'
    """
    out = []
    group: list[str] = []
    weight = None
    prev = 0
    b36 = _BASE36
    for w, pid, sec in postings:
        if w != weight:
            if group:
                out.append(b36[weight] + ":" + ",".join(group))
            group, weight, prev = [], w, 0
        group.append(b36[pid - prev] + ("." + b36[sec] if sec else ""))
        prev = pid
    if group:
        out.append(b36[weight] + ":" + ",".join(group))
    return ";".join(out)


def decode_postings(text: str) -> list[Posting]:
    """Inverse of :func:`encode_postings` (used by the incremental update and tests; search.js has its own).

    >>> decode_postings('c:3,11.2;1:5')
    [(12, 3, 0), (12, 40, 2), (1, 5, 0)]
    """
    out: list[Posting] = []
    if not text:
        return out
    for group in text.split(";"):
        w36, _, refs = group.partition(":")
        w = int(w36, 36)
        pid = 0
        for ref in refs.split(","):
            delta, _, sec = ref.partition(".")
            pid += int(delta, 36)
            out.append((w, pid, int(sec, 36) if sec else 0))
    return out


def tail_bounds(df: int, head: int) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` of the tail pages of a term of ``df`` postings whose shard holds
    the first ``head``: page ``k`` holds ``head * 2**(k+1)`` postings (the last one the rest).

    Doubling pages keep the rounds of reading (one page of each cut term a round, in search.js)
    and the files of a term logarithmic in ``df``, and the postings read at most about twice
    those needed; search.js computes the same bounds from ``df`` and the manifest's ``head``.

    >>> tail_bounds(300, 300), tail_bounds(1000, 300)
    ([], [(300, 900), (900, 1000)])
    >>> [e - s for s, e in tail_bounds(20_000, 100)]
    [200, 400, 800, 1600, 3200, 6400, 7300]
    """
    out = []
    start, size = head, 2 * head
    while start < df:
        out.append((start, min(df, start + size)))
        start += size
        size *= 2
    return out


def term_entry(postings: list[Posting], head: int, term: str = "") -> tuple[list[Any], list[str]]:
    """``([df, head postings], [])`` of one term's postings (sorted by :func:`rank_key`), or
    ``([df, head postings, tail file name], [page postings, ...])`` when there are more than
    ``head``: the tail pages of :func:`tail_bounds`, each encoded on its own."""
    if len(postings) <= head:
        return [len(postings), encode_postings(postings)], []
    pages = [encode_postings(postings[s:e]) for s, e in tail_bounds(len(postings), head)]
    return [len(postings), encode_postings(postings[:head]), tail_name(term)], pages


def tail_name(term: str) -> str:
    """File name (without ``.js``) of ``term``'s tail in ``u/``: one file per term, so reading
    the rest of one word's postings loads that word's alone."""
    import hashlib

    return hashlib.sha1(("tail\0" + term).encode("utf-8")).hexdigest()[:12]


def tail_file(term: str, k: int, page: str) -> tuple[str, str]:
    """``(path, text)`` of tail page ``k`` of ``term`` (postings string ``page``): ``u/TAIL-k.js``."""
    name = f"{tail_name(term)}-{k}"
    return f"u/{name}.js", _js("tail", name, page)


def shard_name(prefix: str) -> str:
    """File name (without ``.js``) of the shard of ``prefix``: stable whatever other shards exist.

    >>> shard_name("th") == shard_name("th") != shard_name("t")
    True
    """
    import hashlib

    return hashlib.sha1(prefix.encode("utf-8")).hexdigest()[:12]


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


def page_parts(pid: int, page: IndexedPage) -> tuple[list[Any], dict[str, str]]:
    """``(row, chunk files)`` of page ``pid``: its row of ``p/G.js`` and its ``c/PID-J.js`` files."""
    meta = page.meta
    sections = page.sections or [Section("", "", 0)]
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    h1 = next((s.heading for s in sections if s.level == 1 and s.heading), "")
    files: dict[str, str] = {}
    chunk: list[list[str]] = []
    chunk_size = 0
    chunk_starts = [0]
    for i, s in enumerate(sections):
        size = len(s.heading) + min(len(s.text), SNIPPET_TEXT_CHARS)
        if chunk and chunk_size + size > CHUNK_CHARS:
            files[f"c/{pid}-{len(chunk_starts) - 1}.js"] = _js("chunk", f"{pid}-{len(chunk_starts) - 1}", chunk)
            chunk, chunk_size = [], 0
            chunk_starts.append(i)
        chunk.append([s.heading, s.anchor, s.text[:SNIPPET_TEXT_CHARS]])
        chunk_size += size
    files[f"c/{pid}-{len(chunk_starts) - 1}.js"] = _js("chunk", f"{pid}-{len(chunk_starts) - 1}", chunk)
    number, date = meta.get("number"), meta.get("date")
    row = [
        page.url,
        h1 or title or page.url,
        meta.get("doc_type") if isinstance(meta.get("doc_type"), str) else None,
        number if isinstance(number, str) else None,
        str(date) if date else None,
        meta.get("province") if isinstance(meta.get("province"), str) else None,
        len(sections),
        chunk_starts,
    ]
    return row, files


def page_group_file(group: int, rows: list[list[Any]]) -> tuple[str, str]:
    """``(path, text)`` of ``p/G.js``: the rows of pages ``G * PAGE_GROUP`` .. ``+ PAGE_GROUP - 1``."""
    return f"p/{group}.js", _js("pages", group, rows[group * PAGE_GROUP : (group + 1) * PAGE_GROUP])


def shard_file(prefix: str, terms: Iterable[str], entries: dict[str, list[Any]]) -> tuple[str, str]:
    """``(path, text)`` of ``t/NAME.js``, the shard of ``prefix`` holding ``terms``."""
    name = shard_name(prefix)
    return f"t/{name}.js", _js("shard", name, {t: entries[t] for t in sorted(terms)})


def manifest_file(rows: list[list[Any]], prefixes: Iterable[str]) -> str:
    """Text of ``manifest.js`` for page ``rows`` (None: the id of a removed page, see
    ``search_update``) and shard ``prefixes``."""
    manifest = {
        "v": FORMAT_VERSION,
        "marks": combining_marks_class(),
        "sections": sum(r[6] for r in rows if r is not None),
        "pages": len(rows),
        "reports": "".join("1" if r is not None and r[2] else "0" for r in rows),
        "group": PAGE_GROUP,
        "head": HEAD_POSTINGS,
        "avg": AVG_SECTION_TERMS,
        "shards": {p: shard_name(p) for p in sorted(prefixes)},
    }
    return _js("manifest", manifest)


@dataclass
class IndexState:
    """What an incremental update needs of the last build (kept beside the cache, see ``search_update``).

    ``rows``: page rows by page id; ``prefixes``: shard prefixes; ``urls``/``keys``/``stats``:
    page URLs, analysis cache keys and file stats by page id (filled by the caller).
    """

    rows: list[list[Any]]
    prefixes: list[str]
    urls: list[str] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)
    stats: list[Any] = field(default_factory=list)
    config: str = ""


#: Layout of the files within the format (3: tail pages of doubling size per term), in the update's config key.
_INDEX_LAYOUT = 3


def config_key(shard_bytes: int = SHARD_BYTES) -> str:
    """Every constant the index files depend on: an update is done only when it is unchanged."""
    return json.dumps([FORMAT_VERSION, _INDEX_LAYOUT, SHARD_BYTES if shard_bytes is None else shard_bytes, CHUNK_CHARS, SNIPPET_TEXT_CHARS,
                       HEADING_WEIGHT, META_WEIGHT, NUMBER_WEIGHT, CITES_WEIGHT, BM25_K1, BM25_B, WEIGHT_SCALE,
                       AVG_SECTION_TERMS, HEAD_POSTINGS, PAGE_GROUP, combining_marks_class()])


def build_index(pages: Iterable[IndexedPage], shard_bytes: int = SHARD_BYTES) -> tuple[dict[str, str], IndexState]:
    """The index as ``{relative path: file text}`` for ``pages`` (page id = position), and its state."""
    postings: dict[str, list[Posting]] = collections.defaultdict(list)
    rows: list[list[Any]] = []
    files: dict[str, str] = {}
    for pid, page in enumerate(pages):
        row, chunk_files = page_parts(pid, page)
        rows.append(row)
        files.update(chunk_files)
        for term, items in page_postings(page).items():
            bucket = postings[term]
            for sec, w in items:
                bucket.append((w, pid, sec))
    entries: dict[str, list[Any]] = {}
    for term, items in postings.items():
        items.sort(key=rank_key)
        entries[term], pages = term_entry(items, HEAD_POSTINGS, term)
        for k, page in enumerate(pages):
            path, text = tail_file(term, k, page)
            files[path] = text
    groups = _shard({t: e[1] for t, e in entries.items()}, shard_bytes)
    for prefix, terms in groups.items():
        path, text = shard_file(prefix, terms, entries)
        files[path] = text
    for g in range((len(rows) + PAGE_GROUP - 1) // PAGE_GROUP):
        path, text = page_group_file(g, rows)
        files[path] = text
    files["manifest.js"] = manifest_file(rows, groups)
    return files, IndexState(rows, sorted(groups), config=config_key(shard_bytes))


def build_index_files(pages: Iterable[IndexedPage], shard_bytes: int = SHARD_BYTES) -> dict[str, str]:
    """The index as ``{relative path: file text}`` for ``pages`` (pure, no I/O): :func:`build_index` without the state."""
    return build_index(pages, shard_bytes)[0]


def write_index(files: dict[str, str], site_dir: str) -> str:
    """Write ``files`` to ``<site_dir>/assets/search/index`` atomically; return that path.

    The files go to a temporary sibling directory first, which then replaces
    the old index in one rename, so a reader never sees half an index.
    """
    def fill(tmp: str) -> None:
        for rel, text in files.items():
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)

    return swap_in(os.path.join(site_dir, INDEX_DIR), fill)


def swap_in(target: str, fill: Callable[[str], None]) -> str:
    """Replace the directory ``target`` by one that ``fill(tmp)`` writes; return ``target``.

    ``tmp`` is a new sibling of ``target``, renamed onto it only once ``fill``
    returned (the old one moved aside first, then removed), so a reader never
    sees half a directory; on any error ``tmp`` is removed and ``target`` kept.
    """
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".index-", dir=parent)
    try:
        fill(tmp)
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
    The build's own stage updates the last index instead
    (:func:`converters.site.search_update.update_search_index`).
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
