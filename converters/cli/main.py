"""The ``baocao`` command line: one subcommand per pipeline entry point.

Each subcommand lives in its own module, which defines ``add_arguments(parser)``
and ``run(args) -> int``; this file only dispatches, so commands can be added
without touching each other.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from converters.cli.argparse_vi import ViArgumentParser, ViHelpFormatter

#: subcommand -> (module, one-line help). Modules are imported only when used.
COMMANDS: dict[str, tuple[str, str]] = {
    "convert": ("converters.cli.convert", "chuyển một văn bản gốc thành một trang (in ra màn hình hoặc -o TỆP)"),
    "check": ("converters.cli.check", "kiểm tra mọi văn bản gốc, không ghi gì: bảng kết quả và cảnh báo"),
    "build": ("converters.cli.build", "chuyển raw/ vào docs/ và dựng trang web bằng MkDocs"),
    "bundle": ("converters.cli.bundle", "dựng bản ngoại tuyến và đóng gói vào dist/*.zip"),
    "add": ("converters.cli.add", "thêm văn bản gốc mới vào raw/<tỉnh>/ sau khi cho xem những gì đã hiểu"),
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``baocao`` and ``python -m converters``; returns the exit code."""
    parser = ViArgumentParser(
        prog="baocao",
        description="Chuyển văn bản gốc (báo cáo, kế hoạch...) thành trang web tra cứu được.",
        epilog="Xem hướng dẫn của từng lệnh: baocao LỆNH --help",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", required=True, title="Lệnh")
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
            formatter_class=ViHelpFormatter,
        )
        module.add_arguments(p)
    args = parser.parse_args(argv)
    return int(modules[args.command].run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
