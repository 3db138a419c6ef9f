"""The rows of ``bench.py`` measured one by one on a project it kept (``--keep``), by hand.

At 10,000 reports one MkDocs build takes 20-50 minutes on the 2-core machine, so
``bench.py --big`` runs for hours; this script measures the rows after the cold
and plain builds on the project a run left (``bench.py --keep``, or one stopped
after its plain build), each step its own choice, appending figures to
``--out`` (JSON, one key per row) as it goes::

    python benchmarks/bench_rows.py /tmp/bench-site-10000-XXXX sync refresh add edit bundle search

Steps, in the order given:

``sync``
    the project's code (``converters/``, ``overrides/``, ``mkdocs.yml``, hand-written
    ``docs/``) replaced by this checkout's, as ``bench.copy_project`` copies it.
``refresh``
    ``mkdocs build --dirty`` (timed hook): docs/, the site and the search index
    brought to the synced code (not a figure of record: a new converter reconverts all).
``add``
    one report of another seed (``--seed``) added to a province folder, then
    ``mkdocs build --dirty``: our stages after one added report (``hook_s``), wall.
``edit``
    a sentence inserted in the middle of one report, then ``mkdocs build --dirty``.
``editfull``
    the same edit of another report, then a full ``mkdocs build``.
``bundle``
    ``baocao bundle`` (wall, peak, zip bytes), then the zip unzipped as an office would.
``search``
    ``bench.search_benchmark``: Chromium on ``site/`` over HTTP and on the unzipped
    bundle from ``file://`` (needs ``bundle`` in this or an earlier run of ``--out``).

Every build row records the load average when it ended: the machine is shared,
so wall seconds are read with it (``hook_s`` are wall seconds of our hook events).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

STEPS = ("sync", "refresh", "add", "edit", "editfull", "bundle", "search")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", help="a project kept by bench.py (has mkdocs-bench.yml, raw/, site/)")
    ap.add_argument("steps", nargs="+", choices=STEPS)
    ap.add_argument("--out", default="bench-rows.json", help="JSON file the rows are added to")
    ap.add_argument("--seed", type=int, default=1042, help="seed of the added report (make_corpus.py)")
    args = ap.parse_args(argv)
    p = os.path.abspath(args.project)
    res = json.load(open(args.out, encoding="utf-8")) if os.path.exists(args.out) else {}

    def save() -> None:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=1, ensure_ascii=False)

    times_file = os.path.join(p, "hook-times.json")
    env = dict(os.environ, BENCH_HOOKS=os.pathsep.join(bench.hooks_of(os.path.join(p, "mkdocs.yml"))),
               BENCH_HOOKS_BASE=p, BENCH_HOOK_TIMES=times_file, NO_MKDOCS_2_WARNING="1")
    env.pop("BAOCAO_DOCS_FRESH", None)
    reports = bench.raw_files(os.path.join(p, "raw"))

    def build(label: str, *extra: str) -> dict:
        if os.path.exists(times_file):
            os.remove(times_file)
        log(f"{label} ...")
        before = os.times()
        r = bench.run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-bench.yml",
                                "-d", os.path.join(p, "site"), *extra], cwd=p, env=env, timeout=5400)
        after = os.times()
        r["cpu_s"] = after.children_user - before.children_user + after.children_system - before.children_system
        if os.path.exists(times_file):
            with open(times_file, encoding="utf-8") as fh:
                r["hook_s"] = json.load(fh)
        r["load"] = os.getloadavg()
        if r["exit"] == 0:
            r.pop("output")
        log(f"{label}: " + json.dumps({k: v for k, v in r.items() if k != "output"}))
        res[label] = r
        save()
        return r

    for step in args.steps:
        if step == "sync":
            for d in ("converters", "overrides"):
                shutil.rmtree(os.path.join(p, d), ignore_errors=True)
            bench.copy_project(p)
            res["code"] = subprocess.run(["git", "-C", bench.ROOT, "rev-parse", "--short", "HEAD"],
                                         capture_output=True, text=True).stdout.strip()
            log(f"synced code {res['code']}")
            save()
        elif step == "refresh":
            build("refresh --dirty (synced code)", "--dirty")
        elif step == "add":
            extra = os.path.join(p, f".bench-extra-{args.seed}")
            bench._load("make_corpus").make_corpus(1, extra, seed=args.seed, force=True)
            report = bench.raw_files(extra)[0]
            province = sorted(os.listdir(os.path.join(p, "raw")))[args.seed % 7]
            shutil.copy(report, os.path.join(p, "raw", province, f"zz-bench-added-{args.seed}.txt"))
            log(f"added {report} into {province}")
            build("rebuild --dirty, one added", "--dirty")
        elif step in ("edit", "editfull"):
            victim = reports[len(reports) // (3 if step == "edit" else 4)]
            bench._edit_report(victim, f" (đã sửa đổi để đo thời gian xây dựng lại, {time.time():.0f})")
            log(f"edited {victim}")
            build(*(("rebuild --dirty, one edited", "--dirty") if step == "edit" else ("rebuild, one edited",)))
        elif step == "bundle":
            dist = os.path.join(p, "dist")
            shutil.rmtree(dist, ignore_errors=True)
            log("bundle ...")
            r = bench.run_measured([sys.executable, "-m", "converters", "bundle", "-f", "mkdocs.yml", "-o", dist,
                                    "--date", "2000-01-01"], cwd=p, env=env, timeout=5400)
            zips = sorted(os.path.join(dist, f) for f in os.listdir(dist) if f.endswith(".zip")) \
                if os.path.isdir(dist) else []
            b = {"wall_s": r["wall_s"], "peak_mb": r["peak_mb"], "exit": r["exit"], "load": os.getloadavg()}
            if r["exit"] == 0 and zips:
                b["bytes"] = os.path.getsize(zips[0])
                unzipped = os.path.join(p, "bundle-unzipped")
                shutil.rmtree(unzipped, ignore_errors=True)
                t0 = time.perf_counter()
                with zipfile.ZipFile(zips[0]) as zf:
                    zf.extractall(unzipped)
                    top = zf.namelist()[0].split("/")[0]
                b["unzip_s"] = time.perf_counter() - t0
                b["offline_dir"] = os.path.join(unzipped, top)
            else:
                b["output"] = r["output"][-2000:]
            res["bundle"] = b
            log("bundle: " + json.dumps(b))
            save()
        elif step == "search":
            log("search ...")
            bench.log = log
            res["search"] = bench.search_benchmark(os.path.join(p, "site"), (res.get("bundle") or {}).get("offline_dir"))
            res["search"]["load"] = os.getloadavg()
            save()
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
