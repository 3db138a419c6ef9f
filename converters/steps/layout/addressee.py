"""Where a ``Kính gửi`` addressee ends and the body begins (a wrap joins them otherwise).

Rule (NĐ 30/2020/NĐ-CP Phụ lục I §I.6: "Kính gửi" names the recipients,
then the body follows): a line that opens a long body paragraph after the
addressee's lines starts a logical line of its own (:func:`split_addressee`);
the header step asks the same question of an unwrapped text's ``Kính gửi``
block (:func:`opens_body_paragraph`).
"""

from __future__ import annotations

import re

from converters.steps.layout.common import _KINH_GUI, _MARKS_AND_BLANKS, _bare, _ends_sentence


#: An addressee line ends open for more of the list after these (``Sở A,`` / ``Sở B và``).
_LIST_OPEN = re.compile(r"(?:[,;(–-]|\bvà|\bcác)$")
#: How many lines after ``Kính gửi`` the body may begin (an addressee list of wrapped names).
_ADDRESSEE_LINES = 8
#: The addressee's address note on a line of its own, closed: "(Đ/c: Lô CN15, ...)", "(Địa chỉ ...)".
_ADDRESS_NOTE = re.compile(r"(?i)^\((?:đ/c|địa chỉ|đc)\b[^()]*\)[.;]?$")
#: A body paragraph's first line has at least this many words (a wrapped name has fewer:
#: ``Bộ Nông nghiệp và Môi trường``, ``Nguyễn Văn An``).
_BODY_LINE_WORDS = 8
#: A body paragraph after an addressee runs at least this many words to its sentence end.
_BODY_MIN_WORDS = 15
#: The characters ``_KINH_GUI``'s first letter matches under ``re.IGNORECASE`` (``K`` also
#: matches the Kelvin sign; ``tests/test_layout.py`` reads the set from the regex).
_K_FIRST = frozenset("Kk\u212a")


def split_addressee(run: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A run of physical lines cut where a ``Kính gửi`` addressee ends and the body begins.

    Rule (NĐ 30/2020 Phụ lục I §I.6: "Kính gửi" names the recipients, then
    the body follows): the addressee ends at its line end, and a following
    line that begins a body paragraph is no part of it: it starts with a
    capital, is a line of prose (``_BODY_LINE_WORDS`` words or more, or
    wrapped mid-sentence), its
    paragraph runs long (at least ``_BODY_MIN_WORDS`` words over
    two lines or more) to a sentence end, and the line before it did not
    leave the list open (``,`` ``;`` ``và`` at its end).  A wrapped name
    (``Kính gửi: Bộ trưởng`` / ``Bộ Nông nghiệp và Môi trường``) is a short
    line, no paragraph.  Only the first ``_ADDRESSEE_LINES`` lines after the
    label are looked at.

    >>> run = [("**Kính gửi:** Độc", 1), ("giả Hoàng Văn Trung", 2), ("Cục Thuế nhận được đơn phản ánh kiến nghị của Độc", 3),
    ...        ("giả Hoàng Văn Trung qua hệ thống xử lý phản ánh kiến nghị. Về vấn đề này, Cục Thuế có ý", 4), ("kiến như sau:", 5)]
    >>> [[n for _, n in piece] for piece in split_addressee(run)]
    [[1, 2], [3, 4, 5]]
    >>> [[n for _, n in p] for p in split_addressee([("Kính gửi: Bộ trưởng", 1), ("Bộ Nông nghiệp và Môi trường", 2)])]
    [[1, 2]]
    """
    # The label may be cut by the wrap ("**Kính" / "gửi:** Công ty ..."): read with the next line.
    start = next((i for i in range(min(3, len(run))) if _kinh_gui_at(run, i)), None)
    if start is None:
        return [run]
    texts = [t for t, _ in run]
    depth = texts[start].count("(") - texts[start].count(")")
    for k in range(start + 1, min(len(run), start + 1 + _ADDRESSEE_LINES)):
        if depth <= 0 and (
            opens_body_paragraph(texts, k) or (_ADDRESS_NOTE.match(_bare(texts[k - 1])) and _bare(texts[k])[:1].isupper())
        ):
            return [run[:k], run[k:]]  # a whole "(Đ/c: ...)" line is the addressee's last (5 corpus letters)
        depth += texts[k].count("(") - texts[k].count(")")  # no cut inside a note ("(Đ/c: 43 Mạc Đĩnh" / "Chi, ...)")
    return [run]


def _kinh_gui_at(run: list[tuple[str, int]], i: int) -> bool:
    """Whether ``run[i]`` opens a ``Kính gửi`` label, alone or with the next line (a label cut by the wrap)."""
    t = run[i][0]
    lead = t.lstrip(_MARKS_AND_BLANKS)[:1]
    if lead and lead not in _K_FIRST:
        # _KINH_GUI needs a K first; _bare keeps the line's first character past marks and blanks
        # first, also with the next line joined after it: no regex.
        return False
    return bool(_KINH_GUI.match(_bare(t)) or (i + 1 < len(run) and _KINH_GUI.match(_bare(t + " " + run[i + 1][0]))))


def opens_body_paragraph(lines: list[str], k: int) -> bool:
    """Whether physical line ``lines[k]`` begins a body paragraph after an addressee line.

    It starts with a capital, has ``_BODY_LINE_WORDS`` words or more (or is
    cut mid-sentence: the next line goes on in lower case), the line before
    it leaves no list open, and its paragraph runs at least ``_BODY_MIN_WORDS`` words over two lines or more
    to a sentence end (see :func:`split_addressee`; the header step asks the
    same of an unwrapped text's ``Kính gửi`` block).

    >>> opens_body_paragraph(["Bộ trưởng", "Bộ Nông nghiệp và Môi trường"], 1)
    False
    """
    if k <= 0 or k >= len(lines):
        return False
    head = _bare(lines[k])
    if not head[:1].isupper() or _LIST_OPEN.search(_bare(lines[k - 1])):
        return False
    cut = k + 1 < len(lines) and _bare(lines[k + 1])[:1].islower()  # the line is cut mid-sentence: a wrap
    if len(head.split()) < _BODY_LINE_WORDS and not cut:
        return False
    words = 0
    for m in range(k, len(lines)):
        text = _bare(lines[m])
        words += len(text.split())
        if _ends_sentence(text) or (m > k and ". " in text):
            break
    return m > k and words >= _BODY_MIN_WORDS
