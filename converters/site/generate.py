"""Convert ``raw/`` into the site's ``docs/`` and build it (``baocao build``).

:func:`generate` is the one code path from raw reports to the Markdown pages
MkDocs (or Zensical) builds: the MkDocs hook (``mkdocs_hook.py``) calls it
before each build, ``baocao build`` calls it and then runs ``mkdocs build``.

URL scheme (docs-relative paths; MkDocs serves ``x/y.md`` at ``x/y/``, the
offline bundle at ``x/y.html``):

- report: ``bao-cao/<province>/<year>-<type>-<number>.md`` (see :func:`page_path`);
- cited document: ``van-ban/<citation slug>.md``, index ``van-ban/index.md``,
  lists by type and year ``van-ban/danh-muc/<type slug>-<year>.md``;
- browse: ``duyet/index.md`` (the newest), ``duyet/{tinh,nam,loai,co-quan}/index.md``
  and ``duyet/<facet>/<value slug>.md``;
- editors: ``bien-tap.md`` (counts, errors, provinces) and ``bien-tap/<province folder>.md``;
- home ``index.md``, glossary ``viet-tat.md``, ``catalog.json``.

Those are generated (git-ignored) and rewritten only when their text
changes, so ``mkdocs serve`` does not loop; generated files no longer
produced (a raw file deleted) are removed.  Hand-written pages
(``gioi-thieu.md``, ``assets/``) are never touched.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import posixpath
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from converters.site.cache import PageCache, converter_fingerprint, enabled_by_env, render_name
from converters.site.incremental import OutputManifest, input_key, text_key
from converters.site.catalog import CitedDocument, Catalog, Mention, ReportEntry, mention_record, report_key
from converters.site.catalog_file import (
    PARTS_MIN,
    CatalogLayout,
    CatalogPieces,
    MentionMaps,
    Parts,
    catalog_bytes,
    write_pieces,
)
from converters.site.fsutil import write_atomic, write_if_changed
from converters.site.report_panel import insert_download, insert_panel
from converters.lexicon.slugs import slugify


#: Generated directories and files under docs/ (what stale-page removal may delete).
GENERATED_DIRS = ("bao-cao", "van-ban", "duyet", "bien-tap")
GENERATED_FILES = ("index.md", "viet-tat.md", "catalog.json", "bien-tap.md", "feed.xml")

#: Environment variable ``baocao build`` sets so the hook does not convert twice.
FRESH_ENV = "BAOCAO_DOCS_FRESH"

#: Longest title slug in a report URL (characters; cut at a word boundary).
TITLE_SLUG_LENGTH = 60

#: Convert in parallel only above this many files to convert: starting the
#: worker processes (~0.3-0.5 s on 2 cores) must pay off.
PARALLEL_MIN = 20


@dataclass
class DocResult:
    """Outcome for one raw file.

    ``source`` is repository-relative, ``path`` the docs-relative page (None
    when conversion failed), ``warnings`` the converter's warnings for this
    document, ``error`` the reason it failed (None on success).
    """

    source: str
    path: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class SiteResult:
    """Outcome of :func:`generate`.

    ``docs`` one :class:`DocResult` per raw file (sorted by source);
    ``written`` / ``removed`` docs-relative paths of files written / deleted
    in this run; ``catalog`` the :class:`~converters.site.catalog.Catalog`
    (None after the quick path, ``quick.py``, which builds none).
    """

    docs: list[DocResult] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    catalog: Catalog | None = None

    @property
    def failed(self) -> list[DocResult]:
        """Raw files that could not be converted."""
        return [d for d in self.docs if d.error]

    @property
    def warned(self) -> list[DocResult]:
        """Converted documents that carry warnings."""
        return [d for d in self.docs if d.warnings and not d.error]

    def messages(self) -> list[str]:
        """One line per problem, ``<source>: <message>`` (for logs)."""
        out = [f"{d.source}: conversion failed: {d.error}" for d in self.failed]
        out += [f"{d.source}: {w}" for d in self.warned for w in d.warnings]
        return out


def page_path(meta: dict[str, Any]) -> str:
    """Docs-relative page path of a report, from its front matter alone.

    ``bao-cao/<folder>/<year>-<doc type slug>-<number slug>.md``, the folder being the
    province's slug, ``trung-uong`` for a central body's report, ``khong-ro`` when the
    province is unknown (:func:`converters.site.pages.province_folder`);
    without a number the title's slug (at most :data:`TITLE_SLUG_LENGTH`
    characters) stands in; without a date the year is left out.  Stable:
    it depends on the metadata, never on the raw file's name.  Collisions
    between reports are settled by :func:`assign_paths`.

    >>> page_path({"province": "Kiên Giang", "date": "2018-05-10", "doc_type": "Báo cáo", "number": "111-BC/BDV-BCSĐ"})
    'bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md'
    >>> page_path({"province": None, "date": None, "doc_type": "Báo cáo", "number": None, "title": "tổng kết công tác dân vận năm 2020"})
    'bao-cao/khong-ro/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.md'
    >>> page_path({"province": None, "issuers": ["Văn phòng Chính phủ"], "date": "2025-11-19", "doc_type": "Công văn", "number": "11289/VPCP-KSTT"})
    'bao-cao/trung-uong/2025-cong-van-11289-vpcp-kstt.md'
    """
    from converters.site.pages import province_folder

    province = province_folder(meta)
    parts = []
    date = meta.get("date")
    if date and str(date)[:4].isdigit():
        parts.append(str(date)[:4])
    parts.append(slugify(meta.get("doc_type") or "") or "van-ban")
    number = slugify(meta.get("number") or "")
    parts.append(number or slugify(meta.get("title") or "", max_length=TITLE_SLUG_LENGTH) or "khong-so")
    return f"bao-cao/{province}/{'-'.join(p for p in parts if p)}.md"


def assign_paths(metas: list[tuple[str, dict[str, Any]]], order: dict[str, Any] | None = None) -> dict[str, str]:
    """Page paths for ``[(source, meta), ...]``: ``{source: path}``, all distinct.

    Rule: reports sharing one :func:`page_path` are taken in publication
    order (``order``: ``{source: sort key}``, see :func:`publication_order`;
    by source path without it): the first keeps the path, the next get
    ``-2``, ``-3``... before ``.md``.  So a file added later never takes the
    URL of a published report (issue [0/6] 7).
    """
    order = order or {}
    wanted: dict[str, list[str]] = {}
    for source, meta in sorted(metas, key=lambda sm: (order.get(sm[0], (1,)), sm[0])):
        wanted.setdefault(page_path(meta), []).append(source)
    taken = set(wanted)
    out: dict[str, str] = {}
    for path, sources in wanted.items():
        out[sources[0]] = path
        for i, source in enumerate(sources[1:], start=2):
            candidate = f"{path[:-3]}-{i}.md"
            while candidate in taken:
                i += 100
                candidate = f"{path[:-3]}-{i}.md"
            taken.add(candidate)
            out[source] = candidate
    return out


def published_paths(docs_dir: str) -> dict[str, str]:
    """``{source: page path}`` of the last build (``<docs_dir>/catalog.json``); ``{}`` without one."""
    try:
        with open(os.path.join(docs_dir, "catalog.json"), encoding="utf-8") as fh:
            data = json.load(fh)
        return {r["meta"]["source"]: r["page"] for r in data.get("reports") or [] if r.get("meta", {}).get("source")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _git_added(root: str, sources: list[str]) -> dict[str, int]:
    """``{source: commit time it was first added}`` from git history (``{}`` outside git or on error)."""
    out: dict[str, int] = {}
    for source in sources:
        try:
            proc = subprocess.run(["git", "log", "--diff-filter=A", "--no-renames", "--format=%at", "--", source],
                                  cwd=root, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            return out
        times = [int(t) for t in proc.stdout.split() if t.isdigit()]
        if proc.returncode == 0 and times:
            out[source] = min(times)
    return out


def publication_order(root: str, docs_dir: str, metas: list[tuple[str, dict[str, Any]]],
                      previous: Callable[[], dict[str, str]] | None = None,
                      added_out: dict[str, Any] | None = None) -> dict[str, tuple]:
    """Sort keys ``{source: key}``: who was published first among reports wanting one page path.

    First the report holding the path in the last build (``catalog.json``,
    read by :func:`published_paths`, or ``previous()`` when given: the
    same map, kept by ``generate``), then by the time git first saw the file
    (only files that collide are asked), then by source path.  Sources
    without a rival get no key.  ``added_out``, if given, receives ``{rival: git time or None}``.
    """
    groups: dict[str, list[str]] = {}
    for source, meta in metas:
        groups.setdefault(page_path(meta), []).append(source)
    rivals = [s for group in groups.values() if len(group) > 1 for s in group]
    if not rivals:
        return {}
    previous = previous() if previous is not None else published_paths(docs_dir)
    added = _git_added(root, rivals)
    if added_out is not None:
        added_out.update({s: added.get(s) for s in rivals})
    out = {}
    for path, group in groups.items():
        for source in group if len(group) > 1 else ():
            held = previous.get(source) == path
            out[source] = (0, 0 if held else 1, added.get(source, float("inf")), source)
    return out


def document_claims(metas: list[tuple[str, dict[str, Any]]], order: dict[str, Any] | None = None) -> dict[str, str]:
    """Files claiming a document another file already is: ``{later source: first source}``.

    One document: the same :func:`page_path` from a *number* (type, year,
    number, province).  Reports without a number that share a title are
    different documents and get ``-2`` from :func:`assign_paths`.  The first
    in ``order`` (:func:`publication_order`) is the document; each other
    claimant is an error naming both (issue [0/6] 7).
    """
    order = order or {}
    groups: dict[str, list[str]] = {}
    for source, meta in sorted(metas, key=lambda sm: (order.get(sm[0], (1,)), sm[0])):
        if meta.get("number"):
            groups.setdefault(page_path(meta), []).append(source)
    return {later: group[0] for group in groups.values() for later in group[1:]}


def claim_error(source: str, first: str, path: str) -> str:
    """The reason a file claiming the document of ``first`` is refused (Vietnamese, names both)."""
    return (f"{source}: cùng loại, số, năm và tỉnh với {first} (trang {path}): hai tệp cho một văn bản "
            f"(xóa tệp thừa, hoặc sửa số/tỉnh bằng tệp bổ sung nếu đây là văn bản khác)")


def raw_files(root: str) -> list[str]:
    """Absolute paths of ``<root>/raw/``, every suffix of ``read.formats.SOURCE_SUFFIXES``, sorted (hidden files skipped).

    Entries of any kind are listed (see :func:`converters.read.files.raw_entries`):
    a symlink, FIFO or folder named like a report fails to convert with the reason,
    shown in the results and on the editors' page; the other files still build.
    """
    from converters.read.files import raw_entries

    return raw_entries(os.path.join(root, "raw"))


class _TolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: ~10x faster, same data
    """Reads ``mkdocs.yml``, ignoring its Python and ``!ENV`` tags (values become None)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: str) -> dict[str, Any]:
    """``<root>/mkdocs.yml`` as plain data (``{}`` when missing)."""
    path = os.path.join(root, "mkdocs.yml")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_TolerantLoader) or {}  # noqa: S506 - SafeLoader subclass


def abbreviations(config: dict[str, Any]) -> dict[str, str]:
    """The abbreviations' ``glossary`` from a parsed ``mkdocs.yml`` (``{}`` if none): of our
    ``converters.site.abbr`` extension, or of Python-Markdown's ``abbr``."""
    for ext in config.get("markdown_extensions") or []:
        if isinstance(ext, dict):
            for name in ("converters.site.abbr", "abbr"):
                if name in ext:
                    return dict((ext[name] or {}).get("glossary") or {})
    return {}


def render_report(page: Any, path: str, resolve: Callable[[Any], str | None]) -> str:
    """The report page's Markdown with its citations linked and its metadata panel.

    Uses ``Page.render(page_path, resolve)`` when the converter offers it,
    else the page's plain Markdown (citations unlinked); the panel
    (:func:`converters.site.report_panel.insert_panel`) goes under the title,
    so the page carries it under any engine.
    """
    render = getattr(page, "render", None)
    text = render(path, resolve) if render is not None else page.markdown
    return insert_panel(text, page.meta)


# ---------------------------------------------------------------- conversion


def _error_text(exc: BaseException) -> str:
    """The reason recorded for a file that failed (``InputError`` says it all; a bug gets its type)."""
    return str(exc) if exc.__class__.__name__ == "InputError" else f"{type(exc).__name__}: {exc}"


def _convert_one(path: str, root: str) -> tuple[Any, str | None]:
    """``(page, None)`` or ``(None, reason)`` for one raw file; never raises (one bad file must not stop the corpus)."""
    from converters import convert_file

    try:
        return convert_file(path, root), None
    except Exception as exc:  # noqa: BLE001
        return None, _error_text(exc)


def _convert_and_store(path: str, root: str, key: str | None, cache_on: bool) -> tuple[Any, str | None]:
    """Worker of the process pool: :func:`_convert_one`, then store the page in the cache."""
    page, error = _convert_one(path, root)
    if page is not None and key:
        PageCache(root, enabled=cache_on).store(key, page)
    return page, error


@dataclass
class _Report:
    """One converted report during :func:`generate`: what the site needs, the page loaded lazily."""

    doc: DocResult
    meta: dict[str, Any]
    citations: list[Any]
    path: str  # the raw file (absolute)
    root: str
    key: str | None = None  # cache key (None: cache off or file unreadable)
    page: Any = None  # the Page, when in memory

    def load(self, store: PageCache) -> Any:
        """The :class:`~converters.model.Page` (from memory, the cache, or converted again)."""
        if self.page is None and self.key:
            self.page = store.load_page(self.key)
        if self.page is None:  # the cached page went missing or bad: convert again
            page, error = _convert_one(self.path, self.root)
            if page is None:
                raise RuntimeError(f"{self.doc.source}: converted before, fails now: {error}")
            if self.key:
                store.store(self.key, page)
            self.page = page
        return self.page

    def render(self, store: PageCache, resolve: Callable[[Any], str | None]) -> str:
        """The report page's Markdown with its citations linked (through the render cache)."""
        if not self.key or not store.enabled:
            return render_report(self.load(store), self.doc.path, resolve)
        return store.render(self.key, self.citations, self.doc.path, resolve,
                            lambda rec: render_report(self.load(store), self.doc.path, rec))


def pool_context():
    """Start method of the conversion workers.

    ``fork`` when this process runs no other thread (``mkdocs build``,
    ``baocao build``): fast, and the main script is not imported again.
    With threads (``mkdocs serve``'s file watcher and server) forking could
    copy a lock another thread holds, so ``forkserver`` is used there; it
    imports the main module again in a worker, guarded by ``if __name__ ==
    "__main__"`` in MkDocs' entry points (an unguarded script gets a broken
    pool and is converted serially: same output).
    """
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["converters.pipeline", "converters.site.generate"])
        return ctx
    return multiprocessing.get_context()  # Windows: spawn


def _watch_parent(parent: int) -> None:
    """Worker side of :func:`process_pool`: exit as soon as process ``parent`` is gone."""
    import time

    while True:
        time.sleep(0.5)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # pid reused by another user's process: the parent is gone
            os._exit(1)


def _worker_init(parent: int) -> None:
    """Initializer of every pool worker: workers end with their parent (issue [0/6] 9).

    Ctrl-C reaches the whole process group; a worker that died of it mid-task
    left the pool's queues half-read and the others blocked forever.  So a
    worker ignores SIGINT (the parent handles it and shuts the pool down),
    asks Linux to send it SIGTERM when its parent dies (``PR_SET_PDEATHSIG``),
    and, where that is missing or the parent is a forkserver, watches the
    parent's pid from a daemon thread.
    """
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux") and os.getppid() == parent:
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def process_pool(max_workers: int):
    """A ``ProcessPoolExecutor`` of ``max_workers`` whose workers end with this process (:func:`_worker_init`)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=max_workers, mp_context=pool_context(),
                               initializer=_worker_init, initargs=(os.getpid(),))


def stop_pool(pool) -> None:
    """Stop ``pool`` now (Ctrl-C, an error): queued work cancelled, running workers terminated."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public API; shutdown() clears it
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        try:
            proc.terminate()
        except Exception:  # noqa: BLE001 - already gone
            pass
    # Reap them, and let the executor's manager thread see them gone: interpreter exit joins
    # that thread without a timeout, and it hung now and then on a worker not yet reaped.
    for proc in procs:
        try:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=2)
        except Exception:  # noqa: BLE001 - already gone
            pass
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=5)


def scan_raw(root: str, store: PageCache, result: SiteResult) -> list[list[Any]]:
    """Every raw file of ``root`` with its page cache key, nothing loaded yet: ``[[doc, path, key, None], ...]``.

    One :class:`DocResult` per file is appended to ``result.docs`` (raw-file
    order); ``key`` comes from the scan record (``rawscan.py``: a ``stat``
    per file while it is unchanged), None when the cache is off or the file
    cannot be read.  The fourth item is filled by :func:`load_reports`.
    """
    from converters.site.rawscan import RawScan

    fingerprint = converter_fingerprint() if store.enabled else ""
    scan = RawScan(root, fingerprint, enabled=store.enabled)
    slots: list[list[Any]] = []
    for path in raw_files(root):
        source = os.path.relpath(path, root).replace(os.sep, "/")
        doc = DocResult(source)
        result.docs.append(doc)
        key = None
        if store.enabled:
            try:
                key = scan.key(path, source)  # from the last scan's record while its stat is unchanged
            except OSError:
                key = None  # unreadable: converting it reports why
        slots.append([doc, path, key, None])
    scan.save()
    return slots


def convert_all(root: str, store: PageCache, result: SiteResult,
                progress: Callable[[str], None] | None = None, jobs: int | None = None) -> list[_Report]:
    """Convert (or take from ``store``) every raw file of ``root``; one :class:`DocResult` each into ``result.docs``.

    Returns the converted reports in raw-file order (:func:`scan_raw`, then
    :func:`load_reports` of every file).
    """
    slots = scan_raw(root, store, result)
    return load_reports(root, store, slots, progress, jobs)


def load_reports(root: str, store: PageCache, slots: list[list[Any]], progress: Callable[[str], None] | None = None,
                 jobs: int | None = None, only: list[int] | None = None) -> list[_Report]:
    """Fill ``slots`` (of :func:`scan_raw`) with their :class:`_Report`; returns the reports of ``only``
    (indices, default every slot) that converted, in slot order.

    Cache hits are taken first; the rest are converted in parallel on ``jobs``
    processes (default ``os.cpu_count()``) when more than :data:`PARALLEL_MIN`,
    else here; the order of the output never depends on which.  A failed file
    gets its ``error`` (reason as :func:`_error_text` words it) and no report.
    A slot filled already is not loaded again.
    """
    wanted = list(range(len(slots))) if only is None else list(only)
    todo = []
    for i in wanted:
        doc, path, key, report = slots[i]
        if report is not None or doc.error:
            continue
        summary = store.load_summary(key) if key else None
        if summary is not None:
            meta, warnings, citations = summary
            doc.warnings = list(meta.get("warnings") or warnings or [])
            slots[i][3] = _Report(doc, meta, citations, path, root, key)
            if progress:
                progress(doc.source)
        else:
            todo.append(i)

    workers = min(jobs or os.cpu_count() or 1, len(todo))
    outcomes: dict[int, tuple[Any, str | None]] = {}
    if workers > 1 and len(todo) > PARALLEL_MIN:
        from concurrent.futures.process import BrokenProcessPool

        try:
            with process_pool(workers) as pool:
                try:
                    futures = {i: pool.submit(_convert_and_store, slots[i][1], root, slots[i][2], store.enabled) for i in todo}
                    for i, future in futures.items():
                        try:
                            outcomes[i] = future.result()
                            if slots[i][2] and outcomes[i][0] is not None:
                                store.mark(slots[i][2])
                        except BrokenProcessPool:
                            raise
                        except Exception:  # noqa: BLE001 - e.g. a page that does not pickle: convert it here
                            pass
                        else:
                            if progress:
                                progress(slots[i][0].source)
                except KeyboardInterrupt:
                    stop_pool(pool)  # Ctrl-C: no worker left behind
                    raise
        except (BrokenProcessPool, OSError):
            pass  # a worker died (memory?) or no processes allowed: the rest is converted here
    for i in todo:
        if i in outcomes:
            continue
        outcomes[i] = _convert_one(slots[i][1], root)
        if outcomes[i][0] is not None and slots[i][2]:
            store.store(slots[i][2], outcomes[i][0])
        if progress:
            progress(slots[i][0].source)

    for i in todo:
        doc, path, key, _ = slots[i]
        page, error = outcomes[i]
        if page is None:
            doc.error = error
            continue
        doc.warnings = list(page.meta.get("warnings") or page.warnings or [])
        slots[i][3] = _Report(doc, page.meta, list(page.citations or []), path, root, key, page)
    return [slots[i][3] for i in wanted if slots[i][3] is not None]


def _url_of(directory_urls: bool) -> Callable[[str], str]:
    """Docs-relative ``.md`` path -> site URL (the rule is :func:`converters.site.feed.page_url`)."""
    from converters.site.feed import page_url

    return lambda path: page_url(path, directory_urls)


def generate(
    root: str = ".",
    docs_dir: str | None = None,
    progress: Callable[[str], None] | None = None,
    directory_urls: bool | None = None,
    *,
    cache: bool = True,
    jobs: int | None = None,
) -> SiteResult:
    """Convert every raw file of ``<root>/raw/`` (any format of ``read.formats.SOURCE_SUFFIXES``) and write the generated pages under ``docs_dir``.

    ``docs_dir`` defaults to ``<root>/docs``.  ``directory_urls`` (URL style
    of ``catalog.json``) defaults to ``use_directory_urls`` of ``mkdocs.yml``;
    the hook passes the build's own setting (the offline bundle builds with
    ``.html`` URLs).  ``progress(source)`` is called
    after each raw file.  A file that fails (``InputError`` or a converter
    bug) is recorded in the result with its reason and skipped; the others
    are still written.  Returns a :class:`SiteResult`; raises only on I/O
    errors writing ``docs_dir``.

    Speed (issue [5/6]): converted pages and rendered report pages are
    reused from ``<root>/.cache/baocao`` while the raw file, its sidecar and
    the converter are unchanged (``cache=False`` or ``BAOCAO_NO_CACHE=1``
    turn that off; see ``cache.py``); the files left to convert are
    converted on ``jobs`` processes (default: every core) when there are more
    than :data:`PARALLEL_MIN` of them.  When the only raw files changed since
    the last build keep their front matter, warnings and citations (a body
    edit), only their own pages are rendered (``quick.py``: no catalog, no
    site-wide page; the stat of each raw and generated file checked).  The
    output is the same either way.
    """
    root = os.path.abspath(root)
    docs_dir = os.path.abspath(docs_dir or os.path.join(root, "docs"))
    config = read_config(root)
    result = SiteResult()
    store = PageCache(root, enabled=cache and enabled_by_env())
    slots = scan_raw(root, store, result)
    if directory_urls is None:
        directory_urls = config.get("use_directory_urls", True) is not False
    state = None
    if store.enabled:
        from converters.site import quick

        state = quick.SiteState(root, docs_dir, converter_fingerprint(), quick.config_key(root, directory_urls))
        with _collector_paused():
            done = quick.rebuild(root, docs_dir, result, store, slots, state,
                                 lambda only: load_reports(root, store, slots, progress, jobs, only=only),
                                 _copy_if_changed, _git_added, PARALLEL_MIN, progress)
        if done is not None:
            return done
        state.remove()  # rewritten at the end of this build; a build cut short leaves none
    reports = load_reports(root, store, slots, progress, jobs)
    with _collector_paused():
        return _site_pages(root, docs_dir, config, result, store, reports, directory_urls, state, slots)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the site-wide pages are made, back as it was after.

    The catalog and its pages allocate millions of objects and free none
    in cycles (none are made: reports, mentions and documents point one
    way); each full collection the allocations trigger walks every live
    object (at 1,000 reports four of them, 0 objects found, ~10% of a
    rebuild's time).  Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _site_pages(root: str, docs_dir: str, config: dict[str, Any], result: SiteResult, store: PageCache,
                reports: list[_Report], directory_urls: bool | None, state: Any = None,
                slots: list[list[Any]] | None = None) -> SiteResult:
    """The part of :func:`generate` after conversion: catalog, every generated page, stale files;
    then the state of the quick path (``quick.py``) when ``state`` is given."""
    from converters.site.pages import (
        HOME_LATEST,
        browse_plan,
        cited_document_page,
        cited_index_plan,
        glossary_page,
        home_page,
        report_sections,
    )

    metas = [(r.doc.source, r.meta) for r in reports]
    manifest = OutputManifest(root, docs_dir, enabled=store.enabled)
    # catalog.json of the last build is 37 MB at 1,000 reports: its {source: page} is read from
    # the manifest when the file is the one the manifest recorded (else from the file itself).
    rivals: dict[str, Any] = {}  # {rival source: git time}: the quick path asks git again (quick.py)
    order = publication_order(root, docs_dir, metas,
                              lambda: manifest.published("catalog.json", lambda: published_paths(docs_dir)), rivals)
    claims = document_claims(metas, order)
    if claims:  # a second file for a published document: an error, never a URL takeover
        for r in reports:
            if r.doc.source in claims:
                r.doc.error = claim_error(r.doc.source, claims[r.doc.source], page_path(r.meta))
        reports = [r for r in reports if r.doc.source not in claims]
        metas = [(s, m) for s, m in metas if s not in claims]
    paths = assign_paths(metas, order)
    entries = {}
    for r in reports:
        r.doc.path = paths[r.doc.source]
        try:
            key = report_key(r.meta)
        except Exception:  # noqa: BLE001 - citations module not there yet, or a number it rejects
            key = None
        entries[r.doc.source] = ReportEntry(r.doc.source, r.doc.path, r.meta, key, list(r.citations or []),
                                            token=r.key if store.enabled else None)
    merged = _MergedStore(store) if store.enabled else None
    catalog = Catalog.build(list(entries.values()), merged=merged)
    if merged is not None:
        merged.save()
    result.catalog = catalog
    digests: dict[str, str] = {}  # source -> catalog digest (quick.py), from the last state while its key is unchanged
    if state is not None:
        from converters.site.quick import catalog_digest

        old_rows = state.old_rows()
        for r in reports:
            row = old_rows.get(r.doc.source)
            digests[r.doc.source] = (row[2] if row and row[1] == r.key and isinstance(row[2], str)
                                     else catalog_digest(r.meta, r.doc.warnings, r.citations))

    # Pages are rendered lazily: ``lazy[path] = (input key, render)``, skipped when the file
    # already holds the page of that key (incremental.py); ``out`` holds pages rendered anyway.
    fingerprint = converter_fingerprint() if store.enabled else ""
    lazy: dict[str, tuple[str | None, Callable[[], str]]] = {}
    out: dict[str, str] = {}
    originals: dict[str, str] = {}  # docs-relative copy of a Word/PDF/scan original -> its raw path
    source_keys = {r.doc.source: r.key for r in reports}
    rendered: dict[str, str] = {}  # report page -> its rendered body's cache entry
    section_bytes: dict[str, int] = {}  # report page rendered -> UTF-8 length of its sections (quick.py)
    citing_count: dict[str, int] = {}  # document key -> number of distinct citing reports (van-ban/index.md)
    for d in catalog.documents.values():
        # What cited_document_page reads: the document's identity and merged description, its
        # mentions, and the reports involved (their metadata is a function of their cache key).
        citing = [(source_keys.get(x.source), x.path) for x in d.citing_reports]
        citing_count[d.key] = len(citing)
        own = (source_keys.get(d.report.source), d.report.path) if d.report else None
        known = all(k for k, _ in citing) and (own is None or own[0])
        key = None
        if known and store.enabled:
            # a mention is its citing report's path and its origin (that report's cache key and the
            # citation's index: its text, anchor, sentence and date), else those fields themselves
            mentions = [(m.report.path, m.origin) if m.origin else (m.report.path, m.anchor, m.context, m.text, m.date)
                        for m in d.mentions]
            key = input_key("cited", fingerprint, d.key, d.path, d.term, sorted(d.description.items()),
                            citing, own, mentions)
        lazy[d.path] = (key, functools.partial(cited_document_page, d))
    for r in reports:
        entry = entries[r.doc.source]
        fmt = r.meta.get("source_format")
        copy = None
        if fmt and fmt != "txt":  # the office's own file, downloadable beside its page
            copy = r.doc.path[:-3] + os.path.splitext(r.doc.source)[1].lower()
            originals[copy] = os.path.join(root, r.doc.source)
        key = None
        if r.key and store.enabled:
            # the rendered body's cache entry names the report's content, page path and link targets;
            # its sections are keyed by what report_sections reads (_sections_inputs), not rendered
            inputs = _sections_inputs(catalog, entry, lazy)
            if inputs is None:
                inputs = report_sections(catalog, entry)
            rendered[r.doc.path] = render_name(r.key, r.citations, r.doc.path, catalog.resolve)
            key = input_key("report", fingerprint, rendered[r.doc.path], r.doc.source, copy, fmt, inputs)
        lazy[r.doc.path] = (key, functools.partial(_report_text, r, store, catalog, copy, fmt, entry, section_bytes))
    # Editors' page and Atom feed (converters/site/editors.py, converters/site/feed.py).
    from converters.site.editors import editors_plan
    from converters.site.feed import FEED_ENTRIES, FEED_PATH, config_site_url, feed_xml, sorted_reports

    site_name = config.get("site_name") or "Báo cáo"
    site_url = config_site_url(root)
    feed_dirs = config.get("use_directory_urls", True) is not False
    # The pages listing every report (or document) are keyed by what they list: each report by its
    # cache key and page path (its front matter is a function of the key), so after one edit only
    # the pages listing that report are rendered, not the tables of all of them.
    keyed = store.enabled and all(r.token for r in catalog.reports)

    def listed(entries: list[ReportEntry]) -> list[tuple[str | None, str]]:
        return [(e.token, e.path) for e in entries]

    def single(path: str, key: Callable[[], str], render: Callable[[], dict[str, str] | str]) -> None:
        if keyed:
            lazy[path] = (key(), (lambda: render()[path]) if path != FEED_PATH else render)
        else:
            made = render()
            out[path] = made if isinstance(made, str) else made[path]

    single("index.md", lambda: input_key("home", fingerprint, listed(catalog.reports[:HOME_LATEST]), len(catalog.reports),
                                         len(catalog.documents)), lambda: home_page(catalog))
    for path, inputs, render in browse_plan(catalog):
        if not keyed:
            out[path] = render()
        elif inputs[0] == "index":
            lazy[path] = (input_key("browse-index", fingerprint, path, *inputs[1:]), render)
        elif inputs[0] == "all":
            lazy[path] = (input_key("browse-all", fingerprint, path, listed(inputs[1]), *inputs[2:]), render)
        else:
            lazy[path] = (input_key("browse-group", fingerprint, path, inputs[1], inputs[2], listed(inputs[3])), render)
    # Cited documents by type and year, editors' pages by province: each page keyed by what it lists.
    for path, docs, rows, render in cited_index_plan(catalog):
        lazy[path] = (input_key("cited-list", fingerprint, path, rows, [
            (d.key, d.path, d.term, sorted(d.description.items()), citing_count[d.key]) for d in docs]), render) \
            if keyed else (None, render)
    tokens = {r.source: r.token for r in catalog.reports}
    for path, docs, rows, render in editors_plan(result.docs, catalog.reports):
        lazy[path] = (input_key("editors", fingerprint, path, rows, [
            (d.source, d.path, list(d.warnings), d.error, tokens.get(d.source)) for d in docs]), render) \
            if keyed else (None, render)
    out.update(glossary_page(abbreviations(config)))
    single(FEED_PATH, lambda: input_key("feed", fingerprint, listed(sorted_reports(catalog.reports)[:FEED_ENTRIES]),
                                        site_name, site_url, feed_dirs),
           lambda: feed_xml(catalog.reports, site_name=site_name, site_url=site_url, directory_urls=feed_dirs))
    if directory_urls is None:
        directory_urls = config.get("use_directory_urls", True) is not False
    record_keys: dict[int, str] = {}  # id(report entry or cited document) -> key of its catalog.json record
    if store.enabled:
        for d in catalog.documents.values():
            # a document's record holds what its page is keyed by (identity, description, report, mentions)
            if lazy[d.path][0] is not None:
                record_keys[id(d)] = input_key("catalog-document", lazy[d.path][0], directory_urls)
        for r in reports:
            entry = entries[r.doc.source]
            own = catalog.documents.get(entry.key) if entry.key else None
            incoming = lazy[own.path][0] if own is not None else "none"  # its mentions: the record's cited_by
            if not r.key or incoming is None:
                continue
            routed = [catalog.key_of(c) for c in entry.citations]
            routed = [k if k in catalog.documents else None for k in routed]
            targets = sorted({k: catalog.documents[k].target for k in routed if k is not None}.items())
            record_keys[id(entry)] = input_key("catalog-report", fingerprint, r.key, entry.path, entry.key,
                                               directory_urls, routed, targets, incoming)
    records = [record_keys.get(id(r)) for r in catalog.reports] + [record_keys.get(id(d)) for d in catalog.documents.values()]
    layout = CatalogLayout(root, docs_dir, enabled=store.enabled)
    catalog_done: list[Callable[[], None]] = []  # saves the layout of the catalog.json rendered, if it is
    if store.enabled and all(records):
        # every record's text is named by its key, and the file is those records in this order:
        # its input key, without rendering (or hashing) the 37 MB of text at 1,000 reports; when it
        # changed, the records whose key did not are copied from the old file (catalog_file.py)
        render_catalog = functools.partial(catalog_file_bytes, catalog, _url_of(directory_urls), record_keys, store,
                                           layout, catalog_done)
        lazy["catalog.json"] = (input_key("catalog.json", fingerprint, len(catalog.reports), records), render_catalog)
    else:
        out["catalog.json"] = catalog_text(catalog, _url_of(directory_urls), record_keys, store)

    skipped = set()
    for rel_path in sorted(set(out) | set(lazy)):
        if rel_path in out:  # rendered already: the key is its text
            key, render = (text_key(out[rel_path]) if manifest.enabled else None), out.get
        else:
            key, render = lazy[rel_path]
        if key is not None and manifest.fresh(rel_path, key):
            skipped.add(rel_path)  # the file holds the page of these inputs: not rendered, not compared
            continue
        text = render(rel_path) if rel_path in out else render()
        write = write_pieces if isinstance(text, CatalogPieces) else write_if_changed
        if write(os.path.join(docs_dir, rel_path), text):
            result.written.append(rel_path)
        if key is not None:
            manifest.record(rel_path, key)
        if rel_path == "catalog.json" and catalog_done:
            catalog_done[0]()  # where each record now lies in the file, and the mention maps
    for r in reports:  # the cache entries of report pages skipped above are still in use
        if r.doc.path in skipped and r.doc.path in rendered:
            store.keep(r.key + ".page", rendered[r.doc.path])
    reports = []  # the pages loaded for rendering are no longer needed
    store.prune()  # entries of raw files deleted or changed since the last run
    # what published_paths would read back from this run's catalog.json (same records, same order)
    manifest.save(published={r.meta["source"]: r.path for r in catalog.reports
                             if isinstance(r.meta.get("source"), str) and r.meta.get("source")})
    for rel_path, raw_path in sorted(originals.items()):
        if _copy_if_changed(raw_path, os.path.join(docs_dir, rel_path), os.path.join(root, "raw")):
            result.written.append(rel_path)
    result.removed = _remove_stale(docs_dir, set(out) | set(lazy) | set(originals))
    if state is not None and slots is not None and manifest.enabled:
        _save_state(state, docs_dir, catalog, slots, digests, section_bytes, manifest,
                    sorted(set(out) | set(lazy)), originals, rivals)
    return result


def _save_state(state: Any, docs_dir: str, catalog: Catalog, slots: list[list[Any]], digests: dict[str, str],
                section_bytes: dict[str, int], manifest: OutputManifest, outputs: list[str],
                originals: dict[str, str], rivals: dict[str, Any]) -> None:
    """Write the state of the quick path (``quick.py``) for the build just made.

    A report page's sections length is the one measured when it was rendered in this build,
    else the last state's while the page file is the one it was measured on (same size and
    mtime), else unknown (None: that report is never quick until its page is rendered again).
    """
    from converters.site.quick import generated_dirs
    from converters.site.statefile import file_stat

    old_rows = state.old_rows()
    rows = []
    for doc, _path, key, _report in slots:
        entry = manifest.new.get(doc.path) if doc.path else None
        pstat = list(entry[1:3]) if entry else None
        size = section_bytes.get(doc.path) if doc.path else None
        if size is None and doc.path and pstat is not None:
            old = old_rows.get(doc.source)
            if old and old[3] == doc.path and old[7] == pstat and isinstance(old[6], int):
                size = old[6]
        if pstat is None:
            size = None
        rows.append([doc.source, key, digests.get(doc.source), doc.path if not doc.error else None,
                     list(doc.warnings), doc.error, size, pstat])
    routes = {k: [by_term, by_date] for k, (by_term, by_date) in (catalog._routes or {}).items()}
    state.save({
        "quick": True,
        "rivals": rivals,
        "reports": rows,
        "aliases": dict(catalog.aliases),
        "routes": routes,
        "targets": {d.key: d.target for d in catalog.documents.values()},
        "outputs": outputs,
        "originals": {rel: file_stat(os.path.join(docs_dir, rel)) for rel in sorted(originals)},
        "dirs": generated_dirs(docs_dir, GENERATED_DIRS),
    })


def _sections_inputs(catalog: Catalog, entry: ReportEntry,
                     lazy: dict[str, tuple[str | None, Callable[[], str]]]) -> tuple | None:
    """What ``pages.report_sections(catalog, entry)`` is made of, to key the report's page without
    rendering its sections (1,000 of them per build, one or two changed after an edit).

    Outgoing: each document the report cites, in order, as ``description_in`` and the link read
    it (key, target, description fields, the dates this report gives it).  Incoming: the input
    key of the report's own cited-document page (``lazy``), which covers its mentions and the
    citing reports (path, cache key: their front matter).  None when that page has no key
    (the sections are then rendered to key the page by their text).
    """
    from converters.site.catalog import DESCRIPTION_FIELDS

    own = catalog.documents.get(entry.key) if entry.key else None
    incoming = None
    if own is not None:
        incoming = lazy[own.path][0]
        if incoming is None:
            return None
    dates = catalog._dates_in(entry)
    cited = [(d.key, d.target, tuple(d.description.get(f) for f in DESCRIPTION_FIELDS), tuple(dates.get(d.key) or ()))
             for d in catalog.outgoing(entry)]
    return ("sections", entry.path, cited, own.path if own is not None else None, incoming)


def _report_text(r: _Report, store: PageCache, catalog: Catalog, copy: str | None, fmt: str | None,
                 entry: ReportEntry, sizes: dict[str, int] | None = None) -> str:
    """The whole Markdown of report ``r``'s page: rendered body (download link if ``copy``), then its
    sections (``pages.report_sections`` of ``entry``; their UTF-8 length goes to ``sizes[page path]``)."""
    from converters.site.pages import report_sections

    sections = report_sections(catalog, entry)
    if sizes is not None:
        sizes[entry.path] = len(sections.encode("utf-8"))
    text = r.render(store, catalog.resolve)
    if not text.endswith("\n"):
        text += "\n"
    if copy:
        text = insert_download(text, posixpath.basename(copy), fmt)
    return text + sections


class _MergedStore:
    """Merged descriptions of cited documents from earlier builds (``Catalog.build(merged=...)``).

    Names are made of the citations' page cache keys, which hold the
    converter fingerprint, so a changed merge rule never meets an old entry.
    All of them are one file under the page cache
    (``.cache/baocao/v1/state/merged.json``: the SHA-256 of the JSON, a newline,
    ``{name: description}``), read once (one file per description was 2,600
    file reads at 1,000 reports); a damaged or missing file is an empty store
    (every description merged again, the same).  :meth:`save` keeps the
    names used by this build only.
    """

    def __init__(self, store: PageCache) -> None:
        self.path = os.path.join(store.dir, "state", "merged.json")
        self.values: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        try:
            with open(self.path, "rb") as fh:
                digest, _, payload = fh.read().partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode() == digest:
                values = json.loads(payload.decode("utf-8"))
                if isinstance(values, dict):
                    self.values = values
        except (OSError, ValueError, UnicodeDecodeError):
            self.values = {}

    def get(self, name: str) -> dict[str, Any] | None:
        value = self.values.get(name)
        if not isinstance(value, dict):
            return None
        self.used[name] = value
        return value

    def put(self, name: str, value: dict[str, Any]) -> None:
        self.used[name] = value

    def save(self) -> None:
        """Write the descriptions used by this build (when they are not the file's already); errors are ignored."""
        if self.used.keys() == self.values.keys():
            return
        payload = json.dumps(self.used, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(self.path, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        except OSError:
            pass


class _Dumped(str):
    """A value of :func:`catalog_json` already in JSON (a record line from the cache)."""


def catalog_text(catalog: Catalog, url_of: Callable[[str], str], record_keys: dict[int, str],
                 store: PageCache) -> str:
    """``catalog_json(catalog.to_json(url_of))``, each record's JSON taken from ``store`` when known.

    ``record_keys``: ``{id(report entry or cited document): key}``, the key
    (:func:`~converters.site.incremental.input_key`) covering everything the
    record is made of; a record without one, or not in the cache, is built
    and dumped (and stored under its key).  Same text either way (tested:
    ``tests/test_incremental.py``): at 1,000 reports the records are 37 MB,
    and after one edit a few dozen of them change.
    """
    def record(obj: Any, make: Callable[[Any, Callable[[str], str]], dict[str, Any]]) -> Any:
        key = record_keys.get(id(obj))
        if key is None or not store.enabled:
            return make(obj, url_of)
        data = store.get(key)
        if data is not None:
            try:
                return _Dumped(data.decode("utf-8"))
            except UnicodeDecodeError:
                pass
        text = _dump_json(make(obj, url_of))
        store.put(key, text.encode("utf-8"))
        return _Dumped(text)

    return catalog_json({
        "version": 1,
        "reports": [record(r, catalog.report_record) for r in catalog.reports],
        "documents": [record(d, catalog.document_record) for d in catalog.documents.values()],
    })


def catalog_file_bytes(catalog: Catalog, url_of: Callable[[str], str], record_keys: dict[int, str],
                       store: PageCache, layout: CatalogLayout, done: list[Callable[[], None]]) -> CatalogPieces:
    """The bytes of :func:`catalog_text` (UTF-8, in pieces: ``catalog_file.write_pieces`` writes them) when
    every record has a key in ``record_keys``.

    A record whose key was in the file last written (``layout``, see
    ``catalog_file.py``) is copied from it; another is read from ``store``
    under its key, else dumped and stored; a record cited :data:`PARTS_MIN`
    times or more is built in parts instead (``catalog_file.Parts``: the runs
    of mentions of its old record copied, the others dumped; not stored).
    ``done`` receives the function saving the new layout and mention maps
    (called by the caller once the file is written).
    """
    old, spans_old = layout.previous()
    maps = MentionMaps(layout, url_of("bao-cao/x/y.md"), enabled=store.enabled)
    parted: list[str] = []  # identities of the records in parts (their maps are kept)

    def dumps(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")

    def parts(identity: str, head: Callable[[], dict[str, Any]], mentions: Callable[[], list[Mention]]) -> Parts:
        def runs() -> list[tuple[str, Callable[[], list[bytes]]]]:
            out: list[tuple[str, Callable[[], list[bytes]]]] = []
            group: list[Mention] = []
            for m in mentions() + [None]:
                if group and (m is None or m.report.path != group[0].report.path or m.origin[0] != group[0].origin[0]):
                    run = f"{group[0].report.path}\0{group[0].origin[0]}\0" + ",".join(str(g.origin[1]) for g in group)
                    out.append((run, lambda group=group: [dumps(mention_record(g, url_of)) for g in group]))
                    group = []
                if m is not None:
                    group.append(m)
            return out
        parted.append(identity)
        return Parts(identity, lambda: dumps(head()), runs)

    def item(obj: Any, make: Callable[[Any, Callable[[str], str]], dict[str, Any]],
             split: Callable[[], Parts] | None = None) -> tuple[str, Callable[[], bytes], Parts | None]:
        key = record_keys[id(obj)]

        def dump() -> bytes:
            data = store.get(key)
            if data is None:
                data = json.dumps(make(obj, url_of), ensure_ascii=False, default=str).encode("utf-8")
                store.put(key, data)
            return data
        if key in spans_old:
            store.keep(key + ".bin")  # its cache entry, if any, stays for a build without the layout
        return key, dump, split() if split is not None else None

    def cited(mentions: list[Mention]) -> bool:
        return len(mentions) >= PARTS_MIN and all(m.origin for m in mentions)

    def report_item(r: ReportEntry) -> tuple[str, Callable[[], bytes], Parts | None]:
        own = catalog.documents.get(r.key) if r.key else None
        split = None
        if own is not None and cited(own.mentions):  # incoming(r) is own.mentions but r's own
            split = functools.partial(parts, "r\0" + r.path, lambda: catalog.report_head(r, url_of),
                                      lambda: catalog.incoming(r))
        return item(r, catalog.report_record, split)

    def document_item(d: CitedDocument) -> tuple[str, Callable[[], bytes], Parts | None]:
        split = None
        if cited(d.mentions):
            split = functools.partial(parts, "d\0" + d.key, lambda: catalog.document_head(d, url_of), lambda: list(d.mentions))
        return item(d, catalog.document_record, split)

    data, layout_now = catalog_bytes([report_item(r) for r in catalog.reports],
                                     [document_item(d) for d in catalog.documents.values()],
                                     (old, spans_old), maps)
    done.append(lambda: (maps.save(parted), layout.save(layout_now)))
    pieces = CatalogPieces(data)
    pieces.old = old or None  # the file's bytes, as the layout checked them (b"": no valid layout)
    return pieces


def _dump_json(value: Any) -> str:
    """One value of ``catalog.json`` as compact JSON (the C encoder; non-JSON values as ``str``)."""
    return value if isinstance(value, _Dumped) else json.dumps(value, ensure_ascii=False, default=str)


def catalog_json(data: dict[str, Any]) -> str:
    """``catalog.json`` text: one report or document per line.

    ``json.dumps(indent=...)`` runs Python's pure encoder (3.5 s for 1,000
    reports); each record compact, by the C encoder, is 20x faster and still
    diffs line by line.  Same data, same key order.  A value already dumped
    (:func:`catalog_text`) is written as it is.
    """
    dump = _dump_json

    lines = ["{"]
    items = list(data.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f" {dump(key)}: [")
            lines += [f"  {dump(v)}," for v in value[:-1]] + [f"  {dump(value[-1])}"]
            lines.append(f" ]{comma}")
        else:
            lines.append(f" {dump(key)}: {dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _copy_if_changed(raw_path: str, target: str, raw_dir: str) -> bool:
    """Copy the raw file (a regular file inside ``raw_dir`` only) to ``target`` unless it holds the same bytes."""
    from converters.errors import InputError
    from converters.read.files import read_regular

    try:
        data = read_regular(raw_path, raw_path, inside=raw_dir)
    except (OSError, InputError):
        return False  # its conversion reported the problem already
    try:
        with open(target, "rb") as fh:
            if fh.read() == data:
                return False
    except OSError:
        pass
    write_atomic(target, data)
    return True


def _remove_stale(docs_dir: str, keep: set[str]) -> list[str]:
    """Delete generated files under ``docs_dir`` not in ``keep``; returns their paths."""
    removed = []
    for name in GENERATED_FILES:
        if name not in keep and os.path.exists(os.path.join(docs_dir, name)):
            os.remove(os.path.join(docs_dir, name))
            removed.append(name)
    for top in GENERATED_DIRS:
        base = os.path.join(docs_dir, top)
        for directory, _dirs, files in os.walk(base, topdown=False):
            # docs-relative folder by slicing (os.path.relpath per file was most of this walk's time)
            prefix = directory[len(docs_dir) + 1:].replace(os.sep, "/") + "/"
            for f in files:
                rel_path = prefix + f
                if rel_path not in keep:
                    os.remove(os.path.join(directory, f))
                    removed.append(rel_path)
            if directory != base and not os.listdir(directory):
                os.rmdir(directory)
    return sorted(removed)
