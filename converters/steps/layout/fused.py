"""Layout rows fused on one line: ``CHÍNH PHỦ------- | CỘNG HÒA ... |`` (``raw-artifacts.md`` family 10).

Some exports put each row of a layout table on one line, cells separated
by `` | `` and the row ended by ``|``, rules (``-------``) and the motto
glued to the text before them.  :func:`find_fused_tables` reads such rows
back into cells, each cell's lines split where a rule or a heading line
was glued (NĐ 30/2020/NĐ-CP Phụ lục I §I.1, HD 36-HD/VPTW §II.1.a: the
national heading and its motto are two lines).
"""

from __future__ import annotations

import bisect
import re

from converters.steps.layout.common import _AUTHORITY, _BAR, _RECIPIENTS, _Table, _bar_lines, _is_bar


#: A cell boundary inside a line: `` | `` between two cells an export put on one line.
_INLINE_BAR = re.compile(r"\s+\|\s+")
#: A rule (``-------`` under the issuer, ``---------------`` under the motto) glued to its text.
_GLUED_RULE = re.compile(r"\s*(-{3,})\s*")


def _fused_row(line: str) -> bool:
    """A row whose cells are on one line: text ending with ``|`` (``Số: 158/2025/NĐ-CP |``)."""
    s = line.strip()
    return len(s) > 1 and s.endswith(_BAR) and not s.startswith(_BAR) and not s.endswith("\\|")


def _case_seams(text: str) -> list[str]:
    """``text`` cut where an upper-case word runs into a capitalized one (``VIỆT NAMĐộc lập``).

    Two lines of a cell glued without a space: the national heading and its
    motto (NĐ 30/2020 Phụ lục I §I.1, HD 36 §II.1.a: two lines).
    """
    parts, start = [], 0
    for i in range(2, len(text) - 1):
        if text[i].isupper() and text[i + 1].islower() and text[i - 1].isupper() and text[i - 2].isupper():
            parts.append(text[start:i])
            start = i
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


#: Where the lines of an end-matter cell were glued (NĐ 30/2020 Phụ lục I §I.8-9, HD 36 §II.1.9:
#: "Nơi nhận:", each recipient, the authority, the title, a note and the name are lines of their
#: own): before a list dash after the stop of the item before ("...; - Lưu: VT"), before an
#: authority mark glued to the upper-case line before ("CHÍNH PHỦKT. THỦ TƯỚNG"), around a
#: parenthesized note ("THỦ TƯỚNG(Đã ký)Hồ Đức Phớc").
_END_SEAM = re.compile(
    r"(?<=[;:,.])\s*(?=[-–+•]\s)"
    r"|(?<=[^\W\d_])(?P<auth>)(?=(?:T/M|K/T|TM|KT|TL|TUQ|PP|Q)\.\s?[^\W\d_])"
    r"|(?<=\S)(?=\((?:Đã\s+ký|Ký|ký)\b[^)]*\))|(?<=\))(?=[^\W\d_])"
)


def _end_matter_pieces(cell: str) -> list[str] | None:
    """The lines of a fused recipients or signature cell, or ``None`` for any other cell.

    A cell opening with ``Nơi nhận``, a list dash or an authority mark (``TM.``, ``KT.``) is end
    matter; its lines are cut at the seams of ``_END_SEAM``, where an upper-case seam needs upper
    case on both sides (a name's "Q." or "TM." inside words is no authority).

    >>> _end_matter_pieces("TM. CHÍNH PHỦKT. THỦ TƯỚNG PHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc")
    ['TM. CHÍNH PHỦ', 'KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG', '(Đã ký)', 'Hồ Đức Phớc']
    >>> _end_matter_pieces("KT. CHỦ TỊCH PHÓ CHỦ TỊCHNguyễn Văn Đệ")
    ['KT. CHỦ TỊCH PHÓ CHỦ TỊCH', 'Nguyễn Văn Đệ']
    >>> _end_matter_pieces("Nơi nhận:- Ông (bà) ………; - Lưu VT, Cục QLLĐNN.")
    ['Nơi nhận:', '- Ông (bà) ………;', '- Lưu VT, Cục QLLĐNN.']
    >>> _end_matter_pieces("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") is None
    True
    """
    bare = cell.lstrip("*_ ")
    if not (bare[:1] in "-–+•" or _RECIPIENTS.match(bare) or _AUTHORITY.match(bare)):
        return None
    cuts = [0]
    for m in _END_SEAM.finditer(cell):
        k = m.start()
        if m.group("auth") is not None and not cell[k - 1].isupper():
            continue  # an authority seam must follow upper-case text ("PHỦKT."), not a name
        if k > cuts[-1]:
            cuts.append(k)
    pieces = [p for p in (cell[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(cell)])) if p]
    # A signature's title glued to the name under it ("PHÓ CHỦ TỊCHNguyễn Văn Đệ"); items keep
    # their acronyms whole.
    return [q for p in pieces for q in ([p] if p[:1] in "-–+•" else _case_seams(p))]


def _cell_pieces(cell: str) -> list[str]:
    """The lines of one fused cell: glued rules and glued heading/motto lines apart.

    >>> _cell_pieces("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc---------------")
    ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '---------------']
    """
    end_matter = _end_matter_pieces(cell)
    if end_matter is not None:
        return end_matter
    pieces: list[str] = []
    for k, part in enumerate(_GLUED_RULE.split(cell)):
        if k % 2:
            pieces.append(part)  # the rule itself: a line of its own, as in the cell layout
        elif part.strip():
            pieces.extend(_case_seams(part.strip()))
    return pieces


def find_fused_tables(lines: list[str], lo: int, hi: int, with_bar: list[int] | None = None) -> list[_Table]:
    """Tables whose rows are single lines of cells: ``A | B |`` / ``Số: 1/NĐ-CP |`` / ``|``.

    Some exports put each row of a layout table on one line: cells separated
    by `` | ``, the row ended by ``|``, the table by a lone ``|`` (family 10,
    like the lone-``|`` layout).  A run of such rows (with the lone ``|``
    lines around them) is one table; each cell's lines are split where a
    rule or a heading line was glued to the text before it
    (:func:`_cell_pieces`).  Every piece keeps its row's source line.  The
    caller keeps only header tables: a body sentence with `` | `` is text.

    >>> t = find_fused_tables(["CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI |", "Số: 1/2025/NĐ-CP |", "|"], 0, 3)[0]
    >>> (t.start, t.end), t.rows
    ((0, 2), [[[('CHÍNH PHỦ', 1), ('-------', 1)], [('CỘNG HÒA XÃ HỘI', 1)]], [[('Số: 1/2025/NĐ-CP', 2)]]])
    """
    tables: list[_Table] = []
    if with_bar is None:
        with_bar = _bar_lines(lines, lo, hi)  # (as in find_pipe_tables)
    i = lo
    while i < hi:
        nxt = bisect.bisect_left(with_bar, i)
        if nxt == len(with_bar):
            break
        i = with_bar[nxt]
        if not _fused_row(lines[i]):
            i += 1
            continue
        start = i
        while start > lo and _is_bar(lines[start - 1]):
            start -= 1
        rows = []
        j = i
        while j < hi and (_fused_row(lines[j]) or _is_bar(lines[j])):
            if not _is_bar(lines[j]):
                text = lines[j].strip()[:-1]
                cells = [[(p, j + 1) for p in _cell_pieces(c)] for c in _INLINE_BAR.split(text)]
                rows.append([c for c in cells if c])
            j += 1
        evident = any(len(r) >= 2 for r in rows) or _is_bar(lines[j - 1])
        if evident and any(rows):
            tables.append(_Table(start=start, end=j - 1, rows=[r for r in rows if r]))
        i = j
    return tables
