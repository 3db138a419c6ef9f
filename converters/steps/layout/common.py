"""What every sub-step of layout reads: a line's bare words, the lone ``|``, the labels.

A line's words without emphasis marks and heading hashes (:func:`_bare`),
the lone ``|`` line of the cell layout (``raw-artifacts.md`` family 10), the
labels that open a line of their own (``-`` items, footnote definitions
``[1]``, authority lines ``TM.`` / ``KT.`` of the signature, ``Nơi nhận:``,
``Điều`` / ``Chương`` / ``Căn cứ`` ...: NĐ 30/2020/NĐ-CP Phụ lục I and
HD 36-HD/VPTW), the document number (read to find the document's header;
the national heading is ``lexicon/national.NATIONAL_START``), and :class:`_Table`, the shape every table
finder returns (``cells``, ``pipes``, ``fused``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from converters.lexicon.patterns import TERMINAL, numbering


_BAR = "|"
#: Every character ``\s`` matches in a ``str`` pattern (``str.isspace``), with ``*_#``: what
#: ``_END_MATTER`` may pass over before its first letter (``tests/test_layout.py`` checks the list);
#: the first-character prefilters (``webtext``, ``addressee``, ``cell_rules``) strip it.
_MARKS_AND_BLANKS = "*_#" + (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_HASHES = re.compile(r"^#{1,6}\s+")
_SPACE_RUN = re.compile(r"\s+")
_ODD_BLANK = re.compile(r"[^\S ]|  ")  # what _SPACE_RUN.sub(" ", ...) would change
_DECOR = re.compile(r"^[\s*_\-–—=~.]*$")
_ITEM = re.compile(r"^[*_]*\s*(?:[-–+•]\s|[-–+•][*_]*\s)")
_FOOTNOTE_DEF = re.compile(r"^[*_]*\[\d{1,3}\]")
_AUTHORITY = re.compile(r"^[*_]*(?:T/M|K/T|TM\.|KT\.|TL\.|TUQ\.|Q\.|PP\.)\s", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^[*_#\s]*N[ơo]i\s+nh[ậa]n\s*[*_]*\s*:", re.IGNORECASE)
_LEGAL_LABEL = re.compile(
    r"^[*_]*(?:Điều\s+\d+|Chương\s+[IVXLC\d]+|Mục\s+\d+|Phần\s+(?:thứ\s+)?\w+|PHẦN\s+\w+|CHƯƠNG\s+[IVXLC\d]+|"
    r"Căn\s+cứ|Xét\s|Theo\s+đề\s+nghị|Kính\s+gửi|V/v\b|Nơi\s+nhận)",
)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_KINH_GUI = re.compile(r"^Kính\s+gửi\b", re.IGNORECASE)
_VV = re.compile(r"^V/v\b", re.IGNORECASE)
_ATTACHED_LINE = re.compile(r"^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
#: The whole number with every ``/`` segment (``55/2025/NQ-HĐND``, NĐ 30/2020 Phụ lục I §2); a
#: lazy match stopped at ``55/2025`` and the web-page title after the document went unseen.
#: A law's or a National Assembly resolution's "Luật số: ...", "Nghị quyết số: ..." (with its colon:
#: a body sentence "Nghị quyết số 12/..." is no number line) too.
_NUMBER_LINE = re.compile(r"^[*_ ]*(?:(?:Luật|Nghị\s+quyết|Pháp\s+lệnh)\s+số\s*:|Số\s*:?)\s*(\d[\w.\-–ĐđÐ]*(?:\s*/\s*[\w.\-–ĐđÐ]+)+)", re.IGNORECASE)


def _is_bar(line: str) -> bool:
    # The "in" pre-test spares a strip() copy of every line without a bar (300k calls).
    return _BAR in line and line.strip() == _BAR


@lru_cache(maxsize=8192)
def _bare(text: str) -> str:
    """The words of a line without emphasis marks and heading hashes."""
    if "*" not in text and "_" not in text and "#" not in text and "  " not in text and "\t" not in text:
        return text.strip()
    text = _HASHES.sub("", text.strip())
    text = text.replace("**", "").replace("__", "").replace("*", "")
    # Most such lines have marks but no blank other than one " ": nothing for the sub to change.
    return (_SPACE_RUN.sub(" ", text) if _ODD_BLANK.search(text) else text).strip()


@lru_cache(maxsize=8192)  # pure; _body_break asks about most lines
def _fully_emphasized(text: str) -> bool:
    """A line that is one balanced bold run (a heading or title line)."""
    t = text.strip()
    return len(t) > 4 and t.startswith("**") and t.endswith("**") and t.count("**") % 2 == 0 and bool(_bare(t))


@lru_cache(maxsize=8192)  # pure; each line is asked about as the line after a break and before the next
def _starts_label(bare: str) -> bool:
    return bool(
        _ITEM.match(bare)
        or _FOOTNOTE_DEF.match(bare)
        or _AUTHORITY.match(bare)
        or _RECIPIENTS.match(bare)
        or _LEGAL_LABEL.match(bare)
        or numbering(bare) is not None
    )


@lru_cache(maxsize=8192)  # pure; _body_break asks up to four times per pair of lines
def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))  # the loop in C (a generator costs a Python step per character)


def _ends_sentence(bare: str) -> bool:
    return bool(bare) and bare[-1] in TERMINAL


@dataclass
class _Table:
    start: int  # index of the first line (a | line, or the first cell line)
    end: int  # index of the last | line
    rows: list[list[list[tuple[str, int]]]] = field(default_factory=list)
    kind: str = "data"
    body: bool = False  # a row after the first has a cell of plain text (see _has_body_row)
    key: tuple | None = None  # the first row as a header key (_table_key), once key_known
    key_known: bool = False


def _bar_lines(lines: list[str], lo: int, hi: int) -> list[int]:
    """Indexes of the lines of ``lines[lo:hi]`` holding a ``|``, in order: the three table finders
    jump between them (most lines hold none); the step finds them once for all three
    (``with_bar``)."""
    return [k for k in range(lo, hi) if _BAR in lines[k]]
