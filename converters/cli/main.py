"""The ``baocao`` command line: one subcommand per pipeline entry point.

Each subcommand lives in its own module, which defines ``add_arguments(parser)``
and ``run(args) -> int``; this file only dispatches, so commands can be added
without touching each other.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: subcommand -> (module, one-line help). Modules are imported only when used.
COMMANDS: dict[str, tuple[str, str]] = {
    "convert": ("converters.cli.convert", "convert one raw report to a page (stdout or -o FILE)"),
    "check": ("converters.cli.check", "convert every raw report without writing; table of warnings and errors"),
    "build": ("converters.cli.build", "convert raw/ into docs/ and build the site with MkDocs"),
    "bundle": ("converters.cli.bundle", "build the offline site and pack it into dist/*.zip"),
    "add": ("converters.cli.add", "add new raw reports to raw/<province>/ after showing what was understood"),
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``baocao`` and ``python -m converters``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Raw Vietnamese report texts to a published Material for MkDocs site.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = {}
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # command not built yet
        modules[name] = module
        doc = (module.__doc__ or "").strip()
        p = sub.add_parser(
            name,
            help=help_text,
            description=getattr(module, "COMMAND_DESCRIPTION", doc.splitlines()[0] if doc else help_text),
            epilog=getattr(module, "COMMAND_EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
    args = parser.parse_args(argv)
    return int(modules[args.command].run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
