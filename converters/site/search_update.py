"""Incremental update of the search index: one edited page rewrites a bounded set of files.

Input: a built site, its docs, the project root (the cache lives in
``<root>/.cache/baocao/v<N>/<area>-index/``).  Output: the index of
:func:`converters.site.search_index.build_index` for the current pages, written to
``<site>/assets/search/index/``.

The index (format 3, ``search_index`` docstring) is built so that a page's
contribution does not depend on the other pages: postings name ``(page id,
section in page)``, BM25 normalizes by a fixed average section length, page rows
are in groups of :data:`~converters.site.search_index.PAGE_GROUP` by id, and shard
files are named by a hash of their prefix.  So when the URLs of the pages are
the ones of the last build, the pages whose analysis key changed are the only
ones whose postings, row and chunks can differ, and the files to rewrite are:
their chunks, their row group, the shards (``t/``) and tail pages (``u/``) of the terms
whose postings on those pages changed, and ``manifest.js``; of those, only the files whose
text differs from the last build's are written (an added report changes tens of pages and
the postings of a thousand terms, but most of their tail pages come out the same: a posting
added or removed shifts only the pages from its own on).

The last build's files are kept in the cache (a *mirror*: MkDocs empties the
site directory on every build) with an :class:`~converters.site.search_index.IndexState`;
the update reads only the shards it changes from the mirror.  Anything else (a
page added, removed or renamed, a changed constant, a missing or damaged mirror,
a missing old analysis, a shard grown past ``SPLIT_FACTOR`` times its target)
builds the index whole, as :func:`~converters.site.search_index.build_index` does.
Test: ``tests/test_search_update.py`` (an edit equals a full build, byte for byte,
and rewrites only the files said here).
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

from converters.site import search_index as si

#: A shard whose first file grows past this many times ``SHARD_BYTES`` makes the update a full build (which splits it).
SPLIT_FACTOR = 4
_STATE = "state.pickle"
#: Share of page ids left unused by removed pages above which a full build numbers the pages again.
MAX_HOLES = 0.1


def mirror_dir(cache_root: str, use_directory_urls: bool) -> str:
    """Where the last build's index files and state are kept for ``cache_root``."""
    from converters.site.cache import CACHE_DIR, FORMAT

    area = "search-index" if use_directory_urls else "search-html-index"
    return os.path.join(os.path.abspath(cache_root), CACHE_DIR, f"v{FORMAT}", area)


def _load_state(mirror: str) -> si.IndexState | None:
    try:
        with open(os.path.join(mirror, _STATE), "rb") as fh:
            state = pickle.load(fh)  # noqa: S301 - our own cache
    except Exception:  # noqa: BLE001 - no or bad state: a full build
        return None
    fields = ("rows", "prefixes", "urls", "keys", "stats", "config")  # a state pickled by an older layout lacks some
    return state if isinstance(state, si.IndexState) and all(hasattr(state, f) for f in fields) else None


def _save_state(mirror: str, state: si.IndexState) -> None:
    with open(os.path.join(mirror, _STATE + ".tmp"), "wb") as fh:
        pickle.dump(state, fh, pickle.HIGHEST_PROTOCOL)
    os.replace(os.path.join(mirror, _STATE + ".tmp"), os.path.join(mirror, _STATE))


def _write_file(base: str, rel: str, text: str | None) -> None:
    """Write (or with ``text`` None delete) ``base/rel`` by a temporary file and a rename."""
    path = os.path.join(base, rel)
    if text is None:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def _read_text(mirror: str, rel: str) -> str | None:
    """Text of mirror file ``rel`` (None when absent)."""
    try:
        with open(os.path.join(mirror, rel), encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def _read_shard(mirror: str, kind: str, name: str, seen: dict[str, str | None] | None = None) -> dict[str, Any]:
    """The terms of mirror file ``kind/name.js`` (``{}`` when absent); its text goes in ``seen``."""
    rel = f"{kind}/{name}.js"
    text = _read_text(mirror, rel)
    if seen is not None:
        seen[rel] = text
    if text is None:
        return {}
    start = text.index(",") + 1
    return json.loads(text[start : text.rindex(");")])


def _read_tail(mirror: str, name: str, seen: dict[str, str | None] | None = None) -> str:
    """The postings string of mirror file ``u/name.js``; its text goes in ``seen``."""
    rel = f"u/{name}.js"
    text = _read_text(mirror, rel)
    if text is None:
        raise FileNotFoundError(os.path.join(mirror, rel))
    if seen is not None:
        seen[rel] = text
    return json.loads(text[text.index(",") + 1 : text.rindex(");")])


def _drop_unchanged(mirror: str, files: dict[str, str | None], seen: dict[str, str | None]) -> None:
    """Remove from ``files`` what would leave the mirror as it is: a text equal to the file's
    (read before in ``seen``, else now), a deletion of an absent file.  An added report changes
    tens of pages, and with them the postings of thousands of terms, but most tails and many
    shards and chunks come out the same (issue #14: 1,186 of 3,021 files written at 300 reports)."""
    for rel in list(files):
        text = files[rel]
        if text is None:
            if not os.path.exists(os.path.join(mirror, rel)):
                del files[rel]
            continue
        old = seen[rel] if rel in seen else _read_text(mirror, rel)
        if old == text:
            del files[rel]


def _shard_of(term: str, prefixes: set[str]) -> str:
    """The prefix whose shard holds ``term`` (search.js' rule: the longest prefix that starts it);
    a term no prefix starts gets a new shard of its first character."""
    for n in range(len(term), 0, -1):
        if term[:n] in prefixes:
            return term[:n]
    return term[:1]


def _sync_site(mirror: str, site_dir: str, changed: dict[str, str | None] | None, old_manifest: str | None) -> str:
    """Make ``<site_dir>/assets/search/index`` equal the mirror: only ``changed`` files when the
    site's index is the previous build's (same manifest), else a whole copy (hard links where possible)."""
    target = os.path.join(site_dir, si.INDEX_DIR)
    current = None
    try:
        with open(os.path.join(target, "manifest.js"), encoding="utf-8") as fh:
            current = fh.read()
    except OSError:
        pass
    if changed is not None and old_manifest is not None and current == old_manifest:
        for rel, text in sorted(changed.items(), key=lambda kv: kv[0] == "manifest.js"):  # manifest last
            _write_file(target, rel, text)
        return target
    def fill(tmp: str) -> None:
        for d, _dirs, files in os.walk(mirror):
            rel_d = os.path.relpath(d, mirror)
            for name in files:
                if name == _STATE or name.startswith(".tmp-"):
                    continue
                src = os.path.join(d, name)
                dst = os.path.join(tmp, rel_d, name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                try:
                    os.link(src, dst)  # the mirror is only ever replaced by rename, never written in place
                except OSError:
                    shutil.copy2(src, dst)

    return si.swap_in(target, fill)


def _full(found, keys, stats, store, mirror: str, site_dir: str, shard_bytes: int, jobs: int | None) -> tuple[dict[str, str], int]:
    files, state = si.build_index(si.iter_pages(found, keys, store, jobs), shard_bytes)
    state.urls = [f[0] for f in found]
    state.keys = list(keys)
    state.stats = list(stats)
    shutil.rmtree(mirror, ignore_errors=True)
    si.write_index(files, mirror + ".new")  # writes <mirror>.new/assets/search/index
    built = os.path.join(mirror + ".new", si.INDEX_DIR)
    os.makedirs(os.path.dirname(mirror), exist_ok=True)
    os.replace(built, mirror)
    shutil.rmtree(mirror + ".new", ignore_errors=True)
    with open(os.path.join(mirror, _STATE), "wb") as fh:
        pickle.dump(state, fh, pickle.HIGHEST_PROTOCOL)
    _sync_site(mirror, site_dir, None, None)
    return files, len(files)


def update_search_index(site_dir: str, docs_dir: str, use_directory_urls: bool, cache_root: str,
                        shard_bytes: int = si.SHARD_BYTES, jobs: int | None = None) -> dict[str, Any]:
    """Bring the site's search index up to date, rewriting only what changed since the last build.

    Returns ``{"pages", "sections", "shards", "written", "full", "path"}``: ``written`` is the number
    of index files written or deleted, ``full`` whether the index was built whole.
    Raises ``OSError`` when the site or the cache cannot be written.
    """
    from converters.site.cache import PageCache, enabled_by_env

    area = "search" if use_directory_urls else "search-html"
    store = PageCache(cache_root, enabled=enabled_by_env(), area=area)
    mirror = mirror_dir(cache_root, use_directory_urls)
    stats: list[Any] = []
    found = si.find_pages(site_dir, docs_dir, use_directory_urls, stats)
    state = _load_state(mirror) if store.enabled else None
    if state is not None and state.config != si.config_key(shard_bytes):
        state = None
    if not store.enabled:
        keys: list[str | None] = [None] * len(found)
    elif state is not None:
        # A page whose HTML and Markdown files are the very ones of the last build keeps its key
        # (same mtime_ns, size, inode: MkDocs rewrites every page of a full build, so this spares
        # reading only under --dirty or when nothing was rebuilt).
        ids = {u: i for i, u in enumerate(state.urls) if u is not None}
        keys = []
        for (url, h, src), st in zip(found, stats):
            i = ids.get(url)
            keys.append(state.keys[i] if i is not None and st is not None and st == state.stats[i] else si._page_key(h, src))
    else:
        keys = [si._page_key(h, s) for _, h, s in found]
    try:
        result = None
        if state is not None:
            result = _update(found, keys, stats, store, state, mirror, site_dir, shard_bytes)
        if result is None:
            _files, written = _full(found, keys, stats, store, mirror, site_dir, shard_bytes, jobs)
            state = _load_state(mirror)
            full = True
        else:
            written, state = result
            full = False
    finally:
        store.prune()
    rows = [r for r in state.rows if r is not None]
    return {
        "pages": len(rows),
        "sections": sum(r[6] for r in rows),
        "shards": len(state.prefixes),
        "written": written,
        "full": full,
        "path": os.path.join(site_dir, si.INDEX_DIR),
    }


def _groups(text: str) -> Iterator[tuple[int, str]]:
    """``(weight, refs)`` of each weight group of a postings string (see ``search_index.encode_postings``)."""
    if text:
        for group in text.split(";"):
            c = group.index(":")
            yield int(group[:c], 36), group[c + 1 :]


class _FromBase36(dict):
    """``{base-36 text: int}``, filled on first use (most deltas and sections are a few short strings)."""

    def __missing__(self, text: str) -> int:
        self[text] = n = int(text, 36)
        return n


_FROM36 = _FromBase36({"": 0})  # "": a ref without a section, section 0


_SECTIONS = re.compile(r"\.[0-9a-z]+")


def _group(refs: str) -> tuple[list[str], list[int]]:
    """``(ref texts, page ids)`` of one weight group's refs string (ascending): the page ids are
    the running sum of the deltas, in C loops (a common word's group holds thousands of refs);
    sections are read only where needed (:func:`_sec`)."""
    parts = refs.split(",")
    deltas = _SECTIONS.sub("", refs).split(",") if "." in refs else parts
    return parts, list(itertools.accumulate(map(_FROM36.__getitem__, deltas)))


def _sec(ref: str) -> int:
    """The section of one ref text (0 when it names none)."""
    return _FROM36[ref.partition(".")[2]]


def _ref_text(delta: int, sec: int) -> str:
    """One ref: the page id's ``delta`` from the previous ref of its group, ``.sec`` when not 0."""
    b36 = si._BASE36
    return b36[delta] + "." + b36[sec] if sec else b36[delta]


def _position(parts: list[str], pids: list[int], ref: tuple[int, int]) -> int:
    """Index of ``ref`` ``(page, section)`` in a group (or where it would go: refs ascend)."""
    pid, sec = ref
    i = bisect.bisect_left(pids, pid)
    if i == len(pids) or pids[i] != pid or not sec:
        return i
    # a page's refs ascend by section: bisect them too (a page with thousands of sections holding
    # a word, such as a long list page, made a linear walk quadratic: 94 s of 122 at 10,000)
    return bisect.bisect_left(parts, sec, i, bisect.bisect_right(pids, pid, i), key=_sec)


def _edit_group(parts: list[str], pids: list[int], gone: set[tuple[int, int]],
                new: set[tuple[int, int]]) -> tuple[list[str], list[int]]:
    """``(parts, pids)`` of one weight group (its refs' texts and page ids, ascending) less
    ``gone``, plus ``new`` (``(page, section)`` refs).  The texts between two edits are kept as
    they are, but for the first one after an edit (its delta is from another ref now): the cost
    is that of the edits and of copying lists, not of encoding every ref again."""
    events = []
    for r in gone:
        i = _position(parts, pids, r)
        if i < len(pids) and pids[i] == r[0] and _sec(parts[i]) == r[1]:
            events.append((i, 1, r))
    for r in new:
        events.append((_position(parts, pids, r), 0, r))  # before the ref at that position
    events.sort()
    out_parts: list[str] = []
    out_pids: list[int] = []
    cur = 0  # next ref of the group to copy
    fix = False  # whether that ref's delta must be taken again

    def copy(end: int) -> None:
        nonlocal cur
        if end > cur:
            if fix:
                out_parts.append(_ref_text(pids[cur] - (out_pids[-1] if out_pids else 0), _sec(parts[cur])))
                out_parts.extend(parts[cur + 1 : end])
            else:
                out_parts.extend(parts[cur:end])
            out_pids.extend(pids[cur:end])
            cur = end

    for pos, removing, r in events:
        copy(pos)
        if removing:
            cur = pos + 1
        else:
            out_parts.append(_ref_text(r[0] - (out_pids[-1] if out_pids else 0), r[1]))
            out_pids.append(r[0])
        fix = True
    copy(len(pids))
    return out_parts, out_pids


def update_postings(head: str, tail: str | list[str], removed: list[si.Posting], added: list[si.Posting],
                    keep: int) -> tuple[int, str, list[str]]:
    """``(df, head, pages)`` of a term whose postings strings are ``head`` + ``tail`` (one string, or
    its tail pages in order), less ``removed``, plus ``added``; the same strings as
    ``search_index.term_entry`` of the whole list (``pages``: the tail pages of
    ``search_index.tail_bounds``, ``[]`` when all fit in the head).

    Only the weight groups that change, and those a head or page boundary cuts, are decoded, and in
    those only the refs next to an edit are encoded again (:func:`_edit_group`): the others
    are kept as they are (a group's refs are delta-coded from its own start), so the cost
    is that of the groups touched, not of the term's whole postings list.
    """
    touched = {w for w, _, _ in removed} | {w for w, _, _ in added}
    groups: dict[int, Any] = {}  # weight -> refs string (untouched) or (ref texts, page ids)
    for text in [head, *([tail] if isinstance(tail, str) else tail)]:
        for w, refs in _groups(text):
            if w in groups:  # a group cut by a boundary, continued here (its deltas from 0 again)
                prev = groups[w]
                pparts, ppids = prev if isinstance(prev, tuple) else _group(prev)
                tparts, tpids = _group(refs)
                tparts[0] = _ref_text(tpids[0] - ppids[-1], _sec(tparts[0]))
                groups[w] = (pparts + tparts, ppids + tpids)
            else:
                groups[w] = _group(refs) if w in touched else refs
    for w in touched:
        group = groups.get(w)
        parts, pids = ([], []) if group is None else group
        gone = {(pid, sec) for ww, pid, sec in removed if ww == w}
        new = {(pid, sec) for ww, pid, sec in added if ww == w}
        parts, pids = _edit_group(parts, pids, gone, new)
        if pids:
            groups[w] = (parts, pids)
        else:
            groups.pop(w, None)
    order = sorted(groups, reverse=True)
    sizes = [groups[w].count(",") + 1 if isinstance(groups[w], str) else len(groups[w][1]) for w in order]
    df = sum(sizes)
    bounds = si.tail_bounds(df, keep)
    return df, *_cut(order, sizes, groups, [keep] + [end for _, end in bounds], 1 + len(bounds))


def _cut(order: list[int], sizes: list[int], groups: dict[int, Any], cuts: list[int],
         n_parts: int) -> tuple[str, list[str]]:
    """``(head, pages)``: the weight groups ``order`` (best first, ``sizes`` refs each) cut into
    ``n_parts`` postings strings at the running counts ``cuts``; a group cut by a boundary is
    decoded, the part after it starting from page id 0 again (as ``encode_postings`` of a slice)."""
    b36 = si._BASE36
    out: list[list[str]] = [[] for _ in range(n_parts)]
    part = pos = 0  # part being filled, postings placed before it
    for w, n in zip(order, sizes):
        group = groups[w]
        start = 0  # refs of this group placed
        while start < n:
            while part < n_parts - 1 and cuts[part] <= pos:
                part += 1
            room = cuts[part] - pos if part < n_parts - 1 else n - start
            take = min(room, n - start)
            if start == 0 and take == n:
                out[part].append(b36[w] + ":" + (group if isinstance(group, str) else ",".join(group[0])))
            else:
                if isinstance(group, str):
                    group = groups[w] = _group(group)
                parts, pids = group
                first = parts[start] if start == 0 else _ref_text(pids[start], _sec(parts[start]))
                out[part].append(b36[w] + ":" + ",".join([first, *parts[start + 1 : start + take]]))
            start += take
            pos += take
    return ";".join(out[0]), [";".join(p) for p in out[1:]]


def _update(found, keys, stats, store, state: si.IndexState, mirror: str, site_dir: str,
            shard_bytes: int) -> tuple[int, si.IndexState] | None:
    """Update the mirror and the site for the pages whose key changed, that were added or
    removed; None when a full build is needed.

    Page ids stay: a removed page leaves a hole (a ``None`` row, no postings), an added one
    takes the next id; when holes are over :data:`MAX_HOLES` of the ids, a full build
    numbers the pages again.
    """
    ids = {u: i for i, u in enumerate(state.urls) if u is not None}
    found_ids = []
    changed: list[tuple[int, int | None]] = []  # (page id, index in found or None: removed)
    n_ids = len(state.urls)
    for j, (url, _h, _s) in enumerate(found):
        i = ids.pop(url, None)
        if i is None:
            i = n_ids
            n_ids += 1
        found_ids.append(i)
        if i >= len(state.keys) or keys[j] is None or keys[j] != state.keys[i]:
            changed.append((i, j))
    changed += [(i, None) for i in sorted(ids.values())]
    holes = sum(u is None for u in state.urls) + len(ids)
    if holes > MAX_HOLES * n_ids:
        return None
    store.keep(*[k + ".bin" for k in keys if k])
    try:
        with open(os.path.join(mirror, "manifest.js"), encoding="utf-8") as fh:
            old_manifest = fh.read()
    except OSError:
        return None
    grow = n_ids - len(state.urls)
    state.urls += [None] * grow
    state.keys += [None] * grow
    state.stats += [None] * grow
    state.rows += [None] * grow
    stats_changed = False
    for i, j in zip(found_ids, range(len(found))):
        if state.stats[i] != stats[j]:
            state.stats[i] = stats[j]
            stats_changed = True
    if not changed:
        if stats_changed:  # files rewritten with the same pages: only the state to save
            _save_state(mirror, state)
        _sync_site(mirror, site_dir, {}, old_manifest)
        return 0, state
    old_pages: list[si.IndexedPage | None] = []
    for i, _j in changed:
        if state.urls[i] is None:
            old_pages.append(None)  # added
            continue
        data = store.get(state.keys[i]) if state.keys[i] else None
        if data is None:
            return None
        try:
            old_pages.append(si.IndexedPage(state.urls[i], *pickle.loads(data)))  # noqa: S301 - our own cache
        except Exception:  # noqa: BLE001 - a bad entry: a full build
            return None
    present = [(i, j) for i, j in changed if j is not None]
    # A changed page is mostly the sections it had (a cited document's page gains one citing
    # report's excerpt): their terms are taken from the old analyses, not tokenized again.
    known: dict[tuple[str, str], si.Packed] = {}
    for old in old_pages:
        if old is not None and old.terms is not None and len(old.terms) == len(old.sections):
            for sec, packed in zip(old.sections, old.terms):
                known[(sec.heading, sec.text)] = packed
    new_iter = iter(si.iter_pages([found[j] for _, j in present], [keys[j] for _, j in present], store, jobs=1,
                                  known=known))
    files: dict[str, str | None] = {}
    # Postings that changed, by term: the old and new (weight, page, section) of the changed pages.
    delta: dict[str, tuple[list[si.Posting], list[si.Posting]]] = {}
    for (pid, j), old in zip(changed, old_pages):
        new = next(new_iter) if j is not None else None
        before = si.page_postings(old) if old is not None else {}
        after = si.page_postings(new) if new is not None else {}
        for term in before.keys() | after.keys():
            b, a = before.get(term, []), after.get(term, [])
            if a != b:
                # Only the postings that differ: a posting kept as it was touches no weight group.
                entry = delta.setdefault(term, ([], []))
                if a and b:
                    sa, sb = set(a), set(b)
                    entry[0].extend((w, pid, sec) for sec, w in b if (sec, w) not in sa)
                    entry[1].extend((w, pid, sec) for sec, w in a if (sec, w) not in sb)
                else:
                    entry[0].extend((w, pid, sec) for sec, w in b)
                    entry[1].extend((w, pid, sec) for sec, w in a)
        if state.rows[pid] is not None:
            for k in range(len(state.rows[pid][7])):
                files[f"c/{pid}-{k}.js"] = None
        if new is not None:
            row, chunks = si.page_parts(pid, new)
            files.update(chunks)
            state.rows[pid], state.urls[pid], state.keys[pid] = row, found[j][0], keys[j]
        else:
            state.rows[pid] = state.urls[pid] = state.keys[pid] = state.stats[pid] = None
    changed_ids = [i for i, _ in changed]
    for g in sorted({pid // si.PAGE_GROUP for pid in changed_ids}):
        path, text = si.page_group_file(g, state.rows)
        files[path] = text
    seen: dict[str, str | None] = {}  # mirror files read, by relative path
    prefixes = set(state.prefixes)
    by_shard: dict[str, list[str]] = {}
    for term in delta:
        by_shard.setdefault(_shard_of(term, prefixes), []).append(term)
    for prefix, terms in sorted(by_shard.items()):
        name = si.shard_name(prefix)
        entries = _read_shard(mirror, "t", name, seen)
        for term in terms:
            removed, added = delta[term]
            old = entries.pop(term, None)
            tail = si.tail_name(term)
            n_old = len(si.tail_bounds(old[0], si.HEAD_POSTINGS)) if old and len(old) > 2 else 0
            try:
                old_pages = [_read_tail(mirror, f"{tail}-{k}", seen) for k in range(n_old)]
            except FileNotFoundError:  # a damaged mirror: a full build
                return None
            df, head, pages = update_postings(old[1] if old else "", old_pages, removed, added, si.HEAD_POSTINGS)
            for k in range(len(pages), n_old):  # pages past the new last one
                files[f"u/{tail}-{k}.js"] = None
            if df:
                entries[term] = [df, head, tail] if pages else [df, head]
                for k, page in enumerate(pages):
                    path, text = si.tail_file(term, k, page)
                    files[path] = text
        if entries:
            path, text = si.shard_file(prefix, entries, entries)
            if len(text) > SPLIT_FACTOR * shard_bytes and len(entries) > 1:
                return None
            prefixes.add(prefix)
            files[path] = text
        else:
            prefixes.discard(prefix)
            files[f"t/{name}.js"] = None
    state.prefixes = sorted(prefixes)
    files["manifest.js"] = si.manifest_file(state.rows, state.prefixes)
    _drop_unchanged(mirror, files, seen)
    # The mirror first (state dropped: a crash in between leaves a full build next time;
    # files; the new state naming them), then the site.
    os.remove(os.path.join(mirror, _STATE))
    for rel, text in sorted(files.items(), key=lambda kv: kv[0] == "manifest.js"):
        _write_file(mirror, rel, text)
    _save_state(mirror, state)
    _sync_site(mirror, site_dir, files, old_manifest)
    return len(files), state
