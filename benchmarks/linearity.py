"""Linearity benchmark: converter time per MB for growing single documents.

Usage::

    python benchmarks/linearity.py [--max-mb 50] [--shapes report,paragraph,...]
                                   [--budget 120] [--json FILE]

Each shape is converted (``converters.convert(text, source)``, text already in
memory, no I/O) at sizes 1 KB, 10 KB, 100 KB, 1 MB, 10 MB and 50 MB (up to
``--max-mb``).  Every conversion runs in a forked child with a time limit, so a
quadratic step shows as a timeout instead of hanging the run; once a shape has
taken more than ``--budget`` seconds (or would, by linear projection), its
larger sizes are skipped.  A linear converter shows a flat seconds-per-MB
column; the ``growth`` column is s/MB relative to the 1 MB case (above 2-3 at
10-50 MB means something grows faster than the input).

Shapes (issue [4/6] §5 and [5/6]): ``report`` a realistic report grown to size
(synthesizer of ``make_corpus.py``: more sections, paragraphs and footnotes);
``paragraph`` one huge paragraph without a newline; ``line`` the whole file one
line (a realistic report, header and footnotes included, newlines turned into
spaces: a 10 MB line without newline); ``headings`` thousands of
numbered headings in mixed and fused markup; ``footnotes`` a footnote marker
after every few words with their definitions; ``lost-anchors`` lost footnote
anchors (line breaks before punctuation) everywhere and U+FFFD definitions at
the end; ``debris`` unbalanced ``**``, ``<sup>`` and ``*`` all over.

Issue [0/6] 8 shapes (small inputs that took minutes, in the converter or in
Python-Markdown rendering the page): ``stars`` one line of ``**a *b ***c``
repeated (``segment.split_fused``); ``brackets`` a run of ``[``; ``divs``
``<div>`` repeated; ``footnote-refs`` a paragraph of footnote references with
their definitions.  With ``--render`` (default for ``bench.py``'s DoS rows)
each case is also rendered by Python-Markdown with the extensions of
``mkdocs.yml``, as the site build does: the ``render_s`` column.

Importable: :func:`run` returns the rows that ``bench.py`` stores in
``results.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIZES_KB = [1, 10, 100, 1000, 10_000, 50_000]
SHAPES = ["report", "paragraph", "line", "headings", "footnotes", "lost-anchors", "debris",
          "stars", "brackets", "divs", "footnote-refs", "cells"]
#: The shapes of issue [0/6] 8 that were super-linear in the converter or in Python-Markdown
#: ("cells": one table row of thousands of one-line cells, quadratic in layout.find_tables until 2026-12).
DOS_SHAPES = ["stars", "lost-anchors", "brackets", "divs", "footnote-refs", "cells"]

WORDS = ("công tác dân vận của cơ quan nhà nước các cấp được nâng lên thực hiện khá tốt các vấn đề "
         "văn hóa xã hội nhất là chính sách đối với người có công an sinh dân tộc tôn giáo giải quyết "
         "khiếu nại tố cáo phong trào thi đua Dân vận khéo đời sống nhân dân từng bước Tỉnh ủy Ban "
         "Thường vụ 54% 1.580 84,23%").split()


def _make_corpus_module():
    if "make_corpus" in sys.modules:
        return sys.modules["make_corpus"]
    spec = importlib.util.spec_from_file_location("make_corpus", os.path.join(HERE, "make_corpus.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _words(rng: random.Random, n_bytes: int) -> str:
    out, size = [], 0
    while size < n_bytes:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w.encode()) + 1
    return " ".join(out)


def make_text(shape: str, n_bytes: int, seed: int = 1) -> str:
    """A document of about ``n_bytes`` UTF-8 bytes in the given ``shape``."""
    rng = random.Random(f"{shape}/{n_bytes}/{seed}")
    if shape == "report":
        mc = _make_corpus_module()
        pools = mc.load_pools(os.path.join(ROOT, "raw"))
        reports, central = mc.make_plan(1, seed)
        text, _ = mc.build_report(reports[0], central, pools, seed, max(3000, int(n_bytes * 0.9)))
        return text
    if shape == "line":
        return " ".join(make_text("report", n_bytes, seed).split("\n"))
    if shape == "paragraph":
        return "BÁO CÁO\n\nkết quả\n\n" + _words(rng, n_bytes) + "."
    parts: list[str] = ["BÁO CÁO\n\nkết quả thực hiện"]
    # pieces of the first part's one long line ("stars", "cells"), joined once at the end:
    # += on a list item copies the whole string each time (50 MB of "stars" never finished)
    tail: list[str] = []
    size = 0
    k = 0
    while size < n_bytes:
        k += 1
        if shape == "headings":
            roman = ["I", "II", "III", "IV", "V"][k % 5]
            piece = rng.choice([
                f"{roman}. {_words(rng, 40).upper()}",
                f"**{k % 9 + 1}. {_words(rng, 40)}**",
                f"## {k % 9 + 1}.{k % 7 + 1}. {_words(rng, 30)}",
                f"**{roman}- {_words(rng, 30).upper()}****{k % 9 + 1}. {_words(rng, 30)}**",
                f"### **{k % 9 + 1}- {_words(rng, 30)}**",
            ])
            if rng.random() < 0.3:
                piece += "\n\n" + _words(rng, 120) + "."
        elif shape == "footnotes":
            words = _words(rng, 400).split(" ")
            body = " ".join(w + (f"<sup>{k * 100 + i}</sup>" if i % 3 == 0 else "") for i, w in enumerate(words))
            defs = "\n\n".join(f"<sup>{k * 100 + i}</sup> {_words(rng, 30)}." for i in range(0, len(words), 3))
            piece = body + ".\n\n" + defs
        elif shape == "lost-anchors":
            words = _words(rng, 300).split(" ")
            piece = " ".join(w + ("\n;" if i % 4 == 0 else "") for i, w in enumerate(words)) + "\n."
            parts.append(piece)
            size += len(piece.encode())
            continue
        elif shape == "stars":
            tail.append(" " + "**a *b ***c " * 50)  # one line: the fused-heading splitter's worst case
            size += 600
            continue
        elif shape == "brackets":
            parts.append("[" * 1000)
            size += 1000
            continue
        elif shape == "divs":
            parts.append("<div>" * 200)
            size += 1000
            continue
        elif shape == "cells":
            # table-cell layout (family 10): a lone | before each cell, no row ever closed
            tail.append("\n\n|" if k == 1 else "")
            tail.append(f"\n**{_words(rng, 12)}**\n|")
            size += 20
            continue
        elif shape == "footnote-refs":
            refs = " ".join(f"x<sup>{k * 50 + i}</sup>" for i in range(50))
            defs = "\n\n".join(f"<sup>{k * 50 + i}</sup> {_words(rng, 20)}." for i in range(50))
            piece = refs + ".\n\n" + defs
        else:  # debris
            piece = " ".join(rng.choice(["**", "<sup>", "*", "</sup>", "**I.", "⁽", "\ufffd", "_"]) + w
                             for w in _words(rng, 200).split(" "))
        parts.append(piece)
        size += len(piece.encode()) + 2
    parts[0] += "".join(tail)
    text = "\n\n".join(parts)
    if shape == "lost-anchors":
        n_defs = text.count("\n;") + text.count("\n.")
        text += "\n\n\n" + "\n\n\n".join("\ufffd " + _words(rng, 60) for _ in range(n_defs))
    return text


def site_markdown():
    """A ``markdown.Markdown`` with the extensions and settings of ``mkdocs.yml`` (the site's renderer)."""
    import markdown

    from converters.site.generate import read_config

    extensions, configs = [], {}
    for ext in read_config(ROOT).get("markdown_extensions") or []:
        name, conf = (next(iter(ext.items())) if isinstance(ext, dict) else (ext, None))
        extensions.append(name)
        if conf:
            configs[name] = {k: v for k, v in conf.items() if v is not None}  # !!python tags read as None
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def _child(conn, text: str, render: bool = False) -> None:
    try:
        from converters import convert

        t0 = time.perf_counter()
        page = convert(text, "bench/linearity.txt")
        seconds = time.perf_counter() - t0
        if render:
            md = site_markdown()
            t1 = time.perf_counter()
            md.convert(page.body)
            conn.send(("ok", (seconds, time.perf_counter() - t1)))
            return
        conn.send(("ok", seconds))
    except BaseException as exc:  # report, never hang
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200]))
    finally:
        conn.close()


def time_one(text: str, timeout: float, render: bool = False) -> dict:
    """Convert ``text`` in a forked child; returns ``{status, seconds}`` or ``{status, error}``.

    With ``render`` the page is also rendered (:func:`site_markdown`):
    ``seconds`` is then convert + render, ``convert_s`` and ``render_s`` the parts.
    """
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, text, render))
    proc.start()
    child.close()
    if parent.poll(timeout):
        status, value = parent.recv()
        proc.join()
        if status != "ok":
            return {"status": "error", "error": value}
        if render:
            return {"status": "ok", "seconds": value[0] + value[1], "convert_s": value[0], "render_s": value[1]}
        return {"status": "ok", "seconds": value}
    proc.kill()
    proc.join()
    return {"status": "timeout", "seconds": timeout}


def run(max_mb: float = 50, shapes: list[str] | None = None, budget: float = 120.0,
        echo=print, render: bool = False, sizes_kb: list[int] | None = None) -> list[dict]:
    """Convert every shape at every size up to ``max_mb``; returns one row per case.

    Row keys: ``shape``, ``size_kb`` (nominal), ``bytes`` (actual UTF-8 size),
    ``status`` (ok, error, timeout, skipped), ``seconds``, ``s_per_mb``,
    ``growth`` (s/MB over the 1 MB case's s/MB), ``note``.
    """
    try:  # import and warm the converter once, so forked children time conversion only
        from converters import convert

        convert(make_text("report", 5000), "bench/warm-up.txt")
    except Exception as exc:
        echo(f"  n/a: the converter fails on a small report ({type(exc).__name__}: {exc})")
    rows = []
    for shape in shapes or SHAPES:
        ref = None
        last_seconds = None
        last_bytes = None
        for kb in sizes_kb or SIZES_KB:
            if kb > max_mb * 1000:
                break
            row = {"shape": shape, "size_kb": kb}
            if last_seconds is not None and last_seconds * (kb * 1000 / last_bytes) > budget:
                row.update(status="skipped", note=f"projected over the {budget:.0f} s budget")
                rows.append(row)
                echo(_fmt(row))
                continue
            text = make_text(shape, kb * 1000)
            size = len(text.encode("utf-8"))
            result = time_one(text, timeout=budget, render=render)
            del text
            row.update(bytes=size, **result)
            if result["status"] == "ok":
                row["s_per_mb"] = result["seconds"] / (size / 1e6)
                if ref is None and kb >= min(1000, (sizes_kb or SIZES_KB)[1]):
                    ref = row["s_per_mb"]  # 1 MB, or the second size when the sizes are small
                last_seconds, last_bytes = result["seconds"], size
            else:
                last_seconds, last_bytes = budget * 10, size  # skip the rest
            if ref and "s_per_mb" in row:
                row["growth"] = row["s_per_mb"] / ref
            rows.append(row)
            echo(_fmt(row))
    return rows


def _fmt(row: dict) -> str:
    size = f"{row['size_kb'] / 1000:g} MB" if row["size_kb"] >= 1000 else f"{row['size_kb']} KB"
    if row["status"] == "ok":
        growth = f"{row['growth']:.2f}x" if "growth" in row else "-"
        parts = f" (convert {row['convert_s']:.3f} s + render {row['render_s']:.3f} s)" if "render_s" in row else ""
        return (f"  {row['shape']:<13} {size:>7} {row['seconds']:9.3f} s {row['s_per_mb']:9.3f} s/MB"
                f"  growth {growth}{parts}")
    detail = row.get("error") or row.get("note") or ""
    return f"  {row['shape']:<13} {size:>7}  {row['status']} {detail}"


def verdict(rows: list[dict]) -> list[str]:
    """One line per shape: linear or not, judged on s/MB growth from 1 MB to the largest size run."""
    lines = []
    for shape in dict.fromkeys(r["shape"] for r in rows):
        mine = [r for r in rows if r["shape"] == shape]
        bad = [r for r in mine if r["status"] in ("timeout", "error")]
        grown = [r for r in mine if "growth" in r]
        if bad:
            lines.append(f"{shape}: NOT OK ({bad[0]['status']} at {bad[0]['size_kb']} KB)")
        elif len(grown) > 1:
            g = grown[-1]["growth"]
            ref_kb = next(r["size_kb"] for r in grown if abs(r["growth"] - 1.0) < 1e-9)
            lines.append(f"{shape}: {'linear' if g < 2.5 else 'SUPERLINEAR'} (s/MB x{g:.2f} from "
                         f"{ref_kb / 1000:g} MB to {grown[-1]['size_kb'] / 1000:g} MB)")
        else:
            lines.append(f"{shape}: not enough sizes run to judge")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-mb", type=float, default=50, help="largest size in MB (default 50)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of {','.join(SHAPES)}")
    ap.add_argument("--budget", type=float, default=120, help="seconds per case before giving up (default 120)")
    ap.add_argument("--json", help="also write the rows to this JSON file")
    ap.add_argument("--render", action="store_true", help="also render each page with the site's Markdown")
    ap.add_argument("--dos", action="store_true",
                    help=f"the issue [0/6] 8 shapes ({','.join(DOS_SHAPES)}) at 10 KB-1 MB, rendered too")
    args = ap.parse_args(argv)
    sys.path.insert(0, ROOT)
    shapes, sizes, render = args.shapes.split(","), None, args.render
    if args.dos:
        shapes, sizes, render = DOS_SHAPES, [10, 100, 300, 1000], True
    print("converter time per MB (convert() on text in memory, one process)" + (", and rendering" if render else ""))
    rows = run(args.max_mb, shapes, args.budget, render=render, sizes_kb=sizes)
    for line in verdict(rows):
        print("  " + line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"rows": rows, "verdict": verdict(rows)}, fh, indent=1)
    return 1 if any(r["status"] in ("timeout", "error") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
