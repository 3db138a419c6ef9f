"""Tables: rows and cells rebuilt as a pipe table, every cell's text kept.

Tables reach the converter in two forms (``raw-artifacts.md`` §10):

- ``| a | b |`` rows, one line per row (a Markdown-like export); a separator
  row ``|---|---|`` is dropped;
- annex tables laid out one cell per line between lone ``|`` lines, which the
  layout step rebuilds as one block, one line per row, cells joined by a TAB
  (``layout-contract.md``: ``env["layout"]["tables"]`` of kind ``data``).

The paragraphs step passes such blocks on as ``table`` blocks untouched (their
line breaks are rows, not wraps), the footnotes step turns the ``[n]``
references in them into placeholders like anywhere else, and this step (after
``pagebreaks``, before ``outline``) reads their rows:

- a grid of at least two rows and two columns whose rows mostly have the full
  width becomes ``Block("table", data={"rows": [[cell, ...], ...]})``, short
  rows (a group row spanning the columns, cells merged in the source) padded
  with empty cells at the end, so no cell is lost;
- a grid whose short rows lack their first cells, under a cell of the row
  above that spans them (``rowspan``), gets those rows padded on the left
  (:func:`span_rows`) and becomes a table when it then has the full width;
- one row or one column is a layout box, not a table (a form's cover page, a
  boxed note): its cells become paragraphs in reading order; but one row of
  three or more column labels is the header of a blank form's table (its
  empty rows the text form dropped) and stays a table; one column of three
  rows or more with no TAB (cells the layout step could not place in rows and columns)
  becomes one list item of its cells separated by `` | ``, with a warning;
- a grid whose short rows continue the row index of the row above
  (``Bước 2`` after ``Bước 1``) under a row whose last cells span them
  (:func:`right_span_rows`) becomes a table, those rows padded on the right;
- in a grid, a total row (``**Tổng thời gian** | **27 ngày**``) gets its value
  under the column of its quantities (:func:`place_totals`);
- a grid too irregular to rebuild (most rows shorter than the widest: merged
  cells the text form lost) stays as a list of its cells, one item per row
  with the row's non-empty cells separated by `` | ``, with a warning.

``render.py`` writes the pipe table and escapes the cells.
"""

from __future__ import annotations

import re
from itertools import combinations

from converters.lexicon.national import NATIONAL_IN
from converters.model import Block, DocState

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: Share of rows that must have the table's full width for the grid to be rebuilt.
MIN_FULL_ROWS = 0.6


def data_table_spans(state: DocState) -> list[tuple[int, int]]:
    """Source line spans of the data tables the layout step found (``[(first, last)]``)."""
    tables = (state.env.get("layout") or {}).get("tables") or []
    return [tuple(t["span"]) for t in tables if t.get("kind") == "data"]


def is_table_text(text: str, lines: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """True when a raw chunk is a table: rows from a layout data table, or ``| a | b |`` lines.

    >>> is_table_text("| TT | Nội dung |\\n|---|---|\\n| 1 | Tuyên truyền |", (1, 3), [])
    True
    >>> is_table_text("Số lượng | tăng 5%", (1, 1), [])
    False
    >>> is_table_text("**Tên vệ tinh**\\n**Ngày tháng năm**\\n**Người trực**", (3, 5), [(2, 6)])
    True
    """
    if ("\t" in text or text.strip().count("\n") >= 2) and any(a <= lines[0] and lines[1] <= b for a, b in spans):
        # (Three rows or more of one cell and no TAB: its rows are its lines, not a paragraph's
        # wraps.  Two such lines are left to the paragraph rules: the pieces of one broken row.)
        return True
    if not text.lstrip().startswith("|"):
        return False
    rows = [line for line in text.split("\n") if line.strip()]
    return bool(rows) and all(_PIPE_ROW.match(r) for r in rows) and any(len(split_pipe_row(r)) >= 2 for r in rows)


def split_pipe_row(line: str) -> list[str]:
    """The cells of a ``| a | b |`` row; ``\\|`` is a pipe inside a cell.

    >>> split_pipe_row("| a | b \\\\| c |  |")
    ['a', 'b | c', '']
    """
    t = line.strip()
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|") and not t.endswith("\\|"):
        t = t[:-1]
    cells = re.split(r"(?<!\\)\|", t)
    return [c.replace("\\|", "|").strip() for c in cells]


def rows_of(text: str) -> list[list[str]]:
    """Rows of cells of a table block's text (TAB-separated or pipe rows).

    >>> rows_of("TT\\tNội dung\\n1\\tTuyên truyền")
    [['TT', 'Nội dung'], ['1', 'Tuyên truyền']]
    >>> rows_of("| TT | Nội dung |\\n| --- | --- |\\n| 1 | x |")
    [['TT', 'Nội dung'], ['1', 'x']]
    """
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _PIPE_ROW.match(line):
            if _SEPARATOR_ROW.match(line):
                continue
            rows.append(split_pipe_row(line))
        else:
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def shape(rows: list[list[str]], fitting: int = 0) -> str:
    """``"grid"``, ``"box"`` (one row or one column) or ``"irregular"``.

    >>> shape([["TT", "Nội dung"], ["1", "a"], ["II", "Nhóm"], ["2", "b"]])
    'grid'
    >>> shape([["a"], ["b"]]), shape([["a", "b", "c"]])
    ('box', 'box')
    >>> shape([["TT", "Đơn vị", "Số", "Ghi chú"], ["Ô tô", "Xe máy"], ["Công ty"], ["Tổng", "12"], ["1", "a", "b", "c"]])
    'irregular'
    >>> shape([["TT", "Đối tượng", "Ghi chú"], ["a", "Nhóm 1", ""], ["b", "Nhóm 2", ""]])
    'grid'
    >>> shape([["**Ngày**", "**Mô tả sự cố**", "**Mức độ**"]]), shape([["**Tên cơ quan**", "**Quốc hiệu**"]])
    ('grid', 'box')
    """
    width = max((len(_trim(r)) for r in rows), default=0)
    if len(rows) == 1 and _label_row(rows[0]):
        return "grid"  # a blank form's table: its header, the rows left empty to be filled in
    if len(rows) < 2 or width < 2:
        return "box"
    # A row fits when it has every column, empty trailing cells included ("x | | "), or is a
    # group row: a short label and its title spanning the columns ("II | Phát triển hạ tầng").
    full = sum(1 for r in rows if len(r) >= width or _group_row(r))
    # ``fitting``: short rows known to fit otherwise (rows under a row span, see span_rows).
    return "grid" if full + fitting >= MIN_FULL_ROWS * len(rows) else "irregular"


_ROW_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[A-Za-zđĐ][.)]?|[-+*])$")


def _label_row(row: list[str]) -> bool:
    """A row of three or more column labels: each cell opens in bold and is short (at most 120).

    Alone, such a row is the header of a table of a form (biểu mẫu) whose
    body rows are left empty to be filled in (the text form drops them);
    two cells side by side are a layout box (a header's two columns).
    """
    cells = [c.strip() for c in _trim(row)]
    return len(cells) >= 3 and all(c.startswith("**") and 0 < len(c.replace("*", "").strip()) <= 120 for c in cells)


def _group_row(row: list[str]) -> bool:
    """A row of a label and a title that spans the table (``**II** | **Phát triển ...**``).

    >>> _group_row(["**II**", "**Phát triển hạ tầng**"]), _group_row(["Ô tô", "Xe máy"])
    (True, False)
    """
    cells = _trim(row)
    return len(cells) <= 2 and bool(_ROW_LABEL.match(cells[0].replace("*", "").strip()))


def _trim(row: list[str]) -> list[str]:
    """A row without its trailing empty cells (at least one cell)."""
    out = list(row)
    while len(out) > 1 and not out[-1]:
        out.pop()
    return out


def _bold(cell: str) -> bool:
    t = cell.strip()
    return len(t) > 4 and t.startswith("**") and t.endswith("**")


def _label_shape(cell: str) -> str | None:
    """A row index's form with its digits as ``#`` (``B2`` -> ``B#``, ``Bước 3`` -> ``Bước #``)."""
    bare = cell.replace("*", "").strip()
    if _ROW_LABEL.match(bare):
        return "label"
    if len(bare) <= 12 and re.search(r"\d", bare) and not re.search(r"[,;:]", bare):
        return re.sub(r"\d+", "#", bare)
    return None


_NUMBER = re.compile(r"^[\d.,%/\s–-]*\d[\d.,%/\s–-]*$")


def _types_agree(body: list[list[str]], row: list[str], k: int) -> bool:
    """Whether ``row`` placed from column ``k`` puts numbers under numbers and words under words.

    Each cell is compared with the nearest cell with text above it in its
    column (``body``: the rows read so far below the header).

    >>> _types_agree([["Axit", "70,0", "acetic acid"]], ["Natri", "22,0"], 1)
    False
    >>> _types_agree([["Axit", "70,0", "acetic acid"]], ["Natri", "22,0"], 0)
    True
    """
    for c, cell in enumerate(row, k):
        text = cell.replace("*", "").strip()
        if not text:
            continue
        above = next((r[c].replace("*", "").strip() for r in reversed(body) if c < len(r) and r[c].strip()), "")
        if above and bool(_NUMBER.match(text)) != bool(_NUMBER.match(above)):
            return False
    return True


def span_rows(rows: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """Rows under a row span padded on the left with empty cells; ``(rows, padded row indexes)``.

    A cell spanning several rows (``rowspan``) is written once: the rows
    below it lack their first cells (``- Trưởng ban | 692 | người/ngày``
    under ``I | Tốt nghiệp ... | 1. Ban Chỉ đạo thi``).  A row shorter than
    the table (``W`` cells, the widest row) is such a row, and gets
    ``W - len(row)`` empty cells in front, when it is consistent with a span:

    - the row above is a body row (not the header: the first row and the
      all-bold rows after it that start with no row index, whose short rows
      are sub-headers), it has more cells than the span, and each of its
      first ``W - len(row)`` cells has text or is itself spanned;
    - the row has two cells or more (a lone cell is a group or total row)
      and no empty cell between two of its cells (its cells would not be
      in their columns: the text form lost where they were);
    - the row does not start a row of its own: its first cell is no row
      index (``1``, ``a)``, ``II``) and not of the form of the first cell of
      the row above (``B2`` after ``B1``);
    - under an established span of ``s`` columns, a row of at most ``W - s``
      cells is padded by ``s`` (a group title inside the span, padded on the
      right by the table later); a full row ends the span;
    - it puts numbers under numbers and words under words (each cell
      against the nearest cell above it in its column);
    - a new span as wide as the table's span before is preferred: a row may
      also lack its empty last cells (the table's last row has no ``|`` after them).

    Any other short row is left as it is (a group row, padded on the right).
    The padded rows count as rows that fit when the caller weighs the grid
    (:func:`shape`'s ``fitting``): a row span is a reason for a short row.

    >>> span_rows([["TT", "Nội dung", "Mức", "Đơn vị"], ["I", "Ban", "", ""], ["Trưởng ban", "692"], ["Phó ban", "623"]])
    ([['TT', 'Nội dung', 'Mức', 'Đơn vị'], ['I', 'Ban', '', ''], ['', '', 'Trưởng ban', '692'], ['', '', 'Phó ban', '623']], [2, 3])
    >>> span_rows([["Bước", "Nội dung", "Thời gian"], ["B1", "Tiếp nhận"], ["B2", "Thẩm định"]])[1]
    []
    """
    width = max((len(r) for r in rows), default=0)
    header = 1
    while (
        header < len(rows)
        and all(_bold(c) for c in rows[header] if c.strip())
        and any(c.strip() for c in rows[header])
        and _label_shape(rows[header][0]) != "label"  # "**I** | **Nhóm ...**": a group row of the body
    ):
        header += 1
    out = [list(r) for r in rows[:header]]
    spanned: list[bool] = [False] * width  # columns of the row above covered by a span
    span = 0
    last_span = 0
    padded: list[int] = []
    for i in range(header, len(rows)):
        row = rows[i]
        n = len(row)
        above = out[-1] if i > header else None
        first = row[0] if row else ""
        restarts = bool(first.strip()) and (
            _label_shape(first) == "label"
            or above is not None and _label_shape(first) is not None and _label_shape(first) == _label_shape(rows[i - 1][0])
        )
        # An empty cell between two cells of a short row: its cells were not read in their columns.
        kept = [c.strip() != "" for c in row]
        gap = any(not kept[c] and any(kept[:c]) and any(kept[c + 1 :]) for c in range(n))
        k = 0
        if n < width and not restarts and not gap:
            if span and n + span <= width and _types_agree(out[header:], row, span):
                k = span
            else:
                # A span as wide as one seen before in the table first: the table's last row
                # lacks its empty last cells too (no | after them).
                for want in dict.fromkeys(w for w in (last_span, width - n) if w and n + w <= width):
                    if (
                        n >= 2
                        and above is not None
                        and len(above) > want
                        and all(above[c].strip() or spanned[c] for c in range(want))
                        and _types_agree(out[header:], row, want)
                    ):
                        k = span = last_span = want
                        break
        if k:
            new = [""] * k + list(row)
            spanned = [c < k for c in range(width)]
            padded.append(i)
        else:
            new = list(row)
            spanned = [False] * width
            span = 0
        out.append(new)
    return out, padded


_DIGITS = re.compile(r"\d+")


def _header_narrower(rows: list[list[str]]) -> bool:
    """Whether a header row of labels has fewer cells than the widest row of the table.

    One of its cells spans sub-columns (a two-level header that
    :func:`two_level_header` could not place): the columns of the rows below
    it are then not known from the header.

    >>> _header_narrower([["**TT**", "**Vị trí**", "**Ghi chú**"], ["**X**", "**Y**"], ["1", "5", "6", "a"]])
    True
    """
    first = _trim(rows[0]) if rows else []
    width = max((len(_trim(r)) for r in rows), default=0)
    return len(first) < width and all(c.strip().startswith("**") for c in first if c.strip())


def right_span_rows(rows: list[list[str]]) -> list[int]:
    """Short rows under cells that span rows at the table's right; their indexes.

    A procedure table (quy trình: ``Bước 1 | Tiếp nhận | Chuyên viên | 17 ngày
    | Không có | Ghi chú``) writes the fee and note columns once, in the first
    step's row, spanning the steps below; the text form then gives the later
    steps only their first cells (``Bước 2 | Duyệt | Lãnh đạo | 2 ngày``),
    already in their columns from the left.  A row shorter than the table
    (``W`` cells, the widest row) is such a row when:

    - it has two cells or more and its first cell is a row index of the
      form of the first cell of the row above (``Bước 2`` after ``Bước 1``,
      ``3`` after ``2``), its number greater;
    - the row above is a full row whose cells past the row's length all have
      text (the spanning cells), or a row under the same span;
    - it puts numbers under numbers and words under words (:func:`_types_agree`).

    A group row, a total row or a full row ends the span.  The caller counts
    these rows as rows that fit (:func:`shape`'s ``fitting``); the grid pads
    them on the right, where the spanning cells are.

    >>> right_span_rows([["Bước", "Nội dung", "Thời gian", "Ghi chú"], ["Bước 1", "Tiếp nhận", "2 ngày", "Nộp trực tuyến"],
    ...                  ["Bước 2", "Thẩm định", "5 ngày"], ["Bước 3", "Trả kết quả", "1 ngày"], ["Tổng", "8 ngày"]])
    [2, 3]
    >>> right_span_rows([["TT", "Tên", "Mức", "Ghi chú"], ["1", "Ban", "", ""], ["2", "Sở"]])
    []
    """
    width = max((len(_trim(r)) for r in rows), default=0)
    out: list[int] = []
    top: list[str] | None = None  # the full row whose last cells span the rows below
    prev_first = ""
    for i in range(1, len(rows)):
        cells = _trim(rows[i])
        n = len(cells)
        if n >= width:
            top, prev_first = rows[i], rows[i][0]
            continue
        first = cells[0]
        form = _label_shape(first)
        now, before = _DIGITS.findall(first), _DIGITS.findall(prev_first)
        if (
            top is not None
            and n >= 2
            and form is not None
            and form == _label_shape(prev_first)
            and now and before and int(now[-1]) > int(before[-1])
            and all(c.strip() for c in top[n:width])
            and _types_agree(rows[1:i], cells, 0)
        ):
            out.append(i)
            prev_first = first
        else:
            top, prev_first = None, ""
    return out


#: Column labels that never group sub-columns (a two-level header's cells spanning two rows):
#: the row index, the item, the unit and the note columns of tables of State and Party
#: documents (NĐ 30/2020/NĐ-CP Phụ lục III forms; tables across the corpus).
_LEAF_LABELS = frozenset({"tt", "stt", "số tt", "nội dung", "ghi chú", "đơn vị tính", "đvt", "đơn vị"})
#: Most ways of spreading sub-columns over a header row that are tried (beyond: left as it is).
_MAX_PLACEMENTS = 64


def _column_kind(body: list[list[str]], c: int) -> str:
    """``"number"``, ``"text"`` or ``""`` (no text): what most cells with text in column ``c`` hold."""
    cells = [r[c].replace("*", "").strip() for r in body if c < len(r) and r[c].replace("*", "").strip()]
    if not cells:
        return ""
    numbers = sum(1 for t in cells if _NUMBER.match(t))
    return "number" if 2 * numbers > len(cells) else "text" if 2 * numbers < len(cells) else "mixed"


def two_level_header(rows: list[list[str]]) -> list[list[str]] | None:
    """A two-level header put in its columns, or ``None`` when it is not one or cannot be told.

    A header cell spanning sub-columns (``colspan``) is written once, and the
    sub-columns' labels follow as a second row of labels, without the cells
    of the first row that span both rows (``rowspan``)::

        **STT** | **Nội dung** | **Mức chi** | **Ghi chú**
        **Cấp tỉnh** | **Cấp xã**
        1 | Chi hội nghị | 100.000 đồng | 80.000 đồng |

    so the text form puts every label after the first spanning cell in the
    wrong column.  With ``k`` cells in the first row, ``s`` labels in the
    second and ``W`` columns in the body (the most common row length, empty
    cells included), ``m = k + s - W`` cells of the first row span the
    sub-columns.  The placements tried give each of ``m`` cells ``s / m``
    sub-columns (one spanning cell, or equal groups: ``Lượng | Giá trị``
    under each year) and keep those where no spanning cell is a label that
    never groups (:data:`_LEAF_LABELS`) and the body's cells under each
    spanning cell are all numbers or all words.  Exactly one placement left:
    the first row gets an empty cell for each extra column of a spanning
    cell, the second row its labels under their cells and empty cells
    elsewhere (every cell's text kept, nothing added), the body rows their
    full width; several or none: ``None`` (no guess).

    >>> two_level_header([["**TT**", "**Nội dung**", "**Mức**"], ["**Tỉnh**", "**Xã**"], ["1", "Họp", "2", "1"]])
    [['**TT**', '**Nội dung**', '**Mức**', ''], ['', '', '**Tỉnh**', '**Xã**'], ['1', 'Họp', '2', '1']]
    """
    if len(rows) < 3:
        return None
    first, second, body = _trim(rows[0]), _trim(rows[1]), rows[2:]
    labels = [c for c in second if c.strip()]
    if not all(c.strip().startswith("**") for c in first) or not labels:
        return None
    if not all(c.strip().startswith("**") for c in labels) or len(labels) != len(second):
        return None
    lengths = [len(r) for r in body]
    width = max(set(lengths), key=lambda n: (lengths.count(n), n))
    k, s = len(first), len(labels)
    m = k + s - width
    if width <= k or m < 1 or s % m or s // m < 2 or any(len(_trim(r)) > width for r in body):
        return None
    span = s // m
    choices = [i for i, c in enumerate(first) if c.replace("*", "").strip().rstrip(":").lower() not in _LEAF_LABELS]
    found: list[tuple[int, ...]] = []
    for n, chosen in enumerate(combinations(choices, m)):
        if n >= _MAX_PLACEMENTS:
            return None
        col, ok = 0, True
        for i in range(k):
            if i in chosen:
                kinds = {_column_kind(body, c) for c in range(col, col + span)} - {""}
                ok = ok and len(kinds) <= 1 and "mixed" not in kinds
                col += span
            else:
                col += 1
        if ok:
            found.append(chosen)
    if len(found) != 1:
        return None
    head, sub = [], []
    labels_left = iter(labels)
    for i, cell in enumerate(first):
        if i in found[0]:
            head += [cell] + [""] * (span - 1)
            sub += [next(labels_left) for _ in range(span)]
        else:
            head.append(cell)
            sub.append("")
    return [head, sub] + [(list(r) + [""] * width)[:width] for r in body]


_PLACE_DATE = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE | re.DOTALL)


def form_header(rows: list[list[str]]) -> list[list[str]] | None:
    """A form's header laid out in two columns, its place-date line put under the national heading.

    A form attached to a document (biểu mẫu) opens with the header of
    NĐ 30/2020/NĐ-CP Phụ lục I: ``issuer | national heading`` over
    ``number | place and date``.  A form whose number cell is empty prints
    its second row as the place-date line alone (the text form loses the
    empty cell), which then stood under the issuer.  When the first row is
    two cells, the second of them the national heading (State or Party:
    ``lexicon/national.NATIONAL_IN``), a later row of one
    cell that is a place-date line (``…, ngày … tháng … năm …``) gets an
    empty first cell; ``None`` when nothing changes (a number line alone
    stays under the issuer, where the grid pads it).

    >>> form_header([["**ĐOÀN KIỂM TRA**", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"], ["*…, ngày … tháng … năm …*"]])
    [['**ĐOÀN KIỂM TRA**', '**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**'], ['', '*…, ngày … tháng … năm …*']]
    """
    if len(rows) < 2 or len(_trim(rows[0])) != 2 or not NATIONAL_IN.search(rows[0][1].replace("*", "")):
        return None
    out, changed = [list(rows[0])], False
    for row in rows[1:]:
        cells = _trim(row)
        if len(cells) == 1 and _PLACE_DATE.search(cells[0]):
            out.append(["", cells[0]])
            changed = True
        else:
            out.append(list(row))
    return out if changed else None


_TOTAL = re.compile(r"^(?:tổng|cộng)\b", re.IGNORECASE)
_QUANTITY = re.compile(r"\d+(?:[.,]\d+)*")
_SPACES = re.compile(r"\s+")


def _unit_form(cell: str) -> str:
    """A quantity's form, its numbers as ``#`` (``**27 ngày**`` -> ``# ngày``); ``""`` without a number."""
    if not cell or len(cell) > 60:
        return ""
    text = _SPACES.sub(" ", cell.replace("*", "")).strip().lower()
    return _QUANTITY.sub("#", text) if _QUANTITY.search(text) and len(text) <= 40 else ""


def place_totals(grid: list[list[str]]) -> list[list[str]]:
    """A total row's value put under the column of its quantities, the label spanning before it.

    A procedure table (quy trình nội bộ giải quyết thủ tục hành chính, in many
    documents of the corpus) closes with ``**Tổng thời gian giải quyết** |
    **27 ngày**``: the label spans the columns before the time column, which
    the text form loses, so the value stood in the second column.  A row of
    two cells whose label starts with ``Tổng``/``Cộng`` and whose value is a
    quantity (``27 ngày``, ``10 ngày làm việc``) moves its value to the one
    column where most cells of the table have the value's form (numbers as
    ``#``: ``17 ngày``, ``0,5 ngày``), at least two of them; with no such column, or
    two, the row stays as it is.

    >>> place_totals([["Bước", "Nội dung", "Thời gian"], ["B1", "Tiếp nhận", "2 ngày"], ["B2", "Trả", "0,5 ngày"], ["**Tổng**", "**2,5 ngày**", ""]])[-1]
    ['**Tổng**', '', '**2,5 ngày**']
    """
    out = grid
    forms: list[list[str]] | None = None  # every cell's form, read once a total row is met
    for i, row in enumerate(grid):
        cells = _trim(row)
        if len(cells) != 2 or not _TOTAL.match(cells[0].replace("*", "").strip()):
            continue
        form = _unit_form(cells[1])
        if not form:
            continue
        if forms is None:
            forms = [[_unit_form(c) for c in r] for r in grid]
        counts = [sum(1 for k, r in enumerate(forms) if k != i and c < len(r) and r[c] == form) for c in range(len(row))]
        best = max(counts)
        if best < 2 or counts.count(best) > 1 or counts.index(best) <= 1:
            continue
        c = counts.index(best)
        if out is grid:
            out = [list(r) for r in grid]
        out[i] = [cells[0]] + [""] * (c - 1) + [cells[1]] + [""] * (len(row) - c - 1)
    return out


def build(block: Block, state: DocState) -> list[Block]:
    """The blocks a ``table`` block becomes: one table, paragraphs, or list items (see module)."""
    rows = rows_of(block.text)
    rows = two_level_header(rows) or form_header(rows) or rows
    kind = shape(rows)
    if kind == "irregular":
        spanned, padded = span_rows(rows)
        width = max(len(r) for r in spanned)
        if padded and shape(spanned, fitting=sum(1 for i in padded if len(spanned[i]) < width)) == "grid":
            rows, kind = spanned, "grid"
        elif not _header_narrower(rows) and shape(rows, fitting=len(right_span_rows(rows))) == "grid":
            kind = "grid"  # cells spanning rows at the right (a procedure's fee, note columns)
    if kind == "grid":
        width = max(len(_trim(r)) for r in rows)
        grid = place_totals([(r + [""] * width)[:width] for r in rows])  # cells past the width are empty
        return [Block("table", "", block.lines, data={**block.data, "rows": grid})]
    cells = [(k, c) for r in rows for k, c in enumerate(_trim(r)) if c]
    if kind == "box" and len(rows) >= 3 and "\t" not in block.text:
        # One cell a row and no TAB: cells the layout step could not place in their rows and
        # columns (a form's merged cells, a row broken up).  They stay apart, as one list item
        # of cells, with a warning: read as a paragraph they would run into one another.
        state.warn(
            f"bảng ở dòng {block.lines[0]}–{block.lines[1]} mất cấu trúc hàng, cột trong văn bản gốc: "
            "các ô được giữ thành danh sách"
        )
        return [Block("list_item", " | ".join(c for _, c in cells), block.lines, data={"gap": 0})]
    if kind == "box":
        return [Block("paragraph", c, block.lines, data={"gap": 0}) for _, c in cells]
    widths = ", ".join(str(len(_trim(r))) for r in rows[:8]) + (", …" if len(rows) > 8 else "")
    state.warn(
        f"bảng ở dòng {block.lines[0]}–{block.lines[1]} có số ô mỗi hàng không đều ({widths}), "
        "không dựng lại được thành bảng: các ô được giữ thành danh sách"
    )
    out = []
    for row in rows:
        kept = [c for c in row if c]
        if kept:
            out.append(Block("list_item", " | ".join(kept), block.lines, data={"gap": 0}))
    return out


def step(state: DocState) -> None:
    """Pipeline step: ``table`` blocks (rows as text) -> tables, paragraphs or list items."""
    out: list[Block] = []
    for block in state.blocks:
        if block.kind == "table" and "rows" not in block.data:
            out.extend(build(block, state))
        else:
            out.append(block)
    state.blocks = out
