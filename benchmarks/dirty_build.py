"""Wall time of ``mkdocs build --dirty`` after one report added, on scratch projects, interleaved.

Usage::

    python benchmarks/dirty_build.py REPORT PROJECT [PROJECT ...] [--repeats K] [--json OUT]

Each ``PROJECT`` is a project made by ``prebuild_rebuild.py setup`` (its own copy of
``converters/``, which the build imports: ``PYTHONPATH`` is set to the project) and built once
in full (``mkdocs build``: ``site/`` is there).  Per round and project, in turn: copy ``REPORT``
(a raw file, or the one ``.txt`` of a corpus directory, with its province folder) into
``raw/``, run ``mkdocs build --dirty`` and time it (wall seconds: the whole build, the hook's
pre- and post-build included, as ``mkdocs serve`` runs it), count the files of ``docs/`` and
``site/`` newer than the start and their bytes; then remove the report and build ``--dirty``
again, not timed, so every round adds it to the same corpus.  Prints one JSON line per run and
the medians; ``--json`` writes them.  Run it under ``nice -n 19`` on a shared machine and give
the load average with the figures: wall time on a loaded machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from prebuild_rebuild import _report_file  # noqa: E402


def _newer(top: str, since: float) -> tuple[int, int]:
    """``(files, bytes)`` under ``top`` modified after ``since`` (epoch seconds)."""
    files = size = 0
    for d, _dirs, names in os.walk(top):
        for n in names:
            st = os.stat(os.path.join(d, n))
            if st.st_mtime > since:
                files += 1
                size += st.st_size
    return files, size


def _build(project: str) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=project, NO_MKDOCS_2_WARNING="1")
    env.pop("BAOCAO_DOCS_FRESH", None)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-q"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report")
    parser.add_argument("projects", nargs="+")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    src, rel = _report_file(args.report)
    runs: dict[str, list[dict]] = {p: [] for p in args.projects}
    for _ in range(args.repeats):
        for project in args.projects:
            dest = os.path.join(project, "raw", rel)
            made = not os.path.isdir(os.path.dirname(dest))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(src, dest)
            start = time.time()
            try:
                wall, rc = _build(project)
                docs, site = _newer(os.path.join(project, "docs"), start), _newer(os.path.join(project, "site"), start)
                run = {"project": project, "wall_s": round(wall, 2), "rc": rc, "docs_written": docs[0],
                       "docs_bytes": docs[1], "site_written": site[0], "site_bytes": site[1],
                       "load": os.getloadavg()[0]}
                runs[project].append(run)
                print(json.dumps(run), flush=True)
            finally:
                os.remove(dest)
                if made:
                    os.rmdir(os.path.dirname(dest))
                _build(project)  # the corpus without it again, not timed
    summary = {p: {"median_wall_s": round(statistics.median(r["wall_s"] for r in rs), 2), "runs": rs}
               for p, rs in runs.items()}
    print(json.dumps({p: s["median_wall_s"] for p, s in summary.items()}))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"report": args.report, "projects": summary}, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
