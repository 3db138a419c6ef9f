"""Incremental writing of generated pages: a page whose inputs did not change is neither rendered nor compared.

``generate`` rebuilds every site-wide page on each run (``mkdocs serve``
refreshes, each ``mkdocs build``).  At 10,000 reports rendering them all and
comparing each with its file on disk takes seconds, though one edited report
changes a few dozen of them.  So each generated file is recorded in a
manifest with the hash of its inputs (:func:`input_key`) and the size and
modification time of the file written; on the next run a page whose input key
and file are both unchanged is skipped without being rendered.

The manifest is one JSON file per docs directory under the page cache
(``.cache/baocao/v1/outputs/``); it is a speed-up only: a missing, damaged
or foreign manifest, a file edited or deleted by hand (its size or mtime
differ), or the cache turned off (``BAOCAO_NO_CACHE=1``) make every page
rendered and compared as before, so the output is the same either way
(tested: ``tests/test_incremental.py``).  The input key must cover everything
the page's text is computed from; the callers say what that is, and the
converter fingerprint (which hashes the whole ``converters`` package, so also
the page templates in ``pages.py``) is part of every key.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

from converters.site.cache import CACHE_DIR, FORMAT
from converters.site.fsutil import write_atomic

#: Layout version of the manifest (bumped when its shape or the meaning of keys changes).
MANIFEST_VERSION = 1


def input_key(*parts: Any) -> str:
    """SHA-256 (hex) of ``repr(parts)``: the key of a page's inputs.

    ``parts`` must be built of str, int, None, tuples and lists (their
    ``repr`` is stable from one run to the next).
    """
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def text_key(text: str) -> str:
    """Key of a page rendered anyway (its inputs are its text): SHA-256 of the text."""
    return "t" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class OutputManifest:
    """Which generated files of ``docs_dir`` hold which inputs (see the module docstring).

    ``entries``: ``{docs-relative path: [input key, size in bytes, mtime in ns]}``.
    With ``enabled=False`` nothing is fresh and nothing is saved.
    """

    def __init__(self, root: str, docs_dir: str, enabled: bool = True) -> None:
        self.docs_dir = docs_dir
        self.enabled = enabled
        name = hashlib.sha256(os.path.abspath(docs_dir).encode("utf-8")).hexdigest()[:24] + ".json"
        self.path = os.path.join(os.path.abspath(root), CACHE_DIR, f"v{FORMAT}", "outputs", name)
        self.entries: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        self._published: Any = None  # {source: page} of the catalog file recorded last time
        if enabled:
            try:
                with open(self.path, encoding="utf-8") as fh:
                    data = json.load(fh)
                if data.get("v") == MANIFEST_VERSION and data.get("docs") == os.path.abspath(docs_dir):
                    self.entries = {k: v for k, v in data["files"].items() if isinstance(v, list) and len(v) == 3}
                    self._published = data.get("published")
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self.entries = {}

    def _stat(self, rel_path: str) -> tuple[int, int] | None:
        try:
            st = os.stat(os.path.join(self.docs_dir, rel_path))
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def fresh(self, rel_path: str, key: str) -> bool:
        """Whether ``rel_path`` already holds the page of inputs ``key`` (then it is kept as recorded)."""
        if not self.enabled:
            return False
        entry = self.entries.get(rel_path)
        if not entry or entry[0] != key or self._stat(rel_path) != (entry[1], entry[2]):
            return False
        self.new[rel_path] = entry
        return True

    def record(self, rel_path: str, key: str) -> None:
        """Note that ``rel_path`` now holds the page of inputs ``key`` (call after writing or comparing it)."""
        if not self.enabled:
            return
        stat = self._stat(rel_path)
        if stat is not None:
            self.new[rel_path] = [key, *stat]

    def published(self, rel_path: str, read: Callable[[], dict[str, str]]) -> dict[str, str]:
        """``{source: page}`` of the catalog file ``rel_path`` as saved with it (``save(published=...)``)
        while that file is the one recorded (same size and mtime), else ``read()`` (parsing the file)."""
        entry = self.entries.get(rel_path)
        kept = self._published
        if (self.enabled and entry and isinstance(kept, dict) and self._stat(rel_path) == (entry[1], entry[2])
                and all(isinstance(k, str) and isinstance(v, str) for k, v in kept.items())):
            return dict(kept)
        return read()

    def save(self, published: dict[str, str] | None = None) -> None:
        """Write the manifest of this run (only the files recorded or found fresh); errors are ignored.

        ``published``: ``{source: page}`` of this run's catalog file, returned
        by :meth:`published` on the next run while that file is unchanged.
        """
        if not self.enabled:
            return
        data = {"v": MANIFEST_VERSION, "docs": os.path.abspath(self.docs_dir), "files": dict(sorted(self.new.items()))}
        if published is not None:
            data["published"] = published
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # read-only cache: the next run renders everything, same output
