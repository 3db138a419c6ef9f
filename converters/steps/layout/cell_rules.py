"""What one chunk of a lone-``|`` cell layout is: a cell, an index, a title, a header label ...

A chunk is the lines between two lone ``|`` lines (``raw-artifacts.md``
family 10).  These predicates tell :func:`cells.find_tables` whether it is
one more cell of the row, a row index (``1``, ``a``, ``II``), a group
title spanning the columns, a total's value, a column label of a header
row, a table's title ahead of its header, a header seen before (the next
procedure's table of a TTHC annex), or text after the table: an attached
document's title or a part heading (NĐ 30/2020/NĐ-CP Phụ lục I: "văn bản
kèm theo", "bố cục": phần, chương, mục).  Rules come from the corpus's
annexes (one table per administrative procedure, printed with no blank
line between them) and the standard's outline labels.
"""

from __future__ import annotations

import re

from converters.lexicon.casing import is_upper_text
from converters.lexicon.patterns import ATTACHMENT_ALTERNATION, ATTACHMENT_WORDS
from converters.steps.layout.classify import _is_signature_cell, _signed
from converters.steps.layout.common import (
    _ATTACHED_LINE, _MARKS_AND_BLANKS, _RECIPIENTS, _Table, _bare, _fully_emphasized, _is_bar,
)


#: A layout cell is short; a longer chunk after a row is body text, not a cell.
MAX_LAYOUT_CELL_LINES = 45


#: An attached document's type line: any word of ``patterns.ATTACHMENT_WORDS`` (every type of NĐ
#: 30/2020 Phụ lục III / HD 36 and the annex words; the eight words listed here before were the
#: corpus's, so an annex "KẾ HOẠCH" or "TỜ TRÌNH" after a table became the table's last cell).
_ATTACHED = re.compile(r"^(?:" + ATTACHMENT_ALTERNATION + r")\b")
#: The first letters of _ATTACHED's words (case-sensitive; ``tests/test_layout.py`` reads them from the
#: regex and fails when the two part).
_ATTACHED_FIRST = frozenset(w[0] for w in ATTACHMENT_WORDS)


#: How many title lines may come between an attachment's type line and its basis line (titles wrap).
_ATTACHED_WINDOW = 10


def _attachment_start(chunk: list[tuple[str, int]]) -> bool:
    """Whether a chunk between two ``|`` lines opens an attached document (so it ends the table).

    Rule (NĐ 30/2020 Phụ lục I, "văn bản kèm theo"; the same shape as
    ``endmatter.attachment_title``): an upper-case line naming an attached
    type (``PHỤ LỤC II``, ``QUY ĐỊNH``, ...), upper-case title lines, then
    ``(Ban hành kèm theo ... số ...)``.  An annex printed right after a table
    of the annex before it has no blank line between them: without this the
    annex's start became the table's last cell.

    >>> _attachment_start([("**PHỤ LỤC II**", 1), ("NỘI DUNG CHI", 2), ("*(Ban hành kèm theo Nghị quyết số", 3)])
    True
    >>> _attachment_start([("PHỤ LỤC II", 1)]), _attachment_start([("Mẫu số 01", 1), ("(Kèm theo Nghị định số 1)", 2)])
    (False, False)
    >>> _attachment_start([("* *", 1), ("**PHỤ LỤC I**", 2), ("DANH MỤC", 3), ("*(Kèm theo Quyết định số 1948/QĐ-UBND)*", 4)])
    True
    >>> _attachment_start([("**KẾ HOẠCH**", 1), ("TRIỂN KHAI NHIỆM VỤ", 2), ("*(Ban hành kèm theo Quyết định số 12/QĐ-UBND)*", 3)])
    True
    """
    # (A line of marks only, "* *", left by the export before the title, is no title line.)
    head = chunk[: _ATTACHED_WINDOW + 3]
    # The first title line decides most chunks, by its first letter before any regex: _ATTACHED
    # needs P, Q, D, B, M or H, which _bare keeps first past marks and blanks (a line it leaves
    # empty has nothing but those).
    for t, _ in head:
        lead = t.lstrip(_MARKS_AND_BLANKS)[:1]
        if lead:
            if lead not in _ATTACHED_FIRST:
                return False
            break
    texts = [b for b in (_bare(t) for t, _ in head if t.strip()) if b]
    if len(texts) < 2 or not _ATTACHED.match(texts[0]) or not is_upper_text(texts[0]):
        return False
    for k, text in enumerate(texts[1:], 1):
        if _ATTACHED_LINE.match(text):
            # "(Ban hành kèm theo Nghị quyết số" / "22/2025/NQ-HĐND ...)": the basis names a document.
            basis = text + " " + (texts[k + 1] if k + 1 < len(texts) else "")
            return bool(re.search(r"\d|\bsố\b", basis, re.IGNORECASE))
        if not is_upper_text(text):
            return False  # a sentence-case line before any basis: a cell's text, not a title
    return False


#: A part or chapter label of the document's outline (NĐ 30/2020 Phụ lục I §II "bố cục": phần, chương).
_PART_LABEL = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG)\s+(?:(?:thứ|THỨ)\s+\w+|[IVXLC]+|\d+)(?:[.:]|\s*$)")
#: The first letters of _PART_LABEL's words (checked against the regex as ``_ATTACHED_FIRST`` is).
_PART_FIRST = frozenset("PC")


def _part_start(chunk: list[tuple[str, int]]) -> bool:
    """Whether a chunk opens a part or chapter of the document (``**Phần II.`` / ``QUY TRÌNH ...``).

    A part heading is bold or upper case and never a cell's first line: one
    right after a table's last ``|`` is the text after the table.

    >>> _part_start([("**PHẦN II.", 1), ("THỦ TỤC BỊ BÃI BỎ**", 2)]), _part_start([("Chương trình máy", 1)])
    (True, False)
    """
    first = ""
    for t, _ in chunk:  # (the first line with text; a loop, no generator: asked for every chunk)
        first = t.strip()
        if first:
            break
    if first.lstrip(_MARKS_AND_BLANKS)[:1] not in _PART_FIRST:
        return False  # _PART_LABEL needs P or C first, which _bare keeps first past marks and blanks
    bare = _bare(first)
    return bool(_PART_LABEL.match(bare)) and (first.startswith("**") or is_upper_text(bare))


def _cell_facts(cell: list[tuple[str, int]]) -> tuple[bool, bool, bool]:
    """``(has recipients, is a signature cell, is signed)`` of one cell."""
    return (
        any(_RECIPIENTS.match(_bare(t)) for t, _ in cell if t.strip()),
        _is_signature_cell(cell),
        _signed(cell),
    )


def _row_facts(row: list, memo: dict) -> tuple[bool, bool, bool]:
    """:func:`_cell_facts` of every cell of ``row``, or-ed.

    ``memo`` keeps the last row's figures: a row grown since (same list, its cells so far
    unchanged) reads only its new cells.  Re-reading the whole first row for each new cell was
    quadratic (a row of 20,000 one-line cells took 400 s).
    """
    seen = memo.get("row")
    if seen is not None and seen[0] is row and len(row) >= seen[1] and (not seen[1] or row[seen[1] - 1] is seen[2]):
        start, acc = seen[1], seen[3]
    else:
        start, acc = 0, (False, False, False)
    for c in row[start:]:
        f = _cell_facts(c)
        acc = (acc[0] or f[0], acc[1] or f[1], acc[2] or f[2])
    memo["row"] = (row, len(row), row[-1] if row else None, acc)
    return acc


def _cell_like(chunk: list[tuple[str, int]], row: list, memo: dict | None = None) -> bool:
    """Whether a chunk after a completed cell of a first row is another cell of that row.

    ``memo``: the row's facts read so far (:func:`_row_facts`), kept by the caller while
    it grows the row.
    """
    if not chunk or not chunk[0][0].strip():
        return False  # cells follow their | directly; a blank line means the table ended
    words = [t for t, _ in chunk if t.strip()]
    if len(words) > MAX_LAYOUT_CELL_LINES:
        return False
    first = next((b for b in map(_bare, words) if b), "")  # ("* *", marks only, is no first line)
    has_recipients, has_signature, signed = _row_facts(row, {} if memo is None else memo)
    if (has_recipients or signed) and (
        _ATTACHED.match(first) or any(_ATTACHED_LINE.match(_bare(t)) for t in words[:4])
    ):
        # An attached document's title after the end matter, not a cell; in any other row
        # "HƯỚNG DẪN CHẤM ĐIỂM" is a column label like the cells before it.
        return False
    if has_recipients and has_signature and not _is_signature_cell(chunk):
        return False  # recipients and signature: the end-matter row is complete
    return True


def _short_cell(chunk: list[tuple[str, int]]) -> bool:
    """A chunk short enough to be one more cell of a data table's row (not a paragraph after it)."""
    texts = [t for t, _ in chunk]
    return bool(texts) and bool(texts[0].strip()) and len(texts) <= 3 and sum(map(len, texts)) <= 120


_INDEX = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđA-Z])[.)]?$")


_ALPHABET = "abcdđeghiklmnopqrstuvxy"  # Vietnamese letter order of điểm a), b), ... đ), e)


def _index_like(chunk: list[tuple[str, int]], last_letter: str | None = None) -> bool:
    """A cell holding only a row index (``1``, ``1.``, ``a``, ``II``): the first cell of a row.

    A single letter is an index only as the start (``a``) or the next of the
    letters seen before it (``x`` is a check mark in forms, unless ``v`` came
    before it).
    """
    words = [_bare(t) for t, _ in chunk if t.strip()]
    if len(words) != 1 or not _INDEX.match(words[0]):
        return False
    core = words[0].rstrip(".)")
    if len(core) == 1 and core.isalpha() and core.lower() not in "ivxlc" or core.lower() == "x":
        low = core.lower()
        if low == "a":
            return True
        if last_letter and low in _ALPHABET and last_letter in _ALPHABET:
            return _ALPHABET.index(low) == _ALPHABET.index(last_letter) + 1
        return low != "x" and last_letter is None and False
    return True


def _letter_of(chunk: list[tuple[str, int]]) -> str | None:
    words = [_bare(t).rstrip(".)").lower() for t, _ in chunk if t.strip()]
    return words[0] if len(words) == 1 and len(words[0]) == 1 and words[0] in _ALPHABET else None


#: A bold numbered group title opening a cell (``**2. Hội đồng thi**``, ``**II. CẤP TỈNH**``).
_GROUP_TITLE = re.compile(r"^\*\*\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})[.)]\s+\S")


def _group_title(chunk: list[tuple[str, int]]) -> bool:
    """A cell that opens a group of rows: a bold numbered title (its row starts with it).

    >>> _group_title([("**2. Hội đồng thi**", 1)]), _group_title([("2. Ghi chú", 1)])
    (True, False)
    """
    return bool(chunk) and bool(_GROUP_TITLE.match(chunk[0][0].strip()))


def _cell_text(chunk: list[tuple[str, int]]) -> str:
    """A cell's lines joined by spaces (emphasis marks kept)."""
    return " ".join(t.strip() for t, _ in chunk if t.strip())


_NUMERIC = re.compile(r"^[\d.,%/\s–-]*\d[\d.,%/\s–-]*$")


def _group_row_end(row: list, nxt: list[tuple[str, int]], excess: int) -> bool:
    """Whether a lone ``|`` after ``row``, a group row, closes it (rather than being an empty cell).

    ``row``: a row index and one bold title (``**I** | **THỦ TỤC CẤP TỈNH**``);
    ``nxt``: the cell after the ``|``; ``excess``: by how many cells the row
    would pass the table's width if the ``|`` were an empty cell and the
    cells after ``nxt`` up to the next row boundary were its cells.

    A group row spans the table's columns: the ``|`` after its title closes
    it when what follows is a bold title (``**LĨNH VỰC BẢO TRỢ XÃ HỘI**``, a
    group row of its own) or cells that would not fit in the row (``Bước 1 |
    ... | ... | ...``, the next full row).  A number after it (``**120**``)
    is a cell of the row (a group total).

    >>> g = [[("**I**", 1)], [("**CẤP TỈNH**", 2)]]
    >>> _group_row_end(g, [("**LĨNH VỰC A**", 4)], 0), _group_row_end(g, [("Bước 1", 4)], 3)
    (True, True)
    >>> _group_row_end(g, [("**120**", 4)], 0), _group_row_end(g, [("Ghi chú", 4)], 0)
    (False, False)
    >>> _group_row_end([[("1", 1)], [("Cấp giấy phép", 2)]], [("**LĨNH VỰC A**", 4)], 0)
    False
    """
    if len(row) != 2 or not row[0] or not row[1] or not nxt or not _index_like(row[0]):
        return False
    title, after = _cell_text(row[1]), _cell_text(nxt)
    if not _fully_emphasized(title) or _NUMERIC.match(_bare(after)):
        return False
    return excess > 0 or _fully_emphasized(after)


_SECTION_TITLE = re.compile(r"^(?:[A-ZĐ]|[IVXLC]{1,6})\.\s+\S")


def _section_title(chunk: list[tuple[str, int]]) -> bool:
    """A chunk that is a section title of the document: bold, ``A.`` / ``II.`` and upper case.

    Sections of an annex (``A. DANH MỤC THỦ TỤC``, ``B. QUY TRÌNH NỘI BỘ``;
    NĐ 30/2020 Phụ lục I §II: mục numbered by upper-case letters or Roman
    numerals) follow a table with no blank line: after a full row such a
    title is the text after the table, not a cell of a wider header row.

    >>> _section_title([("**B. ****QUY TRÌNH NỘI BỘ**", 1), ("**1. Bổ nhiệm**", 2)])
    True
    >>> _section_title([("**B. DANH MỤC THỦ TỤC HÀNH", 1), ("CHÍNH CẤP XÃ**", 2)])
    True
    >>> _section_title([("**Bản sao**", 1)]), _section_title([("B. Nội dung", 1)])
    (False, False)
    """
    text = _cell_text(chunk)
    if not (text.startswith("**") and text.endswith("**")):
        return False
    first = _bare(next(t for t, _ in chunk if t.strip()))
    return bool(_SECTION_TITLE.match(first)) and is_upper_text(first)


def _column_label(cell: list[tuple[str, int]]) -> bool:
    """A header cell: opens in bold, has words, at most 80 characters, not a title.

    A title of a table is two bold lines (``**Quy trình số 02**`` /
    ``**2. Cấp giấy ...**``), or has a line opening a bold numbered title.

    >>> _column_label([("**Tên thủ tục hành", 1), ("chính**", 2)]), _column_label([("**Bước**", 1)])
    (True, True)
    >>> _column_label([("**Quy trình số 02**", 1), ("**2. Cấp giấy xác nhận**", 2)]), _column_label([("Bước 1", 1)])
    (False, False)
    >>> _column_label([("**Quy", 1), ("trình số 04**", 2), ("**3.2. Sao và xác thực tài liệu", 3), ("lưu trữ**", 4)])
    False
    """
    texts = [t.strip() for t, _ in cell if t.strip()]
    if not texts or not texts[0].startswith("**") or not 0 < len(_bare(" ".join(texts))) <= 80:
        return False  # "** **": an empty cell in bold marks
    if len(texts) >= 2 and all(_fully_emphasized(t) for t in texts):
        return False  # a title's lines
    return not any(_NUMBERED_BOLD.match(t) for t in texts[1:])  # "**3.2. Sao ...": a numbered title


#: A line opening a bold numbered title (``**3.2. Sao và xác thực``, ``**II. LĨNH VỰC``).
_NUMBERED_BOLD = re.compile(r"^\*\*\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[a-zđ]\))\s")


def _header_after(lines: list[str], chunk: list[tuple[str, int]], k: int, hi: int, chunk_at) -> int:
    """How many header cells follow ``chunk`` (a title whose ``|`` is ``lines[k]``); 0 when not so.

    A title of a table (``**Quy trình số 02** / **2. Quy trình nội bộ ...**``,
    ``*b) Đối với trường hợp ...*``) opens and ends in bold or italic and is
    no column label itself (two bold lines, italic, or longer); the header
    row after it is at least three column labels (:func:`_column_label`),
    one ``|`` apart and closed by a row boundary.  In the text form a title right
    above a table, or between two tables, sits between their ``|`` lines.
    """
    if not chunk or not chunk[0][0].lstrip().startswith("*") or k + 1 >= hi:
        return 0  # (most cells end the test here, before their lines are joined)
    title = _cell_text(chunk)
    if not (title.startswith("*") and title.endswith("*")):
        return 0
    if _column_label(chunk) and not _section_title(chunk):
        return 0  # "**TT**" before "**Trình tự**", "**Trách nhiệm**": the header's first label
    return _labels_from(lines, k + 1, hi, chunk_at)


def _labels_from(lines: list[str], j: int, hi: int, chunk_at) -> int:
    """How many column labels (:func:`_column_label`) from ``lines[j]`` up to a row boundary.

    0 unless there are at least three, one ``|`` apart, and a ``| |`` closes them.
    """
    n = 0
    while j < hi and n <= 12:
        cell, end = chunk_at(j)
        if end >= hi or not _column_label(cell):
            return 0
        n += 1
        if end + 1 < hi and _is_bar(lines[end + 1]):
            return n if n >= 3 else 0  # "| |": the header row is complete
        j = end + 1
    return 0


def _nested_header(row: list, lines: list[str], j: int, hi: int, chunk_at, ncols: int) -> bool:
    """Whether a full ``row`` goes on, from ``lines[j]``, with the header of a table nested in it.

    A table with an index column may hold a table in a row's content cell
    (a TTHC procedure's ``2.3 | Thành phần hồ sơ | Bản chính | Bản sao``: the
    papers to file, and which copy of each, under the procedure's item 2.3).
    The text form flattens it: the nested table's header labels are cells of
    the row, after its index, and its rows follow as rows of the table.  So a
    row that is an index cell and column labels (:func:`_column_label`) only,
    going on past the table's width with more labels up to a row boundary, is
    read whole: the table is as wide as that row from there on.

    >>> chunks = {5: ([("**Bản sao**", 6)], 6)}
    >>> row = [[("**2.3**", 1)], [("**Thành phần hồ sơ:**", 3)], [("**Bản chính**", 5)]]
    >>> _nested_header(row, ["|"] * 8, 5, 8, chunks.get, 3), _nested_header(row[:1] + [[("Đơn", 3)]] + row[2:], ["|"] * 8, 5, 8, chunks.get, 3)
    (True, False)
    """
    if len(row) < 2 or not row[0] or not _index_like(row[0]) or not all(_column_label(c) for c in row[1:]):
        return False
    extra = 0
    while j < hi and extra <= 12:
        cell, end = chunk_at(j)
        if end >= hi or not _column_label(cell):
            return False
        extra += 1
        if end + 1 < hi and _is_bar(lines[end + 1]):
            return len(row) + extra > ncols  # "| |": the row ends past the width
        j = end + 1
    return False


def _over_width(filled: int, header: int, ncols: int) -> bool:
    """Whether a title and a header row of ``header`` cells after ``filled`` cells of a row pass the width.

    ``header`` is 0 when no header row follows (see :func:`_header_after`).
    After a row boundary (``filled`` 0) the title would open a row of
    ``1 + header`` cells: more than the width when the header is as wide.
    The title and header are tested first (:func:`_header_after`), so a row
    of label cells after a title cell in the first rows is still read.

    >>> _over_width(2, 4, 4), _over_width(0, 4, 4), _over_width(0, 3, 4), _over_width(8, 0, 8)
    (True, True, False, False)
    """
    return header > 0 and filled + 1 + header > ncols


_TOTAL = re.compile(r"^(?:tổng|cộng)\b", re.IGNORECASE)


def _total_value(label: list[tuple[str, int]], nxt: list[tuple[str, int]]) -> bool:
    """Whether ``nxt``, after a lone ``|``, is the value of the total row that ``label`` opens.

    A total row (``Tổng cộng``, ``Tổng thời gian giải quyết TTHC``, ``Cộng``)
    ends a table; its value is short and emphasized as its label is
    (``**Tổng ...** | | **85 ngày**``).

    >>> _total_value([("**Tổng thời gian**", 1)], [("**85 ngày**", 3)])
    True
    >>> _total_value([("**Tổng thời gian**", 1)], [("Bước 1", 3)]), _total_value([("Tổng", 1)], [("1", 3)])
    (False, False)
    """
    text, value = _cell_text(label), _cell_text(nxt)
    if not _TOTAL.match(_bare(text)) or not _short_cell(nxt) or _index_like(nxt):
        return False
    return _fully_emphasized(text) == _fully_emphasized(value)


def _has_body_row(table: "_Table") -> bool:
    """Whether a row after the table's first has a cell of plain text (not a bold header cell).

    Kept up to date as rows close (``table.body``, see :func:`_plain_row`): asked for each chunk.
    """
    return table.body


def _plain_row(row: list) -> bool:
    """Whether a row has a cell of plain text (its first line not opening in emphasis)."""
    return any(c and c[0][0].strip() and not c[0][0].strip().startswith("*") for c in row)


def _table_key(table: "_Table") -> tuple[str, ...] | None:
    """The table's header row as a :func:`_header_key`, worked out once (its first row is closed)."""
    if not table.rows:
        return None  # not known yet: the first row is still open
    if not table.key_known:
        table.key, table.key_known = _header_key(table.rows[0]), True
    return table.key


def _header_key(cells: list) -> tuple[str, ...] | None:
    """A header row's cells as words with digits masked (``QT.GĐ.01`` ~ ``QT.GĐ.02``); None
    unless it is 2 to 20 column labels (:func:`_column_label`)."""
    if not 2 <= len(cells) <= 20 or not all(_column_label(c) for c in cells):
        return None  # (a longer row is no header to look for again: each chunk is tested)
    return tuple(re.sub(r"\d+", "#", _bare(_cell_text(c))) for c in cells)


def _header_again(headers: list[tuple[str, ...]], chunk_at, start: int, hi: int) -> bool:
    """Whether the cells from line ``start`` on repeat a header row seen before (``headers``).

    Annexes of administrative procedures (TTHC) give one table per procedure,
    each under its own title and with the same header row (``1 | KÝ HIỆU QUY
    TRÌNH | QT.GĐ.02``: numbers aside); the text form has no blank line
    between them, so the title of the next one reads as one more cell.  A
    header of at least two column labels (:func:`_column_label`), repeated
    cell for cell (digits masked), marks where the next table starts.
    """
    if not headers:
        return False
    chunk, k = chunk_at(start)
    if k >= hi or not chunk or not chunk[0][0].lstrip().startswith("**"):
        return False  # (a column label opens in bold: most cells end the test here)
    first = re.sub(r"\d+", "#", _bare(_cell_text(chunk)))
    for key in headers:
        if key[0] != first:
            continue  # (the common case: a cell that is no header label)
        j = k + 1
        for want in key[1:]:
            chunk, end = chunk_at(j)
            if end >= hi or not chunk or re.sub(r"\d+", "#", _bare(_cell_text(chunk))) != want:
                break
            j = end + 1
        else:
            return True
    return False
