"""Convert one raw report to one page (``baocao convert FILE [-o OUT]``)."""

from __future__ import annotations

import sys

COMMAND_DESCRIPTION = "Chuyển một văn bản gốc thành một trang Markdown, để xem trước khi đưa vào raw/."
COMMAND_EPILOG = "ví dụ:\n  baocao convert raw/kon-tum/2016-11-18-bao-cao-111-bc-tu.txt -o /tmp/trang.md"


def add_arguments(parser) -> None:
    """Arguments of ``baocao convert``."""
    parser.add_argument("file", metavar="TỆP", help="tệp văn bản gốc (.txt, .docx, .doc, .pdf, ảnh quét .png/.jpg/.tif)")
    parser.add_argument("-o", "--output", metavar="TỆP_RA", help="ghi trang vào tệp này thay vì in ra màn hình")
    parser.add_argument("--explain", action="store_true",
                        help="in ra (stderr) các bước và phép sửa đã làm thay đổi văn bản")


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
