"""Citation scanner benchmark: seconds per MB on near-miss and dense inputs.

Usage::

    python benchmarks/citations.py [--sizes 100,1000] [--json FILE]

Each shape is one paragraph (no newline) scanned by one ``CitationScanner``, at each size
in KB.  A linear scanner shows a flat s/MB column across sizes for every shape; a shape whose
s/MB grows with the size has a super-linear step (backtracking regex, quadratic lookup).
Prints a table and writes JSON (default ``benchmarks/out/citations.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from converters.lexicon.citations import CitationScanner  # noqa: E402

# Units repeated to size: near misses (type words without numbers, symbol-like chains,
# spaced separators, unterminated quotes and names) and dense real citations.
SHAPES = {
    "type-words": "Kết luận số Thông báo Kết luận Nghị quyết Trung ương ",
    "symbol-chain": "-KL/TW-BCSDUBND",
    "long-token": "a",
    "spaced-separators": "Chỉ thị số 16 / ",
    "short-forms": "Quyết định số 123, Kết luận 45 và ",
    "dense-full+short": "Kết luận số 1-KL/TW của Bộ Chính trị về x; Kết luận số 1; ",
    "aliases": "(sau đây gọi là Kết luận số 114) ",
    "issuer-words": "Ban Thường vụ Tỉnh ủy ",
    "dates": "Kết luận số 1-KL/TW, ngày 1-1-",
    "open-quotes": "Kết luận số 1-KL/TW về “",
}
PREFIX = {"symbol-chain": "Kết luận số 1", "long-token": "Kết luận số 1-", "issuer-words": "Kết luận số 1-KL/TW của "}


def make(shape: str, size_kb: int) -> str:
    unit = SHAPES[shape]
    n = max(1, size_kb * 1000 // len(unit.encode("utf-8")))
    return PREFIX.get(shape, "") + unit * n


def run(sizes_kb: list[int]) -> list[dict]:
    rows = []
    for shape in SHAPES:
        for kb in sizes_kb:
            text = make(shape, kb)
            mb = len(text.encode("utf-8")) / 1e6
            scanner = CitationScanner("Kiên Giang")
            t0 = time.perf_counter()
            found = scanner.scan(text)
            dt = time.perf_counter() - t0
            rows.append({"shape": shape, "size_mb": round(mb, 3), "seconds": round(dt, 3),
                         "s_per_mb": round(dt / mb, 3), "citations": len(found)})
            print(f"{shape:20} {mb:7.2f} MB {dt:8.2f} s {dt / mb:7.2f} s/MB {len(found):8d} citations", flush=True)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,1000", help="sizes in KB, comma-separated")
    ap.add_argument("--json", default=os.path.join(HERE, "out", "citations.json"))
    args = ap.parse_args(argv)
    rows = run([int(x) for x in args.sizes.split(",")])
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
