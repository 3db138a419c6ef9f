"""Instructions the converter executes on the real corpus (cachegrind), a figure the machine's load does not move.

Usage::

    python benchmarks/count_instructions.py [--step NAME] [--tree DIR ...] [--corpus GLOB]

CPU seconds on the shared 2-core machine vary by 20-30% with what other
processes do (load averages of 5-9 are common), which hides a 5% speed-up;
the count of executed instructions (valgrind's cachegrind, ``I refs``) does
not.  For each ``--tree`` (a checkout of the project; default: this one) it
counts, with ``PYTHONHASHSEED=0``:

- without ``--step``: converting every file of the corpus once
  (``convert_file`` + ``page.markdown``, after one warm-up document);
- with ``--step NAME``: that pipeline step alone over the states just before it
  (prepared once by this tree's converter and pickled, so every tree runs the
  step on the same input);

minus a run that only imports (and unpickles), and prints one line per tree:
``<tree> <instructions> <ratio to the first tree>``.  Each count takes some
minutes (valgrind runs Python 20-50 times slower); run it under ``nice``.
Needs ``valgrind`` on the PATH.  Run from the repository root.
"""

from __future__ import annotations

import argparse
import glob
import os
import pickle
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "real", "raw", "*.txt")

_CHILD = r"""
import glob, os, pickle, sys
tree, corpus, step, states, skip = sys.argv[1:6]
sys.path.insert(0, tree)
from converters import convert_file, pipeline
if step:
    fn = dict(pipeline.steps())[step]
    loaded = pickle.load(open(states, "rb"))
    if skip != "skip":
        for s in loaded:
            fn(s)
else:
    files = sorted(glob.glob(corpus))
    convert_file(files[0], root=".").markdown
    if skip != "skip":
        for f in files:
            convert_file(f, root=".").markdown
"""


def _prepare(step: str, corpus: str, out: str) -> None:
    """Pickle the states of every corpus file right before ``step`` (this tree's converter)."""
    from converters import pipeline
    from converters.model import DocState
    from converters.read.formats import read_source

    steps = pipeline.steps()
    idx = [n for n, _ in steps].index(step)
    states = []
    for path in sorted(glob.glob(corpus)):
        with open(path, "rb") as fh:
            text, _ = read_source(fh.read(), path)
        state = DocState(source=path, text=text)
        for name, fn in steps[:idx]:
            fn(state)
            state.trace.append(name)
        states.append(state)
    with open(out, "wb") as fh:
        pickle.dump(states, fh)


def _count(script: str, tree: str, corpus: str, step: str, states: str, skip: bool) -> int:
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, script, tree, corpus, step, states, "skip" if skip else "run"]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, cwd=tempfile.gettempdir())
    m = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode or not m:
        raise SystemExit(f"valgrind failed for {tree}:\n{done.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--step", default="", help="one pipeline step (default: the whole conversion)")
    ap.add_argument("--tree", action="append", help="a checkout of the project (repeatable; default: this one)")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    args = ap.parse_args()
    trees = [os.path.abspath(t) for t in (args.tree or [ROOT])]
    sys.path.insert(0, ROOT)
    with tempfile.TemporaryDirectory(prefix="count-instructions-") as tmp:
        script = os.path.join(tmp, "child.py")
        with open(script, "w", encoding="utf-8") as fh:
            fh.write(_CHILD)
        states = os.path.join(tmp, "states.pkl")
        if args.step:
            _prepare(args.step, args.corpus, states)
        base = _count(script, trees[0], args.corpus, args.step, states, skip=True)
        first = None
        for tree in trees:
            n = _count(script, tree, args.corpus, args.step, states, skip=False) - base
            first = first or n
            print(f"{tree} {n:,} {n / first:.3f}", flush=True)


if __name__ == "__main__":
    main()
