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

Records cited many times (:data:`PARTS_MIN` mentions or more in their
``cited_by``) change on almost every addition, and are the largest: at
10,000 reports the most cited document's record is 30 MB, dumped again
because one mention was added.  Such a record is given in parts
(:class:`Parts`): the JSON of its fields before ``cited_by``, then its
mentions in runs, one run per citing report (consecutive mentions of one
report, named by the report's page path, its page cache key and the indices
of its citations: what the run's JSON is a function of, with the URL style).
:class:`MentionMaps` keeps, beside the layout, one small file per such
record (``catalog-<docs hash>.d/<identity hash>.json``: the record key it
describes, the URL style, the length of the head and of each run); when the
record changes, each run named the same in the old record is copied from
the old file and only the new runs are dumped.  The text is the same as
``json.dumps`` of the whole record: ``json.dumps`` of a dict is
``{k: v, ...}`` with ``", "`` and ``": "`` separators, so the head's JSON
without its closing brace, ``, "cited_by": [``, the runs' JSON joined by
``", "`` and ``]}`` are its bytes (tested: ``tests/test_catalog_file.py``).
A map that does not describe a record of the old file exactly (other key,
lengths that do not add up to the record's, other separators, URL style) is
not used: every run is dumped.  These records are not stored in the page
cache (hashing and writing 30 MB of them per build was more than their
reuse saved); a build without a layout dumps them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from converters.site import statefile
from converters.site.cache import CACHE_DIR, FORMAT
from converters.site.fsutil import write_atomic
from converters.site.statefile import file_stat

#: Layout version of the record file.
LAYOUT_VERSION = 1

_HEAD = b'{\n "version": 1,\n'

#: A record whose ``cited_by`` has at least this many mentions is written in parts (:class:`Parts`).
PARTS_MIN = 64
#: Layout version of a mention map (:class:`MentionMaps`).
MAP_VERSION = 1

_OPEN = b', "cited_by": ['
_CLOSE = b']}'
_SEP = b', '


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


@dataclass
class Parts:
    """A record given in parts (module docstring): built only when its key is not in the old file.

    ``identity``: what the record is across builds (``"d\0" + document key``,
    ``"r\0" + report page``), naming its mention map; ``head()``: the
    compact JSON (UTF-8) of the record's fields before ``cited_by``, with its
    closing brace; ``runs()``: ``[(run id, fragments)]`` in ``cited_by``
    order, ``run id`` a string naming what the run is made of, and
    ``fragments()`` the JSON of each of its mentions.
    """

    identity: str
    head: Callable[[], bytes]
    runs: Callable[[], list[tuple[str, Callable[[], list[bytes]]]]]


class MentionMaps:
    """The mention maps of the records in parts of one ``catalog.json`` (module docstring).

    ``probe``: a string that changes with the URL style of the records (the
    URL of a sample page).  Nothing is read or written when ``enabled`` is false.
    """

    def __init__(self, layout: CatalogLayout, probe: str, enabled: bool = True) -> None:
        self.dir = layout.path[:-len(".json")] + ".d"
        self.probe = probe
        self.enabled = enabled and layout.enabled
        self.pending: dict[str, dict[str, Any]] = {}  # file name -> map of a record built in this run
        self.reused = 0  # runs copied from the old file (for tests and benchmarks)
        self.dumped = 0  # runs dumped

    @staticmethod
    def name(identity: str) -> str:
        """File name of the map of ``identity``."""
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32] + ".json"

    def _old_runs(self, identity: str, old: bytes, spans_old: dict[str, tuple[int, int]]) -> dict[str, bytes]:
        """``{run id: its bytes in old}`` of the record ``identity`` of the old file; ``{}`` on any doubt."""
        if not self.enabled or not spans_old:
            return {}
        data = statefile.load(os.path.join(self.dir, self.name(identity)), v=MAP_VERSION, probe=self.probe)
        try:
            span = spans_old.get(data["key"]) if data is not None else None
            if span is None:
                return {}
            offset, length = span
            pos = offset + int(data["head"])
            end = offset + length
            if old[pos:pos + len(_OPEN)] != _OPEN or old[end - len(_CLOSE):end] != _CLOSE:
                return {}
            pos += len(_OPEN)
            out = {}
            for n, (run, size) in enumerate(data["runs"]):
                if n and old[pos:pos + len(_SEP)] != _SEP:
                    return {}
                pos += len(_SEP) if n else 0
                size = int(size)
                if size <= 0 or pos + size > end - len(_CLOSE):
                    return {}
                out[str(run)] = old[pos:pos + size]
                pos += size
            if pos != end - len(_CLOSE):
                return {}
        except (KeyError, TypeError, ValueError):
            return {}
        return out

    def build(self, parts: Parts, key: str, old: bytes, spans_old: dict[str, tuple[int, int]]) -> bytes:
        """The record's bytes (``json.dumps`` of it, compact, UTF-8), the runs of its old record reused;
        its new map is kept for :meth:`save`."""
        reuse = self._old_runs(parts.identity, old, spans_old)
        head = parts.head()
        if not head.endswith(b"}") or len(head) < 2:
            raise ValueError("the head of a record in parts must be a JSON object")
        head = head[:-1]
        texts = []
        runs = []
        for run, fragments in parts.runs():
            text = reuse.get(run)
            if text is None:
                text = _SEP.join(fragments())
                self.dumped += 1
            else:
                self.reused += 1
            texts.append(text)
            runs.append([run, len(text)])
        if self.enabled:
            self.pending[self.name(parts.identity)] = {"v": MAP_VERSION, "key": key, "probe": self.probe,
                                                       "head": len(head), "runs": runs}
        return head + _OPEN + _SEP.join(texts) + _CLOSE

    def save(self, identities: Iterable[str]) -> None:
        """Write the maps of the records built in this run; delete those of records no longer in parts
        (``identities``: every record given in parts in this run).  Errors are ignored."""
        if not self.enabled:
            return
        for name, data in self.pending.items():
            statefile.save(os.path.join(self.dir, name), data)
        self.pending = {}
        keep = {self.name(i) for i in identities}
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        for name in names:
            if name not in keep:
                try:
                    os.remove(os.path.join(self.dir, name))
                except OSError:
                    pass


def catalog_bytes(reports: Iterable[tuple],
                  documents: Iterable[tuple],
                  previous: tuple[bytes, dict[str, tuple[int, int]]],
                  maps: MentionMaps | None = None) -> tuple[list[bytes], list[tuple[str, int, int]]]:
    """The bytes of ``catalog.json`` (a list of pieces: joined, the file) and its layout ``[(key, offset, length)]``.

    ``reports`` / ``documents``: ``(record key or None, dump)`` or ``(record
    key or None, dump, parts)`` per record, in file order; ``dump()`` gives the
    record's compact JSON (UTF-8), called only for a record whose key is not in
    ``previous`` (:meth:`CatalogLayout.previous`); ``parts`` (a :class:`Parts`,
    or None) is used instead of ``dump`` when ``maps`` is given.
    The text is the one ``generate.catalog_json`` writes for the same records.
    """
    old, spans_old = previous
    out: list[bytes] = [_HEAD]
    spans: list[tuple[str, int, int]] = []
    offset = len(_HEAD)
    for name, items, last in ((b"reports", list(reports), False), (b"documents", list(documents), True)):
        records = []
        keys = []
        for item in items:
            key, dump = item[0], item[1]
            span = spans_old.get(key) if key is not None else None
            if span is not None:
                records.append(old[span[0]:span[0] + span[1]])
            elif maps is not None and key is not None and len(item) > 2 and item[2] is not None:
                records.append(maps.build(item[2], key, old, spans_old))
            else:
                records.append(dump())
            keys.append(key)
        offset = _section(name, records, last, keys, out, spans, offset)
    out.append(b"}\n")
    return out, spans


class CatalogPieces(list):
    """The bytes of a ``catalog.json`` as a list of pieces (joined, they are the file), and ``old``: the
    bytes of the file as last written when the layout vouched for them (else None: unknown).

    :func:`write_pieces` writes them without joining 372 MB (at 10,000 reports) and, when ``old``
    is known, without reading the file again to compare.
    """

    old: bytes | None = None

    def same_as_old(self) -> bool:
        """Whether the pieces joined are ``old`` (compared piece by piece, nothing copied)."""
        if self.old is None or sum(map(len, self)) != len(self.old):
            return False
        view = memoryview(self.old)
        pos = 0
        for piece in self:
            if view[pos:pos + len(piece)] != piece:
                return False
            pos += len(piece)
        return True


def write_pieces(path: str, pieces: CatalogPieces) -> bool:
    """Write ``pieces`` to ``path`` atomically unless the file holds them already; True if written.

    Same outcome as ``fsutil.write_if_changed(path, b"".join(pieces))``; when ``pieces.old``
    is known (the file's bytes, the layout checked its size and mtime) it is compared instead of
    reading the file.
    """
    if pieces.old is not None:
        if pieces.same_as_old():
            return False
    else:
        try:
            with open(path, "rb") as fh:
                if fh.read() == b"".join(pieces):
                    return False
        except OSError:
            pass
    write_atomic(path, pieces)
    return True
