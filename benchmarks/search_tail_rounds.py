"""Rounds of tail pages a query reads (issue #14), computed from a built index without a browser.

Usage::

    .venv/bin/python benchmarks/search_tail_rounds.py SITE/assets/search/index [--out FILE.json]

search.js stops reading tail pages once the pages found fill the list (20) or every posting
is read, and which pages are found does not depend on the scores: a section is found when it
is among the postings read of every word (of any of the up to 60 expansions of a word being
typed), or of the number key.  So this replays search.js' rounds exactly on the index's
postings (format 2 or 3: the pages are cut by ``search_index.tail_bounds`` either way) and
prints, per query of ``search_scale.QUERIES`` (and the two multi-word ones with a trailing
space, the last word whole), for each way of choosing the pages of a round:

- ``step`` (what search.js does): the next page of every cut term each round;
- ``rarest``: one page a round, of the cut term of smallest df;
- ``format 2``: every tail of every cut term at once when the heads find too few pages.

Figures: rounds, tail files, tail kB (postings text + the call around it), pages found.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from converters.site import search_index as si  # noqa: E402

LIMIT = 20
MAX_EXPANSIONS = 60  # search.js


class Index:
    """The index files of one built site, read on demand."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.manifest = self.load("manifest.js")[0]
        self.head = self.manifest["head"]
        self.shards: dict[str, dict] = {}
        self.full: dict[str, list[si.Posting]] = {}

    def load(self, rel: str) -> list:
        with open(os.path.join(self.path, rel), encoding="utf-8") as fh:
            text = fh.read()
        m = re.fullmatch(r"__bcSearch\.(\w+)\((.*)\);\n", text, re.S)
        return json.loads("[" + m.group(2) + "]")

    def shard(self, name: str) -> dict:
        if name not in self.shards:
            self.shards[name] = self.load(f"t/{name}.js")[1]
        return self.shards[name]

    def lookup(self, term: str, prefix: bool) -> list[tuple[str, list]]:
        """search.js' lookup(): ``[(term, entry), ...]`` of a word, or of the terms it starts."""
        keys, best, names = self.manifest["shards"], None, []
        for key in keys:
            if term.startswith(key):
                if best is None or len(key) > len(best):
                    best = key
            elif prefix and key.startswith(term):
                names.append(keys[key])
        if best is not None:
            names.append(keys[best])
        found = []
        for name in names:
            terms = self.shard(name)
            if not prefix:
                if term in terms:
                    found.append((term, terms[term]))
            else:
                found += [(t, e) for t, e in terms.items() if t.startswith(term)]
        if prefix and len(found) > MAX_EXPANSIONS:
            found.sort(key=lambda f: -f[1][0])
            found = found[:MAX_EXPANSIONS]
        return found

    def postings(self, term: str, entry: list) -> list[si.Posting]:
        if term not in self.full:
            got = si.decode_postings(entry[1])
            if len(entry) > 2 and self.manifest["v"] == 2:
                got += si.decode_postings(self.load(f"u/{entry[2]}.js")[1])
            elif len(entry) > 2:
                for k in range(len(si.tail_bounds(entry[0], self.head))):
                    got += si.decode_postings(self.load(f"u/{entry[2]}-{k}.js")[1])
            self.full[term] = got
        return self.full[term]

    def page_bytes(self, term: str, entry: list, k: int) -> int:
        s, e = si.tail_bounds(entry[0], self.head)[k]
        return len(si.tail_file(term, k, si.encode_postings(self.postings(term, entry)[s:e]))[1].encode())


def analyze(q: str) -> tuple[list[tuple[str, bool]], str | None]:
    """search.js' analyze(): the query's words (last one a prefix while typed) and number key."""
    folded = si.fold(q)
    words = re.findall(r"[^\W_]+", folded)
    typing = bool(words) and re.search(r"[^\W_]$", folded) is not None
    groups = [(w, typing and i == len(words) - 1 and len(w) >= 2) for i, w in enumerate(words)]
    number = None
    for i, w in enumerate(words):
        if re.search(r"\d", w):
            key = "#" + "".join(words[i:])
            number = key if len(key) >= 3 else None
            break
    return groups, number


def replay(index: Index, q: str, strategy: str) -> dict:
    groups, number = analyze(q)
    gterms = [index.lookup(w, p) for w, p in groups]
    nterms = index.lookup(number, True) if number else []
    terms = {t: e for g in gterms for t, e in g} | dict(nterms)
    n_pages = {t: len(si.tail_bounds(e[0], index.head)) if len(e) > 2 else 0 for t, e in terms.items()}
    depth = dict.fromkeys(terms, 0)

    def read(t: str) -> list[si.Posting]:
        bounds = si.tail_bounds(terms[t][0], index.head)
        return index.postings(t, terms[t])[: bounds[depth[t] - 1][1] if depth[t] else index.head]

    rounds = files = size = 0
    while True:
        secs: set | None = None
        for g in gterms:
            gs = {(p, s) for t, _ in g for _, p, s in read(t)}
            secs = gs if secs is None else secs & gs
        for t, _ in nterms:
            secs |= {(p, s) for _, p, s in read(t)}
        found = len({p for p, _ in secs})
        cut = [t for t in terms if depth[t] < n_pages[t]]
        if not cut or found >= LIMIT:
            break
        if strategy == "step":
            chosen = cut
        elif strategy == "rarest":
            chosen = [min(cut, key=lambda t: terms[t][0])]
        else:  # format 2: every tail at once
            for t in cut:
                files += 1
                tail = si.encode_postings(index.postings(t, terms[t])[index.head:])
                size += len(f'__bcSearch.tail("{si.tail_name(t)}",{json.dumps(tail)});\n'.encode())
                depth[t] = n_pages[t]
            rounds += 1
            continue
        for t in chosen:
            size += index.page_bytes(t, terms[t], depth[t])
            files += 1
            depth[t] += 1
        rounds += 1
    return {"rounds": rounds, "tail_files": files, "tail_kb": round(size / 1000, 1), "pages_found": found,
            "more": bool(cut), "cut_terms": sum(1 for t in terms if n_pages[t])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("index", help="a built site's assets/search/index directory")
    ap.add_argument("--out", help="write the figures as JSON here")
    args = ap.parse_args(argv)
    from search_scale import QUERIES

    index = Index(args.index)
    queries = QUERIES + [q + " " for q in QUERIES if len(q.split()) > 3]
    out: dict = {"pages": index.manifest["pages"], "sections": index.manifest["sections"], "head": index.head, "queries": {}}
    print(f"{out['pages']} pages, {out['sections']} sections; rounds / tail files / tail kB / pages found")
    for q in queries:
        row = out["queries"][q] = {s: replay(index, q, s) for s in ("step", "rarest", "format 2")}
        print(f"  {q!r:28} " + "   ".join(f"{s}: {r['rounds']} / {r['tail_files']} / {r['tail_kb']} / {r['pages_found']}" for s, r in row.items()))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
