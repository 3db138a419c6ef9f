"""Dates as Vietnamese documents write them, to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as _dt
import re

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-–]\s*(\d{1,2})\s*[/.\-–]\s*(\d{2,4})\s*$")
_WORDS = re.compile(r"(?i)ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})")
_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^\d,;:()]{2,60}?)\s*,\s*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)


def iso(day: int, month: int, year: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date, else ``None``; two-digit years are 20xx.

    >>> iso(14, 7, 2015), iso(31, 2, 2015), iso(1, 2, 19)
    ('2015-07-14', None, '2019-02-01')
    """
    if year < 100:
        year += 2000
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """Parse ``14-7-2015``, ``14/7/2015``, ``ngày 14 tháng 7 năm 2015``; ``None`` if not a date.

    >>> parse_date("11/6/2018"), parse_date("ngày 10 tháng 5 năm 2018"), parse_date("32/1/2018")
    ('2018-06-11', '2018-05-10', None)
    """
    m = _NUMERIC.match(text) or _WORDS.search(text)
    if not m:
        return None
    return iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_place_date(text: str) -> tuple[str, str] | None:
    """``("Rạch Giá", "2018-05-10")`` from ``"Rạch Giá, ngày 10 tháng 5 năm 2018"``.

    >>> parse_place_date("*Kon Tum, ngày 18 tháng 11 năm 2016*")
    ('Kon Tum', '2016-11-18')
    """
    m = _PLACE_DATE.match(text.strip().strip("*_").strip())
    if not m:
        return None
    date = iso(int(m.group("d")), int(m.group("m")), int(m.group("y")))
    if date is None:
        return None
    return m.group("place").strip(" *_"), date


#: The place-and-date line of a text whose day (and month) are left blank for the office to fill
#: in on signing ("Hà Nội, ngày   tháng   năm 2025", "..., ngày ... tháng ... năm 20..."): the
#: form of NĐ 30/2020 Phụ lục I ô 4 and HD 36 §II.1.d with the blanks the forms print.
_BLANK = r"[\s.…_*]*"
_PLACE_BLANK_DATE = re.compile(
    r"^\s*(?P<place>[^\d,;:()]{2,60}?)\s*,\s*ngày" + _BLANK + r"tháng(?:" + _BLANK + r"|\s*\d{1,2}\s*)năm(?:\s*\d{2,4})?"
    + _BLANK + r"$",
    re.IGNORECASE,
)


def parse_place_blank_date(text: str) -> str | None:
    """The place of a place-and-date line whose day and month are blank, else ``None``.

    >>> parse_place_blank_date("*Hòa Bình, ngày  tháng  năm 2025*"), parse_place_blank_date("Hà Nội, ngày ... tháng ... năm 20...")
    ('Hòa Bình', 'Hà Nội')
    >>> parse_place_blank_date("Cà Mau, ngày      tháng 12 năm 2025")
    'Cà Mau'
    >>> parse_place_blank_date("Hà Nội, ngày 05 tháng 3 năm 2025") is None
    True
    """
    m = _PLACE_BLANK_DATE.match(text.strip().strip("*_").strip())
    return m.group("place").strip(" *_") if m else None


_MONTHS_VI = "tháng"


def vietnamese_date(iso_date: str | None) -> str:
    """``"ngày 10 tháng 5 năm 2018"`` for ``"2018-05-10"`` (``""`` for ``None``)."""
    if not iso_date:
        return ""
    y, m, d = (int(x) for x in iso_date.split("-"))
    return f"ngày {d} {_MONTHS_VI} {m} năm {y}"
