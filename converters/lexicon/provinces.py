"""Which province a report belongs to: from its issuing body, place, or text.

The table (``data/provinces.yml``, sources named there) lists the 63
provinces of 2008-2025 with their seats and the 34 of Nghị quyết
202/2025/QH15 with the old ones each took in; names are matched folded
(``slugs.fold``), so tone placement and case don't matter.  A report's
province is the one its issuer names at its date (:func:`find_province_in`);
:func:`province_now` gives the unit it is part of today, so browse pages and
search find an old report under both names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

from converters.lexicon.slugs import fold


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(resources.files("converters.lexicon.data").joinpath("provinces.yml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """``(folded name or alias -> province, folded seat -> province)`` of the 63 units."""
    names: dict[str, str] = {}
    seats: dict[str, str] = {}
    for entry in _data()["provinces"]:
        name = entry["name"]
        names[_key(name)] = name
        for alias in entry.get("aliases", []):
            names[_key(alias)] = name
        seats[_key(entry["capital"])] = name
    return names, seats


@lru_cache(maxsize=1)
def _table_2025() -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
    """``(63-unit name -> the 2025 unit it is part of, folded new-only name -> (new, old, since))``.

    The second map holds the names of 2025 units that are not (or not only)
    names of the 63 (``Huế`` besides ``Thừa Thiên Huế``): which unit such a
    name means depends on the document's date.
    """
    old_names, _ = _table()
    now: dict[str, str] = {}
    renamed: dict[str, tuple[str, str, str]] = {}
    for entry in _data()["provinces_2025"]:
        name = entry["name"]
        for old in entry["merged_from"]:
            now[old] = name
        since = str(entry.get("since") or MERGER_DATE)
        for alias in [name, *entry.get("aliases", [])]:
            key = _key(alias)
            if old_names.get(key) != name:
                renamed[key] = (name, old_names.get(key) or entry["merged_from"][0], since)
    return now, renamed


#: The day the 34 provinces and centrally-run cities of Nghị quyết 202/2025/QH15 took office.
MERGER_DATE = "2025-07-01"


def _resolve(key: str, date) -> str | None:
    """The unit a folded name means on ``date`` (ISO string/date or ``None``: today)."""
    renamed = _table_2025()[1].get(key)
    if renamed:
        new, old, since = renamed
        return new if date is None or str(date)[:10] >= since else old
    return _table()[0].get(key)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def province_names() -> list[str]:
    """All canonical province names, before and since 2025 (97 units, 63 + ``Huế``), sorted."""
    return sorted(set(_table()[0].values()) | set(_table_2025()[0].values()))


def provinces_2025() -> list[str]:
    """The 34 provinces and centrally-run cities since 1 July 2025 (Nghị quyết 202/2025/QH15)."""
    return [entry["name"] for entry in _data()["provinces_2025"]]


def provinces_before_2025() -> list[str]:
    """The 63 provinces and centrally-run cities of 2008-2025."""
    return [entry["name"] for entry in _data()["provinces"]]


def merged_from(name: str) -> list[str]:
    """The units of 2008-2025 that the 2025 unit ``name`` took in (``[]`` if unknown).

    >>> merged_from("An Giang")
    ['An Giang', 'Kiên Giang']
    """
    for entry in _data()["provinces_2025"]:
        if entry["name"] == name:
            return list(entry["merged_from"])
    return []


def province_now(name: str | None) -> str | None:
    """The province or centrally-run city that ``name`` is part of since 2025.

    ``name`` is a canonical name of either table (as :func:`find_province_in`
    returns it); a 2025 unit is its own successor; ``None`` for an unknown name.

    >>> province_now("Kiên Giang"), province_now("Thừa Thiên Huế"), province_now("Hà Nội"), province_now("Atlantis")
    ('An Giang', 'Huế', 'Hà Nội', None)
    """
    if not name:
        return None
    now = _table_2025()[0]
    if name in now:
        return now[name]
    return name if name in set(now.values()) else None


def is_central_body(issuer_lines: list[str]) -> bool:
    """Whether issuing-body lines (top to bottom) name a central body.

    Only meaningful when the lines name no province (a provincial branch of a
    central body, ``Thuế tỉnh Quảng Trị``, belongs to its province: check with
    :func:`find_province_in` first).  Rule and sources: ``central_bodies`` in
    ``data/provinces.yml`` (HD 36-HD/VPTW, NĐ 30/2020/NĐ-CP Phụ lục I).

    >>> is_central_body(["BỘ TÀI CHÍNH", "CỤC THUẾ"]), is_central_body(["VĂN PHÒNG CHÍNH PHỦ"])
    (True, True)
    >>> is_central_body(["ỦY BAN NHÂN DÂN", "XÃ TÂN AN"]), is_central_body(["ỦY BAN MTTQ VIỆT NAM", "XÃ TÂN AN"])
    (False, False)
    """
    lines = [_key(line) for line in issuer_lines if _key(line)]
    if not lines:
        return False
    rules = _data()["central_bodies"]
    top = lines[0] + " "
    if any(top.startswith(_key(p) + " ") for p in rules["prefix"]):
        return True
    joined = " " + " ".join(lines) + " "
    if any(joined.endswith(f" {_key(x)} ") for x in rules.get("suffix", [])):
        return True
    return any(f" {_key(c)} " in joined for c in rules["contains"])


#: The unit words of a commune-level unit (xã, phường, đặc khu: Luật Tổ chức chính quyền địa
#: phương số 72/2025/QH15, Điều 2, the only level under the province since 1 July 2025; thị
#: trấn before) and of a district-level one of before (huyện, quận, thị xã: Luật Tổ chức chính
#: quyền địa phương 2015, Điều 2; their Party committees huyện ủy, quận ủy, thị ủy).  Not
#: ``xã hội`` (society: ``Bảo hiểm xã hội``) nor ``hợp tác xã`` (a cooperative).
_UNIT_WORD = r"(?:thị\s+trấn|thị\s+xã|đặc\s+khu|phường|xã(?!\s+hội(?!\w))|huyện|quận|thị(?=\s+[uủ][ỷy](?!\w)))"
#: Such a unit and its name, which runs to a comma, dash, parenthesis, line end or the next
#: unit word (``xã Tân An huyện Cần Giuộc tỉnh Long An``).  Many communes and wards carry the
#: name of a province (``phường Thái Bình``, ``xã Hòa Bình``, ``phường Bắc Ninh``): the name
#: names the unit, so it is no evidence of the province (``page-format.md``: the province the
#: issuer belongs to).  Match on NFC text, case-insensitively.
_LOCAL_UNIT = re.compile(
    rf"(?i)(?<!\w)(?<!tác ){_UNIT_WORD}(?!\w)(?:\s+[uủ][ỷy](?!\w))?\s+(?P<name>[^\n]+?)"
    rf"(?=\s*(?:[,;()\n\-–—]|$|(?<!\w)(?:tỉnh|thành\s+phố|{_UNIT_WORD})(?!\w)))"
)


def local_unit_named_like_province(lines: list[str], date=None) -> tuple[str, str, str] | None:
    """The first commune- or district-level unit in ``lines`` whose name is a province's.

    Returns ``(unit as written, its unit word lower-cased, province)``, else ``None``;
    for the warning of a report whose only place in its header is such a unit.

    >>> local_unit_named_like_province(["ỦY BAN NHÂN DÂN", "PHƯỜNG THÁI BÌNH"])
    ('PHƯỜNG THÁI BÌNH', 'phường', 'Thái Bình')
    >>> local_unit_named_like_province(["ỦY BAN NHÂN DÂN", "XÃ TÂN AN"]) is None
    True
    """
    for line in lines:
        for m in _LOCAL_UNIT.finditer(unicodedata.normalize("NFC", line)):
            province = _resolve(_key(m.group("name")), date)
            if province:
                word = re.sub(r"\s+", " ", m.group(0)[: m.start("name") - m.start()]).strip().lower()
                word = re.sub(r" [uủ][ỷy]$", "", word)
                return m.group(0), "thị xã" if word == "thị" else word, province
    return None


def find_province_in(text: str, date=None) -> str | None:
    """The province named at the end of an issuing body or place line.

    ``"TỈNH ỦY KIÊN GIANG"`` -> ``"Kiên Giang"``; a province's seat also counts
    (``"Rạch Giá"`` -> ``"Kiên Giang"``).  ``None`` when nothing matches.  The
    name is returned as the text gives it, old or new: a name that means
    different units before and after the 2025 changes (``Huế``) is read by
    ``date`` (ISO ``YYYY-MM-DD``; ``None``: as of today).

    >>> find_province_in("THÀNH ỦY HUẾ", "2025-11-20"), find_province_in("THÀNH ỦY HUẾ", "2019-01-02")
    ('Huế', 'Thừa Thiên Huế')

    >>> find_province_in("TỈNH UỶ KON TUM")
    'Kon Tum'
    >>> find_province_in("Rạch Giá") , find_province_in("BAN DÂN VẬN TỈNH ỦY")
    ('Kiên Giang', None)

    A name right after a commune- or district-level unit word is that unit's
    name, not a province (:data:`_LOCAL_UNIT`):

    >>> find_province_in("PHƯỜNG THÁI BÌNH"), find_province_in("Ủy ban nhân dân phường Thái Bình, tỉnh Hưng Yên")
    (None, 'Hưng Yên')
    >>> find_province_in("UBND TỈNH THÁI BÌNH"), find_province_in("HUYỆN ỦY HÒA BÌNH"), find_province_in("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI HÀ NỘI")
    ('Thái Bình', None, 'Hà Nội')
    """
    _, seats = _table()
    words = _key(_LOCAL_UNIT.sub(" ", unicodedata.normalize("NFC", text))).split()
    # Longest suffix first: "thua thien hue" before "hue".
    for size in range(min(5, len(words)), 0, -1):
        for start in range(len(words) - size, -1, -1):
            cand = " ".join(words[start : start + size])
            found = _resolve(cand, date)
            if found:
                return found
    key = " ".join(words)
    return seats.get(key)


_MENTION = re.compile(r"\b(?:tinh uy|tinh|thanh pho|thanh uy) (?=((?:[a-z]+ ){0,3}[a-z]+))")


def infer_province(text: str, date=None) -> str | None:
    """The province a text names most as "tỉnh X" / "Tỉnh ủy X"; ``None`` on a tie or none.

    Rule of issue [2/6] §8: a headerless report's province is the one it names
    most; when two are named equally often the text does not make it clear.

    >>> infer_province("tỉnh Bình Thuận ... Tỉnh ủy Bình Thuận ... tỉnh Kon Tum")
    'Bình Thuận'
    """
    counts: Counter[str] = Counter()
    folded = re.sub(r"[^a-z0-9]+", " ", fold(text))
    for m in _MENTION.finditer(folded):
        words = m.group(1).split()
        for size in range(len(words), 0, -1):
            found = _resolve(" ".join(words[:size]), date)
            if found:
                counts[found] += 1
                break
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]
