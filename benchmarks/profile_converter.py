"""Profile the converter on the real corpus (issues [2/6] and [5/6]); prints figures, writes JSON.

Usage::

    python benchmarks/profile_converter.py [--corpus GLOB] [--top 30]
                                           [--out benchmarks/results-profile.json] [--no-profile]
                                           [--repeats N]

Passes over the same files, each after emptying the converter's
``functools`` caches and converting one warm-up document (imports, compiled
patterns and lexicon loads are not counted; lines cached by an earlier pass are not):

1. plain timing: ``converters.convert_file`` + ``page.markdown`` per file,
   MB/s of raw bytes on one core (the figure issue [5/6] targets: 5 MB/s), by wall
   time and by this process's CPU time (steadier when other processes share the cores);
   with ``--repeats N``, N CPU-time passes and their minimum (``cpu_seconds_min``);
2. per-step times: each step of ``pipeline.steps()`` timed separately (plus
   rendering), so the slowest step is visible without profiler overhead: once by
   wall time (``steps_s``), then N times by CPU time, the minimum per step kept
   (``steps_cpu_s``: the figures to compare on a loaded machine);
3. cProfile of pass 1, top functions by own time and by cumulative time.

The machine is shared: compare runs made back to back under the same
conditions, not absolute figures across days.  Run from the repository root.
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import io
import json
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

DEFAULT_CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus", "real", "raw", "*.txt")


def _fresh(warm: str) -> None:
    """Empty every ``functools`` cache of the converter, then convert ``warm`` once.

    Each pass converts the same files; without this, later passes would find
    every line already cached by the earlier ones and look faster than a build.
    """
    for name, mod in list(sys.modules.items()):
        if name.startswith("converters"):
            for obj in list(vars(mod).values()):
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()
    _convert_all([warm])


def _convert_all(files: list[str]) -> None:
    from converters import convert_file

    for path in files:
        convert_file(path, root=".").markdown


def _timed_steps(files: list[str], clock=time.perf_counter) -> dict[str, float]:
    """Seconds per pipeline step over ``files`` (steps wrapped, then restored).

    ``clock``: ``time.perf_counter`` (wall time) or ``time.process_time`` (this
    process's CPU time, which other processes' turns on a loaded machine do not count).
    """
    from converters import convert_file, pipeline

    totals: dict[str, float] = {}
    original = pipeline.steps

    def wrapped() -> list:
        out = []
        for name, step in original():
            def timed(state, _step=step, _name=name):
                t0 = clock()
                try:
                    _step(state)
                finally:
                    totals[_name] = totals.get(_name, 0.0) + clock() - t0
            out.append((name, timed))
        return out

    pipeline.steps = wrapped
    try:
        for path in files:
            t0 = clock()
            page = convert_file(path, root=".")
            t1 = clock()
            page.markdown
            totals["render (page.markdown)"] = totals.get("render (page.markdown)", 0.0) + clock() - t1
            totals["_total"] = totals.get("_total", 0.0) + clock() - t0
    finally:
        pipeline.steps = original
    stepsum = sum(v for k, v in totals.items() if not k.startswith("_") and not k.startswith("render"))
    totals["read, decode, render body (rest)"] = totals["_total"] - stepsum - totals["render (page.markdown)"]
    return totals


def _top(stats: pstats.Stats, key: str, n: int) -> list[dict]:
    stats.sort_stats(key)
    rows = []
    for func in stats.fcn_list[:n]:  # type: ignore[attr-defined]
        cc, nc, tt, ct, _callers = stats.stats[func]  # type: ignore[attr-defined]
        filename, line, name = func
        short = os.path.relpath(filename) if filename.startswith(os.getcwd()) else filename
        rows.append({"function": f"{short}:{line}({name})", "calls": nc, "own_s": round(tt, 4), "cum_s": round(ct, 4)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="glob of raw files (default: the real corpus)")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results-profile.json"))
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile pass")
    ap.add_argument("--repeats", type=int, default=1,
                    help="CPU-time passes (whole run and per step), the minimum of each kept (default 1)")
    args = ap.parse_args(argv)

    files = sorted(glob.glob(args.corpus))
    if not files:
        print(f"no files match {args.corpus}", file=sys.stderr)
        return 2
    size = sum(os.path.getsize(f) for f in files)
    _convert_all(files[:1])  # warm-up: imports, lexicons, compiled patterns
    _fresh(files[0])

    t0, c0 = time.perf_counter(), time.process_time()
    _convert_all(files)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    mbps = size / 1e6 / wall
    print(f"{len(files)} files, {size / 1e6:.2f} MB, {wall:.2f} s: {mbps:.2f} MB/s (target 5 MB/s per core)")
    # On a loaded machine the wall time counts other processes' turns: CPU time is the steadier figure.
    print(f"  CPU time of this process: {cpu:.2f} s: {size / 1e6 / cpu:.2f} MB/s; load average {os.getloadavg()[0]:.1f}")

    # More CPU-time passes: the minimum is the figure least disturbed by other processes
    # (their turns on the cores still cost this one cache misses and slower clocks).
    cpus = [cpu]
    for _ in range(args.repeats - 1):
        _fresh(files[0])
        c0 = time.process_time()
        _convert_all(files)
        cpus.append(time.process_time() - c0)
    cpu_min = min(cpus)
    if args.repeats > 1:
        print(f"  CPU time, minimum of {args.repeats} passes: {cpu_min:.2f} s: {size / 1e6 / cpu_min:.2f} MB/s")

    _fresh(files[0])
    steps = _timed_steps(files)
    steps_cpu: dict[str, float] = {}
    for _ in range(args.repeats):
        _fresh(files[0])
        for name, sec in _timed_steps(files, clock=time.process_time).items():
            steps_cpu[name] = min(steps_cpu.get(name, sec), sec)
    print("\nper step (wall s, share of total; CPU s, minimum of passes, share):")
    total, total_cpu = steps["_total"], steps_cpu["_total"]
    for name, sec in sorted(steps.items(), key=lambda kv: -kv[1]):
        if not name.startswith("_"):
            c = steps_cpu.get(name, 0.0)
            print(f"  {name:34s} {sec:7.3f}  {100 * sec / total:5.1f}%   {c:7.3f}  {100 * c / total_cpu:5.1f}%")

    result: dict = {
        "files": len(files),
        "bytes": size,
        "seconds": round(wall, 3),
        "mb_per_s": round(mbps, 3),
        "cpu_seconds": round(cpu, 3),
        "mb_per_s_cpu": round(size / 1e6 / cpu, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "target_mb_per_s": 5.0,
        "cpu_repeats": args.repeats,
        "cpu_seconds_min": round(cpu_min, 3),
        "mb_per_s_cpu_min": round(size / 1e6 / cpu_min, 3),
        "steps_s": {k: round(v, 4) for k, v in steps.items()},
        "steps_cpu_s": {k: round(v, 4) for k, v in steps_cpu.items()},
    }
    if not args.no_profile:
        _fresh(files[0])
        prof = cProfile.Profile()
        prof.enable()
        _convert_all(files)
        prof.disable()
        stats = pstats.Stats(prof, stream=io.StringIO())
        result["top_own"] = _top(stats, "tottime", args.top)
        result["top_cumulative"] = _top(stats, "cumulative", args.top)
        print(f"\ntop {args.top} by own time (profiled; overhead inflates small calls):")
        for row in result["top_own"]:
            print(f"  {row['own_s']:7.3f} {row['cum_s']:7.3f} {row['calls']:8d}  {row['function']}")
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)
    print(f"\nwritten {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
