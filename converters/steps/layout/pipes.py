"""Tables written as ``| a | b |`` rows, read into the same shape as the cell layout's.

Some exports write a layout table as Markdown-style pipe rows
(``raw-artifacts.md`` family 10); the step rebuilds the header's and the
end matter's (:func:`classify._classify`) and leaves a data table in this
form as written for the tables step.  ``_PIPE_RULE`` (a ``|---|`` rule row)
is also what ``benchmarks/fidelity.py`` counts as a table's rule.
"""

from __future__ import annotations

import bisect
import re

from converters.steps.layout.common import _Table, _bar_lines, _is_bar


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")


def find_pipe_tables(lines: list[str], lo: int, hi: int, with_bar: list[int] | None = None) -> list[_Table]:
    """Tables written as ``| a | b |`` rows (family 10), as :class:`_Table` like the lone-``|`` ones.

    A run of two or more consecutive rows with at least two cells each; a
    Markdown rule row (``|---|---|``) is dropped, ``\\|`` is a ``|`` inside its cell.

    >>> [r for r in find_pipe_tables(["| Số: 1/KH | Hà Nội, ngày 1 tháng 2 năm 2025 |", "|---|---|", "| a | b |"], 0, 3)[0].rows]
    [[[('Số: 1/KH', 1)], [('Hà Nội, ngày 1 tháng 2 năm 2025', 1)]], [[('a', 3)], [('b', 3)]]]
    """
    tables: list[_Table] = []
    # Most lines hold no "|" at all: the scan jumps from one line with a "|" to the next.
    if with_bar is None:
        with_bar = _bar_lines(lines, lo, hi)
    i = lo
    while i < hi:
        nxt = bisect.bisect_left(with_bar, i)
        if nxt == len(with_bar):
            break
        i = with_bar[nxt]
        # The count first, and then no regex is tried.
        if lines[i].count("|") < 3 or not _PIPE_ROW.match(lines[i]) or _is_bar(lines[i]):
            i += 1
            continue
        j = i
        rows = []
        while j < hi and lines[j].count("|") >= 3 and _PIPE_ROW.match(lines[j]) and not _is_bar(lines[j]):
            if not _PIPE_RULE.match(lines[j]):
                inner = lines[j].strip()[1:-1]
                cells = [cell.strip().replace("\\|", "|") for cell in _PIPE_SPLIT.split(inner)]
                rows.append([[(cell, j + 1)] if cell else [] for cell in cells])
            j += 1
        if len(rows) >= 2 or (rows and len(rows[0]) >= 2):
            tables.append(_Table(start=i, end=j - 1, rows=rows))
        i = j
    return tables
