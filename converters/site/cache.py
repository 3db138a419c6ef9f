"""On-disk cache of converted pages, keyed by content, so a rebuild converts only what changed.

``mkdocs serve`` and every ``mkdocs build`` run :func:`converters.site.generate.generate`
over the whole of ``raw/``; converting a report costs milliseconds to
seconds, reading its bytes and hashing them microseconds.  So each raw file's
:class:`~converters.model.Page` is kept under ``<root>/.cache/baocao/``
(git-ignored) and reused while its key is unchanged.

Key (:func:`page_key`): SHA-256 of the source path (it is in the front matter
and in messages), the raw bytes, the sidecar's bytes (``<name>.meta.yml``,
or its absence) and the converter's fingerprint (:func:`converter_fingerprint`:
``CONVERTER_VERSION``, the Python version and a hash of the package's own
source and data files, so editing the converter also invalidates without a
version bump).

Three files per key, all content-addressed (a name never changes meaning, so
two processes writing one entry write the same bytes; see :func:`_store`):

- ``<k>.meta``: pickle of ``(FORMAT, meta, warnings, citations)``, what the
  site-wide steps (catalog, browse pages...) need from every report;
- ``<k>.page``: zlib-compressed pickle of the whole :class:`Page` (with the
  ``parts`` the renderer needs), loaded only when the page must be rendered;
- ``<k>-<r>.md``: the report page rendered for one page path and one set of
  citation link targets (``r`` hashes both, see :meth:`PageCache.render`),
  so an unchanged report whose links did not move is not rendered again.

Each file starts with the SHA-256 of the rest, checked on every read: any
unreadable, truncated or malformed entry is a miss (and is deleted); a cache that
cannot be written is skipped silently: the cache never changes what is
built, only how fast.  ``BAOCAO_NO_CACHE=1`` turns it off.  Entries not used
by the latest run are removed by :meth:`PageCache.prune`, so the cache holds
one entry per raw file.

Pickle is safe here because only this package writes the cache, under the
project's own directory; do not point ``root`` at a directory others write.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable
from typing import Any

#: Cache directory, relative to the repository root.
CACHE_DIR = os.path.join(".cache", "baocao")
#: Layout version of the entries (bumped when their shape changes).
FORMAT = 1
#: Environment variable that turns the cache off (any non-empty value but "0").
DISABLE_ENV = "BAOCAO_NO_CACHE"
#: zlib level of the page pickles: level 1 is 3-5x smaller for ~1.5 ms a page.
ZLIB_LEVEL = 1

_SUFFIXES = (".meta", ".page", ".md", ".bin")


#: The ``converters`` package folder (this file is in ``converters/site/``): every step,
#: lexicon and table in it is part of the fingerprint, not only the site stages.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.lru_cache(maxsize=1)
def converter_fingerprint() -> str:
    """Hex digest identifying the converter that made a page.

    Covers :data:`converters.CONVERTER_VERSION`, the Python version (pickle and
    ``unicodedata`` tables) and every ``*.py``/data file of the ``converters``
    package (paths and bytes, sorted; about 1 MB, read once per process).
    """
    from converters import CONVERTER_VERSION

    package = PACKAGE_DIR
    h = hashlib.sha256(f"{CONVERTER_VERSION}\0{sys.version_info[:2]}\0{FORMAT}\0".encode())
    for directory, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = os.path.join(directory, name)
            h.update(os.path.relpath(path, package).replace(os.sep, "/").encode() + b"\0")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def page_key(source: str, raw: bytes, sidecar: bytes | None, fingerprint: str) -> str:
    """Cache key (hex SHA-256) of one raw file's page.

    ``source`` is the repository-relative path, ``raw`` the file's bytes,
    ``sidecar`` the bytes of its ``.meta.yml`` (None when there is none),
    ``fingerprint`` :func:`converter_fingerprint`.
    """
    h = hashlib.sha256()
    for part in (fingerprint.encode(), source.encode("utf-8"), raw):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    if sidecar is None:
        h.update(b"\xff" * 8)
    else:
        h.update(len(sidecar).to_bytes(8, "little"))
        h.update(sidecar)
    return h.hexdigest()


def read_key(path: str, source: str, fingerprint: str | None = None) -> str:
    """:func:`page_key` of the raw file at ``path``; raises ``OSError`` when it cannot be read."""
    from converters.steps.sidecar import sidecar_path

    from converters.errors import InputError
    from converters.read.files import read_regular
    from converters.steps.sidecar import MAX_SIDECAR_BYTES

    # Regular files only (a FIFO would block here forever): anything else is
    # OSError, and converting the file then says why it is refused.
    try:
        raw = read_regular(path, source)
        try:
            sidecar: bytes | None = read_regular(sidecar_path(path), source, limit=MAX_SIDECAR_BYTES)
        except FileNotFoundError:
            sidecar = None
    except InputError as exc:
        raise OSError(str(exc)) from exc
    return page_key(source, raw, sidecar, fingerprint or converter_fingerprint())


def enabled_by_env() -> bool:
    """False when :data:`DISABLE_ENV` is set (to anything but ``""`` or ``"0"``)."""
    return os.environ.get(DISABLE_ENV, "") in ("", "0")


def _citation_key(c: Any) -> Any:
    return c.get("key") if isinstance(c, dict) else getattr(c, "key", None)


def render_name(key: str, citations: list[Any], page_path: str, resolve: Callable[[Any], str | None],
                targets: dict[Any, str | None] | None = None) -> str:
    """Entry name of the report page ``key`` rendered at ``page_path`` with its links resolved by ``resolve``.

    ``<key>-<r>.md``, ``r`` hashing ``key``, ``page_path`` and ``resolve(c)``
    for each of ``citations`` (by citation key); ``targets``, if given, is
    filled with ``{citation key: target}``.
    """
    targets = {} if targets is None else targets
    for c in citations:
        k = _citation_key(c)
        if k not in targets:
            targets[k] = resolve(c)
    h = hashlib.sha256(repr((key, page_path, sorted(targets.items(), key=repr))).encode("utf-8"))
    return f"{key}-{h.hexdigest()[:32]}.md"


class PageCache:
    """The page cache of one project (``<root>/.cache/baocao``).

    ``enabled=False`` makes every lookup a miss and every store a no-op.
    ``area`` names a subdirectory for another kind of entry (the search
    index keeps its per-page analyses in ``search``, see
    ``search_index.read_site``): each area is pruned on its own.
    Every method is safe to call from several processes at once.
    """

    def __init__(self, root: str, enabled: bool = True, area: str = "") -> None:
        self.dir = os.path.join(os.path.abspath(root), CACHE_DIR, f"v{FORMAT}", *([area] if area else []))
        self.enabled = enabled
        self.used: set[str] = set()  # file names read or written in this run (kept by prune)

    def _path(self, name: str) -> str:
        return os.path.join(self.dir, name[:2], name)

    # -- reading ---------------------------------------------------------

    def _read(self, name: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(name), "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        digest, payload = data[:32], data[32:]
        if hashlib.sha256(payload).digest() != digest:  # truncated or damaged on disk
            self._drop(name)
            return None
        self.used.add(name)
        return payload

    def _drop(self, name: str) -> None:
        self.used.discard(name)
        try:
            os.remove(self._path(name))
        except OSError:
            pass

    def load_summary(self, key: str) -> tuple[dict[str, Any], list[str], list[Any]] | None:
        """``(meta, warnings, citations)`` of the cached page ``key``, or None (miss or bad entry)."""
        data = self._read(key + ".meta")
        if data is None:
            return None
        try:
            fmt, meta, warnings, citations = pickle.loads(data)  # noqa: S301 - our own cache (module docstring)
            if fmt != FORMAT or not isinstance(meta, dict) or not isinstance(warnings, list) or not isinstance(citations, list):
                raise ValueError("unexpected entry")
        except Exception:  # noqa: BLE001 - any damage is a miss
            self._drop(key + ".meta")
            return None
        return meta, warnings, citations

    def load_page(self, key: str) -> Any | None:
        """The cached :class:`~converters.model.Page` ``key``, or None (miss or bad entry)."""
        from converters.model import Page

        data = self._read(key + ".page")
        if data is None:
            return None
        try:
            page = pickle.loads(zlib.decompress(data))  # noqa: S301 - our own cache (module docstring)
            if not isinstance(page, Page):
                raise ValueError("not a Page")
        except Exception:  # noqa: BLE001 - any damage is a miss
            self._drop(key + ".page")
            return None
        return page

    # -- writing ---------------------------------------------------------

    def _store(self, name: str, data: bytes) -> None:
        """Write one entry through a temporary file and a rename; errors are ignored.

        Names are content-addressed, so an existing file already holds these
        bytes: it is kept (and ``os.rename`` never has to replace anything).
        """
        if not self.enabled:
            return
        self.used.add(name)
        path = self._path(name)
        if os.path.exists(path):
            return
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(hashlib.sha256(data).digest() + data)
                os.rename(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # read-only tree, disk full, a concurrent writer on Windows: no cache, same site

    def store(self, key: str, page: Any) -> None:
        """Cache ``page`` (a :class:`~converters.model.Page`) under ``key``."""
        if not self.enabled:
            return
        summary = (FORMAT, page.meta, list(page.warnings or []), list(page.citations or []))
        self._store(key + ".page", zlib.compress(pickle.dumps(page, pickle.HIGHEST_PROTOCOL), ZLIB_LEVEL))
        self._store(key + ".meta", pickle.dumps(summary, pickle.HIGHEST_PROTOCOL))

    def has(self, name: str) -> bool:
        """Whether an entry file ``name`` exists (not checked: :meth:`get` may still miss)."""
        return self.enabled and os.path.exists(self._path(name))

    def get(self, name: str) -> bytes | None:
        """The bytes stored under ``name`` (checked), or None."""
        return self._read(name + ".bin")

    def put(self, name: str, data: bytes) -> None:
        """Store ``data`` under content-addressed ``name`` (see :meth:`_store`)."""
        self._store(name + ".bin", data)

    def keep(self, *names: str) -> None:
        """Record entry files ``names`` as used without reading them (a page skipped as unchanged), so :meth:`prune` keeps them."""
        if self.enabled:
            self.used.update(names)

    def mark(self, key: str) -> None:
        """Record that entry ``key`` was stored by another process (a pool worker), so :meth:`prune` keeps it."""
        if self.enabled:
            self.used.update((key + ".meta", key + ".page"))

    # -- rendered pages --------------------------------------------------

    def render(self, key: str, citations: list[Any], page_path: str, resolve: Callable[[Any], str | None],
               render: Callable[[Callable[[Any], str | None]], str]) -> str:
        """The report page rendered at ``page_path``, from the cache when its links did not move.

        ``render(resolve)`` renders the page (loading it if needed); it is
        called on a miss.  The render key hashes ``key``, ``page_path`` and
        ``resolve(c)`` for each of the page's ``citations`` (by citation
        key).  A render that calls ``resolve`` with a citation whose key is
        not among ``citations`` is not cached (its output could depend on
        something the key does not cover).
        """
        targets: dict[Any, str | None] = {}
        name = render_name(key, citations, page_path, resolve, targets)
        data = self._read(name)
        if data is not None:
            try:
                text = data.decode("utf-8")
                self.used.add(key + ".page")  # not loaded, but needed when a link target moves: kept by prune
                return text
            except UnicodeDecodeError:
                self._drop(name)
        foreign = []

        def recording(c: Any) -> str | None:
            if _citation_key(c) not in targets:
                foreign.append(c)
            return resolve(c)

        text = render(recording)
        if not foreign:
            self._store(name, text.encode("utf-8"))
        return text

    # -- housekeeping ----------------------------------------------------

    def prune(self) -> int:
        """Delete entries not read or written since this object was made; returns how many.

        Call it after a run that looked up every raw file (``generate``).
        """
        if not self.enabled or not os.path.isdir(self.dir):
            return 0
        removed = 0
        for sub in os.listdir(self.dir):
            directory = os.path.join(self.dir, sub)
            if len(sub) != 2 or not os.path.isdir(directory):  # areas have longer names
                continue
            for name in os.listdir(directory):
                if name in self.used or not name.endswith(_SUFFIXES) and not name.startswith(".tmp-"):
                    continue
                try:
                    os.remove(os.path.join(directory, name))
                    removed += 1
                except OSError:
                    pass
        return removed
