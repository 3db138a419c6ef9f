"""The scan of ``raw/`` for changes: a file's page cache key from its ``stat`` when it did not change.

:func:`converters.site.cache.read_key` reads and hashes every raw file and its
sidecar on each build (44 MB at 1,000 reports, ~440 MB at 10,000).  A file
whose ``lstat`` (size, mtime in ns, inode, ctime in ns) and whose sidecar's
``lstat`` are the ones recorded at the last build still holds the bytes it was
hashed from, so its key is taken from the record (as ``git status`` and
``make`` trust a file's times).

The record is one JSON file under the page cache
(``.cache/baocao/v1/state/scan.json``), tied to the converter
fingerprint.  It is a speed-up only: a missing, damaged or foreign record, a
changed fingerprint or any differing field mean the file is read and hashed
as before.  A file modified less than :data:`RACY_NS` before it was recorded
is not recorded (a later write within the clock's granularity could keep its
size and mtime: the "racy git" problem), so it is hashed again next time.
"""

from __future__ import annotations

import json
import os
import stat
import time
from typing import Any

from converters.site.cache import CACHE_DIR, FORMAT, read_key
from converters.site.fsutil import write_atomic

#: Layout version of the record.
SCAN_VERSION = 1
#: Files modified this recently (ns) before the scan are not recorded (see the module docstring).
RACY_NS = 2_000_000_000


def _lstat(path: str) -> list[int] | None:
    """``[size, mtime_ns, inode, ctime_ns]`` of a regular file (not followed), None for anything else or missing."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


class RawScan:
    """Page cache keys of raw files, from the last build's record when their ``stat`` is unchanged.

    ``enabled=False`` (cache off) always hashes and never saves.  Use
    :meth:`key` for each raw file, then :meth:`save`.
    """

    def __init__(self, root: str, fingerprint: str, enabled: bool = True) -> None:
        self.root = os.path.abspath(root)
        self.fingerprint = fingerprint
        self.enabled = enabled
        self.path = os.path.join(self.root, CACHE_DIR, f"v{FORMAT}", "state", "scan.json")
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.started = time.time_ns()
        if enabled:
            try:
                with open(self.path, encoding="utf-8") as fh:
                    data = json.load(fh)
                if data.get("v") == SCAN_VERSION and data.get("fingerprint") == fingerprint and isinstance(data.get("files"), dict):
                    self.old = data["files"]
            except (OSError, ValueError, TypeError, AttributeError):
                self.old = {}

    def key(self, path: str, source: str) -> str:
        """:func:`~converters.site.cache.read_key` of the raw file ``path`` (``source``: repository-relative);
        raises ``OSError`` when it must be read and cannot be."""
        from converters.steps.sidecar import sidecar_path

        if not self.enabled:
            return read_key(path, source, self.fingerprint)
        raw = _lstat(path)
        side_path = sidecar_path(path)
        side = _lstat(side_path)
        if side is None and os.path.lexists(side_path):
            side = ["other"]  # a sidecar that is not a regular file: never trusted (read_key says why)
        entry = self.old.get(source)
        if (raw is not None and side != ["other"] and isinstance(entry, list) and len(entry) == 3
                and entry[0] == raw and entry[1] == side and isinstance(entry[2], str)):
            self.new[source] = entry
            return entry[2]
        key = read_key(path, source, self.fingerprint)
        racy = self.started - RACY_NS
        if raw is not None and side != ["other"] and raw[1] < racy and (side is None or side[1] < racy):
            self.new[source] = [raw, side, key]
        return key

    def save(self) -> None:
        """Write the record of this scan (the files seen by :meth:`key`); errors are ignored."""
        if not self.enabled:
            return
        data = {"v": SCAN_VERSION, "fingerprint": self.fingerprint, "files": self.new}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # read-only cache: every file is hashed next time, same keys
