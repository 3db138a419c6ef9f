"""``argparse`` speaking Vietnamese: usage, section titles, ``-h`` and its error messages.

The ``baocao`` commands are used by office staff, so their ``--help`` and their errors
are Vietnamese (the project's rule for messages).  :mod:`argparse` writes its own words
in English ("usage:", "options", "show this help message and exit", "the following
arguments are required"); :class:`ViArgumentParser` replaces them and leaves the rest of
:mod:`argparse` as it is.  Sub-parsers made with ``add_subparsers`` inherit the class.
"""

from __future__ import annotations

import argparse
import re
import sys

#: argparse's own error messages (Python 3.11-3.13 wording) -> Vietnamese.
_ERRORS = (
    (r"the following arguments are required: (.+)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.+)", r"không hiểu tham số: \1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"tham số \1: không có lựa chọn \2 (chọn một trong: \3)"),
    (r"argument (.+?): invalid (\w+) value: (.+)", r"tham số \1: giá trị không hợp lệ: \3"),
    (r"argument (.+?): expected one argument", r"tham số \1: cần một giá trị sau nó"),
    (r"argument (.+?): expected at least one argument", r"tham số \1: cần ít nhất một giá trị"),
    (r"argument (.+?): not allowed with argument (.+)", r"tham số \1: không dùng cùng \2"),
    (r"argument (.+?): ignored explicit argument (.+)", r"tham số \1: không nhận giá trị \2"),
    (r"ambiguous option: (.+?) could match (.+)", r"tùy chọn \1 không rõ, có thể là: \2"),
)


def vietnamese_error(message: str) -> str:
    """argparse's error ``message`` in Vietnamese (unknown wordings are returned as they are).

    >>> vietnamese_error("the following arguments are required: file")
    'thiếu tham số bắt buộc: file'
    >>> vietnamese_error("argument --max-bytes: invalid int value: 'x'")
    "tham số --max-bytes: giá trị không hợp lệ: 'x'"
    """
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ViHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps descriptions and epilogs as written; the usage line starts ``Cách dùng:``."""

    def add_usage(self, usage, actions, groups, prefix=None):
        """As argparse's, with the prefix in Vietnamese."""
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class ViArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose own words are Vietnamese.

    Section titles "Tham số" / "Tùy chọn", ``-h, --help`` "hiện hướng dẫn này rồi thoát",
    errors as ``baocao convert: lỗi: thiếu tham số bắt buộc: file`` followed by how to see
    the help; exit code 2 as argparse.
    """

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", ViHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "Tham số"
        self._optionals.title = "Tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="hiện hướng dẫn này rồi thoát")

    def error(self, message):
        """Print the usage and the error in Vietnamese to stderr; exit 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {vietnamese_error(message)}\n"
                     f"Xem hướng dẫn: {self.prog} --help\n")
