"""``baocao build``: convert raw/ into docs/ (see :mod:`converters.site.generate`) and run MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys

from converters.site.generate import FRESH_ENV, generate, raw_files

COMMAND_EPILOG = "examples:\n  baocao build\n  baocao build --strict -d /tmp/site"


def add_arguments(parser) -> None:
    """Arguments of ``baocao build``."""
    parser.add_argument("--root", default=".", help="repository root holding raw/, docs/ and mkdocs.yml (default: .)")
    parser.add_argument("--strict", action="store_true", help="pass --strict to mkdocs build (fail on any MkDocs warning)")
    parser.add_argument("-d", "--site-dir", help="write the site here instead of site_dir of mkdocs.yml")
    parser.add_argument("--no-mkdocs", action="store_true", help="only write docs/, do not run mkdocs build")


def run(args) -> int:
    """Generate docs/ with a progress bar, print a summary, then run ``mkdocs build``.

    Exit code: 1 if a raw file failed to convert (MkDocs is then not run),
    else the exit code of ``mkdocs build``.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    root = os.path.abspath(args.root)
    total = len(raw_files(root))
    with Progress(
        TextColumn("Chuyển đổi"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=console, transient=True, disable=total < 2,
    ) as bar:
        task = bar.add_task("", total=total)
        result = generate(root, progress=lambda source: bar.update(task, advance=1, description=source))

    for d in result.failed:
        console.print(f"[red]error[/red] {d.source}: {d.error}")
    for d in result.warned:
        for w in d.warnings:
            console.print(f"[yellow]warning[/yellow] {d.source}: {w}")
    ok = len(result.docs) - len(result.failed)
    console.print(
        f"{ok}/{len(result.docs)} reports converted, {len(result.failed)} failed, "
        f"{len(result.warned)} with warnings; {len(result.written)} files written, {len(result.removed)} removed."
    )
    # Same rule as the hook: a file that failed to convert fails the build; a
    # converted report's warnings are shown (and on the editors' page) but do
    # not, `baocao check --strict` is the gate for those.
    if result.failed:
        return 1
    if args.no_mkdocs:
        return 0
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", os.path.join(root, "mkdocs.yml")]
    if args.strict:
        cmd.append("--strict")
    if args.site_dir:
        cmd += ["-d", os.path.abspath(args.site_dir)]
    env = dict(os.environ, **{FRESH_ENV: "1"})
    return subprocess.call(cmd, cwd=root, env=env)
