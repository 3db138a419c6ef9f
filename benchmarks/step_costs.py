"""Instructions (or CPU seconds) of each pipeline step over the whole corpus; prints a table, writes JSON.

Usage (from the repository root)::

    python benchmarks/step_costs.py [--corpus GLOB] [--samples raw] [--cpu [--repeats N]]
                                    [--out benchmarks/results-step-costs.json]

Every file is read and decoded, then the steps of ``pipeline.steps()`` run
*breadth first*: step 1 over every document's state, then step 2 over every
state, ... then rendering (what ``pipeline.run`` does after the steps).  Each
phase is thus one stretch of execution whose cost can be read alone:

- default: the child runs under valgrind's callgrind with
  ``--dump-before=getppid`` and calls ``os.getppid()`` between phases, so each
  dump holds one phase's executed instructions (``totals:``), a figure the
  machine's load does not move (``count_instructions.py`` counts the whole
  conversion the same way, with cachegrind).  ``PYTHONHASHSEED=0``.  One run
  takes some minutes; run it under ``nice``.  Needs ``valgrind``.
- ``--cpu``: no valgrind; each phase timed by this process's CPU time
  (``time.process_time``), ``--repeats`` passes (caches emptied before each),
  the minimum per phase kept.

The states are the same as a file-by-file conversion's (every step reads and
writes only its own document's state); only the order in which ``functools``
caches shared across documents fill differs.  One warm-up document is
converted first (imports, compiled patterns and lexicons are not counted).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "real", "raw", "*.txt")


def _files(corpus: list[str], samples: str) -> list[str]:
    files: list[str] = []
    for pattern in corpus:
        files += sorted(glob.glob(pattern, recursive=True))
    if samples:
        files += sorted(glob.glob(os.path.join(samples, "**", "*.txt"), recursive=True))
    return files


def _clear_caches() -> None:
    for name, mod in list(sys.modules.items()):
        if name.startswith("converters"):
            for obj in list(vars(mod).values()):
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()


def phases(files: list[str], mark) -> list[str]:
    """Run read, every step and rendering breadth first over ``files``, calling ``mark()`` after each phase.

    Returns the phase names in order.  A document a step refuses (an
    ``InputError``) is dropped from the later phases, as a conversion would stop.
    """
    from converters import convert_file, pipeline
    from converters.model import DocState
    from converters.read.formats import read_source
    from converters.render import Renderer, signature_markdown
    from converters.steps.sidecar import read_sidecar

    convert_file(files[0], root=".").markdown  # warm-up
    names = ["read"]
    mark()
    states = []
    for path in files:
        with open(path, "rb") as fh:
            text, _ = read_source(fh.read(), os.path.relpath(path))
        state = DocState(source=os.path.relpath(path), text=text)
        overrides = read_sidecar(path, os.path.relpath(path))
        if overrides:
            state.env["meta_overrides"] = dict(overrides)
        states.append(state)
    mark()
    for name, step in pipeline.steps():
        names.append(name)
        kept = []
        for state in states:
            try:
                step(state)
            except Exception:  # noqa: BLE001 - a refused document stops there
                continue
            state.trace.append(name)
            kept.append(state)
        states = kept
        mark()
    names.append("render")
    for state in states:
        Renderer().body(
            state.meta,
            blocks=state.blocks,
            footnotes=state.env.get("footnotes_parsed", {}),
            unreferenced=state.env.get("footnotes_unreferenced", []),
            signers_md=signature_markdown(state.meta.get("signers") or []),
        )
    mark()
    return names


_CHILD = r"""
import json, os, sys
root, names_out = sys.argv[1], sys.argv[2]
files = sys.argv[3:]
sys.path.insert(0, root)
sys.path.insert(0, os.path.join(root, "benchmarks"))
import step_costs
names = step_costs.phases(files, os.getppid)
json.dump(names, open(names_out, "w"))
"""


def by_instructions(files: list[str]) -> dict[str, int]:
    """``{phase: instructions}`` from one callgrind run (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="step-costs-") as tmp:
        script = os.path.join(tmp, "child.py")
        with open(script, "w", encoding="utf-8") as fh:
            fh.write(_CHILD)
        names_out = os.path.join(tmp, "names.json")
        out = os.path.join(tmp, "cg.out")
        cmd = ["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}",
               os.path.realpath(sys.executable), script, ROOT, names_out, *[os.path.abspath(f) for f in files]]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=os.getcwd(),
                              env={**os.environ, "PYTHONHASHSEED": "0"})
        if done.returncode:
            raise SystemExit(f"valgrind failed:\n{done.stderr[-2000:]}")
        with open(names_out, encoding="utf-8") as fh:
            names = json.load(fh)
        totals = []
        for i in range(1, len(names) + 2):  # dump 1 = up to the first mark (startup, warm-up)
            with open(f"{out}.{i}", encoding="utf-8") as fh:
                totals.append(next(int(line.split()[1]) for line in fh if line.startswith("totals:")))
        return dict(zip(names, totals[1:]))


def by_cpu(files: list[str], repeats: int) -> dict[str, float]:
    """``{phase: CPU seconds}``, the minimum over ``repeats`` passes."""
    best: dict[str, float] = {}
    for _ in range(repeats):
        _clear_caches()
        stamps: list[float] = []
        names = phases(files, lambda: stamps.append(time.process_time()))
        for name, a, b in zip(names, stamps, stamps[1:]):
            best[name] = min(best.get(name, float("inf")), b - a)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", help="glob of raw files (repeatable; default: the real corpus)")
    ap.add_argument("--samples", default="", help="also every *.txt under this directory (default: none)")
    ap.add_argument("--cpu", action="store_true", help="CPU seconds instead of instructions (no valgrind)")
    ap.add_argument("--repeats", type=int, default=3, help="passes with --cpu (minimum kept)")
    ap.add_argument("--out", default=os.path.join(HERE, "results-step-costs.json"))
    args = ap.parse_args()
    sys.path.insert(0, ROOT)
    files = _files(args.corpus or [DEFAULT_CORPUS], args.samples)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    costs = by_cpu(files, args.repeats) if args.cpu else by_instructions(files)
    unit = "CPU s" if args.cpu else "instructions"
    total = sum(costs.values())
    print(f"{len(files)} files, {mb:.2f} MB; {unit} per phase (breadth first)")
    for name, value in sorted(costs.items(), key=lambda kv: -kv[1]):
        shown = f"{value:10.3f}" if args.cpu else f"{value / 1e9:8.3f} G"
        print(f"  {name:12s} {shown}  {100 * value / total:5.1f}%")
    print(f"  {'total':12s} {total:10.3f}" if args.cpu else f"  {'total':12s} {total / 1e9:8.3f} G")
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    result = {"commit": git, "files": len(files), "mb": round(mb, 3), "unit": unit,
              "phases": {k: (round(v, 4) if args.cpu else v) for k, v in costs.items()},
              "total": round(total, 4) if args.cpu else total}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1)
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
