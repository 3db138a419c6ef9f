"""``baocao build``: the three stages of a site build.

1. generate ``docs/`` from ``raw/`` (:func:`converters.site.generate.generate`);
2. run the engine (:mod:`converters.site.engines`: MkDocs, ProperDocs or Zensical);
3. post-process the built site (:func:`converters.site.postbuild.post_build`: search index).

The MkDocs hook runs stages 1 and 3 itself for ``mkdocs serve``; here it is
told not to (environment variables), so each stage runs once.
"""

from __future__ import annotations

import os
import sys

from converters.site.engines import DEFAULT_ENGINE, ENGINES
from converters.site.generate import FRESH_ENV, generate, raw_files, read_config
from converters.site.postbuild import POST_ENV

COMMAND_DESCRIPTION = (
    "Chuyển mọi văn bản trong raw/ thành trang trong docs/, dựng trang web vào site/\n"
    "(bằng MkDocs, ProperDocs hoặc Zensical), rồi lập chỉ mục tìm kiếm."
)
COMMAND_EPILOG = (
    "ví dụ:\n"
    "  baocao build\n"
    "  baocao build --strict -d /tmp/site\n"
    "  baocao build --engine zensical"
)


def add_arguments(parser) -> None:
    """Arguments of ``baocao build``."""
    parser.add_argument("--root", default=".", metavar="THƯ_MỤC", help="thư mục dự án có raw/, docs/ và mkdocs.yml (mặc định: .)")
    parser.add_argument("--strict", action="store_true", help="dừng với lỗi khi công cụ dựng trang có cảnh báo")
    parser.add_argument("-d", "--site-dir", metavar="THƯ_MỤC", help="ghi trang web vào thư mục này thay cho site_dir của mkdocs.yml")
    parser.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE,
                        help=f"công cụ dựng trang (mặc định: {DEFAULT_ENGINE})")
    parser.add_argument("--no-mkdocs", action="store_true", help="chỉ ghi docs/, không dựng trang web")


def run(args) -> int:
    """Generate docs/ and build the site, holding the checkout's build lock (``site/lock.py``).

    Exit code: 1 if a raw file failed to convert (the engine is then not run),
    the engine is missing or another build of the checkout is running, else
    the engine's exit code.
    """
    from converters.site.lock import BuildLocked, build_lock

    try:
        with build_lock(os.path.abspath(args.root)):
            return _run(args)
    except BuildLocked as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1


def _run(args) -> int:
    """Generate docs/ with a progress bar, print a summary, build with the engine, post-process."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from converters.errors import InputError
    from converters.site import engines
    from converters.site.postbuild import post_build

    console = Console(stderr=True)
    root = os.path.abspath(args.root)
    total = len(raw_files(root))
    with Progress(
        TextColumn("Chuyển đổi"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}", markup=False),
        console=console, transient=True, disable=total < 2,
    ) as bar:
        task = bar.add_task("", total=total)
        # File names and messages are data, not rich markup (the column has markup off):
        # "[du thao] a.txt" must show whole, a name forming "[/red]" must not crash (issue [0/6] 10).
        result = generate(root, progress=lambda source: bar.update(task, advance=1, description=source))

    for d in result.failed:
        console.print(f"[red]lỗi[/red] {escape(d.source)}: {escape(str(d.error))}")
    for d in result.warned:
        for w in d.warnings:
            console.print(f"[yellow]cảnh báo[/yellow] {escape(d.source)}: {escape(str(w))}")
    ok = len(result.docs) - len(result.failed)
    console.print(
        f"{ok}/{len(result.docs)} văn bản đã chuyển, {len(result.failed)} lỗi, "
        f"{len(result.warned)} có cảnh báo; {len(result.written)} tệp được ghi, {len(result.removed)} tệp bị xóa.",
        markup=False,
    )
    # Same rule as the hook: a file that failed to convert fails the build; a
    # converted report's warnings are shown (and on the editors' page) but do
    # not, `baocao check --strict` is the gate for those.
    if result.failed:
        return 1
    if args.no_mkdocs:
        return 0
    config = read_config(root)
    site_dir = os.path.abspath(args.site_dir) if args.site_dir else os.path.join(root, config.get("site_dir") or "site")
    docs_dir = os.path.join(root, config.get("docs_dir") or "docs")
    env = dict(os.environ, **{FRESH_ENV: "1", POST_ENV: "1", "NO_MKDOCS_2_WARNING": "1"})
    try:
        code = engines.build(args.engine, root, strict=args.strict, site_dir=site_dir, env=env)
    except InputError as exc:
        console.print(f"lỗi: {exc}", markup=False)
        return 1
    if code != 0:
        return code
    figures = post_build(root, site_dir, docs_dir, config.get("use_directory_urls", True) is not False)
    console.print(f"Đã dựng {site_dir} bằng {args.engine}; chỉ mục tìm kiếm: {figures['pages']} trang.", markup=False)
    return 0
