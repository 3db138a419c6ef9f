"""The heading a State or Party document opens with, and the State motto under it.

Sources: NĐ 30/2020/NĐ-CP Phụ lục I §I.1 (Quốc hiệu ``CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM`` over the Tiêu ngữ ``Độc lập - Tự do - Hạnh phúc``) and
HD 36-HD/VPTW §II.1.a (the Party's heading ``ĐẢNG CỘNG SẢN VIỆT NAM``).
``HÒA`` is also printed ``HOÀ`` (the older tone-mark placement, both in the
corpus) and ``HOA`` where an export lost the mark.

One vocabulary, three ways to look for it, as each step's text allows:

- :data:`NATIONAL_START` (``steps/layout``: where the document starts, which
  table is the header's): a line *opening* with a heading's first words,
  past emphasis marks and heading hashes; the text form wraps the heading
  (``CỘNG HÒA XÃ HỘI`` / ``CHỦ NGHĨA VIỆT NAM``) and cuts it at cell
  boundaries, so the rest is not asked for;
- :data:`NATIONAL_IN` (``steps/tables.form_header``): a whole heading anywhere in
  a cell whose lines were joined (the heading and its motto in one cell);
- :func:`is_national_line` (``steps/header``: which header cells are the
  heading): a cell that is a heading or the motto and nothing else, compared
  without diacritics, case or punctuation (:func:`~converters.lexicon.slugs.fold`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from converters.lexicon.slugs import fold

#: The State's national heading (quốc hiệu), NĐ 30/2020/NĐ-CP Phụ lục I §I.1.
STATE_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#: The Party's heading (tiêu đề), HD 36-HD/VPTW §II.1.a.
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
#: The motto (tiêu ngữ) under the State's heading.
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADINGS = (STATE_HEADING, PARTY_HEADING)

#: How a heading word may be spelled in copies (see the module docstring).
_SPELLINGS = {"HÒA": ("HÒA", "HOÀ", "HOA")}


#: The first words of each heading, which tell it where a wrap or a cell boundary cuts it.
OPENINGS = ("CỘNG HÒA XÃ HỘI", "ĐẢNG CỘNG SẢN")


def _words(words: str) -> str:
    """Words as a pattern: any blanks between them, every spelling of a word (:data:`_SPELLINGS`)."""
    return r"\s+".join(
        "(?:" + "|".join(map(re.escape, _SPELLINGS[w])) + ")" if w in _SPELLINGS else re.escape(w) for w in words.split()
    )


#: A line opening with a heading's first words (:data:`OPENINGS`), past ``*_#`` and spaces; any
#: case (``tests/test_national.py`` has examples).
NATIONAL_START = re.compile(r"^[*_# ]*(?:" + "|".join(map(_words, OPENINGS)) + ")", re.IGNORECASE)
#: A whole heading anywhere in a text; any case.
NATIONAL_IN = re.compile("|".join(map(_words, HEADINGS)), re.IGNORECASE)

_NOT_KEY = re.compile(r"[^a-z\- ]+")
_SPACE_RUN = re.compile(r"\s+")
_DASH = re.compile(r"\s*-\s*")


def _key(text: str) -> str:
    """``text`` folded to lower-case ASCII words, one space between them, `` - `` for a dash."""
    key = _NOT_KEY.sub(" ", fold(text))
    return _DASH.sub(" - ", _SPACE_RUN.sub(" ", key)).strip()


#: The headings and the motto as :func:`_key` writes them, the motto also without its dashes.
_KEYS = frozenset(k for text in (*HEADINGS, MOTTO) for k in (_key(text), _key(text).replace(" - ", " ")))


@lru_cache(maxsize=8192)
def is_national_line(cell: str) -> bool:
    """Whether a header cell (emphasis already stripped) is a heading or the motto, nothing else.

    Input: one cell's text; output: ``True`` or ``False``.  Diacritics, case, punctuation
    and the blanks around the motto's dashes do not count (damaged copies, OCR).  Cached:
    header cells are asked about again and again.

    >>> is_national_line("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), is_national_line("Độc lập – Tự do – Hạnh phúc")
    (True, True)
    >>> is_national_line("Độc lập - Tự do -Hạnh phúc"), is_national_line("ĐẢNG CỘNG SẢN VIỆT NAM.")
    (True, True)
    >>> is_national_line("CỘNG HÒA XÃ HỘI"), is_national_line("Đảng bộ tỉnh")
    (False, False)
    """
    key = _key(cell)
    return key in _KEYS or key.replace(" - ", " ") in _KEYS
