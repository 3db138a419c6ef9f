"""The quick path of ``generate``: reports edited without changing anything the site-wide pages read.

Every site-wide output (catalog, cited-document pages, browse, home, feed,
editors' page, ``catalog.json``, the sections of every report page) is a
function of each report's front matter, warnings and citations (every field
but the character offsets ``start``/``end``), not of its body.  The
*catalog digest* of a report (:func:`catalog_digest`) hashes exactly those.
When, since the last build, the raw files are the same ones and the only
files changed give the digest they had, every output but the changed
reports' own pages is what the last build wrote: those pages alone are
rendered (their body, with the links of the last build's catalog, then the
sections the page already ends with) and nothing else is read, built or
hashed.  Per unchanged report the cost is the ``stat`` of its raw file (the
scan, ``rawscan.py``), of its page (the output manifest) and one entry of
this state decoded.

State (:class:`SiteState`, one file per docs directory,
``.cache/baocao/v1/state/site-<docs hash>.json``, read through
``statefile.py``): per raw file in scan order ``[source, page cache key,
catalog digest, page path, warnings, error, sections bytes, page stat]``, the
catalog's routing of citations to pages (aliases, term splits, link target
of each document), the generated directories with their mtimes, the copies
of originals with their stat, and the reports wanting one page path with the
time git first saw each (who keeps the path depends on it: asked again, any
change means the full path).  The full path of
``generate`` writes it at the end of every build.

Any doubt means the full path (the output is then built as before): no
state or a damaged or foreign one (other fingerprint, docs directory,
``mkdocs.yml``, URL style), a raw file added, removed or unreadable, more
than ``generate.PARALLEL_MIN`` changed, a changed file whose digest differs
or that fails to convert, a generated file or directory touched by hand
(size, mtime), a report page whose sections length is not known.  Tested:
``tests/test_incremental.py``, ``tests/test_site_quick.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
from collections.abc import Callable
from typing import Any

from converters.site import statefile
from converters.site.cache import CACHE_DIR, FORMAT

#: Layout version of the state.
STATE_VERSION = 1

#: Citation fields a page body alone uses (offsets in the report's text): left out of the digest.
_OFFSETS = ("start", "end")


#: class -> attrgetter of its dataclass fields but the offsets (``dataclasses.fields`` per citation
#: was most of a cold digest's time)
_GETTERS: dict[type, Any] = {}


def _citation_row(c: Any) -> Any:
    if isinstance(c, dict):
        return tuple(sorted((k, v) for k, v in c.items() if k not in _OFFSETS))
    get = _GETTERS.get(type(c))
    if get is None:
        if not dataclasses.is_dataclass(c):
            return (repr(c),)
        get = _GETTERS[type(c)] = operator.attrgetter(*(f.name for f in dataclasses.fields(c) if f.name not in _OFFSETS))
    return get(c)


def catalog_digest(meta: dict[str, Any], warnings: list[Any], citations: list[Any]) -> str:
    """SHA-256 (hex) of what the site-wide pages read from one report: ``meta``, ``warnings`` and
    every field of every citation but its offsets (see the module docstring)."""
    rows = [_citation_row(c) for c in citations]
    return hashlib.sha256(repr((meta, list(warnings or []), rows)).encode("utf-8")).hexdigest()


def config_key(root: str, directory_urls: bool) -> str:
    """What the site-wide pages read from the project besides the reports: ``mkdocs.yml`` (its bytes, and
    its ``site_url`` with ``!ENV`` resolved) and the URL style of this build."""
    from converters.site.feed import config_site_url

    try:
        with open(os.path.join(root, "mkdocs.yml"), "rb") as fh:
            data = fh.read()
    except OSError:
        data = None
    return hashlib.sha256(repr((data, config_site_url(root), directory_urls)).encode("utf-8")).hexdigest()


class SiteState:
    """The state of the last build of one docs directory (see the module docstring)."""

    def __init__(self, root: str, docs_dir: str, fingerprint: str, config: str, enabled: bool = True) -> None:
        name = hashlib.sha256(os.path.abspath(docs_dir).encode("utf-8")).hexdigest()[:24]
        self.path = os.path.join(os.path.abspath(root), CACHE_DIR, f"v{FORMAT}", "state", f"site-{name}.json")
        self.docs_dir = os.path.abspath(docs_dir)
        self.expect = {"v": STATE_VERSION, "fingerprint": fingerprint, "docs": self.docs_dir, "config": config}
        self.enabled = enabled
        self.data: dict[str, Any] | None = statefile.load(self.path, **self.expect) if enabled else None
        self._old: dict[str, list[Any]] | None = None

    def old_rows(self) -> dict[str, list[Any]]:
        """``{source: row}`` of the last build (``{}`` without a state)."""
        if self._old is None:
            rows = (self.data or {}).get("reports")
            self._old = {r[0]: r for r in rows if isinstance(r, list) and len(r) == 8} if isinstance(rows, list) else {}
        return self._old

    def save(self, data: dict[str, Any]) -> None:
        """Write ``data`` (with the validation keys) as this docs directory's state."""
        if self.enabled:
            statefile.save(self.path, {**self.expect, **data})

    def remove(self) -> None:
        """No state (the build about to be made would not match it)."""
        try:
            os.remove(self.path)
        except OSError:
            pass


def generated_dirs(docs_dir: str, tops: tuple[str, ...]) -> dict[str, int]:
    """``{docs-relative directory: mtime_ns}`` of ``docs_dir`` itself and every directory under ``tops``."""
    out = {}
    for top in ("", *tops):
        base = os.path.join(docs_dir, top) if top else docs_dir
        if not top:
            st = statefile.file_stat(base)
            if st:
                out[""] = st[1]
            continue
        for directory, _dirs, _files in os.walk(base):
            st = statefile.file_stat(directory)
            if st:
                out[directory[len(docs_dir) + 1:].replace(os.sep, "/")] = st[1]
    return out


def router(data: dict[str, Any]) -> Callable[[Any], str | None]:
    """``Catalog.resolve`` of the last build's catalog, from its routing kept in the state: a citation's
    key, the variant key it meets in (aliases), the key of its term or date (term splits), then that
    document's link target."""
    from converters.lexicon.citations import term_of
    from converters.site.catalog import _get

    aliases = data.get("aliases") or {}
    routes = data.get("routes") or {}
    targets = data.get("targets") or {}

    def resolve(c: Any) -> str | None:
        raw_key = _get(c, "key")
        key = aliases.get(raw_key, raw_key) if raw_key else raw_key
        if key in routes:
            by_term, by_date = routes[key]
            key = by_term.get(term_of(c) or "") or by_date.get(_get(c, "date") or "") or key
        return targets.get(key) if isinstance(key, str) else None
    return resolve


def _drop_entries(store: Any, token: str) -> None:
    """Delete the page cache entries of ``token`` (a changed report's old key: its summary, page, renders)."""
    directory = os.path.join(store.dir, token[:2])
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.startswith(token):
            try:
                os.remove(os.path.join(directory, name))
            except OSError:
                pass


def rebuild(root: str, docs_dir: str, result: Any, store: Any, slots: list[list[Any]], state: SiteState,
            load: Callable[[list[int]], list[Any]], copy_original: Callable[[str, str, str], bool],
            git_added: Callable[[str, list[str]], dict[str, int]], max_changed: int, progress: Callable[[str], None] | None = None) -> Any:
    """The quick path (module docstring): the filled ``result`` (a ``generate.SiteResult`` whose
    ``catalog`` is None), or None when the full path must run (nothing written then; the changed
    reports may have been loaded into ``slots``, which the full path reuses).

    ``slots``: ``generate.scan_raw``'s ``[[doc, path, key, report], ...]``; ``load(indices)``
    fills those slots and returns their reports (``generate.load_reports``); ``copy_original(raw
    path, target, raw dir)`` copies an original beside its page (``generate._copy_if_changed``);
    ``git_added(root, sources)`` the git time each was added (``generate._git_added``: reports
    wanting one page path are ordered by it, so it must not have changed); at most
    ``max_changed`` changed files are rebuilt here (more are converted in parallel by the full
    path).
    """
    from converters.site.fsutil import write_if_changed
    from converters.site.incremental import OutputManifest, text_key
    from converters.site.report_panel import insert_download

    data = state.data
    if not data or data.get("quick") is not True:
        return None
    rows = data.get("reports")
    if not isinstance(rows, list) or len(rows) != len(slots):
        return None
    changed = []
    for i, (row, slot) in enumerate(zip(rows, slots)):
        if not isinstance(row, list) or len(row) != 8 or row[0] != slot[0].source or slot[2] is None:
            return None
        if row[1] != slot[2]:
            changed.append(i)
    if len(changed) > max_changed or any(rows[i][5] is not None or rows[i][6] is None for i in changed):
        return None
    # nothing generated was touched by hand: directories (a file added or removed), copies, pages
    for rel, mtime in (data.get("dirs") or {}).items():
        st = statefile.file_stat(os.path.join(docs_dir, rel) if rel else docs_dir)
        if st is None or st[1] != mtime:
            return None
    for rel, st in (data.get("originals") or {}).items():
        if statefile.file_stat(os.path.join(docs_dir, rel)) != st:
            return None
    rivals = data.get("rivals") or {}
    if rivals:  # two reports want one page path: who keeps it may depend on git history since
        added = git_added(root, sorted(rivals))
        if {s: added.get(s) for s in rivals} != rivals:
            return None
    manifest = OutputManifest(root, docs_dir, enabled=True)
    outputs = data.get("outputs") or []
    if len(manifest.entries) != len(outputs):
        return None
    for rel in outputs:
        entry = manifest.entries.get(rel)
        if entry is None or not manifest.fresh(rel, entry[0]):
            return None
    # the changed reports: same digest, so the same catalog; their pages are rendered
    reports = load(changed)
    if len(reports) != len(changed):
        return None
    resolve = router(data)
    pages = []
    for i, r in zip(changed, reports):
        row = rows[i]
        if catalog_digest(r.meta, r.doc.warnings, r.citations) != row[2]:
            return None
        path = row[3]
        if manifest.entries[path][1:3] != row[7]:
            return None  # the page is not the one whose sections were measured
        try:
            with open(os.path.join(docs_dir, path), "rb") as fh:
                old = fh.read()
            sections = old[len(old) - row[6]:].decode("utf-8") if row[6] else ""
        except (OSError, UnicodeDecodeError):
            return None
        if sections and not sections.startswith("\n"):
            return None
        r.doc.path = path
        fmt = r.meta.get("source_format")
        copy = None
        if fmt and fmt != "txt":
            copy = path[:-3] + os.path.splitext(r.doc.source)[1].lower()
        text = r.render(store, resolve)
        if not text.endswith("\n"):
            text += "\n"
        if copy:
            text = insert_download(text, os.path.basename(copy), fmt)
        pages.append((i, r, path, text + sections, copy))

    # from here on nothing fails back to the full path
    for i, r, path, text, copy in pages:
        if write_if_changed(os.path.join(docs_dir, path), text):
            result.written.append(path)
        manifest.record(path, text_key(text))
        row = rows[i]
        _drop_entries(store, row[1])
        row[1] = slots[i][2]
        row[7] = manifest.new[path][1:3]
        if copy:
            if copy_original(os.path.join(root, r.doc.source), os.path.join(docs_dir, copy), os.path.join(root, "raw")):
                result.written.append(copy)
            data.setdefault("originals", {})[copy] = statefile.file_stat(os.path.join(docs_dir, copy))
    quick = set(changed)
    for i, (row, slot) in enumerate(zip(rows, slots)):
        if i in quick:
            continue
        doc = slot[0]
        doc.path, doc.warnings, doc.error = row[3], list(row[4] or []), row[5]
        if progress and not doc.error:
            progress(doc.source)
    manifest.save(published=manifest._published if isinstance(manifest._published, dict) else None)
    data["dirs"] = {rel: st[1] for rel in data.get("dirs") or {}
                    if (st := statefile.file_stat(os.path.join(docs_dir, rel) if rel else docs_dir))}
    state.save(data)
    result.catalog = None
    return result
