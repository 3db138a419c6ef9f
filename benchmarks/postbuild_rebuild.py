"""CPU time of the search index stage (``post_build``) after one edit, on a built scratch project.

``PROJECT`` is a project copy already built once with ``baocao build`` (e.g.
set up by ``prebuild_rebuild.py setup`` and then built).  Each run edits the
built HTML of one page (by default the middle report page of ``docs/bao-cao``):
a paragraph ``Ghi chú sửa lần K`` is added at the end of its article, a new
``K`` each run, so ``post_build`` analyses that page again and reads the
others from the cache, as after one edit, and prints its process CPU seconds
(``time.process_time``: the machine may be loaded).  ``--drop`` instead only
drops the page's cached analysis (the page unchanged: the way of issue #14's
first figures; an incremental index then has nothing to update but also no
old analysis to subtract, so it builds whole).  ``--rewrite-all`` first writes
every built page again unchanged, as a full MkDocs build does (outside the
time measured), so nothing can be told unchanged by its file stats.
One run per process, so per-process fixed costs are in the figure; run it
several times, interleaved with ``--code`` of another checkout on a second
copy of the project, and compare medians.  ``--profile FILE`` writes the
cProfile stats.  Two copies edited the same number of times hold the same
pages (compare their ``site/assets/search/index`` with ``diff -r`` when both
run the same code).

``--setup CORPUS`` first makes ``PROJECT`` (the checkout's files as
``bench.copy_project`` copies them, ``CORPUS`` as its ``raw/``) and builds it
with ``mkdocs build`` (hook and search index included, not timed).

``--add REPORT`` (a raw report file, or a corpus directory whose one report is
taken with its province folder, e.g. ``make_corpus.py 1 OUT --seed 1001``)
instead adds a report: it is copied into ``raw/``, then a real ``mkdocs build``
runs (the hook's ``on_pre_build`` regenerates docs/, MkDocs rewrites every page
as a full build does; ``BAOCAO_POST_BUILD_BY_CLI=1`` so the hook leaves the
search index alone), not timed; then ``post_build`` is timed as above.  The
pages the addition changed (the report's, its cited documents', browse lists)
are then the ones to update.  ``--no-run`` stops before the timed stage, and
``--as-is`` times ``post_build`` on the project as it is (no edit): so one
prepared copy (``cp -a``) serves interleaved runs of two checkouts::

    python benchmarks/postbuild_rebuild.py /tmp/p300 --setup /tmp/corpus-300
    python benchmarks/postbuild_rebuild.py /tmp/p300 --add /tmp/extra --no-run
    cp -a /tmp/p300 /tmp/p300-run && python benchmarks/postbuild_rebuild.py /tmp/p300-run --as-is --code /tmp/old

Example::

    cp -a /tmp/p300 /tmp/p300-base
    python benchmarks/postbuild_rebuild.py /tmp/p300
    python benchmarks/postbuild_rebuild.py /tmp/p300-base --code /tmp/base-checkout
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _edited_page(project: str) -> str:
    """Docs-relative Markdown path of the page whose analysis is dropped: the middle report page."""
    docs = os.path.join(project, "docs")
    pages = []
    for d, _dirs, names in os.walk(os.path.join(docs, "bao-cao")):
        pages += [os.path.relpath(os.path.join(d, n), docs) for n in names if n.endswith(".md") and n != "index.md"]
    pages.sort()
    return pages[len(pages) // 2]


def _mkdocs_build(project: str, post_by_cli: bool) -> None:
    """``mkdocs build`` of ``project`` (its own copy of the code, as a user's project runs it), not timed."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("BAOCAO_DOCS_FRESH", None)
    if post_by_cli:
        env["BAOCAO_POST_BUILD_BY_CLI"] = "1"
    else:
        env.pop("BAOCAO_POST_BUILD_BY_CLI", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"], cwd=project, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def _setup(project: str, corpus: str) -> None:
    """A built project: this checkout's files, ``corpus`` as raw/, one ``mkdocs build`` (search index included)."""
    sys.path.insert(0, HERE)
    import bench

    if os.path.exists(project):
        shutil.rmtree(project)
    os.makedirs(project)
    bench.copy_project(project)
    shutil.copytree(corpus, os.path.join(project, "raw"), ignore=shutil.ignore_patterns("manifest.json"))
    _mkdocs_build(project, post_by_cli=False)


def _add_report(project: str, report: str) -> str:
    """Copy ``report`` (a file, or the one ``.txt`` of a corpus directory with its folder) into raw/; returns its raw/ path."""
    if os.path.isdir(report):
        found = [os.path.join(d, n) for d, _dirs, names in os.walk(report) for n in names if n.endswith(".txt")]
        if len(found) != 1:
            raise SystemExit(f"{report}: {len(found)} reports, want 1")
        rel = os.path.relpath(found[0], report)
        report = found[0]
    else:
        rel = os.path.basename(report)
    dest = os.path.join(project, "raw", rel)
    if os.path.exists(dest):
        raise SystemExit(f"{dest} exists already")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copy2(report, dest)
    _mkdocs_build(project, post_by_cli=True)
    return os.path.relpath(dest, project)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project")
    parser.add_argument("--code", help="checkout to import converters from (default: this one)")
    parser.add_argument("--page", help="docs-relative Markdown page to re-analyse (default: the middle report)")
    parser.add_argument("--profile")
    parser.add_argument("--rewrite-all", action="store_true",
                        help="first write every page's HTML again, unchanged, as a full MkDocs build does (new mtimes)")
    parser.add_argument("--drop", action="store_true", help="drop the page's cached analysis instead of editing the page")
    parser.add_argument("--setup", metavar="CORPUS", help="first make PROJECT from CORPUS and build it (not timed)")
    parser.add_argument("--add", metavar="REPORT", help="add a raw report and rebuild with mkdocs (not timed) instead of editing a page")
    parser.add_argument("--as-is", action="store_true", help="time post_build on the project as it is (no edit)")
    parser.add_argument("--no-run", action="store_true", help="stop before the timed post_build")
    args = parser.parse_args(argv)
    if args.setup:
        _setup(os.path.abspath(args.project), os.path.abspath(args.setup))
        if args.no_run:
            return 0
    sys.path.insert(0, os.path.abspath(args.code) if args.code else os.path.dirname(HERE))

    from converters.site import postbuild, search_index
    from converters.site.cache import PageCache

    assert search_index.__file__.startswith(sys.path[0]), (search_index.__file__, sys.path[0])
    project = os.path.abspath(args.project)
    site, docs = os.path.join(project, "site"), os.path.join(project, "docs")
    if args.add or args.as_is:
        page = _add_report(project, args.add) if args.add else "-"
        if args.no_run:
            print(json.dumps({"added": page}))
            return 0
    else:
        page = args.page or _edited_page(project)
        key = search_index._page_key(os.path.join(site, search_index._html_path(page, True)), os.path.join(docs, page))
        entry = PageCache(project, area="search")._path(f"{key}.bin")
    if not (args.add or args.as_is):
        if args.rewrite_all:
            for d, _dirs, names in os.walk(site):
                for n in names:
                    if n.endswith(".html"):
                        path = os.path.join(d, n)
                        with open(path, "rb") as fh:
                            data = fh.read()
                        with open(path, "wb") as fh:
                            fh.write(data)
        if args.drop:
            if os.path.exists(entry):
                os.remove(entry)
        else:
            html_path = os.path.join(site, search_index._html_path(page, True))
            with open(html_path, encoding="utf-8") as fh:
                html = fh.read()
            k = html.count("Ghi chú sửa lần") + 1
            end = html.rindex("</article>")
            html = html[:end] + f"<p>Ghi chú sửa lần {k}: đã bổ sung số liệu quý {k}.</p>" + html[end:]
            with open(html_path, "w", encoding="utf-8") as fh:
                fh.write(html)
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t0 = time.process_time()
    figures = postbuild.post_build(project, site, docs, True)
    spent = time.process_time() - t0
    if prof is not None:
        prof.disable()
        prof.dump_stats(args.profile)
    print(json.dumps({"page": page, "cpu_s": round(spent, 3), "pages": figures["pages"],
                      **{k: figures[k] for k in ("bytes", "written", "full") if k in figures}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
