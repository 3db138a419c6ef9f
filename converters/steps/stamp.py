"""The incoming-document stamp ("dấu ĐẾN") of the receiving office.

A copy received by an office carries a stamp: the office's name, ``ĐẾN``,
``Số: 1789``, ``Ngày: 11/6/2018``, ``Chuyển: ....``, ``Lưu hồ sơ số: ....``,
``Số và ký hiệu HS: ....`` (Nghị định 30/2020/NĐ-CP, Phụ lục III: mẫu dấu
đến).  Exports and OCR paste it into the text, in any order, split over cells
or lines, fused into the first paragraph (``raw-artifacts.md`` §2).  It is
metadata of the copy, not of the document: it goes to ``received``.
"""

from __future__ import annotations

import re

from converters.lexicon.dates import parse_date

# Field labels, matched case-insensitively at the start of a cell.  "Chuẩn" is
# how OCR reads "Chuyển" in a stamp; "HS" the file (hồ sơ).
_FIELDS = [
    ("file_code", re.compile(r"(?i)^số\s+và\s+ký\s+hiệu\s+(?:hs|hồ\s+sơ)\s*:?\s*")),
    ("file_number", re.compile(r"(?i)^lưu\s+hồ\s+sơ\s+số\s*:?\s*")),
    ("forwarded_to", re.compile(r"(?i)^(?:chuyển|chuẩn|chuyên)\s*:\s*")),
    ("date", re.compile(r"(?i)^ngày\s*:\s*")),
    ("number", re.compile(r"(?i)^số\s*:\s*(?=\d+\b(?![/-]))")),
]
_DEN = re.compile(r"^(?:\*\*)?ĐẾN(?:\*\*)?(?=\s|$|:)")
_DOTS = re.compile(r"^[.…_\s]*$")
_VALUE_END = re.compile(r"\s{2,}|\t")


def is_stamp_cell(cell: str) -> bool:
    """True when a cell starts with a stamp label (or is the word ``ĐẾN``).

    >>> is_stamp_cell("ĐẾN"), is_stamp_cell("Số: 1789"), is_stamp_cell("Số 111-BC/TU")
    (True, True, False)
    """
    cell = cell.strip()
    return bool(_DEN.match(cell)) or any(p.match(cell) for _, p in _FIELDS)


def consume_stamp(cell: str, received: dict) -> str:
    """Take every stamp field off the start of ``cell`` into ``received``.

    Returns what is left: ``""`` for a pure stamp cell, or the body text the
    stamp was fused with.  ``received`` gets ``number``, ``date`` (ISO) and,
    when filled in, ``forwarded_to``, ``file_number``, ``file_code``.

    >>> r = {}
    >>> consume_stamp("ĐẾN Ngày: 22/4/2021", r), r
    ('', {'_den': True, 'date': '2021-04-22'})
    >>> consume_stamp("Số và ký hiệu HS: Căn cứ Chương trình công tác năm 2021", r)
    'Căn cứ Chương trình công tác năm 2021'
    """
    text = cell.strip()
    while text:
        m = _DEN.match(text)
        if m:
            received["_den"] = True
            text = text[m.end() :].lstrip(" :\t")
            continue
        for name, pat in _FIELDS:
            m = pat.match(text)
            if not m:
                continue
            rest = text[m.end() :]
            value, text = _take_value(name, rest)
            if value:
                received[name] = value
            break
        else:
            break
    return text.strip()


def _take_value(name: str, rest: str) -> tuple[str | None, str]:
    """Split a field's value from what follows it (another field, or fused body text)."""
    rest = rest.lstrip()
    if name == "number":
        m = re.match(r"(\d+)\s*", rest)
        return m.group(1), rest[m.end() :]
    if name == "date":
        m = re.match(r"(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4})\s*", rest)
        if m:
            return parse_date(m.group(1)), rest[m.end() :]
        return None, rest
    m = re.match(r"[.…_]+\s*", rest)
    if m:  # an unfilled field: "....."
        return None, rest[m.end() :]
    if not rest or is_stamp_cell(rest):
        return None, rest
    # A filled value is short; a long sentence after the label is the fused body.
    m = _VALUE_END.search(rest)
    candidate = rest[: m.start()] if m else rest
    if len(candidate) <= 30 and not re.search(r"[a-zà-ỹ]{2,}\s+[a-zà-ỹ]{2,}\s+[a-zà-ỹ]{2,}", candidate):
        return candidate.strip(), rest[len(candidate) :]
    return None, rest
