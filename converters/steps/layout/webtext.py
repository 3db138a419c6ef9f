"""Where the document starts and ends inside a web page's text (``raw-artifacts.md`` family 15).

A portal's export has banners before the document and, after it, the
document's title as the portal names it (``Công văn 5348/CT-CS năm
2025 ...``, or its English translation's ``Circular No. ...``), related
documents and notices.  The document runs from its issuer cell above the
national heading (:func:`_document_start`) to the line before the first
such title or ``## ...`` section after its end matter
(:func:`_document_end`); the step cuts the rest off, keeps it in ``env``
and counts it in a warning.
"""

from __future__ import annotations

import re
from functools import lru_cache

from converters.lexicon.casing import is_upper_text
from converters.lexicon.national import NATIONAL_START
from converters.lexicon.patterns import DOC_TYPES, numbering
from converters.steps.layout.common import (
    _AUTHORITY, _BAR, _DECOR, _FOOTNOTE_DEF, _MARKS_AND_BLANKS, _MD_HEADING, _NUMBER_LINE,
    _RECIPIENTS, _VV, _bare, _is_bar,
)
from converters.steps.layout.fused import _INLINE_BAR, _fused_row


#: How far from the top the document's header may start (portal banners above it).
HEAD_WINDOW = 120
#: A portal's title naming the document by its type and number (``Công văn 5348/CT-CS năm 2025 ...``).
_SELF_TITLE = re.compile(
    r"^[*_ ]*(" + "|".join(re.escape(t) for t in sorted(DOC_TYPES, key=len, reverse=True)) + r")\s+(\S+)",
    re.IGNORECASE,
)
#: A portal's title of its English translation, printed after the Vietnamese end matter
#: ("Circular No. 110/2025/TT-BTC dated November 19, 2025 on ..."): an English type name,
#: "No." and the document's own number (its symbol with "Đ" as "D": "ND-CP").
_EN_SELF_TITLE = re.compile(
    r"^[*_ ]*(?:Joint\s+)?(?:Circular|Decision|Decree|Resolution|Directive|Plan|Notice|Notification|Law|Ordinance"
    r"|Official\s+(?:Dispatch|Letter|Telegram)|Dispatch|Telegram|Report|Regulation|Instruction|Guidance|Conclusion)"
    r"\s+No\.?\s*(\S+)"
)
#: The letters ``_EN_SELF_TITLE`` may begin with past ``*_ `` (``tests/test_layout.py`` reads them
#: from the regex and fails when the two part).
_EN_TITLE_FIRST = frozenset("CDRPNLOTIGJ")
#: The first letters of the type words, with the same case folding as ``_SELF_TITLE``.
_SELF_TITLE_FIRST = re.compile("[" + "".join(sorted({re.escape(t[0]) for t in DOC_TYPES})) + "]", re.IGNORECASE)
#: ``_RECIPIENTS`` or ``_AUTHORITY`` in one match (where a line opens the end matter).
_END_MATTER = re.compile("(?:" + _RECIPIENTS.pattern + ")|(?:" + _AUTHORITY.pattern + ")", re.IGNORECASE)
_KEY_NOISE = re.compile(r"[\s*_]")
#: The characters ``_END_MATTER``'s first letter matches, case folded as ``re.IGNORECASE`` folds
#: (``K`` also matches the Kelvin sign); "" (an empty line) is none of them.  ``tests/test_layout.py``
#: reads the set from the regex and fails when the two part.
_END_MATTER_FIRST = frozenset("NnTtKkQqPp\u212a")


def _document_start(lines: list[str]) -> int:
    """Index of the document's first line: its issuer cell above the national heading.

    Rule (family 15): the document runs from its issuer / national heading.
    Lines above the issuer block that are neither header material (upper-case
    bodies, ``|``, decoration, number, stamp fields) are web-page text.  A
    text without a national heading near the top starts at its first line.
    """
    limit = min(len(lines), HEAD_WINDOW)
    anchor = None
    for i in range(limit):
        line = lines[i].strip()
        if not line or line == _BAR:
            continue
        # The heading may be wrapped anywhere ("**CỘNG" / "HÒA XÃ HỘI ...").
        pair = line + " " + lines[i + 1].strip() if i + 1 < len(lines) and len(line) < 40 else line
        if NATIONAL_START.match(pair) or (
            # a header row fused on one line: "CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI ... |"
            " | " in line and _fused_row(line) and any(NATIONAL_START.match(c) for c in _INLINE_BAR.split(line))
        ):
            anchor = i
            break
    if anchor is None:
        return 0
    # Walk up over the issuer cell: upper-case lines, |, decoration, blank lines.
    i = anchor - 1
    start = anchor
    while i >= 0:
        raw = lines[i].strip()
        bare = _bare(raw)
        if not raw or _is_bar(raw) or _DECOR.match(raw):
            i -= 1
            continue
        if (is_upper_text(bare) and len(bare) <= 80 and not _MD_HEADING.match(raw)) or _NUMBER_LINE.match(raw):
            start = i
            i -= 1
            continue
        top = _subject_under_number(lines, i)
        if top is not None:
            start, i = top, top - 1  # the number line above it is taken on the next turn
            continue
        break
    # Keep a | that opens the header table.
    while start > 0 and _is_bar(lines[start - 1]):
        start -= 1
    if i < 0:
        return 0
    return start


def _subject_under_number(lines: list[str], i: int) -> int | None:
    """Index of the ``V/v`` line when line ``i`` is (the wrapped end of) a V/v subject under a number.

    NĐ 30/2020 Phụ lục I ô 5b prints a Công văn's trích yếu ("V/v ...", wrapped over up to
    three lines) under its number in the issuer's column: when the export keeps that column
    in one cell, the subject sits between the number line and the national heading and is
    header material, not web-page text.  ``None`` when no ``V/v`` line within three lines
    above ``i`` (no blank or ``|`` between) has a number line right above it.
    """
    for k in range(i, max(i - 4, 0), -1):
        raw = lines[k].strip()
        if not raw or _is_bar(raw):
            return None
        if _VV.match(_bare(raw)):
            return k if _NUMBER_LINE.match(lines[k - 1].strip()) else None
    return None


def _document_number(lines: list[str], lo: int) -> str | None:
    for line in lines[lo : lo + HEAD_WINDOW]:
        m = _NUMBER_LINE.match(line.strip())
        if m:
            return re.sub(r"\s+", "", m.group(1))
    return None


@lru_cache(maxsize=1024)
def _may_self_title(first: str) -> bool:
    """Whether a line starting with the character ``first`` may open a ``_SELF_TITLE``."""
    return bool(first) and _SELF_TITLE_FIRST.match(first) is not None


def _document_end(lines: list[str], lo: int, number: str | None) -> int:
    """Index one past the document's last line (family 15).

    The document ends with its last signature, recipients, attachments,
    annexes and footnote definitions.  A portal prints after it a title
    naming the document by its type and number (``Công văn 5348/CT-CS năm
    2025 ...``), or the title of its English translation (``Circular No.
    110/2025/TT-BTC dated ...``, :data:`_EN_SELF_TITLE`), and its own ``## ...``
    sections: the first such line after the end matter begins the web-page text.
    """
    end_matter = None
    for i in range(lo, len(lines)):
        # _END_MATTER needs N, T, K, Q or P as the first character past marks and blanks, and
        # _bare keeps that character first: the other lines are passed over without a regex.
        if lines[i].lstrip(_MARKS_AND_BLANKS)[:1] in _END_MATTER_FIRST and _END_MATTER.match(_bare(lines[i])):
            end_matter = i
            break
    if end_matter is None:
        return len(lines)
    key = _KEY_NOISE.sub("", number or "").upper()
    # A self-title holds the number, so its first character (a digit: _NUMBER_LINE); a line
    # without it and without "#" can end nothing.
    lead = key[:1]
    for i in range(end_matter + 1, len(lines)):
        line = lines[i]
        if not (lead and lead in line) and "#" not in line:
            continue
        raw = line.strip()
        if not raw:
            continue
        # Without a number there is no self-title to find, nor on a line whose first letter
        # starts no type word: spare the long type alternation (tried on every line otherwise).
        m = _SELF_TITLE.match(raw) if key and _may_self_title(raw.lstrip("*_ ")[:1]) else None
        if m and _KEY_NOISE.sub("", m.group(2)).upper().rstrip(".,;") == key:
            return i
        if key and raw.lstrip("*_ ")[:1] in _EN_TITLE_FIRST:
            m = _EN_SELF_TITLE.match(raw)
            if m and _KEY_NOISE.sub("", m.group(1)).upper().rstrip(".,;") == key.replace("Đ", "D"):
                return i
        if raw.startswith("#") and _MD_HEADING.match(raw):
            bare = _bare(raw)
            if not is_upper_text(bare) and numbering(bare) is None and not _FOOTNOTE_DEF.match(bare):
                return i
    return len(lines)
