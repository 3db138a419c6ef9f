"""Snapshot the converter's output, to prove an optimisation changed nothing (issue [5/6] 3).

Usage (from the repository root)::

    python benchmarks/snapshot_pages.py OUT.json [--corpus GLOB]... [--samples raw]
    python benchmarks/snapshot_pages.py NEW.json --compare OLD.json

Converts every file matched by the ``--corpus`` globs (default: the real
corpus, ``../shared/corpus/real/raw/*.txt``) and every ``*.txt`` under
``--samples`` with :func:`converters.convert_file`, and writes one JSON object
``{path: {"page": str, "warnings": [str], "citations": [str]}}`` where ``page``
is the whole rendered page (front matter + body, ``page.markdown``) and
``citations`` the canonical keys of the page's citations, in order.  A file
the converter refuses is kept as ``{"error": "<exception text>"}``.

With ``--compare OLD.json`` it then prints the files whose entry differs from
OLD (a unified diff of the first few) and exits 1 when any does, 0 when the
two snapshots are identical.
"""

from __future__ import annotations

import argparse
import difflib
import glob
import json
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "..", "shared", "corpus", "real", "raw", "*.txt")


def snapshot(files: list[str]) -> dict[str, dict]:
    """Convert ``files`` (paths) into ``{relative path: entry}`` (see the module docstring)."""
    from converters import convert_file

    out: dict[str, dict] = {}
    for path in files:
        key = os.path.relpath(path)
        try:
            page = convert_file(path, root=".")
            out[key] = {
                "page": page.markdown,
                "warnings": list(page.warnings),
                "citations": [str(getattr(c, "key", c)) for c in page.citations],
            }
        except Exception as exc:  # noqa: BLE001 - a refusal is output too
            out[key] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def compare(new: dict, old: dict, show: int = 3) -> int:
    """Print differences between two snapshots; the number of differing files."""
    bad = sorted(k for k in set(new) | set(old) if new.get(k) != old.get(k))
    for key in bad[:show]:
        a, b = old.get(key, {}), new.get(key, {})
        print(f"--- {key}")
        for field in ("page", "warnings", "citations", "error"):
            if a.get(field) != b.get(field):
                left = a.get(field) if isinstance(a.get(field), str) else json.dumps(a.get(field), ensure_ascii=False, indent=0)
                right = b.get(field) if isinstance(b.get(field), str) else json.dumps(b.get(field), ensure_ascii=False, indent=0)
                diff = difflib.unified_diff((left or "").splitlines(), (right or "").splitlines(), "old", "new", n=1, lineterm="")
                print("\n".join(list(diff)[:40]))
    print(f"{len(bad)} of {len(set(new) | set(old))} files differ")
    return len(bad)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--corpus", action="append", help="glob of raw files (repeatable; default: the real corpus)")
    ap.add_argument("--samples", default="raw", help="directory of sample reports ('' for none)")
    ap.add_argument("--compare", metavar="OLD", help="snapshot to compare with; exit 1 on any difference")
    args = ap.parse_args(argv)

    files: list[str] = []
    for pattern in args.corpus or [DEFAULT_CORPUS]:
        files += sorted(glob.glob(pattern, recursive=True))
    if args.samples:
        files += sorted(glob.glob(os.path.join(args.samples, "**", "*.txt"), recursive=True))
    if not files:
        print("no input files", file=sys.stderr)
        return 2
    snap = snapshot(files)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(snap, fh, ensure_ascii=False, indent=0, sort_keys=True)
    print(f"{len(snap)} files -> {args.out}")
    if args.compare:
        with open(args.compare, encoding="utf-8") as fh:
            return 1 if compare(snap, json.load(fh)) else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
