"""CPU time of the hook's ``on_pre_build`` after one report edited, on a scratch project copy.

``setup``: copy the project (as ``bench.copy_project`` does) to ``PROJECT``,
put ``CORPUS`` in its ``raw/`` and run ``on_pre_build`` once (cold: fills
the page cache).  ``run``: ``--repeats`` times, edit one report (a sentence
inserted in its body, a different one each time, so every run is a real
edit), run ``on_pre_build`` and print its process CPU time
(``time.process_time``: the machine may be loaded, so wall seconds say
little; conversion of the one edited report is in the figure); ``--profile
FILE`` writes the cProfile stats of the last run.  ``--code DIR`` imports
``converters`` from another checkout (to compare two versions interleaved
on two project copies of one corpus).  ``add``: ``--repeats`` times, copy
``REPORT`` (a raw file, or the one ``.txt`` of a corpus directory, with its
province folder) into ``raw/``, run ``on_pre_build`` and print its CPU time
and what it wrote (files and bytes, those of ``docs/van-ban`` apart, and the
pages, ``.md`` and the feed: their count, bytes and the largest); then
remove the report and run ``on_pre_build`` again, not timed, so every run
adds it to the same corpus.

Example::

    python benchmarks/prebuild_rebuild.py setup /tmp/p1000 /tmp/corpus-1000
    python benchmarks/prebuild_rebuild.py run /tmp/p1000 --repeats 3 --profile /tmp/pre.prof
    python benchmarks/prebuild_rebuild.py add /tmp/p1000 /tmp/extra --repeats 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _hook_config(project: str) -> dict:
    return {"config_file_path": os.path.join(project, "mkdocs.yml"), "docs_dir": os.path.join(project, "docs"),
            "use_directory_urls": True}


def _pin_fingerprint() -> None:
    """``BENCH_PIN_FINGERPRINT=x``: the converter fingerprint is ``x`` whatever the code (development only:
    the page cache then survives edits of the site stages; never for figures of record)."""
    pin = os.environ.get("BENCH_PIN_FINGERPRINT")
    if pin:
        from converters.site import cache, generate

        cache.converter_fingerprint = generate.converter_fingerprint = lambda: pin


def _on_pre_build(project: str) -> float:
    """Run the hook's ``on_pre_build`` once on ``project``; returns its process CPU seconds."""
    from converters.site import mkdocs_hook

    _pin_fingerprint()

    os.environ.pop("BAOCAO_DOCS_FRESH", None)
    t0 = time.process_time()
    mkdocs_hook.on_pre_build(_hook_config(project))
    spent = time.process_time() - t0
    assert mkdocs_hook.__file__.startswith(sys.path[0]), (mkdocs_hook.__file__, sys.path[0])
    mkdocs_hook._unlock()  # on_post_build would release the build lock
    return spent


def _on_pre_build_written(project: str) -> tuple[float, list[str]]:
    """:func:`_on_pre_build`, and the docs-relative files its ``generate`` wrote."""
    from converters.site import mkdocs_hook

    generate = mkdocs_hook.site.generate
    results = []

    def recorded(*args, **kwargs):
        results.append(generate(*args, **kwargs))
        return results[-1]
    mkdocs_hook.site.generate = recorded
    try:
        spent = _on_pre_build(project)
    finally:
        mkdocs_hook.site.generate = generate
    return spent, list(results[0].written) if results else []


def _report_file(report: str) -> tuple[str, str]:
    """``(file, path under raw/)`` of ``report``: a raw file, or the one ``.txt`` of a corpus directory."""
    if not os.path.isdir(report):
        return report, os.path.basename(report)
    found = [os.path.join(d, n) for d, _dirs, names in os.walk(report) for n in names if n.endswith(".txt")]
    if len(found) != 1:
        raise SystemExit(f"{report}: {len(found)} reports, want 1")
    return found[0], os.path.relpath(found[0], report)


def add(project: str, report: str, repeats: int, profile: str | None) -> None:
    """The ``add`` action (module docstring): one JSON line of CPU seconds and files written per run."""
    src, rel = _report_file(report)
    dest = os.path.join(project, "raw", rel)
    if os.path.exists(dest):
        raise SystemExit(f"{dest} exists already")
    docs = os.path.join(project, "docs")
    times, runs = [], []
    for i in range(repeats):
        made = not os.path.isdir(os.path.dirname(dest))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(src, dest)
        try:
            if profile and i == repeats - 1:
                import cProfile

                prof = cProfile.Profile()
                prof.enable()
                spent, written = _on_pre_build_written(project)
                prof.disable()
                prof.dump_stats(profile)
            else:
                spent, written = _on_pre_build_written(project)
            sizes = {w: os.path.getsize(os.path.join(docs, w)) for w in written if os.path.isfile(os.path.join(docs, w))}
            cited = {w: n for w, n in sizes.items() if w.startswith("van-ban/")}
            times.append(spent)
            pages = {w: n for w, n in sizes.items() if w.endswith(".md") or w == "feed.xml"}
            runs.append({"cpu_s": round(spent, 3), "written": len(written), "written_bytes": sum(sizes.values()),
                         "van_ban_written": len(cited), "van_ban_written_bytes": sum(cited.values()),
                         # the pages MkDocs renders again (and the feed), catalog.json and the raw copies apart
                         "pages_written": len(pages), "pages_written_bytes": sum(pages.values()),
                         "largest_written": sorted(pages.items(), key=lambda kv: -kv[1])[:8]})
        finally:
            os.remove(dest)
            if made:
                os.rmdir(os.path.dirname(dest))
            _on_pre_build(project)  # the corpus without it again, not timed
    print(json.dumps({"added": os.path.join("raw", rel), "runs": runs, "min_cpu_s": round(min(times), 3)}))


def _edited_report(project: str) -> str:
    """The raw file edited by every run: the middle one of raw/ in sorted order."""
    files = []
    for d, _dirs, names in os.walk(os.path.join(project, "raw")):
        files += [os.path.join(d, n) for n in names if n.endswith(".txt")]
    files.sort()
    return files[len(files) // 2]


def _edit(path: str, n: int) -> None:
    """Insert sentence ``n`` after a sentence in the middle of the report (as ``bench._edit_report`` does)."""
    with open(path, "rb") as fh:
        data = fh.read()
    mid = data.find(b". ", len(data) // 2)
    mid = mid if mid > 0 else len(data) // 2
    note = f" Ghi chú sửa đổi lần thứ {n} của báo cáo này."
    with open(path, "wb") as fh:
        fh.write(data[:mid + 1] + note.encode() + data[mid + 1:])


def setup(project: str, corpus: str, code: str) -> None:
    sys.path.insert(0, HERE)
    import bench

    sys.path.insert(0, code)  # bench put this checkout first: the code measured comes first again
    assert "converters" not in sys.modules

    if os.path.exists(project):
        shutil.rmtree(project)
    os.makedirs(project)
    bench.copy_project(project)
    shutil.copytree(corpus, os.path.join(project, "raw"), ignore=shutil.ignore_patterns("manifest.json"))
    print(json.dumps({"cold_cpu_s": round(_on_pre_build(project), 2)}))


def run(project: str, repeats: int, profile: str | None) -> None:
    path = _edited_report(project)
    state = os.path.join(project, ".bench-edits")
    n = int(open(state).read()) if os.path.exists(state) else 0
    times = []
    for i in range(repeats):
        n += 1
        _edit(path, n)
        with open(state, "w") as fh:
            fh.write(str(n))
        if profile and i == repeats - 1:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
            times.append(_on_pre_build(project))
            prof.disable()
            prof.dump_stats(profile)
        else:
            times.append(_on_pre_build(project))
    print(json.dumps({"edited": os.path.relpath(path, project), "cpu_s": [round(t, 3) for t in times],
                      "min_cpu_s": round(min(times), 3)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("setup", "run", "add"))
    parser.add_argument("project")
    parser.add_argument("corpus", nargs="?", help="setup: the corpus for raw/; add: the report to add")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile")
    parser.add_argument("--code", help="checkout to import converters from (default: this one)")
    args = parser.parse_args(argv)
    code = os.path.abspath(args.code) if args.code else os.path.dirname(HERE)
    sys.path.insert(0, code)
    if args.action == "setup":
        setup(args.project, args.corpus, code)
    elif args.action == "add":
        add(args.project, args.corpus, args.repeats, args.profile)
    else:
        run(args.project, args.repeats, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
