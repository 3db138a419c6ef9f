"""Convert one raw report to one page (``baocao convert FILE [-o OUT]``)."""

from __future__ import annotations

import sys

COMMAND_EPILOG = "example:\n  baocao convert raw/kon-tum/2016-11-18-bao-cao-111-bc-tu.txt -o /tmp/page.md"


def add_arguments(parser) -> None:
    """Arguments of ``baocao convert``."""
    parser.add_argument("file", help="raw report (.txt)")
    parser.add_argument("-o", "--output", help="write the page here instead of stdout")
    parser.add_argument("--explain", action="store_true", help="print the steps and fixers that changed the text to stderr")


def run(args) -> int:
    """Convert ``args.file``; exit code 0, or 1 with one message on bad input."""
    from converters import convert_file
    from converters.errors import InputError

    try:
        page = convert_file(args.file)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.explain:
        print("\n".join(page.trace), file=sys.stderr)
        for part in page.removed:
            where = "trước" if part["where"] == "before" else "sau"
            first, last = part["span"]
            print(f"--- văn bản trang web đã bỏ ({where} văn bản), dòng {first}-{last}:", file=sys.stderr)
            print(part["text"], file=sys.stderr)
    if args.output:
        from converters.site.fsutil import write_atomic

        write_atomic(args.output, page.markdown)
    else:
        sys.stdout.write(page.markdown)
    return 0
