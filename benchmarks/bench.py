"""Performance benchmark of baocao at scale (issue [5/6]); prints a table, writes results.json.

Usage::

    python benchmarks/bench.py [--sizes 100,1000] [--big] [--seed 1]
                               [--no-site] [--no-bundle] [--no-engines] [--no-linearity]
                               [--linearity-max-mb 50] [--out benchmarks/results.json]

For each corpus size N (100 and 1,000; 10,000 with ``--big``) it synthesizes a
corpus with ``make_corpus.py`` and measures:

1. converter throughput (MB/s of raw bytes, one process: read, decode,
   convert, write the page) and the floor (read, decode, NFC, write only);
2. in a temporary copy of the project whose ``raw/`` is the corpus:
   a cold ``mkdocs build`` (wall time, peak RSS of the build process tree,
   seconds spent in each event of our hook, timed by ``timed_hook.py``), a
   plain ``mkdocs build`` of the generated Markdown with the hook disabled,
   side by side, so our overhead = (full - plain) / plain; a warm rebuild with
   nothing changed; a rebuild after adding one report and after editing one
   (our hook's time is the "converted pages" figure, MkDocs' own time is
   reported beside it); sizes of the site, search index, offline bundle
   (``baocao bundle``), per report;
3. each site engine side by side (MkDocs, ProperDocs, Zensical, those
   installed): a cold ``baocao build --engine E`` and the engine alone on the
   same generated pages, wall time and peak RSS (issue [4/6]);
4. converter time per MB for growing and adversarial single documents
   (``linearity.py``).

Each figure is compared with the targets of issue [5/6]; a piece that is not
there yet prints ``n/a: <reason>``.  Run from the repository root with the
project's venv: ``.venv/bin/python benchmarks/bench.py``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

MB = 1e6

#: Targets of issue [5/6] on the 2-core reference machine.
TARGETS = {
    "converter_mb_s": 5.0,  # at least, per core
    "converter_floor_ratio": 5.0,  # at most (floor MB/s over converter MB/s)
    "overhead_pct": 25.0,  # at most, over a plain mkdocs build of the same Markdown
    "build_s": {1000: 60.0, 10000: 600.0},  # at most
    "peak_mb": {1000: 2048.0, 10000: 8192.0},  # at most
    "rebuild_hook_s": 2.0,  # at most, after adding or editing one report: our stages (hook events summed)
    "search_first_ms": 1000.0,  # at most, first results of a query, online and from file://
    "search_task_ms": 200.0,  # at most, longest main-thread task while searching
}


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def log(msg: str) -> None:
    print(msg, flush=True)


def _clock() -> str:
    """Wall-clock time (UTC, HH:MM:SS) for progress lines of a long run."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%H:%M:%S UTC")


# ------------------------------------------------------------------ machine


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            models = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        info["cpu"] = models[0] if models else platform.processor()
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
        info["memory_gb"] = round(kb / 2**20, 1)
    except OSError:
        pass
    for dist in ("mkdocs", "mkdocs-material"):
        try:
            from importlib.metadata import version

            info[dist] = version(dist)
        except Exception:  # noqa: BLE001
            info[dist] = None
    try:
        info["commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        info["worktree_dirty"] = bool(dirty)
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = None
    return info


# ------------------------------------------------------------------ converter


def raw_files(folder: str) -> list[str]:
    out = []
    for d, dirs, files in os.walk(folder):
        dirs.sort()
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith(".txt")]
    return out


def converter_throughput(corpus: str, sample: int | None = None) -> dict:
    """Converter and floor MB/s over the raw files of ``corpus`` (one process).

    ``sample``: at most that many files, evenly spread over the sorted list
    (a rate in MB/s does not need all 10,000 reports: it would take 15 min).
    """
    from converters import convert_file
    from converters.read.decode import decode

    files = raw_files(corpus)
    if sample and len(files) > sample:
        step = len(files) / sample
        files = [files[int(i * step)] for i in range(sample)]
    total = sum(os.path.getsize(f) for f in files)
    out = tempfile.mkdtemp(prefix="bench-pages-")
    try:
        for f in files:  # warm the page cache and the imports
            with open(f, "rb") as fh:
                fh.read()
        t0 = time.perf_counter()
        failed_floor = 0
        for i, f in enumerate(files):
            with open(f, "rb") as fh:
                data = fh.read()
            try:
                text = unicodedata.normalize("NFC", decode(data, f).text)
            except Exception:  # noqa: BLE001
                failed_floor += 1
                continue
            with open(os.path.join(out, f"{i}.md"), "w", encoding="utf-8") as fh:
                fh.write(text)
        floor_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        failed, errors = 0, {}
        for i, f in enumerate(files):
            try:
                page = convert_file(f, root=corpus)
            except Exception as exc:  # noqa: BLE001
                failed += 1
                errors.setdefault(type(exc).__name__, str(exc)[:200])
                continue
            with open(os.path.join(out, f"{i}.md"), "w", encoding="utf-8") as fh:
                fh.write(page.markdown)
        conv_s = time.perf_counter() - t0
    finally:
        shutil.rmtree(out, ignore_errors=True)
    res = {
        "files": len(files), "raw_mb": total / MB,
        "converter_s": conv_s, "converter_mb_s": total / MB / conv_s,
        "floor_s": floor_s, "floor_mb_s": total / MB / floor_s,
        "ratio": conv_s / floor_s, "failed": failed, "floor_failed": failed_floor,
    }
    if errors:
        res["errors"] = errors
    return res


# ------------------------------------------------------------------ site builds


def run_measured(cmd: list[str], cwd: str, env: dict | None = None, timeout: float | None = None) -> dict:
    """Run ``cmd``; return wall seconds, peak RSS (MB) of its process tree, exit code, output tail."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = None if timeout is None else t0 + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if deadline and time.perf_counter() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.02)
        except BaseException:  # Ctrl-C / SIGTERM of the benchmark: no build left running behind it
            proc.kill()
            proc.wait()
            raise
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        tail = out.read()[-3000:].decode("utf-8", "replace")
    # ru_maxrss of wait4 is the largest RSS of the child or any descendant it waited for, in KB
    return {"wall_s": wall, "peak_mb": usage.ru_maxrss / 1024, "exit": proc.returncode, "output": tail}


def hooks_of(config_file: str) -> list[str]:
    """The ``hooks:`` list of an mkdocs.yml (unknown YAML tags tolerated)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    with open(config_file, encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=Loader) or {}
    return list(config.get("hooks") or [])


def copy_project(dest: str) -> None:
    """Copy the working tree as a fresh clone would see it (plus uncommitted files), without raw/ and tests."""
    try:
        listed = subprocess.run(["git", "-C", ROOT, "ls-files", "-co", "--exclude-standard", "-z"],
                                capture_output=True, check=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (e.g. `git archive` export)
        listed = []
        skip = {".git", ".venv", "site", "dist", ".cache", "__pycache__", "out"}
        generated = {"docs/bao-cao", "docs/van-ban", "docs/duyet"}
        for d, dirs, files in os.walk(ROOT):
            rel_d = os.path.relpath(d, ROOT).replace(os.sep, "/")
            dirs[:] = [x for x in dirs if x not in skip and f"{rel_d}/{x}".lstrip("./") not in generated]
            listed += [f"{rel_d}/{f}".removeprefix("./") for f in files]
    for rel in listed:
        if not rel or rel.split("/")[0] in ("raw", "tests", "benchmarks", ".ci", ".git"):
            continue
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):
            continue
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, rel))


def dir_size(path: str) -> tuple[int, int]:
    total = count = 0
    for d, _dirs, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
            count += 1
    return total, count


def search_index_size(site: str) -> dict:
    """Bytes of whatever search index the site ships (Material's or ours)."""
    found = {}
    for d, _dirs, files in os.walk(site):
        rel = os.path.relpath(d, site)
        for f in files:
            p = os.path.join(rel, f)
            if re.search(r"search_index|search/index|pagefind", p.replace(os.sep, "/")):
                found[p] = os.path.getsize(os.path.join(d, f))
    return {"bytes": sum(found.values()), "files": len(found)}


def _edit_report(path: str, note: str) -> None:
    """Insert ``note`` after a sentence in the middle of the raw report at ``path`` (a real edit of its body)."""
    with open(path, "rb") as fh:
        data = fh.read()
    mid = data.find(b". ", len(data) // 2)
    mid = mid if mid > 0 else len(data) // 2
    with open(path, "wb") as fh:
        fh.write(data[:mid] + note.encode() + data[mid:])


def search_benchmark(online_site: str, offline_site: str | None) -> dict:
    """Search timings in Chromium on the built sites (``search_scale.browse``): online over HTTP, offline from ``file://``.

    Per query: ``cold_ms`` (query pasted -> results shown, nothing cached),
    ``typed_ms``, longest main-thread task, ``index_kb`` fetched.  Returns
    ``{"online": {query: row}, "offline": {...}, "summary": {...}}`` or ``{"na": reason}``.
    """
    if importlib.util.find_spec("playwright") is None or not os.path.exists("/usr/bin/chromium"):
        return {"na": "playwright or /usr/bin/chromium missing"}
    import functools
    import http.server
    import threading

    ss = _load("search_scale")
    reports = sorted(os.path.relpath(d, online_site).replace(os.sep, "/") + "/"
                     for d, _dirs, files in os.walk(os.path.join(online_site, "bao-cao")) if "index.html" in files)
    reports = [r for r in reports if r.count("/") >= 3]  # bao-cao/<province>/<report>/
    if not reports:
        return {"na": "no report page in the built site"}
    page = reports[len(reports) // 2]
    out: dict = {"page": page}
    handler = functools.partial(ss.QuietHandler, directory=online_site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out["online"] = ss.browse(f"http://127.0.0.1:{server.server_port}/", online_site, page, ss.QUERIES)
    finally:
        server.shutdown()
    if offline_site:
        out["offline"] = ss.browse("file://" + offline_site + "/", offline_site, page.rstrip("/") + ".html", ss.QUERIES)
    summary = {}
    for mode in ("online", "offline"):
        rows = list((out.get(mode) or {}).values())
        if rows:
            summary[mode] = {
                "worst_cold_ms": max(r["cold_ms"] for r in rows),
                "worst_typed_ms": max(r["typed_ms"] for r in rows),
                # while searching (query pasted, or typed key by key); opening the page is apart
                "longest_task_ms": max(max(r["longest_task_ms"], r["typed_longest_task_ms"]) for r in rows),
                "page_open_task_ms": max(r["page_longest_task_ms"] for r in rows),
                "mean_index_kb": sum(r["index_kb"] for r in rows) / len(rows),
                "max_index_kb": max(r["index_kb"] for r in rows),
            }
            sm = summary[mode]
            log(f"    search {mode:<7} first results <= {sm['worst_cold_ms']} ms (typed {sm['worst_typed_ms']} ms), "
                f"longest task searching {sm['longest_task_ms']} ms (opening the page {sm['page_open_task_ms']} ms), "
                f"index fetched per query {sm['mean_index_kb']:.0f} kB "
                f"(max {sm['max_index_kb']} kB)")
            for q, r in out[mode].items():
                log(f"      {q!r:28} cold {r['cold_ms']:5} ms typed {r['typed_ms']:5} ms task {r['longest_task_ms']:4} ms "
                    f"{r['index_kb']:5} kB {r['results']:3} results")
    out["summary"] = summary
    return out


def site_benchmark(n: int, corpus: str, extra_report: str, bundle: bool, keep: bool,
                   warm: bool = True, search: bool = True) -> dict:
    """The MkDocs builds of one corpus in a temporary project copy (see the module docstring); figures as a dict.

    ``warm``: also time a rebuild with nothing changed; ``search``: time
    searches in Chromium on the built site and the unzipped offline bundle.
    """
    res: dict = {}
    config = os.path.join(ROOT, "mkdocs.yml")
    if not os.path.exists(config):
        return {"na": "no mkdocs.yml in the repository"}
    work = tempfile.mkdtemp(prefix=f"bench-site-{n}-")
    try:
        copy_project(work)
        shutil.copytree(corpus, os.path.join(work, "raw"), ignore=shutil.ignore_patterns("manifest.json"))
        hooks = hooks_of(os.path.join(work, "mkdocs.yml"))
        timed = os.path.join(work, "bench_timed_hook.py")
        shutil.copy(os.path.join(HERE, "timed_hook.py"), timed)
        with open(os.path.join(work, "mkdocs-bench.yml"), "w", encoding="utf-8") as fh:
            fh.write("INHERIT: mkdocs.yml\nhooks:\n  - bench_timed_hook.py\n")
        with open(os.path.join(work, "mkdocs-plain.yml"), "w", encoding="utf-8") as fh:
            fh.write("INHERIT: mkdocs.yml\nhooks: []\n")
        times_file = os.path.join(work, "hook-times.json")
        env = dict(os.environ, BENCH_HOOKS=os.pathsep.join(hooks), BENCH_HOOKS_BASE=work,
                   BENCH_HOOK_TIMES=times_file, NO_MKDOCS_2_WARNING="1")
        env.pop("BAOCAO_DOCS_FRESH", None)
        site_dir = os.path.join(work, "site")

        def build(label: str, config_name: str, *extra: str) -> dict:
            if os.path.exists(times_file):
                os.remove(times_file)
            log(f"    {label} ... ({_clock()})")
            r = run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config_name, "-d", site_dir, *extra],
                             cwd=work, env=env, timeout=3600)
            if os.path.exists(times_file):
                with open(times_file, encoding="utf-8") as fh:
                    r["hook_s"] = json.load(fh)
            if r["exit"] != 0:
                log(f"    {label}: mkdocs build failed (exit {r['exit']}):\n{r['output'][-1500:]}")
            else:
                hook = sum(r.get("hook_s", {}).values())
                log(f"    {label:<22} {r['wall_s']:8.1f} s  peak {r['peak_mb']:7.0f} MB  our hook {hook:6.2f} s "
                    + " ".join(f"{k}={v:.2f}" for k, v in r.get("hook_s", {}).items()))
            r.pop("output") if r["exit"] == 0 else None
            return r

        res["hooks"] = hooks
        res["cold"] = build("full build (cold)", "mkdocs-bench.yml")
        if res["cold"]["exit"] != 0:
            return res
        size, count = dir_size(site_dir)
        res["site"] = {"bytes": size, "files": count, "per_report_bytes": size / n,
                       "search_index": search_index_size(site_dir)}
        res["plain"] = build("plain (hook disabled)", "mkdocs-plain.yml")
        if warm:
            res["warm"] = build("rebuild, no change", "mkdocs-bench.yml")
        # add one report (from another seed: a new document) in an existing province folder
        province = sorted(os.listdir(os.path.join(work, "raw")))[0]
        shutil.copy(extra_report, os.path.join(work, "raw", province, "zz-bench-added-report.txt"))
        res["add_one"] = build("rebuild, one added", "mkdocs-bench.yml")
        # edit one: change a sentence in the middle of a report
        victim = raw_files(os.path.join(work, "raw"))[n // 2]
        _edit_report(victim, " (đã sửa đổi để đo thời gian xây dựng lại)")
        res["edit_one"] = build("rebuild, one edited", "mkdocs-bench.yml")
        # `mkdocs serve --dirty` on a change = `build --dirty`: MkDocs renders only the pages whose
        # Markdown is newer than their HTML (our hook and search index still run in full)
        _edit_report(victim, " (sửa lần hai)")
        res["edit_one_dirty"] = build("rebuild --dirty, one edited", "mkdocs-bench.yml", "--dirty")
        online_copy = None
        if search:  # the online site as built (the bundle build below uses its own site dir)
            online_copy = site_dir
        offline_dir = None
        if bundle:
            if importlib.util.find_spec("converters.site.bundle") is None:
                res["bundle"] = {"na": "baocao bundle does not exist yet"}
            else:
                r = run_measured([sys.executable, "-m", "converters", "bundle", "-f", "mkdocs.yml", "-o",
                                  os.path.join(work, "dist"), "--date", "2000-01-01"], cwd=work, env=env, timeout=3600)
                zips = [os.path.join(work, "dist", f) for f in os.listdir(os.path.join(work, "dist"))
                        if f.endswith(".zip")] if os.path.isdir(os.path.join(work, "dist")) else []
                if r["exit"] == 0 and zips:
                    zb = os.path.getsize(zips[0])
                    res["bundle"] = {"wall_s": r["wall_s"], "peak_mb": r["peak_mb"], "bytes": zb,
                                     "per_report_bytes": zb / n}
                    log(f"    {'offline bundle':<22} {r['wall_s']:8.1f} s  peak {r['peak_mb']:7.0f} MB  "
                        f"zip {zb / MB:.1f} MB ({zb / n / 1e3:.0f} KB per report)")
                    if search:  # unzip it as an office would, and search it from file://
                        import zipfile

                        t0 = time.perf_counter()
                        unzipped = os.path.join(work, "bundle-unzipped")
                        with zipfile.ZipFile(zips[0]) as zf:
                            zf.extractall(unzipped)
                            top = zf.namelist()[0].split("/")[0]
                        offline_dir = os.path.join(unzipped, top)
                        res["bundle"]["unzip_s"] = time.perf_counter() - t0
                else:
                    res["bundle"] = {"na": f"baocao bundle failed (exit {r['exit']}): {r['output'][-300:]}"}
                    log(f"    offline bundle: n/a: failed (exit {r['exit']})\n{r['output'][-800:]}")
        if search and online_copy:
            log(f"    search in Chromium ... ({_clock()})")
            try:
                res["search"] = search_benchmark(online_copy, offline_dir)
            except Exception as exc:  # noqa: BLE001 - a browser problem must not lose the build figures
                res["search"] = {"na": f"{type(exc).__name__}: {exc}"}
            if "na" in res["search"]:
                log(f"    search: n/a: {res['search']['na']}")
        return res
    finally:
        if keep:
            log(f"    kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def engines_benchmark(n: int, corpus: str, keep: bool) -> dict:
    """Each available engine side by side on one project copy (issue [4/6]).

    Per engine: ``with_ours`` = a cold ``baocao build --engine E`` (our three
    stages, page cache emptied first) and ``engine_only`` = the engine alone on
    the ``docs/`` that build generated (our hook told to do nothing, no search
    index); wall seconds and peak RSS of the process tree.
    """
    from converters.site import engines as eng
    from converters.site.generate import FRESH_ENV
    from converters.site.postbuild import POST_ENV

    res: dict = {}
    work = tempfile.mkdtemp(prefix=f"bench-engines-{n}-")
    try:
        copy_project(work)
        shutil.copytree(corpus, os.path.join(work, "raw"), ignore=shutil.ignore_patterns("manifest.json"))
        base_env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        base_env.pop(FRESH_ENV, None)
        for name in eng.ENGINES:
            if not eng.available(name):
                res[name] = {"na": f"{name} not installed (pip install -e '.[engines]')"}
                log(f"    {name:<11} n/a: not installed")
                continue
            shutil.rmtree(os.path.join(work, ".cache"), ignore_errors=True)
            site_dir = os.path.join(work, f"site-{name}")
            full = run_measured([sys.executable, "-m", "converters", "build", "--engine", name, "--root", work,
                                 "-d", site_dir], cwd=work, env=base_env, timeout=3600)
            alone_env = dict(base_env, **{FRESH_ENV: "1", POST_ENV: "1"})
            config = os.path.join(work, "mkdocs.yml")
            if name == "zensical":  # site_dir comes from the config; build into the default one
                cmd = eng.command(name, config)
            else:
                cmd = eng.command(name, config, site_dir=site_dir + "-alone")
            alone = run_measured(cmd, cwd=work, env=alone_env, timeout=3600)
            row = {"with_ours": {k: full[k] for k in ("wall_s", "peak_mb", "exit")},
                   "engine_only": {k: alone[k] for k in ("wall_s", "peak_mb", "exit")}}
            if full["exit"] == 0 and alone["exit"] == 0:
                row["overhead_pct"] = (full["wall_s"] - alone["wall_s"]) / alone["wall_s"] * 100
                log(f"    {name:<11} with our stages {full['wall_s']:7.1f} s peak {full['peak_mb']:6.0f} MB | "
                    f"engine alone {alone['wall_s']:7.1f} s peak {alone['peak_mb']:6.0f} MB | "
                    f"ours {row['overhead_pct']:.0f}% over the engine")
            else:
                bad = full if full["exit"] else alone
                row["na"] = f"exit {bad['exit']}: {bad['output'][-300:]}"
                log(f"    {name:<11} failed: {row['na']}")
            res[name] = row
        return res
    finally:
        if keep:
            log(f"    kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------ verdicts


def judge(label: str, value: float | None, target: float, higher_is_better: bool, unit: str) -> dict:
    if value is None:
        return {"target": label, "status": "n/a", "text": f"{label}: n/a"}
    ok = value >= target if higher_is_better else value <= target
    if higher_is_better:
        margin = (value / target - 1) * 100
    else:
        margin = (1 - value / target) * 100
    word = "met" if ok else "MISSED"
    factor = target / value if higher_is_better else value / target
    how = f"by {abs(margin):.0f}%" + ("" if ok else f" (needs a {factor:.2f}x improvement)")
    text = f"{label}: {value:.2f} {unit} vs target {'>=' if higher_is_better else '<='} {target:g} {unit}: {word} {how}"
    return {"target": label, "value": value, "goal": target, "status": "met" if ok else "missed",
            "margin_pct": margin, "text": text}


def verdicts(runs: dict) -> list[dict]:
    out = []
    for n, r in runs.items():
        n = int(n)
        c = r.get("converter") or {}
        if "converter_mb_s" in c:
            out.append(judge(f"N={n} converter throughput", c["converter_mb_s"], TARGETS["converter_mb_s"], True, "MB/s"))
            out.append(judge(f"N={n} converter time / floor time", c["ratio"], TARGETS["converter_floor_ratio"], False, "x"))
        s = r.get("site") or {}
        if s.get("cold", {}).get("exit") == 0 and s.get("plain", {}).get("exit") == 0:
            overhead = (s["cold"]["wall_s"] - s["plain"]["wall_s"]) / s["plain"]["wall_s"] * 100
            out.append(judge(f"N={n} our overhead over plain mkdocs build", overhead, TARGETS["overhead_pct"], False, "%"))
        if s.get("cold", {}).get("exit") == 0:
            if n in TARGETS["build_s"]:
                out.append(judge(f"N={n} full build", s["cold"]["wall_s"], TARGETS["build_s"][n], False, "s"))
                out.append(judge(f"N={n} peak memory", s["cold"]["peak_mb"], TARGETS["peak_mb"][n], False, "MB"))
        for key, label in (("add_one", "one added"), ("edit_one", "one edited")):
            b = s.get(key) or {}
            if b.get("exit") == 0 and "hook_s" in b:
                # our stages = conversion + site-wide pages (on_pre_build) + search index (on_post_build)
                out.append(judge(f"N={n} rebuild, {label}: our stages (pre_build + search index)",
                                 sum(b["hook_s"].values()), TARGETS["rebuild_hook_s"], False, "s"))
        for mode, sm in ((s.get("search") or {}).get("summary") or {}).items():
            out.append(judge(f"N={n} search {mode}: first results (worst query)", sm["worst_cold_ms"],
                             TARGETS["search_first_ms"], False, "ms"))
            out.append(judge(f"N={n} search {mode}: longest main-thread task", sm["longest_task_ms"],
                             TARGETS["search_task_ms"], False, "ms"))
    return out


def per_report(runs: dict) -> dict:
    """Figures divided by the number of reports, per size: ``{N: {name: value}}`` (KB, MB, ms per report).

    Flat from 1,000 to 10,000 means no step grows faster than the corpus.
    """
    out = {}
    for n, r in runs.items():
        n_i = int(n)
        s = r.get("site") or {}
        row = {}
        raw = (r.get("corpus") or {}).get("raw_mb")
        if raw:
            row["raw_kb"] = raw * 1e3 / n_i
        if "site" in s:
            row["site_kb"] = s["site"]["bytes"] / 1e3 / n_i
            row["search_index_kb"] = s["site"]["search_index"]["bytes"] / 1e3 / n_i
            row["search_index_files"] = s["site"]["search_index"]["files"] / n_i
        if s.get("cold", {}).get("exit") == 0:
            row["cold_build_ms"] = s["cold"]["wall_s"] * 1e3 / n_i
            row["peak_kb"] = s["cold"]["peak_mb"] * 1e3 / n_i
        if s.get("plain", {}).get("exit") == 0:
            row["plain_build_ms"] = s["plain"]["wall_s"] * 1e3 / n_i
        b = s.get("bundle") or {}
        if "bytes" in b:
            row["bundle_kb"] = b["bytes"] / 1e3 / n_i
            row["bundle_build_ms"] = b["wall_s"] * 1e3 / n_i
        out[n] = row
    return out


def per_report_lines(n: int, run: dict) -> list[str]:
    """Progress lines: the size's per-report figures and our stages' share of each rebuild."""
    lines = []
    row = per_report({str(n): run}).get(str(n)) or {}
    if row:
        lines.append("  per report: " + ", ".join(f"{k} {v:,.1f}" for k, v in row.items()))
    s = run.get("site") or {}
    for key in ("cold", "warm", "add_one", "edit_one", "edit_one_dirty"):
        b = s.get(key) or {}
        if b.get("exit") == 0:
            hook = b.get("hook_s") or {}
            ours = sum(hook.values())
            lines.append(f"  {key:<15} wall {b['wall_s']:7.1f} s, our stages {ours:6.2f} s "
                         f"(pre_build {hook.get('on_pre_build', 0):.2f} s, search index {hook.get('on_post_build', 0):.2f} s), "
                         f"the engine {b['wall_s'] - ours:7.1f} s, peak {b['peak_mb']:.0f} MB")
    return lines


# ------------------------------------------------------------------ main


def measure_sizes(args, sizes: list[int], results: dict, corpora: str, extra_report: str, make_corpus, save) -> None:
    """Measure each corpus size into ``results["runs"]``, calling ``save(stage)`` after each step of a size."""
    for n in sizes:
        big = n >= 10000
        log(f"\n== N = {n} == ({_clock()})")
        corpus = os.path.join(corpora, f"corpus-{n}-seed{args.seed}")
        t0 = time.perf_counter()
        manifest = make_corpus.make_corpus(n, corpus, seed=args.seed, force=True)
        run: dict = {"corpus": {"reports": n, "raw_mb": manifest["total_bytes"] / MB,
                                "synthesis_s": time.perf_counter() - t0}}
        log(f"  corpus: {n} reports, {manifest['total_bytes'] / MB:.1f} MB raw "
            f"({run['corpus']['synthesis_s']:.1f} s to synthesize)")
        try:
            c = converter_throughput(corpus, args.converter_sample)
            run["converter"] = c
            log(f"  converter: {c['converter_mb_s']:.2f} MB/s ({c['converter_s']:.2f} s), floor "
                f"{c['floor_mb_s']:.1f} MB/s ({c['floor_s']:.2f} s), converter/floor time {c['ratio']:.1f}x, "
                f"{c['failed']} failed over {c['files']} reports" + (f" {c.get('errors')}" if c.get("errors") else ""))
        except Exception as exc:  # noqa: BLE001
            run["converter"] = {"na": f"{type(exc).__name__}: {exc}"}
            log(f"  converter: n/a: {type(exc).__name__}: {exc}")
        if args.no_site:
            run["site"] = {"na": "skipped (--no-site)"}
        else:
            log("  site (mkdocs build in a temporary copy of the project):")
            try:
                # at 10,000 a build takes ~10 min: the no-change rebuild is left out (the added/edited ones
                # cover it), so the whole size fits in about an hour
                run["site"] = site_benchmark(n, corpus, extra_report, not args.no_bundle, args.keep,
                                             warm=not big, search=not args.no_search)
            except Exception as exc:  # noqa: BLE001
                run["site"] = {"na": f"{type(exc).__name__}: {exc}"}
            s = run["site"]
            if "na" in s:
                log(f"    n/a: {s['na']}")
            if s.get("cold", {}).get("exit") == 0 and s.get("plain", {}).get("exit") == 0:
                full, plain = s["cold"]["wall_s"], s["plain"]["wall_s"]
                hook = sum(s["cold"].get("hook_s", {}).values())
                log(f"    our share of the cold build: hook {hook:.1f} s = {hook / full * 100:.0f}% of {full:.1f} s; "
                    f"full - plain = {full - plain:.1f} s = {(full - plain) / plain * 100:.0f}% over plain")
            if "site" in s:
                si = s["site"]
                log(f"    sizes: site {si['bytes'] / MB:.1f} MB in {si['files']} files "
                    f"({si['per_report_bytes'] / 1e3:.0f} KB per report), search index "
                    f"{si['search_index']['bytes'] / MB:.1f} MB in {si['search_index']['files']} files")
            if args.no_bundle:
                s["bundle"] = {"na": "skipped (--no-bundle)"}
        results["runs"][str(n)] = run
        save(f"N={n} site")
        if big and not args.big_engines:
            run["engines"] = {"na": "skipped at 10,000 (--big-engines): the cold/plain pair above is the side-by-side figure"}
        elif not args.no_engines and not args.no_site:
            log("  site engines side by side (baocao build --engine E, and the engine alone):")
            try:
                run["engines"] = engines_benchmark(n, corpus, args.keep)
            except Exception as exc:  # noqa: BLE001
                run["engines"] = {"na": f"{type(exc).__name__}: {exc}"}
                log(f"    n/a: {run['engines']['na']}")
        results["runs"][str(n)] = run
        for line in per_report_lines(n, run):
            log(line)
        save(f"N={n}")


def main(argv: list[str] | None = None) -> int:
    import signal

    # SIGTERM ends like Ctrl-C, so the temporary site projects are removed
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (default 100,1000)")
    ap.add_argument("--big", action="store_true", help="also N=10,000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-site", action="store_true", help="skip the MkDocs builds")
    ap.add_argument("--no-bundle", action="store_true", help="skip the offline bundle")
    ap.add_argument("--no-engines", action="store_true", help="skip the side-by-side build of each site engine")
    ap.add_argument("--no-linearity", action="store_true", help="skip the linearity benchmark")
    ap.add_argument("--linearity-max-mb", type=float, default=50)
    ap.add_argument("--keep", action="store_true", help="keep the temporary site projects (paths printed)")
    ap.add_argument("--converter-sample", type=int, default=1000,
                    help="converter throughput over at most this many reports of each corpus (default 1000)")
    ap.add_argument("--big-engines", action="store_true",
                    help="with --big: also the side-by-side engine builds at 10,000 (about 3 more cold builds)")
    ap.add_argument("--no-search", action="store_true", help="skip the search timings in Chromium")
    ap.add_argument("--out", default=os.path.join(HERE, "results.json"))
    args = ap.parse_args(argv)

    make_corpus = _load("make_corpus")
    sizes = [int(x) for x in args.sizes.split(",") if x]
    if args.big and 10000 not in sizes:
        sizes.append(10000)
    results = {"date": _dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "targets": {k: v for k, v in TARGETS.items()}, "runs": {}}
    m = results["machine"]
    log(f"machine: {m.get('cpu')} x{m['cores']}, {m.get('memory_gb')} GB, Python {m['python']}, "
        f"mkdocs {m.get('mkdocs')}, material {m.get('mkdocs-material')}, commit {m.get('commit')}"
        + (" (uncommitted changes)" if m.get("worktree_dirty") else ""))
    corpora = os.path.join(HERE, "out")
    extra_dir = os.path.join(corpora, f"extra-seed{args.seed + 1000}")
    make_corpus.make_corpus(1, extra_dir, seed=args.seed + 1000, force=True)
    extra_report = raw_files(extra_dir)[0]
    started = time.perf_counter()

    def save(stage: str) -> None:
        """Write what is measured so far (a run stopped later keeps it)."""
        results["verdicts"] = verdicts(results["runs"])
        results["per_report"] = per_report(results["runs"])
        results["complete"] = stage == "done"
        results["stage"] = stage
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=1, default=str)
            fh.write("\n")
        os.replace(tmp, args.out)
        log(f"  [{_clock()}, {(time.perf_counter() - started) / 60:.1f} min] results so far written to "
            f"{os.path.relpath(args.out, os.getcwd())} ({stage})")

    try:
        measure_sizes(args, sizes, results, corpora, extra_report, make_corpus, save)
    except KeyboardInterrupt:
        save("interrupted")
        raise
    if not args.no_linearity:
        log("\n== linearity: converter time per MB ==")
        lin = _load("linearity")
        rows = lin.run(args.linearity_max_mb, echo=log)
        results["linearity"] = {"rows": rows, "verdict": lin.verdict(rows)}
        for line in results["linearity"]["verdict"]:
            log("  " + line)
    results["verdicts"] = verdicts(results["runs"])
    results["per_report"] = per_report(results["runs"])
    log("\n== per report (flat from 1,000 to 10,000 = no step growing faster than the corpus) ==")
    for n, row in results["per_report"].items():
        log(f"  N={n:>6}: " + ", ".join(f"{k} {v:,.1f}" for k, v in row.items()))
    log("\n== targets (issue [5/6]) ==")
    for v in results["verdicts"]:
        log("  " + v["text"])
    for line in (results.get("linearity") or {}).get("verdict", []):
        log("  linearity " + line)
    save("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
