"""``catalog.json`` written by difference: records unchanged since the last build are copied from the old file.

``catalog.json`` is one report or cited document per line (see
:func:`converters.site.generate.catalog_json`): 37 MB at 1,000 reports, ~370 MB
at 10,000, of which one edited report changes a few dozen lines.  Each record
has an input key (``generate`` computes it from what the record is made of);
:class:`CatalogLayout` keeps, beside the page cache
(``.cache/baocao/v1/state/catalog-<docs hash>.json``), the key, byte offset and
length of every record of the file as last written, with the file's size and
mtime.  The next build takes the bytes of each record whose key is in that
layout from the old file (one sequential read) instead of reading its cache
entry or dumping it again.

A speed-up only: a missing or damaged layout, or a ``catalog.json`` whose size
or mtime is not the recorded one (edited by hand), means every record is
taken from the page cache or dumped, as before; the bytes written are the
same either way (tested: ``tests/test_incremental.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from converters.site.cache import CACHE_DIR, FORMAT
from converters.site.fsutil import write_atomic
from converters.site.statefile import file_stat

#: Layout version of the record file.
LAYOUT_VERSION = 1

_HEAD = b'{\n "version": 1,\n'


class CatalogLayout:
    """Where each record of ``<docs_dir>/catalog.json`` lies in the file as last written.

    ``enabled=False`` (cache off): nothing is read or saved, :meth:`previous` gives nothing.
    """

    def __init__(self, root: str, docs_dir: str, enabled: bool = True) -> None:
        self.file = os.path.join(docs_dir, "catalog.json")
        name = hashlib.sha256(os.path.abspath(docs_dir).encode("utf-8")).hexdigest()[:24]
        self.path = os.path.join(os.path.abspath(root), CACHE_DIR, f"v{FORMAT}", "state", f"catalog-{name}.json")
        self.enabled = enabled

    def previous(self) -> tuple[bytes, dict[str, tuple[int, int]]]:
        """``(old file bytes, {record key: (offset, length)})``; ``(b"", {})`` when the layout is not that file's."""
        if not self.enabled:
            return b"", {}
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("v") != LAYOUT_VERSION or data.get("file") != file_stat(self.file):
                return b"", {}
            with open(self.file, "rb") as fh:
                old = fh.read()
            if len(old) != data["file"][0]:
                return b"", {}
            spans = {k: (int(o), int(n)) for k, o, n in data["records"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return b"", {}
        if any(o < 0 or o + n > len(old) for o, n in spans.values()):
            return b"", {}
        return old, spans

    def save(self, spans: list[tuple[str, int, int]]) -> None:
        """Record ``[(key, offset, length)]`` of the file just written or found equal; errors are ignored."""
        if not self.enabled:
            return
        data = {"v": LAYOUT_VERSION, "file": file_stat(self.file), "records": spans}
        try:
            write_atomic(self.path, json.dumps(data, separators=(",", ":")))
        except OSError:
            pass


def _section(name: bytes, records: list[bytes], last: bool, keys: list[str | None],
             out: list[bytes], spans: list[tuple[str, int, int]], offset: int) -> int:
    """Append one ``"name": [...]`` block (the lines of ``catalog_json``) to ``out``; returns the new offset."""
    comma = b"" if last else b","
    if not records:
        line = b' "' + name + b'": []' + comma + b"\n"
        out.append(line)
        return offset + len(line)
    opening = b' "' + name + b'": [\n'
    out.append(opening)
    offset += len(opening)
    for n, (rec, key) in enumerate(zip(records, keys)):
        offset += 2  # the two spaces before the record
        if key is not None:
            spans.append((key, offset, len(rec)))
        tail = b",\n" if n < len(records) - 1 else b"\n"
        out += (b"  ", rec, tail)
        offset += len(rec) + len(tail)
    closing = b" ]" + comma + b"\n"
    out.append(closing)
    return offset + len(closing)


def catalog_bytes(reports: Iterable[tuple[str | None, Callable[[], bytes]]],
                  documents: Iterable[tuple[str | None, Callable[[], bytes]]],
                  previous: tuple[bytes, dict[str, tuple[int, int]]]) -> tuple[bytes, list[tuple[str, int, int]]]:
    """The bytes of ``catalog.json`` and its layout ``[(key, offset, length)]``.

    ``reports`` / ``documents``: ``(record key or None, dump)`` per record, in
    file order; ``dump()`` gives the record's compact JSON (UTF-8), called only
    for a record whose key is not in ``previous`` (:meth:`CatalogLayout.previous`).
    The text is the one ``generate.catalog_json`` writes for the same records.
    """
    old, spans_old = previous
    out: list[bytes] = [_HEAD]
    spans: list[tuple[str, int, int]] = []
    offset = len(_HEAD)
    for name, items, last in ((b"reports", list(reports), False), (b"documents", list(documents), True)):
        records = []
        keys = []
        for key, dump in items:
            span = spans_old.get(key) if key is not None else None
            records.append(old[span[0]:span[0] + span[1]] if span is not None else dump())
            keys.append(key)
        offset = _section(name, records, last, keys, out, spans, offset)
    out.append(b"}\n")
    return b"".join(out), spans
