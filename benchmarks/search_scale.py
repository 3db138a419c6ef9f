"""Search at scale (issue [3/6]): index size and browser timings at N reports.

Usage::

    .venv/bin/python benchmarks/search_scale.py [--reports 1000] [--seed 1]
                                                [--out benchmarks/search_scale.json]
                                                [--material]

Steps: synthesize N raw reports (``make_corpus.py``), build the site twice in
a temporary copy of the project (directory URLs for the online site served by
``http.server`` on 127.0.0.1; ``--no-directory-urls`` as ``baocao bundle``
does, opened as ``file://``), time the index step alone, then in Debian's
Chromium, for each query on a fresh report page (nothing cached):

- ``cold_ms``: from typing the whole query at once to results on screen
  (manifest + shards + snippet chunks loaded, ranked, rendered);
- ``typed_ms``: the query typed key by key (80 ms apart, as a person types),
  from the last key to its results;
- ``longest_task_ms``: the longest main-thread task (Long Tasks API, >= 50 ms)
  while searching, and on opening the page (``page_longest_task_ms``);
- ``index_kb``: index files the query loaded (the ``<script>`` elements the
  page added, so ``file://`` loads are counted too); ``tail_files`` and
  ``tail_kb``: those of them that are tails (``u/``: format 2 read a cut term's
  tail whole, format 3 page by page).

``--material`` also builds with Material's own search plugin, to report the
size of its ``search_index.json`` and the time Chromium takes to
``JSON.parse`` it (what Material's offline mode inlines into every page
load's search set-up).  Prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

QUERIES = [
    "dan van kheo",
    "Dân vận khéo",
    "uỷ ban nhân dân",
    "hoa giai",
    "114-KL/TW",
    "114 kl tw",
    "quy che dan chu o co so",
    "th",
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def copy_project(work: str, raw: str) -> None:
    """A copy of the project whose raw/ is ``raw`` (generated docs left out)."""
    from converters.site import generate as site_mod

    shutil.copy(os.path.join(ROOT, "mkdocs.yml"), work)
    shutil.copytree(os.path.join(ROOT, "overrides"), os.path.join(work, "overrides"))
    shutil.copytree(raw, os.path.join(work, "raw"), ignore=shutil.ignore_patterns("manifest.json"))
    generated = set(site_mod.GENERATED_DIRS) | set(site_mod.GENERATED_FILES)
    docs = os.path.join(ROOT, "docs")
    shutil.copytree(docs, os.path.join(work, "docs"), ignore=lambda d, names: [n for n in names if d == docs and n in generated])
    os.symlink(os.path.join(ROOT, "converters"), os.path.join(work, "converters"))


def mkdocs_build(work: str, site: str, *extra: str, config: str = "mkdocs.yml") -> float:
    env = {k: v for k, v in os.environ.items() if k != "BAOCAO_DOCS_FRESH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site, *extra], cwd=work, env=env, capture_output=True, text=True
    )
    if proc.returncode:
        raise SystemExit(proc.stdout[-3000:] + proc.stderr[-3000:])
    return time.perf_counter() - t


def dir_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


INIT = """
window.__lt = []; window.__scripts = [];
// index files are <script>s removed once loaded; from file:// they are not in the Resource Timing list
new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
  if (n.tagName === 'SCRIPT' && n.src) window.__scripts.push(n.src); }))).observe(document, {childList: true, subtree: true});
try { new PerformanceObserver(l => l.getEntries().forEach(e => window.__lt.push([e.startTime, e.duration])))
      .observe({type: 'longtask', buffered: true}); } catch (e) {}
"""

MEASURE_COLD = """async q => {
  const box = document.querySelector('[data-bc-search-query]'), res = document.querySelector('[data-bc-search-result]');
  const t0 = performance.now();
  box.focus(); box.value = q; box.dispatchEvent(new Event('input'));
  while (res.getAttribute('data-bc-query') !== q) await new Promise(r => setTimeout(r, 2));
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const t1 = performance.now();
  return {ms: t1 - t0, tasks: window.__lt.filter(x => x[0] >= t0 - 1).map(x => x[1]),
          n: document.querySelectorAll('.bc-result').length,
          loaded: performance.getEntriesByType('resource').map(e => e.name).concat(window.__scripts)
                  .filter(u => u.includes('/assets/search/index/'))};
}"""


def index_file_size(site_dir: str, url: str) -> int:
    """Size on disk of an index file the page loaded (by URL)."""
    rel = url.split("/assets/search/index/", 1)[1].split("?")[0]
    return os.path.getsize(os.path.join(site_dir, "assets", "search", "index", *rel.split("/")))


def browse(base: str, site_dir: str, report_url: str, queries: list[str]) -> dict:
    """Timings of ``queries`` on fresh pages of the site at ``base``."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for q in queries:
            row = {}
            for mode in ("cold", "typed"):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                ctx.add_init_script(INIT)
                pg = ctx.new_page()
                pg.goto(base + report_url)
                pg.wait_for_timeout(300)
                page_tasks = pg.evaluate("window.__lt.map(x => x[1])")
                if mode == "cold":
                    r = pg.evaluate(MEASURE_COLD, q)
                    row.update(
                        cold_ms=round(r["ms"]),
                        results=r["n"],
                        longest_task_ms=round(max(r["tasks"], default=0)),
                        page_longest_task_ms=round(max(page_tasks, default=0)),
                        index_kb=round(sum(index_file_size(site_dir, u) for u in set(r["loaded"])) / 1000),
                        tail_files=len({u for u in r["loaded"] if "/index/u/" in u}),
                        tail_kb=round(sum(index_file_size(site_dir, u) for u in set(r["loaded"]) if "/index/u/" in u) / 1000),
                    )
                else:
                    # only the tasks from the first key on: opening the page is page_longest_task_ms
                    t_first = pg.evaluate("performance.now()")
                    pg.click("[data-bc-search-query]")
                    pg.keyboard.type(q, delay=80)
                    t_last = pg.evaluate("performance.now()")
                    pg.wait_for_function(
                        "q => document.querySelector('[data-bc-search-result]').getAttribute('data-bc-query') === q", arg=q, timeout=20000
                    )
                    t_done = pg.evaluate("performance.now()")
                    tasks = pg.evaluate("t => window.__lt.filter(x => x[0] >= t - 1).map(x => x[1])", t_first)
                    row.update(typed_ms=round(t_done - t_last), typed_longest_task_ms=round(max(tasks, default=0)))
                ctx.close()
            out[q] = row
        browser.close()
    return out


def material_figures(work: str) -> dict:
    """Size of Material's own search index for the same pages, and Chromium's JSON.parse time of it."""
    cfg = os.path.join(work, "mkdocs-material-search.yml")
    with open(os.path.join(work, "mkdocs.yml"), encoding="utf-8") as fh:
        text = fh.read()
    text = text.replace("plugins: []", "plugins:\n  - search")
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write(text)
    site = os.path.join(work, "site-material")
    index = os.path.join(site, "search", "search_index.json")
    build_s = None
    if not os.path.isfile(index):
        build_s = round(mkdocs_build(work, site, config=cfg), 1)
    size = os.path.getsize(index)
    from playwright.sync_api import sync_playwright

    # Too big to hand to the page through the driver: serve it, fetch the text, time the parse.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            pg = browser.new_page()
            pg.goto(f"http://127.0.0.1:{server.server_port}/404.html")
            ms = pg.evaluate(
                """async () => { const s = await (await fetch('search/search_index.json')).text();
                   const t = performance.now(); JSON.parse(s); return performance.now() - t; }"""
            )
            browser.close()
    finally:
        server.shutdown()
    return {"material_build_s": build_s, "material_index_mb": round(size / 1e6, 1), "material_json_parse_ms": round(ms)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(HERE, "search_scale.json"))
    ap.add_argument("--material", action="store_true", help="also measure Material's own search index")
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and leave it there (default: a temporary directory)")
    ap.add_argument("--reuse", action="store_true", help="with --keep: reuse the sites already built in DIR")
    args = ap.parse_args(argv)

    import make_corpus  # benchmarks/make_corpus.py
    from converters.site import search_index

    result: dict = {"reports": args.reports, "seed": args.seed}
    with tempfile.TemporaryDirectory(prefix="search-scale-") as tmp:
        tmp = args.keep or tmp
        raw = os.path.join(tmp, "corpus")
        work = os.path.join(tmp, "work")
        online, offline = os.path.join(tmp, "site"), os.path.join(tmp, "site-offline")
        if not (args.reuse and os.path.isdir(offline)):
            shutil.rmtree(raw, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
            make_corpus.make_corpus(args.reports, raw, seed=args.seed)
            os.makedirs(work)
            copy_project(work, raw)
            result["build_s"] = round(mkdocs_build(work, online), 1)
            result["build_offline_s"] = round(mkdocs_build(work, offline, "--no-directory-urls"), 1)
        result["raw_mb"] = round(dir_size(raw) / 1e6, 1)
        t = time.perf_counter()
        figures = search_index.build_search_index(online, os.path.join(work, "docs"), True)
        result["index_step_s"] = round(time.perf_counter() - t, 1)
        search_index.build_search_index(offline, os.path.join(work, "docs"), False)
        for site_dir in (online, offline):  # the page's own script, as now in the repository
            shutil.copy(os.path.join(ROOT, "docs", "assets", "search", "search.js"), os.path.join(site_dir, "assets", "search", "search.js"))
        figures.pop("path")
        result["index"] = figures
        result["index_mb"] = round(figures["bytes"] / 1e6, 1)
        result["site_html_mb"] = round(dir_size(online) / 1e6, 1)
        reports = sorted(
            os.path.relpath(os.path.join(r, f), online).replace(os.sep, "/")[: -len("index.html")]
            for r, _, fs in os.walk(os.path.join(online, "bao-cao"))
            for f in fs
            if f == "index.html"
        )
        page = reports[len(reports) // 2]
        handler = functools.partial(QuietHandler, directory=online)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            result["online"] = browse(f"http://127.0.0.1:{server.server_port}/", online, page, QUERIES)
        finally:
            server.shutdown()
        result["offline"] = browse("file://" + offline + "/", offline, page.rstrip("/") + ".html", QUERIES)
        if args.material:
            result.update(material_figures(work))

    print(f"{args.reports} reports, {result['raw_mb']} MB raw; build {result.get('build_s')} s, index step {result['index_step_s']} s")
    print(f"index: {result['index_mb']} MB in {figures['shards']} shards (largest {figures['largest_shard_bytes'] / 1e3:.0f} kB), "
          f"manifest {figures['manifest_bytes'] / 1e3:.0f} kB, {figures['sections']} sections, {figures['terms']} terms")
    for mode in ("online", "offline"):
        print(f"\n{mode}: query | cold ms | typed ms | longest task ms (search / typing / page open) | index kB | tails: files, kB | results")
        for q, r in result[mode].items():
            print(f"  {q!r:28} {r['cold_ms']:6} {r['typed_ms']:6}   {r['longest_task_ms']:4} / {r['typed_longest_task_ms']:4} / {r['page_longest_task_ms']:4}"
                  f"   {r['index_kb']:6}   {r['tail_files']:4} {r['tail_kb']:6}   {r['results']:4}")
    if "material_index_mb" in result:
        print(f"\nMaterial search_index.json: {result['material_index_mb']} MB, JSON.parse {result['material_json_parse_ms']} ms")
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.exit(main())
