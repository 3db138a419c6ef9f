"""The lone-``|`` cell layout turned back into tables of cells (``raw-artifacts.md`` family 10).

Text exports of web pages print the header's two columns, side-by-side
signature blocks and annex tables as cells separated by lone ``|`` lines:
``|`` opens a row, each cell is followed by ``|``, and a ``|`` right after
a ``|`` closes one row and opens the next.  :func:`find_tables` reads them
back (rows of ``(line, source line)`` cells); what each chunk between
``|`` lines is comes from :mod:`cell_rules`.
"""

from __future__ import annotations

import bisect

from converters.steps.layout.cell_rules import (
    MAX_LAYOUT_CELL_LINES, _attachment_start, _cell_like, _group_row_end, _group_title, _has_body_row,
    _header_after, _header_again, _header_key, _index_like, _labels_from, _letter_of, _nested_header,
    _over_width, _part_start, _plain_row, _section_title, _short_cell, _table_key, _total_value,
)
from converters.steps.layout.common import _BAR, _Table, _bar_lines, _is_bar


#: No cell of a data table runs this long: a longer chunk is the text after the table.
MAX_TABLE_CELL_LINES = 80


#: How many header rows of the tables found before a chunk is compared with (_header_again).
_HEADERS_KEPT = 8


def _bar_run(lines: list[str], j: int, hi: int) -> int:
    """How many lone ``|`` lines follow one another from ``lines[j]`` (at least 1 when it is one)."""
    k = j
    while k < hi and _is_bar(lines[k]):
        k += 1
    return k - j


def _segment_cells(lines: list[str], j: int, hi: int, limit: int, chunk_at) -> int:
    """Cells from ``lines[j]`` that single ``|`` lines separate (no row boundary among them).

    ``cell | cell | cell | |`` counts 3: cells one ``|`` apart are in one
    row, an extra ``|`` may end it.  Counting stops past ``limit``.
    ``chunk_at(start)`` gives the lines from ``start`` to the next ``|`` line
    and that line's index (``find_tables``' cached finder).
    """
    count = 0
    while j < hi and count <= limit:
        chunk, k = chunk_at(j)
        if not chunk or not chunk[0][0].strip() or k >= hi or len(chunk) > MAX_TABLE_CELL_LINES:
            break
        count += 1
        if k + 1 >= hi or _is_bar(lines[k + 1]):
            break
        j = k + 1
    return count


def find_tables(lines: list[str], lo: int, hi: int, with_bar: list[int] | None = None) -> list[_Table]:
    """Tables of lone ``|`` lines in ``lines[lo:hi]``.

    Syntax: ``|`` opens a row, each cell is followed by ``|``, and ``|`` right
    after a ``|`` closes one row and opens the next.  A row's cell count is
    known once the first row closes; after a complete row the table ends
    unless a ``|`` follows.  A first row that never closes takes cells while
    they look like cells (see :func:`_cell_like`).  In an indexed grid of 3+
    columns, one more ``|`` after a row boundary before a cell that is no
    index is an empty first cell (a row under a group row, with no index).

    Tables printed one after another with no blank line (the procedures of a
    TTHC annex) are told apart: a title followed by a header row of column
    labels (:func:`_header_after`) or by a header row seen before
    (:func:`_header_again`) is text between two tables, and so is a section
    title after a full row (:func:`_section_title`); after a row boundary a
    row of labels wider than the table opens a new one (a nested table's
    header), while an index cell and labels running past the width are the
    header of a table nested in that row (:func:`_nested_header`): the table
    widens.  A group row's lone ``|`` may close it (:func:`_group_row_end`),
    a total's label takes an empty cell before its value (:func:`_total_value`).

    ``with_bar``: :func:`_bar_lines` of the same range, when the caller has it (also for
    :func:`find_pipe_tables` and :func:`find_fused_tables`); found here otherwise.
    """
    tables: list[_Table] = []
    i = lo
    # A text cut out of a page may start inside its header table, without the opening |.
    first = next((k for k in range(lo, hi) if lines[k].strip()), hi)
    opened_at_start = False
    if first < hi and not _is_bar(lines[first]):
        k = first
        while k < hi and k - first <= 8 and not _is_bar(lines[k]) and lines[k].strip():
            k += 1
        opened_at_start = k < hi and _is_bar(lines[k]) and k > first
    # Where the | lines are: the scan jumps from one to the next instead of testing each line.
    bars = [k for k in (_bar_lines(lines, lo, hi) if with_bar is None else with_bar) if lines[k].strip() == _BAR]
    chunks: dict[int, tuple[list[tuple[str, int]], int]] = {}
    headers: list[tuple[str, ...]] = []  # header rows of the tables found so far (_header_key)
    cell_memo: dict = {}  # facts of the cells of the first row being grown (_row_facts)

    def chunk_at(start: int) -> tuple[list[tuple[str, int]], int]:
        """Lines from ``start`` up to (not including) the next ``|`` line or ``hi``, and that
        line's index (``start`` itself from ``hi`` on).  Found from ``bars`` and kept: the rules
        look ahead at the next chunk and then read it again (chunks are only read, never changed).
        """
        found = chunks.get(start)
        if found is None:
            nxt = bisect.bisect_left(bars, start)
            end = bars[nxt] if nxt < len(bars) else max(hi, start)
            found = chunks[start] = ([(lines[k], k + 1) for k in range(start, end)], end)
        return found

    def close_row(at: int) -> None:
        """Close the row being read at the ``|`` line ``at``: append it to the table and update
        the table's state (width, index cells, last letter index)."""
        nonlocal row, ncols, indexed, last_letter, closed_at, empty_first, trailing_empty
        if empty_first and len(row) > ncols:
            # One cell too many: the | was an empty last cell of the row before, whose width the
            # merged header rows had hidden.
            row.pop(0)
            table.rows[-1].append([])
            ncols = max(ncols, len(table.rows[-1]))
            trailing_empty = True
        empty_first = False
        if table.rows and row[0] and _index_like(row[0], last_letter):
            indexed = True
        if row[0]:
            last_letter = _letter_of(row[0]) or (None if _index_like(row[0]) else last_letter)
        if table.rows and not table.body and _plain_row(row):
            table.body = True
        table.rows.append(row)
        ncols = max(ncols, len(row))
        row = []
        closed_at = at

    while i < hi:
        if opened_at_start:
            opened_at_start = False
            table = _Table(start=first, end=first)
            j = first
        elif not _is_bar(lines[i]):
            nxt = bisect.bisect_left(bars, i)
            i = bars[nxt] if nxt < len(bars) else hi
            continue
        else:
            table = _Table(start=i, end=i)
            j = i + 1
            chunk, k = chunk_at(j)
            if chunk and len([t for t, _ in chunk if t.strip()]) > MAX_LAYOUT_CELL_LINES:
                i = k  # a closing | of a table whose opening was missed: body follows
                continue
            width = _header_after(lines, chunk, k, hi, chunk_at)
            if width and k + width < hi:
                # "| title | H1 | H2 | H3 | | c1 | c2 | c3 |": the table's title ahead of its header
                # row (rows after it as wide as the header) is the text before the table.
                end = k
                for _ in range(width):
                    end = chunk_at(end + 1)[1]
                body, _ = chunk_at(end + 2)
                if _section_title(chunk) or (
                    end + 1 < hi
                    and _is_bar(lines[end + 1])
                    and body
                    and not body[0][0].strip().startswith("*")  # a body row, not a second header row
                    and _segment_cells(lines, end + 2, hi, width + 1, chunk_at) == width
                ):
                    # (A section title, "**B. DANH MỤC ...**", before a header is never a cell.)
                    i = k
                    continue
        ncols = 0
        indexed = False  # rows after the first start with an index cell
        last_letter: str | None = None  # the last letter index seen (a, b, c ...)
        row: list = []
        closed_at = -1  # the | line that last closed a row
        empty_first = False  # the row being read got an empty first cell from "| | |"
        trailing_empty = False  # such a | proved to be a row's empty last cell: no more of them
        while j < hi:
            at_bar = _is_bar(lines[j])  # (asked twice below)
            if (
                at_bar and not row and ncols >= 3 and indexed and not trailing_empty and closed_at == j - 1
                and j + 1 < hi and lines[j + 1].strip() and not _is_bar(lines[j + 1])
                and not _index_like(chunk_at(j + 1)[0], last_letter)
            ):
                # A full row, "| |", then one more | before a cell that is no index: an empty
                # first cell (a row with no index under a group row: "- Cán bộ ..."). Only where the
                # width is known from an indexed grid of 3+ columns: a narrower one may be a
                # fragment whose rows lost cells.
                row.append([])
                empty_first = True
                table.end = j
                j += 1
                continue
            if at_bar:
                # "| |": a row boundary, or an empty cell.  In a table with an index column
                # (STT: 1, 2, a, b, I, II) a row that is not full goes on with an empty cell
                # unless what follows is the next index.
                if len(row) == 1 and ncols >= 3 and j + 1 < hi and not _is_bar(lines[j + 1]):
                    if _total_value(row[0], chunk_at(j + 1)[0]):
                        # "**Tổng thời gian** | | **85 ngày**": the total's label spans the first
                        # columns, the | after it is an empty cell and the value follows in the row.
                        row.append([])
                        table.end = j
                        j += 1
                        continue
                starts_indexed = bool(table.rows) and bool(row[0]) and _index_like(row[0], last_letter) if row else False
                if row and ncols and len(row) < ncols and (indexed or starts_indexed):
                    nxt, _ = chunk_at(j + 1)
                    run = _bar_run(lines, j, hi)
                    after, _ = chunk_at(j + run)
                    if 2 <= run <= ncols - len(row) and (
                        len(row) + run + _segment_cells(lines, j + run, hi, ncols, chunk_at) > ncols
                        or _group_title(after)
                        or _group_title(row[-1])
                    ):
                        # Read as empty cells, these bars would push the cells after them (no
                        # row boundary among those) past the width, or they sit next to a group
                        # title (a row of its own): the run's last bar closes the row, the ones
                        # before it are its empty last cells.  The next row then lacks its first
                        # cells: a row span from the row above (tables.py).  A run longer than
                        # the row's missing cells is read as before (fill, close, empty first),
                        # and so is a lone |: a full row after it may end the table.
                        row.extend([] for _ in range(run - 1))
                        table.end = j + run - 1
                        j += run - 1
                        close_row(j)
                        j += 1
                        continue
                    if _group_row_end(row, nxt, len(row) + 1 + _segment_cells(lines, j + 1, hi, ncols, chunk_at) - ncols):
                        # "**I** | **CẤP TỈNH** | | **LĨNH VỰC A** | | 1 | ...": a group row's title
                        # spans the columns, so the | after it closes the row; the bold cell after
                        # it is a group row of its own, not a 4th cell (see _group_row_end).
                        close_row(j)
                        table.end = j
                        j += 1
                        continue
                    if not nxt or not _index_like(nxt, last_letter):
                        row.append([])
                        table.end = j
                        j += 1
                        continue
                if row:
                    close_row(j)
                table.end = j
                j += 1
                continue
            chunk, k = chunk_at(j)
            if k >= hi:
                break  # no closing |: text after the table
            if not chunk[0][0].strip() or len(chunk) > MAX_TABLE_CELL_LINES:
                break  # cells follow their | directly; a blank line or a page of text ends the table
            if _attachment_start(chunk) or (table.rows or row) and _part_start(chunk):
                # The next annex's title or part heading right after the table's last | (also
                # right after a | that closed the cell of a table that ended before it).
                break
            if ncols and len(row) >= ncols and empty_first and table.rows:
                # A cell more than the width: the | taken for an empty first cell was the row
                # before's empty last cell.
                row.pop(0)
                table.rows[-1].append([])
                ncols = max(ncols, len(table.rows[-1]))
                empty_first = False
                trailing_empty = True
            if _has_body_row(table) and (
                _header_again(headers + ([own_key] if (own_key := _table_key(table)) else []), chunk_at, k + 1, hi)
                or ncols and _over_width(len(row), _header_after(lines, chunk, k, hi, chunk_at), ncols)
            ):
                # A header row comes after this chunk: a title between two tables (one per procedure
                # of a TTHC annex) with no blank line between, not one more cell of this table.
                break
            if (
                not row and ncols and closed_at == j - 1 and j >= 2 and _is_bar(lines[j - 2])
                and _has_body_row(table) and _labels_from(lines, j, hi, chunk_at) > ncols
            ):
                # After a row boundary, a row of column labels wider than the table: the header of
                # a table nested in the last cell (a TTHC procedure's steps), flattened by the text
                # form.  The table ends with its last cell's |; the boundary | opens the next one.
                table.end = j - 2
                break
            if ncols and len(row) >= ncols and (
                _section_title(chunk) or not (ncols >= 3 and len(table.rows) <= 3 and _short_cell(chunk))
            ) and not (indexed and _nested_header(row, lines, j, hi, chunk_at, ncols)):
                # A full row ends here; only the first rows may be wider (header rows with merged
                # cells), and a section title after a full row is the text after the table.  An
                # index and labels going on with labels is a nested table's header (_nested_header).
                break
            if not ncols and row and not _cell_like(chunk, row, cell_memo):
                break
            if not ncols and not row and table.rows == [] and not chunk[0][0].strip() and j == i + 1:
                break
            row.append(chunk)
            table.end = k
            j = k + 1
            if ncols and len(row) >= ncols and not (j < hi and _is_bar(lines[j])):
                # A full row and no "| |": the table ends, unless the row is longer than the
                # rows before it (header rows with merged cells came first: only in the
                # first rows) and goes on.
                nxt, k2 = chunk_at(j)
                if (
                    _section_title(nxt) or not (ncols >= 3 and len(table.rows) <= 3 and k2 < hi and _short_cell(nxt))
                ) and not (indexed and _nested_header(row, lines, j, hi, chunk_at, ncols)):
                    break
        if row:
            if empty_first and len(row) > ncols and table.rows:
                row.pop(0)
                table.rows[-1].append([])
            table.rows.append(row)
        if table.rows:
            tables.append(table)
            key = _header_key(table.rows[0])
            if key and len(key) >= 3 and key not in headers:  # (two labels may be a fragment's)
                headers.append(key)
                del headers[:-_HEADERS_KEPT]  # the last few: each chunk of a table is tested against them
            i = table.end + 1
        else:
            i += 1
    return tables
